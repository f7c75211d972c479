import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { SECURITY_LAKE_ACCOUNT_RESOURCE_TYPE } from '@internal/plugin-security-lake-common';
import { LogSourceStore } from '../coverage/LogSourceStore';
import { securityLakeAccountRules } from '../permissions/rules';
import { AccountDirectory, CatalogAccount } from './AccountDirectory';

/**
 * An account the caller may see: either declared in the catalog, or (for callers allowed everything) only
 * present in the lake.
 *
 * @public
 */
export interface ScopedAccount extends CatalogAccount {
  inCatalog: boolean;
}

const authorizeCondition = createConditionAuthorizer(
  Object.values(securityLakeAccountRules),
);

/**
 * The one place that decides which AWS accounts a caller may see, for a given account-scoped permission.
 * Every endpoint that touches account data goes through it.
 *
 * @public
 */
export class AccountScope {
  constructor(
    private readonly options: {
      directory: AccountDirectory;
      logSources: LogSourceStore;
      permissions: PermissionsService;
    },
  ) {}

  /**
   * Accounts the caller may see for `permission`. Throws NotAllowedError when the policy denies the
   * permission outright.
   */
  async resolve(
    credentials: BackstageCredentials,
    permission: ResourcePermission<typeof SECURITY_LAKE_ACCOUNT_RESOURCE_TYPE>,
  ): Promise<ScopedAccount[]> {
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
    const catalogAccounts = await this.options.directory.listAccounts();
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      return catalogAccounts
        .filter(account => authorizeCondition(decision, account))
        .map(account => ({ ...account, inCatalog: true }));
    }
    // allowed everything: include accounts that send data but nobody declared, so gaps show
    const known = new Set(catalogAccounts.map(a => a.accountId));
    const lakeOnly = (await this.options.logSources.listAccountIds())
      .filter(id => !known.has(id))
      .map(accountId => ({
        accountId,
        entityRefs: [],
        owners: [],
        relatedRefs: [],
        inCatalog: false,
      }));
    return [
      ...catalogAccounts.map(account => ({ ...account, inCatalog: true })),
      ...lakeOnly,
    ].sort((a, b) => a.accountId.localeCompare(b.accountId));
  }

  /**
   * Checks that the caller may see one account; a 403 otherwise, whether or not the account exists.
   */
  async assertAccount(
    credentials: BackstageCredentials,
    permission: ResourcePermission<typeof SECURITY_LAKE_ACCOUNT_RESOURCE_TYPE>,
    accountId: string,
  ): Promise<ScopedAccount> {
    const account = (await this.resolve(credentials, permission)).find(
      a => a.accountId === accountId,
    );
    if (!account) {
      throw new NotAllowedError(`Not allowed to see account ${accountId}`);
    }
    return account;
  }
}
