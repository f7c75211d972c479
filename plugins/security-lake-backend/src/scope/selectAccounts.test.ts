import { AccountIndex, selectAccounts } from './selectAccounts';

const index: AccountIndex = {
  ids: new Set(['111111111111', '222222222222', '333333333333']),
  byOwner: new Map([
    ['group:default/payments', new Set(['111111111111', '222222222222'])],
    ['group:default/checkout', new Set(['333333333333'])],
  ]),
};

const sorted = (set: Set<string>) => [...set].sort();

describe('selectAccounts', () => {
  it('looks up ownership by claim, whatever its case', () => {
    expect(
      sorted(
        selectAccounts(
          { ownedByAnyOf: ['Group:default/Payments', 'user:default/x'] },
          index,
        ),
      ),
    ).toEqual(['111111111111', '222222222222']);
    expect(selectAccounts({ ownedByAnyOf: [] }, index).size).toBe(0);
  });

  it('keeps only known account ids', () => {
    expect(
      sorted(
        selectAccounts(
          { accountIdIn: ['333333333333', '999999999999'] },
          index,
        ),
      ),
    ).toEqual(['333333333333']);
  });

  it('combines with anyOf, allOf and not', () => {
    expect(
      sorted(
        selectAccounts(
          {
            anyOf: [
              { ownedByAnyOf: ['group:default/checkout'] },
              {
                allOf: [
                  { ownedByAnyOf: ['group:default/payments'] },
                  { not: { accountIdIn: ['111111111111'] } },
                ],
              },
            ],
          },
          index,
        ),
      ),
    ).toEqual(['222222222222', '333333333333']);
  });
});
