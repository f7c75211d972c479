/*
 * The runs table as both run stores read it: the run records (RunStore) and the broker's leases on them
 * (RunLeaseStore).
 */
import {
  QueryRun,
  QueryRunParameters,
  QueryRunState,
  SecurityLakeSourceVersion,
} from '@internal/plugin-security-lake-common';

/** The runs table, and the table of each run's accounts (what visibility is decided on). @internal */
export const RUNS = 'query_runs';
/** @internal */
export const RUN_ACCOUNTS = 'query_run_accounts';

/** A run as the broker keeps it: the API's view plus what only the broker needs. @internal */
export interface StoredRun
  extends Omit<QueryRun, 'queuePosition' | 'consoleUrl'> {
  teamRef: string;
  fingerprint: string;
  slot?: number;
  leaseOwner?: string;
  leaseExpiresAt?: number;
  nextCheckAt?: number;
  checks: number;
  attempts: number;
}

/** What a new run is made of. @internal */
export type NewRun = Pick<
  StoredRun,
  | 'id'
  | 'queryId'
  | 'title'
  | 'sql'
  | 'boundValues'
  | 'parameters'
  | 'accountIds'
  | 'region'
  | 'sourceVersion'
  | 'engine'
  | 'createdBy'
  | 'teamRef'
  | 'entityRef'
  | 'fingerprint'
> &
  Partial<
    Pick<
      StoredRun,
      | 'state'
      | 'executionId'
      | 'reusedRunId'
      | 'rowCount'
      | 'dataScannedBytes'
      | 'completedAt'
      | 'startedAt'
    >
  >;

/** A row of the runs table, as either database hands it back. @internal */
export type Row = {
  id: string;
  query_id: string | null;
  title: string;
  sql: string;
  bound_values: string;
  parameters: string;
  account_ids: string;
  region: string;
  source_version: string;
  engine: string;
  state: string;
  state_reason: string | null;
  created_by: string;
  team_ref: string;
  entity_ref: string | null;
  fingerprint: string;
  created_at: Date | string | number;
  started_at: Date | string | number | null;
  completed_at: Date | string | number | null;
  cancel_requested_at: Date | string | number | null;
  data_scanned_bytes: number | string | null;
  row_count: number | string | null;
  execution_id: string | null;
  reused_run_id: string | null;
  engine_reused: boolean | number | null;
  slot: number | null;
  lease_owner: string | null;
  lease_expires_at: number | string | null;
  next_check_at: number | string | null;
  checks: number;
  attempts: number;
};

function iso(value: Date | string | number | null): string | undefined {
  if (value === null || value === undefined) return undefined;
  // SQLite hands timestamps back as epoch milliseconds or text, PostgreSQL as Dates
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function num(value: number | string | null): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}

/** @internal */
export function toRun(row: Row): StoredRun {
  return {
    id: row.id,
    ...(row.query_id ? { queryId: row.query_id } : {}),
    title: row.title,
    sql: row.sql,
    boundValues: JSON.parse(row.bound_values),
    parameters: JSON.parse(row.parameters) as QueryRunParameters,
    accountIds: JSON.parse(row.account_ids),
    region: row.region,
    sourceVersion: row.source_version as SecurityLakeSourceVersion,
    engine: row.engine,
    state: row.state as QueryRunState,
    ...(row.state_reason ? { stateReason: row.state_reason } : {}),
    createdBy: row.created_by,
    teamRef: row.team_ref,
    ...(row.entity_ref ? { entityRef: row.entity_ref } : {}),
    fingerprint: row.fingerprint,
    createdAt: iso(row.created_at)!,
    ...(row.started_at ? { startedAt: iso(row.started_at) } : {}),
    ...(row.completed_at ? { completedAt: iso(row.completed_at) } : {}),
    cancelRequested: row.cancel_requested_at !== null,
    ...(row.data_scanned_bytes !== null
      ? { dataScannedBytes: num(row.data_scanned_bytes) }
      : {}),
    ...(row.row_count !== null ? { rowCount: num(row.row_count) } : {}),
    ...(row.execution_id ? { executionId: row.execution_id } : {}),
    ...(row.reused_run_id ? { reusedRunId: row.reused_run_id } : {}),
    ...(row.engine_reused !== null
      ? { engineReusedResult: Boolean(row.engine_reused) }
      : {}),
    ...(row.slot !== null ? { slot: row.slot } : {}),
    ...(row.lease_owner ? { leaseOwner: row.lease_owner } : {}),
    ...(row.lease_expires_at !== null
      ? { leaseExpiresAt: num(row.lease_expires_at) }
      : {}),
    ...(row.next_check_at !== null
      ? { nextCheckAt: num(row.next_check_at) }
      : {}),
    checks: row.checks,
    attempts: row.attempts,
  };
}

/** The changes the broker records as a run moves on. @internal */
export interface RunUpdate {
  state?: QueryRunState;
  stateReason?: string | null;
  executionId?: string;
  startedAt?: Date;
  completedAt?: Date;
  dataScannedBytes?: number;
  rowCount?: number;
  engineReused?: boolean;
  nextCheckAt?: number | null;
  checks?: number;
  attempts?: number;
  leaseExpiresAt?: number;
  /** Gives the slot and the lease back: the run has ended or waits in the queue again. */
  release?: boolean;
}
