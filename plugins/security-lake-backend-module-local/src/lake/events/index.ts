/**
 * Builders of OCSF 1.1.0 (source version 2) events in the shape of the Security Lake tables, a file a
 * source. Each takes a seeded random source so the sample lake is the same on every machine.
 */
export type { EventContext, Random } from './common';
export { instanceArn, seededRandom, workloadInstances } from './common';
export { cloudTrailEvent } from './cloudTrail';
export { toCloudTrailV1 } from './cloudTrailV1';
export type { FindingSeed } from './findings';
export { newFindingSeed, securityHubFinding } from './findings';
export { route53Event, vpcFlowEvent } from './network';
export {
  LAMBDA_FUNCTIONS,
  S3_BUCKETS,
  lambdaExecutionEvent,
  s3DataEvent,
} from './dataEvents';
export { eksAuditEvent } from './eks';
export { wafEvent } from './waf';
export { OKTA_SIGN_IN_COLUMNS, oktaSignInEvent } from './okta';
