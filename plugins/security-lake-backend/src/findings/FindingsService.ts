import {
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  FindingContextRuns,
  FindingCounts,
  FindingDetail,
  FindingList,
  findingSeverityOf,
  FindingsFilter,
  FindingsSnapshotState,
  FindingsSummary,
  FindingsTrend,
  FindingsWindow,
  mapFindingRecord,
  QueryRun,
  securityLakeFindingsReadPermission,
  SecurityLakeSourceName,
  SecurityLakeSourceVersion,
} from '@internal/plugin-security-lake-common';
import {
  DAILY_FINDINGS_QUERY,
  dayOf,
  LATEST_FINDINGS_QUERY,
  QueryEngine,
  recordFromRow,
  renderSavedQuery,
} from '@internal/plugin-security-lake-node';
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { AccountScope, accountsOfEntity } from '../scope/AccountScope';
import { StoredCell } from '../inventory/LakeInventory';
import { RunService } from '../runs/RunService';
import { StoredRun } from '../runs/RunStore';
import {
  byTable,
  FindingsPair,
  FindingsStore,
  StoredSnapshot,
} from './FindingsStore';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const WAIT_STEP_MS = 20;

/** `securityLake.findings.*`. @internal */
export interface FindingsSettings {
  /** How long a copy read from the lake is served before it is read again. */
  cacheSeconds: number;
  /** How far back the copy reaches; the longest window a view can ask for. */
  lookbackDays: number;
  /** After a failed read, how long before the lake is asked again. */
  retryFailedSeconds: number;
  /** How long a refresh may take before another request or replica may take it over. */
  claimSeconds: number;
  /** Most accounts read in one run. */
  maxAccountsPerRun: number;
}

/** @internal */
export const DEFAULT_FINDINGS_SETTINGS: FindingsSettings = {
  cacheSeconds: 600,
  lookbackDays: 30,
  retryFailedSeconds: 60,
  claimSeconds: 900,
  maxAccountsPerRun: 10,
};

/** @internal */
export function readFindingsSettings(config: Config): FindingsSettings {
  const findings = config.getOptionalConfig('securityLake.findings');
  const read = (key: keyof FindingsSettings, min: number, max: number) => {
    const value =
      findings?.getOptionalNumber(key) ?? DEFAULT_FINDINGS_SETTINGS[key];
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new Error(
        `securityLake.findings.${key} must be a number from ${min} to ${max}, not ${value}`,
      );
    }
    return value;
  };
  return {
    cacheSeconds: read('cacheSeconds', 0, 86_400),
    lookbackDays: read('lookbackDays', 1, 90),
    retryFailedSeconds: read('retryFailedSeconds', 0, 86_400),
    claimSeconds: read('claimSeconds', 30, 86_400),
    maxAccountsPerRun: read('maxAccountsPerRun', 1, 500),
  };
}

/** The logs around a finding: which library query reads each source, and what it matches on. */
const CONTEXT_QUERIES: {
  source: 'CLOUD_TRAIL_MGMT' | 'VPC_FLOW' | 'ROUTE53';
  queryId: string;
  needs: 'resource' | 'instance';
}[] = [
  {
    source: 'CLOUD_TRAIL_MGMT',
    queryId: 'cloudtrail-resource-activity',
    needs: 'resource',
  },
  {
    source: 'VPC_FLOW',
    queryId: 'vpcflow-instance-traffic',
    needs: 'instance',
  },
  {
    source: 'ROUTE53',
    queryId: 'route53-instance-queries',
    needs: 'instance',
  },
];

const INSTANCE_ID = /(?:^|[/:])(i-[0-9a-f]{8,17})$/;

function emptyCounts(): FindingCounts {
  return { total: 0, bySeverity: {}, byStatus: {}, newInWindow: 0 };
}

function apiSnapshot(s: StoredSnapshot): FindingsSnapshotState {
  return {
    accountId: s.accountId,
    region: s.region,
    state: s.state,
    ...(s.refreshedAt ? { refreshedAt: s.refreshedAt } : {}),
    ...(s.error ? { error: s.error } : {}),
  };
}

