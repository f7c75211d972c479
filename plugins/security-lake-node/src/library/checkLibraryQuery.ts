import {
  checkQueryParameter,
  isSecurityLakeSourceName,
  LibraryQuery,
  LibraryQueryParameter,
  SECURITY_LAKE_SOURCE_VERSIONS,
  SecurityLakeSourceVersion,
} from '@internal/plugin-security-lake-common';
import { trinoSqlGrammar } from '../sql/trino/TrinoSqlGrammar';
import { renderLibraryQuery } from './renderLibraryQuery';

/** Names the renderer fills in itself; a query's own parameter may not take one, nor `region`. */
const STANDARD_PLACEHOLDERS = [
  'table',
  'accounts',
  'start',
  'end',
  'startDay',
  'endDay',
  'startMs',
  'endMs',
];

/** What every template of a version is bounded by, as the window of the built-in queries writes it. */
const WINDOW_BOUNDS: Record<SecurityLakeSourceVersion, string[]> = {
  '2.0': [
    'time_dt >= CAST({{start}} AS timestamp)',
    'time_dt < CAST({{end}} AS timestamp)',
    'accountid IN ({{accounts}})',
  ],
  '1.0': [
    'eventday BETWEEN {{startDay}} AND {{endDay}}',
    'time >= {{startMs}}',
    'time < {{endMs}}',
    'accountid IN ({{accounts}})',
  ],
};
const ACCOUNTS_BOUND = 'accountid IN ({{accounts}})';
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const PARAMETER_NAME = /^[a-z][A-Za-z0-9]*$/;
const PLACEHOLDER = /\{\{([A-Za-z][A-Za-z0-9_]*)(?::[A-Z0-9_]+)?\}\}/g;

/** A field of a library query and what is wrong with it. @public */
export interface LibraryQueryProblem {
  field: string;
  message: string;
}

/** The SQL with string literals and quoted identifiers blanked, so what is left is only SQL syntax. */
function withoutQuoted(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, "''").replace(/"(?:[^"]|"")*"/g, '""');
}

/** A value the parameter takes: its default, its example, or the least its rules allow. */
function sampleValue(parameter: LibraryQueryParameter): string | number {
  if (parameter.default !== undefined) return parameter.default;
  switch (parameter.type) {
    case 'integer':
      return parameter.min ?? 1;
    case 'choice':
      return parameter.options?.[0] ?? '';
    default:
      return parameter.placeholder ?? '';
  }
}

function checkParameters(
  query: LibraryQuery,
  add: (field: string, message: string) => void,
) {
  const names = new Set<string>();
  query.parameters.forEach((parameter, i) => {
    const field = `parameters[${i}]`;
    if (!PARAMETER_NAME.test(parameter.name ?? '')) {
      add(`${field}.name`, 'must be a letter, then letters and digits');
    } else if ([...STANDARD_PLACEHOLDERS, 'region'].includes(parameter.name)) {
      add(`${field}.name`, `${parameter.name} is filled in by the server`);
    } else if (names.has(parameter.name)) {
      add(`${field}.name`, `${parameter.name} is named twice`);
    }
    names.add(parameter.name);
    if (!parameter.title) add(`${field}.title`, 'is required');
    if (!['string', 'integer', 'choice'].includes(parameter.type)) {
      add(`${field}.type`, 'must be string, integer or choice');
      return;
    }
    if (parameter.type === 'string' && parameter.pattern !== undefined) {
      try {
        // eslint-disable-next-line no-new
        new RegExp(`^(?:${parameter.pattern})$`, 'u');
      } catch (error) {
        add(`${field}.pattern`, `is no regular expression: ${error}`);
        return;
      }
    }
    if (parameter.type === 'choice' && !parameter.options?.length) {
      add(`${field}.options`, 'a choice needs its options');
      return;
    }
    const sample = sampleValue(parameter);
    const checked = checkQueryParameter(parameter, sample);
    if (checked.problem) {
      add(
        parameter.default !== undefined
          ? `${field}.default`
          : `${field}.placeholder`,
        `${JSON.stringify(sample)} ${checked.problem.message}`,
      );
    }
  });
}

