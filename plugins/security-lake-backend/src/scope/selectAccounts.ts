import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { entityRefKey } from '@internal/plugin-security-lake-common';
import { AccountQuery } from '../permissions/rules';

/**
 * The catalog's accounts, indexed for the queries the account rules turn into.
 *
 * @internal
 */
export interface AccountIndex {
  ids: ReadonlySet<string>;
  /** Lower-cased owner entity ref to the ids of the accounts it owns. */
  byOwner: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * The ids of the accounts that the policy's conditions, transformed with the rules' `toQuery`, allow:
 * ownership is one index lookup per claim, so the cost follows the caller's claims rather than the size of
 * the organisation.
 *
 * @internal
 */
export function selectAccounts(
  criteria: PermissionCriteria<AccountQuery>,
  index: AccountIndex,
): Set<string> {
  if ('allOf' in criteria) {
    const [first, ...rest] = criteria.allOf.map(c => selectAccounts(c, index));
    return new Set(
      [...(first ?? [])].filter(id => rest.every(set => set.has(id))),
    );
  }
  if ('anyOf' in criteria) {
    return new Set(criteria.anyOf.flatMap(c => [...selectAccounts(c, index)]));
  }
  if ('not' in criteria) {
    const excluded = selectAccounts(criteria.not, index);
    return new Set([...index.ids].filter(id => !excluded.has(id)));
  }
  if ('ownedByAnyOf' in criteria) {
    return new Set(
      criteria.ownedByAnyOf.flatMap(claim => [
        ...(index.byOwner.get(entityRefKey(claim)) ?? []),
      ]),
    );
  }
  return new Set(criteria.accountIdIn.filter(id => index.ids.has(id)));
}
