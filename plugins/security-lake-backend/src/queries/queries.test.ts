import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { LogSourceRecord } from '@internal/plugin-security-lake-node';
import { securityLakeTableRef } from '@internal/plugin-security-lake-common';
import request from 'supertest';
import { FakeLake, volumeAnswer } from '../__testUtils__/fakeLake';
import { accountEntity, as } from '../__testUtils__/portal';
import { remoteEngine } from '../__testUtils__/remoteEngine';
import { startPortal as startTestPortal } from '../__testUtils__/startPortal';
import { LIBRARY_QUERIES } from '@internal/plugin-security-lake-node';

jest.setTimeout(60_000);

const ENTITIES = [
  accountEntity('payments-prod', '111111111111', 'group:default/team-payments'),
  accountEntity('payments-dev', '222222222222', 'group:default/team-payments'),
  accountEntity('checkout-prod', '333333333333', 'group:default/team-checkout'),
];

const T = securityLakeTableRef;
const sources = (
  accountId: string,
  region: string,
  list: LogSourceRecord['source'][],
): LogSourceRecord[] =>
  list.map(
    source =>
      ({ accountId, region, source, version: '2.0' } as LogSourceRecord),
  );

const LAKE: FakeLake = {
  logSources: [
    ...sources('111111111111', 'us-east-1', ['CLOUD_TRAIL_MGMT', 'S3_DATA']),
    ...sources('111111111111', 'eu-west-1', ['CLOUD_TRAIL_MGMT']),
    ...sources('222222222222', 'eu-west-1', ['CLOUD_TRAIL_MGMT']),
    ...sources('333333333333', 'us-east-1', ['CLOUD_TRAIL_MGMT']),
  ],
  lastEventHoursAgo: {
    [T('us-east-1', 'CLOUD_TRAIL_MGMT', '2.0')]: {
      '111111111111': 1,
      '333333333333': 1,
    },
    [T('eu-west-1', 'CLOUD_TRAIL_MGMT', '2.0')]: {
      '111111111111': 1,
      '222222222222': 1,
    },
    [T('us-east-1', 'S3_DATA', '2.0')]: { '111111111111': 1 },
  },
};

const API = '/api/security-lake';
const IAM = 'cloudtrail-iam-changes';
const BUCKET_QUERY = 's3-bucket-activity';

function startPortal(options: {
  athena: ReturnType<typeof remoteEngine>;
  knex?: Parameters<typeof mockServices.database.factory>[0];
  config?: object;
}) {
  return startTestPortal({
    engine: options.athena.engine,
    lake: LAKE,
    entities: ENTITIES,
    securityLake: { queries: { pollIntervalMs: 5, ...options.config } },
    knex: options.knex,
  });
}

/** Waits until the engine has an execution for the run, and returns its id. */
async function executionOf(
  athena: ReturnType<typeof remoteEngine>,
  runId: string,
): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const found = athena
      .running()
      .find(r => r.request.clientRequestToken === runId);
    if (found) return found.id;
    await new Promise(r => setTimeout(r, 10));
  }
  throw new Error(`run ${runId} never reached the engine`);
}

