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
/** `2024-05-01` as `1 May`, read as UTC like the backend's days. */
export function dayLabel(day: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

/**
 * The calendar days a chart of the window shows, said so that "the last 7 days" beside 8 bars adds up:
 * a window of whole days from now starts and ends part-way through a day.
 */
export function chartDaysPhrase(days: { day: string }[], windowDays: number) {
  if (days.length === 0) return '';
  const range = `${dayLabel(days[0].day)} to ${dayLabel(
    days[days.length - 1].day,
  )} (UTC)`;
  return days.length > windowDays
    ? `${range}: the ${days.length} days ${windowPhrase(windowDays).replace(
        /^in /,
        '',
      )} fall on, the first and the last in part`
    : range;
}

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
