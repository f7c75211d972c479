import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  ConditionTransformer,
  createConditionTransformer,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import { SECURITY_LAKE_ACCOUNT_RESOURCE_TYPE } from '@internal/plugin-security-lake-common';

import { AccountQuery, AccountResource } from '../permissions/rules';
import { selectAccounts } from '../permissions/selectAccounts';
import { AccountDirectory, CatalogAccount } from './AccountDirectory';

/**
 * An account the caller may see: either declared in the catalog, or (for callers allowed everything) only
 * present in the lake.
 *
 * @internal
 */
export interface ScopedAccount extends CatalogAccount {
  inCatalog: boolean;
}

/**
 * The one place that decides which AWS accounts a caller may see, for a given account-scoped permission.
 * Every endpoint that touches account data goes through it.
 *
 * @internal
 */
export class AccountScope {
  private readonly transformConditions: ConditionTransformer<AccountQuery>;

  constructor(
    private readonly options: {
      directory: AccountDirectory;
      /** Accounts that send data to the lake, declared or not. */
      lakeAccounts: { listAccountIds(): Promise<string[]> };
      permissions: PermissionsService;
      /** The account rules as registered (`permissionsRegistry.getPermissionRuleset`). */
      rules: PermissionRuleset<AccountResource, AccountQuery>;
    },
  ) {
    this.transformConditions = createConditionTransformer(options.rules);
  }

  /**
   * Which stored records over accounts the caller may see for `permission`: everything when the policy
   * allows it outright (including accounts since gone from the catalog and the lake), otherwise those
   * over the accounts `resolve` answers. Throws NotAllowedError when the policy denies it.
   */
  async visibility(
    credentials: BackstageCredentials,
    permission: ResourcePermission<typeof SECURITY_LAKE_ACCOUNT_RESOURCE_TYPE>,
  ): Promise<{ all: true } | { all: false; accountIds: string[] }> {
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      return { all: true };
    }
    const index = await this.options.directory.index();
    const allowed = selectAccounts(
      this.transformConditions(decision.conditions),
      index,
    );
    return { all: false, accountIds: [...allowed] };
  }

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
    const index = await this.options.directory.index();
    if (decision.result === AuthorizeResult.CONDITIONAL) {
      const allowed = selectAccounts(
        this.transformConditions(decision.conditions),
        index,
      );
      return index.accounts
        .filter(account => allowed.has(account.accountId))
        .map(account => ({ ...account, inCatalog: true }));
    }
    const catalogAccounts = index.accounts;
    // allowed everything: include accounts that send data but nobody declared, so gaps show
    const known = new Set(catalogAccounts.map(a => a.accountId));
    const lakeOnly = (await this.options.lakeAccounts.listAccountIds())
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
}
