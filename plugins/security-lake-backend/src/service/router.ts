import { HttpAuthService, LoggerService } from '@backstage/backend-plugin-api';
import { SecurityLakeInfo } from '@internal/plugin-security-lake-common';
import { AccountsService } from '../accounts/AccountsService';
import { createOpenApiRouter } from '../schema/openapi.generated';

/** @internal */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  logger: LoggerService;
  info: SecurityLakeInfo;
  accounts: AccountsService;
}

/** @internal */
export async function createRouter(options: RouterOptions) {
  const { httpAuth, info, accounts } = options;
  const router = await createOpenApiRouter();

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/info', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    res.json(info);
  });

  router.get('/accounts', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(
      await accounts.list(credentials, { entityRef: req.query.entityRef }),
    );
  });

  return router;
}
