import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_DEPENDENCY_OF,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AWS_ACCOUNT_ID_ANNOTATION,
  getAwsAccountId,
} from '@internal/plugin-security-lake-common';
import { AccountIndex } from '../permissions/selectAccounts';

/**
 * An AWS account as the catalog declares it, merged over every entity that carries its id.
 *
 * @internal
 */
export interface CatalogAccount {
  accountId: string;
  title?: string;
  entityRefs: string[];
  owners: string[];
  /** The declaring entities, their owners, and the systems/components they are part of or a dependency of. */
  relatedRefs: string[];
}

interface Loaded extends AccountIndex {
  accounts: CatalogAccount[];
  byId: Map<string, CatalogAccount>;
  loadedAt: number;
}

/**
 * Reads the accounts the catalog knows from the `amazonaws.com/account-id` annotation, with the plugin's own
 * credentials: who may see which account is decided afterwards, by the permission framework. The list is
 * kept for `cacheTtlMs` (the catalog itself processes entities every few minutes) and read again in the
 * background once older, so no request streams the catalog.
 *
 * @internal
 */
export class AccountDirectory {
  private loaded?: Loaded;
  private loading?: Promise<Loaded>;
  private readonly cacheTtlMs: number;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      cacheTtlMs?: number;
      now?: () => number;
    },
  ) {
    this.cacheTtlMs = options.cacheTtlMs ?? 60_000;
  }

  /** Every account the catalog declares, ordered by id. */
  async listAccounts(): Promise<CatalogAccount[]> {
    return (await this.index()).accounts;
  }

  /** The given accounts, where the catalog declares them. */
  async getAccounts(accountIds: string[]): Promise<CatalogAccount[]> {
    const { byId } = await this.index();
    return accountIds.flatMap(id => {
      const account = byId.get(id);
      return account ? [account] : [];
    });
  }

  /** The accounts indexed by id and by owner. */
  async index(): Promise<Loaded> {
    const now = (this.options.now ?? Date.now)();
    if (this.loaded && now - this.loaded.loadedAt < this.cacheTtlMs) {
      return this.loaded;
    }
    this.loading ??= this.load(now).finally(() => {
      this.loading = undefined;
    });
    // a stale list answers at once while the next one loads; only the very first read waits
    return this.loaded ?? this.loading;
  }

  private async load(now: number): Promise<Loaded> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const byId = new Map<string, CatalogAccount>();
    for await (const page of this.options.catalog.streamEntities(
      {
        filter: {
          [`metadata.annotations.${AWS_ACCOUNT_ID_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: ['kind', 'metadata', 'spec.type', 'relations'],
      },
      { credentials },
    )) {
      for (const entity of page) {
        addEntity(byId, entity);
      }
    }
    const accounts = [...byId.values()].sort((a, b) =>
      a.accountId.localeCompare(b.accountId),
    );
    const byOwner = new Map<string, Set<string>>();
    for (const account of accounts) {
      for (const owner of account.owners) {
        const key = owner.toLocaleLowerCase('en-US');
        const ids = byOwner.get(key) ?? new Set<string>();
        ids.add(account.accountId);
        byOwner.set(key, ids);
      }
    }
    this.loaded = {
      accounts,
      byId,
      ids: new Set(byId.keys()),
      byOwner,
      loadedAt: now,
    };
    return this.loaded;
  }
}

function addEntity(accounts: Map<string, CatalogAccount>, entity: Entity) {
  const accountId = getAwsAccountId(entity);
  if (!accountId) {
    return;
  }
  const ref = stringifyEntityRef(entity);
  const relations = entity.relations ?? [];
  const owners = relations
    .filter(r => r.type === RELATION_OWNED_BY)
    .map(r => r.targetRef);
  const related = relations
    .filter(
      r => r.type === RELATION_PART_OF || r.type === RELATION_DEPENDENCY_OF,
    )
    .map(r => r.targetRef);
  const account = accounts.get(accountId) ?? {
    accountId,
    entityRefs: [],
    owners: [],
    relatedRefs: [],
  };
  // the cloud-account Resource names the account better than a component that merely carries the id
  const isCloudAccount =
    entity.kind.toLowerCase() === 'resource' &&
    entity.spec?.type === 'cloud-account';
  if (!account.title || isCloudAccount) {
    account.title = entity.metadata.title ?? entity.metadata.name;
  }
  const union = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort();
  // the declaring cloud-account Resource comes first: the UI links to entityRefs[0]
  const others = account.entityRefs.filter(r => r !== ref);
  account.entityRefs = isCloudAccount ? [ref, ...others] : [...others, ref];
  account.owners = union(account.owners, owners);
  account.relatedRefs = union(account.relatedRefs, [
    ref,
    ...owners,
    ...related,
  ]);
  accounts.set(accountId, account);
}
