import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { NotFoundError } from '@backstage/errors';
import {
  isAwsRegion,
  isSecurityLakeSourceName,
  securityLakeDatabaseName,
  securityLakeTableName,
  SecurityLakeSourceVersion,
} from '@internal/plugin-security-lake-common';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  QueryEngine,
  QueryExecutionStatus,
  QueryResultPage,
  StartQueryRequest,
} from '@internal/plugin-security-lake-node';
import { registerTrinoMacros, toDuckDbDialect } from './trinoDialect';

/** @public */
export interface DuckDbQueryEngineOptions {
  /** Folder laid out like the Security Lake bucket (`aws/<SOURCE>/<version>/region=<r>/...`). */
  lakeDir: string;
  /** Folder where each execution's result is written as parquet, as Athena writes to S3. */
  resultsDir: string;
}

interface Execution {
  status: QueryExecutionStatus;
  connection?: DuckDBConnection;
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The embedded query engine: DuckDB over a local folder of Security Lake parquet, exposed under the same
 * database and table names as the Glue catalog so that SQL written for Athena runs unchanged.
 *
 * @public
 */
export class DuckDbQueryEngine implements QueryEngine {
  readonly kind = 'duckdb' as const;
  private readonly executions = new Map<string, Execution>();
  private readonly tokens = new Map<string, string>();

