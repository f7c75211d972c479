import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  accountsOfEntity,
  COVERAGE_HEALTHS,
  CoverageAccountResponse,
  CoverageAccountRow,
  CoverageCell,
  CoverageFilter,
  CoverageHealth,
  CoverageListResponse,
  CoverageSource,
  CoverageSourceSummary,
  CoverageSummary,
  DataLakeException,
  getSecurityLakeSource,
  isSecurityLakeSourceName,
  SECURITY_LAKE_SOURCE_NAMES,
  securityLakeCoverageReadPermission,
} from '@internal/plugin-security-lake-common';
import { AccountScope, ScopedAccount } from '../scope/AccountScope';
import { exceptionConcerns, exceptionTargets } from './computeCoverage';
import { StoredCell } from '../inventory/LakeInventory';
import { CoverageStore, StoredRollup } from './CoverageStore';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

type RefreshState = Awaited<ReturnType<CoverageStore['getRefreshState']>>;

/** The last refresh, held once per replica and read again when the database has a newer one. */
interface Snapshot {
  generation: string;
  rollups: Map<string, Map<string, StoredRollup>>;
  sources: CoverageSource[];
  exceptions: DataLakeException[];
  accountIds: string[];
}

/**
 * The sources, native and custom, that the given accounts have anything of (configured or sending), in the
 * snapshot's order. A caller's columns and the sources a filter may name: never those only other teams'
 * accounts have, so that no one learns another team's custom source names.
 */
function sourcesOf(
  accounts: ScopedAccount[],
  snapshot: Snapshot,
): CoverageSource[] {
  const keys = new Set<string>();
  for (const account of accounts) {
    snapshot.rollups.get(account.accountId)?.forEach((_, key) => keys.add(key));
  }
  return snapshot.sources.filter(s => keys.has(s.key));
}

/** The regions the given accounts send anything from. */
function regionsOf(accounts: ScopedAccount[], snapshot: Snapshot): Set<string> {
  const regions = new Set<string>();
  for (const account of accounts) {
    snapshot.rollups.get(account.accountId)?.forEach(rollup => {
      for (const region of Object.keys(rollup.regions)) regions.add(region);
    });
  }
  return regions;
}

function isCustom(key: string): boolean {
  return key.startsWith('ext:');
}

function sourceOf(key: string): CoverageSource {
  if (key.startsWith('ext:')) {
    const name = key.slice(4);
    return { key, kind: 'custom', name, title: `${name} (custom)` };
  }
  return {
    key,
    kind: 'native',
    name: key,
    title: isSecurityLakeSourceName(key)
      ? getSecurityLakeSource(key).title
      : key,
  };
}

function nativeOrder(key: string): number {
  const i = (SECURITY_LAKE_SOURCE_NAMES as readonly string[]).indexOf(key);
  return i < 0 ? SECURITY_LAKE_SOURCE_NAMES.length : i;
}

function emptyCounts(): Record<CoverageHealth, number> {
  return Object.fromEntries(COVERAGE_HEALTHS.map(h => [h, 0])) as Record<
    CoverageHealth,
    number
  >;
}

function encodeCursor(accountId: string): string {
  return Buffer.from(JSON.stringify({ after: accountId })).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): string {
  try {
    const { after } = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    );
    if (typeof after === 'string' && /^\d{12}$/.test(after)) {
      return after;
    }
  } catch {
    // reported below
  }
  throw new InputError(
    'cursor is not one this API gave out; start again without it',
  );
}

/** A matrix cell: the worst region, or the one region the list is filtered to. */
function toSummary(
  rollup: StoredRollup,
  region?: string,
): CoverageSourceSummary {
  const healths = region
    ? [rollup.regions[region] ?? 'absent']
    : Object.values(rollup.regions);
  return {
    health: region ? healths[0] : rollup.health,
    regionCount: healths.length,
    healthyRegions: healths.filter(h => h === 'healthy').length,
    ...(rollup.lastEventAt
      ? { lastEventAt: rollup.lastEventAt.toISOString() }
      : {}),
    volume: rollup.volume,
    exceptionCount: rollup.exceptionCount,
  };
}

