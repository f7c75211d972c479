import {
  BatchGrantPermissionsCommand,
  BatchRevokePermissionsCommand,
  CreateDataCellsFilterCommand,
  DeleteDataCellsFilterCommand,
  LakeFormationClient,
  UpdateDataCellsFilterCommand,
} from '@aws-sdk/client-lakeformation';
import {
  CreateSubscriberCommand,
  DeleteSubscriberCommand,
  ListSubscribersCommand,
  SecurityLakeClient,
} from '@aws-sdk/client-securitylake';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { SubscriberRequestInput } from '@internal/plugin-security-lake-common';
import { mockClient } from 'aws-sdk-client-mock';
import { Knex } from 'knex';
import { AwsSubscriberOperations } from '../aws/AwsSubscriberOperations';
import { migrateSecurityLakeDatabase } from '../database/migrateSecurityLakeDatabase';
import { SubscriberProvisioner } from './SubscriberProvisioner';
import {
  StoredSubscriberRequest,
  SubscriberRequestStore,
} from './SubscriberRequestStore';
import { PROVISIONER, subscriberTransitionListener } from './transitions';

jest.setTimeout(60_000);

const CATALOG = '555555555555';
const ID = '00000000-1111-2222-3333-444444444444';
const TABLE = 'amazon_security_lake_table_us_east_1_vpc_flow_2_0';
const DATABASE = 'amazon_security_lake_glue_db_us_east_1';
const FILTER = 'portal_00000000_vpc_flow_2_0';
const filterRef = {
  TableCatalogId: CATALOG,
  DatabaseName: DATABASE,
  TableName: TABLE,
  Name: FILTER,
};
const tableData = (rowFilter: string) => ({
  ...filterRef,
  RowFilter: { FilterExpression: rowFilter },
  ColumnWildcard: {},
});
const selectEntry = {
  Id: '1',
  Principal: { DataLakePrincipalIdentifier: '999999999999' },
  Resource: { DataCellsFilter: filterRef },
  Permissions: ['SELECT'],
  PermissionsWithGrantOption: [],
};

/** A promise and the function that settles it, to hold a call until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>(resolve => {
    open = resolve;
  });
  let reach!: () => void;
  const reached = new Promise<void>(resolve => {
    reach = resolve;
  });
  return { open, opened, reach, reached };
}

/**
 * Lake Formation and Security Lake answering as AWS does, as far as the provisioner can tell: a filter
 * that exists cannot be created again, a deleted one is gone, grants are kept until revoked.
 */
function fakeAws() {
  const lf = mockClient(LakeFormationClient);
  const lake = mockClient(SecurityLakeClient);
  const filters = new Map<string, string>();
  const grants = new Set<string>();
  const subscribers = new Set<string>();
  const order: string[] = [];
  const named = (name: string) =>
    Object.assign(new Error(name), { name, $metadata: {} });
  lf.on(CreateDataCellsFilterCommand).callsFake(async ({ TableData }) => {
    order.push('create filter');
    if (filters.has(TableData.Name)) throw named('AlreadyExistsException');
    filters.set(TableData.Name, TableData.RowFilter.FilterExpression);
    return {};
  });
  lf.on(UpdateDataCellsFilterCommand).callsFake(async ({ TableData }) => {
    order.push('update filter');
    filters.set(TableData.Name, TableData.RowFilter.FilterExpression);
    return {};
  });
  lf.on(DeleteDataCellsFilterCommand).callsFake(async ({ Name }) => {
    order.push('delete filter');
    if (!filters.delete(Name)) throw named('EntityNotFoundException');
    return {};
  });
  lf.on(BatchGrantPermissionsCommand).callsFake(async ({ Entries }) => {
    order.push('grant');
    for (const e of Entries) {
      grants.add(
        `${e.Principal.DataLakePrincipalIdentifier}/${e.Resource.DataCellsFilter.Name}`,
      );
    }
    return { Failures: [] };
  });
  lf.on(BatchRevokePermissionsCommand).callsFake(async ({ Entries }) => {
    order.push('revoke');
    for (const e of Entries) {
      grants.delete(
        `${e.Principal.DataLakePrincipalIdentifier}/${e.Resource.DataCellsFilter.Name}`,
      );
    }
    return { Failures: [] };
  });
  let next = 0;
  lake.on(CreateSubscriberCommand).callsFake(async () => {
    order.push('create subscriber');
    const subscriberId = `sub-${++next}`;
    subscribers.add(subscriberId);
    return {
      subscriber: {
        subscriberId,
        subscriberArn: `arn:aws:securitylake:us-east-1:${CATALOG}:subscriber/${subscriberId}`,
        subscriberStatus: 'PENDING',
      },
    };
  });
  lake.on(ListSubscribersCommand).resolves({ subscribers: [] });
  lake.on(DeleteSubscriberCommand).callsFake(async ({ subscriberId }) => {
    order.push('delete subscriber');
    subscribers.delete(subscriberId);
    return {};
  });
  const ops = new AwsSubscriberOperations({
    catalogId: CATALOG,
    securityLake: region => new SecurityLakeClient({ region }),
    lakeFormation: region => new LakeFormationClient({ region }),
  });
  return { lf, lake, ops, filters, grants, subscribers, order, named };
}

