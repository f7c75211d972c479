import { InfoCard, Link, Progress } from '@backstage/core-components';
import { errorApiRef, useApi } from '@backstage/core-plugin-api';
import { QueryRun } from '@internal/plugin-security-lake-common';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import CancelIcon from '@material-ui/icons/Cancel';
import ExpandMore from '@material-ui/icons/ExpandMore';
import FileCopy from '@material-ui/icons/FileCopy';
import GetApp from '@material-ui/icons/GetApp';
import OpenInNew from '@material-ui/icons/OpenInNew';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { ReactNode, useState } from 'react';
import { securityLakeApiRef } from '../../api';
import { serverMessage } from '../../api/serverMessage';
import {
  csvFileName,
  formatBytes,
  formatDuration,
  runElapsedMs,
  runSqlWithValues,
  sqlLiteral,
} from '../format';
import { RunStateChip } from '../../components/RunStateChip';
import { useCopyToClipboard } from '../../hooks/useCopyToClipboard';
import { isRunActive, useRun } from '../../hooks/useRun';
import { useNow } from '../useNow';
import { ResultsTable } from './ResultsTable';
import { LoadError } from '../../components/LoadError';

/** Props for {@link RunView}. @internal */
export interface RunViewProps {
  runId: string;
  /** How often to read the run while it goes on. */
  pollMs?: number;
  /** Where another run (the one a reused result came from) opens. */
  linkToRun?: (runId: string) => string;
}

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Typography variant="caption" color="textSecondary" component="div">
        {props.label}
      </Typography>
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </Box>
  );
}

function ordinal(n: number): string {
  const s = ['th', 'st', 'nd', 'rd'];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
}

function RunFacts(props: { run: QueryRun }) {
  const { run } = props;
  const active = isRunActive(run);
  const now = useNow(active);
  return (
    <Box display="flex" flexWrap="wrap" gridGap={24} alignItems="center">
      <Box display="flex" alignItems="center" gridGap={8}>
        <RunStateChip state={run.state} />
        {run.state === 'QUEUED' && run.queuePosition !== undefined && (
          <Typography variant="body2">
            {run.queuePosition <= 1
              ? 'Next in the queue'
              : `${ordinal(run.queuePosition)} in the queue`}
          </Typography>
        )}
        {run.cancelRequested && active && (
          <Typography variant="body2">Cancelling…</Typography>
        )}
      </Box>
      <Fact label={active ? 'Elapsed' : 'Took'}>
        <span aria-live="off">{formatDuration(runElapsedMs(run, now))}</span>
      </Fact>
      <Fact label="Data scanned">
        {run.dataScannedBytes !== undefined
          ? formatBytes(run.dataScannedBytes)
          : '—'}
      </Fact>
      <Fact label="Rows">
        {run.rowCount !== undefined ? run.rowCount.toLocaleString() : '—'}
      </Fact>
      <Fact label="Region">{run.region}</Fact>
      <Fact label="Accounts">{run.accountIds.join(', ')}</Fact>
      <Fact label="Window">
        {run.parameters.start && run.parameters.end
          ? `${new Date(
              String(run.parameters.start),
            ).toLocaleString()} – ${new Date(
              String(run.parameters.end),
            ).toLocaleString()}`
          : '—'}
      </Fact>
      <Fact label="Engine">
        {run.engine} · source version {run.sourceVersion}
      </Fact>
    </Box>
  );
}

/**
 * One run as it goes: its state read every second until it ends, how long it has taken, what it scanned
 * and found, the reason when it failed; the SQL with its bound values; then its rows, page by page, and
 * the whole result as CSV.
 *
 * @internal
 */
