import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
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
  AccountOwnershipClaim,
  AccountOwnershipConflict,
  AWS_ACCOUNT_ID_ANNOTATION,
  getAwsAccountId,
  indexAccountsByOwner,
} from '@internal/plugin-security-lake-common';
import { AccountIndex } from './selectAccounts';
import {
  AccountEntityFilter,
  accountEntityCatalogFilter,
  accountEntityRank,
  DEFAULT_ACCOUNT_ENTITIES,
} from './accountEntities';

/**
 * An AWS account as the catalog declares it, merged over every entity of a trusted kind that carries its id.
 *
 * @internal
 */
export interface CatalogAccount {
  accountId: string;
  title?: string;
  /** The declaring entities of the trusted kinds, best first (the UI links to the first). */
  entityRefs: string[];
  /** Who owns the account: the declaring entities' owners, or nobody while they disagree. */
  owners: string[];
  /**
   * The declaring entities, their owners, the systems/components they are part of or a dependency of, and
   * the Components and Systems that carry the account's id themselves: which entity pages show the account.
   */
  relatedRefs: string[];
}

interface Loaded extends AccountIndex {
  accounts: CatalogAccount[];
  byId: Map<string, CatalogAccount>;
  /** Accounts whose declaring entities name different owners, ordered by account id. */
  conflicts: AccountOwnershipConflict[];
  loadedAt: number;
}

/** One declaring entity as read from the catalog. */
interface Claim extends AccountOwnershipClaim {
  /** Which of the configured filters it matched first: the lower, the better it names the account. */
  rank: number;
  title: string;
  related: string[];
}

// Components and Systems may carry the annotation to say which account they run in: that links their pages
// to the account, and no more
const LINKING_KINDS = ['Component', 'System'];

/**
 * Reads the accounts the catalog declares with the `amazonaws.com/account-id` annotation on entities of the
 * configured kinds and types (`securityLake.catalog.accountEntities`), with the plugin's own credentials:
 * who may see which account is decided afterwards, by the permission framework. Entities of other kinds
 * confer nothing, so registering a catalog file is not enough to claim another team's account. The list is
 * kept for `cacheTtlMs` (the catalog itself processes entities every few minutes) and read again in the
 * background once older, so no request streams the catalog.
 *
 * @internal
 */
