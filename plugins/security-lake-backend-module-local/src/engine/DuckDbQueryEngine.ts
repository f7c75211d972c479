import { DuckDBConnection, StatementType } from '@duckdb/node-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  EngineNamedQuery,
  EngineTable,
  InProcessQueryEngine,
  QueryExecutionStatus,
  QueryResultPage,
  SqlGrammar,
  StartQueryRequest,
} from '@internal/plugin-security-lake-node';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { DuckDbSqlGrammar } from './DuckDbSqlGrammar';
import {
  DuckDbTable,
  OpenEngine,
  openLocalLake,
  quote,
  quoteIdentifier,
} from './openLake';
import { toDuckDbDialect } from './trinoDialect';

export type { DuckDbTable } from './openLake';

/** @public */
export interface DuckDbQueryEngineOptions {
  /** Folder laid out like the Security Lake bucket (`aws/<SOURCE>/<version>/region=<r>/...`). */
  lakeDir: string;
  /** Folder where each execution's result is written as parquet, as Athena writes to S3. */
  resultsDir: string;
  /** DuckDB's memory limit for queries, e.g. `2GB`; default `1GB`. */
  memoryLimit?: string;
  /** Threads DuckDB may use for queries; default 2. */
  threads?: number;
  /** A query still running after this long is interrupted and fails; default 120. */
  queryTimeoutSeconds?: number;
  /** Tables beyond the lake folder's own. */
  extraTables?: DuckDbTable[];
  /** Statements offered as the engine's named queries, as Athena offers a workgroup's. */
  namedQueries?: EngineNamedQuery[];
}

const DEFAULT_TIMEOUT_SECONDS = 120;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * DuckDB names files in its messages; the people reading them have no business knowing where they are.
 */
function withoutPaths(message: string, dirs: Record<string, string>): string {
  let out = message;
  for (const [name, dir] of Object.entries(dirs)) {
    out = out.split(path.resolve(dir)).join(`<${name}>`);
  }
  return out.replace(/(?:\/[\w.\-=@*]+){2,}\/?/g, '<path>');
}

/**
 * The embedded query engine: DuckDB over a local folder of Security Lake parquet, exposed under the same
 * database and table names as the Glue catalog so that SQL written for Athena runs unchanged.
 *
 * It is a locked room. Only one read-only SELECT runs per execution, checked with DuckDB's parser and by
 * the prepared statement's type, and never spliced into another statement. The instance that runs it may
 * read the lake folder and nothing else (`allowed_directories`, `enable_external_access` off, configuration
 * locked, no extension installs or loads), within a memory limit and a timeout. Result rows travel in data
 * chunks to a second instance, which alone may write the results folder and never sees a caller's SQL.
 * DuckDB is opened on first use, so a backend that runs no query never starts it.
 *
 * It keeps no table of executions: `execute` runs one to the end and the caller keeps its state. Only the
 * connections of statements running right now are held, so that shutdown can interrupt them.
 *
 * @public
 */
export class DuckDbQueryEngine implements InProcessQueryEngine {
  readonly kind = 'duckdb' as const;
  readonly mode = 'in-process' as const;
  /** DuckDB's own parser: ad-hoc SQL must read the same to it as to Trino. */
  readonly grammar: SqlGrammar = new DuckDbSqlGrammar();
  private readonly running = new Set<DuckDBConnection>();
  private opened?: Promise<OpenEngine>;

  /** Builds the engine and opens DuckDB at once, e.g. to fail early in tests. */
  static async create(
    options: DuckDbQueryEngineOptions,
  ): Promise<DuckDbQueryEngine> {
    const engine = new DuckDbQueryEngine(options);
    await engine.open();
    return engine;
  }

  constructor(private readonly options: DuckDbQueryEngineOptions) {}

  /** The qualified names of the tables this engine exposes. */
  async tableNames(): Promise<string[]> {
    return [...(await this.open()).tables];
  }

  private open(): Promise<OpenEngine> {
    this.opened ??= openLocalLake(this.options).catch(error => {
      this.opened = undefined;
      throw error;
    });
    return this.opened;
  }

