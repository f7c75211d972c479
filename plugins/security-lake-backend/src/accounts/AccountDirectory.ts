import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_DEPENDENCY_OF,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CATALOG_FILTER_EXISTS,
  EntityFilterQuery,
} from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AWS_ACCOUNT_ID_ANNOTATION,
  getAwsAccountId,
} from '@internal/plugin-security-lake-common';

// keeps the catalog query string of one request short
const ID_CHUNK = 100;

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

/**
 * Reads the accounts the catalog knows from the `amazonaws.com/account-id` annotation, with the plugin's own
 * credentials: who may see which account is decided afterwards, by the permission framework.
 *
 * @internal
 */
export class AccountDirectory {
  constructor(
    private readonly options: { catalog: CatalogService; auth: AuthService },
  ) {}

  /**
   * Accounts declared in the catalog; with `filter`, only those of the entities matching one of its
   * alternatives (each alternative also requires the annotation).
   */
  async listAccounts(options?: {
    filter?: Record<string, string[]>[];
  }): Promise<CatalogAccount[]> {
    const exists = {
      [`metadata.annotations.${AWS_ACCOUNT_ID_ANNOTATION}`]:
        CATALOG_FILTER_EXISTS,
    };
    const filter = options?.filter
      ? options.filter.map(alternative => ({ ...exists, ...alternative }))
      : exists;
    if (Array.isArray(filter) && filter.length === 0) {
      return [];
    }
    return this.read(filter);
  }

  /** The catalog's view of the given accounts, from the entities that carry their ids and no others. */
  async getAccounts(accountIds: string[]): Promise<CatalogAccount[]> {
    const accounts: CatalogAccount[] = [];
    for (let i = 0; i < accountIds.length; i += ID_CHUNK) {
      accounts.push(
        ...(await this.read({
          [`metadata.annotations.${AWS_ACCOUNT_ID_ANNOTATION}`]:
            accountIds.slice(i, i + ID_CHUNK),
        })),
      );
    }
    return accounts.sort((a, b) => a.accountId.localeCompare(b.accountId));
  }

  private async read(filter: EntityFilterQuery): Promise<CatalogAccount[]> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const accounts = new Map<string, CatalogAccount>();
    for await (const page of this.options.catalog.streamEntities(
      { filter, fields: ['kind', 'metadata', 'spec.type', 'relations'] },
      { credentials },
    )) {
      for (const entity of page) {
        addEntity(accounts, entity);
      }
    }
    return [...accounts.values()].sort((a, b) =>
      a.accountId.localeCompare(b.accountId),
    );
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
