import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  FindingDetail,
  mapFindingRecord,
} from '@internal/plugin-security-lake-common';
import {
  DAILY_FINDINGS_QUERY,
  dayOf,
  LATEST_FINDINGS_QUERY,
  QueryEngine,
  recordFromRow,
  renderLibraryQuery,
} from '@internal/plugin-security-lake-node';
import pLimit from 'p-limit';
import { RowChanges } from '../database/waitFor';
import { RunOwner, RunService } from '../runs/RunService';
import { StoredRun } from '../runs/RunStore';
import { byTable, FindingsPair, FindingsStore } from './FindingsStore';
import { FindingsSettings } from './settings';

/** The scheduler task's id: requests trigger it when they hand it pairs to read. @internal */
export const FINDINGS_REFRESH_TASK = 'security-lake-findings-refresh';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/**
 * How often the task runs without being triggered: it then takes a claim whose trigger found it between
 * two runs (the scheduler refuses a trigger then), so no claim waits longer than this.
 */
const FREQUENCY_SECONDS = 5;

/**
 * Pairs a request claimed in the store (`FindingsStore.claim`) under `token`, to read from the lake as runs
 * of `owner`'s: the portal's own (`PORTAL_READS_CREATOR`), in the turn of the team whose request found its
 * copy expired, whose accounts they are.
 *
 * @internal
 */
export interface FindingsClaim {
  token: string;
  pairs: FindingsPair[];
  owner: RunOwner;
}

/**
 * Reads Security Hub findings from the lake into the database copy, as a task on the Backstage scheduler
 * (this replica's, like the coverage refresh is the cluster's): a request that finds its copy expired claims
 * the pairs and hands them here, and the task reads them through the query broker, one run per region,
 * version and group of accounts, whatever becomes of the request. It holds no caller's credentials: the
 * runs are the portal's own, queued in the turn of the team that asked (so they count against its cap, but
 * not in anyone's own history), over the accounts its request was allowed, and executed under the portal's
 * own identity like every run.
 *
 * @internal
 */
export class FindingsRefresher {
  private readonly claims: FindingsClaim[] = [];
  /** Told when a claim is handed over or a refresh ends: what the running task waits for. */
  private readonly arrivals = new RowChanges();
  private draining = false;
  private scheduler?: SchedulerService;

  constructor(
    private readonly options: {
      store: FindingsStore;
      runs: RunService;
      engine: QueryEngine;
      logger: LoggerService;
      settings: FindingsSettings;
    },
  ) {}

  async schedule(scheduler: SchedulerService): Promise<void> {
    this.scheduler = scheduler;
    await scheduler.scheduleTask({
      id: FINDINGS_REFRESH_TASK,
      scope: 'local',
      frequency: { seconds: FREQUENCY_SECONDS },
      // a refresh waits up to claimSeconds for its runs; the task takes no new claim once it has timed out
      timeout: { seconds: this.options.settings.claimSeconds + 60 },
      fn: signal => this.drain(signal),
    });
  }

  /** Hands over pairs a request has claimed, and wakes the task. */
  async hand(claim: FindingsClaim): Promise<void> {
    this.claims.push(claim);
    this.arrivals.notify();
    // a running task takes it as it comes
    if (this.draining || !this.scheduler) return;
    try {
      await this.scheduler.triggerTask(FINDINGS_REFRESH_TASK);
    } catch (error) {
      // between two runs: the next one takes it, within FREQUENCY_SECONDS
      if (!(error instanceof ConflictError)) throw error;
    }
  }

  /**
   * The task: refreshes every claim handed over, each as it arrives, until none is left or running. After an
   * abort (a timeout, or shutdown) it takes no new claim; the next run takes those.
   */
  async drain(signal?: AbortSignal): Promise<void> {
    this.draining = true;
    const running = new Set<Promise<void>>();
    try {
      for (;;) {
        while (!signal?.aborted && this.claims.length > 0) {
          const refresh: Promise<void> = this.refresh(this.claims.shift()!)
            .catch(error =>
              this.options.logger.error(
                `Reading findings from the lake failed: ${error}`,
              ),
            )
            .finally(() => {
              running.delete(refresh);
              this.arrivals.notify();
            });
          running.add(refresh);
        }
        if (running.size === 0) return;
        await this.arrivals.next(this.options.settings.claimSeconds * 1000)
          .woken;
      }
    } finally {
      this.draining = false;
    }
  }

