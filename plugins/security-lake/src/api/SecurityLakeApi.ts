import { createApiRef } from '@backstage/core-plugin-api';
import {
  AccountListResponse,
  CoverageAccountResponse,
  CoverageFilter,
  CoverageListResponse,
  CoverageRefreshState,
  SecurityLakeInfo,
} from '@internal/plugin-security-lake-common';

/**
 * Client for the security-lake backend.
 *
 * @public
 */
export interface SecurityLakeApi {
  /** Which engine and control plane the backend runs on. */
  getInfo(): Promise<SecurityLakeInfo>;
  /**
   * Lists the AWS accounts the caller may see.
   *
   * @param options - `entityRef` restricts the list to accounts linked to that catalog entity.
   */
  listAccounts(options?: { entityRef?: string }): Promise<AccountListResponse>;
  /** One page of the coverage matrix, with summary counts over every account that matches. */
  listCoverage(
    filter: CoverageFilter,
    page?: { cursor?: string; limit?: number },
  ): Promise<CoverageListResponse>;
  /** One account's coverage per region and source. */
  getAccountCoverage(accountId: string): Promise<CoverageAccountResponse>;
  /** The matching coverage as CSV, one row per account, region and source. */
  exportCoverage(filter: CoverageFilter): Promise<Blob>;
  /** Asks for a coverage refresh now (platform owners). */
  refreshCoverage(): Promise<CoverageRefreshState>;
}

/**
 * Reference to the {@link SecurityLakeApi}.
 *
 * @public
 */
export const securityLakeApiRef = createApiRef<SecurityLakeApi>({
  id: 'plugin.security-lake.service',
});