export function RunView(props: RunViewProps) {
  const { runId, pollMs = 1000, linkToRun } = props;
  const api = useApi(securityLakeApiRef);
  const errorApi = useApi(errorApiRef);
  const copy = useCopyToClipboard();
  const { run, error, retry, replace } = useRun(runId, pollMs);
  const [cancelling, setCancelling] = useState(false);
  const [actionError, setActionError] = useState<string>();

  if (!run) {
    return error ? (
      <LoadError error={error} what="this run" onRetry={retry} />
    ) : (
      <Progress />
    );
  }

  const active = isRunActive(run);
  const cancel = async () => {
    setCancelling(true);
    setActionError(undefined);
    try {
      replace(await api.cancelRun(run.id));
    } catch (e) {
      setActionError(serverMessage(e));
    } finally {
      setCancelling(false);
    }
  };
  const download = async () => {
    try {
      // a link, not a Blob: the browser streams the file to disk as the backend streams it
      const link = document.createElement('a');
      link.href = await api.getRunResultsDownloadUrl(run.id);
      link.download = csvFileName(run);
      link.click();
    } catch (e) {
      errorApi.post(
        new Error(`Could not download the CSV: ${serverMessage(e)}`),
      );
    }
  };

  return (
    <InfoCard title={run.title} subheader={`Run ${run.id}`}>
      <Box display="flex" flexDirection="column" gridGap={16}>
        <RunFacts run={run} />
        {run.state === 'QUEUED' && run.stateReason && (
          <Typography variant="body2" color="textSecondary">
            {run.stateReason}
          </Typography>
        )}
        {error && (
          <Alert
            severity="warning"
            action={
              <Button color="inherit" size="small" onClick={retry}>
                Retry
              </Button>
            }
          >
            Could not read the run’s state: {serverMessage(error)}
          </Alert>
        )}
        {run.state === 'FAILED' && (
          <Alert severity="error">
            <AlertTitle>The run failed</AlertTitle>
            {run.stateReason ?? 'The engine gave no reason.'}
          </Alert>
        )}
        {run.state === 'CANCELLED' && (
          <Alert severity="info">
            <AlertTitle>The run was cancelled</AlertTitle>
            {run.stateReason}
          </Alert>
        )}
        {run.reusedRunId && (
          <Alert severity="info">
            This run reused the result of an earlier identical run
            {linkToRun ? (
              <>
                {' '}
                (
                <Link to={linkToRun(run.reusedRunId)} underline="always">
                  {run.reusedRunId}
                </Link>
                )
              </>
            ) : (
              ` (${run.reusedRunId})`
            )}
            : nothing was scanned again.
          </Alert>
        )}
        {run.engineReusedResult && !run.reusedRunId && (
          <Alert severity="info">
            The engine answered from the result of an earlier identical query.
          </Alert>
        )}
        {actionError && <Alert severity="error">{actionError}</Alert>}

        <Box display="flex" flexWrap="wrap" gridGap={12}>
          {active && (
            <Button
              variant="outlined"
              startIcon={<CancelIcon />}
              onClick={cancel}
              disabled={cancelling || run.cancelRequested}
            >
              {run.cancelRequested ? 'Cancel requested' : 'Cancel'}
            </Button>
          )}
          {run.state === 'SUCCEEDED' && (
            <Button
              variant="outlined"
              startIcon={<GetApp />}
              onClick={download}
            >
              Download CSV
            </Button>
          )}
          <Button
            variant="outlined"
            startIcon={<FileCopy />}
            onClick={() => copy(runSqlWithValues(run), 'SQL')}
          >
            Copy SQL
          </Button>
          {run.consoleUrl && (
            <Button
              variant="outlined"
              startIcon={<OpenInNew />}
              href={run.consoleUrl}
              target="_blank"
              rel="noopener noreferrer"
            >
              Open in Athena
            </Button>
          )}
        </Box>

        <Accordion variant="outlined">
          <AccordionSummary
            expandIcon={<ExpandMore />}
            aria-controls={`${run.id}-sql`}
            id={`${run.id}-sql-header`}
          >
            <Typography variant="body2">
              SQL and its {run.boundValues.length} bound value
              {run.boundValues.length === 1 ? '' : 's'}
            </Typography>
          </AccordionSummary>
          <AccordionDetails id={`${run.id}-sql`}>
            <Box width="100%">
              <Box
                component="pre"
                style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
              >
                {run.sql}
              </Box>
              <ol aria-label="Bound values">
                {run.boundValues.map((v, i) => (
                  <li key={i}>
                    <code>{sqlLiteral(v)}</code>
                  </li>
                ))}
              </ol>
            </Box>
          </AccordionDetails>
        </Accordion>

        {run.state === 'SUCCEEDED' && (
          <ResultsTable runId={run.id} rowCount={run.rowCount} />
        )}
      </Box>
    </InfoCard>
  );
}
