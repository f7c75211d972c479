import { useApi } from '@backstage/core-plugin-api';
import {
  Finding,
  FindingList,
  FindingsFilter,
  FindingsSnapshotState,
  FindingsSummary,
  FindingsTrend,
} from '@internal/plugin-security-lake-common';
import { useCallback, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { SecurityLakeApi, securityLakeApiRef } from '../api';
import { usePolled } from '../hooks/usePolled';
import { isRefreshing } from './format';

/**
 * How long each findings read waits for the lake before answering with what is there. Short, so the page
 * shows the reading's progress instead of a spinner; a warm copy answers at once either way.
 */
export const FINDINGS_WAIT_SECONDS = 2;
/** How often to ask again while some copy is still being read. */
export const FINDINGS_POLL_MS = 3000;
export const FINDINGS_PAGE_SIZE = 50;

/** A findings answer is read again while some copy is still being read from the lake. */
function stillReading(value: { snapshots: FindingsSnapshotState[] }): boolean {
  return isRefreshing(value.snapshots);
}

/** Only what summary and trend take: asking again for a severity they ignore would be a wasted read. */
function scopeOf(filter: FindingsFilter): FindingsFilter {
  const scope: FindingsFilter = {};
  if (filter.accountId) scope.accountId = filter.accountId;
  if (filter.entityRef) scope.entityRef = filter.entityRef;
  if (filter.windowDays) scope.windowDays = filter.windowDays;
  return scope;
}

type ScopedRead<T> = (
  api: SecurityLakeApi,
  filter: FindingsFilter,
  options: { waitSeconds: number },
) => Promise<T>;

/** A read that takes only the scope and window (summary, trend), polled while the lake is read. */
function useScopedRead<T extends { snapshots: FindingsSnapshotState[] }>(
  scopedRead: ScopedRead<T>,
  filter: FindingsFilter,
  pollMs: number,
) {
  const api = useApi(securityLakeApiRef);
  const key = JSON.stringify(scopeOf(filter));
  const read = useCallback(
    () =>
      scopedRead(api, JSON.parse(key), { waitSeconds: FINDINGS_WAIT_SECONDS }),
    [scopedRead, api, key],
  );
  return usePolled(read, pollMs, stillReading);
}

const readSummary: ScopedRead<FindingsSummary> = (api, filter, options) =>
  api.getFindingsSummary(filter, options);
const readTrend: ScopedRead<FindingsTrend> = (api, filter, options) =>
  api.getFindingsTrend(filter, options);

/** Counts by severity, status and account for an entity's or everybody's accounts. */
export function useFindingsSummary(
  filter: FindingsFilter,
  pollMs = FINDINGS_POLL_MS,
) {
  return useScopedRead(readSummary, filter, pollMs);
}

/** Findings per day by severity. */
export function useFindingsTrend(
  filter: FindingsFilter,
  pollMs = FINDINGS_POLL_MS,
) {
  return useScopedRead(readTrend, filter, pollMs);
}

/**
 * The findings matching a filter: the first page (polled while the lake is read), then later pages
 * appended on request. A newer first page drops the pages loaded after the older one.
 */
export function useFindingList(
  filter: FindingsFilter,
  pollMs = FINDINGS_POLL_MS,
) {
  const api = useApi(securityLakeApiRef);
  const key = JSON.stringify(filter);
  const read = useCallback(
    () =>
      api.listFindings(
        { ...JSON.parse(key), limit: FINDINGS_PAGE_SIZE },
        { waitSeconds: FINDINGS_WAIT_SECONDS },
      ),
    [api, key],
  );
  const first = usePolled(read, pollMs, stillReading);
  const [more, setMore] = useState<{
    after: FindingList;
    items: Finding[];
    nextCursor?: string;
    loading: boolean;
    error?: Error;
  }>();

  const base = first.value;
  const current = more && more.after === base ? more : undefined;
  const items = useMemo(
    () => [...(base?.items ?? []), ...(current?.items ?? [])],
    [base, current],
  );
  const nextCursor = current ? current.nextCursor : base?.nextCursor;

  const loadMore = useCallback(() => {
    if (!base || !nextCursor || current?.loading) return;
    setMore({
      after: base,
      items: current?.items ?? [],
      nextCursor,
      loading: true,
    });
    api
      .listFindings(
        { ...JSON.parse(key), cursor: nextCursor, limit: FINDINGS_PAGE_SIZE },
        { waitSeconds: FINDINGS_WAIT_SECONDS },
      )
      .then(page =>
        setMore(m =>
          m?.after === base
            ? {
                after: base,
                items: [...m.items, ...page.items],
                nextCursor: page.nextCursor,
                loading: false,
              }
            : m,
        ),
      )
      .catch(error =>
        setMore(m => (m?.after === base ? { ...m, loading: false, error } : m)),
      );
  }, [api, key, base, nextCursor, current]);

  return {
    loading: first.loading,
    error: first.error,
    retry: first.retry,
    list: base,
    items,
    nextCursor,
    loadingMore: current?.loading ?? false,
    moreError: current?.error,
    loadMore,
  };
}

/** One finding in full, while one is open. */
export function useFinding(findingId?: string) {
  const api = useApi(securityLakeApiRef);
  return useAsyncRetry(
    async () => (findingId ? api.getFinding(findingId) : undefined),
    [api, findingId],
  );
}
