import appBackend from '@backstage/plugin-app-backend';
import authBackend from '@backstage/plugin-auth-backend';
import githubAuthProvider from '@backstage/plugin-auth-backend-module-github-provider';
import catalogBackend from '@backstage/plugin-catalog-backend';
import catalogLogs from '@backstage/plugin-catalog-backend-module-logs';
import mcpActionsBackend from '@backstage/plugin-mcp-actions-backend';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import signalsBackend from '@backstage/plugin-signals-backend';
import userSettingsBackend from '@backstage/plugin-user-settings-backend';
import securityLakeBackend from '@internal/plugin-security-lake-backend';
import securityLakeLocal from '@internal/plugin-security-lake-backend-module-local';
import { demoSignInModule } from './modules/demoSignIn';
import { permissionPolicyModule } from './modules/permissionPolicy';

/**
 * Everything the portal's backend runs, in one list so that a test starts exactly what the image does.
 * Demo-only pieces switch themselves off unless `securityLake.demo.enabled` is true.
 */
export const backendFeatures = [
  appBackend,

  authBackend,
  githubAuthProvider,
  demoSignInModule,

  catalogBackend,
  catalogLogs,

  permissionBackend,
  permissionPolicyModule,

  userSettingsBackend,
  notificationsBackend,
  signalsBackend,

  securityLakeBackend,
  // Security Lake's actions (backend.actions.pluginSources) as MCP tools at /api/mcp-actions/v1, each acting
  // for the user whose token the assistant sends
  mcpActionsBackend,
  // the embedded local lake: it steps aside when securityLake.engine and controlPlane name AWS, and a
  // production portal of your own leaves this line out
  securityLakeLocal,
];
