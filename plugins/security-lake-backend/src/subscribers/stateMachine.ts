import { SubscriberRequestState } from '@internal/plugin-security-lake-common';

/**
 * What moves a request: people (approve, reject, withdraw, revoke, retry) and the provisioner (the rest, and revoke
 * when none of a team-scoped grant's accounts is the team's any more). `narrow` takes accounts that left the
 * team out of an active grant; `replace` ends a request whose extension is in place.
 *
 * @internal
 */
export type SubscriberAction =
  | 'request'
  | 'approve'
  | 'reject'
  | 'withdraw'
  | 'provision'
  | 'activate'
  | 'fail'
  | 'retry'
  | 'revoke'
  | 'expire'
  | 'narrow'
  | 'replace';

/**
 * Every allowed transition; anything not here is refused. A failed provision waits for a retry; access
 * that was granted, or is being granted, ends by revocation or expiry (what a provision still creates after
 * that is removed too); a request never approved may expire too. A grant only ever narrows in place.
 *
 * @internal
 */
export const SUBSCRIBER_TRANSITIONS: Record<
  SubscriberRequestState,
  Partial<Record<SubscriberAction, SubscriberRequestState>>
> = {
  pending: {
    approve: 'approved',
    reject: 'rejected',
    withdraw: 'withdrawn',
    expire: 'expired',
  },
  approved: { provision: 'provisioning', revoke: 'revoked', expire: 'expired' },
  provisioning: {
    activate: 'active',
    fail: 'failed',
    revoke: 'revoked',
    expire: 'expired',
  },
  active: {
    revoke: 'revoked',
    expire: 'expired',
    narrow: 'active',
    replace: 'revoked',
  },
  failed: { retry: 'approved', revoke: 'revoked', expire: 'expired' },
  rejected: {},
  withdrawn: {},
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
