import { mockServices } from '@backstage/backend-test-utils';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AccountDirectory } from './AccountDirectory';

const account = (name: string, id: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, annotations: { 'amazonaws.com/account-id': id } },
  spec: { type: 'cloud-account', owner },
  relations: [{ type: 'ownedBy', targetRef: owner }],
});

describe('AccountDirectory', () => {
  it('reads the catalog once per period, and again in the background when the list is old', async () => {
    let entities = [account('a', '111111111111', 'group:default/a')];
    const streamEntities = jest.fn(async function* stream() {
      yield entities;
    });
    let now = 0;
    const directory = new AccountDirectory({
      catalog: { streamEntities } as unknown as CatalogService,
      auth: mockServices.auth(),
      cacheTtlMs: 60_000,
      now: () => now,
    });

    expect((await directory.listAccounts()).map(a => a.accountId)).toEqual([
      '111111111111',
    ]);
    now = 59_000;
    await directory.listAccounts();
    expect(streamEntities).toHaveBeenCalledTimes(1);

    entities = [...entities, account('b', '222222222222', 'group:default/b')];
    now = 61_000;
    // the old list answers at once while the new one is read
    expect(await directory.listAccounts()).toHaveLength(1);
    expect(streamEntities).toHaveBeenCalledTimes(2);
    await new Promise(resolve => setImmediate(resolve));
    const index = await directory.index();
    expect(index.accounts.map(a => a.accountId)).toEqual([
      '111111111111',
      '222222222222',
    ]);
    expect([...index.byOwner.get('group:default/b')!]).toEqual([
      '222222222222',
    ]);
  });
});

const entity = (
  kind: string,
  name: string,
  id: string,
  owner: string,
  spec: Record<string, unknown> = {},
  relations: { type: string; targetRef: string }[] = [],
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, annotations: { 'amazonaws.com/account-id': id } },
  spec: { owner, ...spec },
  relations: [{ type: 'ownedBy', targetRef: owner }, ...relations],
});

// team-checkout tries every way but the trusted one to claim payments' accounts
const UNTRUSTED = [
  entity('Component', 'ledger', '111111111111', 'group:default/checkout', {
    type: 'service',
  }),
  entity('Resource', 'checkout-vpc', '222222222222', 'group:default/checkout', {
    type: 'vpc',
  }),
  entity('Group', 'checkout', '111111111111', 'group:default/checkout'),
  entity('System', 'orders', '999999999999', 'group:default/checkout'),
];

