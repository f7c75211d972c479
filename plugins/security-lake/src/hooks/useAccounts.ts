import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { securityLakeApiRef } from '../api';

/** Loads the accounts the caller may see, optionally only those linked to one entity. */
export function useAccounts(options?: { entityRef?: string }) {
  const api = useApi(securityLakeApiRef);
  const entityRef = options?.entityRef;
  return useAsyncRetry(
    () => api.listAccounts(entityRef ? { entityRef } : undefined),
    [api, entityRef],
  );
}
