import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  AccountListResponse,
  AccountSource,
  securityLakeCoverageReadPermission,
} from '@internal/plugin-security-lake-common';
import { LogSourceRecord } from '@internal/plugin-security-lake-node';
import { LogSourceStore } from '../coverage/LogSourceStore';
import { AccountScope } from './AccountScope';

/**
 * Lists the accounts a caller may see with the sources each collects, from the last control plane read.
 *
 * @internal
 */
export class AccountsService {
  constructor(
    private readonly options: {
      scope: AccountScope;
      logSources: LogSourceStore;
    },
  ) {}

  async list(
    credentials: BackstageCredentials,
    filter?: { entityRef?: string },
  ): Promise<AccountListResponse> {
    let accounts = await this.options.scope.resolve(
      credentials,
      securityLakeCoverageReadPermission,
    );
    if (filter?.entityRef) {
      const ref = filter.entityRef.toLocaleLowerCase('en-US');
      accounts = accounts.filter(a =>
        a.relatedRefs.some(r => r.toLocaleLowerCase('en-US') === ref),
      );
    }
    const records = await this.options.logSources.list({
      accountIds: accounts.map(a => a.accountId),
    });
    const refreshedAt = await this.options.logSources.getRefreshedAt();
    // one pass over the records: thousands of accounts times every region and source
    const byAccount = new Map<string, LogSourceRecord[]>();
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
          const key = `${r.source}/${r.version}`;
          const entry = sources.get(key) ?? {
            source: r.source,
            version: r.version,
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
      ...(refreshedAt ? { refreshedAt: refreshedAt.toISOString() } : {}),
    };
  }
}
