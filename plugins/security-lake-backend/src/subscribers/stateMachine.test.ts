import { SubscriberRequestState } from '@internal/plugin-security-lake-common';
import { nextState, SubscriberAction } from './stateMachine';

// every state and every action, each named once: the compiler refuses these lists if one is missing
const STATES = Object.keys({
  pending: 0,
  approved: 0,
  provisioning: 0,
  active: 0,
  rejected: 0,
  withdrawn: 0,
  failed: 0,
  revoked: 0,
  expired: 0,
} satisfies Record<SubscriberRequestState, 0>) as SubscriberRequestState[];
const ACTIONS = Object.keys({
  request: 0,
  approve: 0,
  reject: 0,
  withdraw: 0,
  provision: 0,
  activate: 0,
  fail: 0,
  retry: 0,
  revoke: 0,
  expire: 0,
  narrow: 0,
  replace: 0,
} satisfies Record<SubscriberAction, 0>) as SubscriberAction[];

/** The allowed transitions; every other state and action pair is refused. */
const ALLOWED: Record<string, SubscriberRequestState> = {
  'pending -approve->': 'approved',
  'pending -reject->': 'rejected',
  'pending -withdraw->': 'withdrawn',
  'pending -expire->': 'expired',
  'approved -provision->': 'provisioning',
  'approved -revoke->': 'revoked',
  'approved -expire->': 'expired',
  'provisioning -activate->': 'active',
  'provisioning -fail->': 'failed',
  'provisioning -revoke->': 'revoked',
  'provisioning -expire->': 'expired',
  'active -revoke->': 'revoked',
  'active -expire->': 'expired',
  'active -narrow->': 'active',
  'active -replace->': 'revoked',
  'failed -retry->': 'approved',
  'failed -revoke->': 'revoked',
  'failed -expire->': 'expired',
};

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
      'pending -withdraw-> withdrawn',
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
    for (const ended of [
      'rejected',
      'withdrawn',
      'revoked',
      'expired',
    ] as const) {
      expect(ACTIONS.map(a => nextState(ended, a))).toEqual(
        ACTIONS.map(() => undefined),
      );
    }
  });

  it.each(
    STATES.flatMap(state => ACTIONS.map(action => [state, action] as const)),
  )('%s, then %s', (state, action) => {
    expect(nextState(state, action)).toBe(ALLOWED[`${state} -${action}->`]);
  });

  it('names only states and actions that exist in its allowed transitions', () => {
    for (const pair of Object.keys(ALLOWED)) {
      const [state, action] = pair.replace(/ -|->/g, ' ').trim().split(/\s+/);
      expect(STATES).toContain(state);
      expect(ACTIONS).toContain(action);
    }
  });

  it('moves no request by asking for it: a request starts pending, from no state', () => {
    expect(STATES.map(s => nextState(s, 'request'))).toEqual(
      STATES.map(() => undefined),
    );
  });
});
