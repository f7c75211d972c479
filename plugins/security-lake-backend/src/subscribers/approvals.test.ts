import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import { LogSourceRecord } from '@internal/plugin-security-lake-node';
import request from 'supertest';
import { FakeLake, fakeEngine } from '../__testUtils__/fakeLake';
import { accountEntity, as, portalPermissions } from '../__testUtils__/portal';
import { startPortal } from '../__testUtils__/startPortal';
import {
  createSecurityLakeSubscriberRequestConditionalDecision,
  securityLakeSubscriberRequestConditions,
} from '../permissions/conditions';

jest.setTimeout(60_000);

const API = '/api/security-lake';
const RESOURCE_TYPE = 'security-lake-subscriber-request' as const;
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
const REQUEST = {
  principal: '999999999999',
  externalId: 'ext-0001',
  sources: [{ source: 'CLOUD_TRAIL_MGMT', version: '2.0' }],
  regions: ['us-east-1'],
  accessType: 'LAKEFORMATION',
  justification: 'Our fraud team queries our own CloudTrail',
};
/** checkout's lead: approves checkout's team-scoped requests, and no one else's. */
const LEAD = 'user:default/lena';
const LEADS_CONDITIONS: PermissionCriteria<
  PermissionCondition<typeof RESOURCE_TYPE>
> = {
  allOf: [
    securityLakeSubscriberRequestConditions.isRequestOfTeam({
      teamRefs: ['group:default/team-checkout'],
    }),
    securityLakeSubscriberRequestConditions.hasRequestScope({ scope: 'team' }),
  ],
};

const service = () => ({ Authorization: mockCredentials.service.header() });

describe('the subscriber request resource type', () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  let payments: string;
  let checkout: string;

  beforeAll(async () => {
    const policy = portalPermissions();
    const userOf = (credentials: BackstageCredentials) =>
      (credentials as BackstageCredentials<BackstageUserPrincipal>).principal
        .userEntityRef;
    /**
     * As the permission framework does: the lead's approvals are conditional, and a decision on a request
     * asks the plugin to apply the conditions to it (its registered rules, `getResources` reading it).
     */
    const permissions = portalPermissions();
    permissions.authorizeConditional.mockImplementation(
      async (queries, options) =>
        userOf(options.credentials) === LEAD
          ? queries.map(({ permission }) =>
              createSecurityLakeSubscriberRequestConditionalDecision(
                permission as any,
                LEADS_CONDITIONS,
              ),
            )
          : policy.authorizeConditional(queries, options),
    );
    permissions.authorize.mockImplementation(async (queries, options) => {
      if (userOf(options.credentials) !== LEAD) {
        return policy.authorize(queries, options);
      }
      const applied = await request(portal.server)
        .post(`${API}/.well-known/backstage/permissions/apply-conditions`)
        .set(service())
        .send({
          items: queries.map((q: any, i) => ({
            id: String(i),
            resourceRef: q.resourceRef,
            resourceType: RESOURCE_TYPE,
            conditions: LEADS_CONDITIONS,
          })),
        });
      return applied.body.items.map((item: any) => ({ result: item.result }));
    });
    portal = await startPortal({
      engine: fakeEngine(LAKE),
      lake: LAKE,
      entities: ENTITIES,
      permissions,
    });
    const create = async (user: string, body: object) =>
      (
        await request(portal.server)
          .post(`${API}/subscriber-requests`)
          .set(as(user))
          .send({ ...REQUEST, ...body })
      ).body.id as string;
    payments = await create('alice', {
      subscriberName: 'payments-analytics',
      accountIds: ['111111111111'],
    });
    checkout = await create('carol', {
      subscriberName: 'checkout-analytics',
      accountIds: ['333333333333'],
    });
  });
  afterAll(async () => portal?.stop());

  it('is registered with its rules', async () => {
    const metadata = await request(portal.server)
      .get(`${API}/.well-known/backstage/permissions/metadata`)
      .set(service());
    expect(
      metadata.body.rules
        .filter((r: any) => r.resourceType === RESOURCE_TYPE)
        .map((r: any) => r.name)
        .sort(),
    ).toEqual(['HAS_REQUEST_SCOPE', 'IS_REQUEST_OF_TEAM']);
  });

  it('applies conditions to the real request, read by its id', async () => {
    const applied = await request(portal.server)
      .post(`${API}/.well-known/backstage/permissions/apply-conditions`)
      .set(service())
      .send({
        items: [
          {
            id: 'team',
            resourceRef: [payments, checkout, 'no-such-request'],
            resourceType: RESOURCE_TYPE,
            conditions: securityLakeSubscriberRequestConditions.isRequestOfTeam(
              { teamRefs: ['Group:default/Team-Payments'] },
            ),
          },
          {
            id: 'scope',
            resourceRef: checkout,
            resourceType: RESOURCE_TYPE,
            conditions: securityLakeSubscriberRequestConditions.hasRequestScope(
              { scope: 'all' },
            ),
          },
        ],
      });
    expect(applied.status).toBe(200);
    expect(applied.body.items).toEqual([
      {
        id: 'team',
        result: [
          AuthorizeResult.ALLOW,
          AuthorizeResult.DENY,
          AuthorizeResult.DENY,
        ],
      },
      { id: 'scope', result: AuthorizeResult.DENY },
    ]);
  });

  it('lets a conditional approver see and decide only the requests the conditions allow', async () => {
    const list = await request(portal.server)
      .get(`${API}/subscriber-requests`)
      .set(as('lena'));
    expect(list.body.items.map((r: any) => r.id)).toEqual([checkout]);

    const theirs = await request(portal.server)
      .get(`${API}/subscriber-requests/${payments}`)
      .set(as('lena'));
    expect(theirs.status).toBe(404);
    const refused = await request(portal.server)
      .post(`${API}/subscriber-requests/${payments}/approve`)
      .set(as('lena'));
    expect(refused.status).toBe(404);

    const detail = await request(portal.server)
      .get(`${API}/subscriber-requests/${checkout}`)
      .set(as('lena'));
    expect(detail.body.actions).toEqual(['approve', 'reject']);
    const approved = await request(portal.server)
      .post(`${API}/subscriber-requests/${checkout}/approve`)
      .set(as('lena'));
    expect(approved.status).toBe(200);
    expect(approved.body.state).toBe('approved');

    // the team itself, and platform owners, are unaffected
    const carol = await request(portal.server)
      .get(`${API}/subscriber-requests`)
      .set(as('carol'));
    expect(carol.body.items.map((r: any) => r.id)).toEqual([checkout]);
    const pat = await request(portal.server)
      .get(`${API}/subscriber-requests`)
      .set(as('pat'));
    expect(pat.body.items.map((r: any) => r.id).sort()).toEqual(
      [payments, checkout].sort(),
    );
  });
});
