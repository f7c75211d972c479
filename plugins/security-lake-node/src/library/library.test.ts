import {
  LibraryQuery,
  LibraryQueryParameter,
  SECURITY_LAKE_SOURCE_NAMES,
  SecurityLakeSourceVersion,
} from '@internal/plugin-security-lake-common';
import { trinoSqlGrammar } from '../sql/trino/TrinoSqlGrammar';
import { checkLibraryQuery, getLibraryQuery, LIBRARY_QUERIES } from '.';
import { renderLibraryQuery } from './renderLibraryQuery';

/** Text a string parameter could carry to break out of a literal, were it ever spliced into the SQL. */
const HOSTILE = "x' OR 1=1 --";

/** Names the server fills in itself; a query's own parameter may not take one. */
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

const START = new Date('2026-11-16T00:00:00.000Z');
const END = new Date('2026-11-23T08:30:00.000Z');
const ACCOUNTS = ['111111111111', '222222222222'];

/** The parameter's default, else something it accepts (a string parameter: the hostile text). */
function sampleValue(parameter: LibraryQueryParameter): string | number {
  switch (parameter.type) {
    case 'string':
      return HOSTILE;
    case 'integer':
      return parameter.default ?? parameter.min ?? 1;
    default:
      return parameter.default ?? parameter.options![0];
  }
}

/** The SQL with string literals and quoted identifiers blanked, so what is left is only SQL syntax. */
function withoutQuoted(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, "''").replace(/"(?:[^"]|"")*"/g, '""');
}

function placeholders(template: string): string[] {
  return [
    ...template.matchAll(/\{\{([A-Za-z][A-Za-z0-9_]*)(?::[A-Z0-9_]+)?\}\}/g),
  ].map(m => m[1]);
}

/** What the window looks like in each version's template, and what it must not lean on. */
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
const FOREIGN_TIME: Record<SecurityLakeSourceVersion, RegExp> = {
  // version 2 tables have no eventday; version 1 tables have no time_dt to filter on
  '2.0': /\beventday\b/i,
  '1.0': /\btime_dt\s*(>|<|=|BETWEEN)/i,
};
const WINDOW_VALUES: Record<SecurityLakeSourceVersion, (string | number)[]> = {
  '2.0': ['2026-11-16 00:00:00.000', '2026-11-23 08:30:00.000'],
  '1.0': ['20261116', '20261123', START.getTime(), END.getTime()],
};

const CASES: [string, SecurityLakeSourceVersion, LibraryQuery][] =
  LIBRARY_QUERIES.flatMap(query =>
    query.sourceVersions.map(
      version =>
        [`${query.id} (${version})`, version, query] as [
          string,
          SecurityLakeSourceVersion,
          LibraryQuery,
        ],
    ),
  );