describe('saved queries and runs', () => {
  const athena = remoteEngine({
    answerAtOnce: sql =>
      sql.includes('count_if(') ? volumeAnswer(LAKE)(sql) : undefined,
  });
  let portal: Awaited<ReturnType<typeof startPortal>>;
  let server: Awaited<ReturnType<typeof startPortal>>['server'];

  beforeAll(async () => {
    portal = await startPortal({ athena });
    server = portal.server;
  });
  afterAll(async () => portal?.stop());

  const start = (user: string, body: object) =>
    request(server).post(`${API}/runs`).set(as(user)).send(body);
  const runCount = async (user: string) =>
    (await request(server).get(`${API}/runs?limit=100`).set(as(user))).body
      .items.length;

  it('lists the library, filtered, and one query with where the caller may run it', async () => {
    const all = await request(server).get(`${API}/queries`).set(as('alice'));
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(LIBRARY_QUERIES.length);
    expect(all.body.items[0].sql).toBeUndefined();

    const waf = await request(server)
      .get(`${API}/queries?source=WAF`)
      .set(as('alice'));
    expect(waf.body.items.map((q: any) => q.sources[0])).toEqual(
      waf.body.items.map(() => 'WAF'),
    );
    expect(waf.body.items.length).toBeGreaterThan(0);

    const one = await request(server)
      .get(`${API}/queries/${IAM}`)
      .set(as('alice'));
    expect(one.status).toBe(200);
    expect(one.body.query.sql['2.0']).toContain('{{accounts}}');
    // Alice's teams own 111 and 222, never 333
    expect(one.body.availability).toEqual([
      { accountId: '111111111111', region: 'eu-west-1', version: '2.0' },
      { accountId: '111111111111', region: 'us-east-1', version: '2.0' },
      { accountId: '222222222222', region: 'eu-west-1', version: '2.0' },
    ]);
    expect(one.body.limits).toEqual({
      maxWindowDays: 31,
      maxAccountsPerRun: 50,
    });

    expect(
      (
        await request(server)
          .get(`${API}/queries/no-such-query`)
          .set(as('alice'))
      ).status,
    ).toBe(404);
  });

  it('runs a library query with every value bound, then pages and streams the result', async () => {
    const res = await start('alice', {
      queryId: BUCKET_QUERY,
      accountIds: ['111111111111'],
      parameters: {
        bucket: 'payments-invoices',
        start: '2026-11-20T00:00:00Z',
        end: '2026-11-21T00:00:00Z',
      },
      entityRef: 'component:default/payments-api',
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      queryId: BUCKET_QUERY,
      accountIds: ['111111111111'],
      region: 'us-east-1', // where 111 collects S3 data events
      sourceVersion: '2.0',
      createdBy: 'user:default/alice',
      entityRef: 'component:default/payments-api',
    });
    expect(['QUEUED', 'RUNNING']).toContain(res.body.state);
    const runId = res.body.id;

    const executionId = await executionOf(athena, runId);
    const sent = athena.started.find(r => r.clientRequestToken === runId)!;
    expect(sent.sql).toContain(
      '"amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_s3_data_2_0"',
    );
    expect(sent.sql).not.toContain('payments-invoices');
    expect(sent.sql).not.toContain('111111111111');
    expect(sent.parameters).toEqual(
      expect.arrayContaining([
        'payments-invoices',
        '111111111111',
        '2026-11-20 00:00:00.000',
        '2026-11-21 00:00:00.000',
      ]),
    );
    expect(sent.sql.split('?').length - 1).toBe(sent.parameters!.length);

    // results before the run ends: a conflict, not an empty page
    const early = await request(server)
      .get(`${API}/runs/${runId}/results`)
      .set(as('alice'));
    expect(early.status).toBe(409);

    athena.succeed(executionId, {
      columns: [
        { name: 'time', type: 'timestamp' },
        { name: 'operation', type: 'varchar' },
      ],
      rows: [
        ['2026-11-20 01:00:00', 'GetObject'],
        ['2026-11-20 02:00:00', 'PutObject'],
        ['2026-11-20 03:00:00', null],
      ],
    });
    const done = await request(server)
      .get(`${API}/runs/${runId}?waitSeconds=5`)
      .set(as('alice'));
    expect(done.body.state).toBe('SUCCEEDED');
    expect(done.body.dataScannedBytes).toBe(1024);

    const page1 = await request(server)
      .get(`${API}/runs/${runId}/results?limit=2`)
      .set(as('alice'));
    expect(page1.body.columns.map((c: any) => c.name)).toEqual([
      'time',
      'operation',
    ]);
    expect(page1.body.rows).toHaveLength(2);
    const page2 = await request(server)
      .get(`${API}/runs/${runId}/results`)
      .query({ limit: 2, cursor: page1.body.nextCursor })
      .set(as('alice'));
    expect(page2.body.rows).toEqual([['2026-11-20 03:00:00', null]]);
    expect(page2.body.nextCursor).toBeUndefined();

    const csv = await request(server)
      .get(`${API}/runs/${runId}/results.csv`)
      .set(as('alice'));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="[a-z0-9-]+-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(csv.text.split('\n')[0]).toBe('"time","operation"');
    // gzipped (at the fastest level) for a client that takes it, as browsers do, and plain otherwise
    expect(csv.headers['content-encoding']).toBe('gzip');
    const plain = await request(server)
      .get(`${API}/runs/${runId}/results.csv`)
      .set(as('alice'))
      .set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.text).toBe(csv.text);
    // a browser follows a plain link with the limited cookie: the CSV takes it, nothing else does
    const cookie = {
      Cookie: `backstage-auth=${mockCredentials.limitedUser.token(
        'user:default/alice',
      )}`,
    };
    const byCookie = await request(server)
      .get(`${API}/runs/${runId}/results.csv`)
      .set(cookie);
    expect(byCookie.status).toBe(200);
    expect(byCookie.text).toBe(csv.text);
    // elsewhere the cookie is ignored: the test backend then sees its default mock user, who owns nothing
    const elsewhere = await request(server)
      .get(`${API}/runs/${runId}/results`)
      .set(cookie);
    expect(elsewhere.status).toBe(404);
    expect(JSON.stringify(elsewhere.body)).not.toContain('GetObject');
    expect(
      (
        await request(server)
          .get(`${API}/runs/${runId}/results.csv`)
          .set({
            Cookie: `backstage-auth=${mockCredentials.limitedUser.token(
              'user:default/carol',
            )}`,
          })
      ).status,
    ).toBe(404);

    // the history: hers, and the entity's
    const mine = await request(server)
      .get(`${API}/runs?mine=true`)
      .set(as('alice'));
    expect(mine.body.items.map((r: any) => r.id)).toContain(runId);
    const entity = await request(server)
      .get(`${API}/runs`)
      .query({ entityRef: 'component:default/payments-api' })
      .set(as('alice'));
    expect(entity.body.items.map((r: any) => r.id)).toEqual([runId]);

    // an identical run within the reuse window is answered from this one
    const again = await start('bob', {
      queryId: BUCKET_QUERY,
      accountIds: ['111111111111'],
      parameters: {
        bucket: 'payments-invoices',
        start: '2026-11-20T00:00:00Z',
        end: '2026-11-21T00:00:00Z',
      },
    });
    expect(again.body).toMatchObject({
      state: 'SUCCEEDED',
      reusedRunId: runId,
      createdBy: 'user:default/bob',
    });
    const reused = await request(server)
      .get(`${API}/runs/${again.body.id}/results`)
      .set(as('bob'));
    expect(reused.body.rows).toHaveLength(3);
    expect(
      athena.started.filter(r => r.sql === sent.sql && r !== sent),
    ).toHaveLength(0);

    // the other team sees none of it; a teammate sees the run over the shared account
    for (const path of ['', '/results', '/results.csv']) {
      const theirs = await request(server)
        .get(`${API}/runs/${runId}${path}`)
        .set(as('carol'));
      expect(theirs.status).toBe(404);
      expect(JSON.stringify(theirs.body)).not.toContain('GetObject');
    }
    expect(
      (
        await request(server)
          .post(`${API}/runs/${runId}/cancel`)
          .set(as('carol'))
      ).status,
    ).toBe(404);
    const carolRuns = await request(server).get(`${API}/runs`).set(as('carol'));
    expect(carolRuns.body.items.map((r: any) => r.id)).not.toContain(runId);
    expect(
      (await request(server).get(`${API}/runs/${runId}`).set(as('bob'))).status,
    ).toBe(200);
    expect(
      (await request(server).get(`${API}/runs/${runId}`).set(as('pat'))).status,
    ).toBe(200);

    expect(portal.auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'query-run',
        meta: { queryId: BUCKET_QUERY, accountIds: ['111111111111'] },
      }),
    );
  });

  it("refuses a run over another team's account with 403 naming it, and writes nothing", async () => {
    const before = await runCount('alice');
    const res = await start('alice', {
      queryId: IAM,
      accountIds: ['111111111111', '333333333333'],
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'accountIds: you may not query account 333333333333',
    );
    expect(await runCount('alice')).toBe(before);
    expect(
      (await start('blocked', { queryId: IAM, accountIds: ['111111111111'] }))
        .status,
    ).toBe(403);
    expect(
      (await request(server).get(`${API}/runs`).set(as('blocked'))).status,
    ).toBe(403);
  });

  it('answers bad input with a 400 naming the field, and writes nothing', async () => {
    const before = await runCount('alice');
    const cases: [object, RegExp][] = [
      [
        { queryId: 'no-such-query', accountIds: ['111111111111'] },
        /^queryId: no library query/,
      ],
      [{ queryId: IAM, accountIds: [] }, /accountIds/],
      [{ queryId: IAM, accountIds: ['12345'] }, /accountIds/],
      [
        { queryId: IAM, accountIds: ['111111111111'], extra: 1 },
        /request\/body must NOT have additional properties/,
      ],
      [
        {
          queryId: IAM,
          accountIds: ['111111111111'],
          parameters: { nope: 'x' },
        },
        /^parameters\.nope: .* has no such parameter/,
      ],
      [
        {
          queryId: IAM,
          accountIds: ['111111111111'],
          parameters: { start: 'yesterday' },
        },
        /^parameters\.start: must be an ISO 8601 timestamp/,
      ],
      [
        {
          queryId: IAM,
          accountIds: ['111111111111'],
          parameters: {
            start: '2026-11-22T00:00:00Z',
            end: '2026-11-21T00:00:00Z',
          },
        },
        /^parameters\.start: must be before parameters\.end/,
      ],
      [
        {
          queryId: IAM,
          accountIds: ['111111111111'],
          parameters: {
            start: '2026-01-01T00:00:00Z',
            end: '2026-11-21T00:00:00Z',
          },
        },
        /^parameters\.start: the window may cover at most 31 days/,
      ],
      [
        {
          queryId: IAM,
          accountIds: ['111111111111'],
          parameters: { region: 'moon-base-1' },
        },
        /^parameters\.region: must be an AWS region/,
      ],
      [
        { queryId: BUCKET_QUERY, accountIds: ['111111111111'] },
        /^parameters\.bucket: is required/,
      ],
      [
        {
          queryId: BUCKET_QUERY,
          accountIds: ['111111111111'],
          parameters: { bucket: 'Not_A_Bucket!' },
        },
        /^parameters\.bucket: does not look like/,
      ],
      [
        {
          queryId: BUCKET_QUERY,
          accountIds: ['111111111111'],
          parameters: { bucket: 'x'.repeat(3000) },
        },
        /parameters\/bucket|parameters\.bucket/,
      ],
      [
        {
          queryId: BUCKET_QUERY,
          accountIds: ['111111111111'],
          parameters: { bucket: 'pay\u200bments' },
        },
        /^parameters\.bucket: contains control or invisible characters/,
      ],
      [
        {
          queryId: BUCKET_QUERY,
          accountIds: ['111111111111'],
          parameters: { bucket: 'payments-invoices', outcome: 'everything' },
        },
        /^parameters\.outcome: must be one of/,
      ],
    ];
    for (const [body, message] of cases) {
      const res = await start('alice', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
    expect(await runCount('alice')).toBe(before);
  });

  it('cancels a running run at the engine, and audits it', async () => {
    const res = await start('alice', {
      queryId: IAM,
      accountIds: ['222222222222'],
    });
    expect(res.body.region).toBe('eu-west-1');
    const executionId = await executionOf(athena, res.body.id);
    const cancel = await request(server)
      .post(`${API}/runs/${res.body.id}/cancel`)
      .set(as('alice'));
    expect(cancel.status).toBe(202);
    expect(cancel.body.cancelRequested).toBe(true);
    const done = await request(server)
      .get(`${API}/runs/${res.body.id}?waitSeconds=5`)
      .set(as('alice'));
    expect(done.body.state).toBe('CANCELLED');
    expect(athena.stopped).toContain(executionId);
    expect(portal.auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'query-run-cancel',
        meta: { runId: res.body.id },
      }),
    );
    const twice = await request(server)
      .post(`${API}/runs/${res.body.id}/cancel`)
      .set(as('alice'));
    expect(twice.status).toBe(409);
  });

  it('refuses every run endpoint without a user token', async () => {
    const none = { Authorization: 'Bearer nonsense' };
    for (const [method, path] of [
      ['get', '/queries'],
      ['get', `/queries/${IAM}`],
      ['get', '/runs'],
      ['post', '/runs'],
      ['get', '/runs/00000000-0000-0000-0000-000000000000'],
      ['get', '/runs/00000000-0000-0000-0000-000000000000/results'],
      ['get', '/runs/00000000-0000-0000-0000-000000000000/results.csv'],
      ['post', '/runs/00000000-0000-0000-0000-000000000000/cancel'],
    ] as const) {
      const res = await (request(server) as any)
        [method](`${API}${path}`)
        .set(none);
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
    }
    expect(
      (await request(server).get(`${API}/runs/not-a-run-id`).set(as('alice')))
        .status,
    ).toBe(400);
  });
});

