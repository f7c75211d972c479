import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  isTerminalQueryState,
  QueryCapacityError,
  QueryEngine,
  QueryExecutionStatus,
} from '@internal/plugin-security-lake-node';
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { RunStore, StoredRun } from './RunStore';

/** @internal */
export interface BrokerSettings {
  /** Runs on the engine at once, across every replica (Athena's active-query quota, minus headroom). */
  maxConcurrent: number;
  /** First engine poll after a start; later polls back off by half again each time. */
  pollIntervalMs: number;
  maxPollIntervalMs: number;
  /** How long a replica's hold on a run lasts without renewal before another replica takes it over. */
  leaseMs: number;
  /** Start attempts before a run that keeps failing to start (or to survive a restart) fails. */
  maxAttempts: number;
  /** Wait before trying again when the engine says it is at capacity. */
  capacityRetryMs: number;
  /** The loop's pace: never sooner than `busyTickMs` apart, never later than `idleTickMs`. */
  busyTickMs: number;
  idleTickMs: number;
  /** Engine calls (starts, polls) one pass makes at once. */
  engineCallConcurrency: number;
}

/** @internal */
export const DEFAULT_BROKER_SETTINGS: BrokerSettings = {
  maxConcurrent: 16,
  pollIntervalMs: 200,
  maxPollIntervalMs: 5000,
  leaseMs: 30_000,
  maxAttempts: 5,
  capacityRetryMs: 5000,
  busyTickMs: 50,
  idleTickMs: 1000,
  engineCallConcurrency: 8,
};

/**
 * Fair turns: the queued run of the team with the fewest running; on a tie, of the team whose last start
 * (`lastStartByTeam`, ms, from the runs table so every replica agrees) is longest ago or that has had none,
 * then of the team with the oldest queued run.
 * @internal
 */
export function pickFairly(
  queued: Pick<StoredRun, 'id' | 'teamRef'>[],
  runningByTeam: Map<string, number>,
  free: number,
  lastStartByTeam: Map<string, number> = new Map(),
): string[] {
  const heads = new Map<string, Pick<StoredRun, 'id' | 'teamRef'>[]>();
  for (const run of queued) {
    // `queued` is oldest first, so each team's list is too
    const list = heads.get(run.teamRef) ?? [];
    list.push(run);
    heads.set(run.teamRef, list);
  }
  const running = new Map(runningByTeam);
  const lastStart = new Map(lastStartByTeam);
  const order = [...heads.keys()]; // team order = order of each team's oldest run
  const picked: string[] = [];
  // a team whose runs ended is back to none running, yet it has had its turn: a team still waiting goes first
  const before = (a: string, b: string) => {
    const runningA = running.get(a) ?? 0;
    const runningB = running.get(b) ?? 0;
    if (runningA !== runningB) return runningA < runningB;
    return (lastStart.get(a) ?? -Infinity) < (lastStart.get(b) ?? -Infinity);
  };
  while (picked.length < free) {
    let best: string | undefined;
    for (const team of order) {
      if (!heads.get(team)!.length) continue;
      if (best === undefined || before(team, best)) {
        best = team;
      }
    }
    if (best === undefined) break;
    picked.push(heads.get(best)!.shift()!.id);
    running.set(best, (running.get(best) ?? 0) + 1);
    lastStart.set(best, Infinity);
  }
  return picked;
}

/** What a run's row says about how it ended. */
function endReason(status: QueryExecutionStatus): string | null {
  if (status.state === 'CANCELLED') return 'Cancelled';
  if (status.state === 'FAILED') {
    return status.stateChangeReason ?? 'The engine reported a failure';
  }
  return null;
}

/**
 * Starts, follows and ends query runs. Each replica runs one broker loop over the runs in the database;
 * nothing about a run lives only here. A run takes one of the engine's `maxConcurrent` slots (a unique
 * (engine, slot) in the table, so the cap holds across replicas) when it starts and gives it back when it
 * ends. The replica that starts a run holds a lease on it and polls the engine with backoff; when a replica
 * stops, its leases run out (or are handed back at shutdown) and another replica carries on: polling an
 * Athena execution by its id, or running an in-process (DuckDB) execution again.
 *
 * @internal
 */
export class RunBroker {
  readonly owner = randomUUID();
  private readonly settings: BrokerSettings;
  private readonly inFlight = new Map<string, AbortController>();
  private readonly limit: ReturnType<typeof pLimit>;
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private again = false;
  private stopping = false;
  /** When the next pass is due: the earliest start retry or check this replica may make, or now. */
  private nextDueAt?: number;
  private lastRenewal = 0;

  constructor(
    private readonly options: {
      engine: QueryEngine;
      store: RunStore;
      logger: LoggerService;
      settings?: Partial<BrokerSettings>;
    },
  ) {
    this.settings = { ...DEFAULT_BROKER_SETTINGS, ...options.settings };
    this.limit = pLimit(this.settings.engineCallConcurrency);
  }

  get engine(): QueryEngine {
    return this.options.engine;
  }

  start() {
    this.stopping = false;
    this.schedule(0);
  }

