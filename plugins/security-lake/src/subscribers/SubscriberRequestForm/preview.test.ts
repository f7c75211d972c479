import { SubscriberRequestInput } from '@internal/plugin-security-lake-common';
import { previewOf } from './preview';

const input: SubscriberRequestInput = {
  subscriberName: 'payments-analytics',
  principal: '999988887777',
  externalId: 'ext-1',
  ownerRef: 'group:default/payments',
  accountIds: ['111122223333', '222233334444'],
  sources: [
    { source: 'CLOUD_TRAIL_MGMT', version: '2.0' },
    { source: 'VPC_FLOW', version: '1.0' },
  ],
  regions: ['us-east-1', 'eu-west-1'],
  accessType: 'LAKEFORMATION',
  scope: 'team',
  justification: 'Fraud analytics',
};

describe('previewOf', () => {
  it("filters every table of the chosen sources and regions to the team's accounts", () => {
    const preview = previewOf(input);
    expect(preview.summary).toBe(
      "Lake Formation data cells filters `accountid IN ('111122223333', '222233334444')` on 4 tables, SELECT granted to account 999988887777.",
    );
    expect(preview.wholeSources).toBe(false);
    expect(preview.exposes).toBe(
      "Only the payments team's accounts: 111122223333 and 222233334444.",
    );
    expect(preview.tables).toEqual([
      'amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0',
      'amazon_security_lake_table_us_east_1_vpc_flow_1_0',
      'amazon_security_lake_table_eu_west_1_cloud_trail_mgmt_2_0',
      'amazon_security_lake_table_eu_west_1_vpc_flow_1_0',
    ]);
  });

  it('skips a region that is not one instead of failing', () => {
    expect(previewOf({ ...input, regions: ['mars-1'] }).tables).toEqual([]);
  });

  it("says a whole-source subscriber exposes every account's data", () => {
    const preview = previewOf({ ...input, scope: 'all' });
    expect(preview.summary).toBe(
      "A Security Lake subscriber named “payments-analytics” in us-east-1 and eu-west-1 for CloudTrail management events 2.0 and VPC Flow Logs 1.0, with query access (Lake Formation) for 999988887777, exposing every account's data in these sources.",
    );
    expect(preview.wholeSources).toBe(true);
    expect(preview.tables).toEqual([]);
  });

  it('treats S3 access as whole sources, with its notification', () => {
    const s3 = { ...input, accessType: 'S3' as const, scope: undefined };
    expect(previewOf(s3).summary).toContain('with data access (S3) for');
    expect(previewOf(s3).details[0]).toBe(
      'No notification: the subscriber lists the bucket to find new objects.',
    );
    expect(previewOf({ ...s3, notification: { type: 'SQS' } }).details[0]).toBe(
      'Security Lake creates an SQS queue that is told of every new object.',
    );
    expect(
      previewOf({
        ...s3,
        notification: {
          type: 'HTTPS',
          endpoint: 'https://siem.example.com/in',
          targetRoleArn: 'arn:aws:iam::999988887777:role/notify',
        },
      }).details[0],
    ).toBe(
      'Security Lake notifies https://siem.example.com/in of every new object, as role arn:aws:iam::999988887777:role/notify.',
    );
  });
});
