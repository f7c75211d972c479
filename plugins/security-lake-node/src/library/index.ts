import { SavedQuery } from '@internal/plugin-security-lake-common';
import { CLOUDTRAIL_QUERIES } from './cloudTrail';
import { EKS_AUDIT_QUERIES } from './eksAudit';
import { LAMBDA_QUERIES } from './lambda';
import { ROUTE53_QUERIES } from './route53';
import { S3_DATA_QUERIES } from './s3Data';
import { SECURITY_HUB_QUERIES } from './securityHub';
import { VPC_FLOW_QUERIES } from './vpcFlow';
import { WAF_QUERIES } from './waf';

export { checkLibraryQuery } from './checkLibraryQuery';
export type { LibraryQueryProblem } from './checkLibraryQuery';
export { renderSavedQuery, renderTableBounds } from './renderSavedQuery';
export type { RenderInput, RenderedQuery } from './renderSavedQuery';
export { V1_WINDOW, V2_WINDOW } from './window';
export {
  DAILY_FINDINGS_QUERY,
  dayOf,
  LATEST_FINDINGS_QUERY,
  recordFromRow,
} from './findings';

/**
 * The saved queries the portal ships: for every source, what a security team asks of it first. Each runs
 * unchanged on Athena and the local DuckDB engine, bounded by the run's time window and accounts, with
 * every value bound.
 *
 * @public
 */
export const SAVED_QUERY_LIBRARY: readonly SavedQuery[] = [
  ...CLOUDTRAIL_QUERIES,
  ...SECURITY_HUB_QUERIES,
  ...VPC_FLOW_QUERIES,
  ...ROUTE53_QUERIES,
  ...S3_DATA_QUERIES,
  ...WAF_QUERIES,
  ...LAMBDA_QUERIES,
  ...EKS_AUDIT_QUERIES,
];

const BY_ID = new Map(SAVED_QUERY_LIBRARY.map(q => [q.id, q]));

/**
 * A query of the library by its id, or undefined.
 *
 * @public
 */
export function getSavedQuery(id: string): SavedQuery | undefined {
  return BY_ID.get(id);
}
