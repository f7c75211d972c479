import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { securityLakeApiRef, SecurityLakeClient } from './api';
import { rootRouteRef } from './routes';

/**
 * The Security Lake plugin for the legacy frontend system.
 *
 * @public
 */
export const securityLakePlugin = createPlugin({
  id: 'security-lake',
  apis: [
    createApiFactory({
      api: securityLakeApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecurityLakeClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The Security Lake page: AWS accounts the caller may see and their lake coverage.
 *
 * @public
 */
export const SecurityLakePage: () => JSX.Element = securityLakePlugin.provide(
  createRoutableExtension({
    name: 'SecurityLakePage',
    component: () =>
      import('./page/SecurityLakePage').then(m => m.SecurityLakePage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * Entity card listing the AWS accounts linked to the current entity.
 *
 * @public
 */
export const EntitySecurityLakeCard: () => JSX.Element =
  securityLakePlugin.provide(
    createComponentExtension({
      name: 'EntitySecurityLakeCard',
      component: {
        lazy: () =>
          import('./accounts/EntitySecurityLakeCard').then(
            m => m.EntitySecurityLakeCard,
          ),
      },
    }),
  );

/**
 * Entity card with the coverage of the AWS accounts linked to the current entity: sources per region,
 * freshness, volume and gaps.
 *
 * @public
 */
export const EntitySecurityLakeCoverageCard: () => JSX.Element =
  securityLakePlugin.provide(
    createComponentExtension({
      name: 'EntitySecurityLakeCoverageCard',
      component: {
        lazy: () =>
          import('./coverage/EntityCoverageCard').then(
            m => m.EntityCoverageCard,
          ),
      },
    }),
  );

/**
 * Entity page content with the saved-query library, run for the AWS accounts linked to the current entity,
 * and the runs started from its page.
 *
 * @public
 */
export const EntitySecurityLakeQueriesContent: () => JSX.Element =
  securityLakePlugin.provide(
    // a component, not a routable extension: it sits in an EntityLayout.Route, and the plugin's route
    // ref belongs to the page
    createComponentExtension({
      name: 'EntitySecurityLakeQueriesContent',
      component: {
        lazy: () =>
          import('./queries/EntityQueriesContent').then(
            m => m.EntityQueriesContent,
          ),
      },
    }),
  );

/**
 * Entity card with the Security Hub findings of the AWS accounts linked to the current entity, by
 * severity, each count linking to the Security Lake page's findings tab filtered to it.
 *
 * @public
 */
export const EntitySecurityLakeFindingsCard: (props: {
  /** How often to ask again while findings are read from the lake. */
  pollMs?: number;
}) => JSX.Element = securityLakePlugin.provide(
  createComponentExtension({
    name: 'EntitySecurityLakeFindingsCard',
    component: {
      lazy: () =>
        import('./findings/EntityFindingsCard').then(m => m.EntityFindingsCard),
    },
  }),
);

/**
 * Entity page content with the Security Hub findings of the AWS accounts linked to the current entity:
 * counts, trend, filters, the list and each finding in full with the logs around it.
 *
 * @public
 */
export const EntitySecurityLakeFindingsContent: () => JSX.Element =
  securityLakePlugin.provide(
    // a component, like the queries content: it sits in an EntityLayout.Route
    createComponentExtension({
      name: 'EntitySecurityLakeFindingsContent',
      component: {
        lazy: () =>
          import('./findings/EntityFindingsContent').then(
            m => m.EntityFindingsContent,
          ),
      },
    }),
  );
