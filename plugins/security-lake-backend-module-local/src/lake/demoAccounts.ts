import { SecurityLakeSourceName } from '@internal/plugin-security-lake-common';

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
}

/** @internal */
export const LAKE_REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

/** @internal */
export const GENERATED_SOURCES: SecurityLakeSourceName[] = [
  'CLOUD_TRAIL_MGMT',
  'SH_FINDINGS',
  'VPC_FLOW',
  'ROUTE53',
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
    // log-archive: CloudTrail only
    accountId: '666666666666',
    regions: ['us-east-1'],
    sources: ['CLOUD_TRAIL_MGMT'],
  },
  {
    // sandbox: in the lake but in nobody's catalog
    accountId: '777777777777',
    regions: ['us-east-1'],
    sources: ['CLOUD_TRAIL_MGMT', 'VPC_FLOW'],
  },
];