describe('a run and a backend restart', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'carries on after the backend restarts mid-flight, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      // Athena keeps running while the portal restarts
      const athena = remoteEngine({
        answerAtOnce: sql =>
          sql.includes('count_if(') ? volumeAnswer(LAKE)(sql) : undefined,
      });
      const first = await startPortal({ athena, knex: { knex } });
      const res = await request(first.server)
        .post(`${API}/runs`)
        .set(as('alice'))
        .send({ queryId: IAM, accountIds: ['111111111111'] });
      const executionId = await executionOf(athena, res.body.id);
      await first.stop();

      athena.succeed(executionId);
      const second = await startPortal({ athena, knex: { knex } });
      try {
        const done = await request(second.server)
          .get(`${API}/runs/${res.body.id}?waitSeconds=10`)
          .set(as('alice'));
        expect(done.body.state).toBe('SUCCEEDED');
        expect(done.body.executionId).toBe(executionId);
        // the same execution, never a second one
        expect(
          athena.started.filter(r => r.clientRequestToken === res.body.id),
        ).toHaveLength(1);
        const page = await request(second.server)
          .get(`${API}/runs/${res.body.id}/results`)
          .set(as('alice'));
        expect(page.body.rows).toEqual([['1']]);
      } finally {
        await second.stop();
      }
    },
  );
});
