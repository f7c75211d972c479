import { DuckDBInstance } from '@duckdb/node-api';
import {
  SqlFinding,
  SqlFunctionCall,
  SqlGrammar,
  SqlReading,
  SqlTableRead,
  unreadableSql,
} from '@internal/plugin-security-lake-node';
import { isDeepStrictEqual } from 'node:util';

type Node = { [key: string]: any };

/** What DuckDB's parser made of some SQL: the statements' syntax trees, or where it stopped. */
type ParseOutcome =
  | { statements: Node[] }
  | { error: string; errorType: string; position?: number };

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
/**
 * Functions of DuckDB's own schema that tell about the engine (its settings, session, catalog, version)
 * rather than data. Everything in `pg_catalog` is refused as well; that list comes from DuckDB itself.
 */
const ENGINE_FUNCTION =
  /^(current_(?!date$|localtime$|localtimestamp$)|session_user$|user$|get_block_size$|getvariable$|getenv$|txid_|version$|nextval$|currval$|setseed$|which_secret$)/;
const NO_LOCATION = 2 ** 53;

/** Turns a byte offset of the UTF-8 text, as DuckDB reports positions, into a character offset. */
function charOffset(sql: string, byteOffset: number): number {
  return Buffer.from(sql, 'utf8').subarray(0, byteOffset).toString('utf8')
    .length;
}

function offsetOf(sql: string, node?: Node): number | undefined {
  const location = node?.query_location;
  if (typeof location !== 'number' || location >= NO_LOCATION || location < 0) {
    return undefined;
  }
  return charOffset(sql, location);
}

/**
 * The end of a dotted name as written from `from` on: `"a"."b".c`, with `""` inside quotes, and nothing
 * but white space around the dots. Returns undefined for anything else.
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

/** The tree without positions and parameter numbers, to compare a statement with the one it should be. */
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

/** A SELECT without its FROM, to compare with `SELECT * FROM <any table> WHERE <bounds>`. */
function withoutFrom(node: Node): unknown {
  return normalised({ ...node, from_table: undefined });
}

/**
 * DuckDB's own SQL parser, through `json_serialize_sql`, as a grammar: the text travels as a bound value
 * and is parsed, never run. The instance holds no data and can reach nothing: no files, no extensions, and
 * its settings are locked. Only SELECT statements serialise; anything else comes back as an error.
 *
 * @public
 */
export class DuckDbSqlGrammar implements SqlGrammar {
  readonly dialect = 'duckdb';
  readonly engineName = 'DuckDB';
  private instance?: Promise<{
    instance: DuckDBInstance;
    catalogFunctions: Set<string>;
  }>;
  /** The syntax tree of `SELECT * FROM t WHERE <bounds>`, by bounds. */
  private readonly boundTrees = new Map<string, unknown>();

  private open() {
    this.instance ??= (async () => {
      const instance = await DuckDBInstance.create(':memory:', {
        threads: '1',
        memory_limit: '64MB',
        autoinstall_known_extensions: 'false',
        autoload_known_extensions: 'false',
        enable_external_access: 'false',
      });
      const setup = await instance.connect();
      try {
        // the PostgreSQL compatibility functions read DuckDB's catalog (view definitions carry file paths)
        const reader = await setup.runAndReadAll(
          "SELECT DISTINCT lower(function_name) FROM duckdb_functions() WHERE schema_name = 'pg_catalog'",
        );
        const catalogFunctions = new Set(
          reader.getRows().map(row => String(row[0])),
        );
        await setup.run('SET GLOBAL lock_configuration = true');
        return { instance, catalogFunctions };
      } finally {
        setup.closeSync();
      }
    })();
    return this.instance;
  }

  /** One connection per parse: requests parse at once, and a connection runs one statement at a time. */
  private async parse(sql: string): Promise<ParseOutcome> {
    const { instance } = await this.open();
    const connection = await instance.connect();
    let text: string;
    try {
      const reader = await connection.runAndReadAll(
        'SELECT json_serialize_sql($1::VARCHAR)',
        [sql],
      );
      text = String(reader.getRows()[0][0]);
    } finally {
      connection.closeSync();
    }
    const parsed = JSON.parse(text);
    if (parsed.error) {
      const position = Number(parsed.position);
      return {
        error: String(parsed.error_message),
        errorType: String(parsed.error_type),
        ...(Number.isSafeInteger(position) ? { position } : {}),
      };
    }
    return { statements: parsed.statements.map((s: any) => s.node) };
  }

  private async boundTree(bounds: string): Promise<unknown> {
    if (!this.boundTrees.has(bounds)) {
      const probe = await this.parse(`SELECT * FROM t WHERE ${bounds}`);
      this.boundTrees.set(
        bounds,
        'statements' in probe && probe.statements.length === 1
          ? withoutFrom(probe.statements[0])
          : null,
      );
    }
    return this.boundTrees.get(bounds);
  }