describe('AccountDirectory: which entities declare an account', () => {
  const directoryOver = (
    entities: Entity[],
    options: Partial<ConstructorParameters<typeof AccountDirectory>[0]> = {},
  ) => {
    const catalog = catalogServiceMock({ entities });
    const stream = jest.spyOn(catalog, 'streamEntities');
    const logger = mockServices.logger.mock();
    const directory = new AccountDirectory({
      catalog,
      auth: mockServices.auth(),
      logger,
      ...options,
    });
    return { directory, stream, logger };
  };

  it('makes owners only of cloud-account Resources by default; other kinds confer nothing', async () => {
    const { directory, stream } = directoryOver([
      account('payments-prod', '111111111111', 'group:default/payments'),
      ...UNTRUSTED,
    ]);
    const index = await directory.index();
    expect([...index.ids]).toEqual(['111111111111']);
    expect(index.accounts[0]).toMatchObject({
      entityRefs: ['resource:default/payments-prod'],
      owners: ['group:default/payments'],
    });
    expect(index.byOwner.get('group:default/checkout')).toBeUndefined();
    // the component that carries the id links its page to the account, not its owner's
    expect(index.accounts[0].relatedRefs).toEqual([
      'component:default/ledger',
      'group:default/payments',
      'resource:default/payments-prod',
    ]);
    // the catalog is asked for the trusted kind and the linking Components and Systems only
    const [[request]] = stream.mock.calls;
    expect(request?.filter).toEqual([
      {
        'metadata.annotations.amazonaws.com/account-id': CATALOG_FILTER_EXISTS,
        kind: 'Resource',
        'spec.type': 'cloud-account',
      },
      {
        'metadata.annotations.amazonaws.com/account-id': CATALOG_FILTER_EXISTS,
        kind: 'Component',
      },
      {
        'metadata.annotations.amazonaws.com/account-id': CATALOG_FILTER_EXISTS,
        kind: 'System',
      },
    ]);
  });

  it('confers nothing through other kinds even when the catalog sends everything', async () => {
    const everything = jest.fn(async function* stream() {
      yield [
        account('payments-prod', '111111111111', 'group:default/payments'),
        ...UNTRUSTED,
      ];
    });
    const directory = new AccountDirectory({
      catalog: { streamEntities: everything } as unknown as CatalogService,
      auth: mockServices.auth(),
    });
    const index = await directory.index();
    expect([...index.ids]).toEqual(['111111111111']);
    expect(index.accounts[0].owners).toEqual(['group:default/payments']);
    expect([...index.byOwner.keys()]).toEqual(['group:default/payments']);
  });

  it('makes owners of the configured kinds and types instead', async () => {
    const { directory } = directoryOver(
      [
        account('payments-prod', '111111111111', 'group:default/payments'),
        entity(
          'Component',
          'checkout-sandbox',
          '555555555555',
          'group:default/checkout',
          { type: 'aws-account' },
        ),
        entity('Component', 'ledger', '666666666666', 'group:default/ledger', {
          type: 'service',
        }),
      ],
      { accountEntities: [{ kind: 'component', type: 'AWS-Account' }] },
    );
    const index = await directory.index();
    // compared as the catalog compares, without regard to case
    expect([...index.ids]).toEqual(['555555555555']);
    expect([...index.byOwner.get('group:default/checkout')!]).toEqual([
      '555555555555',
    ]);
    expect(index.byOwner.get('group:default/payments')).toBeUndefined();
  });

  it('lets two trusted entities with the same owner declare one account', async () => {
    const { directory, logger } = directoryOver([
      account('payments-prod', '111111111111', 'group:default/payments'),
      account('payments-prod-legacy', '111111111111', 'group:default/payments'),
    ]);
    const index = await directory.index();
    expect(index.accounts[0]).toMatchObject({
      entityRefs: [
        'resource:default/payments-prod',
        'resource:default/payments-prod-legacy',
      ],
      owners: ['group:default/payments'],
    });
    expect(index.conflicts).toEqual([]);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('owns an account claimed with different owners to nobody, reports it, and logs it once per read', async () => {
    let now = 0;
    const { directory, logger } = directoryOver(
      [
        account('payments-prod', '111111111111', 'group:default/payments'),
        account('checkout-copy', '111111111111', 'group:default/checkout'),
        account('checkout-prod', '333333333333', 'group:default/checkout'),
      ],
      { cacheTtlMs: 60_000, now: () => now },
    );
    const index = await directory.index();
    // both declare it, neither owns it, and neither names it
    const disputed = index.accounts.find(a => a.accountId === '111111111111');
    expect(disputed).toMatchObject({
      owners: [],
      entityRefs: [
        'resource:default/checkout-copy',
        'resource:default/payments-prod',
      ],
    });
    expect(disputed?.title).toBeUndefined();
    expect([...index.byOwner.get('group:default/checkout')!]).toEqual([
      '333333333333',
    ]);
    expect(index.byOwner.get('group:default/payments')).toBeUndefined();
    expect(index.conflicts).toEqual([
      {
        accountId: '111111111111',
        claims: [
          {
            entityRef: 'resource:default/checkout-copy',
            owners: ['group:default/checkout'],
          },
          {
            entityRef: 'resource:default/payments-prod',
            owners: ['group:default/payments'],
          },
        ],
      },
    ]);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toBe(
      'AWS account 111111111111 is declared by catalog entities with different owners, so none of them owns it until the catalog agrees: resource:default/checkout-copy (owned by group:default/checkout); resource:default/payments-prod (owned by group:default/payments)',
    );

    // answered from the same read: not logged again
    await directory.index();
    await directory.listAccounts();
    expect(logger.warn).toHaveBeenCalledTimes(1);

    // the next read of the catalog reports it again
    now = 61_000;
    await directory.index();
    // the stale list answered; wait for the read it started in the background
    for (let i = 0; i < 100 && logger.warn.mock.calls.length < 2; i++) {
      await new Promise(resolve => setImmediate(resolve));
    }
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });
});