/**
 * Coverage as the caller may see it, from the last refresh: the matrix with its filters, summary and
 * cursor, one account in full, and the rows of the CSV export. Every answer starts from `AccountScope`.
 *
 * @internal
 */
export class CoverageService {
  private snapshot?: Promise<Snapshot>;

  constructor(
    private readonly options: { scope: AccountScope; store: CoverageStore },
  ) {}

  /** The refresh state, read on every request, and the snapshot it points at, loaded once per refresh. */
  private async current(): Promise<{
    snapshot: Snapshot;
    state: RefreshState;
  }> {
    const state = await this.options.store.getRefreshState();
    const generation = state.refreshedAt ?? '';
    const cached = this.snapshot && (await this.snapshot);
    if (cached && cached.generation === generation) {
      return { snapshot: cached, state };
    }
    this.snapshot = this.load(generation);
    this.snapshot.catch(() => {
      this.snapshot = undefined;
    });
    return { snapshot: await this.snapshot, state };
  }

  private async load(generation: string): Promise<Snapshot> {
    const { store } = this.options;
    const [rollupList, exceptions] = await Promise.all([
      store.listRollups(),
      store.listExceptions(),
    ]);
    const rollups = new Map<string, Map<string, StoredRollup>>();
    const sourceKeys = new Set<string>();
    for (const rollup of rollupList) {
      let account = rollups.get(rollup.accountId);
      if (!account) {
        account = new Map();
        rollups.set(rollup.accountId, account);
      }
      account.set(rollup.sourceKey, rollup);
      sourceKeys.add(rollup.sourceKey);
    }
    return {
      generation,
      rollups,
      sources: [...sourceKeys]
        .sort((a, b) => nativeOrder(a) - nativeOrder(b) || a.localeCompare(b))
        .map(sourceOf),
      exceptions,
      accountIds: [...rollups.keys()].sort(),
    };
  }

  /** The accounts the caller may see. */
  private async visible(
    credentials: BackstageCredentials,
  ): Promise<ScopedAccount[]> {
    return this.options.scope.resolve(
      credentials,
      securityLakeCoverageReadPermission,
    );
  }

  /** Whether an account-source matches the health and region filters. */
  private static matches(
    rollup: StoredRollup | undefined,
    sourceKey: string,
    filter: CoverageFilter,
  ): boolean {
    if (!filter.health?.length) return true;
    // a custom source is one account's integration: elsewhere it is not missing, it does not apply
    if (!rollup)
      return !isCustom(sourceKey) && filter.health.includes('absent');
    if (filter.region) {
      const health = rollup.regions[filter.region];
      return health !== undefined && filter.health.includes(health);
    }
    return Object.values(rollup.regions).some(h => filter.health!.includes(h));
  }

  private rowOf(
    account: ScopedAccount,
    rollups: Map<string, StoredRollup> | undefined,
    sourceKeys: string[],
    region?: string,
  ): CoverageAccountRow {
    const sources: Record<string, CoverageSourceSummary> = {};
    for (const key of sourceKeys) {
      const rollup = rollups?.get(key);
      if (rollup) sources[key] = toSummary(rollup, region);
    }
    return {
      accountId: account.accountId,
      ...(account.title ? { title: account.title } : {}),
      owners: account.owners,
      entityRefs: account.entityRefs,
      inCatalog: account.inCatalog,
      sources,
    };
  }

