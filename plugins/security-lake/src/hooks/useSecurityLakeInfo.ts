import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { securityLakeApiRef } from '../api';

/** Loads which engine and control plane the backend runs on. */
export function useSecurityLakeInfo() {
  const api = useApi(securityLakeApiRef);
  return useAsyncRetry(() => api.getInfo(), [api]);
}
