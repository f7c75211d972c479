import { Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  FindingContextRun,
  FindingContextRuns,
} from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Search from '@material-ui/icons/Search';
import Alert from '@material-ui/lab/Alert';
import { useId, useState } from 'react';
import { securityLakeApiRef } from '../../api';
import { sourceTitle } from '../../components/sourceTitle';
import { ScrollArea } from '../../components/ScrollArea';
import { serverMessage } from '../../api/serverMessage';
import { RunStateChip } from '../../components/RunStateChip';
import { formatTime } from '../format';
import { useRun } from '../../hooks/useRun';

/** The windows offered, in minutes either side of the finding's latest report. */
export const MINUTES_AROUND = [
  { minutes: 15, label: '± 15 minutes' },
  { minutes: 60, label: '± 1 hour' },
  { minutes: 360, label: '± 6 hours' },
  { minutes: 1440, label: '± 24 hours' },
] as const;

/** Props for {@link ContextRuns}. @internal */
export interface ContextRunsProps {
  findingId: string;
  /** Where a run opens (the Security Lake page's queries tab); none when the page is not there. */
  runLink?: (run: FindingContextRun) => string | undefined;
  /** Pause between reads of a run that goes on. */
  runPauseMs?: number;
}

/** One run of the logs around a finding, read again until it ends. */
function ContextRunRow(props: {
  contextRun: FindingContextRun;
  href?: string;
  pauseMs: number;
}) {
  const { contextRun: r, href } = props;
  const { run, error } = useRun(r.runId, props.pauseMs, { waitSeconds: 20 });
  return (
    <TableRow>
      <TableCell>{r.title}</TableCell>
      <TableCell>{sourceTitle(r.source)}</TableCell>
      <TableCell>
        {run && <RunStateChip state={run.state} />}
        {!run && !error && <Typography variant="caption">Starting…</Typography>}
        {error && (
          <Typography variant="caption" color="error">
            {serverMessage(error)}
          </Typography>
        )}
        {run?.state === 'FAILED' && run.stateReason && (
          <Typography variant="caption" color="textSecondary" component="div">
            {run.stateReason}
          </Typography>
        )}
      </TableCell>
      <TableCell align="right">
        {run?.rowCount?.toLocaleString() ?? '—'}
      </TableCell>
      <TableCell>
        {href && (
          <Link to={href} aria-label={`Open ${r.title} in Queries`}>
            Open in Queries
          </Link>
        )}
      </TableCell>
    </TableRow>
  );
}

function StartedRuns(props: {
  started: FindingContextRuns;
  runLink?: ContextRunsProps['runLink'];
  runPauseMs?: number;
}) {
  const { started, runLink } = props;
  const { match } = started;
  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      <Typography variant="body2">
        Matching{' '}
        {[
          match.resourceUid && `resource ${match.resourceUid}`,
          match.instanceId && `instance ${match.instanceId}`,
        ]
          .filter(Boolean)
          .join(' and ') || 'the finding'}{' '}
        in account {started.accountId}, {started.region}, from{' '}
        {formatTime(started.window.start)} to {formatTime(started.window.end)}.
      </Typography>
      {started.runs.length > 0 ? (
        <ScrollArea aria-label="Runs of the logs around this finding">
          <Table size="small" aria-label="Runs of the logs around this finding">
            <TableHead>
              <TableRow>
                <TableCell>Query</TableCell>
                <TableCell>Source</TableCell>
                <TableCell>State</TableCell>
                <TableCell align="right">Rows</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {started.runs.map(r => (
                <ContextRunRow
                  key={r.runId}
                  contextRun={r}
                  href={runLink?.(r)}
                  pauseMs={props.runPauseMs ?? 1000}
                />
              ))}
            </TableBody>
          </Table>
        </ScrollArea>
      ) : (
        <Alert severity="info">
          No logs could be searched for this finding.
        </Alert>
      )}
      {started.skipped.length > 0 && (
        <Box>
          <Typography variant="subtitle2">Not searched</Typography>
          <Box component="ul" m={0} pl={2}>
            {started.skipped.map(s => (
              <li key={s.source}>
                <Typography variant="body2">
                  {sourceTitle(s.source)}: {s.reason}
                </Typography>
              </li>
            ))}
          </Box>
        </Box>
      )}
    </Box>
  );
}

/**
 * "Show logs around this finding": the window to search, a button that starts library query runs on the
 * finding's resource (CloudTrail) and instance (VPC Flow, Route 53), then the runs as they go, each
 * opening in the queries, and the sources not searched with why.
 *
 * @internal
 */
export function ContextRuns(props: ContextRunsProps) {
  const { findingId } = props;
  const api = useApi(securityLakeApiRef);
  const id = useId();
  const [minutesAround, setMinutesAround] = useState(60);
  const [state, setState] = useState<{
    starting?: boolean;
    started?: FindingContextRuns;
    error?: unknown;
  }>({});

  const start = async () => {
    setState({ starting: true });
    try {
      const started = await api.startFindingContextRuns(findingId, {
        minutesAround,
      });
      setState({ started });
    } catch (error) {
      setState({ error });
    }
  };

  return (
    <Box display="flex" flexDirection="column" gridGap={12}>
      <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={12}>
        <TextField
          id={`${id}-minutes`}
          select
          label="Around its latest report"
          variant="outlined"
          size="small"
          style={{ minWidth: 200 }}
          value={minutesAround}
          onChange={e => setMinutesAround(Number(e.target.value))}
        >
          {MINUTES_AROUND.map(m => (
            <MenuItem key={m.minutes} value={m.minutes}>
              {m.label}
            </MenuItem>
          ))}
        </TextField>
        <Button
          variant="contained"
          color="primary"
          startIcon={<Search />}
          onClick={start}
          disabled={state.starting}
        >
          {state.starting ? 'Starting…' : 'Show logs around this finding'}
        </Button>
      </Box>
      {state.error !== undefined && (
        <Alert severity="error">
          The logs could not be searched: {serverMessage(state.error)}
        </Alert>
      )}
      {state.started && (
        <StartedRuns
          // another start follows its own runs
          key={state.started.runs.map(r => r.runId).join()}
          started={state.started}
          runLink={props.runLink}
          runPauseMs={props.runPauseMs}
        />
      )}
    </Box>
  );
}
