import { SecurityLakeSourceName, SecurityLakeSourceVersion } from '../sources';

/**
 * A source an account collects, with the regions it is collected in.
 *
 * @public
 */
export interface AccountSource {
  source: SecurityLakeSourceName;
  version: SecurityLakeSourceVersion;
  regions: string[];
}

/**
 * An AWS account the caller may see.
 *
 * @public
 */
export interface AccountSummary {
  accountId: string;
  /** Display name taken from the catalog entity that declares the account. */
  title?: string;
  /**
   * The catalog entities that declare the account: those of the kinds and types in
   * `securityLake.catalog.accountEntities` carrying the account id annotation.
   */
  entityRefs: string[];
  /** Owners of those entities; none while they disagree (an {@link AccountOwnershipConflict}). */
  owners: string[];
  /** False for accounts that send data to the lake but are not declared in the catalog. */
  inCatalog: boolean;
  regions: string[];
  sources: AccountSource[];
}

/** @public */
export interface AccountListResponse {
  items: AccountSummary[];
  /** When the control plane was last read; absent before the first refresh. */
  refreshedAt?: string;
}

/**
 * One catalog entity of a trusted kind declaring an account, with its owners.
 *
 * @public
 */
export interface AccountOwnershipClaim {
  entityRef: string;
  owners: string[];
}

/**
 * An account that entities of the trusted kinds declare with different owners. Until the catalog agrees,
 * none of the claimants' teams owns it; only those who may see every account (platform owners) see it.
 *
 * @public
 */
export interface AccountOwnershipConflict {
  accountId: string;
  /** Every claim on the account, ordered by entity ref. */
  claims: AccountOwnershipClaim[];
}

/** @public */
export interface AccountConflictList {
  /** The conflicts over accounts the caller may see, ordered by account id. */
  items: AccountOwnershipConflict[];
}
