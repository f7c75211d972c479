import { Entity } from '@backstage/catalog-model';
import { LogSourceRecord } from '@internal/plugin-security-lake-node';
import { securityLakeTableRef } from '@internal/plugin-security-lake-common';
import request from 'supertest';
import { FakeLake, volumeAnswer } from '../__testUtils__/fakeLake';
import { accountEntity, as } from '../__testUtils__/portal';
import { remoteEngine } from '../__testUtils__/remoteEngine';
import { startPortal } from '../__testUtils__/startPortal';

jest.setTimeout(60_000);

const API = '/api/security-lake';
const IAM = 'cloudtrail-iam-changes';

const annotated = (
  kind: string,
  name: string,
  accountId: string,
  owner: string,
  type: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name,
    annotations: { 'amazonaws.com/account-id': accountId },
  },
  spec: { type, owner, lifecycle: 'production' },
  relations: [{ type: 'ownedBy', targetRef: owner }],
});

const ENTITIES: Entity[] = [
  accountEntity('payments-prod', '111111111111', 'group:default/team-payments'),
  accountEntity('payments-dev', '222222222222', 'group:default/team-payments'),
  accountEntity('checkout-prod', '333333333333', 'group:default/team-checkout'),
  // team-checkout registers catalog files naming payments' accounts: neither is a cloud-account Resource
  annotated(
    'Component',
    'checkout-claims-payments',
    '111111111111',
    'group:default/team-checkout',
    'service',
  ),
  annotated(
    'Resource',
    'checkout-vpc',
    '222222222222',
    'group:default/team-checkout',
    'vpc',
  ),
  // a component of a type an organisation may choose to trust
  annotated(
    'Component',
    'checkout-sandbox',
    '555555555555',
    'group:default/team-checkout',
    'aws-account',
  ),
  // two cloud-account Resources, two owners, one account
  accountEntity(
    'shared-payments',
    '444444444444',
    'group:default/team-payments',
  ),
  accountEntity(
    'shared-checkout',
    '444444444444',
    'group:default/team-checkout',
  ),
];

const T = securityLakeTableRef;
const trail = (accountId: string): LogSourceRecord => ({
  accountId,
  region: 'us-east-1',
  source: 'CLOUD_TRAIL_MGMT',
  version: '2.0',
});
const ACCOUNTS = [
  '111111111111',
  '222222222222',
  '333333333333',
  '444444444444',
  '555555555555',
];
const LAKE: FakeLake = {
  logSources: ACCOUNTS.map(trail),
  lastEventHoursAgo: {
    [T('us-east-1', 'CLOUD_TRAIL_MGMT', '2.0')]: Object.fromEntries(
      ACCOUNTS.map(id => [id, 1]),
    ),
  },
};

function portal(securityLake: object = {}) {
  const athena = remoteEngine({
    answerAtOnce: sql =>
      sql.includes('count_if(') ? volumeAnswer(LAKE)(sql) : undefined,
  });
  return startPortal({
    engine: athena.engine,
    lake: LAKE,
    entities: ENTITIES,
    securityLake: { queries: { pollIntervalMs: 5 }, ...securityLake },
  });
}

const ids = (body: any) => body.items.map((a: any) => a.accountId);

