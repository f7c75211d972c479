import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  ControlPlane,
  LogSourceRecord,
  QueryEngine,
  securityLakeEnginesExtensionPoint,
} from '@internal/plugin-security-lake-node';
import request from 'supertest';
import { DefaultSecurityLakePermissionPolicy } from './permissions/DefaultSecurityLakePermissionPolicy';
import { securityLakePlugin } from './plugin';

jest.setTimeout(60_000);

const account = (
  name: string,
  accountId: string,
  owner: string,
  extra: Partial<Entity['spec']> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    title: name,
    annotations: { 'amazonaws.com/account-id': accountId },
  },
  spec: { type: 'cloud-account', owner, ...extra },
  relations: [
    { type: 'ownedBy', targetRef: owner },
    ...(extra.system
      ? [{ type: 'partOf', targetRef: `system:default/${extra.system}` }]
      : []),
  ],
});

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

const CLAIMS: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/team-payments'],
  'user:default/carol': ['user:default/carol', 'group:default/team-checkout'],
  'user:default/pat': ['user:default/pat', 'group:default/platform-security'],
  'user:default/nobody': ['user:default/nobody'],
};

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

const controlPlane: ControlPlane = {
  kind: 'test',
  listDataLakeRegions: async () => ['eu-west-1', 'us-east-1'],
  listLogSources: async () => LOG_SOURCES,
};

const engine: QueryEngine = {
  kind: 'test',
  startQuery: jest.fn(),
  getQueryExecution: jest.fn(),
  getQueryResults: jest.fn(),
  stopQuery: jest.fn(),
};

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
  const policy = new DefaultSecurityLakePermissionPolicy({
    platformOwnerRefs: ['group:default/platform-security'],
  });

  beforeAll(async () => {
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: jest.fn(async task => {
        refresh = async () => {
          await task.fn(new AbortController().signal);
        };
      }),
    });
    // the real default policy, answering for the user in the credentials
    const permissions = mockServices.permissions.mock({
      authorizeConditional: jest.fn(async (queries, { credentials }) =>
        queries.map(({ permission }) => {
          const userEntityRef = (
            credentials as BackstageCredentials<{
              type: 'user';
              userEntityRef: string;
            }>
          ).principal.userEntityRef;
          // an organisation's policy may refuse a user outright
          if (userEntityRef === 'user:default/blocked') {
            return { result: AuthorizeResult.DENY };
          }
          return (
            policy.handle({ permission }, {
              info: {
                userEntityRef,
                ownershipEntityRefs: CLAIMS[userEntityRef] ?? [],
              },
              token: '',
              identity: {
                type: 'user',
                userEntityRef,
                ownershipEntityRefs: [],
              },
              credentials,
            } as any) ?? { result: AuthorizeResult.DENY }
          );
        }),
      ),
    });

    ({ server } = await startTestBackend({
      features: [
        securityLakePlugin,
        testEnginesModule,
        catalogServiceMock.factory({ entities: ENTITIES }),
        scheduler.factory,
        permissions.factory,
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
});
