/**
 * Security Lake frontend plugin: AWS account coverage, Security Hub findings and saved queries in Backstage.
 *
 * @packageDocumentation
 */
export {
  securityLakePlugin,
  SecurityLakePage,
  EntitySecurityLakeCard,
  EntitySecurityLakeCoverageCard,
  EntitySecurityLakeQueriesContent,
  EntitySecurityLakeFindingsCard,
  EntitySecurityLakeFindingsContent,
} from './plugin';
export { securityLakeApiRef, SecurityLakeClient } from './api';
export type {
  FindingsWaitOptions,
  QueryRunFilter,
  LibraryQueryAvailability,
  LibraryQueryDetail,
  LibraryQueryList,
  SecurityLakeApi,
  SubscriberRequestAction,
} from './api';
export { isSecurityLakeAvailable } from './isSecurityLakeAvailable';
