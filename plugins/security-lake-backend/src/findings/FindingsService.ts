import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  accountsOfEntity,
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
  QueryRun,
  securityLakeFindingsReadPermission,
  SecurityLakeSourceName,
  SecurityLakeSourceVersion,
} from '@internal/plugin-security-lake-common';
import { randomUUID } from 'node:crypto';
import { waitFor } from '../database/waitFor';
import { AccountScope } from '../scope/AccountScope';
import { LakeInventory } from '../inventory/LakeInventory';
import { PORTAL_READS_CREATOR, RunService } from '../runs/RunService';
import { FindingsRefresher } from './FindingsRefresher';
import { FindingsPair, FindingsStore, StoredSnapshot } from './FindingsStore';
import { DEFAULT_FINDINGS_SETTINGS, FindingsSettings } from './settings';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

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
      refresher: FindingsRefresher;
      inventory: LakeInventory;
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
    credentials: BackstageCredentials,
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
    const cells = await this.options.inventory.listCells({ accountIds });
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
    credentials: BackstageCredentials,
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
      // the reads are the portal's own runs, in the caller's team's turn, over the caller's pairs claimed here
      const { teamRef } = await this.options.runs.ownerOf(credentials);
      const owner = { userEntityRef: PORTAL_READS_CREATOR, teamRef };
      const token = randomUUID();
      const claimed = await store.claim(
        expired,
        token,
        now,
        this.settings.claimSeconds * 1000,
      );
      if (claimed.length > 0) {
        // the scheduled refresh reads them, past the deadline if need be; the next request finds its result
        await this.options.refresher.hand({ token, pairs: claimed, owner });
      }
      snapshots = await store.snapshots(pairs);
    }
    // a fresh copy is answered from the one read above; only a refresh is waited for
    snapshots = await waitFor({
      initial: snapshots,
      read: () => store.snapshots(pairs),
      done: read =>
        read.length >= pairs.length &&
        !read.some(s => s.state === 'refreshing'),
      until: deadline,
      changes: store.changes,
    });
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

  private async scoped(
    credentials: BackstageCredentials,
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
    credentials: BackstageCredentials,
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
    credentials: BackstageCredentials,
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
    credentials: BackstageCredentials,
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
    credentials: BackstageCredentials,
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
      (
        await this.options.inventory.listCells({
          accountIds: [finding.accountId],
        })
      )
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
