import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { securityLakeApiRef } from '../api';

/** The saved-query library, filtered on the server; the unfiltered list as well, for the filters' choices. */
export function useQueryLibrary(filter: {
  q?: string;
  source?: string;
  tag?: string;
}) {
  const api = useApi(securityLakeApiRef);
  const { q, source, tag } = filter;
  const filtered = !!(q || source || tag);
  const all = useAsyncRetry(() => api.listQueries(), [api]);
  const matching = useAsyncRetry(
    async () =>
      filtered
        ? api.listQueries({
            ...(q ? { q } : {}),
            ...(source ? { source } : {}),
            ...(tag ? { tag } : {}),
          })
        : undefined,
    [api, filtered, q, source, tag],
  );
  return { all, matching: filtered ? matching : all };
}
