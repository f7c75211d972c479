import { SubscriberRequestState } from '@internal/plugin-security-lake-common';
import { useCallback } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';
import { SUBSCRIBER_REQUEST_STATES } from './format';

/**
 * Where in the subscriber requests the user is: the list (`?state=` filters it, `all` for every state),
 * the form for a new request (`?request=new`) or one request (`?requestId=`).
 */
export interface SubscribersPlace {
  request?: 'new';
  requestId?: string;
  state?: SubscriberRequestState | 'all';
}

const KEYS = ['request', 'requestId', 'state'] as const;

/** The subscribers' place, kept in the URL next to the page's `?tab=` so each screen can be linked to. */
export function useSubscribersLocation() {
  const location = useLocation();
  const [params, setParams] = useSearchParams();

  const search = useCallback(
    (place: SubscribersPlace) => {
      const next = new URLSearchParams(params);
      for (const key of KEYS) {
        next.delete(key);
        const value = place[key];
        if (value) next.set(key, value);
      }
      return next;
    },
    [params],
  );

  const linkTo = useCallback(
    (place: SubscribersPlace) => `${location.pathname}?${search(place)}`,
    [location.pathname, search],
  );

  const go = useCallback(
    (place: SubscribersPlace, options?: { replace?: boolean }) =>
      setParams(search(place), options),
    [setParams, search],
  );

  const state = params.get('state');
  return {
    newRequest: params.get('request') === 'new',
    requestId: params.get('requestId') ?? undefined,
    stateFilter:
      state === 'all' ||
      (SUBSCRIBER_REQUEST_STATES as readonly string[]).includes(state ?? '')
        ? (state as SubscriberRequestState | 'all')
        : undefined,
    linkTo,
    go,
  };
}
