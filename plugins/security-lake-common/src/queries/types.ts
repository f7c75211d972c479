import { SecurityLakeSourceName, SecurityLakeSourceVersion } from '../sources';

/**
 * The kinds of value a library query's parameter takes. The server checks each value against its
 * parameter's rules and binds it (Athena `ExecutionParameters`, DuckDB prepared parameters); no value is
 * ever written into SQL text.
 *
 * - `string`: free text, within `maxLength` and `pattern`;
 * - `integer`: a whole number within `min`/`max`;
 * - `choice`: one of `options`.
 *
 * @public
 */
export type LibraryQueryParameterType = 'string' | 'integer' | 'choice';

/** @public */
export interface LibraryQueryParameter {
  /** Name used in the SQL as `{{name}}` and as the key in a run's `parameters`. */
  name: string;
  title: string;
  description?: string;
  type: LibraryQueryParameterType;
  /** A run without the parameter gets this value; a parameter without a default is required. */
  default?: string | number;
  /** `string`: the longest value accepted; default 256. */
  maxLength?: number;
  /** `string`: a regular expression the whole value must match. */
  pattern?: string;
  /** `string`: an example shown in the form. */
  placeholder?: string;
  /** `integer`: bounds. */
  min?: number;
  max?: number;
  /** `choice`: the accepted values. */
  options?: string[];
}

/**
 * A query of the library, as the API lists it.
 *
 * Every run also takes the standard parameters `region`, `start` and `end` (ISO 8601 timestamps; the window
 * is bounded by the server) besides the query's own, and the accounts to run for.
 *
 * @public
 */
export interface LibraryQuerySummary {
  id: string;
  title: string;
  description: string;
  /** The sources the query reads; the first is the one `{{table}}` names. */
  sources: SecurityLakeSourceName[];
  /** Source versions the query has SQL for; version 2 is preferred. */
  sourceVersions: SecurityLakeSourceVersion[];
  tags: string[];
  /** The query's own parameters, beyond `region`, `start` and `end`. */
  parameters: LibraryQueryParameter[];
  /** The time window a run covers when it names none, in hours before now. */
  defaultWindowHours: number;
}

/**
 * A query of the curated library (served at `/queries`) with its SQL templates, one per source version: one
 * of the built-in ones, or an organisation's own that a module added. Not to be confused with a `TeamQuery`,
 * which a team saves.
 *
 * The templates name their inputs with placeholders the server replaces:
 * `{{table}}` / `{{table:SOURCE}}` (the quoted Glue table of the run's region and source version),
 * `{{accounts}}` (one bound `?` per account), `{{start}}` / `{{end}}` (bound timestamps; `{{startDay}}` /
 * `{{endDay}}` as `YYYYMMDD` for version 1 partitions), `{{startMs}}` / `{{endMs}}` (bound epoch
 * milliseconds) and `{{<parameter>}}` (the bound value). Every placeholder becomes a positional `?`.
 *
 * @public
 */
export interface LibraryQuery extends LibraryQuerySummary {
  sql: Partial<Record<SecurityLakeSourceVersion, string>>;
}

/** @public */
export interface LibraryQueryList {
  items: LibraryQuerySummary[];
}

/** Where an account the caller may query collects a query's first source. @public */
export interface LibraryQueryAvailability {
  accountId: string;
  region: string;
  version: SecurityLakeSourceVersion;
}

/** The bounds the server puts on every run, so a form can check them before sending. @public */
export interface QueryRunLimits {
  maxWindowDays: number;
  maxAccountsPerRun: number;
}

/** @public */
export interface LibraryQueryDetail {
  query: LibraryQuery;
  availability: LibraryQueryAvailability[];
  limits: QueryRunLimits;
}

/** @public */
export type QueryRunState =
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED'
  | 'FAILED'
  | 'CANCELLED';

/** @public */
export const QUERY_RUN_TERMINAL_STATES: readonly QueryRunState[] = [
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
];

/** The values a run was asked for: the query's own parameters and `region`, `start`, `end`. @public */
export type QueryRunParameters = Record<string, string | number>;

/**
 * A run of a library query (`queryId` with its `parameters`) or of ad-hoc SQL (`sql`, which needs
 * `security-lake.query.run-adhoc`): exactly one of the two.
 *
 * @public
 */
