import { InfoCard, Progress } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  QueryRun,
  QueryRunParameters,
  securityLakeQueryManagePermission,
  TeamQuery,
} from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { securityLakeApiRef } from '../../api';
import { useAccounts } from '../../hooks/useAccounts';
import { RunForm, RunFormProps } from '../RunForm';
import { SaveQueryDialog } from '../SaveQueryDialog';
import { RunHistory } from '../RunHistory';
import { sourceTitle } from '../../components/sourceTitle';
import { useLibraryQuery } from '../useLibraryQuery';
import { LoadError } from '../../components/LoadError';

/** Props for {@link QueryDetail}. @internal */
export interface QueryDetailProps {
  queryId: string;
  /** On entity pages: only the entity's accounts, and runs recorded for it. */
  entityRef?: string;
  onStarted: (run: QueryRun) => void;
  linkToRun: (run: QueryRun) => string;
  /** A team's saved query of this library query, whose values the form starts from. */
  savedId?: string;
  /** Offer "Save as…" for the form's values, to those allowed to manage saved queries. */
  allowSave?: boolean;
}

/** The run form with "Save as…" for those allowed to keep the values for their team. */
function SavingRunForm(props: RunFormProps) {
  const alertApi = useApi(alertApiRef);
  const canManage = usePermission({
    permission: securityLakeQueryManagePermission,
  }).allowed;
  const [saving, setSaving] = useState<QueryRunParameters>();
  const { query } = props.detail;
  return (
    <>
      <RunForm {...props} onSaveAs={canManage ? setSaving : undefined} />
      {canManage && (
        <SaveQueryDialog
          open={!!saving}
          content={{ queryId: query.id, parameters: saving }}
          initial={{ name: query.title }}
          onClose={() => setSaving(undefined)}
          onSaved={saved => {
            setSaving(undefined);
            alertApi.post({
              message: `Saved “${saved.name}” for your team`,
              severity: 'success',
              display: 'transient',
            });
          }}
        />
      )}
    </>
  );
}

/** A team's saved values for the query, when the URL names them. */
function useTeamValues(queryId: string, savedId?: string) {
  const api = useApi(securityLakeApiRef);
  return useAsync(async (): Promise<TeamQuery | undefined> => {
    if (!savedId) return undefined;
    const saved = await api.getTeamSavedQuery(savedId);
    return saved.queryId === queryId ? saved : undefined;
  }, [api, queryId, savedId]);
}

/**
 * One library query: what it reads, the form to run it for the caller's accounts, and its earlier runs.
 *
 * @internal
 */
export function QueryDetail(props: QueryDetailProps) {
  const { queryId, entityRef, onStarted, linkToRun, savedId, allowSave } =
    props;
  const detail = useLibraryQuery(queryId);
  const teamValues = useTeamValues(queryId, savedId);
  // titles for the account picker; on entity pages also the accounts it may offer
  const accounts = useAccounts(entityRef ? { entityRef } : undefined);

  if (detail.error) {
    return (
      <LoadError
        error={detail.error}
        what="this query"
        onRetry={detail.retry}
      />
    );
  }
  if (entityRef && accounts.error) {
    return (
      <LoadError
        error={accounts.error}
        what="this entity's accounts"
        onRetry={accounts.retry}
      />
    );
  }
  if (teamValues.error) {
    return (
      <LoadError error={teamValues.error} what="your team's saved values" />
    );
  }
  if (
    detail.loading ||
    !detail.value ||
    accounts.loading ||
    teamValues.loading
  ) {
    return <Progress />;
  }
  const { query } = detail.value;
  const saved = teamValues.value;
  const Form = allowSave ? SavingRunForm : RunForm;
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
          {saved && (
            <Alert severity="info">
              With the values your team saved as “{saved.name}”
              {saved.description ? `: ${saved.description}` : ''}
            </Alert>
          )}
          <Form
            // a fresh form for another query or other saved values
            key={`${query.id}:${saved?.id ?? ''}`}
            detail={detail.value}
            accounts={accounts.value?.items ?? []}
            onlyListedAccounts={!!entityRef}
            entityRef={entityRef}
            onStarted={onStarted}
            initialValues={saved?.parameters}
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
