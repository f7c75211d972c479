import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { LibraryQuery } from '@internal/plugin-security-lake-common';
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

/**
 * Lets a backend module add an organisation's own curated queries to the library, beside the built-in ones
 * (`LIBRARY_QUERIES`): listed, run, saved as team queries and scoped exactly like them.
 *
 * @public
 */
export interface SecurityLakeQueryLibraryExtensionPoint {
  /**
   * Adds queries to the library. Each is checked as the built-in ones are (`checkLibraryQuery`: valid Trino,
   * bounded by the run's window and accounts, every value bound); a query with a problem, or with an id the
   * library already has, stops the backend with the query and the problem named.
   */
  addQueries(...queries: LibraryQuery[]): void;
}

/**
 * The extension point through which a module adds curated queries.
 *
 * @public
 */
export const securityLakeQueryLibraryExtensionPoint =
  createExtensionPoint<SecurityLakeQueryLibraryExtensionPoint>({
    id: 'security-lake.query-library',
  });
