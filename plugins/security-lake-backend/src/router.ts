import { HttpAuthService } from '@backstage/backend-plugin-api';
import { SecurityLakeInfo } from '@internal/plugin-security-lake-common';
import { AccountsService } from './accounts/AccountsService';
import { addAccountsRoutes } from './accounts/routes';
import { addCoverageRoutes } from './coverage/routes';
import { addFindingsRoutes } from './findings/routes';
import { addQueryRoutes } from './queries/routes';
import { addSubscriberRoutes } from './subscribers/routes';
import { createOpenApiRouter } from './schema/openapi.generated';

/** @internal */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  info: SecurityLakeInfo;
  accounts: AccountsService;
  coverage: Parameters<typeof addCoverageRoutes>[1];
  queries: Parameters<typeof addQueryRoutes>[1];
  findings: Parameters<typeof addFindingsRoutes>[1];
  subscribers: Parameters<typeof addSubscriberRoutes>[1];
}

/**
 * One router validated against the OpenAPI spec; each capability adds its own routes.
 *
 * @internal
 */
export async function createRouter(options: RouterOptions) {
  const { httpAuth, info } = options;
  const router = await createOpenApiRouter();

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/info', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    res.json(info);
  });

  addAccountsRoutes(router, options);
  addCoverageRoutes(router, options.coverage);
  addQueryRoutes(router, options.queries);
  addFindingsRoutes(router, options.findings);
  addSubscriberRoutes(router, options.subscribers);
  return router;
}
