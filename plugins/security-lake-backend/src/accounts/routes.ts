import { HttpAuthService } from '@backstage/backend-plugin-api';
import { SecurityLakeRouter } from '../http/SecurityLakeRouter';
import { AccountsService } from './AccountsService';

/** The accounts capability's endpoints. @internal */
export function addAccountsRoutes(
  router: SecurityLakeRouter,
  options: { httpAuth: HttpAuthService; accounts: AccountsService },
) {
  const { httpAuth, accounts } = options;
  router.get('/accounts', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(
      await accounts.list(credentials, { entityRef: req.query.entityRef }),
    );
  });
  router.get('/accounts/conflicts', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await accounts.conflicts(credentials));
  });
}