/**
 * The caller's Security Hub findings, read from the lake through the query broker (the same cap, history and
 * audit as anyone's runs) into a short-lived copy in the database that every replica shares. Which accounts
 * a caller sees comes from `AccountScope` with `security-lake.findings.read`; another team's finding is not
 * found.
 *
 * @internal
 */
export class FindingsService {
  private readonly settings: FindingsSettings;

  constructor(
    private readonly options: {
      scope: AccountScope;
      store: FindingsStore;
      runs: RunService;
      runRecords: { get(id: string): Promise<StoredRun | undefined> };
      engine: QueryEngine;
      cells: {
        listCells(filter?: { accountIds?: string[] }): Promise<StoredCell[]>;
      };
      logger: LoggerService;
      settings?: Partial<FindingsSettings>;
    },
  ) {
    this.settings = { ...DEFAULT_FINDINGS_SETTINGS, ...options.settings };
  }

  private window(days?: number): FindingsWindow & { startMs: number } {
    const windowDays = days ?? 7;
    if (windowDays > this.settings.lookbackDays) {
      throw new InputError(
        `windowDays: the portal keeps ${this.settings.lookbackDays} days of findings; ask for at most that`,
      );
    }
    const end = Date.now();
    const startMs = end - windowDays * DAY_MS;
    return {
      start: new Date(startMs).toISOString(),
      end: new Date(end).toISOString(),
      days: windowDays,
      startMs,
    };
  }

  /** The accounts a request is about: the caller's, narrowed to an entity's or to one. */
  private async accountIds(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    filter: Pick<FindingsFilter, 'accountId' | 'entityRef'>,
  ): Promise<string[]> {
    const visible = accountsOfEntity(
      await this.options.scope.resolve(
        credentials,
        securityLakeFindingsReadPermission,
      ),
      filter.entityRef,
    ).map(a => a.accountId);
    if (filter.accountId === undefined) return visible;
    if (!visible.includes(filter.accountId)) {
      throw new NotFoundError(`No account ${filter.accountId}`);
    }
    return [filter.accountId];
  }

  /** The account-regions that collect Security Hub findings, and the accounts that collect them nowhere. */
  private async pairs(
    accountIds: string[],
  ): Promise<{ pairs: FindingsPair[]; notCollected: string[] }> {
    if (accountIds.length === 0) return { pairs: [], notCollected: [] };
    const cells = await this.options.cells.listCells({ accountIds });
    const byPair = new Map<string, FindingsPair>();
    for (const cell of cells) {
      if (cell.sourceKey !== 'SH_FINDINGS' || cell.health === 'absent') {
        continue;
      }
      const key = `${cell.accountId}|${cell.region}`;
      const version = cell.version as SecurityLakeSourceVersion;
      // where an account sends both versions in a region, version 2 is the one kept up to date
      if (!byPair.has(key) || version === '2.0') {
        byPair.set(key, {
          accountId: cell.accountId,
          region: cell.region,
          version,
        });
      }
    }
    const pairs = [...byPair.values()];
    const collecting = new Set(pairs.map(p => p.accountId));
    return {
      pairs,
      notCollected: accountIds.filter(id => !collecting.has(id)).sort(),
    };
  }