  async read(
    sql: string,
    options?: { bounds?: string[] },
  ): Promise<SqlReading> {
    const outcome = await this.parse(sql);
    if ('error' in outcome) {
      return unreadableSql(
        outcome.errorType === 'not implemented'
          ? {
              message:
                'only a read-only SELECT (or WITH ... SELECT) statement may run',
            }
          : {
              message: outcome.error,
              offset:
                outcome.position !== undefined && outcome.position < NO_LOCATION
                  ? charOffset(sql, outcome.position)
                  : undefined,
            },
      );
    }
    const { catalogFunctions } = await this.open();
    const bounds = await Promise.all(
      (options?.bounds ?? []).map(b => this.boundTree(b)),
    );
    const refused: SqlFinding[] = [];
    const tables: SqlTableRead[] = [];
    const functions: SqlFunctionCall[] = [];
    let parameters = 0;
    const refuse = (message: string, node?: Node) =>
      refused.push({ message, offset: offsetOf(sql, node) });

    const tableReference = (
      ref: Node,
      ctes: Set<string>,
      select: Node | undefined,
    ) => {
      const parts = [ref.catalog_name, ref.schema_name, ref.table_name]
        .map(p => String(p ?? ''))
        .filter(Boolean);
      if (parts.length === 1 && ctes.has(parts[0].toLowerCase())) {
        return;
      }
      if (ref.at_clause) {
        refuse(`${parts.join('.')}: AT (time travel) is not supported`, ref);
        return;
      }
      const from = offsetOf(sql, ref);
      const name =
        from === undefined ? undefined : readQualifiedName(sql, from);
      if (
        from === undefined ||
        !name ||
        !isDeepStrictEqual(name.parts, parts)
      ) {
        refuse(
          `${parts.join(
            '.',
          )}: write the table name without comments or line breaks inside it`,
          ref,
        );
        return;
      }
      let bound: number | undefined;
      if (select && select.from_table === ref && !ref.alias) {
        const shape = withoutFrom(select);
        const index = bounds.findIndex(b => b && isDeepStrictEqual(b, shape));
        if (index >= 0) bound = index;
      }
      tables.push({
        parts,
        from,
        to: name.to,
        aliased: !!ref.alias,
        ...(bound !== undefined ? { bound } : {}),
      });
    };

    const walk = (
      value: unknown,
      ctes: Set<string>,
      select: Node | undefined,
    ): void => {
      if (Array.isArray(value)) {
        value.forEach(v => walk(v, ctes, select));
        return;
      }
      if (!value || typeof value !== 'object') {
        return;
      }
      const node = value as Node;
      const type = typeof node.type === 'string' ? node.type : undefined;
      if (type?.endsWith('_NODE') && 'modifiers' in node) {
        if (!QUERY_NODES.has(type)) {
          refuse(
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
          walk(entry.value, scope, undefined);
          scope = new Set(scope).add(String(entry.key).toLowerCase());
        }
        const inner = type === 'SELECT_NODE' ? node : undefined;
        for (const [key, child] of Object.entries(node)) {
          if (key !== 'cte_map') walk(child, scope, inner);
        }
        return;
      }
      if (type && !('class' in node) && 'alias' in node) {
        if (!TABLE_REFERENCES.has(type)) {
          refuse(`${type.replace(/_/g, ' ')} is not supported`, node);
          return;
        }
        if (node.sample) {
          // TABLESAMPLE BERNOULLI (50) is half the rows on Athena and 50 rows on DuckDB
          refuse(
            'TABLESAMPLE reads differently on Athena and DuckDB (a percentage on one, a row count on the other); leave it out',
            node,
          );
          return;
        }
        if (type === 'BASE_TABLE') {
          tableReference(node, ctes, select);
          return;
        }
        if (type === 'TABLE_FUNCTION') {
          const fn = node.function ?? {};
          const name = String(fn.function_name ?? '').toLowerCase();
          if (!TABLE_FUNCTIONS.has(name) || fn.schema || fn.catalog) {
            refuse(
              `${name} is a table function; ad-hoc SQL reads only Security Lake tables`,
              node,
            );
            return;
          }
        }
      }
      if (node.class === 'PARAMETER') {
        parameters++;
      }
      if (node.class === 'FUNCTION') {
        const name = String(node.function_name ?? '');
        // the parser itself writes some calls as main.x (array literals are main.list_value)
        const qualifier = [node.catalog, node.schema]
          .filter(p => p && p !== 'main')
          .join('.');
        const offset = offsetOf(sql, node);
        functions.push({
          name,
          ...(qualifier ? { qualifier } : {}),
          offset: offset ?? 0,
        });
        const lower = name.toLowerCase();
        if (catalogFunctions.has(lower) || ENGINE_FUNCTION.test(lower)) {
          refuse(
            `${lower}() is not allowed: it reads the engine, not data`,
            node,
          );
        }
      }
      for (const child of Object.values(node)) {
        walk(child, ctes, select);
      }
    };

    outcome.statements.forEach(statement =>
      walk(statement, new Set(), undefined),
    );
    return {
      statements: outcome.statements.length,
      refused,
      tables,
      functions,
      parameters,
    };
  }
}
