import { useCallback } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';

/** Where in the queries the user is: the library, one query (`?query=`) or one run (`?run=`). */
export interface QueriesPlace {
  query?: string;
  run?: string;
}

/**
 * The queries' place lives in the URL next to whatever else is there (the page's `?tab=`), so every
 * screen can be linked to and the browser's back button works.
 */
export function useQueriesLocation() {
  const location = useLocation();
  const [params, setParams] = useSearchParams();

  const search = useCallback(
    (place: QueriesPlace) => {
      const next = new URLSearchParams(params);
      next.delete('query');
      next.delete('run');
      if (place.query) next.set('query', place.query);
      if (place.run) next.set('run', place.run);
      return next;
    },
    [params],
  );

  /** An absolute link, so it resolves the same wherever the view is mounted. */
  const linkTo = useCallback(
    (place: QueriesPlace) => `${location.pathname}?${search(place)}`,
    [location.pathname, search],
  );

  const go = useCallback(
    (place: QueriesPlace) => setParams(search(place)),
    [setParams, search],
  );

  return {
    queryId: params.get('query') ?? undefined,
    runId: params.get('run') ?? undefined,
    linkTo,
    go,
  };
}
