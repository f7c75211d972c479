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
import {
  AccountOwnershipConflict,
  SECURITY_LAKE_ACCOUNT_RESOURCE_TYPE,
  securityLakeCoverageReadPermission,
  securityLakeFindingsReadPermission,
} from '@internal/plugin-security-lake-common';

import { AccountQuery, AccountResource } from '../permissions/rules';
import { selectAccounts } from './selectAccounts';
import { AccountDirectory, CatalogAccount } from './AccountDirectory';

/** What a caller without a user may be configured to read (`securityLake.actions.serviceReaders`). */
const SERVICE_READABLE = new Set([
  securityLakeCoverageReadPermission.name,
  securityLakeFindingsReadPermission.name,
]);

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
 * Which stored records over accounts a caller may see: all of them, or those over these accounts only.
 *
 * @internal
 */
export type AccountVisibility =
  | { all: true }
  | { all: false; accountIds: string[] };

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
      /**
       * The accounts each caller that is not a user may read, by principal subject; none for a subject not
       * named. Only for reading coverage and findings: a run is always a person's.
       */
      serviceReaders?: Map<string, string[]>;
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
  ): Promise<AccountVisibility> {
    const allowed = await this.allowedAccountIds(credentials, permission);
    return allowed ? { all: false, accountIds: [...allowed] } : { all: true };
  }

  /**
   * The account ids a conditional decision allows, or undefined when the policy allows every account.
   * Throws NotAllowedError when it denies the permission outright.
   */
  private async allowedAccountIds(
    credentials: BackstageCredentials,
    permission: ResourcePermission<typeof SECURITY_LAKE_ACCOUNT_RESOURCE_TYPE>,
  ): Promise<Set<string> | undefined> {
    const principal = credentials.principal as {
      type?: string;
      subject?: string;
    };
    if (principal.type !== 'user') {
      // configuration alone names what a caller without a user may read: no policy answer widens it
      return new Set(
        SERVICE_READABLE.has(permission.name)
          ? this.options.serviceReaders?.get(principal.subject ?? '') ?? []
          : [],
      );
    }
    const [decision] = await this.options.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(`Not allowed: ${permission.name}`);
    }
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      return undefined;
    }
    return selectAccounts(
      this.transformConditions(decision.conditions),
      await this.options.directory.index(),
    );
  }

  /**
   * Accounts the caller may see for `permission`. Throws NotAllowedError when the policy denies the
   * permission outright.
   */
  async resolve(
    credentials: BackstageCredentials,
    permission: ResourcePermission<typeof SECURITY_LAKE_ACCOUNT_RESOURCE_TYPE>,
  ): Promise<ScopedAccount[]> {
    const allowed = await this.allowedAccountIds(credentials, permission);
    const index = await this.options.directory.index();
    if (allowed) {
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

  /**
   * The ownership conflicts over accounts the caller may see for `permission`. A disputed account is owned
   * by none of its claimants, so only callers allowed it otherwise (platform owners) see its conflict.
   */
  async conflicts(
    credentials: BackstageCredentials,
    permission: ResourcePermission<typeof SECURITY_LAKE_ACCOUNT_RESOURCE_TYPE>,
  ): Promise<AccountOwnershipConflict[]> {
    const allowed = await this.allowedAccountIds(credentials, permission);
    const { conflicts } = await this.options.directory.index();
    return allowed
      ? conflicts.filter(c => allowed.has(c.accountId))
      : conflicts;
  }
}
