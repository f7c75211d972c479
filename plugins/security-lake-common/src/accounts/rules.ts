/**
 * An entity ref as the catalog compares them: without regard to case (`Group:default/Payments` is
 * `group:default/payments`).
 *
 * @public
 */
export function entityRefKey(entityRef: string): string {
  return entityRef.toLocaleLowerCase('en-US');
}

/**
 * A user's teams: the groups among their ownership entity refs, in the order given. Anything else (the user
 * themselves) is no team.
 *
 * @public
 */
export function teamRefsOf(ownershipEntityRefs: readonly string[]): string[] {
  return ownershipEntityRefs.filter(ref => ref.startsWith('group:'));
}

/**
 * The accounts linked to an entity (declared by it, owned by it, part of it or a dependency of it), compared
 * as entity refs are. No entity ref leaves the accounts as they are.
 *
 * @public
 */
export function accountsOfEntity<T extends { relatedRefs: readonly string[] }>(
  accounts: T[],
  entityRef?: string,
): T[] {
  if (!entityRef) return accounts;
  const key = entityRefKey(entityRef);
  return accounts.filter(a => a.relatedRefs.some(r => entityRefKey(r) === key));
}

/**
 * The accounts by owner: each owner's `entityRefKey` to the ids of the accounts it owns, in the order of
 * `accounts`. What a team owns is one lookup, whatever the size of the organisation.
 *
 * @public
 */
export function indexAccountsByOwner(
  accounts: readonly { accountId: string; owners: readonly string[] }[],
): Map<string, Set<string>> {
  const byOwner = new Map<string, Set<string>>();
  for (const account of accounts) {
    for (const owner of account.owners) {
      const key = entityRefKey(owner);
      const ids = byOwner.get(key) ?? new Set<string>();
      ids.add(account.accountId);
      byOwner.set(key, ids);
    }
  }
  return byOwner;
}

/** The ids of the accounts `ownerRef` owns, from `indexAccountsByOwner`. @public */
export function accountsOwnedBy(
  byOwner: ReadonlyMap<string, ReadonlySet<string>>,
  ownerRef: string,
): string[] {
  return [...(byOwner.get(entityRefKey(ownerRef)) ?? [])];
}
