import { FindingsSnapshotState } from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import CircularProgress from '@material-ui/core/CircularProgress';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { formatTime, plural } from '../format';

/** At most this many failed copies are named one by one. */
const LISTED = 10;

/**
 * Where the portal's copies of the findings stand: a progress bar while some are read from the lake (the
 * view asks again until they are), and a warning naming each account and region whose copy could not be
 * read, with the reason. What was read is shown either way.
 *
 * @internal
 */
export function SnapshotStatus(props: {
  snapshots: FindingsSnapshotState[];
  /** Leave the progress to a {@link SnapshotProgress} placed where it moves nothing. */
  withoutProgress?: boolean;
}) {
  const refreshing = props.snapshots.filter(s => s.state === 'refreshing');
  const failed = props.snapshots.filter(s => s.state === 'failed');
  return (
    <>
      {refreshing.length > 0 && !props.withoutProgress && (
        <Box>
          <Typography variant="body2" color="textSecondary" gutterBottom>
            Reading findings from the lake… {refreshing.length} of{' '}
            {plural(props.snapshots.length, 'account-region')} still to come;
            this updates by itself.
          </Typography>
          <LinearProgress aria-label="Reading findings from the lake" />
        </Box>
      )}
      {failed.length > 0 && (
        <Alert severity="warning">
          <AlertTitle>
            {failed.length === 1
              ? `The findings of account ${failed[0].accountId} in ${failed[0].region} could not be read`
              : `The findings of ${failed.length} account-regions could not be read`}
          </AlertTitle>
          {failed.length === 1 ? (
            <FailedReason snapshot={failed[0]} />
          ) : (
            <Box component="ul" m={0} pl={2}>
              {failed.slice(0, LISTED).map(s => (
                <li key={`${s.accountId}|${s.region}`}>
                  {s.accountId} in {s.region}: <FailedReason snapshot={s} />
                </li>
              ))}
              {failed.length > LISTED && (
                <li>and {failed.length - LISTED} more</li>
              )}
            </Box>
          )}
        </Alert>
      )}
    </>
  );
}

/**
 * The same progress in one line that fits beside a heading, so its coming and going never moves what the
 * user is reading.
 *
 * @internal
 */
export function SnapshotProgress(props: {
  snapshots: FindingsSnapshotState[];
}) {
  const refreshing = props.snapshots.filter(s => s.state === 'refreshing');
  if (refreshing.length === 0) return null;
  return (
    <Box display="flex" alignItems="center" gridGap={8} role="status">
      <CircularProgress size={14} aria-label="Reading findings from the lake" />
      <Typography variant="caption" color="textSecondary">
        Reading findings from the lake… {refreshing.length} of{' '}
        {plural(props.snapshots.length, 'account-region')} still to come
      </Typography>
    </Box>
  );
}

function FailedReason(props: { snapshot: FindingsSnapshotState }) {
  const { error, refreshedAt } = props.snapshot;
  return (
    <>
      {error ?? 'no reason given'}.{' '}
      {refreshedAt
        ? `Last read successfully at ${formatTime(refreshedAt)}.`
        : 'It has not been read successfully yet.'}
    </>
  );
}
