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
  /** Catalog entities carrying the account id annotation. */
  entityRefs: string[];
  /** Owners of those entities. */
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
