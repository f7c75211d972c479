import { AthenaClient } from '@aws-sdk/client-athena';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { securityLakeTableRef } from '@internal/plugin-security-lake-common';
import { LogSourceRecord } from '@internal/plugin-security-lake-node';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { athenaOverMocks } from '../__testUtils__/athena';
import { FakeLake } from '../__testUtils__/fakeLake';
import { accountEntity, as } from '../__testUtils__/portal';
import { startPortal } from '../__testUtils__/startPortal';
import { NewRun, RunStore } from './RunStore';

jest.setTimeout(60_000);

const API = '/api/security-lake';
const IAM = 'cloudtrail-iam-changes';
const PAYMENTS = '111111111111';
const CHECKOUT = '333333333333';

const LAKE: FakeLake = {
  logSources: [PAYMENTS, CHECKOUT].map(
    accountId =>
      ({
        accountId,
        region: 'us-east-1',
        source: 'CLOUD_TRAIL_MGMT',
        version: '2.0',
      } as LogSourceRecord),
  ),
  lastEventHoursAgo: {
    [securityLakeTableRef('us-east-1', 'CLOUD_TRAIL_MGMT', '2.0')]: {
      [PAYMENTS]: 1,
      [CHECKOUT]: 1,
    },
  },
};

/** One window for every run below, so that nothing but the accounts tells two teams' runs apart. */
const RUN = {
  queryId: IAM,
  parameters: {
    region: 'us-east-1',
    start: '2026-11-20T00:00:00Z',
    end: '2026-11-21T00:00:00Z',
  },
};

describe('result reuse never crosses accounts', () => {
  const athenaMock = mockClient(AthenaClient);
  // a library run's result is one row: the accounts Athena was given
  const athena = athenaOverMocks({
    athena: athenaMock,
    lake: LAKE,
    result: input => ({
      columns: [{ name: 'accountid', type: 'varchar' }],
      rows: [[input.ExecutionParameters!.join(',')]],
    }),
  });
  /** Every StartQueryExecution input, by the execution id Athena answered with. */
  const started = athena.started;
  let portal: Awaited<ReturnType<typeof startPortal>>;

  beforeAll(async () => {
    portal = await startPortal({
      engine: athena.engine,
      lake: LAKE,
      entities: [
        accountEntity('payments-prod', PAYMENTS, 'group:default/team-payments'),
        accountEntity('checkout-prod', CHECKOUT, 'group:default/team-checkout'),
      ],
      securityLake: { queries: { pollIntervalMs: 5 } },
    });
  });
  afterAll(async () => portal?.stop());

  const run = async (user: string, accountIds: string[]) => {
    const res = await request(portal.server)
      .post(`${API}/runs`)
      .set(as(user))
      .send({ ...RUN, accountIds });
    expect(res.status).toBe(202);
    const done = await request(portal.server)
      .get(`${API}/runs/${res.body.id}?waitSeconds=10`)
      .set(as(user));
    expect(done.body.state).toBe('SUCCEEDED');
    return done.body;
  };
  /** What Athena was asked for a run, by the run id it carries as its token. */
  const startsOf = (runId: string) =>
    [...started.values()].filter(i => i.ClientRequestToken === runId);

  it("runs each team's run of one library query as its own execution, reused only by the same accounts", async () => {
    const alice = await run('alice', [PAYMENTS]);
    const carol = await run('carol', [CHECKOUT]);

    // the same SQL: only the bound accounts tell the two apart
    expect(carol.sql).toBe(alice.sql);
    expect(alice.boundValues).toContain(PAYMENTS);
    expect(carol.boundValues).toContain(CHECKOUT);
    expect(carol.boundValues).not.toContain(PAYMENTS);
    // checkout's run is not answered from payments' result, nor given its execution
    expect(carol.reusedRunId).toBeUndefined();
    expect(carol.executionId).not.toBe(alice.executionId);

    // and Athena is asked twice, with its own reuse off, so it cannot answer one from the other either
    const literal = (v: string | number) =>
      typeof v === 'string' ? `'${v}'` : String(v);
    for (const [body, account, other] of [
      [alice, PAYMENTS, CHECKOUT],
      [carol, CHECKOUT, PAYMENTS],
    ]) {
      expect(startsOf(body.id)).toEqual([
        {
          QueryString: alice.sql,
          WorkGroup: 'security-lake',
          QueryExecutionContext: { Catalog: 'AwsDataCatalog' },
          ClientRequestToken: body.id,
          ExecutionParameters: body.boundValues.map(literal),
          ResultReuseConfiguration: {
            ResultReuseByAgeConfiguration: { Enabled: false },
          },
        },
      ]);
      expect(startsOf(body.id)[0].ExecutionParameters).toContain(
        `'${account}'`,
      );
      expect(startsOf(body.id)[0].ExecutionParameters).not.toContain(
        `'${other}'`,
      );
    }
    // each result is its own team's
    const carolRows = await request(portal.server)
      .get(`${API}/runs/${carol.id}/results`)
      .set(as('carol'));
    expect(JSON.stringify(carolRows.body.rows)).toContain(CHECKOUT);
    expect(JSON.stringify(carolRows.body.rows)).not.toContain(PAYMENTS);

    // a teammate's identical run is answered from the earlier result, and Athena is not asked again
    const executions = started.size;
    const bob = (
      await request(portal.server)
        .post(`${API}/runs`)
        .set(as('bob'))
        .send({ ...RUN, accountIds: [PAYMENTS] })
    ).body;
    expect(bob).toMatchObject({
      state: 'SUCCEEDED',
      reusedRunId: alice.id,
      executionId: alice.executionId,
    });
    expect(started.size).toBe(executions);
    // and checkout's own repeat reuses checkout's run, never payments'
    const again = (
      await request(portal.server)
        .post(`${API}/runs`)
        .set(as('carol'))
        .send({ ...RUN, accountIds: [CHECKOUT] })
    ).body;
    expect(again).toMatchObject({
      state: 'SUCCEEDED',
      reusedRunId: carol.id,
      executionId: carol.executionId,
    });
    expect(started.size).toBe(executions);
  });
});

