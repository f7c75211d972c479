import { ConfigReader } from '@backstage/config';
import { JsonValue } from '@backstage/types';
import {
  accountEntityRank,
  DEFAULT_ACCOUNT_ENTITIES,
  readAccountEntityFilters,
} from './accountEntities';

const read = (accountEntities: JsonValue | undefined) =>
  readAccountEntityFilters(
    new ConfigReader({ securityLake: { catalog: { accountEntities } } }),
  );

describe('readAccountEntityFilters', () => {
  it("defaults to the AWS organization processor's cloud-account Resources", () => {
    expect(readAccountEntityFilters(new ConfigReader({}))).toEqual([
      { kind: 'Resource', type: 'cloud-account' },
    ]);
    expect(read(undefined)).toBe(DEFAULT_ACCOUNT_ENTITIES);
  });

  it('reads kinds with and without a type', () => {
    expect(
      read([
        { kind: 'Resource', type: 'cloud-account' },
        { kind: ' Component ', type: 'aws-account' },
        { kind: 'System' },
      ]),
    ).toEqual([
      { kind: 'Resource', type: 'cloud-account' },
      { kind: 'Component', type: 'aws-account' },
      { kind: 'System' },
    ]);
  });

  it('refuses an empty list, which would leave every account unowned and read every entity', () => {
    expect(() => read([])).toThrow(
      /securityLake\.catalog\.accountEntities is empty/,
    );
  });

  it('refuses an entry without a kind, or with an empty type', () => {
    expect(() => read([{ type: 'cloud-account' }])).toThrow(/kind/);
    expect(() => read([{ kind: ' ' }])).toThrow(
      /accountEntities\[0\]: kind must be a non-empty string/,
    );
    expect(() => read([{ kind: 'Resource', type: ' ' }])).toThrow(
      /accountEntities\[0\]/,
    );
  });
});

describe('accountEntityRank', () => {
  const filters = [
    { kind: 'Resource', type: 'cloud-account' },
    { kind: 'Component' },
  ];
  it('matches kind and type without regard to case, and any type when none is configured', () => {
    expect(
      accountEntityRank(
        { kind: 'resource', spec: { type: 'Cloud-Account' } },
        filters,
      ),
    ).toBe(0);
    expect(
      accountEntityRank(
        { kind: 'Component', spec: { type: 'service' } },
        filters,
      ),
    ).toBe(1);
    expect(accountEntityRank({ kind: 'Component' }, filters)).toBe(1);
  });

  it('matches nothing of another kind or type', () => {
    expect(
      accountEntityRank({ kind: 'Resource', spec: { type: 'vpc' } }, filters),
    ).toBe(-1);
    expect(accountEntityRank({ kind: 'Resource' }, filters)).toBe(-1);
    expect(accountEntityRank({ kind: 'Group' }, filters)).toBe(-1);
  });
});
