import { useCallback } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';

/**
 * A view's place kept in the URL beside whatever else is there (the page's `?tab=`), so every screen can be
 * linked to and the browser's back button works. `keys` are the parameters the view owns: a place sets
 * those it names and clears the others.
 *
 * @internal
 */
export function usePlaceInUrl<K extends string>(keys: readonly K[]) {
  const location = useLocation();
  const [params, setParams] = useSearchParams();

  const search = useCallback(
    (place: Partial<Record<K, string>>) => {
      const next = new URLSearchParams(params);
      for (const key of keys) {
        next.delete(key);
        const value = place[key];
        if (value) next.set(key, value);
      }
      return next;
    },
    [params, keys],
  );

  /** An absolute link, so it resolves the same wherever the view is mounted. */
  const linkTo = useCallback(
    (place: Partial<Record<K, string>>) =>
      `${location.pathname}?${search(place)}`,
    [location.pathname, search],
  );

  const go = useCallback(
    (place: Partial<Record<K, string>>, options?: { replace?: boolean }) =>
      setParams(search(place), options),
    [setParams, search],
  );

  return { params, linkTo, go };
}
