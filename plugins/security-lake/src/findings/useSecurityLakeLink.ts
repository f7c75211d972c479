import { useRouteRef } from '@backstage/core-plugin-api';
import { useCallback } from 'react';
import { rootRouteRef } from '../routes';

/**
 * Links into the Security Lake page (`/security-lake?tab=findings&severity=Critical`), from wherever the
 * component is: the page, an entity's tab or card, in either frontend system. Undefined when the app has
 * not mounted the page, so callers show plain text instead of a broken link.
 */
export function useSecurityLakeLink():
  | ((params: Record<string, string | undefined>) => string)
  | undefined {
  let root: (() => string) | undefined;
  try {
    // useRouteRef throws "No path for routeRef" when the page is not mounted, but only after every hook
    // inside it has run, so the hooks stay in the same order either way
    // eslint-disable-next-line react-hooks/rules-of-hooks
    root = useRouteRef(rootRouteRef);
  } catch {
    root = undefined;
  }
  const base = root?.();
  const link = useCallback(
    (params: Record<string, string | undefined>) => {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(params)) {
        if (value) search.set(key, value);
      }
      const query = search.toString();
      return `${base}${query ? `?${query}` : ''}`;
    },
    [base],
  );
  return base === undefined ? undefined : link;
}
