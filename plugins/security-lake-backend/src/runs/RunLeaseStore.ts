import { QueryRunState } from '@internal/plugin-security-lake-common';
import { Knex } from 'knex';
import { RowChanges } from '../database/waitFor';
import { Row, RunUpdate, RUNS, StoredRun, toRun } from './runRows';

/**
 * The broker's side of the runs table: which queued runs may start, the engine's slots, and the leases
 * replicas hold on the runs they drive. Every transition is a conditional update on the row, so two replicas
 * never both start, finish or take over the same run.
 *
 * @internal
 */
export class RunLeaseStore {
  constructor(
    private readonly db: Knex,
    /** Told of every write, for the waits on a run (`RunStore.changes`). */
    private readonly changes: RowChanges,
  ) {}

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
      if (updated === 1) this.changes.notify();
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
    this.changes.notify();
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
    const updated = (await query.update(patch)) === 1;
    if (updated) this.changes.notify();
    return updated;
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
