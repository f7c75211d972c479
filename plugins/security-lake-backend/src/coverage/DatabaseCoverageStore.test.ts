import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { DatabaseCoverageStore } from './DatabaseCoverageStore';
import { CoverageSnapshot } from './CoverageStore';

jest.setTimeout(60_000);

const snapshot = (accounts: number): CoverageSnapshot => {
  const cells: CoverageSnapshot['cells'] = [];
  const rollups: CoverageSnapshot['rollups'] = [];
  for (let i = 0; i < accounts; i++) {
    const accountId = String(100000000000 + i);
    cells.push({
      accountId,
      region: 'us-east-1',
      sourceKey: 'VPC_FLOW',
      version: '2.0',
      configured: true,
      status: 'COLLECTING',
      health: 'healthy',
      lastEventAt: new Date('2026-11-20T10:00:00.000Z'),
      volume: [1, 2, 3],
    });
    cells.push({
      accountId,
      region: 'eu-west-1',
      sourceKey: 'ext:okta_sso',
      version: '1.0',
      configured: false,
      health: 'absent',
      volume: [0, 0, 0],
    });
    rollups.push({
      accountId,
      sourceKey: 'VPC_FLOW',
      health: 'healthy',
      regions: { 'us-east-1': 'healthy', 'eu-west-1': 'absent' },
      lastEventAt: new Date('2026-11-20T10:00:00.000Z'),
      volume: [1, 2, 3],
      exceptionCount: i % 2,
    });
  }
  return {
    cells,
    rollups,
    exceptions: [
      {
        region: 'us-east-1',
        exception: 'Crawler failed',
        remediation: 'Retry',
        timestamp: '2026-11-20T09:00:00.000Z',
      },
    ],
    refreshedAt: new Date('2026-11-20T10:05:00.000Z'),
    volumeEndDay: '2026-11-20',
  };
};

describe('DatabaseCoverageStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    const store = await DatabaseCoverageStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    return { knex, store };
  }

  it.each(databases.eachSupportedId())(
    'replaces the snapshot whole and reads it back, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      expect(await store.getRefreshState()).toEqual({});
      // more rows than one insert takes
      await store.replaceSnapshot(snapshot(1200));
      await store.replaceSnapshot(snapshot(3));

      expect(await store.listAccountIds()).toEqual([
        '100000000000',
        '100000000001',
        '100000000002',
      ]);
      const byKey = (a: { sourceKey: string }, b: { sourceKey: string }) =>
        a.sourceKey < b.sourceKey ? -1 : 1;
      const cells = await store.listCells({ accountIds: ['100000000001'] });
      expect(cells.sort(byKey)).toEqual([
        {
          accountId: '100000000001',
          region: 'us-east-1',
          sourceKey: 'VPC_FLOW',
          version: '2.0',
          configured: true,
          status: 'COLLECTING',
          health: 'healthy',
          lastEventAt: new Date('2026-11-20T10:00:00.000Z'),
          volume: [1, 2, 3],
        },
        {
          accountId: '100000000001',
          region: 'eu-west-1',
          sourceKey: 'ext:okta_sso',
          version: '1.0',
          configured: false,
          health: 'absent',
          volume: [0, 0, 0],
        },
      ].sort(byKey));
      expect((await store.listRollups())[1]).toEqual({
        accountId: '100000000001',
        sourceKey: 'VPC_FLOW',
        health: 'healthy',
        regions: { 'us-east-1': 'healthy', 'eu-west-1': 'absent' },
        lastEventAt: new Date('2026-11-20T10:00:00.000Z'),
        volume: [1, 2, 3],
        exceptionCount: 1,
      });
      expect(await store.listExceptions()).toEqual(snapshot(0).exceptions);
      expect(await store.getRefreshState()).toEqual({
        refreshedAt: '2026-11-20T10:05:00.000Z',
        lastAttemptAt: '2026-11-20T10:05:00.000Z',
        lastAttemptStatus: 'succeeded',
        volumeEndDay: '2026-11-20',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the last good snapshot when an attempt fails, and says why, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.replaceSnapshot(snapshot(2));
      await store.recordRequest(new Date('2026-11-20T11:00:00.000Z'));
      await store.recordAttempt({
        status: 'running',
        at: new Date('2026-11-20T11:00:01.000Z'),
      });
      expect(await store.getRefreshState()).toMatchObject({
        lastAttemptStatus: 'running',
        requestedAt: '2026-11-20T11:00:00.000Z',
      });
      await store.recordAttempt({
        status: 'failed',
        at: new Date('2026-11-20T11:00:01.000Z'),
        error: 'AccessDeniedException: not authorized',
      });
      expect(await store.getRefreshState()).toEqual({
        refreshedAt: '2026-11-20T10:05:00.000Z',
        lastAttemptAt: '2026-11-20T11:00:01.000Z',
        lastAttemptStatus: 'failed',
        lastError: 'AccessDeniedException: not authorized',
        volumeEndDay: '2026-11-20',
      });
      expect(await store.listAccountIds()).toHaveLength(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves the old snapshot whole when writing a new one fails, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.replaceSnapshot(snapshot(2));
      const broken = snapshot(1);
      // a NOT NULL column left empty fails the insert inside the transaction
      (broken.cells[0] as any).health = null;
      // better-sqlite3 builds its errors with the SqliteError class of the first test file that loaded it
      // in this worker, so they are not Errors of this file's realm and `rejects.toThrow()` misses them
      const failure = await store.replaceSnapshot(broken).then(
        () => undefined,
        (error: { message?: string }) => error,
      );
      expect(failure?.message).toMatch(/NOT NULL|null value/i);
      expect(await store.listAccountIds()).toEqual([
        '100000000000',
        '100000000001',
      ]);
      expect(await store.listCells()).toHaveLength(4);
    },
  );
});
