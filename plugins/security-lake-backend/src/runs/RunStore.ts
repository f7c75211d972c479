import { DatabaseService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  QueryRun,
  QueryRunParameters,
  QueryRunState,
  SecurityLakeSourceVersion,
} from '@internal/plugin-security-lake-common';
import { Knex } from 'knex';
import { AccountVisibility } from '../scope/AccountScope';
import { migrateSecurityLakeDatabase } from '../database/migrateSecurityLakeDatabase';

const RUNS = 'query_runs';
const RUN_ACCOUNTS = 'query_run_accounts';

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

type Row = {
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

function toRun(row: Row): StoredRun {
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

/** A page of runs, newest first; the cursor is the last one's creation time and id. */
function encodeCursor(run: StoredRun): string {
  return Buffer.from(`${Date.parse(run.createdAt)}:${run.id}`).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const match = /^(\d{1,15}):([0-9a-f-]{36})$/.exec(
    Buffer.from(cursor, 'base64url').toString('utf8'),
  );
  if (!match) {
    throw new InputError('cursor: not a cursor this endpoint gave out');
  }
  return { createdAt: new Date(Number(match[1])), id: match[2] };
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

/**
 * The runs in the plugin's database. Every transition is a conditional update on the row, so two replicas
 * never both start, finish or take over the same run.
 *
 * @internal
 */
export class RunStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<RunStore> {
    return new RunStore(
      await migrateSecurityLakeDatabase(options.database, options),
    );
  }

  /** Over a client whose migrations have run (`migrateSecurityLakeDatabase`). */
  constructor(private readonly db: Knex) {}

  /** Adds a run and its accounts in one transaction: all of it or nothing. */
  async insert(run: NewRun): Promise<StoredRun> {
    await this.db.transaction(async tx => {
      await tx(RUNS).insert({
        id: run.id,
        query_id: run.queryId ?? null,
        title: run.title,
        sql: run.sql,
        bound_values: JSON.stringify(run.boundValues),
        parameters: JSON.stringify(run.parameters),
        account_ids: JSON.stringify(run.accountIds),
        region: run.region,
        source_version: run.sourceVersion,
        engine: run.engine,
        state: run.state ?? 'QUEUED',
        created_by: run.createdBy,
        team_ref: run.teamRef,
        entity_ref: run.entityRef ?? null,
        fingerprint: run.fingerprint,
        created_at: new Date(),
        started_at: run.startedAt ? new Date(run.startedAt) : null,
        completed_at: run.completedAt ? new Date(run.completedAt) : null,
        execution_id: run.executionId ?? null,
        reused_run_id: run.reusedRunId ?? null,
        row_count: run.rowCount ?? null,
        data_scanned_bytes: run.dataScannedBytes ?? null,
        next_check_at: run.state && run.state !== 'QUEUED' ? null : 0,
      });
      await tx(RUN_ACCOUNTS).insert(
        run.accountIds.map(accountId => ({
          run_id: run.id,
          account_id: accountId,
        })),
      );
    });
    return (await this.get(run.id))!;
  }

  async get(id: string): Promise<StoredRun | undefined> {
    const row = await this.db<Row>(RUNS).where({ id }).first();
    return row ? toRun(row) : undefined;
  }

  /**
   * The newest succeeded run, completed since `since`, whose result may answer `run`: the same engine, the
   * same SQL, the same bound values and the same accounts, compared as they are and not only through the
   * fingerprint (their hash). The accounts of a run are bound values too, so a run over other accounts,
   * another team's, never shares a result.
   */
  async findReusable(
    run: Pick<
      NewRun,
      'fingerprint' | 'engine' | 'sql' | 'boundValues' | 'accountIds'
    >,
    since: Date,
  ): Promise<StoredRun | undefined> {
    const row = await this.db<Row>(RUNS)
      .where({
        fingerprint: run.fingerprint,
        state: 'SUCCEEDED',
        engine: run.engine,
        sql: run.sql,
        bound_values: JSON.stringify(run.boundValues),
        account_ids: JSON.stringify(run.accountIds),
      })
      .whereNotNull('execution_id')
      .where('completed_at', '>=', since)
      .orderBy('completed_at', 'desc')
      .first();
    return row ? toRun(row) : undefined;
  }

  /** Runs a caller may see, newest first. */
  async list(options: {
    visibility: AccountVisibility;
    createdBy?: string;
    entityRef?: string;
    queryId?: string;
    cursor?: string;
    limit: number;
  }): Promise<{ items: StoredRun[]; nextCursor?: string }> {
    const query = this.db<Row>(`${RUNS} as r`).select('r.*');
    this.applyVisibility(query, options.visibility);
    if (options.createdBy) query.where('r.created_by', options.createdBy);
    if (options.entityRef) query.where('r.entity_ref', options.entityRef);
    if (options.queryId) query.where('r.query_id', options.queryId);
    if (options.cursor) {
      const { createdAt, id } = decodeCursor(options.cursor);
      query.where(q =>
        q
          .where('r.created_at', '<', createdAt)
          .orWhere(q2 =>
            q2.where('r.created_at', '=', createdAt).andWhere('r.id', '<', id),
          ),
      );
    }
    const rows = await query
      .orderBy([
        { column: 'r.created_at', order: 'desc' },
        { column: 'r.id', order: 'desc' },
      ])
      .limit(options.limit + 1);
    const items = rows.slice(0, options.limit).map(toRun);
    return {
      items,
      ...(rows.length > options.limit
        ? { nextCursor: encodeCursor(items[items.length - 1]) }
        : {}),
    };
  }

  private applyVisibility(
    query: Knex.QueryBuilder,
    visibility: AccountVisibility,
  ) {
    if (visibility.all) return;
    const allowed = visibility.accountIds;
    query.whereNotExists(sub => {
      sub
        .select(this.db.raw('1'))
        .from(`${RUN_ACCOUNTS} as a`)
        .whereRaw('a.run_id = r.id');
      if (allowed.length > 0) sub.whereNotIn('a.account_id', allowed);
    });
  }

  /** Runs queued on this engine ahead of the given one. */
  async queuePosition(run: StoredRun): Promise<number> {
    const [{ n }] = await this.db(RUNS)
      .where({ engine: run.engine, state: 'QUEUED' })
      .andWhere(q =>
        q
          .where('created_at', '<', new Date(run.createdAt))
          .orWhere(q2 =>
            q2
              .where('created_at', '=', new Date(run.createdAt))
              .andWhere('id', '<', run.id),
          ),
      )
      .count({ n: '*' });
    return Number(n) + 1;
  }

  /**
   * Cancels a queued run at once, or marks a running one for the replica driving it. Answers the run as
   * it is afterwards.
   */
  async requestCancel(id: string): Promise<StoredRun | undefined> {
    const now = new Date();
    await this.db(RUNS).where({ id, state: 'QUEUED' }).update({
      state: 'CANCELLED',
      state_reason: 'Cancelled before it started',
      completed_at: now,
      cancel_requested_at: now,
      next_check_at: null,
    });
    await this.db(RUNS)
      .where({ id, state: 'RUNNING' })
      .whereNull('cancel_requested_at')
      .update({ cancel_requested_at: now, next_check_at: 0 });
    return this.get(id);
  }

  // --- the broker's side -------------------------------------------------------------------------------

  /** Queued runs of an engine whose start is due, oldest first. */
  async listStartable(
    engine: string,
    now: number,
    limit: number,
  ): Promise<StoredRun[]> {
    const rows = await this.db<Row>(RUNS)
      .where({ engine, state: 'QUEUED' })
      .where(q =>
        q.whereNull('next_check_at').orWhere('next_check_at', '<=', now),
      )
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(limit);
    return rows.map(toRun);
  }

  /** When each of these teams last had a run started on the engine (epoch ms); teams never started are absent. */
  async lastStartByTeam(
    engine: string,
    teamRefs: string[],
  ): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let i = 0; i < teamRefs.length; i += 500) {
      const rows: { team_ref: string; last: Date | string | number }[] =
        await this.db(RUNS)
          .where({ engine })
          .whereIn('team_ref', teamRefs.slice(i, i + 500))
          .whereNotNull('started_at')
          .groupBy('team_ref')
          .select('team_ref')
          .max({ last: 'started_at' });
      for (const row of rows) {
        out.set(row.team_ref, new Date(row.last).getTime());
      }
    }
    return out;
  }

  /**
   * The earliest moment this replica has something to do on the engine: a queued run's start (now, or its
   * retry time), a check of a run it drives, or a lease that runs out. Undefined when there is nothing.
   */
  async nextDueAt(engine: string, owner: string): Promise<number | undefined> {
    const [queued] = await this.db(RUNS)
      .where({ engine, state: 'QUEUED' })
      .min({ at: 'next_check_at' });
    const [mine] = await this.db(RUNS)
      .where({ engine, state: 'RUNNING', lease_owner: owner })
      .min({ at: 'next_check_at' });
    const [others] = await this.db(RUNS)
      .where({ engine, state: 'RUNNING' })
      .andWhere(q =>
        q.whereNot('lease_owner', owner).orWhereNull('lease_owner'),
      )
      .min({ at: 'lease_expires_at' });
    const times = [queued?.at, mine?.at, others?.at]
      .filter(v => v !== null && v !== undefined)
      .map(Number);
    return times.length ? Math.min(...times) : undefined;
  }

  /** The slots taken on an engine, and by which team. */
  async listSlots(
    engine: string,
  ): Promise<{ slot: number; teamRef: string }[]> {
    const rows = await this.db(RUNS)
      .where({ engine })
      .whereNotNull('slot')
      .select('slot', 'team_ref');
    return rows.map(r => ({ slot: Number(r.slot), teamRef: r.team_ref }));
  }

  /**
   * Takes a slot for a queued run and the lease on it. False when another replica was first: the run is
   * no longer queued, or the slot is taken (the unique (engine, slot) index says no).
   */
  async claimStart(
    id: string,
    slot: number,
    owner: string,
    leaseExpiresAt: number,
  ): Promise<boolean> {
    try {
      const updated = await this.db(RUNS)
        .where({ id, state: 'QUEUED' })
        .whereNull('slot')
        .update({
          state: 'RUNNING',
          slot,
          lease_owner: owner,
          lease_expires_at: leaseExpiresAt,
          started_at: new Date(),
          state_reason: null,
          next_check_at: 0,
          checks: 0,
        });
      return updated === 1;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /**
   * Running runs of an engine this replica should look at now: its own whose check is due, and any
   * whose lease has run out (their replica stopped).
   */
  async listDue(
    engine: string,
    owner: string,
    now: number,
  ): Promise<StoredRun[]> {
    const rows = await this.db<Row>(RUNS)
      .where({ engine, state: 'RUNNING' })
      .andWhere(q =>
        q
          .where(q2 =>
            q2
              .where('lease_owner', owner)
              .andWhere(q3 =>
                q3
                  .whereNull('next_check_at')
                  .orWhere('next_check_at', '<=', now),
              ),
          )
          .orWhere('lease_expires_at', '<', now)
          .orWhereNull('lease_owner'),
      );
    return rows.map(toRun);
  }

  /** Takes over (or keeps) the lease on a running run; false when another replica holds it. */
  async takeLease(
    run: StoredRun,
    owner: string,
    leaseExpiresAt: number,
    now: number,
  ): Promise<boolean> {
    const updated = await this.db(RUNS)
      .where({ id: run.id, state: 'RUNNING' })
      .andWhere(q =>
        q
          .where('lease_owner', owner)
          .orWhereNull('lease_owner')
          .orWhere('lease_expires_at', '<', now),
      )
      .update({ lease_owner: owner, lease_expires_at: leaseExpiresAt });
    return updated === 1;
  }

  /** Keeps this replica's leases on the runs it is executing in process. */
  async renewLeases(
    ids: string[],
    owner: string,
    leaseExpiresAt: number,
  ): Promise<void> {
    if (ids.length === 0) return;
    await this.db(RUNS)
      .whereIn('id', ids)
      .where({ lease_owner: owner, state: 'RUNNING' })
      .update({ lease_expires_at: leaseExpiresAt });
  }

  /** Lets the leases of this replica's runs go at once, so another replica takes them over without waiting. */
  async releaseLeases(owner: string): Promise<void> {
    await this.db(RUNS)
      .where({ lease_owner: owner, state: 'RUNNING' })
      .update({ lease_owner: null, lease_expires_at: 0, next_check_at: 0 });
  }

  /**
   * Records what the broker learnt, if this replica still drives the run (`owner`) and it is still in
   * `from`. Ending a run, or putting it back in the queue, gives its slot back.
   */
  async update(
    id: string,
    from: QueryRunState,
    owner: string | undefined,
    update: RunUpdate,
  ): Promise<boolean> {
    const patch: Record<string, unknown> = {};
    if (update.state) patch.state = update.state;
    if (update.stateReason !== undefined)
      patch.state_reason = update.stateReason;
    if (update.executionId) patch.execution_id = update.executionId;
    if (update.startedAt) patch.started_at = update.startedAt;
    if (update.completedAt) patch.completed_at = update.completedAt;
    if (update.dataScannedBytes !== undefined)
      patch.data_scanned_bytes = update.dataScannedBytes;
    if (update.rowCount !== undefined) patch.row_count = update.rowCount;
    if (update.engineReused !== undefined)
      patch.engine_reused = update.engineReused;
    if (update.nextCheckAt !== undefined)
      patch.next_check_at = update.nextCheckAt;
    if (update.checks !== undefined) patch.checks = update.checks;
    if (update.attempts !== undefined) patch.attempts = update.attempts;
    if (update.leaseExpiresAt !== undefined)
      patch.lease_expires_at = update.leaseExpiresAt;
    if (update.release) {
      patch.slot = null;
      patch.lease_owner = null;
      patch.lease_expires_at = null;
    }
    const query = this.db(RUNS).where({ id, state: from });
    if (owner) query.where('lease_owner', owner);
    return (await query.update(patch)) === 1;
  }

  /**
   * Deletes ended runs created before `before`, and answers the executions no remaining run refers to
   * (a reused run keeps its earlier run's execution alive).
   */
  async deleteEndedBefore(before: Date): Promise<{
    deleted: number;
    orphanedExecutionIds: string[];
  }> {
    return this.db.transaction(async tx => {
      const old = await tx(RUNS)
        .where('created_at', '<', before)
        .whereIn('state', ['SUCCEEDED', 'FAILED', 'CANCELLED'])
        .select('id', 'execution_id');
      if (old.length === 0) return { deleted: 0, orphanedExecutionIds: [] };
      const ids = old.map(r => r.id as string);
      const executions = [
        ...new Set(
          old.map(r => r.execution_id as string | null).filter(Boolean),
        ),
      ] as string[];
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        await tx(RUN_ACCOUNTS).whereIn('run_id', chunk).delete();
        await tx(RUNS).whereIn('id', chunk).delete();
      }
      const stillUsed = new Set<string>();
      for (let i = 0; i < executions.length; i += 500) {
        const rows = await tx(RUNS)
          .whereIn('execution_id', executions.slice(i, i + 500))
          .select('execution_id');
        rows.forEach(r => stillUsed.add(r.execution_id));
      }
      return {
        deleted: ids.length,
        orphanedExecutionIds: executions.filter(e => !stillUsed.has(e)),
      };
    });
  }

  /** Sets the row count of a finished run once the engine has told it. */
  async setRowCount(id: string, rowCount: number): Promise<void> {
    await this.db(RUNS).where({ id }).update({ row_count: rowCount });
  }
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed|duplicate key value/i.test(e?.message ?? '')
  );
}
