import { usePlaceInUrl } from '../hooks/usePlaceInUrl';

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
  const { params, linkTo, go } = usePlaceInUrl<keyof QueriesPlace>(KEYS);
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
