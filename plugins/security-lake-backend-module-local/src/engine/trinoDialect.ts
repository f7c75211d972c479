import { DuckDBConnection } from '@duckdb/node-api';

/**
 * Trino functions the query library uses that DuckDB lacks, as SQL macros. Functions taking a lambda can't be
 * macros in DuckDB; those are rewritten in the parsed statement instead (see LAMBDA_FUNCTIONS).
 */
const MACROS = [
  // Trino's cardinality() counts array elements; DuckDB's only takes maps
  `CREATE OR REPLACE MACRO cardinality(x) AS len(x)`,
  `CREATE OR REPLACE MACRO to_unixtime(t) AS epoch(t)`,
  `CREATE OR REPLACE MACRO from_unixtime(s) AS to_timestamp(s)::TIMESTAMP`,
  `CREATE OR REPLACE MACRO from_iso8601_timestamp(s) AS s::TIMESTAMPTZ`,
  // Trino's regexp_like matches anywhere in the text (anchor with ^ and $), as DuckDB's regexp_matches does
  `CREATE OR REPLACE MACRO regexp_like(s, pattern) AS regexp_matches(s, pattern)`,
  // Trino's json_format renders a JSON value as text; DuckDB's JSON already is text
  `CREATE OR REPLACE MACRO json_format(j) AS CAST(j AS VARCHAR)`,
];

/** `any_match(array, x -> pred)` and `all_match`: Trino name → DuckDB list aggregate over `list_transform`. */
const LAMBDA_FUNCTIONS: Record<string, string> = {
  any_match: 'list_bool_or',
  all_match: 'list_bool_and',
};

/** @internal */
export async function registerTrinoMacros(connection: DuckDBConnection) {
  for (const macro of MACROS) {
    await connection.run(macro);
  }
}

type Node = { [key: string]: unknown };

function rewrite(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(rewrite);
  }
  if (!node || typeof node !== 'object') {
    return node;
  }
  const out: Node = {};
  for (const [key, value] of Object.entries(node as Node)) {
    out[key] = rewrite(value);
  }
  const aggregate =
    out.class === 'FUNCTION' && typeof out.function_name === 'string'
      ? LAMBDA_FUNCTIONS[out.function_name.toLowerCase()]
      : undefined;
  if (!aggregate || !Array.isArray(out.children) || out.children.length !== 2) {
    return out;
  }
  // reuse the parsed node so every field DuckDB's serializer expects is present
  const transform = { ...out, alias: '', function_name: 'list_transform' };
  return { ...out, function_name: aggregate, children: [transform] };
}

/**
 * Parses one statement with DuckDB's own parser and rewrites the Trino lambda functions DuckDB doesn't have.
 * Only a SELECT has a JSON syntax tree, so anything else is refused here ("Only SELECT statements ...").
 * Statements without lambda functions are returned as written, so error positions stay meaningful.
 *
 * @internal
 */
export async function toDuckDbDialect(
  connection: DuckDBConnection,
  sql: string,
): Promise<string> {
  const parsed = await connection.runAndReadAll(
    'SELECT json_serialize_sql(?::VARCHAR)',
    [sql],
  );
  // positions can be 2^64-1, which JSON numbers in JS can't carry back unchanged
  const ast = JSON.parse(
    String(parsed.getRows()[0][0]).replace(
      /"query_location":\d+/g,
      '"query_location":0',
    ),
  );
  if (ast.error) {
    throw new Error(ast.error_message ?? 'Invalid SQL');
  }
  if (!/\b(any|all)_match\s*\(/i.test(sql)) {
    return sql;
  }
  const rewritten = await connection.runAndReadAll(
    'SELECT json_deserialize_sql(?::JSON)',
    [JSON.stringify(rewrite(ast))],
  );
  return String(rewritten.getRows()[0][0]);
}
