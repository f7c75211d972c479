import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import ArrowBack from '@material-ui/icons/ArrowBack';
import { QueryDetail } from '../QueryDetail';
import { QueryLibrary } from '../QueryLibrary';
import { RunHistory } from '../RunHistory';
import { RunView } from '../RunView';
import { useQueriesLocation } from '../useQueriesLocation';

/** Props for {@link QueriesView}. @internal */
export interface QueriesViewProps {
  /** On entity pages: the entity's accounts only, and the runs recorded for it. */
  entityRef?: string;
  /** How often a run is read while it goes on. */
  pollMs?: number;
}

function BackLink(props: { to: string; children: string }) {
  return (
    <Link to={props.to}>
      <Box display="inline-flex" alignItems="center" gridGap={4}>
        <ArrowBack fontSize="small" />
        {props.children}
      </Box>
    </Link>
  );
}

/**
 * The saved-query library and runs. Where the user is lives in the URL (`?query=`, `?run=`), so each
 * screen can be linked to: the library with the runs, one query with its run form, one run.
 *
 * @internal
 */
export function QueriesView(props: QueriesViewProps) {
  const { entityRef, pollMs } = props;
  const { queryId, runId, linkTo, go } = useQueriesLocation();
  const runLink = (run: { id: string; queryId?: string }) =>
    linkTo({ query: run.queryId, run: run.id });

  if (runId) {
    return (
      <Box display="flex" flexDirection="column" gridGap={12}>
        <Box>
          <BackLink to={linkTo({ query: queryId })}>
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
          onStarted={run => go({ query: queryId, run: run.id })}
          linkToRun={runLink}
        />
      </Box>
    );
  }
  return (
    <Box display="flex" flexDirection="column" gridGap={24}>
      <QueryLibrary linkTo={id => linkTo({ query: id })} />
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