  static async create(
    options: DuckDbQueryEngineOptions,
  ): Promise<DuckDbQueryEngine> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(`SET GLOBAL TimeZone = 'UTC'`);
    await registerTrinoMacros(connection);
    fs.mkdirSync(options.resultsDir, { recursive: true });
    const engine = new DuckDbQueryEngine(instance, connection, options);
    await engine.refreshTables();
    return engine;
  }

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly options: DuckDbQueryEngineOptions,
  ) {}

  /**
   * Creates a view per (region, source, version) found in the lake folder. Returns the qualified names.
   */
  async refreshTables(): Promise<string[]> {
    const awsDir = path.join(this.options.lakeDir, 'aws');
    const tables: string[] = [];
    if (!fs.existsSync(awsDir)) {
      return tables;
    }
    for (const source of fs.readdirSync(awsDir)) {
      if (!isSecurityLakeSourceName(source)) continue;
      for (const version of fs.readdirSync(path.join(awsDir, source))) {
        if (version !== '1.0' && version !== '2.0') continue;
        for (const regionDir of fs.readdirSync(
          path.join(awsDir, source, version),
        )) {
          const region = regionDir.replace(/^region=/, '');
          if (!isAwsRegion(region)) continue;
          const files = path.join(
            awsDir,
            source,
            version,
            regionDir,
            '*',
            '*',
            '*.parquet',
          );
          tables.push(
            await this.registerTable({
              database: securityLakeDatabaseName(region),
              table: securityLakeTableName(region, source, version),
              files,
              version,
            }),
          );
        }
      }
    }
    return tables;
  }

  /**
   * Exposes parquet files as a table. Files under `accountId=`/`eventDay=` folders get those as columns, as
   * the Glue tables have them (`eventday` only in source version 1).
   */
  async registerTable(opts: {
    database: string;
    table: string;
    files: string | string[];
    version: SecurityLakeSourceVersion;
    hivePartitioning?: boolean;
  }): Promise<string> {
    const files = Array.isArray(opts.files) ? opts.files : [opts.files];
    const list = `[${files.map(quote).join(', ')}]`;
    const hive = opts.hivePartitioning ?? true;
    const partitionColumns =
      opts.version === '1.0'
        ? `* EXCLUDE ("accountId", "eventDay"), "accountId" AS accountid, "eventDay" AS eventday`
        : `* EXCLUDE ("accountId", "eventDay"), "accountId" AS accountid`;
    const source = hive
      ? `read_parquet(${list}, hive_partitioning = true, union_by_name = true,
           hive_types = {'region': VARCHAR, 'accountId': VARCHAR, 'eventDay': VARCHAR})`
      : `read_parquet(${list}, union_by_name = true)`;
    const qualified = `"${opts.database}"."${opts.table}"`;
    await this.connection.run(`CREATE SCHEMA IF NOT EXISTS "${opts.database}"`);
    await this.connection.run(
      `CREATE OR REPLACE VIEW ${qualified} AS SELECT ${
        hive ? partitionColumns : '*'
      } FROM ${source}`,
    );
    return qualified;
  }

  async startQuery(
    request: StartQueryRequest,
  ): Promise<{ executionId: string }> {
    const known =
      request.clientRequestToken && this.tokens.get(request.clientRequestToken);
    if (known) {
      return { executionId: known };
    }
    const executionId = randomUUID();
    if (request.clientRequestToken) {
      this.tokens.set(request.clientRequestToken, executionId);
    }
    const execution: Execution = {
      status: { executionId, state: 'RUNNING', submittedAt: new Date() },
    };
    this.executions.set(executionId, execution);
    // runs in the background like an Athena execution; callers poll getQueryExecution
    this.run(execution, request).catch(() => undefined);
    return { executionId };
  }

  private async run(execution: Execution, request: StartQueryRequest) {
    const connection = await this.instance.connect();
    execution.connection = connection;
    const target = this.resultFile(execution.status.executionId);
    try {
      const sql = (await toDuckDbDialect(connection, request.sql))
        .trim()
        .replace(/;+\s*$/, '');
      await connection.run(
        `COPY (${sql}\n) TO ${quote(`${target}.tmp`)} (FORMAT parquet)`,
        request.parameters,
      );
      fs.renameSync(`${target}.tmp`, target);
      if (execution.status.state === 'RUNNING') {
        execution.status = {
          ...execution.status,
          state: 'SUCCEEDED',
          completedAt: new Date(),
        };
      }
    } catch (error) {
      fs.rmSync(`${target}.tmp`, { force: true });
      if (execution.status.state === 'RUNNING') {
        execution.status = {
          ...execution.status,
          state: 'FAILED',
          stateChangeReason: (error as Error).message,
          completedAt: new Date(),
        };
      }
    } finally {
      execution.connection = undefined;
      connection.closeSync();
    }
  }

  async getQueryExecution(executionId: string): Promise<QueryExecutionStatus> {
    const execution = this.executions.get(executionId);
    if (execution) {
      return { ...execution.status };
    }
    // results on disk outlive the process that wrote them
    if (fs.existsSync(this.resultFile(executionId))) {
      return { executionId, state: 'SUCCEEDED' };
    }
    throw new NotFoundError(`No query execution ${executionId}`);
  }

  async getQueryResults(
    executionId: string,
    options?: { nextToken?: string; maxResults?: number },
  ): Promise<QueryResultPage> {
    const status = await this.getQueryExecution(executionId);
    if (status.state !== 'SUCCEEDED') {
      throw new NotFoundError(
        `Query execution ${executionId} has no results (${status.state})`,
      );
    }
    const offset = Number(options?.nextToken ?? 0);
    const limit = Math.min(Math.max(options?.maxResults ?? 1000, 1), 1000);
    const reader = await this.connection.runAndReadAll(
      `SELECT * FROM read_parquet(${quote(
        this.resultFile(executionId),
      )}) LIMIT ${limit + 1} OFFSET ${offset}`,
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
      nextToken: hasMore ? String(offset + limit) : undefined,
    };
  }

  async stopQuery(executionId: string): Promise<void> {
    const execution = this.executions.get(executionId);
    if (!execution) {
      throw new NotFoundError(`No query execution ${executionId}`);
    }
    if (execution.status.state === 'RUNNING') {
      execution.status = {
        ...execution.status,
        state: 'CANCELLED',
        completedAt: new Date(),
      };
      execution.connection?.interrupt();
    }
  }

  close() {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  private resultFile(executionId: string): string {
    if (!/^[0-9a-f-]{36}$/.test(executionId)) {
      throw new NotFoundError(`No query execution ${executionId}`);
    }
    return path.join(this.options.resultsDir, `${executionId}.parquet`);
  }
}
