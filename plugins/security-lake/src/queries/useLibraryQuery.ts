import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { securityLakeApiRef } from '../api';

/** One library query with its SQL and where the caller's accounts collect its source. */
export function useLibraryQuery(queryId: string) {
  const api = useApi(securityLakeApiRef);
  return useAsyncRetry(() => api.getQuery(queryId), [api, queryId]);
}
