import {
  Finding,
  FindingContextRun,
  FindingCounts,
} from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useMemo, useState } from 'react';
import { FindingDetailDrawer } from '../FindingDetailDrawer';
import { FindingsFilterOptions, FindingsFilters } from '../FindingsFilters';
import { FindingsTable } from '../FindingsTable';
import { FindingsTrendChart } from '../FindingsTrendChart';
import {
  chartDaysPhrase,
  isRefreshing,
  mergeSnapshots,
  plural,
  windowPhrase,
} from '../format';
import { SeveritySummary } from '../SeveritySummary';
import { SnapshotProgress, SnapshotStatus } from '../SnapshotStatus';
import {
  FINDINGS_POLL_MS,
  useFindingList,
  useFindingsSummary,
  useFindingsTrend,
} from '../useFindings';
import {
  filterOf,
  isFiltered,
  NO_FILTERS,
  useFindingsLocation,
} from '../useFindingsLocation';
import { useSecurityLakeLink } from '../useSecurityLakeLink';
import { LoadError } from '../../components/LoadError';

/** The OCSF finding classes Security Hub's findings come as, offered before any list has named them. */
const FINDING_TYPES = [
  'Compliance Finding',
  'Detection Finding',
  'Vulnerability Finding',
];

/** Props for {@link FindingsView}. @internal */
export interface FindingsViewProps {
  /** On entity pages: the entity's accounts only (the page reads `?entityRef=` instead). */
  entityRef?: string;
  /** How often to ask again while findings are read from the lake. */
  pollMs?: number;
  /** Pause between reads of a run of the logs around a finding. */
  runPauseMs?: number;
}

/** Finding types, products and resource types the lists have named, kept as the filters narrow them. */
function useSeenValues(items: Finding[]) {
  const [seen, setSeen] = useState({
    findingTypes: FINDING_TYPES,
    products: [] as string[],
    resourceTypes: [] as string[],
  });
  useEffect(() => {
    const add = (values: string[], more: (string | undefined)[]) => {
      const next = new Set(values);
      more.forEach(v => v && next.add(v));
      return next.size === values.length ? values : [...next];
    };
    setSeen(s => {
      const next = {
        findingTypes: add(
          s.findingTypes,
          items.map(i => i.findingType),
        ),
        products: add(
          s.products,
          items.map(i => i.product),
        ),
        resourceTypes: add(
          s.resourceTypes,
          items.map(i => i.resourceType),
        ),
      };
      return next.findingTypes === s.findingTypes &&
        next.products === s.products &&
        next.resourceTypes === s.resourceTypes
        ? s
        : next;
    });
  }, [items]);
  return seen;
}

function NotCollected(props: {
  notCollected: string[];
  none: boolean;
  entity: boolean;
}) {
  const { notCollected, none, entity } = props;
  const whose = entity ? 'this entity’s' : 'your';
  if (none) {
    return (
      <Alert severity="info">
        None of {whose} AWS accounts collects Security Hub findings into
        Security Lake ({notCollected.join(', ')}), so there are no findings to
        show. Add Security Hub findings as a source in Security Lake to see them
        here.
      </Alert>
    );
  }
  return (
    <Alert severity="info">
      {notCollected.length === 1
        ? `Account ${notCollected[0]} does not collect Security Hub findings into Security Lake; it has none to show.`
        : `${
            notCollected.length
          } accounts do not collect Security Hub findings into Security Lake and have none to show: ${notCollected.join(
            ', ',
          )}.`}
    </Alert>
  );
}

/**
 * Security Hub findings from the lake: counts by severity (which filter), findings per day, the filters
 * and the list, each finding opening in a drawer. Filters and the open finding are in the URL
 * (`?severity=&status=&accountId=&region=&windowDays=&findingType=&product=&resourceType=&finding=`), so
 * what is shown can be linked to. While the portal reads findings from the lake it says so and asks again.
 *
 * @internal
 */
