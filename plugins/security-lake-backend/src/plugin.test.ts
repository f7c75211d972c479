import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  ControlPlane,
  LogSourceRecord,
  QueryEngine,
  securityLakeEnginesExtensionPoint,
} from '@internal/plugin-security-lake-node';
import { securityLakeTableRef } from '@internal/plugin-security-lake-common';
import request from 'supertest';
import {
  FakeLake,
  fakeControlPlane,
  fakeEngine,
} from './__testUtils__/fakeLake';
import { accountEntity, portalPermissions } from './__testUtils__/portal';
import { securityLakePlugin } from './plugin';

jest.setTimeout(60_000);

const account = accountEntity;

const ENTITIES: Entity[] = [
  account('payments-prod', '111111111111', 'group:default/team-payments', {
    system: 'payments',
  }),
  account('payments-dev', '222222222222', 'group:default/team-payments'),
  account('checkout-prod', '333333333333', 'group:default/team-checkout', {
    system: 'checkout',
  }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'not-an-account',
      annotations: { 'amazonaws.com/account-id': 'abc' },
    },
    spec: { owner: 'group:default/team-payments' },
  },
];

// what the sample lake's control plane reports: payments-dev has no Route 53, 777777777777 is in no catalog
const LOG_SOURCES: LogSourceRecord[] = [
  ...['us-east-1', 'eu-west-1'].flatMap(region =>
    (['CLOUD_TRAIL_MGMT', 'ROUTE53', 'VPC_FLOW'] as const).map(source => ({
      accountId: '111111111111',
      region,
      source,
      version: '2.0' as const,
    })),
  ),
  {
    accountId: '222222222222',
    region: 'us-east-1',
    source: 'CLOUD_TRAIL_MGMT',
    version: '2.0',
  },
  {
    accountId: '333333333333',
    region: 'us-east-1',
    source: 'SH_FINDINGS',
    version: '2.0',
  },
  {
    accountId: '777777777777',
    region: 'us-east-1',
    source: 'VPC_FLOW',
    version: '2.0',
  },
];

const T = securityLakeTableRef;
// data arrives everywhere but for checkout-prod's Security Hub findings, which are stale
const LAKE: FakeLake = {
  logSources: LOG_SOURCES,
  exceptions: [
    {
      region: 'eu-west-1',
      exception: 'The Glue crawler failed',
      remediation: 'Retry',
    },
    {
      region: 'ap-southeast-2',
      exception: 'The Sydney data lake is throttled',
    },
  ],
  lastEventHoursAgo: {
    [T('us-east-1', 'CLOUD_TRAIL_MGMT', '2.0')]: {
      '111111111111': 1,
      '222222222222': 2,
    },
    [T('eu-west-1', 'CLOUD_TRAIL_MGMT', '2.0')]: { '111111111111': 1 },
    [T('us-east-1', 'ROUTE53', '2.0')]: { '111111111111': 3 },
    [T('eu-west-1', 'ROUTE53', '2.0')]: { '111111111111': 3 },
    [T('us-east-1', 'VPC_FLOW', '2.0')]: {
      '111111111111': 1,
      '777777777777': 1,
    },
    [T('eu-west-1', 'VPC_FLOW', '2.0')]: { '111111111111': 1 },
    [T('us-east-1', 'SH_FINDINGS', '2.0')]: { '333333333333': 24 * 5 },
  },
};
const controlPlane: ControlPlane = fakeControlPlane(LAKE);
const engine: QueryEngine = fakeEngine(LAKE);

/** A module that supplies both seams, as the local module does. */
const testEnginesModule = createBackendModule({
  pluginId: 'security-lake',
  moduleId: 'test-engines',
  register(reg) {
    reg.registerInit({
      deps: { engines: securityLakeEnginesExtensionPoint },
      async init({ engines }) {
        engines.setQueryEngine(engine);
        engines.setControlPlane(controlPlane);
      },
    });
  },
});

