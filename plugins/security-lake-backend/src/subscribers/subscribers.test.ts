import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  DataCellsFilterSpec,
  LogSourceRecord,
  SubscriberOperations,
  SubscriberRecord,
  SubscriberSpec,
} from '@internal/plugin-security-lake-node';
import { Knex } from 'knex';
import request from 'supertest';
import { FakeLake, fakeEngine } from '../__testUtils__/fakeLake';
import { accountEntity, as } from '../__testUtils__/portal';
import { startPortal } from '../__testUtils__/startPortal';

jest.setTimeout(60_000);

const API = '/api/security-lake';
const TASK = 'security-lake-subscriber-provisioning';
const ENTITIES = [
  accountEntity('payments-prod', '111111111111', 'group:default/team-payments'),
  accountEntity('payments-dev', '222222222222', 'group:default/team-payments'),
  accountEntity('checkout-prod', '333333333333', 'group:default/team-checkout'),
];
const LAKE: FakeLake = {
  logSources: ['111111111111', '222222222222', '333333333333'].map(
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

/** A call held until the test lets it go: `reached` once it is made, `open()` lets it finish. */
interface Held {
  reached: Promise<void>;
  open: () => void;
}

/** Subscriber operations in memory that count what they are asked, as the API would answer. */
function fakeOperations() {
  const holds = new Map<string, { reach: () => void; opened: Promise<void> }>();
  const pass = async (operation: string) => {
    const hold = holds.get(operation);
    if (!hold) return;
    holds.delete(operation);
    hold.reach();
    await hold.opened;
  };
  const subscribers = new Map<
    string,
    SubscriberRecord & { region: string; name: string }
  >();
  const filters = new Map<string, DataCellsFilterSpec>();
  const grants = new Set<string>();
  const calls: string[] = [];
  const created: SubscriberSpec[] = [];
  let next = 0;
  let failNext: Error | undefined;
  let statusAfterCreate = 'PENDING';
  const maybeFail = () => {
    if (failNext) {
      const error = failNext;
      failNext = undefined;
      throw error;
    }
  };
  const ops: SubscriberOperations = {
    catalogId: '555555555555',
    async createSubscriber(region, spec) {
      await pass('createSubscriber');
      calls.push(`create ${region}`);
      maybeFail();
      created.push(spec);
      const id = `sub-${++next}`;
      const record = {
        region,
        name: spec.name,
        subscriberId: id,
        subscriberArn: `arn:aws:securitylake:${region}:555555555555:subscriber/${id}`,
        subscriberStatus: statusAfterCreate,
        resourceShareArn: `arn:aws:ram:${region}:555555555555:resource-share/${id}`,
        resourceShareName: `LakeFormation-V3-${id}`,
      };
      subscribers.set(id, record);
      const { region: _r, name: _n, ...rest } = record;
      return rest;
    },
    async findSubscriber(region, name) {
      const found = [...subscribers.values()].find(
        s => s.region === region && s.name === name,
      );
      if (!found) return undefined;
      const { region: _r, name: _n, ...rest } = found;
      return rest;
    },
    async getSubscriber(_region, id) {
      const found = subscribers.get(id);
      if (!found) return undefined;
      const { region: _r, name: _n, ...rest } = found;
      return rest;
    },
    async createSubscriberNotification(region, id) {
      calls.push(`notify ${id}`);
      return `arn:aws:sqs:${region}:555555555555:${id}`;
    },
    async deleteSubscriber(_region, id) {
      calls.push(`delete ${id}`);
      subscribers.delete(id);
    },
    async putDataCellsFilter(region, filter) {
      calls.push(`filter ${filter.table} ${filter.rowFilter}`);
      maybeFail();
      filters.set(`${region}/${filter.name}`, filter);
    },
    async deleteDataCellsFilter(region, filter) {
      calls.push(`delete filter ${filter.name}`);
      filters.delete(`${region}/${filter.name}`);
    },
    async grantFilterSelect(region, principal, list) {
      await pass('grantFilterSelect');
      calls.push(`grant ${principal} ${list.map(f => f.name).join(',')}`);
      list.forEach(f => grants.add(`${region}/${principal}/${f.name}`));
    },
    async revokeFilterSelect(region, principal, list) {
      calls.push(`revoke ${principal} ${list.map(f => f.name).join(',')}`);
      list.forEach(f => grants.delete(`${region}/${principal}/${f.name}`));
    },
  };
  return {
    ops,
    calls,
    created,
    filters,
    grants,
    subscribers,
    activateAll: () =>
      subscribers.forEach(s => {
        s.subscriberStatus = 'ACTIVE';
      }),
    failNext: (error: Error) => {
      failNext = error;
    },
    setStatusAfterCreate: (status: string) => {
      statusAfterCreate = status;
    },
    /** Holds the next call of an operation until the test opens it. */
    hold: (operation: 'createSubscriber' | 'grantFilterSelect'): Held => {
      let reach!: () => void;
      let open!: () => void;
      const reached = new Promise<void>(resolve => {
        reach = resolve;
      });
      const opened = new Promise<void>(resolve => {
        open = resolve;
      });
      holds.set(operation, { reach, opened });
      return { reached, open };
    },
  };
}

const VALID = {
  subscriberName: 'payments-analytics',
  principal: '999999999999',
  externalId: 'payments-ext-0001',
  accountIds: ['111111111111', '222222222222'],
  sources: [{ source: 'CLOUD_TRAIL_MGMT', version: '2.0' }],
  regions: ['us-east-1'],
  accessType: 'LAKEFORMATION',
  justification:
    'Our fraud team queries our own CloudTrail from the analytics account',
};

/** The request's access date passes (the clock is not the test's to move). */
async function passExpiry(knex: Knex, id: string) {
  await knex('subscriber_requests')
    .where({ id })
    .update({ expires_at: new Date(Date.now() - 1000).toISOString() });
}

async function start(
  fake: ReturnType<typeof fakeOperations>,
  knex?: Parameters<typeof startPortal>[0]['knex'],
) {
  return startPortal({
    engine: fakeEngine(LAKE),
    lake: LAKE,
    entities: ENTITIES,
    subscribers: fake.ops,
    securityLake: { platformOwners: ['group:default/platform-security'] },
    knex,
  });
}

describe('subscriber requests over the API', () => {
  const fake = fakeOperations();
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let knex: Knex;
  let portal: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    portal = await start(fake, { knex });
  });
  afterAll(async () => portal?.stop());
  const api = () => request(portal.server);
  const post = (user: string, path: string, body: object = {}) =>
    api().post(`${API}${path}`).set(as(user)).send(body);
  const get = (user: string, path: string) =>
    api().get(`${API}${path}`).set(as(user));

  it("walks a team-scoped request from pending to active: filters naming exactly the team's accounts, SELECT granted, the guided finish, notifications and audit", async () => {
    const created = await post('alice', '/subscriber-requests', VALID);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      state: 'pending',
      scope: 'team',
      ownerRef: 'group:default/team-payments',
      requestedBy: 'user:default/alice',
      exposes:
        'Only accounts 111111111111 and 222222222222 of team-payments, through Lake Formation row filters',
      // the requester may take it back until it is decided, and do nothing else
      actions: ['withdraw'],
    });
    const id = created.body.id;
    expect(portal.notifications.send).toHaveBeenLastCalledWith({
      recipients: {
        type: 'entity',
        entityRef: ['group:default/platform-security'],
        excludeEntityRef: 'user:default/alice',
      },
      payload: expect.objectContaining({
        title: 'alice asks for Security Lake access: payments-analytics',
        link: `/security-lake?tab=subscribers&requestId=${id}`,
        severity: 'high',
      }),
    });
    // the requester's teammate sees it, may not decide it (only take it back); the platform owner may
    expect(
      (await get('bob', `/subscriber-requests/${id}`)).body.actions,
    ).toEqual(['withdraw']);
    expect(
      (await get('pat', `/subscriber-requests/${id}`)).body.actions,
    ).toEqual(['approve', 'reject']);

    const approved = await post('pat', `/subscriber-requests/${id}/approve`, {
      comment: 'Fraud analytics, fine',
    });
    expect(approved.status).toBe(200);
    expect(['approved', 'provisioning', 'active']).toContain(
      approved.body.state,
    );
    await portal.runTask(TASK);
    const active = (await get('alice', `/subscriber-requests/${id}`)).body;
    expect(active.state).toBe('active');
    expect(
      fake.calls.filter(c => c.startsWith('filter') || c.startsWith('grant')),
    ).toEqual([
      "filter amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0 accountid IN ('111111111111', '222222222222')",
      `grant 999999999999 portal_${id.slice(0, 8)}_cloud_trail_mgmt_2_0`,
    ]);
    expect(fake.created).toEqual([]); // no whole-source subscriber for a team scope
    expect(active.provisioned).toEqual([
      {
        region: 'us-east-1',
        dataCellsFilters: [
          {
            database: 'amazon_security_lake_glue_db_us_east_1',
            table: 'amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0',
            name: `portal_${id.slice(0, 8)}_cloud_trail_mgmt_2_0`,
            rowFilter: "accountid IN ('111111111111', '222222222222')",
          },
        ],
      },
    ]);
    expect(
      active.transitions.map((t: any) => `${t.from ?? ''}>${t.to} ${t.by}`),
    ).toEqual([
      '>pending user:default/alice',
      'pending>approved user:default/pat',
      'approved>provisioning plugin:security-lake',
      'provisioning>active plugin:security-lake',
    ]);
    expect(active.transitions[1].comment).toBe('Fraud analytics, fine');
    expect(active.guidedFinish.steps.map((s: any) => s.title)).toEqual([
      'Accept the resource share in us-east-1',
      'Link the shared database in us-east-1',
      "Let your team's roles query in us-east-1",
    ]);
    expect(active.guidedFinish.steps[1].commands).toContain(
      '"TargetDatabase":{"CatalogId":"555555555555","DatabaseName":"amazon_security_lake_glue_db_us_east_1"}',
    );
    expect(active.guidedFinish.cloudFormation).toContain(
      'Name: amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0',
    );
    expect(
      portal.notifications.send.mock.calls
        .map(([n]: any) => n.payload.title)
        .filter(
          (t: string) =>
            t.includes('payments-analytics') && t.startsWith('Your'),
        ),
    ).toEqual([
      'Your access request payments-analytics was approved',
      'Your access payments-analytics is ready: finish setting it up',
    ]);
    expect(
      portal.auditor.createEvent.mock.calls
        .map(([e]: any) => e)
        .filter((e: any) => e.meta?.requestId === id)
        .map((e: any) => `${e.eventId}:${e.meta.subEventId}`),
    ).toEqual([
      'subscriber-request-mutate:request',
      'subscriber-request-mutate:approve',
      'subscriber-request-mutate:provision',
      'subscriber-request-mutate:activate',
    ]);

    // the requesting team may give the access up; what was granted goes
    const revoked = await post('alice', `/subscriber-requests/${id}/revoke`);
    expect(revoked.body.state).toBe('revoked');
    expect(revoked.body.removedAt).toBeDefined();
    expect(revoked.body.rowFilters).toEqual([]);
    expect(fake.grants.size).toBe(0);
    expect(fake.filters.size).toBe(0);
  });

  it('creates one whole-source subscriber however two approvals race, follows it until usable, and never lets requesters approve their own', async () => {
    fake.setStatusAfterCreate('PENDING');
    const mine = await post('pat', '/subscriber-requests', {
      ...VALID,
      subscriberName: 'platform-wide',
      scope: 'all',
      accountIds: ['333333333333'],
    });
    expect(mine.status).toBe(201);
    const own = await post(
      'pat',
      `/subscriber-requests/${mine.body.id}/approve`,
    );
    expect([own.status, own.body.error.message]).toEqual([
      403,
      'Nobody approves their own request',
    ]);

    const s3 = await post('alice', '/subscriber-requests', {
      ...VALID,
      subscriberName: 'payments-raw',
      accessType: 'S3',
      notification: { type: 'SQS' },
    });
    expect(s3.body.scope).toBe('all');
    expect(s3.body.exposes).toBe(
      "Every account's data in CloudTrail management events 2.0, in us-east-1",
    );
    const id = s3.body.id;
    const before = fake.created.length;
    const [a, b] = await Promise.all([
      post('pat', `/subscriber-requests/${id}/approve`),
      post('pat', `/subscriber-requests/${id}/approve`),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    await portal.runTask(TASK);
    await portal.runTask(TASK);
    expect(fake.created.length - before).toBe(1);
    expect(fake.created.at(-1)).toEqual({
      name: 'payments-raw',
      principal: '999999999999',
      externalId: 'payments-ext-0001',
      sources: [{ source: 'CLOUD_TRAIL_MGMT', version: '2.0' }],
      accessTypes: ['S3'],
      tags: { 'backstage-request-id': id },
    });
    // still PENDING at Security Lake: the request waits in provisioning
    expect((await get('alice', `/subscriber-requests/${id}`)).body.state).toBe(
      'provisioning',
    );
    fake.activateAll();
    await portal.runTask(TASK);
    const active = (await get('alice', `/subscriber-requests/${id}`)).body;
    expect(active.state).toBe('active');
    expect(active.provisioned[0]).toMatchObject({
      region: 'us-east-1',
      subscriberStatus: 'ACTIVE',
      subscriberEndpoint: expect.stringMatching(/^arn:aws:sqs:us-east-1:/),
    });
    expect(fake.calls.filter(c => c.startsWith('notify'))).toHaveLength(1);
    expect(active.guidedFinish.accessType).toBe('S3');
  });

  it('leaves a throttled provision failed with its error, and a retry finishes it without a second subscriber', async () => {
    const res = await post('alice', '/subscriber-requests', {
      ...VALID,
      subscriberName: 'throttled',
      accessType: 'S3',
    });
    const id = res.body.id;
    fake.failNext(
      Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
      }),
    );
    await post('pat', `/subscriber-requests/${id}/approve`);
    await portal.runTask(TASK);
    const failed = (await get('pat', `/subscriber-requests/${id}`)).body;
    expect(failed).toMatchObject({
      state: 'failed',
      error: 'ThrottlingException: Rate exceeded',
      actions: ['revoke', 'retry'],
    });
    expect(
      (await get('alice', `/subscriber-requests/${id}`)).body.actions,
    ).toEqual(['revoke']);
    expect(
      (await post('alice', `/subscriber-requests/${id}/retry`)).status,
    ).toBe(403);

    const created = fake.created.length;
    fake.setStatusAfterCreate('ACTIVE');
    const retried = await post('pat', `/subscriber-requests/${id}/retry`);
    expect(retried.status).toBe(200);
    await portal.runTask(TASK);
    await portal.runTask(TASK);
    const active = (await get('alice', `/subscriber-requests/${id}`)).body;
    expect(active.state).toBe('active');
    expect(active.error).toBeUndefined();
    expect(fake.created.length - created).toBe(1);
    expect(active.transitions.map((t: any) => t.to)).toEqual([
      'pending',
      'approved',
      'provisioning',
      'failed',
      'approved',
      'provisioning',
      'active',
    ]);
  });

  it('rejects with a comment, refuses what the state does not allow, and expires access whose date has passed', async () => {
    const res = await post('alice', '/subscriber-requests', {
      ...VALID,
      subscriberName: 'to-reject',
    });
    const id = res.body.id;
    const rejected = await post('pat', `/subscriber-requests/${id}/reject`, {
      comment: 'Use the shared dashboard instead',
    });
    expect(rejected.body.state).toBe('rejected');
    expect(rejected.body.transitions[1]).toMatchObject({
      from: 'pending',
      to: 'rejected',
      by: 'user:default/pat',
      comment: 'Use the shared dashboard instead',
    });
    for (const action of ['approve', 'reject', 'revoke', 'retry']) {
      const again = await post('pat', `/subscriber-requests/${id}/${action}`);
      expect([action, again.status]).toEqual([action, 409]);
    }

    const expiring = await post('alice', '/subscriber-requests', {
      ...VALID,
      subscriberName: 'short-lived',
      accessType: 'S3',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await post('pat', `/subscriber-requests/${expiring.body.id}/approve`);
    await portal.runTask(TASK);
    expect(
      (await get('alice', `/subscriber-requests/${expiring.body.id}`)).body
        .state,
    ).toBe('active');
    await passExpiry(knex, expiring.body.id);
    await portal.runTask(TASK);
    const expired = (
      await get('alice', `/subscriber-requests/${expiring.body.id}`)
    ).body;
    expect(expired.state).toBe('expired');
    expect(expired.removedAt).toBeDefined();
    expect(fake.calls).toContain(
      `delete ${expired.provisioned[0].subscriberId}`,
    );
    expect(fake.subscribers.has(expired.provisioned[0].subscriberId)).toBe(
      false,
    );
  });

  it('lets the requesting team withdraw a pending request, nobody else, and only before it is decided', async () => {
    const res = await post('alice', '/subscriber-requests', {
      ...VALID,
      subscriberName: 'changed-my-mind',
    });
    const id = res.body.id;
    // the requester is offered it; an approver is not
    expect(res.body.actions).toContain('withdraw');
    expect(
      (await get('pat', `/subscriber-requests/${id}`)).body.actions,
    ).not.toContain('withdraw');
    // another team does not see the request; an approver who may see it may not take it back
    expect(
      (await post('carol', `/subscriber-requests/${id}/withdraw`)).status,
    ).toBe(404);
    const refused = await post('pat', `/subscriber-requests/${id}/withdraw`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'Only the requesting team withdraws a request',
    );
    expect((await get('alice', `/subscriber-requests/${id}`)).body.state).toBe(
      'pending',
    );

    portal.notifications.send.mockClear();
    portal.auditor.createEvent.mockClear();
    // a teammate of the requester may withdraw it too
    const withdrawn = await post('bob', `/subscriber-requests/${id}/withdraw`, {
      comment: 'Alice is on leave; we will ask again',
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.state).toBe('withdrawn');
    expect(withdrawn.body.actions).toEqual([]);
    expect(withdrawn.body.transitions[1]).toMatchObject({
      from: 'pending',
      to: 'withdrawn',
      by: 'user:default/bob',
      comment: 'Alice is on leave; we will ask again',
    });
    expect(portal.auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'subscriber-request-mutate',
        meta: expect.objectContaining({
          subEventId: 'withdraw',
          requestId: id,
          state: 'withdrawn',
          actor: 'user:default/bob',
        }),
      }),
    );
    const titles = portal.notifications.send.mock.calls.map(
      ([n]: any) => `${n.recipients.entityRef.join(',')}: ${n.payload.title}`,
    );
    expect(titles).toEqual([
      'user:default/alice: Your access request changed-my-mind was withdrawn',
      'group:default/platform-security: changed-my-mind of team-payments was withdrawn: nothing to decide',
    ]);
    // nothing was provisioned, and nothing more can happen to it
    const before = fake.calls.length;
    await portal.runTask(TASK);
    expect(fake.calls.slice(before)).toEqual([]);
    for (const action of ['withdraw', 'approve', 'reject']) {
      const again = await post(
        action === 'withdraw' ? 'alice' : 'pat',
        `/subscriber-requests/${id}/${action}`,
      );
      expect([action, again.status]).toEqual([action, 409]);
    }
    expect(
      (await get('pat', '/subscriber-requests?state=pending')).body.items.map(
        (r: any) => r.id,
      ),
    ).not.toContain(id);
  });

  it("keeps another team's requests from them: not listed, 404 to read or act on", async () => {
    const res = await post('alice', '/subscriber-requests', {
      ...VALID,
      subscriberName: 'private',
    });
    const id = res.body.id;
    const carols = (await get('carol', '/subscriber-requests')).body.items;
    expect(carols.map((r: any) => r.ownerRef)).not.toContain(
      'group:default/team-payments',
    );
    expect((await get('carol', `/subscriber-requests/${id}`)).status).toBe(404);
    for (const action of ['approve', 'reject', 'withdraw', 'revoke', 'retry']) {
      const res2 = await post('carol', `/subscriber-requests/${id}/${action}`);
      expect([action, res2.status]).toEqual([action, 404]);
    }
    const pats = (await get('pat', '/subscriber-requests?state=pending')).body
      .items;
    expect(pats.map((r: any) => r.id)).toContain(id);
    expect(pats.every((r: any) => r.state === 'pending')).toBe(true);
  });

  it('refuses invalid input with a 400 naming the field, and writes nothing', async () => {
    const count = async () =>
      (await get('pat', '/subscriber-requests')).body.items.length;
    const before = await count();
    const cases: [object, string][] = [
      [{ principal: '12345' }, 'principal: must be a 12-digit AWS account id'],
      [{ principal: 'evil.example.com' }, 'principal: must be a 12-digit'],
      [
        { principal: 'glue.amazonaws.com' },
        "principal: access to the team's accounts is granted to an AWS account",
      ],
      [{ externalId: 'x' }, 'externalId: must be 2–1224 characters'],
      [{ externalId: 'has space' }, 'externalId: must be 2–1224 characters'],
      [
        { externalId: 'x'.repeat(1225) },
        'externalId: must be 2–1224 characters',
      ],
      [{ subscriberName: 'bad/name' }, 'subscriberName: use 1–64'],
      [{ sources: [] }, 'sources: choose at least one source'],
      [
        { sources: [{ source: 'NOPE', version: '2.0' }] },
        'sources[0].source: NOPE is not a Security Lake source',
      ],
      [
        { sources: [{ source: 'VPC_FLOW', version: '3.0' }] },
        'sources[0].version: must be 1.0 or 2.0',
      ],
      [{ regions: ['moon-1'] }, 'regions[0]: moon-1 is not an AWS region'],
      [
        { regions: ['eu-central-1'] },
        'regions: eu-central-1 has no Security Lake data lake',
      ],
      [{ accessType: 'FTP' }, 'accessType: must be LAKEFORMATION'],
      [
        { scope: 'all' },
        'scope: whole-source query access is for platform owners',
      ],
      [
        { accessType: 'S3', scope: 'team' },
        'scope: S3 access is to whole sources',
      ],
      [
        { notification: { type: 'SQS' } },
        'notification: only S3 access has a notification',
      ],
      [
        {
          accessType: 'S3',
          notification: {
            type: 'HTTPS',
            endpoint: 'http://x.example.com',
            targetRoleArn: 'nope',
          },
        },
        'notification.endpoint: must be an https:// URL',
      ],
      [{ justification: 'short' }, 'justification: say in 10–2000 characters'],
      [
        { expiresAt: 'next week' },
        'expiresAt: must be a date such as 2027-03-31',
      ],
      [{ expiresAt: '2020-01-01' }, 'expiresAt: must be in the future'],
      [{ expiresAt: '2099-01-01' }, 'expiresAt: may be at most a year away'],
      [
        { ownerRef: 'group:default/team-checkout' },
        'ownerRef: you may ask only for your own teams',
      ],
    ];
    for (const [change, message] of cases) {
      const res = await post('alice', '/subscriber-requests', {
        ...VALID,
        ...change,
      });
      expect([
        res.status,
        res.body.error?.message?.slice(0, message.length),
      ]).toEqual([400, message]);
    }
    const other = await post('alice', '/subscriber-requests', {
      ...VALID,
      accountIds: ['111111111111', '333333333333'],
    });
    expect([other.status, other.body.error.message]).toEqual([
      403,
      'accountIds: you may not request access for 333333333333',
    ]);
    expect(await count()).toBe(before);
  });
});