export function FindingsView(props: FindingsViewProps) {
  const pollMs = props.pollMs ?? FINDINGS_POLL_MS;
  const { place, setFilters, openFinding } = useFindingsLocation();
  const onEntityPage = props.entityRef !== undefined;
  const entityRef = props.entityRef ?? place.entityRef;
  const { windowDays, accountId } = place;

  const summary = useFindingsSummary({ entityRef, windowDays }, pollMs);
  const trend = useFindingsTrend({ entityRef, accountId, windowDays }, pollMs);
  const list = useFindingList(filterOf({ ...place, entityRef }), pollMs);
  const seen = useSeenValues(list.items);

  const pageLink = useSecurityLakeLink();
  const runLink = useMemo(
    () =>
      pageLink
        ? (run: FindingContextRun) =>
            pageLink({ tab: 'queries', query: run.queryId, run: run.runId })
        : undefined,
    [pageLink],
  );

  const snapshots = mergeSnapshots(
    summary.value?.snapshots,
    trend.value?.snapshots,
    list.list?.snapshots,
  );
  const refreshing = isRefreshing(snapshots);
  const counts: FindingCounts | undefined = summary.value
    ? (accountId
        ? summary.value.accounts.find(a => a.accountId === accountId)
        : summary.value) ?? {
        total: 0,
        bySeverity: {},
        byStatus: {},
        newInWindow: 0,
      }
    : undefined;
  const notCollected = summary.value?.notCollected ?? [];
  const noneCollected =
    notCollected.length > 0 &&
    (summary.value?.total ?? 0) === 0 &&
    (summary.value?.accounts ?? []).every(a =>
      notCollected.includes(a.accountId),
    );

  const options: FindingsFilterOptions = {
    accounts: [
      ...new Set([
        ...(summary.value?.accounts.map(a => a.accountId) ?? []),
        ...snapshots.map(s => s.accountId),
      ]),
    ],
    regions: [...new Set(snapshots.map(s => s.region))],
    statuses: Object.keys(summary.value?.byStatus ?? {}),
    ...seen,
  };
  const filtered = isFiltered(place);
  const failed = summary.error ?? trend.error ?? list.error;
  const retryAll = () => {
    if (summary.error) summary.retry();
    if (trend.error) trend.retry();
    if (list.error) list.retry();
  };
  const toggleSeverity = (severity: (typeof place.severity)[number]) =>
    setFilters({
      severity: place.severity.includes(severity)
        ? place.severity.filter(s => s !== severity)
        : [...place.severity, severity],
    });

  return (
    <Box display="flex" flexDirection="column" gridGap={16}>
      {!onEntityPage && place.entityRef && (
        <Alert
          severity="info"
          action={
            <Button
              color="inherit"
              size="small"
              onClick={() => setFilters({ entityRef: undefined })}
            >
              Show every account
            </Button>
          }
        >
          The findings of the AWS accounts of {place.entityRef}.
        </Alert>
      )}
      {/* one failure, one message: the three reads fail together when the backend does */}
      {failed && (
        <LoadError error={failed} what="the findings" onRetry={retryAll} />
      )}
      {notCollected.length > 0 && (
        <NotCollected
          notCollected={notCollected}
          none={noneCollected}
          entity={!!entityRef}
        />
      )}
      {/* the progress sits beside the chart's heading: coming and going, it moves nothing */}
      <SnapshotStatus snapshots={snapshots} withoutProgress />

      {counts && (
        <Box display="flex" flexDirection="column" gridGap={4}>
          <SeveritySummary
            bySeverity={counts.bySeverity}
            selected={place.severity}
            onToggle={toggleSeverity}
            stale={summary.loading}
          />
          <Typography variant="body2" color="textSecondary">
            {plural(counts.total, 'finding')} {windowPhrase(windowDays)}
            {accountId ? ` in account ${accountId}` : ''},{' '}
            {counts.newInWindow.toLocaleString()} first seen in it. Choose a
            severity to filter the list.
          </Typography>
        </Box>
      )}
      {!counts && summary.loading && (
        <LinearProgress aria-label="Loading the findings summary" />
      )}

      <Paper variant="outlined">
        <Box p={2}>
          <Box
            display="flex"
            flexWrap="wrap"
            alignItems="baseline"
            justifyContent="space-between"
            gridGap={8}
            mb={1}
          >
            <Box>
              <Typography variant="subtitle1" component="h3">
                Findings per day
              </Typography>
              {trend.value && (
                <Typography variant="caption" color="textSecondary">
                  {chartDaysPhrase(trend.value.days, windowDays)}
                </Typography>
              )}
            </Box>
            <SnapshotProgress snapshots={snapshots} />
          </Box>
          {trend.value && (
            <FindingsTrendChart
              trend={trend.value}
              severities={place.severity}
            />
          )}
          {!trend.value && trend.loading && (
            <LinearProgress aria-label="Loading the findings trend" />
          )}
        </Box>
      </Paper>

      <FindingsFilters place={place} options={options} onChange={setFilters} />

      {list.loading && <LinearProgress aria-label="Loading findings" />}
      {list.list && list.items.length > 0 && (
        <FindingsTable
          items={list.items}
          total={list.list.total}
          openId={place.finding}
          onOpen={finding => openFinding(finding.id)}
          hasMore={!!list.nextCursor}
          loadingMore={list.loadingMore}
          onLoadMore={list.loadMore}
        />
      )}
      {list.moreError && (
        <LoadError
          error={list.moreError}
          what="more findings"
          onRetry={list.loadMore}
        />
      )}
      {list.list && !list.loading && list.items.length === 0 && (
        <Box py={4} textAlign="center">
          {refreshing && (
            <Typography variant="body1" color="textSecondary">
              No findings yet: they are still being read from the lake.
            </Typography>
          )}
          {!refreshing && filtered && (
            <>
              <Typography variant="body1" gutterBottom>
                No finding matches these filters {windowPhrase(windowDays)}.
              </Typography>
              <Button variant="outlined" onClick={() => setFilters(NO_FILTERS)}>
                Clear filters
              </Button>
            </>
          )}
          {!refreshing && !filtered && (
            <Typography variant="body1">
              {noneCollected
                ? 'No findings: no account here collects Security Hub findings.'
                : `No findings ${windowPhrase(windowDays)}${
                    entityRef ? ' in this entity’s AWS accounts' : ''
                  }.`}
            </Typography>
          )}
        </Box>
      )}

      <FindingDetailDrawer
        findingId={place.finding}
        onClose={() => openFinding(undefined)}
        runLink={runLink}
        runPauseMs={props.runPauseMs}
      />
    </Box>
  );
}
