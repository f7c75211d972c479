import { SubscriberRequestState } from '@internal/plugin-security-lake-common';
import { nextState, SubscriberAction } from './stateMachine';

const STATES: SubscriberRequestState[] = [
  'pending',
  'approved',
  'provisioning',
  'active',
  'rejected',
  'failed',
  'revoked',
  'expired',
];
const ACTIONS: SubscriberAction[] = [
  'approve',
  'reject',
  'provision',
  'activate',
  'fail',
  'retry',
  'revoke',
  'expire',
  'narrow',
  'replace',
];

describe('the subscriber request state machine', () => {
  it('allows exactly these transitions and refuses every other', () => {
    const allowed: string[] = [];
    for (const state of STATES) {
      for (const action of ACTIONS) {
        const to = nextState(state, action);
        if (to) allowed.push(`${state} -${action}-> ${to}`);
      }
    }
    expect(allowed).toEqual([
      'pending -approve-> approved',
      'pending -reject-> rejected',
      'pending -expire-> expired',
      'approved -provision-> provisioning',
      'approved -revoke-> revoked',
      'approved -expire-> expired',
      'provisioning -activate-> active',
      'provisioning -fail-> failed',
      'provisioning -revoke-> revoked',
      'provisioning -expire-> expired',
      'active -revoke-> revoked',
      'active -expire-> expired',
      'active -narrow-> active',
      'active -replace-> revoked',
      'failed -retry-> approved',
      'failed -revoke-> revoked',
      'failed -expire-> expired',
    ]);
    // 8 states x 10 actions: the other 63 are refused, and the ended states go nowhere
    expect(STATES.length * ACTIONS.length - allowed.length).toBe(63);
    for (const ended of ['rejected', 'revoked', 'expired'] as const) {
      expect(ACTIONS.map(a => nextState(ended, a))).toEqual(
        ACTIONS.map(() => undefined),
      );
    }
  });
});
