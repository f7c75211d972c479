/**
 * Something a grammar found in SQL text, at a character offset (UTF-16, as JavaScript strings count) of
 * the text it read.
 *
 * @public
 */
export interface SqlFinding {
  message: string;
  offset?: number;
}

/**
 * A table a statement reads, as its engine resolves names: common table expressions in scope are not
 * tables, so they are never reported.
 *
 * @public
 */
export interface SqlTableRead {
  /** The name's parts as written, unquoted: `[table]`, `[schema, table]` or `[catalog, schema, table]`. */
  parts: string[];
  /** Character offsets of the whole (possibly qualified) name: `text.slice(from, to)`. */
  from: number;
  to: number;
  /** Whether the statement gives the table an alias. */
  aliased: boolean;
  /**
   * When the table is read exactly as `SELECT * FROM <name> WHERE <bounds[i]>` (and nothing else in that
   * SELECT), the index `i` of those bounds in the `bounds` the grammar was asked about.
   */
  bound?: number;
}

/** A function the statement calls, as written. @public */
export interface SqlFunctionCall {
  name: string;
  /** The schema (or catalog.schema) it is qualified with, if any. */
  qualifier?: string;
  offset: number;
}

/**
 * What one engine's grammar makes of some SQL. This is what decides what a statement reads: a check that
 * guards scope must see the statement as the engine that runs it will.
 *
 * @public
 */
export interface SqlReading {
  /** Where the grammar could not read the text at all; nothing else is reported then. */
  syntaxError?: SqlFinding;
  /** How many statements the text holds. */
  statements: number;
  /** What this engine's grammar accepts but a read-only statement over lake tables may not use. */
  refused: SqlFinding[];
  /** Every table read, in the order of the text. */
  tables: SqlTableRead[];
  functions: SqlFunctionCall[];
  /** Placeholders (`?`, and the engine's other kinds) in the text. */
  parameters: number;
}

/**
 * The grammar of the engine that runs SQL: Athena's is Trino's, the local engine's DuckDB's.
 *
 * @public
 */
export interface SqlGrammar {
  /** `trino` or `duckdb`: grammars of one dialect read SQL alike. */
  readonly dialect: string;
  /** The engine's name as people know it, for messages: `Athena`, `DuckDB`. */
  readonly engineName: string;
  read(sql: string, options?: { bounds?: string[] }): Promise<SqlReading>;
}

/** The reading of text a grammar could not read: only where it stopped. @public */
export function unreadableSql(syntaxError: SqlFinding): SqlReading {
  return {
    syntaxError,
    statements: 0,
    refused: [],
    tables: [],
    functions: [],
    parameters: 0,
  };
}
