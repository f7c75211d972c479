import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  accountsOfEntity,
  AccountConflictList,
  AccountListResponse,
  AccountSource,
  isSecurityLakeSourceName,
  securityLakeCoverageReadPermission,
  SecurityLakeSourceVersion,
} from '@internal/plugin-security-lake-common';
import { LakeInventory, StoredCell } from '../inventory/LakeInventory';
import { AccountScope } from '../scope/AccountScope';

/**
 * Lists the accounts a caller may see with the sources each collects, from the last control plane read.
 *
 * @internal
 */
export class AccountsService {
  constructor(
    private readonly options: {
      scope: AccountScope;
      inventory: LakeInventory;
    },
  ) {}

  async list(
    credentials: BackstageCredentials,
    filter?: { entityRef?: string },
  ): Promise<AccountListResponse> {
    const accounts = accountsOfEntity(
      await this.options.scope.resolve(
        credentials,
        securityLakeCoverageReadPermission,
      ),
      filter?.entityRef,
    );
    // the native sources Security Lake is configured to collect, as of the last refresh
    const records = (
      await this.options.inventory.listCells({
        accountIds: accounts.map(a => a.accountId),
      })
    ).filter(c => c.configured && isSecurityLakeSourceName(c.sourceKey));
    const { refreshedAt } = await this.options.inventory.getRefreshState();
    // one pass over the records: thousands of accounts times every region and source
    const byAccount = new Map<string, StoredCell[]>();
    for (const r of records) {
      const list = byAccount.get(r.accountId);
      if (list) list.push(r);
      else byAccount.set(r.accountId, [r]);
    }
    return {
      items: accounts.map(account => {
        const own = byAccount.get(account.accountId) ?? [];
        const sources = new Map<string, AccountSource>();
        for (const r of own) {
          const key = `${r.sourceKey}/${r.version}`;
          const entry = sources.get(key) ?? {
            source: r.sourceKey as AccountSource['source'],
            version: r.version as SecurityLakeSourceVersion,
            regions: [],
          };
          entry.regions.push(r.region);
          sources.set(key, entry);
        }
        return {
          accountId: account.accountId,
          ...(account.title ? { title: account.title } : {}),
          entityRefs: account.entityRefs,
          owners: account.owners,
          inCatalog: account.inCatalog,
          regions: [...new Set(own.map(r => r.region))].sort(),
          sources: [...sources.values()].map(s => ({
            ...s,
            regions: s.regions.sort(),
          })),
        };
      }),
      ...(refreshedAt ? { refreshedAt } : {}),
    };
  }

  /** Ownership conflicts over the accounts the caller may see (security-lake.coverage.read). */
  async conflicts(
    credentials: BackstageCredentials,
  ): Promise<AccountConflictList> {
    return {
      items: await this.options.scope.conflicts(
        credentials,
        securityLakeCoverageReadPermission,
      ),
    };
  }
}