  /**
   * Makes the copy of every pair fresh: refreshes the expired ones no one else is refreshing, and waits up
   * to `waitSeconds` for those being refreshed (by this request or another). Answers the snapshots as they
   * then stand.
   */
  private async fresh(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    pairs: FindingsPair[],
    waitSeconds = 25,
  ): Promise<FindingsSnapshotState[]> {
    const { store } = this.options;
    const deadline = Date.now() + waitSeconds * 1000;
    const now = Date.now();
    let snapshots = await store.snapshots(pairs);
    // fresh, or being refreshed by a claim that is still alive
    const current = new Set(
      snapshots
        .filter(
          s =>
            s.expiresAt > now ||
            (s.state === 'refreshing' && (s.claimExpiresAt ?? 0) >= now),
        )
        .map(s => `${s.accountId}|${s.region}`),
    );
    const expired = pairs.filter(
      p => !current.has(`${p.accountId}|${p.region}`),
    );
    if (expired.length > 0) {
      const token = randomUUID();
      const claimed = await store.claim(
        expired,
        token,
        now,
        this.settings.claimSeconds * 1000,
      );
      if (claimed.length > 0) {
        // the refresh goes on after the deadline; the next request finds its result
        this.refresh(credentials, claimed, token).catch(error =>
          this.options.logger.error(
            `Reading findings from the lake failed: ${error}`,
          ),
        );
      }
      snapshots = await store.snapshots(pairs);
    }
    // a fresh copy is answered from the one read above; only a refresh is waited for
    while (
      (snapshots.length < pairs.length ||
        snapshots.some(s => s.state === 'refreshing')) &&
      Date.now() < deadline
    ) {
      await new Promise(resolve => setTimeout(resolve, WAIT_STEP_MS));
      snapshots = await store.snapshots(pairs);
    }
    const known = new Set(snapshots.map(s => `${s.accountId}|${s.region}`));
    return [
      ...snapshots.map(apiSnapshot),
      ...pairs
        .filter(p => !known.has(`${p.accountId}|${p.region}`))
        .map(p => ({
          accountId: p.accountId,
          region: p.region,
          state: 'refreshing' as const,
        })),
    ].sort(
      (a, b) =>
        a.accountId.localeCompare(b.accountId) ||
        a.region.localeCompare(b.region),
    );
  }

  /** Reads the claimed pairs from the lake, one run per region, version and group of accounts. */
  private async refresh(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    claimed: FindingsPair[],
    token: string,
  ): Promise<void> {
    const batches: FindingsPair[][] = [];
    for (const group of byTable(claimed)) {
      for (let i = 0; i < group.length; i += this.settings.maxAccountsPerRun) {
        batches.push(group.slice(i, i + this.settings.maxAccountsPerRun));
      }
    }
    // a batch's findings are held in memory until written: two at a time bounds that for a whole org
    const limit = pLimit(2);
    await Promise.all(
      batches.map(batch =>
        limit(() => this.refreshBatch(credentials, batch, token)),
      ),
    );
  }