  /** Looks at the queue now, e.g. right after a run was submitted. */
  kick() {
    if (this.stopping) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /**
   * Stops the loop and hands this replica's runs back: in-process executions are interrupted and their
   * leases released at once, so another replica runs them again without waiting for the lease to lapse.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.ticking?.catch(() => undefined);
    for (const controller of this.inFlight.values()) controller.abort();
    this.inFlight.clear();
    await this.options.store.leases.releaseLeases(this.owner);
  }

  private schedule(ms: number) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.ticking = this.tick()
        .catch(error =>
          this.options.logger.warn(`Query broker: ${(error as Error).message}`),
        )
        .finally(() => {
          this.ticking = undefined;
          if (this.stopping) return;
          const { busyTickMs, idleTickMs } = this.settings;
          const next = this.again
            ? 0
            : Math.min(
                Math.max((this.nextDueAt ?? Infinity) - Date.now(), busyTickMs),
                idleTickMs,
              );
          this.again = false;
          this.schedule(next);
        });
    }, ms);
    this.timer.unref?.();
  }

  /** One pass: start what may start, follow what runs. Exposed for tests. */
  async tick(): Promise<void> {
    await this.startQueued();
    await this.followRunning();
    await this.renewInFlight();
    this.nextDueAt = await this.options.store.leases.nextDueAt(
      this.options.engine.kind,
      this.owner,
    );
  }

  private async startQueued(): Promise<void> {
    const { store, engine } = this.options;
    const now = Date.now();
    const slots = await store.leases.listSlots(engine.kind);
    const free = this.settings.maxConcurrent - slots.length;
    if (free <= 0) return;
    const queued = await store.leases.listStartable(engine.kind, now, 500);
    if (queued.length === 0) return;
    const running = new Map<string, number>();
    for (const { teamRef } of slots) {
      running.set(teamRef, (running.get(teamRef) ?? 0) + 1);
    }
    const taken = new Set(slots.map(s => s.slot));
    const byId = new Map(queued.map(r => [r.id, r]));
    const lastStarts = await store.leases.lastStartByTeam(engine.kind, [
      ...new Set(queued.map(r => r.teamRef)),
    ]);
    const launches: StoredRun[] = [];
    for (const id of pickFairly(queued, running, free, lastStarts)) {
      let slot = 0;
      while (taken.has(slot)) slot++;
      if (slot >= this.settings.maxConcurrent) break;
      const claimed = await store.leases.claimStart(
        id,
        slot,
        this.owner,
        Date.now() + this.settings.leaseMs,
      );
      if (!claimed) {
        // another replica was first to the run or the slot; the next pass sees the new state
        this.again = true;
        break;
      }
      taken.add(slot);
      const run = byId.get(id)!;
      launches.push({ ...run, attempts: run.attempts + 1 });
    }
    // the slots are taken in turn order; the engine calls go out together
    await Promise.all(launches.map(run => this.limit(() => this.launch(run))));
  }

  /** Sends a run to the engine, under this replica's lease. */
  private async launch(run: StoredRun): Promise<void> {
    const { engine, store } = this.options;
    const attempts = run.attempts;
    if (engine.mode === 'in-process') {
      const executionId = randomUUID();
      const controller = new AbortController();
      this.inFlight.set(run.id, controller);
      await store.leases.update(run.id, 'RUNNING', this.owner, {
        executionId,
        attempts,
        nextCheckAt: Date.now() + this.settings.maxPollIntervalMs,
      });
      engine
        .execute(
          { sql: run.sql, parameters: run.boundValues, executionId },
          { signal: controller.signal },
        )
        .then(
          status => this.finish(run, status),
          error => this.failToStart(run, attempts, error),
        )
        .finally(() => this.inFlight.delete(run.id))
        .catch(error =>
          this.options.logger.warn(
            `Query run ${run.id}: ${(error as Error).message}`,
          ),
        );
      return;
    }
    try {
      // the run id is the idempotency token: starting again after a crash finds the same execution
      const { executionId } = await engine.startQuery({
        sql: run.sql,
        parameters: run.boundValues,
        clientRequestToken: run.id,
      });
      await store.leases.update(run.id, 'RUNNING', this.owner, {
        executionId,
        attempts,
        checks: 0,
        nextCheckAt: Date.now() + this.settings.pollIntervalMs,
      });
    } catch (error) {
      await this.failToStart(run, attempts, error);
    }
  }

  private async failToStart(run: StoredRun, attempts: number, error: unknown) {
    if (this.stopping) return;
    const { store } = this.options;
    const message = (error as Error).message;
    if (error instanceof InputError || (error as Error).name === 'InputError') {
      await store.leases.update(run.id, 'RUNNING', this.owner, {
        state: 'FAILED',
        stateReason: message,
        completedAt: new Date(),
        attempts,
        release: true,
      });
      return;
    }
    if (attempts >= this.settings.maxAttempts) {
      await store.leases.update(run.id, 'RUNNING', this.owner, {
        state: 'FAILED',
        stateReason: `Could not start after ${attempts} attempts: ${message}`,
        completedAt: new Date(),
        attempts,
        release: true,
      });
      return;
    }
    const atCapacity = error instanceof QueryCapacityError;
    // back in the queue, slot given back, tried again later
    await store.leases.update(run.id, 'RUNNING', this.owner, {
      state: 'QUEUED',
      stateReason: atCapacity
        ? `Waiting: the ${this.options.engine.kind} engine is at its limit of queries running at once`
        : `Waiting to try again: ${message}`,
      attempts: atCapacity ? attempts - 1 : attempts,
      nextCheckAt:
        Date.now() +
        (atCapacity
          ? this.settings.capacityRetryMs
          : this.settings.pollIntervalMs * 2 ** attempts),
      release: true,
    });
  }

  /** Records an execution's end, if this replica still drives the run. */
  private async finish(run: StoredRun, status: QueryExecutionStatus) {
    if (this.stopping) return;
    const { store, engine } = this.options;
    const ended = await store.leases.update(run.id, 'RUNNING', this.owner, {
      state: status.state,
      stateReason: endReason(status),
      completedAt: status.completedAt ?? new Date(),
      dataScannedBytes: status.dataScannedBytes,
      rowCount: status.rowCount,
      engineReused: status.reusedPreviousResult,
      nextCheckAt: null,
      release: true,
    });
    if (
      ended &&
      status.state === 'SUCCEEDED' &&
      status.rowCount === undefined
    ) {
      // Athena tells the row count separately; the run is readable before it arrives
      engine
        .getRowCount?.(status.executionId)
        .then(count =>
          count === undefined ? undefined : store.setRowCount(run.id, count),
        )
        .catch(() => undefined);
    }
  }

  private async followRunning(): Promise<void> {
    const { store, engine } = this.options;
    const now = Date.now();
    const due = await store.leases.listDue(engine.kind, this.owner, now);
    await Promise.all(
      due.map(run => this.limit(() => this.followOne(run, now))),
    );
  }

  private async followOne(run: StoredRun, now: number): Promise<void> {
    const { store } = this.options;
    const mine =
      run.leaseOwner === this.owner && (run.leaseExpiresAt ?? 0) >= now;
    if (!mine) {
      const taken = await store.leases.takeLease(
        run,
        this.owner,
        now + this.settings.leaseMs,
        now,
      );
      if (!taken) return;
      this.options.logger.info(
        `Query run ${run.id}: taken over from a replica that stopped`,
      );
    }
    try {
      await this.follow(run, !mine);
    } catch (error) {
      this.options.logger.warn(
        `Query run ${run.id}: ${(error as Error).message}`,
      );
      await store.leases.update(run.id, 'RUNNING', this.owner, {
        nextCheckAt: Date.now() + this.settings.maxPollIntervalMs,
      });
    }
  }

  private async follow(run: StoredRun, takenOver: boolean) {
    const { store, engine } = this.options;
    const now = Date.now();
    if (engine.mode === 'in-process') {
      const controller = this.inFlight.get(run.id);
      if (controller) {
        if (run.cancelRequested) controller.abort();
        await store.leases.update(run.id, 'RUNNING', this.owner, {
          nextCheckAt: now + this.settings.maxPollIntervalMs,
        });
        return;
      }
      // the replica running it stopped: the execution went with it
      if (run.cancelRequested) {
        await this.finish(run, {
          executionId: run.executionId ?? '',
          state: 'CANCELLED',
        });
        return;
      }
      if (run.attempts >= this.settings.maxAttempts) {
        await this.failToStart(
          run,
          run.attempts,
          new Error('the backend running it stopped each time'),
        );
        return;
      }
      await this.launch({ ...run, attempts: run.attempts + 1 });
      return;
    }

    if (!run.executionId) {
      // started, then the replica stopped before it recorded the execution: the same token finds it
      await this.launch(run);
      return;
    }
    if (run.cancelRequested) {
      await engine
        .stopQuery(run.executionId)
        .catch(error =>
          this.options.logger.warn(
            `Query run ${run.id}: stopping ${run.executionId} failed: ${error.message}`,
          ),
        );
    }
    const status = await engine.getQueryExecution(run.executionId);
    if (isTerminalQueryState(status.state)) {
      await this.finish(run, status);
      return;
    }
    const checks = takenOver ? run.checks : run.checks + 1;
    await store.leases.update(run.id, 'RUNNING', this.owner, {
      checks,
      dataScannedBytes: status.dataScannedBytes,
      stateReason:
        status.state === 'QUEUED' ? `Queued in ${engine.kind}` : null,
      leaseExpiresAt: now + this.settings.leaseMs,
      nextCheckAt:
        now +
        Math.min(
          this.settings.pollIntervalMs * 1.5 ** checks,
          this.settings.maxPollIntervalMs,
        ),
    });
  }

  private async renewInFlight() {
    const now = Date.now();
    if (
      this.inFlight.size === 0 ||
      now - this.lastRenewal < this.settings.leaseMs / 3
    ) {
      return;
    }
    this.lastRenewal = now;
    await this.options.store.leases.renewLeases(
      [...this.inFlight.keys()],
      this.owner,
      now + this.settings.leaseMs,
    );
  }
}
