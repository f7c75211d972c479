import { useCallback, useEffect, useState } from 'react';

/** What a polled read holds: the newest answer, and why the last read failed if it did. */
export interface Polled<T> {
  loading: boolean;
  value?: T;
  error?: Error;
}

/**
 * One read, asked again `pollMs` after each answer for which `again(answer)` holds (a run still going, a
 * lake still being read). A new `read` (another run, another filter) starts from nothing rather than
 * showing the previous one's answer; a failed read stops the polling and keeps what was there, for
 * `retry`. `update` puts in a fresher answer (the answer to a cancel) without waiting for the next read.
 *
 * `read` and `again` are compared by identity: pass a memoised `read` and a function that stays the same.
 */
export function usePolled<T>(
  read: () => Promise<T>,
  pollMs: number,
  again: (value: T) => boolean,
) {
  const [state, setState] = useState<Polled<T>>({ loading: true });
  const [attempt, setAttempt] = useState(0);

  // another read starts over rather than showing the previous one's answer
  useEffect(() => setState({ loading: true }), [read]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const once = async () => {
      try {
        const value = await read();
        if (stopped) return;
        setState({ loading: false, value });
        if (again(value)) timer = setTimeout(once, pollMs);
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
  }, [read, pollMs, again, attempt]);

  const retry = useCallback(() => {
    setState(s => ({ value: s.value, loading: true }));
    setAttempt(a => a + 1);
  }, []);
  const update = useCallback(
    (next: (current: T | undefined) => T | undefined) =>
      setState(s => {
        const value = next(s.value);
        return value === s.value ? s : { loading: false, value };
      }),
    [],
  );
  return { ...state, retry, update };
}
