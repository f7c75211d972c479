import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { InProcessQueryEngine } from '@internal/plugin-security-lake-node';
import { randomUUID } from 'node:crypto';
import { RunCleaner } from './RunCleaner';
import { RunStore } from './RunStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())('RunCleaner on %p', databaseId => {
  it('forgets ended runs past the age and only the result files no remaining run reuses', async () => {
    const knex = await databases.init(databaseId);
    const store = await RunStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    const engine = {
      kind: 'local-test',
      mode: 'in-process',
      deleteResult: jest.fn(async () => {}),
    } as unknown as jest.Mocked<InProcessQueryEngine>;
    const run = (state: 'SUCCEEDED' | 'RUNNING', executionId?: string) =>
      store.insert({
        id: randomUUID(),
        title: 't',
        sql: 'SELECT 1',
        boundValues: [],
        parameters: {},
        accountIds: ['111111111111', '222222222222'],
        region: 'us-east-1',
        sourceVersion: '2.0',
        engine: 'local-test',
        createdBy: 'user:default/alice',
        teamRef: 'group:default/team-payments',
        fingerprint: 'f',
        state,
        executionId,
      });
    const oldAlone = await run('SUCCEEDED', 'exec-old');
    const oldShared = await run('SUCCEEDED', 'exec-shared');
    const stillRunning = await run('RUNNING', 'exec-running');
    // everything so far is a day old by the cleaner's clock
    const now = new Date(Date.now() + 86_400_000 + 1000);
    const recentReuse = await store.insert({
      ...(await store.get(oldShared.id))!,
      id: randomUUID(),
      reusedRunId: oldShared.id,
      state: 'SUCCEEDED',
    });

    const cleaner = new RunCleaner({
      store,
      engine,
      logger: mockServices.logger.mock(),
      keepRunsDays: 1,
    });
    // the reusing run was created just now, so it is a day younger than the others
    await knex('query_runs')
      .where({ id: recentReuse.id })
      .update({ created_at: now });
    expect(await cleaner.clean(now)).toBe(2);

    expect(await store.get(oldAlone.id)).toBeUndefined();
    expect(await store.get(oldShared.id)).toBeUndefined();
    expect(await store.get(stillRunning.id)).toBeDefined();
    expect(await store.get(recentReuse.id)).toBeDefined();
    expect(engine.deleteResult.mock.calls).toEqual([['exec-old']]);
    expect(
      await knex('query_run_accounts').where({ run_id: oldAlone.id }),
    ).toEqual([]);
  });
});
