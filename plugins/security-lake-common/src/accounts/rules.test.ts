import {
  accountsOfEntity,
  accountsOwnedBy,
  indexAccountsByOwner,
  teamRefsOf,
} from './rules';

const ACCOUNTS = [
  {
    accountId: '111111111111',
    owners: ['group:default/team-payments'],
    relatedRefs: ['group:default/team-payments', 'system:default/payments'],
  },
  {
    accountId: '222222222222',
    owners: ['Group:default/Team-Payments', 'user:default/alice'],
    relatedRefs: ['resource:default/payments-dev'],
  },
  { accountId: '333333333333', owners: [], relatedRefs: [] },
];

describe('teamRefsOf', () => {
  it('keeps the groups, in their order, and nothing else', () => {
    expect(
      teamRefsOf([
        'user:default/alice',
        'group:default/b',
        'group:default/a',
        'component:default/x',
      ]),
    ).toEqual(['group:default/b', 'group:default/a']);
  });
});

describe('accountsOfEntity', () => {
  it('keeps the accounts linked to the entity, its ref compared without case', () => {
    expect(
      accountsOfEntity(ACCOUNTS, 'System:default/Payments').map(
        a => a.accountId,
      ),
    ).toEqual(['111111111111']);
    expect(accountsOfEntity(ACCOUNTS, 'system:default/other')).toEqual([]);
    expect(accountsOfEntity(ACCOUNTS)).toBe(ACCOUNTS);
  });
});

describe('indexAccountsByOwner', () => {
  it("answers an owner's accounts in one lookup, whatever the case of the ref", () => {
    const byOwner = indexAccountsByOwner(ACCOUNTS);
    expect(accountsOwnedBy(byOwner, 'group:default/team-payments')).toEqual([
      '111111111111',
      '222222222222',
    ]);
    expect(accountsOwnedBy(byOwner, 'USER:default/alice')).toEqual([
      '222222222222',
    ]);
    expect(accountsOwnedBy(byOwner, 'group:default/nobody')).toEqual([]);
  });
});
