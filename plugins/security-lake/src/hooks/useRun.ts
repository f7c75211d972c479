import { useApi } from '@backstage/core-plugin-api';
import {
  QUERY_RUN_TERMINAL_STATES,
  QueryRun,
} from '@internal/plugin-security-lake-common';
import { useCallback } from 'react';
import { securityLakeApiRef } from '../api';
import { usePolled } from './usePolled';

/** Whether a run may still change: queued or running. */
export function isRunActive(run: QueryRun): boolean {
  return !QUERY_RUN_TERMINAL_STATES.includes(run.state);
}

/**
 * One run, read again every `pollMs` until it ends (a run's page, and the runs a finding started). A
 * failed read stops the polling and is offered for a retry; `replace` takes a fresher copy (the answer to
 * a cancel) without waiting for the next read. With `waitSeconds` the backend holds each read until the
 * run ends or that time passes, so an ending run shows at once.
 */
export function useRun(
  runId: string,
  pollMs: number,
  options?: { waitSeconds?: number },
) {
  const waitSeconds = options?.waitSeconds;
  const api = useApi(securityLakeApiRef);
  const read = useCallback(
    () =>
      waitSeconds === undefined
        ? api.getRun(runId)
        : api.getRun(runId, { waitSeconds }),
    [api, runId, waitSeconds],
  );
  const {
    value: run,
    error,
    retry,
    update,
  } = usePolled(read, pollMs, isRunActive);
  const replace = useCallback(
    (fresh: QueryRun) =>
      update(current => (current?.id === fresh.id ? fresh : current)),
    [update],
  );
  return { run, error, retry, replace };
}