  /** The accounts that pass the filters, in id order, with the columns in play. */
  private async select(
    credentials: BackstageCredentials,
    filter: CoverageFilter,
  ): Promise<{
    snapshot: Snapshot;
    state: RefreshState;
    accounts: ScopedAccount[];
    sources: CoverageSource[];
    regions: string[];
    sourceKeys: string[];
  }> {
    const { snapshot, state } = await this.current();
    const visible = await this.visible(credentials);
    // what the caller's own accounts have, not what the lake has: another team's sources stay unnamed, in
    // the answer and in the error alike
    const sources = sourcesOf(visible, snapshot);
    const known = new Set(sources.map(s => s.key));
    const unknown = (filter.source ?? []).filter(s => !known.has(s));
    // before the first refresh there is nothing to check against
    if (unknown.length && snapshot.sources.length > 0) {
      throw new InputError(
        `source: ${unknown.join(
          ', ',
        )} is not a source of the accounts you may see; ${
          known.size
            ? `they have ${[...known].join(', ')}`
            : 'they have none yet'
        }`,
      );
    }
    const sourceKeys = filter.source?.length
      ? filter.source
      : sources.map(s => s.key);
    const q = filter.q?.trim().toLocaleLowerCase('en-US');
    const accounts = accountsOfEntity(visible, filter.entityRef).filter(
      account => {
        if (
          q &&
          !account.accountId.includes(q) &&
          !account.title?.toLocaleLowerCase('en-US').includes(q)
        ) {
          return false;
        }
        const rollups = snapshot.rollups.get(account.accountId);
        if (filter.region && !filter.health?.length) {
          // a region alone keeps the accounts present there
          return sourceKeys.some(k => rollups?.get(k)?.regions[filter.region!]);
        }
        return sourceKeys.some(key =>
          CoverageService.matches(rollups?.get(key), key, filter),
        );
      },
    );
    const regions = [...regionsOf(visible, snapshot)].sort();
    return { snapshot, state, accounts, sources, regions, sourceKeys };
  }

