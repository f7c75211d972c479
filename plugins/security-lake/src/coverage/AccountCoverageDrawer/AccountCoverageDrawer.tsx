import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  CoverageCell,
  DataLakeException,
} from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Drawer from '@material-ui/core/Drawer';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Close from '@material-ui/icons/Close';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { securityLakeApiRef } from '../../api';
import { HealthChip } from '../health';
import { VolumeSparkline } from '../VolumeSparkline';
import { LoadError } from '../../components/LoadError';
import { ScrollArea } from '../../components/ScrollArea';
import { shortEntityName } from '../../components/entityNames';

function when(iso?: string) {
  return iso ? new Date(iso).toLocaleString() : 'none in the window';
}

function statusText(row: CoverageCell | { absent: true }): string {
  if ('absent' in row) return 'not configured';
  if (row.status) return row.status.toLowerCase().replace('_', ' ');
  return row.health === 'absent' ? 'not configured, data arrives' : '—';
}

/** Props for {@link AccountCoverageDrawer}. @internal */
export interface AccountCoverageDrawerProps {
  accountId?: string;
  /** The source the user opened the account from, listed first. */
  sourceKey?: string;
  onClose: () => void;
  /** Whether the user is of the platform team, who fix what Security Lake reports as exceptions. */
  fixesExceptions?: boolean;
}

/**
 * One account by region and source: health, Security Lake's status, the newest event, 14 days of volume
 * and the exceptions that name it with what to do about them.
 *
 * @internal
 */
export function AccountCoverageDrawer(props: AccountCoverageDrawerProps) {
  const { accountId, sourceKey, onClose } = props;
  const api = useApi(securityLakeApiRef);
  const detail = useAsyncRetry(
    async () => (accountId ? api.getAccountCoverage(accountId) : undefined),
    [api, accountId],
  );

  const value = detail.value;
  const titleOf = (key: string) =>
    value?.sources.find(s => s.key === key)?.title ?? key;
  // every region the account sends anything from, every source: what is missing shows as absent
  const regions = value
    ? [...new Set(value.cells.map(c => c.region))].sort()
    : [];
  // the source the user came from first
  const keys = value
    ? [
        ...value.sources.filter(s => s.key === sourceKey),
        ...value.sources.filter(s => s.key !== sourceKey),
      ].map(s => s.key)
    : [];
  const rows: (
    | CoverageCell
    | { region: string; source: string; absent: true }
  )[] = [];
  for (const key of keys) {
    // a custom source is listed where it is configured; elsewhere it does not apply
    const inPlay = key.startsWith('ext:')
      ? value!.cells.filter(c => c.source === key).map(c => c.region)
      : regions;
    for (const region of inPlay) {
      const cells = value!.cells.filter(
        c => c.source === key && c.region === region,
      );
      if (cells.length) rows.push(...cells);
      else rows.push({ region, source: key, absent: true });
    }
  }
  const exceptions: DataLakeException[] = value
    ? value.cells.flatMap(c => c.exceptions ?? [])
    : [];

  return (
    <Drawer anchor="right" open={!!accountId} onClose={onClose}>
      <Box
        width={880}
        maxWidth="100vw"
        p={3}
        boxSizing="border-box"
        role="region"
        aria-label={`Coverage of ${accountId}`}
      >
        <Box display="flex" alignItems="center" justifyContent="space-between">
          <Typography variant="h5">
            {accountId}
            {value?.account.title ? ` · ${value.account.title}` : ''}
          </Typography>
          <IconButton aria-label="Close" onClick={onClose}>
            <Close />
          </IconButton>
        </Box>
        {value && (
          <Typography variant="body2" color="textSecondary" gutterBottom>
            {value.account.owners.length
              ? `Owned by ${value.account.owners.map(shortEntityName).join(', ')}`
              : 'Not in the catalog: nobody owns this account'}
            {value.refresh.refreshedAt &&
              ` · read ${new Date(value.refresh.refreshedAt).toLocaleString()}`}
          </Typography>
        )}
        {detail.loading && <Progress />}
        {detail.error && (
          <LoadError
            error={detail.error}
            what="this account's coverage"
            onRetry={detail.retry}
          />
        )}
        {exceptions.map((e, i) => (
          <Box key={i} mt={2}>
            <Alert severity="error">
              <AlertTitle>
                {e.region}: {e.exception}
              </AlertTitle>
              {e.remediation ?? 'AWS gives no remediation for this exception.'}
              {!props.fixesExceptions &&
                ' Only the platform team can fix this in Security Lake: tell them if it lasts.'}
              {e.timestamp && ` (${new Date(e.timestamp).toLocaleString()})`}
            </Alert>
          </Box>
        ))}
        {value && (
          <ScrollArea aria-label="Coverage by region and source">
            <Table size="small" aria-label="Coverage by region and source">
              <TableHead>
                <TableRow>
                  <TableCell>Source</TableCell>
                  <TableCell>Region</TableCell>
                  <TableCell>Health</TableCell>
                  <TableCell>Security Lake says</TableCell>
                  <TableCell>Newest event</TableCell>
                  <TableCell>Events per day</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map(row => (
                  <TableRow
                    key={`${row.source}|${row.region}|${
                      'version' in row ? row.version : ''
                    }`}
                    selected={row.source === sourceKey}
                  >
                    <TableCell>
                      {titleOf(row.source)}
                      {'version' in row && (
                        <Typography variant="caption" color="textSecondary">
                          {' '}
                          v{row.version}
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell style={{ whiteSpace: 'nowrap' }}>
                      {row.region}
                    </TableCell>
                    <TableCell>
                      <HealthChip
                        health={'absent' in row ? 'absent' : row.health}
                      />
                    </TableCell>
                    <TableCell>{statusText(row)}</TableCell>
                    <TableCell>
                      {'absent' in row ? '—' : when(row.lastEventAt)}
                    </TableCell>
                    <TableCell>
                      {'absent' in row ? (
                        '—'
                      ) : (
                        <VolumeSparkline
                          volume={row.volume}
                          width={110}
                          height={28}
                          endDay={value.volumeEndDay}
                        />
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </ScrollArea>
        )}
      </Box>
    </Drawer>
  );
}
