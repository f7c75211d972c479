import { ServiceUnavailableError } from '@backstage/errors';
import type {
  QueryResultColumn,
  QueryResultPage,
} from '@internal/plugin-security-lake-common';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { SqlGrammar } from './sql/SqlGrammar';

/** @public */
export type QueryState =
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'CANCELLED';

/**
 * A value bound to a positional `?` in the SQL. Engines bind it safely (DuckDB prepared parameters, Athena
 * `ExecutionParameters` literals); callers never splice values into SQL text.
 *
 * @public
 */
export type QueryParameter = string | number | boolean;

/** @public */
export interface StartQueryRequest {
  sql: string;
  parameters?: QueryParameter[];
  /** Idempotency token: the same token never starts a second execution. */
  clientRequestToken?: string;
}

/** @public */
export interface QueryExecutionStatus {
  executionId: string;
  state: QueryState;
  stateChangeReason?: string;
  dataScannedBytes?: number;
  submittedAt?: Date;
  completedAt?: Date;
  /** True when the engine answered from a recent identical execution. */
  reusedPreviousResult?: boolean;
  /** Rows in the result, when the engine knows. */
  rowCount?: number;
}

/** A column of a result or a table: the API's own type, so a page passes from engine to API unchanged. @public */
export type QueryColumn = QueryResultColumn;

/** One page of a result, as the engine gives it and the API serves it: the one result-page type. @public */
export type { QueryResultPage };

/** A table the engine can read, with its columns (partition columns included). @public */
export interface EngineTable {
  name: string;
  columns: QueryColumn[];
}

/** A statement kept in the engine (an Athena named query), offered read-only. @public */
export interface EngineNamedQuery {
  id: string;
  name: string;
  description?: string;
  database?: string;
  workGroup: string;
  sql: string;
}

/** @public */
export interface QueryEngineBase {
  /** A short name for logs and the UI, e.g. `athena` or `duckdb`. */
  readonly kind: string;
  /**
   * The grammar this engine parses SQL with. Ad-hoc SQL is always read with Trino's (what Athena runs);
   * an engine of another dialect brings its own, and a statement the two read differently is refused.
   * Without one, the engine is taken to read SQL as Trino does.
   */
  readonly grammar?: SqlGrammar;
  /** One page of a finished execution's result, at most 1,000 rows. */
  getQueryResults(
    executionId: string,
    options?: { cursor?: string; maxResults?: number },
  ): Promise<QueryResultPage>;
  /**
   * The whole result of a finished execution as CSV (a header row, then every field quoted, as Athena
   * writes its result objects), streamed from where the engine keeps it: never read into memory whole.
   */
  readResultCsv(executionId: string): Promise<Readable>;
  /** Rows in a finished execution's result, for engines that only tell when asked (Athena). */
  getRowCount?(executionId: string): Promise<number | undefined>;
  /** Where a person can look at the execution in the engine's own console, if it has one. */
  consoleUrl?(executionId: string): Promise<string | undefined>;
  /** The tables of one database with their columns, for people writing SQL. */
  listTables?(database: string): Promise<EngineTable[]>;
  /** The statements the engine keeps for reuse (Athena named queries of the configured workgroups). */
  listNamedQueries?(): Promise<EngineNamedQuery[]>;
}

/**
 * An engine that runs executions elsewhere (Athena): started, then polled until they end. An execution
 * outlives the process that started it, so another replica can carry on polling it.
 *
 * @public
 */
export interface RemoteQueryEngine extends QueryEngineBase {
  readonly mode: 'remote';
  startQuery(request: StartQueryRequest): Promise<{ executionId: string }>;
  getQueryExecution(executionId: string): Promise<QueryExecutionStatus>;
  stopQuery(executionId: string): Promise<void>;
}

/**
 * An engine that runs each execution in this process (DuckDB): the caller awaits it to the end and keeps
 * its state wherever it keeps its own (the broker: its database rows). An execution dies with the process,
 * so a caller that finds one unfinished after a restart runs it again.
 *
 * @public
 */
export interface InProcessQueryEngine extends QueryEngineBase {
  readonly mode: 'in-process';
  /**
   * Runs one statement to the end and answers with its final state: SUCCEEDED, FAILED (with the reason)
   * or CANCELLED when `signal` aborted it. SQL the engine refuses to run throws an `InputError`.
   */
  execute(
    request: StartQueryRequest & { executionId: string },
    options?: { signal?: AbortSignal },
  ): Promise<QueryExecutionStatus>;
  /** Deletes what an execution left behind (its result files) once no run needs it any more. */
  deleteResult(executionId: string): Promise<void>;
}

/**
 * The seam between the plugin and whatever runs SQL over the Security Lake tables. Both kinds expose the
 * tables as `amazon_security_lake_glue_db_<region>.amazon_security_lake_table_<region>_<source>_<version>`,
 * so the same SQL runs on either.
 *
 * @public
 */
export type QueryEngine = RemoteQueryEngine | InProcessQueryEngine;

/**
 * The engine refused the query because too many run at once (Athena's active query quota); retry later.
 * A `ServiceUnavailableError`, so the API answers 503.
 *
 * @public
 */
export class QueryCapacityError extends ServiceUnavailableError {}

const TERMINAL: readonly QueryState[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

/** @public */
export function isTerminalQueryState(state: QueryState): boolean {
  return TERMINAL.includes(state);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Runs one statement on either kind of engine and waits for its end: polls a remote engine with backoff
 * (stopping the execution when `signal` aborts), awaits an in-process one. For system queries such as the
 * coverage volume reads and for tests; people's runs go through the broker, which keeps state in rows.
 *
 * @public
 */
export async function runToCompletion(
  engine: QueryEngine,
  request: StartQueryRequest,
  options?: {
    signal?: AbortSignal;
    pollIntervalMs?: number;
    maxPollIntervalMs?: number;
  },
): Promise<QueryExecutionStatus> {
  if (engine.mode === 'in-process') {
    return engine.execute(
      { ...request, executionId: randomUUID() },
      { signal: options?.signal },
    );
  }
  const { executionId } = await engine.startQuery(request);
  const first = options?.pollIntervalMs ?? 100;
  const max = options?.maxPollIntervalMs ?? 2000;
  let stopped = false;
  for (let attempt = 0; ; attempt++) {
    if (options?.signal?.aborted && !stopped) {
      stopped = true;
      await engine.stopQuery(executionId);
    }
    const status = await engine.getQueryExecution(executionId);
    if (isTerminalQueryState(status.state)) {
      return status;
    }
    await sleep(Math.min(first * 2 ** attempt, max), options?.signal);
  }
}
