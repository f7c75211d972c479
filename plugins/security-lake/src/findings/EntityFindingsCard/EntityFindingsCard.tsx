import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  DEFAULT_WINDOW_DAYS,
  mergeSnapshots,
  plural,
  windowPhrase,
} from '../format';
import { SeveritySummary } from '../SeveritySummary';
import { SnapshotStatus } from '../SnapshotStatus';
import { useFindingsSummary } from '../useFindings';
import { useSecurityLakeLink } from '../useSecurityLakeLink';
import { LoadError } from '../../components/LoadError';
import { NoVisibleAccounts } from '../../components/NoVisibleAccounts';

/** Props for {@link EntityFindingsCard}. @internal */
export interface EntityFindingsCardProps {
  /** How often to ask again while findings are read from the lake. */
  pollMs?: number;
}

/**
 * The current entity's Security Hub findings by severity over the last week, each count linking to the
 * Security Lake page's findings filtered to the entity and that severity.
 *
 * @internal
 */
export function EntityFindingsCard(props: EntityFindingsCardProps) {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const summary = useFindingsSummary({ entityRef }, props.pollMs);
  const pageLink = useSecurityLakeLink();
  const value = summary.value;
  // no account of the entity's is the user's to see: nothing was read, nothing is missing
  const noneVisible =
    !!value &&
    value.snapshots.length === 0 &&
    value.notCollected.length === 0 &&
    value.accounts.length === 0;
  const noneCollected =
    !!value &&
    value.notCollected.length > 0 &&
    value.total === 0 &&
    value.accounts.every(a => value.notCollected.includes(a.accountId));

  return (
    <InfoCard
      title="Security Lake findings"
      subheader={`Security Hub findings of this entity’s AWS accounts ${windowPhrase(
        DEFAULT_WINDOW_DAYS,
      )}`}
      deepLink={
        pageLink && value && value.total > 0
          ? {
              title: `View all ${plural(value.total, 'finding')}`,
              link: pageLink({ tab: 'findings', entityRef }),
            }
          : undefined
      }
    >
      <Box display="flex" flexDirection="column" gridGap={12}>
        {summary.error && (
          <LoadError error={summary.error} what="the findings" />
        )}
        {!value && summary.loading && <Progress />}
        {value && (
          <SnapshotStatus snapshots={mergeSnapshots(value.snapshots)} />
        )}
        {noneVisible && <NoVisibleAccounts />}
        {noneCollected && (
          <Alert severity="info">
            None of this entity’s AWS accounts collects Security Hub findings
            into Security Lake ({value!.notCollected.join(', ')}).
          </Alert>
        )}
        {value && !noneVisible && !noneCollected && value.total === 0 && (
          <Typography variant="body2" color="textSecondary">
            {value.snapshots.some(s => s.state === 'refreshing')
              ? 'No findings read yet.'
              : `No findings ${windowPhrase(DEFAULT_WINDOW_DAYS)}.`}
          </Typography>
        )}
        {value && value.total > 0 && (
          <>
            <SeveritySummary
              bySeverity={value.bySeverity}
              linkTo={
                pageLink &&
                (severity => pageLink({ tab: 'findings', severity, entityRef }))
              }
            />
            <Typography variant="body2" color="textSecondary">
              {plural(value.total, 'finding')},{' '}
              {value.newInWindow.toLocaleString()} first seen{' '}
              {windowPhrase(DEFAULT_WINDOW_DAYS)}.
            </Typography>
          </>
        )}
        {value && !noneCollected && value.notCollected.length > 0 && (
          <Typography variant="caption" color="textSecondary">
            Not collecting Security Hub findings:{' '}
            {value.notCollected.join(', ')}.
          </Typography>
        )}
      </Box>
    </InfoCard>
  );
}
