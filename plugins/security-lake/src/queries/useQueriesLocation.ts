import { useCallback } from 'react';
import { useLocation, useSearchParams } from 'react-router-dom';

/**
 * Where in the queries the user is: the library, one query (`?query=`), one run (`?run=`), or the SQL
 * editor with a new statement (`?sql=new`), a team's saved query (`?saved=`) or an Athena named query
 * (`?named=`). `saved` next to `query` opens the library query with the team's saved values; `run` next to
 * an editor place shows the run under the editor.
 */
export interface QueriesPlace {
  query?: string;
  run?: string;
  sql?: 'new';
  saved?: string;
  named?: string;
}

const KEYS = ['query', 'run', 'sql', 'saved', 'named'] as const;

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
      for (const key of KEYS) {
        next.delete(key);
        const value = place[key];
        if (value) next.set(key, value);
      }
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
    (place: QueriesPlace, options?: { replace?: boolean }) =>
      setParams(search(place), options),
    [setParams, search],
  );

  return {
    queryId: params.get('query') ?? undefined,
    runId: params.get('run') ?? undefined,
    newSql: params.get('sql') === 'new',
    savedId: params.get('saved') ?? undefined,
    namedId: params.get('named') ?? undefined,
    linkTo,
    go,
  };
}