describe('who may confer ownership of an account', () => {
  describe('by default: cloud-account Resources only', () => {
    let started: Awaited<ReturnType<typeof portal>>;
    const get = (user: string, path: string) =>
      request(started.server).get(`${API}${path}`).set(as(user));
    const run = (user: string, accountIds: string[]) =>
      request(started.server)
        .post(`${API}/runs`)
        .set(as(user))
        .send({ queryId: IAM, accountIds });

    beforeAll(async () => {
      started = await portal();
    });
    afterAll(async () => started?.stop());

    it("gives carol nothing of payments' accounts through a Component or a Resource of another type", async () => {
      const accounts = await get('carol', '/accounts');
      expect(accounts.status).toBe(200);
      expect(ids(accounts.body)).toEqual(['333333333333']);

      const coverage = await get('carol', '/coverage');
      expect(ids(coverage.body)).toEqual(['333333333333']);
      for (const id of ['111111111111', '222222222222', '555555555555']) {
        const one = await get('carol', `/coverage/accounts/${id}`);
        expect({ id, status: one.status }).toEqual({ id, status: 404 });
        const findings = await get('carol', `/findings?accountId=${id}`);
        expect({ id, status: findings.status }).toEqual({ id, status: 404 });
        const refused = await run('carol', [id]);
        expect({ id, status: refused.status }).toEqual({ id, status: 403 });
        expect(refused.body.error.message).toBe(
          `accountIds: you may not query account ${id}`,
        );
      }
      const csv = await get('carol', '/coverage.csv');
      expect(csv.text).toContain('333333333333');
      expect(csv.text).not.toContain('111111111111');
      expect(csv.text).not.toContain('222222222222');
    });

    it("keeps payments' runs a 404 to carol, while alice still owns her accounts", async () => {
      const alice = await get('alice', '/accounts');
      expect(ids(alice.body)).toEqual(['111111111111', '222222222222']);
      expect(alice.body.items[0]).toMatchObject({
        entityRefs: ['resource:default/payments-prod'],
        owners: ['group:default/team-payments'],
      });

      const started202 = await run('alice', ['111111111111']);
      expect(started202.status).toBe(202);
      const runId = started202.body.id;
      for (const path of ['', '/results', '/results.csv']) {
        const res = await get('carol', `/runs/${runId}${path}`);
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
      }
      const carolRuns = await get('carol', '/runs?limit=100');
      expect(carolRuns.body.items.map((r: any) => r.id)).not.toContain(runId);
    });

    it("links the Component's page to the account for those who may see it, and no one else", async () => {
      const ref = encodeURIComponent(
        'component:default/checkout-claims-payments',
      );
      expect(
        ids((await get('alice', `/accounts?entityRef=${ref}`)).body),
      ).toEqual(['111111111111']);
      expect(
        (await get('carol', `/accounts?entityRef=${ref}`)).body.items,
      ).toEqual([]);
      // its owner's page does not show it: team-checkout owns nothing there
      const group = encodeURIComponent('group:default/team-checkout');
      expect(
        ids((await get('pat', `/accounts?entityRef=${group}`)).body),
      ).not.toContain('111111111111');
    });

    it('owns an account two teams declare to neither, and shows platform owners the conflict', async () => {
      for (const user of ['alice', 'carol']) {
        expect(ids((await get(user, '/accounts')).body)).not.toContain(
          '444444444444',
        );
        expect(
          (await get(user, '/coverage/accounts/444444444444')).status,
        ).toBe(404);
        expect((await run(user, ['444444444444'])).status).toBe(403);
      }

      const pat = await get('pat', '/accounts');
      expect(
        pat.body.items.find((a: any) => a.accountId === '444444444444'),
      ).toMatchObject({
        inCatalog: true,
        owners: [],
        entityRefs: [
          'resource:default/shared-checkout',
          'resource:default/shared-payments',
        ],
      });
      const conflicts = await get('pat', '/accounts/conflicts');
      expect(conflicts.status).toBe(200);
      expect(conflicts.body).toEqual({
        items: [
          {
            accountId: '444444444444',
            claims: [
              {
                entityRef: 'resource:default/shared-checkout',
                owners: ['group:default/team-checkout'],
              },
              {
                entityRef: 'resource:default/shared-payments',
                owners: ['group:default/team-payments'],
              },
            ],
          },
        ],
      });
    });

    it('tells team members of no conflict, and refuses a caller the policy denies', async () => {
      for (const user of ['alice', 'carol', 'nobody']) {
        const res = await get(user, '/accounts/conflicts');
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ items: [] });
      }
      expect((await get('blocked', '/accounts/conflicts')).status).toBe(403);
    });
  });

  describe('with accountEntities configured', () => {
    let started: Awaited<ReturnType<typeof portal>>;
    beforeAll(async () => {
      started = await portal({
        catalog: {
          accountEntities: [
            { kind: 'Resource', type: 'cloud-account' },
            { kind: 'Component', type: 'aws-account' },
          ],
        },
      });
    });
    afterAll(async () => started?.stop());

    it('makes owners of a configured kind and type, and of that type only', async () => {
      const carol = await request(started.server)
        .get(`${API}/accounts`)
        .set(as('carol'));
      expect(ids(carol.body)).toEqual(['333333333333', '555555555555']);
      expect(carol.body.items[1]).toMatchObject({
        entityRefs: ['component:default/checkout-sandbox'],
        owners: ['group:default/team-checkout'],
      });
      const one = await request(started.server)
        .get(`${API}/coverage/accounts/555555555555`)
        .set(as('carol'));
      expect(one.status).toBe(200);
      const runs = await request(started.server)
        .post(`${API}/runs`)
        .set(as('carol'))
        .send({ queryId: IAM, accountIds: ['555555555555'] });
      expect(runs.status).toBe(202);
    });
  });

  it('refuses to start with an empty accountEntities', async () => {
    await expect(portal({ catalog: { accountEntities: [] } })).rejects.toThrow(
      /securityLake\.catalog\.accountEntities is empty/,
    );
  });
});
