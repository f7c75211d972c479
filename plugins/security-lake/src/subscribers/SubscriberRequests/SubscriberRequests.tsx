import { Link, Progress, TableColumn } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  securityLakeSubscriberApprovePermission,
  SubscriberRequest,
  SubscriberRequestState,
} from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Refresh from '@material-ui/icons/Refresh';
import { SelectFilter } from '../../components/SelectFilter';
import { shortEntityName } from '../../components/entityNames';
import {
  accessSummary,
  formatTime,
  sharedRowFilter,
  SUBSCRIBER_REQUEST_STATES,
} from '../format';
import { SubscriberStateChip } from '../SubscriberStateChip';
import { useSubscriberRequests } from '../useSubscriberRequests';
import { useTableEmptyContent } from '../../hooks';
import { LoadError } from '../../components/LoadError';
import { ScrollingTable } from '../../components/ScrollingTable';

/** Props for {@link SubscriberRequests}. @internal */
export interface SubscriberRequestsProps {
  /** The state to list, `all` for every one; without it approvers see the pending ones, others all. */
  state?: SubscriberRequestState | 'all';
  onStateChange: (state: SubscriberRequestState | 'all') => void;
  /** Where a request opens. */
  linkTo: (request: SubscriberRequest) => string;
}

const NO_REQUESTS: SubscriberRequest[] = [];

const STATE_OPTIONS = SUBSCRIBER_REQUEST_STATES.map(s => ({
  value: s,
  label: s,
}));

/**
 * The subscriber requests of the user's teams, or, for approvers, the approvals queue: every team's,
 * the pending ones first shown.
 *
 * @internal
 */
export function SubscriberRequests(props: SubscriberRequestsProps) {
  const approver = usePermission({
    permission: securityLakeSubscriberApprovePermission,
    resourceRef: 'any',
  });
  if (approver.loading) return <Progress />;
  return <RequestsTable {...props} approver={approver.allowed} />;
}

/** What a team-scoped request's filters say, word for word: once when every table gets the same. */
function rowFilterCell(request: SubscriberRequest) {
  if (request.scope !== 'team') return 'None: whole sources';
  const filters = request.rowFilters ?? [];
  if (filters.length === 0) return '—';
  const shared = sharedRowFilter(filters);
  return shared ? (
    <code style={{ wordBreak: 'break-word' }}>{shared}</code>
  ) : (
    'Differs by table: open the request'
  );
}

function RequestsTable(props: SubscriberRequestsProps & { approver: boolean }) {
  const { approver, linkTo, onStateChange } = props;
  const chosen = props.state ?? (approver ? 'pending' : 'all');
  const state = chosen === 'all' ? undefined : chosen;
  const requests = useSubscriberRequests(state);
  // the queue is what waits for a decision; any other state is every team's requests in it
  let title = "Your teams' requests";
  if (approver) {
    title =
      state === 'pending'
        ? 'Approvals queue'
        : `Every team's requests${state ? `: ${state}` : ''}`;
  }

  let emptyText =
    'No subscriber requests yet. Use “Request access” to ask for query or data access to your team’s Security Lake data.';
  if (state === 'pending' && approver) {
    emptyText = 'No request is waiting for approval.';
  } else if (state) {
    emptyText = `No request is ${state}.`;
  }
  const emptyContent = useTableEmptyContent(emptyText);

  const columns: TableColumn<SubscriberRequest>[] = [
    {
      title: 'Name',
      field: 'subscriberName',
      render: r => <Link to={linkTo(r)}>{r.subscriberName}</Link>,
    },
    {
      title: 'Team',
      field: 'ownerRef',
      render: r => shortEntityName(r.ownerRef),
    },
    { title: 'Access', render: r => accessSummary(r) },
    {
      title: 'Row filter',
      render: r => rowFilterCell(r),
    },
    { title: 'Regions', render: r => r.regions.join(', ') },
    {
      title: 'State',
      field: 'state',
      render: r => <SubscriberStateChip state={r.state} />,
    },
    {
      title: 'Requested',
      field: 'createdAt',
      render: r => (
        <>
          <Typography variant="body2">
            {shortEntityName(r.requestedBy)}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {formatTime(r.createdAt)}
          </Typography>
        </>
      ),
    },
  ];

  return (
    <Box
      component="section"
      aria-label="Subscriber requests"
      display="flex"
      flexDirection="column"
      gridGap={12}
    >
      <Box>
        <SelectFilter
          id="subscriber-requests-state"
          label="State"
          all="All states"
          value={state ?? ''}
          onChange={value =>
            onStateChange((value || 'all') as SubscriberRequestState | 'all')
          }
          options={STATE_OPTIONS}
          minWidth={200}
        />
      </Box>
      {requests.error ? (
        <LoadError
          error={requests.error}
          what="the subscriber requests"
          onRetry={() => requests.retry()}
        />
      ) : (
        <ScrollingTable<SubscriberRequest>
          aria-label="Subscriber requests list"
          title={title}
          actions={[
            {
              icon: () => <Refresh />,
              tooltip: 'Reload the requests',
              isFreeAction: true,
              onClick: () => requests.retry(),
            },
          ]}
          isLoading={requests.loading}
          columns={columns}
          data={requests.value?.items ?? NO_REQUESTS}
          emptyContent={emptyContent}
          options={{
            padding: 'dense',
            search: false,
            paging: false,
            sorting: false,
          }}
        />
      )}
    </Box>
  );
}
