import {
  SubscriberRequest,
  SubscriberRequestDetail,
  SubscriberRequestList,
  SubscriberRowFilter,
} from '@internal/plugin-security-lake-common';

/** The data cells filter of request sr-1 on CloudTrail in one region, as the server puts it. */
export function cloudTrailFilter(
  region: string,
  rowFilter: string,
): SubscriberRowFilter {
  const r = region.replace(/-/g, '_');
  return {
    region,
    database: `amazon_security_lake_glue_db_${r}`,
    table: `amazon_security_lake_table_${r}_cloud_trail_mgmt_2_0`,
    name: 'portal_sr1_cloud_trail_mgmt_2_0',
    rowFilter,
  };
}

/** A team-scoped query request by the payments team, waiting for an approver. */
export const pendingRequest: SubscriberRequestDetail = {
  id: 'sr-1',
  subscriberName: 'payments-analytics',
  principal: '999988887777',
  externalId: 'ext-payments-1',
  ownerRef: 'group:default/payments',
  accountIds: ['111122223333'],
  sources: [{ source: 'CLOUD_TRAIL_MGMT', version: '2.0' }],
  regions: ['us-east-1'],
  accessType: 'LAKEFORMATION',
  scope: 'team',
  justification: 'Fraud analytics over our own CloudTrail',
  state: 'pending',
  requestedBy: 'user:default/jane',
  createdAt: '2024-05-01T10:00:00.000Z',
  updatedAt: '2024-05-01T10:00:00.000Z',
  exposes: "Only the payments team's accounts: 111122223333",
  provisioned: [],
  rowFilters: [cloudTrailFilter('us-east-1', "accountid IN ('111122223333')")],
  transitions: [
    {
      to: 'pending',
      action: 'request',
      by: 'user:default/jane',
      at: '2024-05-01T10:00:00.000Z',
    },
  ],
  actions: ['approve', 'reject'],
};

/** The same request once approved, while the portal provisions it. */
export const provisioningRequest: SubscriberRequestDetail = {
  ...pendingRequest,
  state: 'provisioning',
  updatedAt: '2024-05-01T10:05:00.000Z',
  transitions: [
    ...pendingRequest.transitions,
    {
      from: 'pending',
      to: 'approved',
      action: 'approve',
      by: 'user:default/carol',
      at: '2024-05-01T10:05:00.000Z',
      comment: 'Team scope is fine',
    },
    {
      from: 'approved',
      to: 'provisioning',
      action: 'provision',
      by: 'security-lake',
      at: '2024-05-01T10:05:01.000Z',
    },
  ],
  actions: [],
};

/** Provisioned: the data cells filter, and what the requester does next. */
export const activeRequest: SubscriberRequestDetail = {
  ...provisioningRequest,
  state: 'active',
  updatedAt: '2024-05-01T10:05:30.000Z',
  provisioned: [
    {
      region: 'us-east-1',
      resourceShareArn: 'arn:aws:ram:us-east-1:123456789012:resource-share/abc',
      resourceShareName: 'LakeFormation-V3-payments-analytics',
      dataCellsFilters: [
        {
          database: 'amazon_security_lake_glue_db_us_east_1',
          table: 'amazon_security_lake_table_us_east_1_cloud_trail_mgmt_2_0',
          name: 'portal_sr1_cloud_trail_mgmt_2_0',
          rowFilter: "accountid IN ('111122223333')",
        },
      ],
    },
  ],
  grantedAccountIds: ['111122223333'],
  uncoveredAccountIds: [],
  transitions: [
    ...provisioningRequest.transitions,
    {
      from: 'provisioning',
      to: 'active',
      action: 'provisioned',
      by: 'security-lake',
      at: '2024-05-01T10:05:30.000Z',
    },
  ],
  guidedFinish: {
    accessType: 'LAKEFORMATION',
    steps: [
      {
        title: 'Accept the resource share',
        description: 'In account 999988887777, accept the AWS RAM share.',
        commands:
          'aws ram accept-resource-share-invitation --resource-share-invitation-arn arn:aws:ram:us-east-1:123456789012:resource-share-invitation/abc',
      },
      {
        title: 'Create a resource link',
        description: 'Link the shared table into a database of your own.',
        commands:
          'aws glue create-table --database-name payments_sl --table-input file://link.json',
      },
    ],
    cloudFormation:
      'Resources:\n  SecurityLakeLink:\n    Type: AWS::Glue::Database',
  },
  actions: ['revoke'],
};

/** Active, while the team has gained an account in the catalog that the grant does not cover. */
export const extensibleRequest: SubscriberRequestDetail = {
  ...activeRequest,
  id: 'sr-4',
  uncoveredAccountIds: ['222233334444'],
  actions: ['revoke', 'extend'],
};

/** A whole-source S3 subscriber whose provisioning failed. */
export const failedRequest: SubscriberRequestDetail = {
  ...pendingRequest,
  id: 'sr-2',
  subscriberName: 'siem-export',
  principal: '555566667777',
  accessType: 'S3',
  scope: 'all',
  sources: [
    { source: 'CLOUD_TRAIL_MGMT', version: '2.0' },
    { source: 'VPC_FLOW', version: '2.0' },
  ],
  regions: ['us-east-1', 'eu-west-1'],
  notification: { type: 'SQS' },
  rowFilters: undefined,
  state: 'failed',
  error: 'AccessDeniedException: not the delegated administrator',
  exposes: 'Every account in the organisation, for these sources',
  actions: ['retry', 'revoke'],
};

/** The requests as the list carries them: without history or actions. */
export function summaryOf(detail: SubscriberRequestDetail): SubscriberRequest {
  const {
    transitions: _transitions,
    guidedFinish: _guidedFinish,
    actions: _actions,
    ...request
  } = detail;
  return request;
}

/** Three requests of the list: pending, another team's active one, a failed S3 subscriber. */
export const subscriberRequestList: SubscriberRequestList = {
  items: [
    summaryOf(pendingRequest),
    {
      ...summaryOf(activeRequest),
      id: 'sr-3',
      subscriberName: 'checkout-dashboards',
      ownerRef: 'group:default/checkout',
      requestedBy: 'user:default/bob',
    },
    summaryOf(failedRequest),
  ],
};
