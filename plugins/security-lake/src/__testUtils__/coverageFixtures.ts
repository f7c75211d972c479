import {
  CoverageAccountResponse,
  CoverageListResponse,
} from '@internal/plugin-security-lake-common';

const week = (n: number) => [n, n, n, n, n, n, n];

export const coverageList: CoverageListResponse = {
  items: [
    {
      accountId: '111122223333',
      title: 'Payments production',
      owners: ['group:default/payments'],
      entityRefs: ['resource:default/payments-prod'],
      inCatalog: true,
      sources: {
        CLOUD_TRAIL_MGMT: {
          health: 'healthy',
          regionCount: 2,
          healthyRegions: 2,
          lastEventAt: '2024-05-01T09:30:00.000Z',
          volume: week(120),
          exceptionCount: 0,
        },
        VPC_FLOW: {
          health: 'stale',
          regionCount: 2,
          healthyRegions: 1,
          lastEventAt: '2024-05-01T09:00:00.000Z',
          volume: [90, 80, 70, 40, 0, 0, 0],
          exceptionCount: 0,
        },
        'ext:okta_sso': {
          health: 'healthy',
          regionCount: 1,
          healthyRegions: 1,
          lastEventAt: '2024-05-01T09:45:00.000Z',
          volume: week(12),
          exceptionCount: 0,
        },
      },
    },
    {
      accountId: '444455556666',
      owners: [],
      entityRefs: [],
      inCatalog: false,
      sources: {
        CLOUD_TRAIL_MGMT: {
          health: 'misconfigured',
          regionCount: 1,
          healthyRegions: 0,
          volume: week(0),
          exceptionCount: 1,
        },
      },
    },
  ],
  summary: {
    accounts: 2,
    byHealth: {
      healthy: 1,
      stale: 1,
      misconfigured: 1,
      not_collecting: 0,
      absent: 3,
    },
    bySource: {
      CLOUD_TRAIL_MGMT: {
        healthy: 1,
        stale: 0,
        misconfigured: 1,
        not_collecting: 0,
        absent: 0,
      },
      VPC_FLOW: {
        healthy: 0,
        stale: 1,
        misconfigured: 0,
        not_collecting: 0,
        absent: 1,
      },
      'ext:okta_sso': {
        healthy: 0,
        stale: 0,
        misconfigured: 0,
        not_collecting: 0,
        absent: 2,
      },
    },
  },
  sources: [
    {
      key: 'CLOUD_TRAIL_MGMT',
      kind: 'native',
      name: 'CLOUD_TRAIL_MGMT',
      title: 'CloudTrail management events',
    },
    {
      key: 'VPC_FLOW',
      kind: 'native',
      name: 'VPC_FLOW',
      title: 'VPC Flow Logs',
    },
    {
      key: 'ext:okta_sso',
      kind: 'custom',
      name: 'okta_sso',
      title: 'okta_sso (custom)',
    },
  ],
  regions: ['eu-west-1', 'us-east-1'],
  volumeEndDay: '2024-05-01',
  regionExceptions: [
    {
      region: 'eu-west-1',
      exception: 'The Glue crawler failed once',
      remediation: 'Raise the Glue API quota if it repeats.',
    },
  ],
  refresh: {
    refreshedAt: '2024-05-01T10:00:00.000Z',
    lastAttemptAt: '2024-05-01T10:00:00.000Z',
    lastAttemptStatus: 'succeeded',
  },
};

export const accountCoverage: CoverageAccountResponse = {
  account: coverageList.items[1],
  cells: [
    {
      region: 'us-east-1',
      source: 'CLOUD_TRAIL_MGMT',
      version: '2.0',
      health: 'misconfigured',
      status: 'MISCONFIGURED',
      volume: week(0),
      exceptions: [
        {
          region: 'us-east-1',
          exception: 'CLOUD_TRAIL_MGMT for account 444455556666: AccessDenied',
          remediation: 'Give the delivery role s3:PutObject on the bucket.',
          timestamp: '2024-05-01T08:00:00.000Z',
        },
      ],
    },
  ],
  sources: coverageList.sources,
  regions: coverageList.regions,
  volumeEndDay: '2024-05-01',
  refresh: coverageList.refresh,
};
