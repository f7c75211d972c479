import { useApi } from '@backstage/core-plugin-api';
import { QueryRun } from '@internal/plugin-security-lake-common';
import { useCallback, useEffect, useState } from 'react';
import { securityLakeApiRef } from '../api';
import { isRunActive } from './format';

/**
 * One run, read again every `pollMs` until it ends. A failed read stops the polling and is offered for a
 * retry; `replace` takes a fresher copy (the answer to a cancel) without waiting for the next read.
 * With `waitSeconds` the backend holds each read until the run ends or that time passes, so an ending run
 * shows at once.
 */
export function useRun(
  runId: string,
  pollMs: number,
  options?: { waitSeconds?: number },
) {
  const waitSeconds = options?.waitSeconds;
  const api = useApi(securityLakeApiRef);
  const [state, setState] = useState<{ run?: QueryRun; error?: Error }>({});
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      try {
        const run =
          waitSeconds === undefined
            ? await api.getRun(runId)
            : await api.getRun(runId, { waitSeconds });
        if (stopped) return;
        setState({ run });
        if (isRunActive(run)) timer = setTimeout(read, pollMs);
      } catch (error) {
        if (!stopped) setState(s => ({ ...s, error: error as Error }));
      }
    };
    read();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, runId, pollMs, waitSeconds, attempt]);

  // a different run starts from nothing, not from the previous run's last state
  useEffect(() => setState({}), [runId]);

  const retry = useCallback(() => {
    setState(s => ({ run: s.run }));
    setAttempt(a => a + 1);
  }, []);
  const replace = useCallback(
    (run: QueryRun) => setState(s => (s.run?.id === run.id ? { run } : s)),
    [],
  );
  return { ...state, retry, replace };
}

/** The current time, ticking every second while `active`. */
export function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}