describe('RunStore.findReusable', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'compares the SQL, the values and the accounts themselves, not only their fingerprint, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await RunStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const payments: NewRun = {
        id: randomUUID(),
        queryId: IAM,
        title: 'IAM changes',
        sql: 'SELECT * FROM t WHERE accountid IN (?)',
        boundValues: [PAYMENTS],
        parameters: {},
        accountIds: [PAYMENTS],
        region: 'us-east-1',
        sourceVersion: '2.0',
        engine: 'athena',
        createdBy: 'user:default/alice',
        teamRef: 'group:default/team-payments',
        fingerprint: 'f'.repeat(64),
        state: 'SUCCEEDED',
        executionId: 'exec-payments',
        startedAt: new Date().toISOString(),
        completedAt: new Date().toISOString(),
      };
      await store.insert(payments);
      const since = new Date(Date.now() - 60_000);

      expect((await store.findReusable(payments, since))?.id).toBe(payments.id);
      // a run whose fingerprint is the same (were a hash ever to collide) but whose accounts are not
      for (const other of [
        { ...payments, boundValues: [CHECKOUT], accountIds: [CHECKOUT] },
        { ...payments, accountIds: [CHECKOUT] },
        { ...payments, boundValues: [CHECKOUT] },
        { ...payments, sql: `${payments.sql} LIMIT 1` },
        { ...payments, engine: 'duckdb' },
      ]) {
        expect(await store.findReusable(other, since)).toBeUndefined();
      }
      // nor one older than the reuse window
      expect(
        await store.findReusable(payments, new Date(Date.now() + 60_000)),
      ).toBeUndefined();
    },
  );
});