describe('two backends approving one request at once', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'create one subscriber, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const fake = fakeOperations();
      fake.setStatusAfterCreate('ACTIVE');
      const first = await start(fake, { knex });
      const second = await start(fake, { knex });
      try {
        const res = await request(first.server)
          .post(`${API}/subscriber-requests`)
          .set(as('alice'))
          .send({ ...VALID, accessType: 'S3' });
        const id = res.body.id;
        const answers = await Promise.all(
          [first, second, first, second].map(p =>
            request(p.server)
              .post(`${API}/subscriber-requests/${id}/approve`)
              .set(as('pat')),
          ),
        );
        expect(answers.map(a => a.status).sort()).toEqual([200, 409, 409, 409]);
        await Promise.all([first.runTask(TASK), second.runTask(TASK)]);
        await Promise.all([first.runTask(TASK), second.runTask(TASK)]);
        expect(fake.created).toHaveLength(1);
        const detail = (
          await request(second.server)
            .get(`${API}/subscriber-requests/${id}`)
            .set(as('alice'))
        ).body;
        expect(detail.state).toBe('active');
        expect(
          detail.transitions.filter((t: any) => t.to === 'approved'),
        ).toHaveLength(1);
      } finally {
        await first.stop();
        await second.stop();
      }
    },
  );
});

