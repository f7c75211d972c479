import { SubscriberRequestState } from '@internal/plugin-security-lake-common';

/** What moves a request: people (approve, reject, revoke, retry) and the provisioner (the rest). @internal */
export type SubscriberAction =
  | 'request'
  | 'approve'
  | 'reject'
  | 'provision'
  | 'activate'
  | 'fail'
  | 'retry'
  | 'revoke'
  | 'expire';

/**
 * Every allowed transition; anything not here is refused. A failed provision waits for a retry; access
 * that was granted ends by revocation or expiry; a request never approved may expire too.
 *
 * @internal
 */
export const SUBSCRIBER_TRANSITIONS: Record<
  SubscriberRequestState,
  Partial<Record<SubscriberAction, SubscriberRequestState>>
> = {
  pending: { approve: 'approved', reject: 'rejected', expire: 'expired' },
  approved: { provision: 'provisioning', revoke: 'revoked' },
  provisioning: { activate: 'active', fail: 'failed' },
  active: { revoke: 'revoked', expire: 'expired' },
  failed: { retry: 'approved', revoke: 'revoked', expire: 'expired' },
  rejected: {},
  revoked: {},
  expired: {},
};

/** The state an action leads to, or undefined when it is not allowed from `state`. @internal */
export function nextState(
  state: SubscriberRequestState,
  action: SubscriberAction,
): SubscriberRequestState | undefined {
  return SUBSCRIBER_TRANSITIONS[state][action];
}
