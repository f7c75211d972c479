import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import SecurityIcon from '@material-ui/icons/Security';
import { securityLakeApiRef, SecurityLakeClient } from './api';
import { isSecurityLakeAvailable } from './isSecurityLakeAvailable';
import { rootRouteRef } from './routes';

const api = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: securityLakeApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecurityLakeClient({ discoveryApi, fetchApi }),
    }),
});

const page = PageBlueprint.make({
  params: {
    path: '/security-lake',
    title: 'Security Lake',
    icon: <SecurityIcon />,
    routeRef: rootRouteRef,
    // The page renders its own Header, so the app's plugin header would duplicate it.
    noHeader: true,
    loader: () =>
      import('./page/SecurityLakePage').then(m => <m.SecurityLakePage />),
  },
});

const entityCard = EntityCardBlueprint.make({
  name: 'accounts',
  params: {
    filter: isSecurityLakeAvailable,
    loader: () =>
      import('./accounts/EntitySecurityLakeCard').then(m => (
        <m.EntitySecurityLakeCard />
      )),
  },
});

const coverageCard = EntityCardBlueprint.make({
  name: 'coverage',
  params: {
    filter: isSecurityLakeAvailable,
    loader: () =>
      import('./coverage/EntityCoverageCard').then(m => (
        <m.EntityCoverageCard />
      )),
  },
});

const queriesContent = EntityContentBlueprint.make({
  name: 'queries',
  params: {
    path: 'security-lake-queries',
    title: 'Security Lake queries',
    filter: isSecurityLakeAvailable,
    loader: () =>
      import('./queries/EntityQueriesContent').then(m => (
        <m.EntityQueriesContent />
      )),
  },
});

const findingsCard = EntityCardBlueprint.make({
  name: 'findings',
  params: {
    filter: isSecurityLakeAvailable,
    loader: () =>
      import('./findings/EntityFindingsCard').then(m => (
        <m.EntityFindingsCard />
      )),
  },
});

const findingsContent = EntityContentBlueprint.make({
  name: 'findings',
  params: {
    path: 'security-lake-findings',
    title: 'Security Lake findings',
    filter: isSecurityLakeAvailable,
    loader: () =>
      import('./findings/EntityFindingsContent').then(m => (
        <m.EntityFindingsContent />
      )),
  },
});

/**
 * The Security Lake plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'security-lake',
  title: 'Security Lake',
  icon: <SecurityIcon />,
  info: { packageJson: () => import('../package.json') },
  routes: {
    root: rootRouteRef,
  },
  extensions: [
    api,
    page,
    entityCard,
    coverageCard,
    findingsCard,
    queriesContent,
    findingsContent,
  ],
});
