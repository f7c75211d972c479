import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { DatabaseLogSourceStore } from './DatabaseLogSourceStore';

jest.setTimeout(60_000);

describe('DatabaseLogSourceStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    const store = await DatabaseLogSourceStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    return { knex, store };
  }

  it.each(databases.eachSupportedId())(
    'replaces the snapshot as a whole, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      expect(await store.getRefreshedAt()).toBeUndefined();

      const first = new Date('2026-11-20T10:00:00Z');
      await store.replaceAll(
        [
          {
            accountId: '111111111111',
            region: 'us-east-1',
            source: 'VPC_FLOW',
            version: '2.0',
          },
          {
            accountId: '111111111111',
            region: 'us-east-1',
            source: 'CLOUD_TRAIL_MGMT',
            version: '2.0',
          },
          {
            accountId: '222222222222',
            region: 'eu-west-1',
            source: 'ROUTE53',
            version: '1.0',
          },
        ],
        first,
      );
      expect(await store.list({ accountIds: ['111111111111'] })).toEqual([
        {
          accountId: '111111111111',
          region: 'us-east-1',
          source: 'CLOUD_TRAIL_MGMT',
          version: '2.0',
        },
        {
          accountId: '111111111111',
          region: 'us-east-1',
          source: 'VPC_FLOW',
          version: '2.0',
        },
      ]);
      expect(await store.listAccountIds()).toEqual([
        '111111111111',
        '222222222222',
      ]);
      expect((await store.getRefreshedAt())?.toISOString()).toBe(
        first.toISOString(),
      );

      const second = new Date('2026-11-20T10:15:00Z');
      await store.replaceAll(
        [
          {
            accountId: '222222222222',
            region: 'eu-west-1',
            source: 'ROUTE53',
            version: '1.0',
          },
        ],
        second,
      );
      expect(await store.list()).toEqual([
        {
          accountId: '222222222222',
          region: 'eu-west-1',
          source: 'ROUTE53',
          version: '1.0',
        },
      ]);
      expect((await store.getRefreshedAt())?.toISOString()).toBe(
        second.toISOString(),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the previous snapshot when a refresh fails half way, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const record = {
        accountId: '111111111111',
        region: 'us-east-1',
        source: 'VPC_FLOW',
        version: '2.0',
      } as const;
      await store.replaceAll([record], new Date());
      // the second record breaks a NOT NULL column, so the insert fails inside the transaction
      const broken = { ...record, region: null as unknown as string };
      await expect(
        store.replaceAll(
          [{ ...record, accountId: '222222222222' }, broken],
          new Date(),
        ),
      ).rejects.toThrow();
      expect(await store.list()).toEqual([record]);
    },
  );

  it.each(databases.eachSupportedId())(
    'filters thousands of accounts, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const records = Array.from({ length: 1500 }, (_, i) => ({
        accountId: String(800000000000 + i),
        region: 'us-east-1',
        source: 'CLOUD_TRAIL_MGMT' as const,
        version: '2.0' as const,
      }));
      await store.replaceAll(records, new Date());
      const wanted = records
        .filter((_, i) => i % 2 === 0)
        .map(r => r.accountId);
      const listed = await store.list({ accountIds: wanted });
      expect(listed.map(r => r.accountId)).toEqual(wanted);
    },
  );
});