  async execute(
    request: StartQueryRequest & { executionId: string },
    options?: { signal?: AbortSignal },
  ): Promise<QueryExecutionStatus> {
    const { executionId } = request;
    const target = this.resultFile(executionId);
    const submittedAt = new Date();
    if (fs.existsSync(target)) {
      // the same execution asked again, e.g. by a broker that lost track of it: its result stands
      return {
        executionId,
        state: 'SUCCEEDED',
        submittedAt,
        completedAt: submittedAt,
      };
    }
    const { query } = await this.open();
    const connection = await query.connect();
    let sql: string;
    try {
      sql = await this.checkedStatement(connection, request.sql);
    } catch (error) {
      connection.closeSync();
      throw error;
    }
    this.running.add(connection);
    const signal = options?.signal;
    const onAbort = () => connection.interrupt();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (signal?.aborted) {
        return {
          executionId,
          state: 'CANCELLED',
          submittedAt,
          completedAt: new Date(),
        };
      }
      const outcome = await this.run(connection, executionId, sql, request);
      if (signal?.aborted) {
        fs.rmSync(target, { force: true });
        return {
          executionId,
          state: 'CANCELLED',
          submittedAt,
          completedAt: new Date(),
        };
      }
      return { executionId, submittedAt, completedAt: new Date(), ...outcome };
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.running.delete(connection);
      connection.closeSync();
    }
  }

  /**
   * Exactly one statement, and a SELECT: DuckDB's parser counts the statements, and only a SELECT can be
   * serialised to its JSON syntax tree (which is also where the Trino dialect is rewritten).
   */
  private async checkedStatement(
    connection: DuckDBConnection,
    sql: string,
  ): Promise<string> {
    let count: number;
    try {
      count = (await connection.extractStatements(sql)).count;
    } catch (error) {
      throw new InputError(this.clean((error as Error).message));
    }
    if (count !== 1) {
      throw new InputError(
        `Exactly one SELECT statement may run, and this SQL has ${count}`,
      );
    }
    try {
      return await toDuckDbDialect(connection, sql);
    } catch (error) {
      const message = (error as Error).message;
      throw new InputError(
        /Only SELECT/i.test(message)
          ? 'Only a read-only SELECT statement may run'
          : this.clean(message),
      );
    }
  }

  private async run(
    connection: DuckDBConnection,
    executionId: string,
    sql: string,
    request: StartQueryRequest,
  ): Promise<
    Pick<QueryExecutionStatus, 'state' | 'stateChangeReason' | 'rowCount'>
  > {
    const target = this.resultFile(executionId);
    const tableName = quoteIdentifier(`r_${executionId.replace(/-/g, '')}`);
    const timeoutSeconds =
      this.options.queryTimeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      connection.interrupt();
    }, timeoutSeconds * 1000);
    // a connection of its own: a DuckDB connection runs one statement at a time, and executions overlap
    const resultsConnection = await (await this.open()).results.connect();
    let created = false;
    let rowCount = 0;
    try {
      const prepared = await (
        await connection.extractStatements(sql)
      ).prepare(0);
      if (prepared.statementType !== StatementType.SELECT) {
        throw new InputError('Only a read-only SELECT statement may run');
      }
      if (request.parameters?.length) {
        prepared.bind(request.parameters);
      }
      const result = await prepared.stream();
      const names = result.deduplicatedColumnNames();
      const columns = names.map(
        (name, i) =>
          `${quoteIdentifier(name)} ${result.columnType(i).toString()}`,
      );
      await resultsConnection.run(
        `CREATE TABLE ${tableName} (${columns.join(', ')})`,
      );
      created = true;
      const appender = await resultsConnection.createAppender(
        tableName.slice(1, -1),
      );
      try {
        for (;;) {
          const chunk = await result.fetchChunk();
          if (!chunk || chunk.rowCount === 0) break;
          rowCount += chunk.rowCount;
          appender.appendDataChunk(chunk);
        }
        appender.flushSync();
      } finally {
        appender.closeSync();
      }
      await resultsConnection.run(
        `COPY ${tableName} TO ${quote(`${target}.tmp`)} (FORMAT parquet)`,
      );
      fs.renameSync(`${target}.tmp`, target);
      return { state: 'SUCCEEDED', rowCount };
    } catch (error) {
      fs.rmSync(`${target}.tmp`, { force: true });
      return {
        state: 'FAILED',
        stateChangeReason: timedOut
          ? `The query ran longer than ${timeoutSeconds} s and was stopped`
          : this.clean((error as Error).message),
      };
    } finally {
      clearTimeout(timer);
      if (created) {
        await resultsConnection.run(`DROP TABLE IF EXISTS ${tableName}`);
      }
    }
  }

  private clean(message: string): string {
    return withoutPaths(message, {
      lake: this.options.lakeDir,
      results: this.options.resultsDir,
    });
  }

  /** The views of one database with their columns, as DuckDB's catalog describes them. */
  async listTables(database: string): Promise<EngineTable[]> {
    const { query } = await this.open();
    const connection = await query.connect();
    try {
      const reader = await connection.runAndReadAll(
        `SELECT table_name, column_name, data_type
           FROM information_schema.columns
          WHERE table_schema = $1
          ORDER BY table_name, ordinal_position`,
        [database],
      );
      const tables = new Map<string, EngineTable>();
      for (const [table, column, type] of reader.getRows()) {
        const name = String(table);
        if (!tables.has(name)) tables.set(name, { name, columns: [] });
        tables
          .get(name)!
          .columns.push({ name: String(column), type: String(type) });
      }
      return [...tables.values()];
    } finally {
      connection.closeSync();
    }
  }

  async listNamedQueries(): Promise<EngineNamedQuery[]> {
    return this.options.namedQueries ?? [];
  }

  async getQueryResults(
    executionId: string,
    options?: { cursor?: string; maxResults?: number },
  ): Promise<QueryResultPage> {
    if (options?.cursor !== undefined && !/^\d{1,15}$/.test(options.cursor)) {
      throw new InputError('cursor: not a cursor this engine gave out');
    }
    this.existingResult(executionId);
    const offset = Number(options?.cursor ?? 0);
    const limit = Math.min(Math.max(options?.maxResults ?? 1000, 1), 1000);
    const reader = await this.withResultsConnection(connection =>
      connection.runAndReadAll(
        `SELECT * FROM read_parquet(${quote(
          this.resultFile(executionId),
        )}) LIMIT ${limit + 1} OFFSET ${offset}`,
      ),
    );
    const names = reader.columnNames();
    const types = reader.columnTypes();
    const rows = reader.getRowsJson().map(row =>
      row.map(cell => {
        // Athena returns text cells; nested values come back as JSON text here
        if (cell === null || typeof cell === 'string') return cell;
        return JSON.stringify(cell);
      }),
    );
    const hasMore = rows.length > limit;
    return {
      columns: names.map((name, i) => ({
        name,
        type: types[i].toString().toLowerCase(),
      })),
      rows: hasMore ? rows.slice(0, limit) : rows,
      nextCursor: hasMore ? String(offset + limit) : undefined,
    };
  }

  /**
   * The result as CSV, written once beside the parquet by the results instance (header, every field
   * quoted, as Athena writes its result objects) and streamed from the file.
   */
  async readResultCsv(executionId: string): Promise<Readable> {
    const parquet = this.existingResult(executionId);
    const csv = parquet.replace(/\.parquet$/, '.csv');
    if (!fs.existsSync(csv)) {
      const tmp = `${csv}.${randomUUID()}.tmp`;
      await this.withResultsConnection(connection =>
        connection.run(
          `COPY (SELECT * FROM read_parquet(${quote(parquet)})) TO ${quote(
            tmp,
          )} (FORMAT csv, HEADER true, FORCE_QUOTE *)`,
        ),
      );
      fs.renameSync(tmp, csv);
    }
    return fs.createReadStream(csv);
  }

  async deleteResult(executionId: string): Promise<void> {
    const parquet = this.resultFile(executionId);
    fs.rmSync(parquet, { force: true });
    fs.rmSync(parquet.replace(/\.parquet$/, '.csv'), { force: true });
  }

  /** Closes DuckDB; the backend's shutdown hook calls it. */
  async close(): Promise<void> {
    const opened = this.opened;
    this.opened = undefined;
    if (!opened) return;
    const { query, results } = await opened;
    for (const connection of this.running) {
      connection.interrupt();
    }
    results.closeSync();
    query.closeSync();
  }

  /** A statement on the results instance, on a connection of its own: connections run one at a time. */
  private async withResultsConnection<T>(
    statement: (connection: DuckDBConnection) => Promise<T>,
  ): Promise<T> {
    const connection = await (await this.open()).results.connect();
    try {
      return await statement(connection);
    } finally {
      connection.closeSync();
    }
  }

  private existingResult(executionId: string): string {
    const file = this.resultFile(executionId);
    if (!fs.existsSync(file)) {
      throw new NotFoundError(`Query execution ${executionId} has no results`);
    }
    return file;
  }

  private resultFile(executionId: string): string {
    if (!UUID.test(executionId)) {
      throw new NotFoundError(`No query execution ${executionId}`);
    }
    return path.join(this.options.resultsDir, `${executionId}.parquet`);
  }
}