export class AccountDirectory {
  private loaded?: Loaded;
  private loading?: Promise<Loaded>;
  private readonly cacheTtlMs: number;
  private readonly accountEntities: AccountEntityFilter[];

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      /** Which entities declare accounts; `DEFAULT_ACCOUNT_ENTITIES` when unset. */
      accountEntities?: AccountEntityFilter[];
      /** Where ownership conflicts are reported, once per read of the catalog. */
      logger?: LoggerService;
      cacheTtlMs?: number;
      now?: () => number;
    },
  ) {
    this.cacheTtlMs = options.cacheTtlMs ?? 60_000;
    this.accountEntities = options.accountEntities ?? DEFAULT_ACCOUNT_ENTITIES;
    if (this.accountEntities.length === 0) {
      throw new Error(
        'AccountDirectory needs at least one account entity kind',
      );
    }
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
    const filters = this.accountEntities;
    const claims = new Map<string, Claim[]>();
    const links: { accountId: string; refs: string[] }[] = [];
    // the catalog sends only the trusted kinds and the linking ones; what each is, is decided here again
    for await (const page of this.options.catalog.streamEntities(
      {
        filter: [
          ...accountEntityCatalogFilter(filters),
          ...LINKING_KINDS.map(kind => ({
            [`metadata.annotations.${AWS_ACCOUNT_ID_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
            kind,
          })),
        ],
        fields: ['kind', 'metadata', 'spec.type', 'relations'],
      },
      { credentials },
    )) {
      for (const entity of page) {
        const accountId = getAwsAccountId(entity);
        if (!accountId) continue;
        const rank = accountEntityRank(entity, filters);
        if (rank >= 0) {
          const list = claims.get(accountId) ?? [];
          list.push(claimOf(entity, rank));
          claims.set(accountId, list);
        } else if (isLinkingKind(entity)) {
          // its owner is left out: an owner's page shows what the owner owns
          links.push({
            accountId,
            refs: [stringifyEntityRef(entity), ...relatedOf(entity)],
          });
        }
      }
    }

    const { accounts, byId, byOwner, conflicts } = indexAccounts(claims, links);
    for (const conflict of conflicts) {
      this.options.logger?.warn(
        `AWS account ${
          conflict.accountId
        } is declared by catalog entities with different owners, so none of them owns it until the catalog agrees: ${conflict.claims
          .map(c => `${c.entityRef} (owned by ${c.owners.join(', ')})`)
          .join('; ')}`,
      );
    }
    this.loaded = {
      accounts,
      byId,
      ids: new Set(byId.keys()),
      byOwner,
      conflicts,
      loadedAt: now,
    };
    return this.loaded;
  }
}

/** The accounts from their claims, with the links of the linking entities, indexed by id and owner. */
function indexAccounts(
  claims: Map<string, Claim[]>,
  links: { accountId: string; refs: string[] }[],
) {
  const byId = new Map<string, CatalogAccount>();
  const conflicts: AccountOwnershipConflict[] = [];
  for (const [accountId, list] of claims) {
    const { account, conflict } = mergeClaims(accountId, list);
    byId.set(accountId, account);
    if (conflict) conflicts.push(conflict);
  }
  // a linking entity shows an account on its page only where a trusted entity declares it
  for (const link of links) {
    const account = byId.get(link.accountId);
    if (account) {
      account.relatedRefs = [
        ...new Set([...account.relatedRefs, ...link.refs]),
      ].sort();
    }
  }

  const accounts = [...byId.values()].sort((a, b) =>
    a.accountId.localeCompare(b.accountId),
  );
  const byOwner = indexAccountsByOwner(accounts);
  conflicts.sort((a, b) => a.accountId.localeCompare(b.accountId));
  return { accounts, byId, byOwner, conflicts };
}

function isLinkingKind(entity: Entity): boolean {
  const kind = entity.kind.toLocaleLowerCase('en-US');
  return LINKING_KINDS.some(k => k.toLocaleLowerCase('en-US') === kind);
}

function relatedOf(entity: Entity): string[] {
  return (entity.relations ?? [])
    .filter(
      r => r.type === RELATION_PART_OF || r.type === RELATION_DEPENDENCY_OF,
    )
    .map(r => r.targetRef);
}

function claimOf(entity: Entity, rank: number): Claim {
  const owners = [
    ...new Set(
      (entity.relations ?? [])
        .filter(r => r.type === RELATION_OWNED_BY)
        .map(r => r.targetRef),
    ),
  ].sort();
  return {
    entityRef: stringifyEntityRef(entity),
    owners,
    rank,
    title: entity.metadata.title ?? entity.metadata.name,
    related: relatedOf(entity),
  };
}

/**
 * One account from its claims. Claims that name different owners are a conflict: the account is then owned
 * by none of them (rather than by all, which would let any team that can register a trusted entity claim
 * another's account), until the catalog agrees again.
 */
function mergeClaims(
  accountId: string,
  claims: Claim[],
): { account: CatalogAccount; conflict?: AccountOwnershipConflict } {
  const ordered = [...claims].sort(
    (a, b) => a.rank - b.rank || a.entityRef.localeCompare(b.entityRef),
  );
  const ownerSets = new Set(
    claims
      .filter(c => c.owners.length > 0)
      .map(c =>
        c.owners
          .map(o => o.toLocaleLowerCase('en-US'))
          .sort()
          .join(' '),
      ),
  );
  const allOwners = [...new Set(claims.flatMap(c => c.owners))].sort();
  const disputed = ownerSets.size > 1;
  const account: CatalogAccount = {
    accountId,
    // the claimants disagree on what the account is: none of them names it
    ...(disputed ? {} : { title: ordered[0].title }),
    entityRefs: ordered.map(c => c.entityRef),
    owners: disputed ? [] : allOwners,
    relatedRefs: [
      ...new Set(
        ordered.flatMap(c => [c.entityRef, ...c.owners, ...c.related]),
      ),
    ].sort(),
  };
  if (!disputed) return { account };
  return {
    account,
    conflict: {
      accountId,
      claims: [...claims]
        .sort((a, b) => a.entityRef.localeCompare(b.entityRef))
        .map(c => ({ entityRef: c.entityRef, owners: c.owners })),
    },
  };
}
