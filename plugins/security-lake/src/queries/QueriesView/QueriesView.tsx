import { usePermission } from '@backstage/plugin-permission-react';
import { securityLakeQueryRunAdhocPermission } from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Add from '@material-ui/icons/Add';
import { BackLink } from '../../components/BackLink';
import { NamedQueries } from '../NamedQueries';
import { QueryDetail } from '../QueryDetail';
import { QueryLibrary } from '../QueryLibrary';
import { RunHistory } from '../RunHistory';
import { RunView } from '../RunView';
import { SqlEditorPlace, SqlWorkbench } from '../SqlEditor';
import { TeamQueries } from '../TeamQueries';
import { QueriesPlace, useQueriesLocation } from '../useQueriesLocation';

/** Props for {@link QueriesView}. @internal */
export interface QueriesViewProps {
  /** On entity pages: the entity's accounts only, and the runs recorded for it. */
  entityRef?: string;
  /** How often a run is read while it goes on. */
  pollMs?: number;
  /** How long typing in the SQL editor must pause before the SQL is checked. */
  checkDelayMs?: number;
}

/** "New SQL query", above the library, for those allowed ad-hoc SQL. */
function NewSqlQueryBar(props: { onNew: () => void }) {
  const adhoc = usePermission({
    permission: securityLakeQueryRunAdhocPermission,
  });
  if (!adhoc.allowed) return null;
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      justifyContent="space-between"
      gridGap={12}
    >
      <Typography variant="body2" color="textSecondary">
        Run a query of the library, or write your own SQL over the Security Lake
        tables of your accounts.
      </Typography>
      <Button
        variant="contained"
        color="primary"
        startIcon={<Add />}
        onClick={props.onNew}
      >
        New SQL query
      </Button>
    </Box>
  );
}

/**
 * Beside the library: the queries the user's teams saved, and the Athena named queries for those allowed
 * ad-hoc SQL (whose saved SQL also opens only for them).
 */
function TeamAndNamedQueries(props: {
  linkTo: (place: QueriesPlace) => string;
}) {
  const { linkTo } = props;
  const adhoc = usePermission({
    permission: securityLakeQueryRunAdhocPermission,
  });
  return (
    <>
      <TeamQueries
        linkTo={saved => {
          if (saved.queryId) {
            return linkTo({ query: saved.queryId, saved: saved.id });
          }
          return adhoc.allowed ? linkTo({ saved: saved.id }) : undefined;
        }}
      />
      {adhoc.allowed && (
        <NamedQueries linkTo={named => linkTo({ named: named.id })} />
      )}
    </>
  );
}

/**
 * The saved-query library, the SQL editor and runs. Where the user is lives in the URL (`?query=`,
 * `?run=`, `?sql=new`, `?saved=`, `?named=`), so each screen can be linked to: the library with the team's
 * queries and the runs, one query with its run form, the SQL editor with its run, one run.
 *
 * @internal
 */
export function QueriesView(props: QueriesViewProps) {
  const { entityRef, pollMs, checkDelayMs } = props;
  const { queryId, runId, newSql, savedId, namedId, linkTo, go } =
    useQueriesLocation();
  const runLink = (run: { id: string; queryId?: string }) =>
    linkTo({ query: run.queryId, run: run.id });

  // the SQL editor, the team's queries and named queries are the portal page's, not an entity's
  let editorPlace: SqlEditorPlace | undefined;
  if (!entityRef) {
    if (namedId) editorPlace = { kind: 'named', id: namedId };
    else if (savedId && !queryId) editorPlace = { kind: 'saved', id: savedId };
    else if (newSql) editorPlace = { kind: 'new' };
  }
  const teamValues = entityRef ? undefined : savedId;

  if (editorPlace) {
    return (
      <SqlWorkbench
        place={editorPlace}
        runId={runId}
        pollMs={pollMs}
        checkDelayMs={checkDelayMs}
        backLink={<BackLink to={linkTo({})}>All queries</BackLink>}
      />
    );
  }
  if (runId) {
    return (
      <Box display="flex" flexDirection="column" gridGap={12}>
        <Box>
          <BackLink to={linkTo({ query: queryId, saved: teamValues })}>
            {queryId ? 'Back to the query' : 'All queries'}
          </BackLink>
        </Box>
        <RunView
          // polling and paging start over for another run
          key={runId}
          runId={runId}
          pollMs={pollMs}
          linkToRun={id => linkTo({ query: queryId, run: id })}
        />
      </Box>
    );
  }
  if (queryId) {
    return (
      <Box display="flex" flexDirection="column" gridGap={12}>
        <Box>
          <BackLink to={linkTo({})}>All queries</BackLink>
        </Box>
        <QueryDetail
          queryId={queryId}
          entityRef={entityRef}
          savedId={teamValues}
          allowSave={!entityRef}
          onStarted={run =>
            go({ query: queryId, saved: teamValues, run: run.id })
          }
          linkToRun={runLink}
        />
      </Box>
    );
  }
  return (
    <Box display="flex" flexDirection="column" gridGap={24}>
      {!entityRef && <NewSqlQueryBar onNew={() => go({ sql: 'new' })} />}
      <QueryLibrary linkTo={id => linkTo({ query: id })} />
      {!entityRef && <TeamAndNamedQueries linkTo={linkTo} />}
      <RunHistory
        filter={entityRef ? { entityRef } : { mine: true }}
        title={entityRef ? 'Runs for this entity' : 'Your runs'}
        emptyText={
          entityRef
            ? 'Nobody has run a query from this entity’s page yet.'
            : 'You have not run a query yet. Open one above to run it.'
        }
        linkTo={runLink}
      />
    </Box>
  );
}
