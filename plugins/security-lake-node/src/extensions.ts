import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { ControlPlane } from './ControlPlane';
import { QueryEngine } from './QueryEngine';

/**
 * Lets a backend module supply the query engine and the Security Lake control plane, as search engines
 * plug into the search backend. The backend plugin uses Athena and the Security Lake API from its own
 * configuration for whichever one no module sets.
 *
 * @public
 */
export interface SecurityLakeEnginesExtensionPoint {
  /** Sets the engine that runs SQL over the Security Lake tables. At most one module may set it. */
  setQueryEngine(engine: QueryEngine): void;
  /** Sets the control plane that answers Security Lake API calls. At most one module may set it. */
  setControlPlane(controlPlane: ControlPlane): void;
}

/**
 * The extension point through which a module sets the query engine and control plane.
 *
 * @public
 */
export const securityLakeEnginesExtensionPoint =
  createExtensionPoint<SecurityLakeEnginesExtensionPoint>({
    id: 'security-lake.engines',
  });
