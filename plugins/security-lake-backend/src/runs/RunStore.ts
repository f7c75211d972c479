import { DatabaseService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { Knex } from 'knex';
import { AccountVisibility } from '../scope/AccountScope';
import { migrateSecurityLakeDatabase } from '../database/migrateSecurityLakeDatabase';
import { RowChanges } from '../database/waitFor';
import { RunLeaseStore } from './RunLeaseStore';
import { NewRun, Row, RUN_ACCOUNTS, RUNS, StoredRun, toRun } from './runRows';

export type { NewRun, RunUpdate, StoredRun } from './runRows';

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

/**
 * The run records in the plugin's database: a run with its accounts, the history a caller may see, the
 * earlier result an identical run may reuse, and cancellation. The broker's slots and leases on the same rows
 * are `leases`. Every write tells `changes`, so that a wait for a run of this replica wakes at once.
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

  /** Told of every write to the runs of this process, by this store and its `leases`. */
  readonly changes = new RowChanges();
  /** The broker's side of the same rows. */
  readonly leases: RunLeaseStore;

  /** Over a client whose migrations have run (`migrateSecurityLakeDatabase`). */
  constructor(private readonly db: Knex) {
    this.leases = new RunLeaseStore(db, this.changes);
  }

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
    this.changes.notify();
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
    this.changes.notify();
    return this.get(id);
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
    this.changes.notify();
  }
}
