import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { QueryRun } from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { useAccounts } from '../../accounts/useAccounts';
import { RunForm } from '../RunForm';
import { RunHistory } from '../RunHistory';
import { sourceTitle } from '../../components/sourceTitle';
import { useSavedQuery } from '../useSavedQuery';

/** Props for {@link QueryDetail}. @internal */
export interface QueryDetailProps {
  queryId: string;
  /** On entity pages: only the entity's accounts, and runs recorded for it. */
  entityRef?: string;
  onStarted: (run: QueryRun) => void;
  linkToRun: (run: QueryRun) => string;
}

/**
 * One library query: what it reads, the form to run it for the caller's accounts, and its earlier runs.
 *
 * @internal
 */
export function QueryDetail(props: QueryDetailProps) {
  const { queryId, entityRef, onStarted, linkToRun } = props;
  const detail = useSavedQuery(queryId);
  // titles for the account picker; on entity pages also the accounts it may offer
  const accounts = useAccounts(entityRef ? { entityRef } : undefined);

  if (detail.error) {
    return <ResponseErrorPanel error={detail.error} />;
  }
  if (entityRef && accounts.error) {
    return <ResponseErrorPanel error={accounts.error} />;
  }
  if (detail.loading || !detail.value || accounts.loading) {
    return <Progress />;
  }
  const { query } = detail.value;
  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <InfoCard title={query.title} subheader={query.description}>
        <Box display="flex" flexDirection="column" gridGap={16}>
          <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={8}>
            <Typography variant="body2" color="textSecondary">
              Reads
            </Typography>
            {query.sources.map(s => (
              <Chip key={s} size="small" label={sourceTitle(s)} />
            ))}
            {query.tags.map(t => (
              <Chip key={t} size="small" variant="outlined" label={t} />
            ))}
          </Box>
          <RunForm
            // a fresh form for another query
            key={query.id}
            detail={detail.value}
            accounts={accounts.value?.items ?? []}
            onlyListedAccounts={!!entityRef}
            entityRef={entityRef}
            onStarted={onStarted}
          />
        </Box>
      </InfoCard>
      <RunHistory
        filter={entityRef ? { queryId, entityRef } : { queryId, mine: true }}
        title={
          entityRef
            ? 'Earlier runs of this query for this entity'
            : 'Your earlier runs of this query'
        }
        emptyText="No runs yet."
        linkTo={linkToRun}
      />
    </Box>
  );
}
