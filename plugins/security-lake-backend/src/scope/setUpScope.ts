import {
  AuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { securityLakeAccountPermissions } from '@internal/plugin-security-lake-common';
import {
  securityLakeAccountResourceRef,
  securityLakeAccountRules,
} from '../permissions/rules';
import { AccountDirectory } from './AccountDirectory';
import { AccountScope } from './AccountScope';
import { ScopeSettings } from './settings';

/**
 * The account scope: the catalog's accounts (read with the plugin's own credentials), the account resource
 * type registered with its rules and `getResources` so that a policy's conditions apply to a real account,
 * and the scope every capability asks which accounts a caller may see.
 *
 * @internal
 */
export function setUpScope(deps: {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  /** Accounts that send data to the lake, declared or not. */
  lakeAccounts: { listAccountIds(): Promise<string[]> };
  settings: ScopeSettings;
}): { directory: AccountDirectory; scope: AccountScope } {
  const directory = new AccountDirectory({
    catalog: deps.catalog,
    auth: deps.auth,
    accountEntities: deps.settings.accountEntities,
    logger: deps.logger,
    cacheTtlMs: deps.settings.cacheTtlMs,
  });
  deps.permissionsRegistry.addResourceType({
    resourceRef: securityLakeAccountResourceRef,
    permissions: securityLakeAccountPermissions,
    rules: Object.values(securityLakeAccountRules),
    getResources: async accountIds => {
      const accounts = new Map(
        (await directory.getAccounts(accountIds)).map(a => [a.accountId, a]),
      );
      return accountIds.map(id => accounts.get(id));
    },
  });
  const scope = new AccountScope({
    directory,
    lakeAccounts: deps.lakeAccounts,
    permissions: deps.permissions,
    serviceReaders: deps.settings.serviceReaders,
    rules: deps.permissionsRegistry.getPermissionRuleset(
      securityLakeAccountResourceRef,
    ),
  });
  return { directory, scope };
}
