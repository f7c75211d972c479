import { InputError } from '@backstage/errors';
import {
  parseSecurityLakeTableName,
  securityLakeDatabaseName,
  securityLakeTableName,
  securityLakeTableRef,
  SecurityLakeTableIdentity,
  SecurityLakeSourceVersion,
  SqlProblem,
} from '@internal/plugin-security-lake-common';
import { QueryParameter } from '@internal/plugin-security-lake-node';
import { isDeepStrictEqual } from 'node:util';
import { renderTableBounds } from '../library/renderSavedQuery';
import { SqlParser } from './DuckDbSqlParser';

/** A Security Lake table read by a statement, and where in the text it is named. */
interface TableReference extends SecurityLakeTableIdentity {
  /** Character offsets of the table's (possibly qualified) name. */
  from: number;
  to: number;
  /** Whether the statement gives it an alias; if not, the rewrite keeps its name as one. */
  aliased: boolean;
}

type Node = { [key: string]: any };

/** What a statement reads, or why it may not run. */
interface Analysis {
  problems: SqlProblem[];
  references: TableReference[];
}

/** @internal */
export interface ScopedSql {
  /** The statement with every lake table a bounded subquery; `?` where a bound is. */
  sql: string;
  values: QueryParameter[];
  /** Version 1 if every table read is; one version per run, as the run history records it. */
  sourceVersion: SecurityLakeSourceVersion;
  /** The tables read, as `database.table`. */
  tables: string[];
}

const QUERY_NODES = new Set(['SELECT_NODE', 'SET_OPERATION_NODE']);
/** Table reference kinds a read-only statement over lake tables needs; the rest (SHOW_REF, PIVOT, ...) are refused. */
const TABLE_REFERENCES = new Set([
  'BASE_TABLE',
  'JOIN',
  'SUBQUERY',
  'TABLE_FUNCTION',
  'EXPRESSION_LIST',
  'EMPTY',
]);
/** The one table function ad-hoc SQL may use: it expands a value the statement already has. */
const TABLE_FUNCTIONS = new Set(['unnest']);
/** Scalar functions that tell about the engine itself (its settings, environment, sequences) rather than data. */
const ENGINE_FUNCTIONS = new Set([
  'current_setting',
  'getenv',
  'getvariable',
  'nextval',
  'currval',
  'setseed',
  'current_database',
  'current_catalog',
  'current_schema',
  'current_schemas',
]);
const NO_LOCATION = 2 ** 53;

/** Turns a byte offset of the UTF-8 text, as DuckDB reports positions, into a character offset. */
function charOffset(sql: string, byteOffset: number): number {
  return Buffer.from(sql, 'utf8').subarray(0, byteOffset).toString('utf8')
    .length;
}