function checkTemplate(
  query: LibraryQuery,
  version: SecurityLakeSourceVersion,
  add: (field: string, message: string) => void,
) {
  const field = `sql["${version}"]`;
  const template = query.sql[version];
  if (!template) {
    add(field, `is missing: the query lists source version ${version}`);
    return;
  }
  const own = query.parameters.map(p => p.name);
  const used = [...template.matchAll(PLACEHOLDER)].map(m => m[1]);
  const unknown = [...new Set(used)].filter(
    name => !STANDARD_PLACEHOLDERS.includes(name) && !own.includes(name),
  );
  for (const name of unknown) {
    add(field, `{{${name}}} is neither a standard placeholder nor a parameter`);
  }
  for (const name of own) {
    if (!used.includes(name)) add(field, `never uses parameter ${name}`);
  }
  const syntax = withoutQuoted(template);
  for (const bound of WINDOW_BOUNDS[version]) {
    if (!syntax.includes(bound)) {
      add(field, `is not bounded by ${bound}`);
    }
  }
  const tables = syntax.split('{{table').length - 1;
  if (tables !== syntax.split(ACCOUNTS_BOUND).length - 1) {
    add(
      field,
      `reads ${tables} tables but bounds ${
        syntax.split(ACCOUNTS_BOUND).length - 1
      } by ${ACCOUNTS_BOUND}: each table is read within the run's accounts`,
    );
  }
  // what renders is checked only once every placeholder is one it can bind
  if (unknown.length > 0) return;
  let rendered;
  try {
    rendered = renderLibraryQuery({
      query,
      version,
      region: 'us-east-1',
      accountIds: ['111111111111', '222222222222'],
      start: new Date('2026-11-16T00:00:00.000Z'),
      end: new Date('2026-11-23T08:30:00.000Z'),
      values: Object.fromEntries(
        query.parameters.map(p => [p.name, sampleValue(p)]),
      ),
    });
  } catch (error) {
    add(field, `does not render: ${(error as Error).message}`);
    return;
  }
  if (/\{\{|\}\}/.test(rendered.sql)) {
    add(field, 'keeps a {{ or }} no placeholder explains');
  }
  const reading = trinoSqlGrammar.readSync(rendered.sql);
  if (reading.syntaxError) {
    add(field, `is not Trino SQL: ${reading.syntaxError.message}`);
    return;
  }
  if (reading.statements !== 1) {
    add(field, `holds ${reading.statements} statements, not one`);
  }
  for (const refused of reading.refused) {
    add(field, refused.message);
  }
  const markers = (withoutQuoted(rendered.sql).match(/\?/g) ?? []).length;
  if (markers !== rendered.values.length) {
    add(
      field,
      `has ${markers} ? for ${rendered.values.length} bound values: every value is bound, none written into the SQL`,
    );
  }
}

/**
 * Everything a curated query must be before the portal runs it, whether it is one of the built-in ones or an
 * organisation's own from a module: a kebab-case id; known sources; SQL for exactly the source versions it
 * lists; parameters with names of their own whose defaults (or examples) their rules accept; and each
 * template using only the standard placeholders and its own parameters, bounded by the run's window and
 * accounts on every table it reads, rendering to one statement Trino's grammar reads with nothing it refuses,
 * every value bound.
 *
 * @public
 */
export function checkLibraryQuery(query: LibraryQuery): LibraryQueryProblem[] {
  const problems: LibraryQueryProblem[] = [];
  const add = (field: string, message: string) =>
    problems.push({ field, message });
  if (typeof query.id !== 'string' || !KEBAB.test(query.id)) {
    add('id', 'must be kebab-case, such as team-deploy-activity');
  }
  if (!query.title) add('title', 'is required');
  if (!query.description) add('description', 'is required');
  if (!query.sources?.length) add('sources', 'name at least one source');
  query.sources?.forEach((source, i) => {
    if (!isSecurityLakeSourceName(source)) {
      add(`sources[${i}]`, `${source} is not a Security Lake source`);
    }
  });
  for (const tag of query.tags ?? []) {
    if (!KEBAB.test(tag)) add('tags', `${tag} is not kebab-case`);
  }
  if (
    !Number.isSafeInteger(query.defaultWindowHours) ||
    query.defaultWindowHours < 1
  ) {
    add('defaultWindowHours', 'must be a whole number of hours');
  }
  const versions = query.sourceVersions ?? [];
  if (versions.length === 0) add('sourceVersions', 'name at least one');
  if (new Set(versions).size !== versions.length) {
    add('sourceVersions', 'names a version twice');
  }
  for (const version of versions) {
    if (!SECURITY_LAKE_SOURCE_VERSIONS.includes(version)) {
      add('sourceVersions', `${version} is not a source version`);
    }
  }
  for (const version of Object.keys(query.sql ?? {})) {
    if (!versions.includes(version as SecurityLakeSourceVersion)) {
      add(`sql["${version}"]`, `is for a version sourceVersions does not list`);
    }
  }
  checkParameters(query, add);
  if (problems.length > 0) return problems;
  for (const version of versions) {
    checkTemplate(query, version, add);
  }
  return problems;
}
