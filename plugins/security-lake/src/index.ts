/**
 * Security Lake frontend plugin: AWS account coverage and saved queries in Backstage.
 *
 * @packageDocumentation
 */
export {
  securityLakePlugin,
  SecurityLakePage,
  EntitySecurityLakeCard,
  EntitySecurityLakeCoverageCard,
  EntitySecurityLakeQueriesContent,
} from './plugin';
export { securityLakeApiRef, SecurityLakeClient } from './api';
export type {
  QueryRunFilter,
  SavedQueryAvailability,
  SavedQueryDetail,
  SavedQueryListResponse,
  SecurityLakeApi,
} from './api';
export { isSecurityLakeAvailable } from './isSecurityLakeAvailable';
