import { Link, TableColumn } from '@backstage/core-components';
import { QueryRun } from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Refresh from '@material-ui/icons/Refresh';
import { QueryRunFilter } from '../../api';
import { isRunActive } from '../../hooks/useRun';
import { formatDuration, runElapsedMs } from '../format';
import { RunStateChip } from '../../components/RunStateChip';
import { useRuns } from '../useRuns';
import { useTableEmptyContent } from '../../hooks';
import { LoadError } from '../../components/LoadError';
import { ScrollingTable } from '../../components/ScrollingTable';

/** Props for {@link RunHistory}. @internal */
export interface RunHistoryProps {
  filter: QueryRunFilter;
  title: string;
  /** Where a run opens. */
  linkTo: (run: QueryRun) => string;
  /** What to say when there are no runs. */
  emptyText: string;
}

function Accounts(props: { accountIds: string[] }) {
  const { accountIds } = props;
  const shown = accountIds.slice(0, 2).join(', ');
  return (
    <Typography variant="body2" title={accountIds.join(', ')}>
      {shown}
      {accountIds.length > 2 ? ` +${accountIds.length - 2}` : ''}
    </Typography>
  );
}

/**
 * Runs newest first: title, state, accounts, region, when, how long and how many rows; each opens its run.
 *
 * @internal
 */
export function RunHistory(props: RunHistoryProps) {
  const { filter, title, linkTo, emptyText } = props;
  const runs = useRuns(filter);

  const emptyContent = useTableEmptyContent(emptyText);

  const columns: TableColumn<QueryRun>[] = [
    {
      title: 'Query',
      field: 'title',
      render: run => <Link to={linkTo(run)}>{run.title}</Link>,
    },
    {
      title: 'State',
      field: 'state',
      render: run => <RunStateChip state={run.state} />,
    },
    {
      title: 'Accounts',
      field: 'accountIds',
      sorting: false,
      render: run => <Accounts accountIds={run.accountIds} />,
    },
    { title: 'Region', field: 'region' },
    {
      title: 'Created',
      field: 'createdAt',
      render: run => new Date(run.createdAt).toLocaleString(),
    },
    {
      title: 'Duration',
      sorting: false,
      render: run =>
        isRunActive(run) ? '—' : formatDuration(runElapsedMs(run, Date.now())),
    },
    {
      title: 'Rows',
      field: 'rowCount',
      type: 'numeric',
      render: run => run.rowCount?.toLocaleString() ?? '—',
    },
  ];

  if (runs.error && runs.items.length === 0) {
    return (
      <LoadError
        error={runs.error}
        what="the runs"
        onRetry={() => runs.retry()}
      />
    );
  }
  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      <ScrollingTable<QueryRun>
        aria-label="Runs"
        title={title}
        actions={[
          {
            icon: () => <Refresh />,
            tooltip: `Reload ${title.toLowerCase()}`,
            isFreeAction: true,
            onClick: () => runs.retry(),
          },
        ]}
        isLoading={runs.loading}
        columns={columns}
        data={runs.items}
        emptyContent={emptyContent}
        options={{
          padding: 'dense',
          search: false,
          paging: false,
          sorting: false,
        }}
      />
      {runs.error && (
        <LoadError
          error={runs.error}
          what="the runs"
          onRetry={() => runs.retry()}
        />
      )}
      {runs.nextCursor && (
        <Box>
          <Button
            variant="outlined"
            onClick={runs.loadMore}
            disabled={runs.loadingMore}
          >
            {runs.loadingMore ? 'Loading…' : 'Older runs'}
          </Button>
        </Box>
      )}
    </Box>
  );
}