describe('what is granted is what was approved', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const TABLE = 'amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0';

  /** A portal on its own database whose catalog the test may change, and helpers to talk to it. */
  async function open(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    const fake = fakeOperations();
    const entities = [...ENTITIES];
    const options = {
      engine: fakeEngine(LAKE),
      lake: LAKE,
      entities,
      liveCatalog: true,
      subscribers: fake.ops,
      securityLake: {
        platformOwners: ['group:default/platform-security'],
        catalog: { cacheSeconds: 0 },
      },
      knex: { knex },
    };
    const portal = await startPortal(options);
    const post = (user: string, path: string, body: object = {}) =>
      request(portal.server).post(`${API}${path}`).set(as(user)).send(body);
    const get = (user: string, path: string) =>
      request(portal.server).get(`${API}${path}`).set(as(user));
    /** Gives an account to a team in the catalog, and waits until the portal reads it so. */
    const own = async (name: string, accountId: string, team: string) => {
      const owner = `group:default/${team}`;
      const at = entities.findIndex(
        e => e.metadata.annotations?.['amazonaws.com/account-id'] === accountId,
      );
      const entity = accountEntity(name, accountId, owner);
      if (at >= 0) entities[at] = entity;
      else entities.push(entity);
      // the catalog is read again in the background: each look starts a read the next one sees
      for (let look = 0; look < 20; look++) {
        const items = (await get('pat', '/accounts')).body.items as any[];
        if (items.find(a => a.accountId === accountId)?.owners?.[0] === owner) {
          return;
        }
      }
      throw new Error(`The portal never saw ${accountId} owned by ${team}`);
    };
    /** Alice asks for query access, Pat approves it, and it is provisioned. */
    const grant = async (accountIds: string[]) => {
      const created = await post('alice', '/subscriber-requests', {
        ...VALID,
        accountIds,
      });
      expect(created.status).toBe(201);
      await post('pat', `/subscriber-requests/${created.body.id}/approve`);
      await portal.runTask(TASK);
      const active = (
        await get('alice', `/subscriber-requests/${created.body.id}`)
      ).body;
      expect(active.state).toBe('active');
      return active;
    };
    const filterOf = (id: string) =>
      fake.filters.get(
        `us-east-1/portal_${id.slice(0, 8)}_cloud_trail_mgmt_2_0`,
      )?.rowFilter;
    return { knex, fake, portal, post, get, own, grant, filterOf, options };
  }

  it.each(databases.eachSupportedId())(
    'grants only the account asked for, shows approvers the exact row filter, and never widens when the team gains an account, on %p',
    async databaseId => {
      const { fake, portal, post, get, own, filterOf } = await open(databaseId);
      try {
        const created = await post('alice', '/subscriber-requests', {
          ...VALID,
          accountIds: ['111111111111'],
        });
        expect(created.status).toBe(201);
        const id = created.body.id;
        const rowFilters = [
          {
            region: 'us-east-1',
            database: 'amazon_security_lake_glue_db_us_east_1',
            table: TABLE,
            name: `portal_${id.slice(0, 8)}_cloud_trail_mgmt_2_0`,
            rowFilter: "accountid IN ('111111111111')",
          },
        ];
        expect(created.body).toMatchObject({
          exposes:
            'Only account 111111111111 of team-payments, through Lake Formation row filters',
          rowFilters,
        });
        // the approvals queue carries the filter that will be put
        const queue = (await get('pat', '/subscriber-requests?state=pending'))
          .body.items;
        expect(queue.find((r: any) => r.id === id).rowFilters).toEqual(
          rowFilters,
        );

        await post('pat', `/subscriber-requests/${id}/approve`);
        await portal.runTask(TASK);
        expect(fake.calls.filter(c => c.startsWith('filter'))).toEqual([
          `filter ${TABLE} accountid IN ('111111111111')`,
        ]);
        const active = (await get('alice', `/subscriber-requests/${id}`)).body;
        expect(active).toMatchObject({
          state: 'active',
          grantedAccountIds: ['111111111111'],
          uncoveredAccountIds: ['222222222222'],
          rowFilters,
          actions: ['revoke', 'extend'],
        });
        // approvers may not ask on a team's behalf
        expect(
          (await get('pat', `/subscriber-requests/${id}`)).body.actions,
        ).toEqual(['revoke']);

        await own('payments-sandbox', '444444444444', 'team-payments');
        await portal.runTask(TASK);
        expect(fake.calls.filter(c => c.startsWith('filter'))).toHaveLength(1);
        expect(filterOf(id)).toBe("accountid IN ('111111111111')");
        const after = (await get('alice', `/subscriber-requests/${id}`)).body;
        expect(after.grantedAccountIds).toEqual(['111111111111']);
        expect(after.uncoveredAccountIds).toEqual([
          '222222222222',
          '444444444444',
        ]);
        expect((await get('carol', `/subscriber-requests/${id}`)).status).toBe(
          404,
        );
      } finally {
        await portal.stop();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'extends a grant through a new request and its own approval, which replaces the one it extends; a bad extension is a 400 naming the field and writes nothing, on %p',
    async databaseId => {
      const { fake, portal, post, get, grant, filterOf } = await open(
        databaseId,
      );
      try {
        const original = await grant(['111111111111']);
        const count = async () =>
          (await get('pat', '/subscriber-requests')).body.items.length;
        const before = await count();
        const extension = {
          ...VALID,
          accountIds: ['111111111111', '222222222222'],
          extendsRequestId: original.id,
          justification: 'Our dev account sends the same events as prod',
        };
        const refused: [object, number, string][] = [
          [
            { principal: '888888888888' },
            400,
            'principal: an extension keeps the principal of payments-analytics',
          ],
          [
            { sources: [{ source: 'VPC_FLOW', version: '2.0' }] },
            400,
            'sources: an extension keeps the sources of payments-analytics',
          ],
          [
            { accountIds: ['111111111111'] },
            400,
            `accountIds: payments-analytics (${original.id}) already grants 111111111111; an extension asks for at least one more account`,
          ],
          [
            { accessType: 'S3' },
            400,
            "extendsRequestId: only query access to the team's accounts can be extended",
          ],
          [
            { extendsRequestId: 'no such id!' },
            400,
            'extendsRequestId: must be the id of the request to extend',
          ],
          [
            { extendsRequestId: '00000000-0000-0000-0000-000000000000' },
            404,
            'No subscriber request 00000000-0000-0000-0000-000000000000',
          ],
        ];
        for (const [change, status, message] of refused) {
          const res = await post('alice', '/subscriber-requests', {
            ...extension,
            ...change,
          });
          expect([
            res.status,
            res.body.error?.message?.slice(0, message.length),
          ]).toEqual([status, message]);
        }
        // another team's request is not found, whatever is asked of it
        const carols = await post('carol', '/subscriber-requests', {
          ...extension,
          accountIds: ['333333333333'],
        });
        expect([carols.status, carols.body.error.message]).toEqual([
          404,
          `No subscriber request ${original.id}`,
        ]);
        expect(await count()).toBe(before);

        const asked = await post('alice', '/subscriber-requests', extension);
        expect(asked.status).toBe(201);
        expect(asked.body).toMatchObject({
          state: 'pending',
          extendsRequestId: original.id,
          rowFilters: [
            {
              rowFilter: "accountid IN ('111111111111', '222222222222')",
            },
          ],
        });
        const waiting = (
          await get('alice', `/subscriber-requests/${original.id}`)
        ).body;
        expect(waiting.openExtensionId).toBe(asked.body.id);
        expect(waiting.actions).toEqual(['revoke']);
        const again = await post('alice', '/subscriber-requests', extension);
        expect([again.status, again.body.error.message]).toEqual([
          400,
          `extendsRequestId: payments-analytics (${original.id}) already has an extension waiting: ${asked.body.id}`,
        ]);

        // the extension is granted only once approved
        await portal.runTask(TASK);
        expect(filterOf(asked.body.id)).toBeUndefined();
        await post('pat', `/subscriber-requests/${asked.body.id}/approve`);
        await portal.runTask(TASK);
        const extended = (
          await get('alice', `/subscriber-requests/${asked.body.id}`)
        ).body;
        expect(extended).toMatchObject({
          state: 'active',
          grantedAccountIds: ['111111111111', '222222222222'],
          uncoveredAccountIds: [],
          actions: ['revoke'],
        });
        expect(filterOf(asked.body.id)).toBe(
          "accountid IN ('111111111111', '222222222222')",
        );
        // the request it extends ends, and what it was granted goes
        expect(filterOf(original.id)).toBeUndefined();
        expect([...fake.grants]).toEqual([
          `us-east-1/999999999999/portal_${asked.body.id.slice(
            0,
            8,
          )}_cloud_trail_mgmt_2_0`,
        ]);
        const replaced = (
          await get('alice', `/subscriber-requests/${original.id}`)
        ).body;
        expect(replaced.state).toBe('revoked');
        expect(replaced.removedAt).toBeDefined();
        expect(replaced.transitions.at(-1)).toMatchObject({
          from: 'active',
          to: 'revoked',
          action: 'replace',
          by: 'plugin:security-lake',
          comment: `Replaced by its extension payments-analytics (request ${asked.body.id}), which grants 111111111111 and 222222222222`,
        });
        expect(portal.notifications.send).toHaveBeenCalledWith(
          expect.objectContaining({
            recipients: expect.objectContaining({
              entityRef: ['user:default/alice'],
            }),
            payload: expect.objectContaining({
              title:
                'Your access payments-analytics was replaced by its extension',
              link: `/security-lake?tab=subscribers&requestId=${original.id}`,
            }),
          }),
        );
      } finally {
        await portal.stop();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'narrows the filter when an approved account leaves the team, audits and notifies it, and ends the grant when none is left, on %p',
    async databaseId => {
      const { fake, portal, get, own, grant, filterOf } = await open(
        databaseId,
      );
      try {
        const { id } = await grant(['111111111111', '222222222222']);
        expect(filterOf(id)).toBe(
          "accountid IN ('111111111111', '222222222222')",
        );

        await own('payments-dev', '222222222222', 'team-checkout');
        portal.notifications.send.mockClear();
        await portal.runTask(TASK);
        expect(fake.calls.at(-1)).toBe(
          `filter ${TABLE} accountid IN ('111111111111')`,
        );
        expect(filterOf(id)).toBe("accountid IN ('111111111111')");
        const narrowed = (await get('alice', `/subscriber-requests/${id}`))
          .body;
        expect(narrowed).toMatchObject({
          state: 'active',
          grantedAccountIds: ['111111111111'],
          exposes:
            'Only account 111111111111 of team-payments, through Lake Formation row filters',
          rowFilters: [{ rowFilter: "accountid IN ('111111111111')" }],
        });
        const comment =
          '222222222222 no longer belongs to team-payments in the catalog: the row filters now name 111111111111';
        expect(narrowed.transitions.at(-1)).toMatchObject({
          from: 'active',
          to: 'active',
          action: 'narrow',
          by: 'plugin:security-lake',
          comment,
        });
        expect(portal.auditor.createEvent).toHaveBeenCalledWith({
          eventId: 'subscriber-request-mutate',
          severityLevel: 'medium',
          meta: expect.objectContaining({
            subEventId: 'narrow',
            requestId: id,
            actor: 'plugin:security-lake',
            comment,
            grantedAccountIds: ['111111111111'],
          }),
        });
        expect(
          portal.notifications.send.mock.calls.map(([n]: any) => [
            n.recipients.entityRef,
            n.payload.title,
            n.payload.description,
          ]),
        ).toEqual([
          [
            ['user:default/alice'],
            'Your access payments-analytics was narrowed to the accounts your team still owns',
            comment,
          ],
          [
            ['group:default/platform-security'],
            'Access payments-analytics of team-payments was narrowed',
            comment,
          ],
        ]);

        await own('payments-prod', '111111111111', 'team-checkout');
        await portal.runTask(TASK);
        const ended = (await get('alice', `/subscriber-requests/${id}`)).body;
        expect(ended.state).toBe('revoked');
        expect(ended.removedAt).toBeDefined();
        expect(ended.transitions.at(-1)).toMatchObject({
          action: 'revoke',
          by: 'plugin:security-lake',
        });
        expect(fake.filters.size + fake.grants.size).toBe(0);
      } finally {
        await portal.stop();
      }
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves nothing granted when a request is revoked or expires while it is being provisioned, on %p',
    async databaseId => {
      const { knex, fake, portal, post, get, options } = await open(databaseId);
      const replica = await startPortal(options);
      try {
        // a whole-source subscriber, revoked while Security Lake creates it
        const s3 = (
          await post('alice', '/subscriber-requests', {
            ...VALID,
            subscriberName: 'raw-export',
            accessType: 'S3',
          })
        ).body.id;
        let held = fake.hold('createSubscriber');
        await post('pat', `/subscriber-requests/${s3}/approve`);
        await held.reached;
        const revoked = await post(
          'alice',
          `/subscriber-requests/${s3}/revoke`,
        );
        expect(revoked.body.state).toBe('revoked');
        held.open();
        await portal.runTask(TASK);
        expect(fake.subscribers.size).toBe(0);
        const afterRevoke = (await get('alice', `/subscriber-requests/${s3}`))
          .body;
        expect(afterRevoke.removedAt).toBeDefined();
        expect(fake.calls).toContain(
          `delete ${afterRevoke.provisioned[0].subscriberId}`,
        );
        expect(afterRevoke.transitions.map((t: any) => t.to)).toEqual([
          'pending',
          'approved',
          'provisioning',
          'revoked',
        ]);

        // team-scoped, revoked while SELECT is being granted
        const team = (
          await post('alice', '/subscriber-requests', {
            ...VALID,
            subscriberName: 'team-query',
          })
        ).body.id;
        held = fake.hold('grantFilterSelect');
        await post('pat', `/subscriber-requests/${team}/approve`);
        await held.reached;
        expect(
          (await post('pat', `/subscriber-requests/${team}/revoke`)).body.state,
        ).toBe('revoked');
        held.open();
        await portal.runTask(TASK);
        expect(fake.filters.size + fake.grants.size).toBe(0);
        expect(
          (await get('alice', `/subscriber-requests/${team}`)).body.removedAt,
        ).toBeDefined();

        // expiring while Security Lake creates the subscriber, the date seen by another replica's tick
        const expiring = (
          await post('alice', '/subscriber-requests', {
            ...VALID,
            subscriberName: 'short-export',
            accessType: 'S3',
            expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
          })
        ).body.id;
        held = fake.hold('createSubscriber');
        await post('pat', `/subscriber-requests/${expiring}/approve`);
        await held.reached;
        await passExpiry(knex, expiring);
        await replica.runTask(TASK);
        expect(
          (await get('alice', `/subscriber-requests/${expiring}`)).body.state,
        ).toBe('expired');
        held.open();
        await portal.runTask(TASK);
        expect(fake.subscribers.size).toBe(0);
        const expired = (await get('alice', `/subscriber-requests/${expiring}`))
          .body;
        expect(expired.removedAt).toBeDefined();
        expect(expired.transitions.map((t: any) => t.action)).toEqual([
          'request',
          'approve',
          'provision',
          'expire',
        ]);
      } finally {
        await replica.stop();
        await portal.stop();
      }
    },
  );
});
