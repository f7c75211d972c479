import {
  COVERAGE_HEALTHS,
  CoverageHealth,
  coverageSourceKey,
  DataLakeException,
  SECURITY_LAKE_SOURCE_NAMES,
} from '@internal/plugin-security-lake-common';
import {
  LogSourceRecord,
  SourceStatusRecord,
} from '@internal/plugin-security-lake-node';
import { StoredCell } from '../inventory/LakeInventory';
import { StoredRollup } from './CoverageStore';

/**
 * What the lake holds for one (account, region, source, version) in the lookback window.
 *
 * @internal
 */
export interface VolumeRecord {
  accountId: string;
  region: string;
  sourceKey: string;
  version: string;
  /** Events per day, oldest first. */
  days: number[];
  lastEventAt?: Date;
}

const WORST_FIRST = new Map(COVERAGE_HEALTHS.map((h, i) => [h, i]));

/** @internal */
export function worstHealth(healths: CoverageHealth[]): CoverageHealth {
  return healths.reduce(
    (worst, h) => (WORST_FIRST.get(h)! < WORST_FIRST.get(worst)! ? h : worst),
    'healthy' as CoverageHealth,
  );
}

function bestHealth(healths: CoverageHealth[]): CoverageHealth {
  return healths.reduce(
    (best, h) => (WORST_FIRST.get(h)! > WORST_FIRST.get(best)! ? h : best),
    healths[0],
  );
}

/**
 * Which accounts and sources an exception speaks of. AWS gives free text; an exception that names no
 * account concerns its whole region.
 *
 * @internal
 */
export function exceptionTargets(exception: DataLakeException): {
  accountIds: string[];
  sourceKeys: string[];
} {
  const text = exception.exception;
  return {
    accountIds: [...new Set(text.match(/\b\d{12}\b/g) ?? [])],
    sourceKeys: SECURITY_LAKE_SOURCE_NAMES.filter(name =>
      new RegExp(`\\b${name}\\b`).test(text),
    ),
  };
}

/** @internal */
export function exceptionConcerns(
  exception: DataLakeException,
  cell: { accountId: string; region: string; sourceKey: string },
): boolean {
  if (exception.region !== cell.region) return false;
  const { accountIds, sourceKeys } = exceptionTargets(exception);
  return (
    accountIds.includes(cell.accountId) &&
    (sourceKeys.length === 0 || sourceKeys.includes(cell.sourceKey))
  );
}

/**
 * Turns what the control plane and the lake say into cells and matrix roll-ups. A configured source is
 * misconfigured or not collecting when Security Lake says so, stale when no event arrived within its
 * threshold, healthy otherwise; data that arrives for a source nobody configured shows as absent with its
 * volume. Within a region the best version counts (an account moving from 1.0 to 2.0 is covered); across
 * regions the worst, where the regions are those the account sends anything from (for a custom source,
 * those it is configured in).
 *
 * @internal
 */
export function computeCoverage(input: {
  logSources: LogSourceRecord[];
  statuses: SourceStatusRecord[];
  volume: VolumeRecord[];
  exceptions: DataLakeException[];
  now: Date;
  volumeDays: number;
  staleAfterMs: (sourceKey: string) => number;
}): { cells: StoredCell[]; rollups: StoredRollup[] } {
  const key = (
    accountId: string,
    region: string,
    sourceKey: string,
    v: string,
  ) => `${accountId}|${region}|${sourceKey}|${v}`;
  const statusOf = new Map(
    input.statuses.map(s => [
      `${s.accountId}|${s.region}|${s.source}`,
      s.status,
    ]),
  );
  const volumeOf = new Map(
    input.volume.map(v => [
      key(v.accountId, v.region, v.sourceKey, v.version),
      v,
    ]),
  );

  const cells = new Map<string, StoredCell>();
  for (const record of input.logSources) {
    const sourceKey = coverageSourceKey(record.kind ?? 'native', record.source);
    const id = key(record.accountId, record.region, sourceKey, record.version);
    const volume = volumeOf.get(id);
    const status =
      record.kind === 'custom'
        ? undefined
        : statusOf.get(`${record.accountId}|${record.region}|${record.source}`);
    let health: CoverageHealth;
    if (status === 'MISCONFIGURED') health = 'misconfigured';
    else if (status === 'NOT_COLLECTING') health = 'not_collecting';
    else if (
      !volume?.lastEventAt ||
      input.now.getTime() - volume.lastEventAt.getTime() >
        input.staleAfterMs(sourceKey)
    ) {
      health = 'stale';
    } else health = 'healthy';
    cells.set(id, {
      accountId: record.accountId,
      region: record.region,
      sourceKey,
      version: record.version,
      configured: true,
      ...(status ? { status } : {}),
      health,
      ...(volume?.lastEventAt ? { lastEventAt: volume.lastEventAt } : {}),
      volume: volume?.days ?? new Array(input.volumeDays).fill(0),
    });
  }
  for (const volume of input.volume) {
    const id = key(
      volume.accountId,
      volume.region,
      volume.sourceKey,
      volume.version,
    );
    if (!cells.has(id)) {
      cells.set(id, {
        accountId: volume.accountId,
        region: volume.region,
        sourceKey: volume.sourceKey,
        version: volume.version,
        configured: false,
        health: 'absent',
        ...(volume.lastEventAt ? { lastEventAt: volume.lastEventAt } : {}),
        volume: volume.days,
      });
    }
  }

  // per account: its regions, and per source the cells of each region
  const byAccount = new Map<
    string,
    { regions: Set<string>; sources: Map<string, StoredCell[]> }
  >();
  for (const cell of cells.values()) {
    let account = byAccount.get(cell.accountId);
    if (!account) {
      account = { regions: new Set(), sources: new Map() };
      byAccount.set(cell.accountId, account);
    }
    account.regions.add(cell.region);
    const list = account.sources.get(cell.sourceKey) ?? [];
    list.push(cell);
    account.sources.set(cell.sourceKey, list);
  }

  const rollups: StoredRollup[] = [];
  for (const [accountId, account] of byAccount) {
    for (const [sourceKey, sourceCells] of account.sources) {
      const regions: Record<string, CoverageHealth> = {};
      // a custom source is collected where it is configured (an identity provider once, not per region)
      const regionsInPlay = sourceKey.startsWith('ext:')
        ? new Set(sourceCells.map(c => c.region))
        : account.regions;
      for (const region of [...regionsInPlay].sort()) {
        const here = sourceCells.filter(c => c.region === region);
        regions[region] = here.length
          ? bestHealth(here.map(c => c.health))
          : 'absent';
      }
      const volume = new Array(input.volumeDays).fill(0);
      let lastEventAt: Date | undefined;
      for (const cell of sourceCells) {
        cell.volume.forEach((n, i) => {
          volume[i] += n;
        });
        if (
          cell.lastEventAt &&
          (!lastEventAt || cell.lastEventAt > lastEventAt)
        ) {
          lastEventAt = cell.lastEventAt;
        }
      }
      rollups.push({
        accountId,
        sourceKey,
        health: worstHealth(Object.values(regions)),
        regions,
        ...(lastEventAt ? { lastEventAt } : {}),
        volume,
        exceptionCount: input.exceptions.filter(e =>
          Object.keys(regions).some(region =>
            exceptionConcerns(e, { accountId, region, sourceKey }),
          ),
        ).length,
      });
    }
  }
  return { cells: [...cells.values()], rollups };
}
