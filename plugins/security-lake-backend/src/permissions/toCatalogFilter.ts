import { AWS_ACCOUNT_ID_ANNOTATION } from '@internal/plugin-security-lake-common';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { AccountQuery } from './rules';

type Conjunct = Record<string, string[]>;

function and(a: Conjunct[], b: Conjunct[]): Conjunct[] {
  const out: Conjunct[] = [];
  for (const x of a) {
    for (const y of b) {
      const merged: Conjunct = { ...x };
      for (const [key, values] of Object.entries(y)) {
        merged[key] = merged[key]
          ? merged[key].filter(v => values.includes(v))
          : values;
      }
      out.push(merged);
    }
  }
  return out;
}

function toDnf(
  criteria: PermissionCriteria<AccountQuery>,
): Conjunct[] | undefined {
  if ('allOf' in criteria) {
    let out: Conjunct[] | undefined = [{}];
    for (const child of criteria.allOf) {
      const dnf = toDnf(child);
      if (!dnf || !out) return undefined;
      out = and(out, dnf);
    }
    return out;
  }
  if ('anyOf' in criteria) {
    const parts = criteria.anyOf.map(toDnf);
    return parts.some(p => !p) ? undefined : parts.flatMap(p => p!);
  }
  if ('not' in criteria) {
    // the catalog's filter query has no negation; the caller filters in memory instead
    return undefined;
  }
  if ('ownedByAnyOf' in criteria) {
    return [{ 'relations.ownedBy': criteria.ownedByAnyOf }];
  }
  return [
    {
      [`metadata.annotations.${AWS_ACCOUNT_ID_ANNOTATION}`]:
        criteria.accountIdIn,
    },
  ];
}

/**
 * Turns the account conditions a policy returned into a catalog filter, so the catalog returns only the
 * entities of accounts the caller may see: each alternative is one filter object, an empty value list
 * matches nothing and drops its alternative. Undefined when the conditions can't be said as a catalog
 * filter (a `not`); the caller then applies the rules in memory.
 *
 * @internal
 */
export function toCatalogFilter(
  criteria: PermissionCriteria<AccountQuery>,
): Conjunct[] | undefined {
  const dnf = toDnf(criteria);
  return dnf?.filter(conjunct =>
    Object.values(conjunct).every(values => values.length > 0),
  );
}
