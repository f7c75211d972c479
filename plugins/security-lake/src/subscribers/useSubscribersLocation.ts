import { SubscriberRequestState } from '@internal/plugin-security-lake-common';
import { usePlaceInUrl } from '../hooks/usePlaceInUrl';
import { SUBSCRIBER_REQUEST_STATES } from './format';

/**
 * Where in the subscriber requests the user is: the list (`?state=` filters it, `all` for every state),
 * the form for a new request (`?request=new`, with `&extends=` to extend one) or one request
 * (`?requestId=`).
 */
export interface SubscribersPlace {
  request?: 'new';
  requestId?: string;
  state?: SubscriberRequestState | 'all';
  extends?: string;
}

const KEYS = ['request', 'requestId', 'state', 'extends'] as const;

/** The subscribers' place, kept in the URL next to the page's `?tab=` so each screen can be linked to. */
export function useSubscribersLocation() {
  const { params, linkTo, go } = usePlaceInUrl<keyof SubscribersPlace>(KEYS);
  const state = params.get('state');
  return {
    newRequest: params.get('request') === 'new',
    extendsRequestId: params.get('extends') ?? undefined,
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
