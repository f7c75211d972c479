import { LogSourceRecord } from '@internal/plugin-security-lake-node';
import {
  securityLakeDatabaseName,
  securityLakeTableName,
} from '@internal/plugin-security-lake-common';
import request from 'supertest';
import { FakeLake } from '../__testUtils__/fakeLake';
import { accountEntity, as } from '../__testUtils__/portal';
import { remoteEngine } from '../__testUtils__/remoteEngine';
import { startPortal } from '../__testUtils__/startPortal';

jest.setTimeout(60_000);

const API = '/api/security-lake';
const DB = securityLakeDatabaseName('us-east-1');
const CT = securityLakeTableName('us-east-1', 'CLOUD_TRAIL_MGMT', '2.0');
const ENTITIES = [
  accountEntity('payments-prod', '111111111111', 'group:default/team-payments'),
  accountEntity('checkout-prod', '333333333333', 'group:default/team-checkout'),
];
const LAKE: FakeLake = {
  logSources: ['111111111111', '333333333333'].map(
    accountId =>
      ({
        accountId,
        region: 'us-east-1',
        source: 'CLOUD_TRAIL_MGMT',
        version: '2.0',
      } as LogSourceRecord),
  ),
  lastEventHoursAgo: {},
};
const NAMED = [
  {
    id: 'nq-2',
    name: 'Root sign-ins',
    workGroup: 'security',
    sql: `SELECT * FROM ${CT}`,
  },
  {
    id: 'nq-1',
    name: 'All API calls',
    description: 'Everything',
    database: DB,
    workGroup: 'security',
    sql: `SELECT api.operation FROM ${CT}`,
  },
];

