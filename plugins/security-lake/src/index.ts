/**
 * Security Lake frontend plugin: AWS account coverage in Backstage.
 *
 * @packageDocumentation
 */
export {
  securityLakePlugin,
  SecurityLakePage,
  EntitySecurityLakeCard,
  EntitySecurityLakeCoverageCard,
} from './plugin';
export { securityLakeApiRef, SecurityLakeClient } from './api';
export type { SecurityLakeApi } from './api';
export { isSecurityLakeAvailable } from './isSecurityLakeAvailable';
