import {
  securityLakeDatabaseName,
  securityLakeTableName,
} from '@internal/plugin-security-lake-common';

/** The names both ad-hoc corpora write their statements with. */
export const REGION = 'us-east-1';
export const DB = securityLakeDatabaseName(REGION);
export const CT = securityLakeTableName(REGION, 'CLOUD_TRAIL_MGMT', '2.0');
export const CT_V1 = securityLakeTableName(REGION, 'CLOUD_TRAIL_MGMT', '1.0');
export const FLOW = securityLakeTableName(REGION, 'VPC_FLOW', '2.0');
export const SH = securityLakeTableName(REGION, 'SH_FINDINGS', '2.0');
/** payments-dev: CloudTrail, findings and flows in us-east-1; the lake also holds six other accounts. */
export const MINE = '222222222222';
export const OTHER = '333333333333';
/** What a scoped statement selects, so that each row's account and time can be checked. */
export const ROW = 'accountid, to_unixtime(time_dt) AS t';