describe('security-lake backend', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];
  let refresh: () => Promise<void>;
  let scheduler: ReturnType<typeof mockServices.scheduler.mock>;
  const auditor = mockServices.auditor.mock();

  beforeAll(async () => {
    scheduler = mockServices.scheduler.mock({
      scheduleTask: jest.fn(async task => {
        // the coverage refresh, not the other scheduled tasks
        if (task.id !== 'security-lake-coverage-refresh') return;
        refresh = async () => {
          await task.fn(new AbortController().signal);
        };
      }),
    });
    const permissions = portalPermissions();

    ({ server } = await startTestBackend({
      features: [
        securityLakePlugin,
        testEnginesModule,
        catalogServiceMock.factory({ entities: ENTITIES }),
        scheduler.factory,
        permissions.factory,
        auditor.factory,
      ],
    }));
    await refresh();
  });

  const as = (user: string) => ({
    Authorization: mockCredentials.user.header(`user:default/${user}`),
  });

  it('answers /health without a token', async () => {
    const res = await request(server).get('/api/security-lake/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('refuses /accounts and /info without a token', async () => {
    // the test backend treats a request without a header as a mock user; this is the "no token" case
    const none = { Authorization: mockCredentials.none.header() };
    expect(
      (await request(server).get('/api/security-lake/accounts').set(none))
        .status,
    ).toBe(401);
    expect(
      (await request(server).get('/api/security-lake/info').set(none)).status,
    ).toBe(401);
    expect(
      (await request(server).get('/api/security-lake/health').set(none)).status,
    ).toBe(200);
  });

  it("tells the frontend which module's seams answer, and that they are not AWS", async () => {
    const res = await request(server)
      .get('/api/security-lake/info')
      .set(as('alice'));
    expect(res.body).toEqual({
      engine: 'test',
      controlPlane: 'test',
      localMode: true,
    });
  });

  it("lists only the caller's teams' accounts, with their sources per region", async () => {
    const res = await request(server)
      .get('/api/security-lake/accounts')
      .set(as('alice'));
    expect(res.status).toBe(200);
    expect(res.body.items.map((a: any) => a.accountId)).toEqual([
      '111111111111',
      '222222222222',
    ]);
    const prod = res.body.items[0];
    expect(prod).toMatchObject({
      title: 'payments-prod',
      entityRefs: ['resource:default/payments-prod'],
      owners: ['group:default/team-payments'],
      inCatalog: true,
      regions: ['eu-west-1', 'us-east-1'],
    });
    expect(prod.sources).toContainEqual({
      source: 'ROUTE53',
      version: '2.0',
      regions: ['eu-west-1', 'us-east-1'],
    });
    // payments-dev collects no Route 53 in the sample lake
    expect(res.body.items[1].sources.map((s: any) => s.source)).not.toContain(
      'ROUTE53',
    );
    expect(Date.parse(res.body.refreshedAt)).toBeGreaterThan(
      Date.now() - 60_000,
    );

    const carol = await request(server)
      .get('/api/security-lake/accounts')
      .set(as('carol'));
    expect(carol.body.items.map((a: any) => a.accountId)).toEqual([
      '333333333333',
    ]);
  });

  it("never returns another team's account, even when the request names it", async () => {
    const res = await request(server)
      .get('/api/security-lake/accounts')
      .query({ entityRef: 'resource:default/checkout-prod' })
      .set(as('alice'));
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it('filters to the accounts linked to an entity', async () => {
    const bySystem = await request(server)
      .get('/api/security-lake/accounts')
      .query({ entityRef: 'system:default/payments' })
      .set(as('alice'));
    expect(bySystem.body.items.map((a: any) => a.accountId)).toEqual([
      '111111111111',
    ]);
    const byGroup = await request(server)
      .get('/api/security-lake/accounts')
      .query({ entityRef: 'group:default/team-payments' })
      .set(as('pat'));
    expect(byGroup.body.items.map((a: any) => a.accountId)).toEqual([
      '111111111111',
      '222222222222',
    ]);
  });

  it('shows platform owners every account, including lake accounts nobody declared', async () => {
    const res = await request(server)
      .get('/api/security-lake/accounts')
      .set(as('pat'));
    const ids = res.body.items.map((a: any) => a.accountId);
    expect(ids).toEqual(
      expect.arrayContaining(['111111111111', '333333333333', '777777777777']),
    );
    expect(
      res.body.items.find((a: any) => a.accountId === '777777777777'),
    ).toMatchObject({
      inCatalog: false,
      entityRefs: [],
      owners: [],
    });
  });

  it('answers 403 when the policy refuses the permission outright', async () => {
    const res = await request(server)
      .get('/api/security-lake/accounts')
      .set(as('blocked'));
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      name: 'NotAllowedError',
      message: 'Not allowed: security-lake.coverage.read',
    });
    expect(JSON.stringify(res.body)).not.toContain('111111111111');
  });

  it('gives users who own nothing an empty list', async () => {
    const res = await request(server)
      .get('/api/security-lake/accounts')
      .set(as('nobody'));
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });

  it('rejects a malformed entityRef with a 400', async () => {
    const res = await request(server)
      .get('/api/security-lake/accounts')
      .query({ entityRef: "x' OR 1=1 --" })
      .set(as('alice'));
    expect(res.status).toBe(400);
  });

  describe('coverage', () => {
    it("shows a team member only their teams' accounts, with each source's health", async () => {
      const res = await request(server)
        .get('/api/security-lake/coverage')
        .set(as('alice'));
      expect(res.status).toBe(200);
      expect(res.body.items.map((a: any) => a.accountId)).toEqual([
        '111111111111',
        '222222222222',
      ]);
      const [prod, dev] = res.body.items;
      expect(prod.sources.ROUTE53).toMatchObject({
        health: 'healthy',
        regionCount: 2,
        healthyRegions: 2,
        exceptionCount: 0,
      });
      expect(prod.sources.ROUTE53.volume).toHaveLength(14);
      // payments-dev collects no Route 53 at all: absent, so no entry
      expect(dev.sources.ROUTE53).toBeUndefined();
      // the columns are the sources payments' accounts have: not checkout's Security Hub findings
      expect(res.body.summary).toEqual({
        accounts: 2,
        byHealth: {
          healthy: 4,
          stale: 0,
          misconfigured: 0,
          not_collecting: 0,
          absent: 2,
        },
        bySource: {
          CLOUD_TRAIL_MGMT: expect.objectContaining({ healthy: 2, absent: 0 }),
          VPC_FLOW: expect.objectContaining({ healthy: 1, absent: 1 }),
          ROUTE53: expect.objectContaining({ healthy: 1, absent: 1 }),
        },
      });
      expect(res.body.sources.map((s: any) => s.key)).toEqual([
        'CLOUD_TRAIL_MGMT',
        'VPC_FLOW',
        'ROUTE53',
      ]);
    });

    it("shows a region's exceptions to those whose accounts are there", async () => {
      const alice = await request(server)
        .get('/api/security-lake/coverage')
        .set(as('alice'));
      expect(alice.body.regionExceptions).toEqual([
        {
          region: 'eu-west-1',
          exception: 'The Glue crawler failed',
          remediation: 'Retry',
        },
      ]);
      // checkout's only account sends from us-east-1
      const carol = await request(server)
        .get('/api/security-lake/coverage')
        .set(as('carol'));
      expect(carol.body.regionExceptions).toEqual([]);
    });

    it("never returns another team's account, however the request names it", async () => {
      const search = await request(server)
        .get('/api/security-lake/coverage')
        .query({
          q: '333333333333',
          entityRef: 'resource:default/checkout-prod',
        })
        .set(as('alice'));
      expect(search.status).toBe(200);
      expect(search.body.items).toEqual([]);
      expect(search.body.summary.accounts).toBe(0);

      const one = await request(server)
        .get('/api/security-lake/coverage/accounts/333333333333')
        .set(as('alice'));
      expect(one.status).toBe(404);
      expect(JSON.stringify(one.body)).not.toContain('SH_FINDINGS');

      const csv = await request(server)
        .get('/api/security-lake/coverage.csv')
        .set(as('alice'));
      expect(csv.status).toBe(200);
      expect(csv.text).toContain('111111111111');
      expect(csv.text).not.toContain('333333333333');
      expect(csv.text).not.toContain('777777777777');
    });

    it('gives the owning team one account in full', async () => {
      const res = await request(server)
        .get('/api/security-lake/coverage/accounts/333333333333')
        .set(as('carol'));
      expect(res.status).toBe(200);
      expect(res.body.cells).toEqual([
        expect.objectContaining({
          region: 'us-east-1',
          source: 'SH_FINDINGS',
          version: '2.0',
          health: 'stale',
          status: 'COLLECTING',
        }),
      ]);
      expect(res.body.account.sources.SH_FINDINGS.health).toBe('stale');
    });

    it('filters platform owners to the gaps, by source and region, with summary counts over every match', async () => {
      const gaps = await request(server)
        .get('/api/security-lake/coverage')
        .query({ health: 'stale,misconfigured,not_collecting' })
        .set(as('pat'));
      expect(gaps.status).toBe(200);
      expect(gaps.body.items.map((a: any) => a.accountId)).toEqual([
        '333333333333',
      ]);

      const absentRoute53 = await request(server)
        .get('/api/security-lake/coverage')
        .query({ health: 'absent', source: 'ROUTE53' })
        .set(as('pat'));
      expect(absentRoute53.body.items.map((a: any) => a.accountId)).toEqual([
        '222222222222',
        '333333333333',
        '777777777777',
      ]);
      expect(absentRoute53.body.summary.byHealth.absent).toBe(3);

      const ireland = await request(server)
        .get('/api/security-lake/coverage')
        .query({ region: 'eu-west-1' })
        .set(as('pat'));
      expect(ireland.body.items.map((a: any) => a.accountId)).toEqual([
        '111111111111',
      ]);
    });

    it('pages with a cursor', async () => {
      const first = await request(server)
        .get('/api/security-lake/coverage')
        .query({ limit: 2 })
        .set(as('pat'));
      expect(first.body.items).toHaveLength(2);
      expect(first.body.summary.accounts).toBe(4);
      const second = await request(server)
        .get('/api/security-lake/coverage')
        .query({ limit: 2, cursor: first.body.nextCursor })
        .set(as('pat'));
      expect(second.body.items.map((a: any) => a.accountId)).toEqual([
        '333333333333',
        '777777777777',
      ]);
      expect(second.body.nextCursor).toBeUndefined();
    });

    it.each([
      [{ health: 'broken' }, /health/],
      [{ limit: 0 }, /limit/],
      [{ limit: 'many' }, /limit/],
      [{ region: 'moon-1' }, /region/],
      [{ source: 'drop table' }, /source/],
      [
        { source: 'WAF' },
        /^source: WAF is not a source of the accounts you may see; they have CLOUD_TRAIL_MGMT, SH_FINDINGS, VPC_FLOW, ROUTE53$/,
      ],
      [{ cursor: 'not-a-cursor' }, /cursor/],
      [{ q: 'x'.repeat(101) }, /q/],
    ])('answers a bad filter %p with a 400 naming it', async (query, name) => {
      const res = await request(server)
        .get('/api/security-lake/coverage')
        .query(query)
        .set(as('pat'));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(name);
    });

    it('answers 400 for an account id that is not one', async () => {
      const res = await request(server)
        .get('/api/security-lake/coverage/accounts/12345')
        .set(as('pat'));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/accountId/);
    });

    it('refuses coverage to a caller the policy denies', async () => {
      for (const path of [
        '/coverage',
        '/coverage.csv',
        '/coverage/accounts/111111111111',
      ]) {
        const res = await request(server)
          .get(`/api/security-lake${path}`)
          .set(as('blocked'));
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
      }
    });

    it('lets platform owners ask for a refresh, audited, and no one else', async () => {
      const alice = await request(server)
        .post('/api/security-lake/coverage/refresh')
        .set(as('alice'));
      expect(alice.status).toBe(403);
      expect(scheduler.triggerTask).not.toHaveBeenCalled();

      const pat = await request(server)
        .post('/api/security-lake/coverage/refresh')
        .set(as('pat'));
      expect(pat.status).toBe(202);
      expect(Date.parse(pat.body.requestedAt)).toBeGreaterThan(
        Date.now() - 60_000,
      );
      expect(pat.body.lastAttemptStatus).toBe('succeeded');
      expect(scheduler.triggerTask).toHaveBeenCalledWith(
        'security-lake-coverage-refresh',
      );
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({ eventId: 'coverage-refresh' }),
      );
    });
  });
});
