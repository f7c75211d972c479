import { DuckDBInstance } from '@duckdb/node-api';

/** What DuckDB's parser made of some SQL: the statements' syntax trees, or where it stopped. @internal */
export type ParseOutcome =
  | { statements: unknown[] }
  | { error: string; errorType: string; position?: number };

/** @internal */
export interface SqlParser {
  parse(sql: string): Promise<ParseOutcome>;
}

/**
 * DuckDB's own SQL parser, through `json_serialize_sql`: the text travels as a bound value and is parsed,
 * never run. The instance holds no data and can reach nothing: no files, no extensions, and its settings are
 * locked. Only SELECT statements serialise; anything else comes back as an error.
 *
 * @internal
 */
export class DuckDbSqlParser implements SqlParser {
  private instance?: Promise<DuckDBInstance>;

  private open(): Promise<DuckDBInstance> {
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
        await setup.run('SET GLOBAL lock_configuration = true');
      } finally {
        setup.closeSync();
      }
      return instance;
    })();
    return this.instance;
  }

  /** One connection per parse: requests parse at once, and a connection runs one statement at a time. */
  async parse(sql: string): Promise<ParseOutcome> {
    const connection = await (await this.open()).connect();
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
}
