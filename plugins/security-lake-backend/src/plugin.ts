import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  securityLakeAccountPermissions,
  securityLakePermissions,
} from '@internal/plugin-security-lake-common';
import { AccountDirectory } from './accounts/AccountDirectory';
import { AccountScope } from './accounts/AccountScope';
import { AccountsService } from './accounts/AccountsService';
import { DatabaseLogSourceStore } from './database/DatabaseLogSourceStore';
import {
  securityLakeAccountResourceRef,
  securityLakeAccountRules,
} from './permissions/rules';
import { createRouter } from './service/router';
import { LogSourceRefresher } from './service/LogSourceRefresher';
import { createSecurityLakeSeams } from './service/seams';

/**
 * The security-lake backend plugin.
 *
 * @public
 */
export const securityLakePlugin = createBackendPlugin({
  pluginId: 'security-lake',
  register(env) {
    env.registerInit({
      deps: {
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { config, logger, httpRouter } = deps;
        const seams = await createSecurityLakeSeams({ config, logger });
        const logSources = await DatabaseLogSourceStore.create({
          database: deps.database,
        });
        const directory = new AccountDirectory({
          catalog: deps.catalog,
          auth: deps.auth,
        });

        deps.permissionsRegistry.addPermissions(securityLakePermissions);
        deps.permissionsRegistry.addResourceType({
          resourceRef: securityLakeAccountResourceRef,
          permissions: securityLakeAccountPermissions,
          rules: Object.values(securityLakeAccountRules),
          getResources: async accountIds => {
            const accounts = await directory.listAccounts();
            return accountIds.map(id => accounts.find(a => a.accountId === id));
          },
        });

        await new LogSourceRefresher({
          controlPlane: seams.controlPlane,
          store: logSources,
          logger,
        }).schedule(deps.scheduler, config);

        const scope = new AccountScope({
          directory,
          logSources,
          permissions: deps.permissions,
        });
        httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            logger,
            info: seams.info,
            accounts: new AccountsService({ scope, logSources }),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
