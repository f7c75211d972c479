import { useApi } from '@backstage/core-plugin-api';
import {
  Finding,
  FindingList,
  FindingsFilter,
  FindingsSnapshotState,
  QueryRun,
} from '@internal/plugin-security-lake-common';
import { useCallback, useEffect, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { securityLakeApiRef } from '../api';
import { isRunActive } from '../queries/format';
import { isRefreshing } from './format';

/**
 * How long each findings read waits for the lake before answering with what is there. Short, so the page
 * shows the reading's progress instead of a spinner; a warm copy answers at once either way.
 */
export const FINDINGS_WAIT_SECONDS = 2;
/** How often to ask again while some copy is still being read. */
export const FINDINGS_POLL_MS = 3000;
export const FINDINGS_PAGE_SIZE = 50;

interface Polled<T> {
  loading: boolean;
  value?: T;
  error?: Error;
}

/**
 * One findings read, asked again every `pollMs` while its answer says some copy is still being read from
 * the lake. A new `read` (another filter) starts from nothing; a failed poll keeps what was there.
 */
function usePolled<T extends { snapshots: FindingsSnapshotState[] }>(
  read: () => Promise<T>,
  pollMs: number,
) {
  const [state, setState] = useState<Polled<T>>({ loading: true });
  const [attempt, setAttempt] = useState(0);

  // another read starts over rather than showing the previous filter's answer
  useEffect(() => setState({ loading: true }), [read]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const once = async () => {
      try {
        const value = await read();
        if (stopped) return;
        setState({ loading: false, value });
        if (isRefreshing(value.snapshots)) timer = setTimeout(once, pollMs);
      } catch (error) {
        if (!stopped) {
          setState(s => ({ ...s, loading: false, error: error as Error }));
        }
      }
    };
    once();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [read, pollMs, attempt]);

  const retry = useCallback(() => {
    setState(s => ({ value: s.value, loading: true }));
    setAttempt(a => a + 1);
  }, []);
  return { ...state, retry };
}

/** Only what summary and trend take: asking again for a severity they ignore would be a wasted read. */
function scopeOf(filter: FindingsFilter): FindingsFilter {
  const scope: FindingsFilter = {};
  if (filter.accountId) scope.accountId = filter.accountId;
  if (filter.entityRef) scope.entityRef = filter.entityRef;
  if (filter.windowDays) scope.windowDays = filter.windowDays;
  return scope;
}

/** Counts by severity, status and account for an entity's or everybody's accounts. */
export function useFindingsSummary(
  filter: FindingsFilter,
  pollMs = FINDINGS_POLL_MS,
) {
  const api = useApi(securityLakeApiRef);
  const key = JSON.stringify(scopeOf(filter));
  const read = useCallback(
    () =>
      api.getFindingsSummary(JSON.parse(key), {
        waitSeconds: FINDINGS_WAIT_SECONDS,
      }),
    [api, key],
  );
  return usePolled(read, pollMs);
}

/** Findings per day by severity. */
export function useFindingsTrend(
  filter: FindingsFilter,
  pollMs = FINDINGS_POLL_MS,
) {
  const api = useApi(securityLakeApiRef);
  const key = JSON.stringify(scopeOf(filter));
  const read = useCallback(
    () =>
      api.getFindingsTrend(JSON.parse(key), {
        waitSeconds: FINDINGS_WAIT_SECONDS,
      }),
    [api, key],
  );
  return usePolled(read, pollMs);
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
  const first = usePolled(read, pollMs);
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

/**
 * Runs, each read again until it ends. The backend holds each read up to `waitSeconds` while the run goes
 * on, so a run that ends shows at once; `pauseMs` keeps a backend that answers early from being asked in
 * a tight loop.
 */
export function useRunStates(
  runIds: string[],
  options: { waitSeconds?: number; pauseMs?: number } = {},
) {
  const { waitSeconds = 20, pauseMs = 1000 } = options;
  const api = useApi(securityLakeApiRef);
  const key = runIds.join('\n');
  const [runs, setRuns] = useState<Record<string, QueryRun>>({});
  const [errors, setErrors] = useState<Record<string, Error>>({});

  useEffect(() => {
    const stop = { stopped: false };
    const timers: ReturnType<typeof setTimeout>[] = [];
    const follow = async (runId: string) => {
      try {
        const run = await api.getRun(runId, { waitSeconds });
        if (stop.stopped) return;
        setRuns(r => ({ ...r, [runId]: run }));
        if (isRunActive(run)) {
          timers.push(setTimeout(() => follow(runId), pauseMs));
        }
      } catch (error) {
        if (!stop.stopped) setErrors(e => ({ ...e, [runId]: error as Error }));
      }
    };
    (key ? key.split('\n') : []).forEach(follow);
    return () => {
      stop.stopped = true;
      timers.forEach(clearTimeout);
    };
  }, [api, key, waitSeconds, pauseMs]);

  return { runs, errors };
}