  /** Reads the claimed pairs from the lake, one run per region, version and group of accounts. */
  private async refresh(claim: FindingsClaim): Promise<void> {
    const { maxAccountsPerRun } = this.options.settings;
    const batches: FindingsPair[][] = [];
    for (const group of byTable(claim.pairs)) {
      for (let i = 0; i < group.length; i += maxAccountsPerRun) {
        batches.push(group.slice(i, i + maxAccountsPerRun));
      }
    }
    // a batch's findings are held in memory until written: two at a time bounds that for a whole org
    const limit = pLimit(2);
    await Promise.all(
      batches.map(batch => limit(() => this.refreshBatch(claim, batch))),
    );
  }

  private async refreshBatch(
    claim: FindingsClaim,
    pairs: FindingsPair[],
  ): Promise<void> {
    const { settings, store, logger, runs } = this.options;
    const { region, version } = pairs[0];
    const accountIds = pairs.map(p => p.accountId);
    // whole minutes, so requests in the same minute send the same SQL and share one result
    const end = new Date(Math.ceil(Date.now() / MINUTE_MS) * MINUTE_MS);
    const start = new Date(end.getTime() - settings.lookbackDays * DAY_MS);
    const began = Date.now();
    try {
      const [latest, daily] = await Promise.all(
        [LATEST_FINDINGS_QUERY, DAILY_FINDINGS_QUERY].map(query =>
          runs.enqueue(claim.owner, {
            title: `${query.title} (${region})`,
            rendered: renderLibraryQuery({
              query,
              version,
              region,
              accountIds,
              start,
              end,
              values: {},
            }),
            parameters: {
              region,
              start: start.toISOString(),
              end: end.toISOString(),
            },
            accountIds,
            region,
            sourceVersion: version,
            // a result no older than the copy may be: two replicas reading at once share one run
            reuseWithinMinutes: settings.cacheSeconds / 60,
          }),
        ),
      );
      const [latestRun, dailyRun] = await Promise.all([
        this.ended(latest.id),
        this.ended(daily.id),
      ]);
      const ran = Date.now();
      const findings: FindingDetail[] = [];
      await this.readRows(latestRun, (columns, row) => {
        const { record, reports } = recordFromRow(version, columns, row);
        // the table's account and region, whatever the record's own fields say
        const finding = mapFindingRecord(record, {
          reports,
          sourceVersion: version,
        });
        findings.push({
          ...finding,
          accountId: String(record.accountid ?? finding.accountId),
          region,
        });
      });
      const counts: {
        accountId: string;
        day: string;
        severityId: number;
        findings: number;
      }[] = [];
      await this.readRows(dailyRun, (columns, row) => {
        const cell = (name: string) => row[columns.indexOf(name)];
        const day = dayOf(cell('day'));
        if (!day) return;
        counts.push({
          accountId: cell('accountid') ?? '',
          day,
          severityId: Number(cell('severity_id') ?? 0),
          findings: Number(cell('findings') ?? 0),
        });
      });
      const refreshedAt = Date.now();
      const read = refreshedAt;
      await store.complete({
        token: claim.token,
        pairs,
        findings,
        daily: counts,
        windowStart: start.getTime(),
        refreshedAt,
        expiresAt: refreshedAt + settings.cacheSeconds * 1000,
      });
      logger.info(
        `Read ${findings.length} findings of ${accountIds.join(
          ', ',
        )} in ${region} from the lake in ${Date.now() - began} ms (runs ${
          ran - began
        } ms, results ${read - ran} ms, database ${Date.now() - read} ms)`,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn(
        `Reading findings of ${accountIds.join(
          ', ',
        )} in ${region} failed: ${message}`,
      );
      await store.fail(
        claim.token,
        pairs,
        message,
        Date.now() + settings.retryFailedSeconds * 1000,
      );
    }
  }

  /** The run once it has ended, or an error saying why it did not succeed. */
  private async ended(runId: string): Promise<StoredRun> {
    const stored = await this.options.runs.waitForEnd(runId, {
      until: Date.now() + this.options.settings.claimSeconds * 1000,
    });
    if (!stored) throw new Error(`Run ${runId} is gone`);
    if (stored.state === 'SUCCEEDED') return stored;
    if (stored.state === 'FAILED' || stored.state === 'CANCELLED') {
      throw new Error(
        `${stored.title}: ${stored.state.toLowerCase()}${
          stored.stateReason ? `: ${stored.stateReason}` : ''
        }`,
      );
    }
    throw new Error(`${stored.title}: still ${stored.state.toLowerCase()}`);
  }

  private async readRows(
    run: StoredRun,
    onRow: (columns: string[], row: (string | null)[]) => void,
  ): Promise<void> {
    let nextCursor: string | undefined;
    do {
      const page = await this.options.engine.getQueryResults(run.executionId!, {
        cursor: nextCursor,
        maxResults: 1000,
      });
      const columns = page.columns.map(c => c.name);
      for (const row of page.rows) onRow(columns, row);
      nextCursor = page.nextCursor;
    } while (nextCursor);
  }
}
