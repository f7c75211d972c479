import { toCatalogFilter } from './toCatalogFilter';

const ANNOTATION = 'metadata.annotations.amazonaws.com/account-id';

describe('toCatalogFilter', () => {
  it('turns ownership into a relations filter', () => {
    expect(
      toCatalogFilter({ ownedByAnyOf: ['user:default/a', 'group:default/t'] }),
    ).toEqual([{ 'relations.ownedBy': ['user:default/a', 'group:default/t'] }]);
  });

  it('makes one alternative per anyOf branch and merges allOf, intersecting shared keys', () => {
    expect(
      toCatalogFilter({
        anyOf: [
          { ownedByAnyOf: ['group:default/t'] },
          {
            allOf: [
              { accountIdIn: ['111111111111', '222222222222'] },
              { accountIdIn: ['222222222222', '333333333333'] },
              { ownedByAnyOf: ['group:default/u'] },
            ],
          },
        ],
      }),
    ).toEqual([
      { 'relations.ownedBy': ['group:default/t'] },
      {
        [ANNOTATION]: ['222222222222'],
        'relations.ownedBy': ['group:default/u'],
      },
    ]);
  });

  it('drops alternatives that can match nothing', () => {
    expect(toCatalogFilter({ ownedByAnyOf: [] })).toEqual([]);
    expect(
      toCatalogFilter({
        allOf: [
          { accountIdIn: ['111111111111'] },
          { accountIdIn: ['222222222222'] },
        ],
      }),
    ).toEqual([]);
  });

  it('gives up on negation, which the catalog filter cannot say', () => {
    expect(
      toCatalogFilter({ not: { accountIdIn: ['111111111111'] } }),
    ).toBeUndefined();
    expect(
      toCatalogFilter({
        anyOf: [{ ownedByAnyOf: ['g'] }, { not: { ownedByAnyOf: ['h'] } }],
      }),
    ).toBeUndefined();
  });
});