function lineAndColumn(
  sql: string,
  byteOffset: number | undefined,
): Pick<SqlProblem, 'line' | 'column'> {
  if (byteOffset === undefined || byteOffset >= NO_LOCATION || byteOffset < 0) {
    return {};
  }
  const before = sql.slice(0, charOffset(sql, byteOffset));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/**
 * The parts of a dotted name as written from `from` on: `"a"."b".c`, with `""` inside quotes, and nothing
 * but white space around the dots. Returns undefined for anything else (a comment inside a name, say).
 */
function readQualifiedName(
  sql: string,
  from: number,
): { parts: string[]; to: number } | undefined {
  const parts: string[] = [];
  let i = from;
  for (;;) {
    let part = '';
    if (sql[i] === '"') {
      i++;
      for (;;) {
        if (i >= sql.length) return undefined;
        if (sql[i] === '"') {
          if (sql[i + 1] === '"') {
            part += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        part += sql[i++];
      }
    } else {
      while (i < sql.length && /[\p{L}\p{N}_$]/u.test(sql[i])) {
        part += sql[i++];
      }
      if (!part) return undefined;
    }
    parts.push(part);
    let j = i;
    while (/\s/.test(sql[j] ?? '')) j++;
    if (sql[j] !== '.') return { parts, to: i };
    j++;
    while (/\s/.test(sql[j] ?? '')) j++;
    i = j;
  }
}

/**
 * Walks one statement's syntax tree and finds every lake table it reads, and everything it may not do.
 * Common table expressions are in scope for the query they belong to and for the ones defined after them,
 * as in Trino and DuckDB; a name in scope is the expression, not a table. A lake table of another region
 * than `region` (when given) is a problem, as is every other table.
 */
function analyse(
  sql: string,
  statement: Node,
  region: string | undefined,
): Analysis {
  const problems: SqlProblem[] = [];
  const references: TableReference[] = [];
  const problem = (message: string, node?: Node) =>
    problems.push({ message, ...lineAndColumn(sql, node?.query_location) });

  const tableReference = (ref: Node, ctes: Set<string>) => {
    const catalog = String(ref.catalog_name ?? '');
    const schema = String(ref.schema_name ?? '');
    const table = String(ref.table_name ?? '');
    const written = [catalog, schema, table].filter(Boolean).join('.');
    if (!catalog && !schema && ctes.has(table.toLowerCase())) {
      return;
    }
    if (ref.at_clause) {
      problem(`${written}: AT (time travel) is not supported`, ref);
      return;
    }
    const identity =
      !catalog || catalog.toLowerCase() === 'awsdatacatalog'
        ? parseSecurityLakeTableName(table, schema || undefined)
        : undefined;
    if (!identity) {
      problem(
        `${written} is not a Security Lake table; ad-hoc SQL reads only the Security Lake tables listed beside the editor`,
        ref,
      );
      return;
    }
    if (region && identity.region !== region) {
      problem(
        `${written} is a table of ${identity.region}; this run reads ${region}`,
        ref,
      );
      return;
    }
    const from = charOffset(sql, ref.query_location);
    const name = readQualifiedName(sql, from);
    if (
      !name ||
      !isDeepStrictEqual(name.parts, [catalog, schema, table].filter(Boolean))
    ) {
      problem(
        `${written}: write the table name without comments or line breaks inside it`,
        ref,
      );
      return;
    }
    references.push({ ...identity, from, to: name.to, aliased: !!ref.alias });
  };

  const walk = (value: unknown, ctes: Set<string>): void => {
    if (Array.isArray(value)) {
      value.forEach(v => walk(v, ctes));
      return;
    }
    if (!value || typeof value !== 'object') {
      return;
    }
    const node = value as Node;
    const type = typeof node.type === 'string' ? node.type : undefined;
    if (type?.endsWith('_NODE') && 'modifiers' in node) {
      if (!QUERY_NODES.has(type)) {
        problem(
          type === 'RECURSIVE_CTE_NODE'
            ? 'WITH RECURSIVE is not allowed'
            : `${type} is not supported`,
          node,
        );
        return;
      }
      let scope = new Set(ctes);
      for (const entry of node.cte_map?.map ?? []) {
        // a common table expression sees the ones before it, not itself or those after it
        walk(entry.value, scope);
        scope = new Set(scope).add(String(entry.key).toLowerCase());
      }
      for (const [key, child] of Object.entries(node)) {
        if (key !== 'cte_map') walk(child, scope);
      }
      return;
    }
    if (type && !('class' in node) && 'alias' in node) {
      if (!TABLE_REFERENCES.has(type)) {
        problem(`${type.replace(/_/g, ' ')} is not supported`, node);
        return;
      }
      if (type === 'BASE_TABLE') {
        tableReference(node, ctes);
        return;
      }
      if (type === 'TABLE_FUNCTION') {
        const fn = node.function ?? {};
        const name = String(fn.function_name ?? '').toLowerCase();
        if (!TABLE_FUNCTIONS.has(name) || fn.schema || fn.catalog) {
          problem(
            `${name} is a table function; ad-hoc SQL reads only Security Lake tables`,
            node,
          );
          return;
        }
      }
    }
    if (node.class === 'PARAMETER') {
      problem(
        'placeholders (?, $1, $name) are not allowed; write the value in the SQL',
        node,
      );
      return;
    }
    if (node.class === 'FUNCTION') {
      const name = String(node.function_name ?? '').toLowerCase();
      // the parser itself writes some calls as main.x (array literals are main.list_value)
      if ((node.schema && node.schema !== 'main') || node.catalog) {
        problem(
          `${
            node.schema || node.catalog
          }.${name}: functions are called by their name alone`,
          node,
        );
        return;
      }
      if (ENGINE_FUNCTIONS.has(name)) {
        problem(
          `${name}() is not allowed: it reads the engine, not data`,
          node,
        );
        return;
      }
    }
    for (const child of Object.values(node)) {
      walk(child, ctes);
    }
  };

  walk(statement, new Set());
  return { problems, references };
}

/** The tree without positions and parameter numbers, to compare a bound with the one it should be. */
function normalised(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalised);
  if (!value || typeof value !== 'object') return value;
  const out: Node = {};
  for (const [key, child] of Object.entries(value as Node)) {
    if (key === 'query_location' || key === 'identifier') continue;
    out[key] = normalised(child);
  }
  return out;
}

function dotted(ref: SecurityLakeTableIdentity): string {
  return `${securityLakeDatabaseName(ref.region)}.${securityLakeTableName(
    ref.region,
    ref.source,
    ref.version,
  )}`;
}

/**
 * Ad-hoc SQL, checked and confined. The statement is parsed with DuckDB's parser: exactly one SELECT (or
 * WITH ... SELECT), reading Security Lake tables of the run's region and nothing else: no other tables or
 * schemas, no table functions but `unnest`, no recursion, no placeholders, no functions that read the
 * engine. Every lake table reference is then rewritten, in the text, into a subquery that reads the table
 * only within the run's window and accounts:
 *
 * `FROM amazon_security_lake_table_... t` → `FROM (SELECT * FROM "db"."table" WHERE time_dt >= ? AND
 * ... AND accountid IN (?, ?)) t`
 *
 * so whatever the statement says, it cannot read outside either. The result is parsed again and refused
 * unless every lake table in it is the FROM of exactly such a bound, as a check on the rewrite itself.
 *
 * @internal
 */
export class AdhocSql {
  /** The bounds' syntax tree by version and number of accounts: the same for every run of that shape. */
  private readonly boundTrees = new Map<string, unknown>();

  constructor(private readonly parser: SqlParser) {}

  /** The statement's problems with their line and column, and the lake tables it reads; nothing is run. */
  async check(
    sql: string,
    region?: string,
  ): Promise<{ problems: SqlProblem[]; tables: string[] }> {
    const parsed = await this.parseOne(sql);
    if ('problem' in parsed) {
      return { problems: [parsed.problem], tables: [] };
    }
    const { problems, references } = analyse(sql, parsed.statement, region);
    if (problems.length === 0 && references.length === 0) {
      problems.push({
        message:
          'reads no Security Lake table; name one of the tables listed beside the editor',
      });
    }
    return {
      problems,
      tables: [...new Set(references.map(dotted))].sort(),
    };
  }

  /** The statement confined to the window and accounts, or an InputError naming `sql` and where. */
  async scope(input: {
    sql: string;
    region: string;
    accountIds: string[];
    start: Date;
    end: Date;
  }): Promise<ScopedSql> {
    const { sql, region } = input;
    const parsed = await this.parseOne(sql);
    if ('problem' in parsed) {
      throw new InputError(`sql: ${describe(parsed.problem)}`);
    }
    const { problems, references } = analyse(sql, parsed.statement, region);
    if (problems.length > 0) {
      throw new InputError(`sql: ${problems.map(describe).join('; ')}`);
    }
    if (references.length === 0) {
      throw new InputError(
        'sql: reads no Security Lake table; name one of the tables of the run region',
      );
    }

    const values: QueryParameter[] = [];
    let rewritten = '';
    let at = 0;
    for (const ref of [...references].sort((a, b) => a.from - b.from)) {
      const bounds = renderTableBounds({ ...input, version: ref.version });
      const name = securityLakeTableName(ref.region, ref.source, ref.version);
      rewritten += `${sql.slice(
        at,
        ref.from,
      )}(SELECT * FROM ${securityLakeTableRef(
        ref.region,
        ref.source,
        ref.version,
      )} WHERE ${bounds.sql})${ref.aliased ? '' : ` AS "${name}"`}`;
      values.push(...bounds.values);
      at = ref.to;
    }
    rewritten += sql.slice(at);

    await this.verify(rewritten, references, input);
    const versions = new Set(references.map(r => r.version));
    return {
      sql: rewritten,
      values,
      sourceVersion: versions.has('2.0') ? '2.0' : '1.0',
      tables: [...new Set(references.map(dotted))].sort(),
    };
  }

  /**
   * The rewritten statement reads each lake table only as the FROM of a SELECT whose WHERE is exactly the
   * bounds, as many times as the statement named lake tables.
   */
  private async verify(
    rewritten: string,
    references: TableReference[],
    input: { accountIds: string[]; start: Date; end: Date },
  ) {
    const parsed = await this.parseOne(rewritten);
    const failed = () =>
      new InputError(
        'sql: the statement could not be confined to the run window and accounts; simplify how it names its tables',
      );
    if ('problem' in parsed) throw failed();
    const expected = new Map<SecurityLakeSourceVersion, unknown>();
    for (const version of new Set(references.map(r => r.version))) {
      const key = `${version}/${input.accountIds.length}`;
      if (!this.boundTrees.has(key)) {
        const bounds = renderTableBounds({ ...input, version });
        const probe = await this.parseOne(
          `SELECT * FROM t WHERE ${bounds.sql}`,
        );
        if ('problem' in probe) throw failed();
        this.boundTrees.set(key, normalised(probe.statement.where_clause));
      }
      expected.set(version, this.boundTrees.get(key));
    }
    let lakeTables = 0;
    let bounded = 0;
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) {
        value.forEach(walk);
        return;
      }
      if (!value || typeof value !== 'object') return;
      const node = value as Node;
      if (node.type === 'BASE_TABLE' && !('class' in node)) {
        if (parseSecurityLakeTableName(String(node.table_name))) lakeTables++;
      }
      if (
        node.type === 'SELECT_NODE' &&
        node.from_table?.type === 'BASE_TABLE'
      ) {
        const identity = parseSecurityLakeTableName(
          String(node.from_table.table_name),
          String(node.from_table.schema_name),
        );
        if (
          identity &&
          isDeepStrictEqual(
            normalised(node.where_clause),
            expected.get(identity.version),
          )
        ) {
          bounded++;
        }
      }
      Object.values(node).forEach(walk);
    };
    walk(parsed.statement);
    if (lakeTables !== references.length || bounded !== references.length) {
      throw failed();
    }
  }

  private async parseOne(
    sql: string,
  ): Promise<{ statement: Node } | { problem: SqlProblem }> {
    const outcome = await this.parser.parse(sql);
    if ('error' in outcome) {
      const message =
        outcome.errorType === 'not implemented'
          ? 'only a read-only SELECT (or WITH ... SELECT) statement may run'
          : outcome.error;
      return {
        problem: {
          message,
          ...(outcome.errorType === 'not implemented'
            ? {}
            : lineAndColumn(sql, outcome.position)),
        },
      };
    }
    if (outcome.statements.length !== 1) {
      return {
        problem: {
          message: `exactly one statement may run, and this SQL has ${outcome.statements.length}`,
        },
      };
    }
    return { statement: outcome.statements[0] as Node };
  }
}

/** `line 2, column 6: syntax error at or near "FORM"` */
export function describe(problem: SqlProblem): string {
  return problem.line
    ? `line ${problem.line}, column ${problem.column}: ${problem.message}`
    : problem.message;
}
