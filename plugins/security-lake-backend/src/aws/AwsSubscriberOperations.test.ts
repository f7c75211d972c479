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
  CreateSubscriberNotificationCommand,
  DeleteSubscriberCommand,
  GetSubscriberCommand,
  ListSubscribersCommand,
  SecurityLakeClient,
} from '@aws-sdk/client-securitylake';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { AwsSubscriberOperations } from './AwsSubscriberOperations';

const CATALOG = '555555555555';
const filter = (n: number) => ({
  database: 'amazon_security_lake_glue_db_us_east_1',
  table: `table_${n}`,
  name: `portal_abc_${n}`,
  rowFilter: "accountid IN ('111111111111', '222222222222')",
});

describe('AwsSubscriberOperations', () => {
  const lake = mockClient(SecurityLakeClient);
  const lf = mockClient(LakeFormationClient);
  const ops = new AwsSubscriberOperations({
    catalogId: CATALOG,
    securityLake: region => new SecurityLakeClient({ region }),
    lakeFormation: region => new LakeFormationClient({ region }),
  });
  beforeEach(() => {
    lake.reset();
    lf.reset();
  });

  it('creates a subscriber with exactly the request, and reports what Security Lake made', async () => {
    lake.on(CreateSubscriberCommand).resolves({
      subscriber: {
        subscriberId: 'sub-1',
        subscriberArn: `arn:aws:securitylake:us-east-1:${CATALOG}:subscriber/sub-1`,
        subscriberName: 'payments-analytics',
        subscriberIdentity: { principal: '999999999999', externalId: 'ext-1' },
        sources: [],
        subscriberStatus: 'PENDING',
        resourceShareArn: 'arn:aws:ram:us-east-1:555555555555:resource-share/x',
        resourceShareName: 'LakeFormation-V3-X',
      },
    });
    expect(
      await ops.createSubscriber('us-east-1', {
        name: 'payments-analytics',
        description: 'Payments analytics',
        principal: '999999999999',
        externalId: 'ext-1',
        sources: [
          { source: 'CLOUD_TRAIL_MGMT', version: '2.0' },
          { source: 'VPC_FLOW', version: '2.0' },
        ],
        accessTypes: ['LAKEFORMATION'],
        tags: { 'backstage-request-id': 'r-1' },
      }),
    ).toEqual({
      subscriberId: 'sub-1',
      subscriberArn: `arn:aws:securitylake:us-east-1:${CATALOG}:subscriber/sub-1`,
      subscriberStatus: 'PENDING',
      resourceShareArn: 'arn:aws:ram:us-east-1:555555555555:resource-share/x',
      resourceShareName: 'LakeFormation-V3-X',
    });
    expect(lake).toHaveReceivedCommandWith(CreateSubscriberCommand, {
      subscriberName: 'payments-analytics',
      subscriberDescription: 'Payments analytics',
      subscriberIdentity: { principal: '999999999999', externalId: 'ext-1' },
      sources: [
        {
          awsLogSource: {
            sourceName: 'CLOUD_TRAIL_MGMT',
            sourceVersion: '2.0',
          },
        },
        { awsLogSource: { sourceName: 'VPC_FLOW', sourceVersion: '2.0' } },
      ],
      accessTypes: ['LAKEFORMATION'],
      tags: [{ key: 'backstage-request-id', value: 'r-1' }],
    });
    expect(lake.commandCalls(CreateSubscriberCommand)[0].args[0].input).toEqual(
      {
        subscriberName: 'payments-analytics',
        subscriberDescription: 'Payments analytics',
        subscriberIdentity: { principal: '999999999999', externalId: 'ext-1' },
        sources: [
          {
            awsLogSource: {
              sourceName: 'CLOUD_TRAIL_MGMT',
              sourceVersion: '2.0',
            },
          },
          { awsLogSource: { sourceName: 'VPC_FLOW', sourceVersion: '2.0' } },
        ],
        accessTypes: ['LAKEFORMATION'],
        tags: [{ key: 'backstage-request-id', value: 'r-1' }],
      },
    );
  });

  it('asks for an SQS or HTTPS notification, deletes subscribers, and finds one by name across pages', async () => {
    lake
      .on(CreateSubscriberNotificationCommand)
      .resolves({ subscriberEndpoint: 'arn:aws:sqs:us-east-1:555555555555:q' });
    expect(
      await ops.createSubscriberNotification('us-east-1', 'sub-1', {
        type: 'SQS',
      }),
    ).toBe('arn:aws:sqs:us-east-1:555555555555:q');
    await ops.createSubscriberNotification('us-east-1', 'sub-1', {
      type: 'HTTPS',
      endpoint: 'https://hooks.example.com/lake',
      targetRoleArn: 'arn:aws:iam::999999999999:role/notify',
    });
    expect(
      lake
        .commandCalls(CreateSubscriberNotificationCommand)
        .map(c => c.args[0].input),
    ).toEqual([
      {
        subscriberId: 'sub-1',
        configuration: { sqsNotificationConfiguration: {} },
      },
      {
        subscriberId: 'sub-1',
        configuration: {
          httpsNotificationConfiguration: {
            endpoint: 'https://hooks.example.com/lake',
            targetRoleArn: 'arn:aws:iam::999999999999:role/notify',
          },
        },
      },
    ]);

    lake.on(DeleteSubscriberCommand).resolves({});
    await ops.deleteSubscriber('us-east-1', 'sub-1');
    expect(lake.commandCalls(DeleteSubscriberCommand)[0].args[0].input).toEqual(
      {
        subscriberId: 'sub-1',
      },
    );
    const gone = Object.assign(new Error('no such subscriber'), {
      name: 'ResourceNotFoundException',
    });
    lake.on(DeleteSubscriberCommand).rejects(gone);
    await expect(
      ops.deleteSubscriber('us-east-1', 'sub-2'),
    ).resolves.toBeUndefined();
    lake.on(GetSubscriberCommand).rejects(gone);
    expect(await ops.getSubscriber('us-east-1', 'sub-2')).toBeUndefined();

    lake
      .on(ListSubscribersCommand)
      .resolvesOnce({
        subscribers: [
          {
            subscriberId: 'a',
            subscriberArn: 'arn:a',
            subscriberName: 'other',
            subscriberIdentity: undefined as any,
            sources: [],
          },
        ],
        nextToken: 'p2',
      })
      .resolvesOnce({
        subscribers: [
          {
            subscriberId: 'b',
            subscriberArn: 'arn:b',
            subscriberName: 'payments-analytics',
            subscriberStatus: 'ACTIVE',
            subscriberIdentity: undefined as any,
            sources: [],
          },
        ],
      });
    expect(await ops.findSubscriber('us-east-1', 'payments-analytics')).toEqual(
      {
        subscriberId: 'b',
        subscriberArn: 'arn:b',
        subscriberStatus: 'ACTIVE',
      },
    );
  });

  it('creates each data cells filter on the lake catalog, and updates one that exists', async () => {
    lf.on(CreateDataCellsFilterCommand)
      .resolvesOnce({})
      .rejectsOnce(
        Object.assign(new Error('exists'), { name: 'AlreadyExistsException' }),
      );
    lf.on(UpdateDataCellsFilterCommand).resolves({});
    await ops.putDataCellsFilter('us-east-1', filter(1));
    await ops.putDataCellsFilter('us-east-1', filter(2));
    const tableData = (n: number) => ({
      TableData: {
        TableCatalogId: CATALOG,
        DatabaseName: 'amazon_security_lake_glue_db_us_east_1',
        TableName: `table_${n}`,
        Name: `portal_abc_${n}`,
        RowFilter: {
          FilterExpression: "accountid IN ('111111111111', '222222222222')",
        },
        ColumnWildcard: {},
      },
    });
    expect(
      lf.commandCalls(CreateDataCellsFilterCommand).map(c => c.args[0].input),
    ).toEqual([tableData(1), tableData(2)]);
    expect(
      lf.commandCalls(UpdateDataCellsFilterCommand).map(c => c.args[0].input),
    ).toEqual([tableData(2)]);

    lf.on(DeleteDataCellsFilterCommand).resolves({});
    await ops.deleteDataCellsFilter('us-east-1', filter(1));
    expect(
      lf.commandCalls(DeleteDataCellsFilterCommand)[0].args[0].input,
    ).toEqual({
      TableCatalogId: CATALOG,
      DatabaseName: 'amazon_security_lake_glue_db_us_east_1',
      TableName: 'table_1',
      Name: 'portal_abc_1',
    });
  });

  it('grants and revokes SELECT on the filters to the account, 20 entries a call, and fails on a refused entry', async () => {
    lf.on(BatchGrantPermissionsCommand).resolves({ Failures: [] });
    lf.on(BatchRevokePermissionsCommand).resolves({ Failures: [] });
    const filters = Array.from({ length: 21 }, (_, i) => filter(i + 1));
    await ops.grantFilterSelect('us-east-1', '999999999999', filters);
    await ops.revokeFilterSelect(
      'us-east-1',
      '999999999999',
      filters.slice(0, 1),
    );
    const entry = (n: number) => ({
      Id: String(n),
      Principal: { DataLakePrincipalIdentifier: '999999999999' },
      Resource: {
        DataCellsFilter: {
          TableCatalogId: CATALOG,
          DatabaseName: 'amazon_security_lake_glue_db_us_east_1',
          TableName: `table_${n}`,
          Name: `portal_abc_${n}`,
        },
      },
      Permissions: ['SELECT'],
      PermissionsWithGrantOption: [],
    });
    expect(
      lf.commandCalls(BatchGrantPermissionsCommand).map(c => c.args[0].input),
    ).toEqual([
      {
        CatalogId: CATALOG,
        Entries: Array.from({ length: 20 }, (_, i) => entry(i + 1)),
      },
      { CatalogId: CATALOG, Entries: [entry(21)] },
    ]);
    expect(
      lf.commandCalls(BatchRevokePermissionsCommand).map(c => c.args[0].input),
    ).toEqual([{ CatalogId: CATALOG, Entries: [entry(1)] }]);

    lf.on(BatchGrantPermissionsCommand).resolves({
      Failures: [
        {
          RequestEntry: entry(1) as any,
          Error: { ErrorCode: 'AccessDeniedException', ErrorMessage: 'no' },
        },
      ],
    });
    await expect(
      ops.grantFilterSelect('us-east-1', '999999999999', [filter(1)]),
    ).rejects.toThrow(
      'Granting SELECT failed for 1 filter: portal_abc_1: AccessDeniedException no',
    );
  });
});
