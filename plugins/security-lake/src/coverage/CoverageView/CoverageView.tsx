import { alertApiRef, errorApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  COVERAGE_GAPS,
  COVERAGE_HEALTHS,
  CoverageFilter,
  CoverageHealth,
  securityLakeCoverageRefreshPermission,
} from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import LinearProgress from '@material-ui/core/LinearProgress';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import GetApp from '@material-ui/icons/GetApp';
import Refresh from '@material-ui/icons/Refresh';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useId, useState } from 'react';
import { securityLakeApiRef } from '../../api';
import { AccountConflictsAlert } from '../../components/AccountConflictsAlert';
import { downloadBlob } from '../../components/downloadBlob';
import { SelectFilter } from '../../components/SelectFilter';
import { useAccountConflicts, useDebounced } from '../../hooks';
import { AccountCoverageDrawer } from '../AccountCoverageDrawer';
import { CoverageMatrix } from '../CoverageMatrix';
import { HEALTH } from '../health';
import { useCoverage } from '../useCoverage';
import { LoadError } from '../../components/LoadError';
import { NoVisibleAccounts } from '../../components/NoVisibleAccounts';

/** Props for {@link CoverageView}. @internal */
export interface CoverageViewProps {
  /** Only the accounts linked to this entity (entity pages). */
  entityRef?: string;
  /** Height of the matrix in pixels. */
  height?: number;
  /** Entity pages leave out the organisation-wide controls. */
  compact?: boolean;
  /** How often to ask whether a requested refresh has finished. */
  refreshPollMs?: number;
}

/**
 * The coverage matrix with its controls: search, filter by health (or gaps only), source and region,
 * counts per health over every match, the region-wide exceptions, export, and a refresh for those allowed.
 *
 * @internal
 */
