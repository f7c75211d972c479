import { FindingsSnapshotState } from '@internal/plugin-security-lake-common';

/** The windows the view offers, in days. */
export const WINDOW_CHOICES = [1, 7, 30] as const;
export const DEFAULT_WINDOW_DAYS = 7;
/** The backend's look-back limit for `windowDays`. */
export const MAX_WINDOW_DAYS = 90;

export function windowLabel(days: number): string {
  if (days === 1) return 'Last 24 hours';
  return `Last ${days} days`;
}

/** `in the last 7 days`, `in the last 24 hours`. */
export function windowPhrase(days: number): string {
  return days === 1 ? 'in the last 24 hours' : `in the last ${days} days`;
}

/** Whether the portal is still reading some of the findings from the lake. */
export function isRefreshing(snapshots?: FindingsSnapshotState[]): boolean {
  return snapshots?.some(s => s.state === 'refreshing') ?? false;
}

/**
 * The snapshots several answers report, one per account and region: a copy one answer still sees
 * refreshing or failed wins over another's ready, so progress and warnings show until every answer is in.
 */
export function mergeSnapshots(
  ...lists: (FindingsSnapshotState[] | undefined)[]
): FindingsSnapshotState[] {
  const rank = { ready: 0, failed: 1, refreshing: 2 };
  const byKey = new Map<string, FindingsSnapshotState>();
  for (const snapshot of lists.flatMap(l => l ?? [])) {
    const key = `${snapshot.accountId}|${snapshot.region}`;
    const seen = byKey.get(key);
    if (!seen || rank[snapshot.state] > rank[seen.state]) {
      byKey.set(key, snapshot);
    }
  }
  return [...byKey.values()];
}

export function formatTime(iso?: string): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** A count and its noun: `1 finding`, `3 findings`. */
export function plural(n: number, noun: string): string {
  return `${n.toLocaleString()} ${noun}${n === 1 ? '' : 's'}`;
}
