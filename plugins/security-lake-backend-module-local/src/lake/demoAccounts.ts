import {
  SecurityLakeSourceName,
  SecurityLakeSourceVersion,
} from '@internal/plugin-security-lake-common';

/**
 * One account of the sample lake: where it collects what, and when its data stops.
 *
 * @internal
 */
export interface LakeAccountPlan {
  accountId: string;
  regions: string[];
  sources: SecurityLakeSourceName[];
  /** Sources left out in one region, to show a coverage gap. */
  missing?: { region: string; source: SecurityLakeSourceName }[];
  /** Days before the end date on which this account's data stops arriving. */
  staleDays?: number;
  /** Sources still written in an older source version; the rest are `2.0`. */
  sourceVersions?: Partial<
    Record<SecurityLakeSourceName, SecurityLakeSourceVersion>
  >;
}

/** @internal */
export const LAKE_REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

/** @internal */
export const GENERATED_SOURCES: SecurityLakeSourceName[] = [
  'CLOUD_TRAIL_MGMT',
  'SH_FINDINGS',
  'VPC_FLOW',
  'ROUTE53',
  'S3_DATA',
  'WAF',
  'LAMBDA_EXECUTION',
  'EKS_AUDIT',
];

/**
 * The accounts of the demo organisation. Their ids are the ones the demo catalog (`examples/`) annotates,
 * so ownership in the portal lines up with the data in the lake.
 *
 * @internal
 */
export const DEMO_ACCOUNTS: LakeAccountPlan[] = [
  {
    // payments-prod: everything, two regions
    accountId: '111111111111',
    regions: ['us-east-1', 'eu-west-1'],
    sources: GENERATED_SOURCES,
  },
  {
    // payments-dev: no Route 53 anywhere
    accountId: '222222222222',
    regions: ['us-east-1'],
    sources: ['CLOUD_TRAIL_MGMT', 'SH_FINDINGS', 'VPC_FLOW'],
  },
  {
    // checkout-prod: three regions, Route 53 missing in Sydney
    accountId: '333333333333',
    regions: LAKE_REGIONS,
    sources: GENERATED_SOURCES,
    missing: [{ region: 'ap-southeast-2', source: 'ROUTE53' }],
  },
  {
    // checkout-dev: data stopped six days ago
    accountId: '444444444444',
    regions: ['eu-west-1'],
    sources: GENERATED_SOURCES,
    staleDays: 6,
  },
  {
    // security-tooling: the delegated administrator
    accountId: '555555555555',
    regions: LAKE_REGIONS,
    sources: GENERATED_SOURCES,
  },
  {
    // log-archive: CloudTrail only, still in source version 1 (the tables of an older Security Lake setup)
    accountId: '666666666666',
    regions: ['us-east-1'],
    sources: ['CLOUD_TRAIL_MGMT'],
    sourceVersions: { CLOUD_TRAIL_MGMT: '1.0' },
  },
  {
    // sandbox: in the lake but in nobody's catalog
    accountId: '777777777777',
    regions: ['us-east-1'],
    sources: ['CLOUD_TRAIL_MGMT', 'VPC_FLOW'],
  },
];

/**
 * A custom source (a third party's OCSF data, `ext/<name>/` in the bucket) collected for one account.
 *
 * @internal
 */
export interface CustomSourcePlan {
  accountId: string;
  region: string;
  name: string;
  version: string;
}

/** payments-prod sends its Okta sign-ins as a custom source. @internal */
export const DEMO_CUSTOM_SOURCES: CustomSourcePlan[] = [
  {
    accountId: '111111111111',
    region: 'us-east-1',
    name: 'okta_sso',
    version: '1.0',
  },
];

/**
 * What the local control plane reports beyond the folders: a source configured but not collecting, a
 * misconfigured one, and the data lake exceptions with their remediation. Written beside the lake as
 * `control-plane.json`.
 *
 * @internal
 */
export function demoControlPlaneState(end: Date) {
  const hoursAgo = (h: number) =>
    new Date(end.getTime() - h * 3_600_000).toISOString();
  return {
    configured: [
      // log-archive turned CloudTrail on in Ireland, and nothing arrives
      {
        accountId: '666666666666',
        region: 'eu-west-1',
        source: 'CLOUD_TRAIL_MGMT',
        version: '2.0',
      },
    ],
    statuses: [
      {
        accountId: '666666666666',
        region: 'eu-west-1',
        source: 'CLOUD_TRAIL_MGMT',
        status: 'NOT_COLLECTING',
      },
      // checkout-prod's flow logs in Sydney cannot be delivered
      {
        accountId: '333333333333',
        region: 'ap-southeast-2',
        source: 'VPC_FLOW',
        status: 'MISCONFIGURED',
      },
    ],
    exceptions: [
      {
        region: 'ap-southeast-2',
        exception:
          'VPC_FLOW for account 333333333333: the flow log delivery role cannot write to the Security Lake bucket (AccessDenied)',
        remediation:
          'Give the role AmazonSecurityLakeMetaStoreManager s3:PutObject on the Security Lake bucket of ap-southeast-2, or recreate the VPC flow log source for the account.',
        timestamp: hoursAgo(2),
      },
      {
        region: 'eu-west-1',
        exception:
          'The Glue crawler of the data lake in eu-west-1 failed once: throttled by AWS Glue',
        remediation:
          'No action needed if it does not repeat; otherwise raise the Glue API quota for the delegated administrator account.',
        timestamp: hoursAgo(30),
      },
    ],
  };
}