export interface QueryRunRequest {
  queryId?: string;
  /**
   * A library query's values; for ad-hoc SQL only `region` (default: where most of the accounts collect
   * data).
   */
  parameters?: QueryRunParameters;
  /** One read-only SELECT or WITH statement over the run's region's Security Lake tables. */
  sql?: string;
  /** For ad-hoc SQL: the time window every lake table is bounded by; default the last 24 hours. */
  window?: { start?: string; end?: string };
  /** For ad-hoc SQL: the name the run is listed under; default what it reads (`SQL over VPC Flow Logs`). */
  title?: string;
  accountIds: string[];
  /** The catalog entity whose page the run was started from, for that entity's history. */
  entityRef?: string;
}

/** Where a statement went wrong, as the parser reports it; line and column count from 1. @public */
export interface SqlProblem {
  message: string;
  line?: number;
  column?: number;
}

/** @public */
export interface SqlCheckRequest {
  sql: string;
  /** The region whose tables the statement reads; default any region. */
  region?: string;
}

/** @public */
export interface SqlCheckResult {
  valid: boolean;
  problems: SqlProblem[];
  /** The Security Lake tables the statement reads, as `database.table`. */
  tables: string[];
}

/** @public */
export interface QueryTableColumn {
  name: string;
  type: string;
}

/** One Security Lake table ad-hoc SQL may read, with its columns. @public */
export interface QueryTable {
  database: string;
  name: string;
  source: SecurityLakeSourceName;
  version: SecurityLakeSourceVersion;
  columns: QueryTableColumn[];
}

/** @public */
export interface QueryTableList {
  region: string;
  items: QueryTable[];
}

/**
 * A query a team keeps (served at `/saved-queries`): a library query with its parameter values, or an ad-hoc
 * statement, under a name.
 * Visible to the owning team and to platform owners.
 *
 * @public
 */
export interface TeamQuery {
  id: string;
  name: string;
  description?: string;
  /** The group that owns it, e.g. `group:default/team-payments`. */
  ownerRef: string;
  /** A library query's id; or */
  queryId?: string;
  /** its parameter values; */
  parameters?: QueryRunParameters;
  /** or an ad-hoc statement. */
  sql?: string;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

/** What a save or edit sends: a `queryId` (with `parameters`) or `sql`, exactly one. @public */
export interface TeamQueryInput {
  name: string;
  description?: string;
  /** Default: the caller's first team. */
  ownerRef?: string;
  queryId?: string;
  parameters?: QueryRunParameters;
  sql?: string;
}

/** @public */
export interface TeamQueryList {
  items: TeamQuery[];
}

/** An Athena named query of a configured workgroup, read-only. @public */
export interface NamedQuery {
  id: string;
  name: string;
  description?: string;
  database?: string;
  workGroup: string;
  sql: string;
}

/** @public */
export interface NamedQueryList {
  items: NamedQuery[];
}

/**
 * One run of a query: a row in the plugin's database, so that it survives a restart and any replica can
 * serve it.
 *
 * @public
 */
export interface QueryRun {
  id: string;
  /** The library query, when the run is one; a run can also carry SQL alone. */
  queryId?: string;
  title: string;
  /** The SQL sent to the engine, with `?` where each bound value goes. */
  sql: string;
  /** The values bound to the `?`s, in order. */
  boundValues: (string | number | boolean)[];
  parameters: QueryRunParameters;
  accountIds: string[];
  region: string;
  sourceVersion: SecurityLakeSourceVersion;
  engine: string;
  state: QueryRunState;
  /** Why the run failed or was cancelled, or what it waits for. */
  stateReason?: string;
  createdBy: string;
  entityRef?: string;
  createdAt: string;
  startedAt?: string;
  completedAt?: string;
  dataScannedBytes?: number;
  rowCount?: number;
  /** The engine's execution id (Athena's QueryExecutionId). */
  executionId?: string;
  /** The earlier run whose result this run reuses. */
  reusedRunId?: string;
  /** True when the engine itself answered from an earlier identical execution. */
  engineReusedResult?: boolean;
  cancelRequested: boolean;
  /** Where the run stands in the broker's queue, while queued. */
  queuePosition?: number;
  /** The execution in the Athena console, when the engine is Athena. */
  consoleUrl?: string;
}

/** @public */
export interface QueryRunList {
  items: QueryRun[];
  nextCursor?: string;
}

/** @public */
export interface QueryResultColumn {
  name: string;
  type: string;
}

/** One page of a run's result. Cells are text as Athena returns them, or null. @public */
export interface QueryResultPage {
  columns: QueryResultColumn[];
  rows: (string | null)[][];
  nextCursor?: string;
}
