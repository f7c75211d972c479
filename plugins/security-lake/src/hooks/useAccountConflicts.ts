import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { securityLakeApiRef } from '../api';

/**
 * Loads the accounts whose ownership the catalog disputes, among those the caller may see (platform owners:
 * all; team members: none). `skip` leaves them unasked, e.g. on entity pages.
 */
export function useAccountConflicts(options?: { skip?: boolean }) {
  const api = useApi(securityLakeApiRef);
  const skip = options?.skip ?? false;
  return useAsyncRetry(
    async () => (skip ? { items: [] } : await api.listAccountConflicts()),
    [api, skip],
  );
}
