import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
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
