import { EmptyState, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  securityLakeQueryRunAdhocPermission,
  TeamQuery,
} from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import { ReactNode, useEffect, useRef, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { securityLakeApiRef } from '../../api';
import { RunView } from '../RunView';
import { QueriesPlace, useQueriesLocation } from '../useQueriesLocation';
import { SqlEditor } from './SqlEditor';
import { LoadError } from '../../components/LoadError';

/** Which SQL the editor opens. @internal */
export type SqlEditorPlace =
  | { kind: 'new' }
  | { kind: 'saved'; id: string }
  | { kind: 'named'; id: string };

/** Props for {@link SqlWorkbench}. @internal */
export interface SqlWorkbenchProps {
  place: SqlEditorPlace;
  /** The run to show under the editor. */
  runId?: string;
  /** How often a run is read while it goes on. */
  pollMs?: number;
  /** How long typing must pause before the SQL is checked. */
  checkDelayMs?: number;
  /** The way back, above the editor. */
  backLink?: ReactNode;
}

function urlPlace(place: SqlEditorPlace): QueriesPlace {
  if (place.kind === 'saved') return { saved: place.id };
  if (place.kind === 'named') return { named: place.id };
  return { sql: 'new' };
}

function placeKey(place: SqlEditorPlace): string {
  return place.kind === 'new' ? 'new' : `${place.kind}:${place.id}`;
}

/**
 * The SQL editor on its own URL (`?sql=new`, `?saved=`, `?named=`), with the run it started under it
 * (`&run=`), so the statement stays in the editor while its result is looked at. Only for those allowed
 * ad-hoc SQL.
 *
 * @internal
 */
export function SqlWorkbench(props: SqlWorkbenchProps) {
  const { place, runId, pollMs, checkDelayMs, backLink } = props;
  const api = useApi(securityLakeApiRef);
  const { go, linkTo } = useQueriesLocation();
  const adhoc = usePermission({
    permission: securityLakeQueryRunAdhocPermission,
  });
  const runRef = useRef<HTMLDivElement>(null);

  // what "Save as…" just made: the URL moves to it without reading it again or starting the editor over
  const [adopted, setAdopted] = useState<TeamQuery>();
  const key = placeKey(place);
  const [session, setSession] = useState({ key, editorKey: key });
  if (session.key !== key) {
    const ownSave = place.kind === 'saved' && adopted?.id === place.id;
    setSession({ key, editorKey: ownSave ? session.editorKey : key });
  }

  const savedId = place.kind === 'saved' ? place.id : undefined;
  const namedId = place.kind === 'named' ? place.id : undefined;
  const known = savedId !== undefined && adopted?.id === savedId;
  const opened = useAsync(async () => {
    if (!adhoc.allowed) return undefined;
    if (savedId !== undefined && !known) {
      return { saved: await api.getTeamSavedQuery(savedId) };
    }
    if (namedId !== undefined) {
      const { items } = await api.listNamedQueries();
      const named = items.find(q => q.id === namedId);
      if (!named) throw new NotFoundError(`No Athena named query ${namedId}`);
      return { named };
    }
    return {};
  }, [api, adhoc.allowed, savedId, namedId, known]);

  // a team's values for a library query open in that query's form
  const libraryQueryId = opened.value?.saved?.queryId;
  useEffect(() => {
    if (libraryQueryId && savedId) {
      go({ query: libraryQueryId, saved: savedId }, { replace: true });
    }
  }, [go, libraryQueryId, savedId]);

  // a run just started is scrolled to, under the editor
  useEffect(() => {
    if (runId && typeof runRef.current?.scrollIntoView === 'function') {
      runRef.current.scrollIntoView({ behavior: 'smooth', block: 'start' });
    }
  }, [runId]);

  const frame = (children: ReactNode) => (
    <Box display="flex" flexDirection="column" gridGap={12}>
      {backLink && <Box>{backLink}</Box>}
      {children}
    </Box>
  );

  if (adhoc.loading) return frame(<Progress />);
  if (!adhoc.allowed) {
    return frame(
      <EmptyState
        missing="info"
        title="You may not run your own SQL"
        description="Ad-hoc SQL needs the security-lake.query.run-adhoc permission; ask the platform team. The library's queries are open to you."
      />,
    );
  }
  // what was just saved is known already: no reading it again, which would start the editor over
  if (!known) {
    if (opened.error) {
      return frame(<LoadError error={opened.error} what="this query" />);
    }
    if (opened.loading || !opened.value || libraryQueryId) {
      return frame(<Progress />);
    }
  }
  const saved = known ? adopted : opened.value?.saved;
  const named = known ? undefined : opened.value?.named;

  const here = saved ? { saved: saved.id } : urlPlace(place);
  return frame(
    <>
      <SqlEditor
        key={session.editorKey}
        initialSql={saved?.sql ?? named?.sql ?? ''}
        savedQuery={saved}
        title={named?.name}
        checkDelayMs={checkDelayMs}
        onStarted={run => go({ ...here, run: run.id })}
        onSaved={next => {
          setAdopted(next);
          go({ saved: next.id, run: runId });
        }}
      />
      {runId && (
        <div ref={runRef}>
          <RunView
            key={runId}
            runId={runId}
            pollMs={pollMs}
            linkToRun={id => linkTo({ ...here, run: id })}
          />
        </div>
      )}
    </>,
  );
}
