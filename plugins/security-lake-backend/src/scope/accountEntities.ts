import { Config } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { AWS_ACCOUNT_ID_ANNOTATION } from '@internal/plugin-security-lake-common';

/**
 * A kind, and optionally a `spec.type`, of catalog entity whose `amazonaws.com/account-id` annotation
 * declares an account and makes the entity's owner an owner of it.
 *
 * @internal
 */
export interface AccountEntityFilter {
  kind: string;
  type?: string;
}

/** What Backstage's AWS organization processor emits for each account. @internal */
export const DEFAULT_ACCOUNT_ENTITIES: AccountEntityFilter[] = [
  { kind: 'Resource', type: 'cloud-account' },
];

const CONFIG_KEY = 'securityLake.catalog.accountEntities';

/**
 * Reads `securityLake.catalog.accountEntities`. An empty list is refused: it would leave every account
 * unowned, and a catalog query with no filter would read every entity.
 *
 * @internal
 */
export function readAccountEntityFilters(
  config: Config,
): AccountEntityFilter[] {
  const entries = config.getOptionalConfigArray(CONFIG_KEY);
  if (!entries) return DEFAULT_ACCOUNT_ENTITIES;
  if (entries.length === 0) {
    throw new Error(
      `${CONFIG_KEY} is empty: name at least one entity kind whose owners own the accounts it declares, e.g. { kind: Resource, type: cloud-account }`,
    );
  }
  return entries.map((entry, i) => {
    const kind = entry.getString('kind').trim();
    const type = entry.getOptionalString('type')?.trim();
    if (!kind || type === '') {
      throw new Error(
        `${CONFIG_KEY}[${i}]: kind must be a non-empty string, and type too when it is given`,
      );
    }
    return type ? { kind, type } : { kind };
  });
}

const lower = (value: unknown) =>
  typeof value === 'string' ? value.toLocaleLowerCase('en-US') : undefined;

/**
 * The position of the first filter the entity matches (compared as the catalog compares: without regard
 * to case), or -1 when it matches none and so declares nothing.
 *
 * @internal
 */
export function accountEntityRank(
  entity: Pick<Entity, 'kind' | 'spec'>,
  filters: AccountEntityFilter[],
): number {
  const kind = lower(entity.kind);
  const type = lower(entity.spec?.type);
  return filters.findIndex(
    f => lower(f.kind) === kind && (!f.type || lower(f.type) === type),
  );
}

/**
 * The catalog filter for the entities that declare accounts: one alternative per configured kind and type,
 * each requiring the annotation, so the catalog sends nothing else.
 *
 * @internal
 */
export function accountEntityCatalogFilter(
  filters: AccountEntityFilter[],
): Record<string, string | symbol>[] {
  return filters.map(f => ({
    [`metadata.annotations.${AWS_ACCOUNT_ID_ANNOTATION}`]:
      CATALOG_FILTER_EXISTS,
    kind: f.kind,
    ...(f.type ? { 'spec.type': f.type } : {}),
  }));
}
