import { createBackendModule } from '@backstage/backend-plugin-api';
import { LibraryQuery } from '@internal/plugin-security-lake-common';
import {
  LogSourceRecord,
  securityLakeQueryLibraryExtensionPoint,
  V2_WINDOW,
} from '@internal/plugin-security-lake-node';
import request from 'supertest';
import { FakeLake } from '../../__testUtils__/fakeLake';
import { accountEntity, as } from '../../__testUtils__/portal';
import { remoteEngine } from '../../__testUtils__/remoteEngine';
import { startPortal } from '../../__testUtils__/startPortal';

jest.setTimeout(60_000);

const API = '/api/security-lake';

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

/** The organisation's own query, as its module adds it. */
const DEPLOYS: LibraryQuery = {
  id: 'org-deploy-role-activity',
  title: 'Deploy role activity',
  description:
    "What the organisation's deploy role did, by API call, in the run's window.",
  sources: ['CLOUD_TRAIL_MGMT'],
  sourceVersions: ['2.0'],
  tags: ['deploy'],
  defaultWindowHours: 24,
  parameters: [
    {
      name: 'role',
      title: 'Role name',
      type: 'string',
      maxLength: 64,
      pattern: '^[A-Za-z0-9+=,.@_-]{1,64}$',
      placeholder: 'deploy-bot',
    },
  ],
  sql: {
    '2.0': `SELECT api.operation, count(*) AS calls
FROM {{table}}
WHERE ${V2_WINDOW}
  AND actor.session.issuer LIKE '%' || {{role}}
GROUP BY 1
ORDER BY calls DESC, 1
LIMIT 100`,
  },
};

function libraryModule(...queries: LibraryQuery[]) {
  return createBackendModule({
    pluginId: 'security-lake',
    moduleId: 'org-queries',
    register(reg) {
      reg.registerInit({
        deps: { library: securityLakeQueryLibraryExtensionPoint },
        async init({ library }) {
          library.addQueries(...queries);
        },
      });
    },
  });
}

function start(...queries: LibraryQuery[]) {
  const sent: string[] = [];
  const athena = remoteEngine({
    answerAtOnce: sql => {
      sent.push(sql);
      return { columns: [], rows: [] };
    },
  });
  return {
    sent,
    portal: startPortal({
      engine: athena.engine,
      lake: LAKE,
      entities: ENTITIES,
      securityLake: { queries: { pollIntervalMs: 5 } },
      features: [libraryModule(...queries)],
    }),
  };
}

describe("a module's curated queries", () => {
  it('are listed, run with their values bound over the caller’s accounts, and kept as team queries like the built-in ones', async () => {
    const { sent, portal: starting } = start(DEPLOYS);
    const portal = await starting;
    try {
      const list = await request(portal.server)
        .get(`${API}/queries?tag=deploy`)
        .set(as('alice'));
      expect(list.body.items.map((q: any) => q.id)).toEqual([DEPLOYS.id]);
      expect(list.body.items[0]).not.toHaveProperty('sql');
      const detail = await request(portal.server)
        .get(`${API}/queries/${DEPLOYS.id}`)
        .set(as('alice'));
      expect(detail.body.availability).toEqual([
        { accountId: '111111111111', region: 'us-east-1', version: '2.0' },
      ]);

      const run = await request(portal.server)
        .post(`${API}/runs`)
        .set(as('alice'))
        .send({
          queryId: DEPLOYS.id,
          accountIds: ['111111111111'],
          parameters: { role: 'deploy-bot' },
        });
      expect(run.status).toBe(202);
      expect(run.body.boundValues).toEqual(
        expect.arrayContaining(['111111111111', 'deploy-bot']),
      );
      expect(run.body.sql).not.toContain('deploy-bot');
      const done = await request(portal.server)
        .get(`${API}/runs/${run.body.id}?waitSeconds=10`)
        .set(as('alice'));
      expect(done.body.state).toBe('SUCCEEDED');
      // the module's SQL, on the run's region's table, every value a ?
      const deploys = sent.find(sql => sql.includes('actor.session.issuer'));
      expect(deploys).toContain(
        'FROM "amazon_security_lake_glue_db_us_east_1"."amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0"',
      );
      expect(deploys).toContain("LIKE '%' || ?");

      // checked as any library run: a value its rules refuse, and another team's account
      const refused = await request(portal.server)
        .post(`${API}/runs`)
        .set(as('alice'))
        .send({
          queryId: DEPLOYS.id,
          accountIds: ['111111111111'],
          parameters: { role: "x' OR 1=1 --" },
        });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(/^parameters\.role: /);
      const theirs = await request(portal.server)
        .post(`${API}/runs`)
        .set(as('alice'))
        .send({
          queryId: DEPLOYS.id,
          accountIds: ['333333333333'],
          parameters: { role: 'deploy-bot' },
        });
      expect(theirs.status).toBe(403);

      const saved = await request(portal.server)
        .post(`${API}/saved-queries`)
        .set(as('alice'))
        .send({
          name: 'Our deploys',
          queryId: DEPLOYS.id,
          parameters: { role: 'deploy-bot' },
        });
      expect(saved.status).toBe(201);
    } finally {
      await portal.stop();
    }
  });

  it('stop the backend, naming the problem, when one would read outside the run’s accounts', async () => {
    const { portal } = start({
      ...DEPLOYS,
      sql: {
        '2.0': `SELECT count(*) AS n FROM {{table}}
WHERE time_dt >= CAST({{start}} AS timestamp) AND time_dt < CAST({{end}} AS timestamp)
  AND actor.session.issuer LIKE '%' || {{role}}
ORDER BY 1 LIMIT 1`,
      },
    });
    await expect(portal).rejects.toThrow(
      /library query org-deploy-role-activity from a module is refused: sql\["2\.0"\]: is not bounded by accountid IN \(\{\{accounts\}\}\)/,
    );
  });

  it('stop the backend when one takes the id of a built-in query', async () => {
    const { portal } = start({ ...DEPLOYS, id: 'cloudtrail-iam-changes' });
    await expect(portal).rejects.toThrow(
      /id: the library already has a query cloudtrail-iam-changes/,
    );
  });
});