  async list(
    credentials: BackstageCredentials,
    filter: CoverageFilter,
    page: { cursor?: string; limit?: number },
  ): Promise<CoverageListResponse> {
    const after = page.cursor ? decodeCursor(page.cursor) : undefined;
    const limit = Math.min(page.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
    const { snapshot, state, accounts, sources, regions, sourceKeys } =
      await this.select(credentials, filter);

    const summary: CoverageSummary = {
      accounts: accounts.length,
      byHealth: emptyCounts(),
      bySource: Object.fromEntries(sourceKeys.map(k => [k, emptyCounts()])),
    };
    for (const account of accounts) {
      const rollups = snapshot.rollups.get(account.accountId);
      for (const key of sourceKeys) {
        const rollup = rollups?.get(key);
        if (!rollup && isCustom(key)) continue;
        const health = filter.region
          ? rollup?.regions[filter.region] ?? 'absent'
          : rollup?.health ?? 'absent';
        summary.byHealth[health]++;
        summary.bySource[key][health]++;
      }
    }

    const start = after ? accounts.findIndex(a => a.accountId > after) : 0;
    const pageAccounts = start < 0 ? [] : accounts.slice(start, start + limit);
    const last = pageAccounts[pageAccounts.length - 1];
    const hasMore = start >= 0 && start + limit < accounts.length;
    const { volumeEndDay, ...refresh } = state;
    return {
      items: pageAccounts.map(a =>
        this.rowOf(
          a,
          snapshot.rollups.get(a.accountId),
          sourceKeys,
          filter.region,
        ),
      ),
      ...(hasMore && last ? { nextCursor: encodeCursor(last.accountId) } : {}),
      summary,
      sources: sources.filter(s => sourceKeys.includes(s.key)),
      regions,
      ...(volumeEndDay ? { volumeEndDay } : {}),
      // region-wide exceptions name no account: shown where the caller's accounts are; the others reach
      // only the cells of their accounts
      regionExceptions: snapshot.exceptions.filter(
        e =>
          exceptionTargets(e).accountIds.length === 0 &&
          regionsOf(accounts, snapshot).has(e.region),
      ),
      refresh,
    };
  }

  async getAccount(
    credentials: BackstageCredentials,
    accountId: string,
  ): Promise<CoverageAccountResponse> {
    const visible = await this.visible(credentials);
    const account = visible.find(a => a.accountId === accountId);
    // an account the caller may not see does not exist for them
    if (!account) {
      throw new NotFoundError(`No coverage for account ${accountId}`);
    }
    const { snapshot, state } = await this.current();
    const cells = await this.options.store.listCells({
      accountIds: [accountId],
    });
    const { volumeEndDay, ...refresh } = state;
    // the same columns and regions as the caller's matrix
    const sources = sourcesOf(visible, snapshot);
    return {
      account: this.rowOf(
        account,
        snapshot.rollups.get(accountId),
        sources.map(s => s.key),
      ),
      cells: cells.map(cell => this.toCell(cell, snapshot.exceptions)),
      sources,
      regions: [...regionsOf(visible, snapshot)].sort(),
      ...(volumeEndDay ? { volumeEndDay } : {}),
      refresh,
    };
  }

  private toCell(
    cell: StoredCell,
    exceptions: DataLakeException[],
  ): CoverageCell {
    const own = exceptions.filter(e => exceptionConcerns(e, cell));
    return {
      region: cell.region,
      source: cell.sourceKey,
      version: cell.version,
      health: cell.health,
      ...(cell.status ? { status: cell.status } : {}),
      ...(cell.lastEventAt
        ? { lastEventAt: cell.lastEventAt.toISOString() }
        : {}),
      volume: cell.volume,
      ...(own.length ? { exceptions: own } : {}),
    };
  }

  /**
   * The export's rows: one per (account, region, source) that passes the filters, absent ones included
   * for the regions the account sends anything from, account by account so memory stays flat.
   */
  async export(
    credentials: BackstageCredentials,
    filter: CoverageFilter,
  ): Promise<AsyncIterable<Record<string, string | number>>> {
    // scope and filters are settled before the first byte, so a refusal is still a JSON error
    const selected = await this.select(credentials, filter);
    return this.exportRows(selected, filter);
  }

  private async *exportRows(
    selected: {
      snapshot: Snapshot;
      accounts: ScopedAccount[];
      sourceKeys: string[];
    },
    filter: CoverageFilter,
  ): AsyncGenerator<Record<string, string | number>> {
    const { snapshot, accounts, sourceKeys } = selected;
    const CHUNK = 200;
    for (let i = 0; i < accounts.length; i += CHUNK) {
      const chunk = accounts.slice(i, i + CHUNK);
      const cells = await this.options.store.listCells({
        accountIds: chunk.map(a => a.accountId),
      });
      const byAccount = new Map<string, StoredCell[]>();
      for (const cell of cells) {
        const list = byAccount.get(cell.accountId) ?? [];
        list.push(cell);
        byAccount.set(cell.accountId, list);
      }
      for (const account of chunk) {
        const rollups = snapshot.rollups.get(account.accountId);
        const regions = new Set<string>();
        rollups?.forEach(r =>
          Object.keys(r.regions).forEach(x => regions.add(x)),
        );
        for (const key of sourceKeys) {
          if (isCustom(key) && !rollups?.has(key)) continue;
          for (const region of [...regions].sort()) {
            if (filter.region && region !== filter.region) continue;
            const here = (byAccount.get(account.accountId) ?? []).filter(
              c => c.sourceKey === key && c.region === region,
            );
            const rows = here.length ? here : [undefined];
            for (const cell of rows) {
              const health = cell?.health ?? 'absent';
              if (filter.health?.length && !filter.health.includes(health))
                continue;
              yield {
                account_id: account.accountId,
                account: account.title ?? '',
                owners: account.owners.join(' '),
                region,
                source: key,
                version: cell?.version ?? '',
                health,
                status: cell?.status ?? '',
                last_event_at: cell?.lastEventAt?.toISOString() ?? '',
                events_in_window: cell
                  ? cell.volume.reduce((a, b) => a + b, 0)
                  : 0,
                exceptions: cell
                  ? snapshot.exceptions
                      .filter(e => exceptionConcerns(e, cell))
                      .map(e => e.exception)
                      .join(' | ')
                  : '',
              };
            }
          }
        }
      }
    }
  }
}
