import { LibraryQuery } from '@internal/plugin-security-lake-common';
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
export { renderLibraryQuery, renderTableBounds } from './renderLibraryQuery';
export type { RenderInput, RenderedQuery } from './renderLibraryQuery';
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
export const LIBRARY_QUERIES: readonly LibraryQuery[] = [
  ...CLOUDTRAIL_QUERIES,
  ...SECURITY_HUB_QUERIES,
  ...VPC_FLOW_QUERIES,
  ...ROUTE53_QUERIES,
  ...S3_DATA_QUERIES,
  ...WAF_QUERIES,
  ...LAMBDA_QUERIES,
  ...EKS_AUDIT_QUERIES,
];

const BY_ID = new Map(LIBRARY_QUERIES.map(q => [q.id, q]));

/**
 * A query of the library by its id, or undefined.
 *
 * @public
 */
export function getLibraryQuery(id: string): LibraryQuery | undefined {
  return BY_ID.get(id);
}
