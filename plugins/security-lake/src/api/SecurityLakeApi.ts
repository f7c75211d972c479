import { createApiRef } from '@backstage/core-plugin-api';
import {
  AccountListResponse,
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
}

/**
 * Reference to the {@link SecurityLakeApi}.
 *
 * @public
 */
export const securityLakeApiRef = createApiRef<SecurityLakeApi>({
  id: 'plugin.security-lake.service',
});