export function CoverageView(props: CoverageViewProps) {
  const api = useApi(securityLakeApiRef);
  const alertApi = useApi(alertApiRef);
  const errorApi = useApi(errorApiRef);
  const canRefresh = usePermission({
    permission: securityLakeCoverageRefreshPermission,
  });
  const id = useId();
  const [search, setSearch] = useState('');
  const [health, setHealth] = useState<CoverageHealth[]>([]);
  const [source, setSource] = useState('');
  const [region, setRegion] = useState('');
  const [open, setOpen] = useState<{ accountId: string; sourceKey?: string }>();
  const q = useDebounced(search.trim(), 300);

  const filter: CoverageFilter = {
    ...(health.length ? { health } : {}),
    ...(source ? { source: [source] } : {}),
    ...(region ? { region } : {}),
    ...(q ? { q } : {}),
    ...(props.entityRef ? { entityRef: props.entityRef } : {}),
  };
  const coverage = useCoverage(filter);
  // entity pages show an entity's accounts; disputes are for the organisation-wide view
  const conflicts = useAccountConflicts({ skip: props.compact });
  const first = coverage.first;
  // an entity's card with none of its accounts the user's to see: say so, rather than offer filters
  const noneVisible =
    !!props.entityRef &&
    !!first &&
    !coverage.loading &&
    first.summary.accounts === 0 &&
    !health.length &&
    !source &&
    !region &&
    !q;
  const gapsOnly =
    health.length === COVERAGE_GAPS.length &&
    COVERAGE_GAPS.every(h => health.includes(h));
  const toggle = (h: CoverageHealth) =>
    setHealth(current =>
      current.includes(h) ? current.filter(x => x !== h) : [...current, h],
    );

  // after "Refresh now": watch the refresh state until a newer snapshot (or a failure) is there
  const [waitingSince, setWaitingSince] = useState<string>();
  const refresh = async () => {
    try {
      await api.refreshCoverage();
      setWaitingSince(first?.refresh.refreshedAt ?? '');
    } catch (error) {
      errorApi.post(error as Error);
    }
  };
  const { retry } = coverage;
  const pollMs = props.refreshPollMs ?? 3000;
  useEffect(() => {
    if (waitingSince === undefined) return undefined;
    const timer = setInterval(async () => {
      try {
        const { refresh: now } = await api.listCoverage(
          props.entityRef ? { entityRef: props.entityRef } : {},
          { limit: 1 },
        );
        const done = (now.refreshedAt ?? '') !== waitingSince;
        if (done || now.lastAttemptStatus === 'failed') {
          setWaitingSince(undefined);
          retry();
          alertApi.post({
            message: done
              ? 'Coverage refreshed'
              : `The coverage refresh failed: ${
                  now.lastError ?? 'no reason given'
                }`,
            severity: done ? 'success' : 'error',
            display: 'transient',
          });
        }
      } catch (error) {
        setWaitingSince(undefined);
        errorApi.post(error as Error);
      }
    }, pollMs);
    return () => clearInterval(timer);
  }, [waitingSince, api, alertApi, errorApi, retry, pollMs, props.entityRef]);
  const exportCsv = async () => {
    try {
      downloadBlob(
        await api.exportCoverage(filter),
        `security-lake-coverage-${new Date().toISOString().slice(0, 10)}.csv`,
      );
    } catch (error) {
      errorApi.post(error as Error);
    }
  };

  if (noneVisible) {
    // filters, counts and an export cannot help: none of the entity's accounts is the user's
    return <NoVisibleAccounts />;
  }
  const state = first?.refresh;
  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={12}>
        <TextField
          id={`${id}-search`}
          label="Search accounts"
          placeholder="Account id or name"
          variant="outlined"
          size="small"
          value={search}
          onChange={e => setSearch(e.target.value)}
          inputProps={{ maxLength: 100 }}
        />
        <SelectFilter
          id={`${id}-source`}
          label="Source"
          all="All sources"
          value={source}
          onChange={setSource}
          options={first?.sources.map(s => ({ value: s.key, label: s.title }))}
          minWidth={200}
        />
        <SelectFilter
          id={`${id}-region`}
          label="Region"
          all="All regions"
          value={region}
          onChange={setRegion}
          options={first?.regions.map(r => ({ value: r, label: r }))}
          minWidth={160}
        />
        <FormControlLabel
          control={
            <Switch
              checked={gapsOnly}
              onChange={(_, on) => setHealth(on ? [...COVERAGE_GAPS] : [])}
            />
          }
          label="Gaps only"
        />
        <Box flexGrow={1} />
        <Button variant="outlined" startIcon={<GetApp />} onClick={exportCsv}>
          Export CSV
        </Button>
        {!props.compact && canRefresh.allowed && (
          <Button
            variant="outlined"
            startIcon={<Refresh />}
            onClick={refresh}
            disabled={waitingSince !== undefined}
          >
            {waitingSince !== undefined ? 'Refreshing…' : 'Refresh now'}
          </Button>
        )}
      </Box>

      <Box
        display="flex"
        flexWrap="wrap"
        gridGap={8}
        role="group"
        aria-label="Filter by health"
      >
        {COVERAGE_HEALTHS.map(h => {
          const { label, color, background, Icon } = HEALTH[h];
          const selected = health.includes(h);
          return (
            <Chip
              key={h}
              icon={<Icon style={{ color }} />}
              label={`${label}: ${
                first ? first.summary.byHealth[h].toLocaleString() : '…'
              }`}
              onClick={() => toggle(h)}
              variant={selected ? 'default' : 'outlined'}
              style={
                selected ? { background, color, fontWeight: 600 } : undefined
              }
              aria-pressed={selected}
            />
          );
        })}
        <Typography
          variant="body2"
          color="textSecondary"
          style={{ alignSelf: 'center' }}
        >
          {first
            ? `${first.summary.accounts.toLocaleString()} account${
                first.summary.accounts === 1 ? '' : 's'
              } · each count is one source of one account`
            : ''}
        </Typography>
      </Box>

      {state?.lastAttemptStatus === 'failed' && (
        <Alert severity="error">
          The last coverage refresh failed
          {state.lastAttemptAt
            ? ` at ${new Date(state.lastAttemptAt).toLocaleString()}`
            : ''}
          : {state.lastError}. What you see is from{' '}
          {state.refreshedAt
            ? new Date(state.refreshedAt).toLocaleString()
            : 'no successful refresh yet'}
          .
        </Alert>
      )}
      {!props.compact && (
        <AccountConflictsAlert
          conflicts={conflicts.value?.items}
          error={conflicts.error}
        />
      )}
      {!props.compact &&
        first?.regionExceptions.map((e, i) => (
          <Alert key={i} severity="warning">
            <strong>{e.region}:</strong> {e.exception}
            {e.remediation && <> — {e.remediation}</>}
          </Alert>
        ))}

      {coverage.error && (
        <LoadError
          error={coverage.error}
          what="the coverage"
          onRetry={coverage.retry}
        />
      )}
      {waitingSince !== undefined && (
        <Box>
          <LinearProgress aria-label="Refreshing coverage" />
          <Typography variant="caption" color="textSecondary">
            Reading the control plane and the lake; this page updates when the
            refresh is done.
          </Typography>
        </Box>
      )}
      {coverage.loading && <LinearProgress aria-label="Loading coverage" />}
      {first && !coverage.loading && first.sources.length === 0 && (
        <Alert severity="info">
          {/* the columns are the sources of the caller's own accounts: read, and none of them has any */}
          {state?.refreshedAt
            ? 'None of the accounts you may see has anything in the lake yet.'
            : `Coverage has not been read yet${
                state?.lastAttemptStatus === 'running'
                  ? ': the first refresh is running'
                  : ''
              }.`}
        </Alert>
      )}
      {first &&
        !coverage.loading &&
        first.sources.length > 0 &&
        coverage.rows.length === 0 && (
          <Alert severity="info">
            No account matches
            {props.entityRef ? ' among this entity’s accounts' : ''}. Clear a
            filter to see more.
          </Alert>
        )}
      {first && coverage.rows.length > 0 && (
        <CoverageMatrix
          rows={coverage.rows}
          sources={first.sources}
          volumeEndDay={first.volumeEndDay}
          // short lists take only the room they need
          height={Math.min(
            props.height ?? 560,
            64 + coverage.rows.length * 56 + (coverage.nextCursor ? 56 : 0),
          )}
          hasMore={!!coverage.nextCursor}
          onLoadMore={coverage.loadMore}
          onOpen={(accountId, sourceKey) => setOpen({ accountId, sourceKey })}
        />
      )}
      {state?.refreshedAt && (
        <Typography variant="caption" color="textSecondary">
          Read from the control plane and the lake at{' '}
          {new Date(state.refreshedAt).toLocaleString()}
          {first?.volumeEndDay
            ? `; volume is events per day up to ${first.volumeEndDay}`
            : ''}
          .
        </Typography>
      )}
      <AccountCoverageDrawer
        fixesExceptions={canRefresh.allowed}
        accountId={open?.accountId}
        sourceKey={open?.sourceKey}
        onClose={() => setOpen(undefined)}
      />
    </Box>
  );
}