  private async refreshBatch(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    pairs: FindingsPair[],
    token: string,
  ): Promise<void> {
    const { region, version } = pairs[0];
    const accountIds = pairs.map(p => p.accountId);
    // whole minutes, so requests in the same minute send the same SQL and share one result
    const end = new Date(Math.ceil(Date.now() / MINUTE_MS) * MINUTE_MS);
    const start = new Date(end.getTime() - this.settings.lookbackDays * DAY_MS);
    const began = Date.now();
    try {
      const owner = await this.options.runs.ownerOf(credentials);
      const [latest, daily] = await Promise.all(
        [LATEST_FINDINGS_QUERY, DAILY_FINDINGS_QUERY].map(query =>
          this.options.runs.enqueue(owner, {
            title: `${query.title} (${region})`,
            rendered: renderSavedQuery({
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
            reuseWithinMinutes: this.settings.cacheSeconds / 60,
          }),
        ),
      );
      const [latestRun, dailyRun] = await Promise.all([
        this.ended(latest),
        this.ended(daily),
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
      await this.options.store.complete({
        token,
        pairs,
        findings,
        daily: counts,
        windowStart: start.getTime(),
        refreshedAt,
        expiresAt: refreshedAt + this.settings.cacheSeconds * 1000,
      });
      this.options.logger.info(
        `Read ${findings.length} findings of ${accountIds.join(
          ', ',
        )} in ${region} from the lake in ${Date.now() - began} ms (runs ${
          ran - began
        } ms, results ${read - ran} ms, database ${Date.now() - read} ms)`,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.options.logger.warn(
        `Reading findings of ${accountIds.join(
          ', ',
        )} in ${region} failed: ${message}`,
      );
      await this.options.store.fail(
        token,
        pairs,
        message,
        Date.now() + this.settings.retryFailedSeconds * 1000,
      );
    }
  }

  /** The run once it has ended, or an error saying why it did not succeed. */
  private async ended(run: QueryRun): Promise<StoredRun> {
    const deadline = Date.now() + this.settings.claimSeconds * 1000;
    for (;;) {
      const stored = await this.options.runRecords.get(run.id);
      if (!stored) throw new Error(`Run ${run.id} is gone`);
      if (stored.state === 'SUCCEEDED') return stored;
      if (stored.state === 'FAILED' || stored.state === 'CANCELLED') {
        throw new Error(
          `${stored.title}: ${stored.state.toLowerCase()}${
            stored.stateReason ? `: ${stored.stateReason}` : ''
          }`,
        );
      }
      if (Date.now() > deadline) {
        throw new Error(`${stored.title}: still ${stored.state.toLowerCase()}`);
      }
      await new Promise(resolve => setTimeout(resolve, WAIT_STEP_MS));
    }
  }

  private async readRows(
    run: StoredRun,
    onRow: (columns: string[], row: (string | null)[]) => void,
  ): Promise<void> {
    let nextToken: string | undefined;
    do {
      const page = await this.options.engine.getQueryResults(run.executionId!, {
        nextToken,
        maxResults: 1000,
      });
      const columns = page.columns.map(c => c.name);
      for (const row of page.rows) onRow(columns, row);
      nextToken = page.nextToken;
    } while (nextToken);
  }

  private async scoped(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    filter: FindingsFilter,
    waitSeconds?: number,
  ) {
    const window = this.window(filter.windowDays);
    const accountIds = await this.accountIds(credentials, filter);
    const { pairs, notCollected } = await this.pairs(accountIds);
    const snapshots = await this.fresh(credentials, pairs, waitSeconds);
    const { startMs, ...apiWindow } = window;
    return {
      window: apiWindow,
      startMs,
      accountIds,
      notCollected,
      snapshots,
      query: {
        accountIds: [...new Set(pairs.map(p => p.accountId))],
        since: startMs,
        severity: filter.severity,
        status: filter.status,
        findingType: filter.findingType,
        product: filter.product,
        resourceType: filter.resourceType,
        region: filter.region,
      },
    };
  }

  async summary(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    filter: FindingsFilter,
    options?: { waitSeconds?: number },
  ): Promise<FindingsSummary> {
    const scoped = await this.scoped(credentials, filter, options?.waitSeconds);
    const rows = await this.options.store.counts(scoped.query, scoped.startMs);
    const total = emptyCounts();
    const perAccount = new Map<string, FindingCounts>(
      scoped.query.accountIds.map(id => [id, emptyCounts()]),
    );
    for (const row of rows) {
      for (const counts of [total, perAccount.get(row.accountId)!]) {
        counts.total += row.total;
        counts.newInWindow += row.fresh;
        counts.bySeverity[row.severity] =
          (counts.bySeverity[row.severity] ?? 0) + row.total;
        counts.byStatus[row.status] =
          (counts.byStatus[row.status] ?? 0) + row.total;
      }
    }
    return {
      ...total,
      window: scoped.window,
      accounts: [...perAccount.entries()]
        .map(([accountId, counts]) => ({ accountId, ...counts }))
        .sort((a, b) => a.accountId.localeCompare(b.accountId)),
      notCollected: scoped.notCollected,
      snapshots: scoped.snapshots,
    };
  }

  async list(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    filter: FindingsFilter,
    page: { cursor?: string; limit?: number; waitSeconds?: number },
  ): Promise<FindingList> {
    const scoped = await this.scoped(credentials, filter, page.waitSeconds);
    const result = await this.options.store.list(scoped.query, {
      cursor: page.cursor,
      limit: page.limit ?? 50,
    });
    return { ...result, window: scoped.window, snapshots: scoped.snapshots };
  }

  async trend(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    filter: FindingsFilter,
    options?: { waitSeconds?: number },
  ): Promise<FindingsTrend> {
    const scoped = await this.scoped(credentials, filter, options?.waitSeconds);
    const sinceDay = scoped.window.start.slice(0, 10);
    const rows = await this.options.store.daily(
      scoped.query.accountIds,
      sinceDay,
    );
    // every day of the window, a day without findings as zero, so the chart's axis has no holes
    const days = new Map<string, FindingsTrend['days'][number]>();
    for (
      let t = Date.parse(`${sinceDay}T00:00:00Z`);
      t <= Date.parse(scoped.window.end);
      t += DAY_MS
    ) {
      const day = new Date(t).toISOString().slice(0, 10);
      days.set(day, { day, counts: {} });
    }
    for (const row of rows) {
      const entry = days.get(row.day);
      if (!entry) continue;
      const severity = findingSeverityOf(row.severityId);
      entry.counts[severity] = (entry.counts[severity] ?? 0) + row.findings;
    }
    return {
      window: scoped.window,
      days: [...days.values()],
      snapshots: scoped.snapshots,
    };
  }

  /** One finding in full; not found unless it is in an account the caller may see. */
  async get(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    findingId: string,
    options?: { waitSeconds?: number },
  ): Promise<FindingDetail> {
    const accountIds = await this.accountIds(credentials, {});
    const found = await this.options.store.get(findingId, accountIds);
    if (found) return found;
    // maybe not read yet: make the caller's copy fresh, then look again
    const { pairs } = await this.pairs(accountIds);
    await this.fresh(credentials, pairs, options?.waitSeconds);
    const again = await this.options.store.get(findingId, accountIds);
    if (!again) throw new NotFoundError(`No finding ${findingId}`);
    return again;
  }

  /**
   * Starts the logs around a finding as library query runs: CloudTrail calls on its resource, and the VPC
   * Flow and Route 53 traffic of its instance, within `minutesAround` of its latest report. Runs go through
   * `POST /runs` (`RunSubmitter`), so they are checked, capped, audited and listed like any run; a source the
   * account doesn't collect in the finding's region, or that has nothing to match, is skipped with why.
   */
  async startContextRuns(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    findingId: string,
    request: { minutesAround?: number },
    startRun: (req: {
      queryId: string;
      accountIds: string[];
      parameters: Record<string, string>;
    }) => Promise<QueryRun>,
  ): Promise<FindingContextRuns> {
    const finding = await this.get(credentials, findingId);
    const minutes = request.minutesAround ?? 60;
    const at = Date.parse(finding.lastSeen);
    const window = {
      start: new Date(at - minutes * MINUTE_MS).toISOString(),
      end: new Date(at + minutes * MINUTE_MS).toISOString(),
    };
    const resourceUid = finding.resourceUid;
    const instanceId = finding.resources
      .map(r => r.uid && INSTANCE_ID.exec(r.uid)?.[1])
      .find((id): id is string => Boolean(id));
    const result: FindingContextRuns = {
      findingId: finding.id,
      accountId: finding.accountId,
      region: finding.region,
      match: {
        ...(resourceUid ? { resourceUid } : {}),
        ...(instanceId ? { instanceId } : {}),
      },
      window,
      runs: [],
      skipped: [],
    };
    if (!/^\d{12}$/.test(finding.accountId)) {
      result.skipped = CONTEXT_QUERIES.map(q => ({
        source: q.source,
        reason: `the finding's account "${finding.accountId}" is not an AWS account id, so there are no logs to read for it`,
      }));
      return result;
    }
    const collected = new Set(
      (await this.options.cells.listCells({ accountIds: [finding.accountId] }))
        .filter(c => c.region === finding.region && c.health !== 'absent')
        .map(c => c.sourceKey),
    );
    for (const context of CONTEXT_QUERIES) {
      const value = context.needs === 'resource' ? resourceUid : instanceId;
      if (!value) {
        result.skipped.push({
          source: context.source,
          reason:
            context.needs === 'resource'
              ? 'the finding names no resource'
              : 'the finding names no EC2 instance',
        });
        continue;
      }
      if (!collected.has(context.source as SecurityLakeSourceName)) {
        result.skipped.push({
          source: context.source,
          reason: `${context.source} is not collected for ${finding.accountId} in ${finding.region}`,
        });
        continue;
      }
      const run = await startRun({
        queryId: context.queryId,
        accountIds: [finding.accountId],
        parameters: {
          [context.needs]: value,
          region: finding.region,
          ...window,
        },
      });
      result.runs.push({
        source: context.source,
        queryId: context.queryId,
        runId: run.id,
        title: run.title,
      });
    }
    return result;
  }
}
