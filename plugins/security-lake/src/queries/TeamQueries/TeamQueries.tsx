import { Link, TableColumn } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  securityLakeQueryManagePermission,
  TeamQuery,
} from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import Delete from '@material-ui/icons/Delete';
import Edit from '@material-ui/icons/Edit';
import Alert from '@material-ui/lab/Alert';
import { useId, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { securityLakeApiRef } from '../../api';
import { useTableEmptyContent } from '../../hooks';
import { shortEntityName } from '../../components/entityNames';
import { serverMessage } from '../../api/serverMessage';
import { SaveQueryDialog } from '../SaveQueryDialog';
import { LoadError } from '../../components/LoadError';
import { ScrollingTable } from '../../components/ScrollingTable';

/** Props for {@link TeamQueries}. @internal */
export interface TeamQueriesProps {
  /** Where a saved query opens; none for one the user may not open (ad-hoc SQL without the permission). */
  linkTo: (saved: TeamQuery) => string | undefined;
}

function DeleteDialog(props: {
  query?: TeamQuery;
  onClose: () => void;
  onDeleted: (query: TeamQuery) => void;
}) {
  const { query, onClose, onDeleted } = props;
  const api = useApi(securityLakeApiRef);
  const id = useId();
  const [deleting, setDeleting] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  // the dialog keeps its words while it closes
  const [shown, setShown] = useState(query);
  if (query && query !== shown) setShown(query);

  const remove = async () => {
    if (!query) return;
    setDeleting(true);
    setRefusal(undefined);
    try {
      await api.deleteTeamSavedQuery(query.id);
      onDeleted(query);
    } catch (error) {
      setRefusal(serverMessage(error));
    } finally {
      setDeleting(false);
    }
  };

  return (
    <Dialog
      open={!!query}
      onClose={deleting ? undefined : onClose}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      TransitionProps={{ onExited: () => setRefusal(undefined) }}
    >
      <DialogTitle id={`${id}-title`}>Delete “{shown?.name}”?</DialogTitle>
      <DialogContent>
        <DialogContentText id={`${id}-text`}>
          It is gone for everyone in{' '}
          {shown ? shortEntityName(shown.ownerRef) : 'the team'}. The runs
          started from it stay in the history.
        </DialogContentText>
        {refusal && <Alert severity="error">{refusal}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={deleting}>
          Cancel
        </Button>
        <Button onClick={remove} disabled={deleting} color="secondary">
          {deleting ? 'Deleting…' : 'Delete'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/**
 * The queries the user's teams saved: ad-hoc SQL, or a library query with its values. Each opens where it
 * runs; those allowed to manage them rename, describe and delete them here.
 *
 * @internal
 */
export function TeamQueries(props: TeamQueriesProps) {
  const { linkTo } = props;
  const api = useApi(securityLakeApiRef);
  const alertApi = useApi(alertApiRef);
  const canManage = usePermission({
    permission: securityLakeQueryManagePermission,
  }).allowed;
  const list = useAsyncRetry(() => api.listTeamSavedQueries(), [api]);
  const items = useMemo(() => list.value?.items ?? [], [list.value]);
  const needsTitles = items.some(q => q.queryId);
  const library = useAsync(
    async () => (needsTitles ? api.listQueries() : undefined),
    [api, needsTitles],
  );
  const titles = useMemo(
    () => new Map(library.value?.items.map(q => [q.id, q.title]) ?? []),
    [library.value],
  );
  const [editing, setEditing] = useState<TeamQuery>();
  const [deleting, setDeleting] = useState<TeamQuery>();

  const emptyContent = useTableEmptyContent(
    'Your teams have no saved queries yet. “Save as…” in the SQL editor or in a library query’s form keeps one here for your team.',
  );

  const columns: TableColumn<TeamQuery>[] = [
    {
      title: 'Name',
      field: 'name',
      render: q => {
        const to = linkTo(q);
        return (
          <Box>
            {to ? (
              <Link to={to}>{q.name}</Link>
            ) : (
              <Typography variant="body2" component="span">
                {q.name}
              </Typography>
            )}
            {q.description && (
              <Typography variant="body2" color="textSecondary">
                {q.description}
              </Typography>
            )}
          </Box>
        );
      },
    },
    {
      title: 'Team',
      field: 'ownerRef',
      render: q => shortEntityName(q.ownerRef),
    },
    {
      title: 'Kind',
      sorting: false,
      render: q => (q.queryId ? titles.get(q.queryId) ?? q.queryId : 'SQL'),
    },
    {
      title: 'Updated',
      field: 'updatedAt',
      render: q =>
        `${shortEntityName(q.updatedBy)} · ${new Date(
          q.updatedAt,
        ).toLocaleString()}`,
    },
  ];
  if (canManage) {
    columns.push({
      title: 'Actions',
      sorting: false,
      render: q => (
        <Box display="flex" gridGap={4}>
          <Tooltip title="Rename or describe">
            <IconButton
              size="small"
              aria-label={`Edit ${q.name}`}
              onClick={() => setEditing(q)}
            >
              <Edit fontSize="small" />
            </IconButton>
          </Tooltip>
          <Tooltip title="Delete">
            <IconButton
              size="small"
              aria-label={`Delete ${q.name}`}
              onClick={() => setDeleting(q)}
            >
              <Delete fontSize="small" />
            </IconButton>
          </Tooltip>
        </Box>
      ),
    });
  }

  if (list.error) {
    return (
      <LoadError
        error={list.error}
        what="your team's queries"
        onRetry={list.retry}
      />
    );
  }
  return (
    <Box component="section" aria-label="Your team's queries">
      <ScrollingTable<TeamQuery>
        aria-label="Saved queries"
        title="Your team's queries"
        isLoading={list.loading}
        columns={columns}
        data={items}
        emptyContent={emptyContent}
        options={{
          padding: 'dense',
          search: false,
          paging: false,
        }}
      />
      {canManage && (
        <>
          <SaveQueryDialog
            open={!!editing}
            existing={editing}
            onClose={() => setEditing(undefined)}
            onSaved={saved => {
              setEditing(undefined);
              alertApi.post({
                message: `Saved “${saved.name}”`,
                severity: 'success',
                display: 'transient',
              });
              list.retry();
            }}
          />
          <DeleteDialog
            query={deleting}
            onClose={() => setDeleting(undefined)}
            onDeleted={query => {
              setDeleting(undefined);
              alertApi.post({
                message: `Deleted “${query.name}”`,
                severity: 'success',
                display: 'transient',
              });
              list.retry();
            }}
          />
        </>
      )}
    </Box>
  );
}