describe('ad-hoc SQL, team-saved queries and named queries over the API', () => {
  const athena = remoteEngine({
    answerAtOnce: sql =>
      sql.includes('count_if(') ? { columns: [], rows: [] } : undefined,
  });
  const engine = {
    ...athena.engine,
    listTables: jest.fn(async (database: string) => [
      { name: CT, columns: [{ name: 'accountid', type: 'string' }] },
      {
        name: 'my_private_table',
        columns: [{ name: 'secret', type: 'string' }],
      },
      { name: database === DB ? 'x' : 'y', columns: [] },
    ]),
    listNamedQueries: jest.fn(async () => NAMED),
  };
  let portal: Awaited<ReturnType<typeof startPortal>>;
  beforeAll(async () => {
    portal = await startPortal({
      engine,
      lake: LAKE,
      entities: ENTITIES,
      securityLake: { queries: { pollIntervalMs: 5 } },
    });
  });
  afterAll(async () => portal?.stop());
  const api = () => request(portal.server);
  const runCount = async (user: string) =>
    (await api().get(`${API}/runs?limit=100`).set(as(user))).body.items.length;

  describe('ad-hoc runs', () => {
    const window = {
      start: '2026-11-22T00:00:00.000Z',
      end: '2026-11-23T00:00:00.000Z',
    };

    it('sends the engine the statement with its table bounded by the window and the caller accounts, and audits it', async () => {
      const sql = `SELECT accountid, count(*) AS n FROM ${CT} WHERE accountid = '333333333333' GROUP BY 1`;
      const res = await api()
        .post(`${API}/runs`)
        .set(as('alice'))
        .send({ sql, accountIds: ['111111111111'], window, title: 'My calls' });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({
        title: 'My calls',
        region: 'us-east-1',
        sourceVersion: '2.0',
        accountIds: ['111111111111'],
        parameters: { region: 'us-east-1', ...window },
      });
      expect(res.body.queryId).toBeUndefined();
      for (let i = 0; i < 200 && !athena.running().length; i++) {
        await new Promise(r => setTimeout(r, 10));
      }
      const sent = athena
        .running()
        .find(r => r.request.clientRequestToken === res.body.id)!.request;
      expect(sent.sql).toBe(
        `SELECT accountid, count(*) AS n FROM (SELECT * FROM "${DB}"."${CT}" WHERE time_dt >= CAST(? AS timestamp)\n  AND time_dt < CAST(? AS timestamp)\n  AND accountid IN (?)) AS "${CT}" WHERE accountid = '333333333333' GROUP BY 1`,
      );
      expect(sent.parameters).toEqual([
        '2026-11-22 00:00:00.000',
        '2026-11-23 00:00:00.000',
        '111111111111',
      ]);
      expect(portal.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'query-run',
          meta: { sql, accountIds: ['111111111111'] },
        }),
      );
    });

    it('names an untitled run by the sources it reads', async () => {
      const res = await api()
        .post(`${API}/runs`)
        .set(as('alice'))
        .send({
          sql: `SELECT count(*) FROM ${CT}`,
          accountIds: ['111111111111'],
          window,
        });
      expect(res.status).toBe(202);
      expect(res.body.title).toBe('SQL over CloudTrail management events');
    });

    it('refuses another team account, people without ad-hoc rights, and bad SQL or fields, queuing nothing', async () => {
      const before = await runCount('pat');
      const send = (user: string, body: object) =>
        api()
          .post(`${API}/runs`)
          .set(as(user))
          .send({
            sql: `SELECT * FROM ${CT}`,
            accountIds: ['111111111111'],
            ...body,
          });

      const other = await send('alice', { accountIds: ['333333333333'] });
      expect([other.status, other.body.error.message]).toEqual([
        403,
        'accountIds: you may not query account 333333333333',
      ]);
      // checkout may run library queries on its own account, but not SQL
      const carol = await send('carol', { accountIds: ['333333333333'] });
      expect([carol.status, carol.body.error.message]).toEqual([
        403,
        'Not allowed: security-lake.query.run-adhoc',
      ]);
      const cases: [object, string][] = [
        [
          { sql: `SELECT accountid\nFORM ${CT}` },
          // FORM reads as an alias, so the parser stops at the table name after it
          `sql: line 2, column 6: syntax error at or near "${CT}"`,
        ],
        [
          { sql: `SELECT * FROM read_csv('/etc/passwd')` },
          'sql: line 1, column 24: syntax error at or near "\'/etc/passwd\'"',
        ],
        [
          { queryId: 'cloudtrail-iam-changes' },
          'queryId: a run is of a library query (queryId) or of ad-hoc SQL (sql), not both',
        ],
        [
          { parameters: { user: 'x' } },
          'parameters.user: ad-hoc SQL takes only parameters.region (and window.start, window.end); write other values in the SQL',
        ],
        [
          { window: { start: 'yesterday' } },
          'window.start: must be an ISO 8601 timestamp such as 2026-11-23T08:00:00Z',
        ],
        [
          {
            window: {
              start: '2026-01-01T00:00:00Z',
              end: '2026-11-01T00:00:00Z',
            },
          },
          'window.start: the window may cover at most 31 days',
        ],
        [
          { parameters: { region: 'mars-1' } },
          'parameters.region: must be an AWS region such as us-east-1',
        ],
        [
          { title: 'a\u202eb' },
          'title: contains control or invisible characters',
        ],
      ];
      for (const [body, message] of cases) {
        const res = await send('alice', body);
        expect([res.status, res.body.error?.message]).toEqual([400, message]);
      }
      const library = await api()
        .post(`${API}/runs`)
        .set(as('alice'))
        .send({
          queryId: 'cloudtrail-iam-changes',
          accountIds: ['111111111111'],
          window: {},
        });
      expect([library.status, library.body.error.message]).toEqual([
        400,
        "window: only ad-hoc SQL takes window; a library query's window is parameters.start and parameters.end",
      ]);
      expect(await runCount('pat')).toBe(before);
    });

    it('checks SQL without running it, lists the region tables with their columns and the named queries, for ad-hoc users only', async () => {
      const check = await api()
        .post(`${API}/sql/check`)
        .set(as('alice'))
        .send({
          sql: `SELECT 1 FROM ${CT} JOIN secrets ON true`,
          region: 'us-east-1',
        });
      expect(check.body).toEqual({
        valid: false,
        problems: [
          {
            message:
              'secrets is not a Security Lake table; ad-hoc SQL reads only the Security Lake tables listed beside the editor',
            line: 1,
            column: 78,
          },
        ],
        tables: [`${DB}.${CT}`],
      });
      const fine = await api()
        .post(`${API}/sql/check`)
        .set(as('alice'))
        .send({ sql: `SELECT 1 FROM ${CT}` });
      expect(fine.body).toEqual({
        valid: true,
        problems: [],
        tables: [`${DB}.${CT}`],
      });

      const tables = await api()
        .get(`${API}/query-tables?region=us-east-1`)
        .set(as('alice'));
      expect(tables.body).toEqual({
        region: 'us-east-1',
        items: [
          {
            database: DB,
            name: CT,
            source: 'CLOUD_TRAIL_MGMT',
            version: '2.0',
            columns: [{ name: 'accountid', type: 'string' }],
          },
        ],
      });
      expect(engine.listTables).toHaveBeenCalledWith(DB);
      const badRegion = await api()
        .get(`${API}/query-tables?region=nowhere`)
        .set(as('alice'));
      expect([badRegion.status, badRegion.body.error.message]).toEqual([
        400,
        'region: must be an AWS region such as us-east-1',
      ]);

      const named = await api().get(`${API}/named-queries`).set(as('alice'));
      expect(named.body.items.map((q: any) => q.name)).toEqual([
        'All API calls',
        'Root sign-ins',
      ]);
      expect(named.body.items[0]).toEqual(NAMED[1]);

      for (const [method, path] of [
        ['post', '/sql/check'],
        ['get', '/query-tables?region=us-east-1'],
        ['get', '/named-queries'],
      ] as const) {
        const refused = await (api() as any)
          [method](`${API}${path}`)
          .set(as('carol'))
          .send(method === 'post' ? { sql: 'SELECT 1' } : undefined);
        expect([path, refused.status]).toEqual([path, 403]);
      }
    });
  });

  describe('team-saved queries', () => {
    const create = (user: string, body: object) =>
      api().post(`${API}/saved-queries`).set(as(user)).send(body);

    it('keeps a team query for the team and platform owners only, audits every change, and is a 404 to everyone else', async () => {
      const sqlQuery = await create('alice', {
        name: 'Payments API calls',
        description: 'What our services call',
        sql: `SELECT accountid FROM ${CT}`,
      });
      expect(sqlQuery.status).toBe(201);
      expect(sqlQuery.body).toMatchObject({
        name: 'Payments API calls',
        ownerRef: 'group:default/team-payments',
        sql: `SELECT accountid FROM ${CT}`,
        createdBy: 'user:default/alice',
        updatedBy: 'user:default/alice',
      });
      const id = sqlQuery.body.id;
      const library = await create('alice', {
        name: 'IAM changes by ci',
        queryId: 'cloudtrail-iam-changes',
        parameters: { region: 'eu-west-1' },
      });
      expect(library.status).toBe(201);

      const names = async (user: string) =>
        (await api().get(`${API}/saved-queries`).set(as(user))).body.items.map(
          (q: any) => q.name,
        );
      expect(await names('bob')).toEqual([
        'IAM changes by ci',
        'Payments API calls',
      ]);
      expect(await names('pat')).toEqual([
        'IAM changes by ci',
        'Payments API calls',
      ]);
      expect(await names('carol')).toEqual([]);

      for (const [method, body] of [
        ['get', undefined],
        ['put', { name: 'Mine now', sql: `SELECT 1 FROM ${CT}` }],
        ['delete', undefined],
      ] as const) {
        const res = await (api() as any)
          [method](`${API}/saved-queries/${id}`)
          .set(as('carol'))
          .send(body);
        expect([method, res.status, res.body.error?.message]).toEqual([
          method,
          404,
          `No saved query ${id}`,
        ]);
      }
      expect(
        (await api().get(`${API}/saved-queries/${id}`).set(as('pat'))).status,
      ).toBe(200);

      const edited = await api()
        .put(`${API}/saved-queries/${id}`)
        .set(as('bob'))
        .send({
          name: 'Payments API calls, 2',
          sql: `SELECT count(*) FROM ${CT}`,
        });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({
        id,
        name: 'Payments API calls, 2',
        ownerRef: 'group:default/team-payments',
        createdBy: 'user:default/alice',
        updatedBy: 'user:default/bob',
      });
      expect(edited.body.description).toBeUndefined();

      const deleted = await api()
        .delete(`${API}/saved-queries/${id}`)
        .set(as('alice'));
      expect(deleted.status).toBe(204);
      expect(
        (await api().get(`${API}/saved-queries/${id}`).set(as('alice'))).status,
      ).toBe(404);

      const events = portal.auditor.createEvent.mock.calls
        .map(([e]: any) => e.eventId)
        .filter((e: string) => e.startsWith('saved-query'));
      expect(events).toEqual([
        'saved-query-create',
        'saved-query-create',
        // carol's attempts are audited too
        'saved-query-update',
        'saved-query-delete',
        'saved-query-update',
        'saved-query-delete',
      ]);
    });

    it('refuses bad saves with a 400 naming the field, a taken name with a 409, and writes nothing', async () => {
      const count = async () =>
        (await api().get(`${API}/saved-queries`).set(as('pat'))).body.items
          .length;
      const before = await count();
      const cases: [string, object, number, string][] = [
        [
          'alice',
          { name: '  ', sql: `SELECT 1 FROM ${CT}` },
          400,
          'name: give the query a name',
        ],
        [
          'alice',
          { name: 'x\u200b', sql: `SELECT 1 FROM ${CT}` },
          400,
          'name: contains control or invisible characters',
        ],
        [
          'alice',
          {
            name: 'both',
            sql: `SELECT 1 FROM ${CT}`,
            queryId: 'cloudtrail-iam-changes',
          },
          400,
          'sql: save either a library query (queryId) or an ad-hoc statement (sql)',
        ],
        [
          'alice',
          { name: 'neither' },
          400,
          'sql: save either a library query (queryId) or an ad-hoc statement (sql)',
        ],
        [
          'alice',
          { name: 'bad', sql: `SELECT *\nFROM ${CT}\nWHERE` },
          400,
          'sql: line 3, column 6: syntax error at end of input',
        ],
        [
          'alice',
          { name: 'files', sql: `SELECT * FROM glob('/*')` },
          400,
          'sql: line 1, column 20: syntax error at or near "\'/*\'"',
        ],
        [
          'alice',
          { name: 'nope', queryId: 'no-such-query' },
          400,
          'queryId: no library query no-such-query',
        ],
        [
          'alice',
          {
            name: 'p',
            queryId: 'cloudtrail-iam-changes',
            parameters: { colour: 'red' },
          },
          400,
          expect.stringMatching(
            /^parameters\.colour: cloudtrail-iam-changes has no such parameter/,
          ) as any,
        ],
        [
          'alice',
          {
            name: 'o',
            ownerRef: 'group:default/team-checkout',
            sql: `SELECT 1 FROM ${CT}`,
          },
          400,
          'ownerRef: you may save queries for your own teams only (group:default/team-payments)',
        ],
        [
          'carol',
          { name: 'sql', sql: `SELECT 1 FROM ${CT}` },
          403,
          'Not allowed: security-lake.query.run-adhoc',
        ],
        [
          'nobody',
          { name: 'lonely', queryId: 'cloudtrail-iam-changes' },
          400,
          'ownerRef: you belong to no team to save the query for',
        ],
      ];
      for (const [user, body, status, message] of cases) {
        const res = await create(user, body);
        expect([user, res.status, res.body.error?.message]).toEqual([
          user,
          status,
          message,
        ]);
      }
      // checkout keeps library queries without SQL rights
      expect(
        (
          await create('carol', {
            name: 'Ours',
            queryId: 'cloudtrail-iam-changes',
          })
        ).status,
      ).toBe(201);
      const taken = await create('carol', {
        name: 'Ours',
        queryId: 'cloudtrail-root-and-no-mfa-logins',
      });
      expect([taken.status, taken.body.error.message]).toEqual([
        409,
        'name: group:default/team-checkout already has a saved query named Ours',
      ]);
      expect(await count()).toBe(before + 1);
    });
  });
});