describe('the curated library', () => {
  it('has at least 16 queries with unique kebab-case ids', () => {
    const ids = LIBRARY_QUERIES.map(q => q.id);
    expect(ids.length).toBeGreaterThanOrEqual(16);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  it('covers every source family, with the queries a security team asks first', () => {
    const sources = new Set(LIBRARY_QUERIES.flatMap(q => q.sources));
    expect([...sources].sort()).toEqual([...SECURITY_LAKE_SOURCE_NAMES].sort());
    for (const id of [
      'cloudtrail-iam-changes',
      'cloudtrail-root-and-no-mfa-logins',
      'cloudtrail-api-errors-by-principal',
      'cloudtrail-security-group-changes',
      'securityhub-critical-high-findings',
      'securityhub-findings-deduplicated',
      'vpcflow-rejected-traffic',
      'vpcflow-egress-by-destination',
      'route53-nxdomain-trend',
      'route53-rare-domains',
      's3-bucket-activity',
      'waf-blocked-by-rule-and-ip',
      'lambda-invocations-by-function',
      'eks-pod-exec',
      'eks-anonymous-requests',
    ]) {
      expect(getLibraryQuery(id)).toBeDefined();
    }
    expect(getLibraryQuery('no-such-query')).toBeUndefined();
    // CloudTrail keeps a source version 1 variant for accounts still on it
    for (const query of LIBRARY_QUERIES.filter(
      q => q.sources[0] === 'CLOUD_TRAIL_MGMT',
    )) {
      expect(query.sourceVersions).toEqual(['2.0', '1.0']);
    }
    const dedup = getLibraryQuery('securityhub-findings-deduplicated')!;
    expect(dedup.sql['2.0']).toMatch(
      /row_number\(\) OVER \(\s*PARTITION BY finding_info\.uid\s+ORDER BY time_dt DESC/,
    );
  });

  it.each(LIBRARY_QUERIES.map(q => [q.id, q] as const))(
    "%s passes the check a module's own query must pass",
    (_, query) => {
      expect(checkLibraryQuery(query)).toEqual([]);
    },
  );

  it.each(LIBRARY_QUERIES.map(q => [q.id, q] as const))(
    '%s is well described',
    (_, query) => {
      expect(query.title.length).toBeGreaterThan(5);
      expect(query.description.length).toBeGreaterThan(40);
      expect(query.sources.length).toBeGreaterThan(0);
      expect(query.tags.length).toBeGreaterThan(0);
      for (const tag of query.tags) {
        expect(tag).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      }
      expect([24, 168]).toContain(query.defaultWindowHours);
      // version 2 first, and SQL for exactly the versions it lists
      expect(query.sourceVersions[0]).toBe('2.0');
      expect(new Set(query.sourceVersions).size).toBe(
        query.sourceVersions.length,
      );
      expect(Object.keys(query.sql).sort()).toEqual(
        [...query.sourceVersions].sort(),
      );
    },
  );

  describe('parameters', () => {
    const all = LIBRARY_QUERIES.flatMap(query =>
      query.parameters.map(p => [`${query.id}: ${p.name}`, p, query] as const),
    );
    const ofType = (type: LibraryQueryParameter['type']) =>
      all.filter(([, p]) => p.type === type);

    it('include strings, integers and choices', () => {
      expect(ofType('string').length).toBeGreaterThan(0);
      expect(ofType('integer').length).toBeGreaterThan(0);
      expect(ofType('choice').length).toBeGreaterThan(0);
    });

    it.each(LIBRARY_QUERIES.map(q => [q.id, q] as const))(
      '%s names each parameter once',
      (_, query) => {
        const names = query.parameters.map(p => p.name);
        expect(new Set(names).size).toBe(names.length);
      },
    );

    it.each(all)('%s has a name and type of its own', (_, p) => {
      expect(p.name).toMatch(/^[a-z][A-Za-z0-9]*$/);
      expect([...STANDARD_PLACEHOLDERS, 'region']).not.toContain(p.name);
      expect(p.title.length).toBeGreaterThan(0);
      expect(['string', 'integer', 'choice']).toContain(p.type);
    });

    it.each(ofType('string'))(
      '%s: its pattern is anchored and its default and example satisfy it',
      (_, p) => {
        expect(p.pattern).toMatch(/^\^.*\$$/);
        const pattern = new RegExp(p.pattern!);
        // a required string shows an example of what it takes
        const examples = [p.default, p.placeholder].filter(
          v => v !== undefined,
        );
        expect(examples.length).toBeGreaterThan(0);
        for (const value of examples) {
          expect(typeof value).toBe('string');
          expect(value).toMatch(pattern);
          expect(String(value).length).toBeLessThanOrEqual(p.maxLength ?? 256);
        }
        expect(HOSTILE).not.toMatch(pattern);
      },
    );

    it.each(ofType('integer'))(
      '%s: its default lies within its bounds',
      (_, p) => {
        expect(Number.isSafeInteger(p.default)).toBe(true);
        expect(Number.isSafeInteger(p.min)).toBe(true);
        expect(Number.isSafeInteger(p.max)).toBe(true);
        expect(p.min!).toBeLessThanOrEqual(p.default as number);
        expect(p.default as number).toBeLessThanOrEqual(p.max!);
      },
    );

    it.each(ofType('choice'))(
      '%s: its default is one of its options',
      (_, p) => {
        expect(p.options!.length).toBeGreaterThan(1);
        expect(p.options).toContain(p.default);
        expect(new Set(p.options).size).toBe(p.options!.length);
        for (const option of p.options!) {
          expect(option).toMatch(/^[a-z][a-z0-9-]*$/);
        }
      },
    );
  });

  describe.each(CASES)('%s', (_, version, query) => {
    const template = query.sql[version]!;
    const values = Object.fromEntries(
      query.parameters.map(p => [p.name, sampleValue(p)]),
    );
    const rendered = renderLibraryQuery({
      query,
      version,
      region: 'us-east-1',
      accountIds: ACCOUNTS,
      start: START,
      end: END,
      values,
    });

    it('uses only the standard placeholders and its own parameters, each of them', () => {
      const used = placeholders(template);
      for (const name of used) {
        expect([
          ...STANDARD_PLACEHOLDERS,
          ...query.parameters.map(p => p.name),
        ]).toContain(name);
      }
      for (const p of query.parameters) {
        expect(used).toContain(p.name);
      }
    });

    it('is always bounded by the time window and the accounts', () => {
      const sql = withoutQuoted(template);
      for (const bound of WINDOW_BOUNDS[version]) {
        expect(sql).toContain(bound);
      }
      expect(sql).not.toMatch(FOREIGN_TIME[version]);
      // every table it reads, it reads within the window
      expect(sql.split('{{table').length - 1).toBe(
        sql.split('accountid IN ({{accounts}})').length - 1,
      );
    });

    it('has a stable order and a limit', () => {
      const sql = withoutQuoted(template);
      expect(sql).toMatch(/\bORDER BY\b[^()]*$/);
      expect(sql).toMatch(/\bLIMIT \d+\s*$/);
    });

    it("renders to one statement Trino's grammar (dt-sql-parser's) reads, with nothing it refuses", () => {
      expect(rendered.sql).not.toMatch(/\{\{|\}\}/);
      const reading = trinoSqlGrammar.readSync(rendered.sql);
      expect(reading.syntaxError).toBeUndefined();
      expect(reading.statements).toBe(1);
      expect(reading.refused).toEqual([]);
    });

    it('avoids DuckDB-only syntax and carries one statement', () => {
      const sql = withoutQuoted(rendered.sql);
      expect(sql).not.toContain('::');
      expect(sql).not.toContain(';');
      expect(sql).not.toMatch(/\b(ILIKE|QUALIFY|EXCLUDE|GROUP BY ALL)\b/i);
      expect(sql).not.toMatch(
        /\b(list_\w+|regexp_matches|strftime|epoch)\s*\(/i,
      );
    });

    it('binds every value and splices none', () => {
      const markers = (withoutQuoted(rendered.sql).match(/\?/g) ?? []).length;
      expect(markers).toBe(rendered.values.length);
      // no literal in the SQL holds a question mark the engines might count
      expect(rendered.sql.match(/\?/g)?.length ?? 0).toBe(markers);
      expect(rendered.values).toEqual(expect.arrayContaining(ACCOUNTS));
      for (const account of ACCOUNTS) {
        expect(rendered.sql).not.toContain(account);
      }
      for (const p of query.parameters) {
        expect(rendered.values).toContainEqual(values[p.name]);
      }
      // each string parameter travels as a value, hostile text and all
      expect(rendered.values.filter(v => v === HOSTILE)).toHaveLength(
        query.parameters.filter(p => p.type === 'string').length,
      );
      expect(rendered.sql).not.toContain(HOSTILE);
      expect(rendered.sql).not.toContain('OR 1=1');
      expect(rendered.values).toEqual(
        expect.arrayContaining(WINDOW_VALUES[version]),
      );
      for (const value of WINDOW_VALUES[version]) {
        expect(rendered.sql).not.toContain(String(value));
      }
    });

    it('reads the Glue table of its source, region and version', () => {
      const suffix = version.replace('.', '_');
      expect(rendered.sql).toContain(
        `"amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_`,
      );
      expect(rendered.sql).toMatch(new RegExp(`_${suffix}"`));
    });
  });
});
