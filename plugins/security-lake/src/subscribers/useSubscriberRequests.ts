import { useApi } from '@backstage/core-plugin-api';
import {
  SubscriberDecision,
  SubscriberRequestDetail,
  SubscriberRequestState,
} from '@internal/plugin-security-lake-common';
import { useCallback, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { securityLakeApiRef, SubscriberRequestAction } from '../api';
import { isProvisioning, isRemoving } from './format';

/** The subscriber requests the caller may see, in one state or all. */
export function useSubscriberRequests(state?: SubscriberRequestState) {
  const api = useApi(securityLakeApiRef);
  return useAsyncRetry(
    () => api.listSubscriberRequests(state ? { state } : undefined),
    [api, state],
  );
}

/**
 * One subscriber request, read again every `pollMs` while it is being provisioned (approved or
 * provisioning) or, once ended, while what it was granted is still being removed. `decide` sends a decision and shows its answer at once, polling again if that answer is
 * still being provisioned. A failed read stops the polling and is offered for a `retry`.
 */
export function useSubscriberRequest(requestId: string, pollMs: number) {
  const api = useApi(securityLakeApiRef);
  // `answers` counts the answers read: an answer equal to the last one still schedules the next read
  const [state, setState] = useState<{
    request?: SubscriberRequestDetail;
    error?: Error;
    answers: number;
  }>({ answers: 0 });
  const [attempt, setAttempt] = useState(0);

  // the first read, and another on retry
  useEffect(() => {
    let stopped = false;
    api
      .getSubscriberRequest(requestId)
      .then(request => {
        if (!stopped) setState(s => ({ request, answers: s.answers + 1 }));
      })
      .catch(error => {
        if (!stopped) setState(s => ({ ...s, error }));
      });
    return () => {
      stopped = true;
    };
  }, [api, requestId, attempt]);

  // each answer still being provisioned schedules the next read
  const { request, answers } = state;
  const provisioning =
    !!request && (isProvisioning(request.state) || isRemoving(request));
  useEffect(() => {
    if (!provisioning) return undefined;
    let stopped = false;
    const timer = setTimeout(() => {
      api
        .getSubscriberRequest(requestId)
        .then(next => {
          if (!stopped)
            setState(s => ({ request: next, answers: s.answers + 1 }));
        })
        .catch(error => {
          if (!stopped) setState(s => ({ ...s, error }));
        });
    }, pollMs);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, requestId, provisioning, answers, pollMs]);

  const retry = useCallback(() => {
    setState(s => ({ request: s.request, answers: s.answers }));
    setAttempt(a => a + 1);
  }, []);

  const decide = useCallback(
    async (action: SubscriberRequestAction, decision?: SubscriberDecision) => {
      const next = await api.decideSubscriberRequest(
        requestId,
        action,
        decision,
      );
      setState(s => ({ request: next, answers: s.answers + 1 }));
      return next;
    },
    [api, requestId],
  );

  const { error } = state;
  return { request, error, retry, decide };
}
