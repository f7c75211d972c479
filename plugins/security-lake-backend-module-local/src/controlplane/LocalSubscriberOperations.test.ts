import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { LocalSubscriberOperations } from './LocalSubscriberOperations';

describe('LocalSubscriberOperations', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('keeps subscribers in the database, PENDING for a while and then ACTIVE, with the shapes AWS gives', async () => {
    const knex = await databases.init('SQLITE_3');
    const database = mockServices.database({ knex });
    const ops = new LocalSubscriberOperations({
      database,
      catalogId: '555555555555',
      activationSeconds: 0.3,
    });
    const created = await ops.createSubscriber('us-east-1', {
      name: 'payments-analytics',
      principal: '999999999999',
      externalId: 'ext-1',
      sources: [{ source: 'CLOUD_TRAIL_MGMT', version: '2.0' }],
      accessTypes: ['LAKEFORMATION'],
    });
    expect(created).toMatchObject({
      subscriberArn: `arn:aws:securitylake:us-east-1:555555555555:subscriber/${created.subscriberId}`,
      subscriberStatus: 'PENDING',
      resourceShareArn: expect.stringMatching(
        /^arn:aws:ram:us-east-1:555555555555:resource-share\//,
      ),
    });
    // another instance over the same database (a restart, another replica) finds it by name
    const again = new LocalSubscriberOperations({
      database,
      catalogId: '555555555555',
      activationSeconds: 0.3,
    });
    expect(
      (await again.findSubscriber('us-east-1', 'payments-analytics'))
        ?.subscriberId,
    ).toBe(created.subscriberId);
    await new Promise(r => setTimeout(r, 350));
    expect(
      (await again.getSubscriber('us-east-1', created.subscriberId))
        ?.subscriberStatus,
    ).toBe('ACTIVE');
    await again.deleteSubscriber('us-east-1', created.subscriberId);
    expect(
      await ops.getSubscriber('us-east-1', created.subscriberId),
    ).toBeUndefined();

    const s3 = await ops.createSubscriber('eu-west-1', {
      name: 'raw',
      principal: '999999999999',
      externalId: 'ext-1',
      sources: [{ source: 'VPC_FLOW', version: '2.0' }],
      accessTypes: ['S3'],
    });
    expect(
      await ops.createSubscriberNotification('eu-west-1', s3.subscriberId, {
        type: 'SQS',
      }),
    ).toBe(
      `arn:aws:sqs:eu-west-1:555555555555:AmazonSecurityLake-${s3.subscriberId}-Main-Queue`,
    );
    expect(await ops.getSubscriber('eu-west-1', s3.subscriberId)).toMatchObject(
      {
        roleArn: expect.stringMatching(/^arn:aws:iam::555555555555:role\//),
        s3BucketArn: expect.stringMatching(
          /^arn:aws:s3:::aws-security-data-lake-eu-west-1-/,
        ),
        subscriberEndpoint: expect.stringMatching(/^arn:aws:sqs:/),
      },
    );

    const filter = {
      database: 'amazon_security_lake_glue_db_us_east_1',
      table: 'amazon_security_lake_table_us_east_1_vpc_flow_2_0',
      name: 'portal_x_vpc_flow_2_0',
      rowFilter: "accountid IN ('111111111111')",
    };
    await ops.putDataCellsFilter('us-east-1', filter);
    await ops.putDataCellsFilter('us-east-1', {
      ...filter,
      rowFilter: "accountid IN ('111111111111', '222222222222')",
    });
    await ops.grantFilterSelect('us-east-1', '999999999999', [filter]);
    await ops.grantFilterSelect('us-east-1', '999999999999', [filter]);
    expect(await knex('local_data_cells_filters').select('row_filter')).toEqual(
      [{ row_filter: "accountid IN ('111111111111', '222222222222')" }],
    );
    expect(await knex('local_lake_formation_grants').count('* as n')).toEqual([
      { n: 1 },
    ]);
    await ops.revokeFilterSelect('us-east-1', '999999999999', [filter]);
    await ops.deleteDataCellsFilter('us-east-1', filter);
    expect(await knex('local_lake_formation_grants').count('* as n')).toEqual([
      { n: 0 },
    ]);
    expect(await knex('local_data_cells_filters').count('* as n')).toEqual([
      { n: 0 },
    ]);
  });
});
