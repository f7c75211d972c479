import { ServiceUnavailableError } from '@backstage/errors';

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
}

/** @public */
export interface QueryColumn {
  name: string;
  type: string;
}

/**
 * One page of results. Cells are text (as Athena returns them) or null; nested values are JSON.
 *
 * @public
 */
export interface QueryResultPage {
  columns: QueryColumn[];
  rows: (string | null)[][];
  nextToken?: string;
}

/**
 * The seam between the plugin and whatever runs SQL over the Security Lake tables. Both implementations
 * expose the tables as `amazon_security_lake_glue_db_<region>.amazon_security_lake_table_<region>_<source>_<version>`,
 * so the same SQL runs on either.
 *
 * @public
 */
export interface QueryEngine {
  /** A short name for logs and the UI, e.g. `athena` or `duckdb`. */
  readonly kind: string;
  startQuery(request: StartQueryRequest): Promise<{ executionId: string }>;
  getQueryExecution(executionId: string): Promise<QueryExecutionStatus>;
  getQueryResults(
    executionId: string,
    options?: { nextToken?: string; maxResults?: number },
  ): Promise<QueryResultPage>;
  stopQuery(executionId: string): Promise<void>;
}

/**
 * The engine refused the query because too many run at once (Athena's active query quota); retry later.
 * A `ServiceUnavailableError`, so the API answers 503.
 *
 * @public
 */
export class QueryCapacityError extends ServiceUnavailableError {}