const REQUEST: SubscriberRequestInput = {
  subscriberName: 'payments-flows',
  principal: '999999999999',
  externalId: 'ext-1',
  accountIds: ['111111111111'],
  sources: [{ source: 'VPC_FLOW', version: '2.0' }],
  regions: ['us-east-1'],
  accessType: 'LAKEFORMATION',
  justification: 'flows of our own accounts',
};

describe('SubscriberProvisioner', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  let aws: ReturnType<typeof fakeAws>;

  beforeEach(() => {
    aws = fakeAws();
  });
  afterEach(() => {
    aws.lf.restore();
    aws.lake.restore();
  });

  /** A store on a fresh database, a provisioner with the real listener, and the team's accounts to change. */
  async function setUp(knex: Knex) {
    const db = await migrateSecurityLakeDatabase(
      mockServices.database({ knex }),
    );
    const store = new SubscriberRequestStore(db);
    const auditor = mockServices.auditor.mock();
    const notifications = { send: jest.fn(async () => {}) };
    const team = { accounts: ['111111111111', '222222222222'] };
    const onTransition = subscriberTransitionListener({
      auditor,
      notifications,
      logger: mockServices.logger.mock(),
      approverRefs: ['group:default/platform-security'],
    });
    const provisioner = () =>
      new SubscriberProvisioner({
        store,
        operations: aws.ops,
        logger: mockServices.logger.mock(),
        teamAccounts: async () => team.accounts,
        onTransition,
      });
    const approve = async (
      input: Partial<SubscriberRequestInput> = {},
      extra: Partial<StoredSubscriberRequest> = {},
    ) => {
      const now = new Date().toISOString();
      await store.insert({
        id: ID,
        ownerRef: 'group:default/team-payments',
        requestedBy: 'user:default/alice',
        state: 'pending',
        scope: 'team',
        request: { ...REQUEST, ...input },
        provisioned: [],
        createdAt: now,
        updatedAt: now,
        ...extra,
      });
      await store.transition(ID, {
        from: 'pending',
        to: 'approved',
        action: 'approve',
        actor: 'user:default/pat',
      });
    };
    const events = () =>
      auditor.createEvent.mock.calls.map(
        ([e]: any) => `${e.meta.subEventId} ${e.meta.state}`,
      );
    const titles = () =>
      notifications.send.mock.calls.map(
        ([n]: any) => `${n.recipients.entityRef.join(',')}: ${n.payload.title}`,
      );
    return {
      store,
      provisioner,
      approve,
      team,
      events,
      titles,
      notifications,
    };
  }

  it.each(databases.eachSupportedId())(
    'puts a filter naming exactly the approved account, never widens it when the team gains one, and narrows it when an approved account leaves, on %p',
    async databaseId => {
      const { store, provisioner, approve, team, events, titles } = await setUp(
        await databases.init(databaseId),
      );
      const p = provisioner();
      await approve({ accountIds: ['111111111111', '222222222222'] });
      team.accounts = ['111111111111', '222222222222'];
      await p.tick();
      expect(
        aws.lf
          .commandCalls(CreateDataCellsFilterCommand)
          .map(c => c.args[0].input),
      ).toEqual([
        {
          TableData: tableData("accountid IN ('111111111111', '222222222222')"),
        },
      ]);
      expect(
        aws.lf
          .commandCalls(BatchGrantPermissionsCommand)
          .map(c => c.args[0].input),
      ).toEqual([{ CatalogId: CATALOG, Entries: [selectEntry] }]);
      expect((await store.get(ID))?.grantedAccountIds).toEqual([
        '111111111111',
        '222222222222',
      ]);

      // the team gains an account: nothing is put, nothing widens
      team.accounts = ['111111111111', '222222222222', '333333333333'];
      const calls = aws.lf.calls().length;
      await p.tick();
      expect(aws.lf.calls()).toHaveLength(calls);
      expect(aws.filters.get(FILTER)).toBe(
        "accountid IN ('111111111111', '222222222222')",
      );

      // 222222222222 leaves the team: the filter is put again without it
      team.accounts = ['111111111111', '333333333333'];
      await p.tick();
      expect(
        aws.lf
          .commandCalls(UpdateDataCellsFilterCommand)
          .map(c => c.args[0].input),
      ).toEqual([{ TableData: tableData("accountid IN ('111111111111')") }]);
      expect(aws.filters.get(FILTER)).toBe("accountid IN ('111111111111')");
      const narrowed = await store.get(ID);
      expect(narrowed).toMatchObject({
        state: 'active',
        grantedAccountIds: ['111111111111'],
        provisioned: [
          {
            region: 'us-east-1',
            dataCellsFilters: [
              {
                name: FILTER,
                rowFilter: "accountid IN ('111111111111')",
              },
            ],
          },
        ],
      });
      expect((await store.transitions(ID)).at(-1)).toMatchObject({
        from: 'active',
        to: 'active',
        action: 'narrow',
        by: PROVISIONER,
        comment:
          '222222222222 no longer belongs to team-payments in the catalog: the row filters now name 111111111111',
      });
      expect(events().at(-1)).toBe('narrow active');
      expect(titles().slice(-2)).toEqual([
        'user:default/alice: Your access payments-flows was narrowed to the accounts your team still owns',
        'group:default/platform-security: Access payments-flows of team-payments was narrowed',
      ]);

      // the last approved account leaves: the access ends, and nothing of it stays
      team.accounts = ['333333333333'];
      await p.tick();
      expect(
        aws.lf
          .commandCalls(BatchRevokePermissionsCommand)
          .map(c => c.args[0].input),
      ).toEqual([{ CatalogId: CATALOG, Entries: [selectEntry] }]);
      expect(
        aws.lf
          .commandCalls(DeleteDataCellsFilterCommand)
          .map(c => c.args[0].input),
      ).toEqual([filterRef]);
      expect(aws.filters.size + aws.grants.size).toBe(0);
      const ended = await store.get(ID);
      expect(ended?.state).toBe('revoked');
      expect(ended?.removedAt).toBeDefined();
      expect((await store.transitions(ID)).at(-1)).toMatchObject({
        from: 'active',
        to: 'revoked',
        action: 'revoke',
        by: PROVISIONER,
        comment:
          '111111111111 no longer belongs to team-payments in the catalog: no approved account is left, so the access is removed',
      });
      expect(events().at(-1)).toBe('revoke revoked');
      expect(titles().slice(-2)).toEqual([
        'user:default/alice: Your access payments-flows was revoked',
        "group:default/platform-security: Access payments-flows of team-payments was revoked: none of its accounts is the team's any more",
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'names only the approved accounts the team still owns when it provisions, and narrows a grant that names more than was approved, on %p',
    async databaseId => {
      const { store, provisioner, approve, team } = await setUp(
        await databases.init(databaseId),
      );
      await approve({ accountIds: ['111111111111', '222222222222'] });
      team.accounts = ['222222222222', '333333333333'];
      await provisioner().tick();
      expect(aws.filters.get(FILTER)).toBe("accountid IN ('222222222222')");
      expect((await store.get(ID))?.grantedAccountIds).toEqual([
        '222222222222',
      ]);

      // a grant of 222222222222 put before grants were recorded, naming the team's accounts instead
      const before = (await store.get(ID))!;
      const legacy = {
        ...before.provisioned[0],
        dataCellsFilters: before.provisioned[0].dataCellsFilters!.map(f => ({
          ...f,
          rowFilter: "accountid IN ('222222222222', '333333333333')",
        })),
      };
      const db = (store as any).db as Knex;
      await db('subscriber_requests')
        .where({ id: ID })
        .update({
          request: JSON.stringify({
            ...before.request,
            accountIds: ['222222222222'],
          }),
          provisioned: JSON.stringify([legacy]),
          granted_account_ids: null,
        });
      await provisioner().tick();
      expect(aws.filters.get(FILTER)).toBe("accountid IN ('222222222222')");
      expect(await store.get(ID)).toMatchObject({
        grantedAccountIds: ['222222222222'],
      });
      expect((await store.transitions(ID)).at(-1)?.comment).toBe(
        'the row filters named accounts that were not approved: the row filters now name 222222222222',
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'removes the filters and the grant a provision makes after the request was revoked under it, on %p',
    async databaseId => {
      const { store, provisioner, approve, events } = await setUp(
        await databases.init(databaseId),
      );
      await approve();
      const held = gate();
      aws.lf.on(BatchGrantPermissionsCommand).callsFake(async ({ Entries }) => {
        held.reach();
        await held.opened;
        aws.order.push('grant');
        for (const e of Entries) {
          aws.grants.add(
            `${e.Principal.DataLakePrincipalIdentifier}/${e.Resource.DataCellsFilter.Name}`,
          );
        }
        return { Failures: [] };
      });
      const p = provisioner();
      const tick = p.tick();
      await held.reached;
      const provisioning = (await store.get(ID))!;
      expect(provisioning.state).toBe('provisioning');
      const revoked = await p.end(
        provisioning,
        'revoke',
        'user:default/pat',
        'not needed after all',
      );
      expect(revoked?.state).toBe('revoked');
      // the filter was recorded before it was put: the revoke removed it at once
      expect(aws.filters.size).toBe(0);
      held.open();
      await tick;
      // the grant that landed after the revoke is revoked again, and the filter deleted
      expect(aws.order).toEqual([
        'create filter',
        'revoke',
        'delete filter',
        'grant',
        'revoke',
        'delete filter',
      ]);
      expect(aws.filters.size + aws.grants.size).toBe(0);
      const after = await store.get(ID);
      expect(after).toMatchObject({ state: 'revoked' });
      expect(after?.removedAt).toBeDefined();
      expect(
        (await store.transitions(ID)).map(t => `${t.action} ${t.to}`),
      ).toEqual([
        'request pending',
        'approve approved',
        'provision provisioning',
        'revoke revoked',
      ]);
      expect(events()).toEqual(['provision provisioning', 'revoke revoked']);
    },
  );

  it.each(databases.eachSupportedId())(
    'deletes a subscriber created after the request expired under the provision, on another replica, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { store, provisioner, approve } = await setUp(knex);
      await approve(
        { accessType: 'S3', scope: 'all' },
        {
          scope: 'all',
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        },
      );
      const held = gate();
      aws.lake.on(CreateSubscriberCommand).callsFake(async () => {
        held.reach();
        await held.opened;
        aws.order.push('create subscriber');
        aws.subscribers.add('sub-1');
        return {
          subscriber: { subscriberId: 'sub-1', subscriberStatus: 'PENDING' },
        };
      });
      const first = provisioner().tick();
      await held.reached;
      // the date passes while the subscriber is being created; another replica's tick expires it
      const db = (store as any).db as Knex;
      await db('subscriber_requests')
        .where({ id: ID })
        .update({ expires_at: new Date(Date.now() - 1000).toISOString() });
      await provisioner().tick();
      expect((await store.get(ID))?.state).toBe('expired');
      held.open();
      await first;
      expect(
        aws.lake
          .commandCalls(DeleteSubscriberCommand)
          .map(c => c.args[0].input),
      ).toEqual([{ subscriberId: 'sub-1' }]);
      expect(aws.order).toEqual(['create subscriber', 'delete subscriber']);
      expect(aws.subscribers.size).toBe(0);
      const after = await store.get(ID);
      expect(after?.removedAt).toBeDefined();
      expect(after?.provisioned).toEqual([
        {
          region: 'us-east-1',
          subscriberId: 'sub-1',
          subscriberStatus: 'PENDING',
        },
      ]);
      expect(
        (await store.transitions(ID)).map(t => `${t.action} ${t.to}`),
      ).toEqual([
        'request pending',
        'approve approved',
        'provision provisioning',
        'expire expired',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps trying to remove an ended grant until Lake Formation lets it, saying why meanwhile, on %p',
    async databaseId => {
      const { store, provisioner, approve } = await setUp(
        await databases.init(databaseId),
      );
      await approve();
      const p = provisioner();
      await p.tick();
      expect(aws.filters.size).toBe(1);
      aws.lf
        .on(DeleteDataCellsFilterCommand)
        .rejectsOnce(aws.named('InternalServiceException'))
        .callsFake(async ({ Name }) => {
          aws.filters.delete(Name);
          return {};
        });
      const ended = await p.end(
        (await store.get(ID))!,
        'revoke',
        'user:default/alice',
      );
      expect(ended).toMatchObject({
        state: 'revoked',
        error:
          'Removing the access failed, trying again: InternalServiceException: InternalServiceException',
      });
      expect(ended?.removedAt).toBeUndefined();
      expect(aws.filters.size).toBe(1);
      await p.tick();
      const removed = await store.get(ID);
      expect(removed?.removedAt).toBeDefined();
      expect(removed?.error).toBeUndefined();
      expect(aws.filters.size + aws.grants.size).toBe(0);
    },
  );
});
