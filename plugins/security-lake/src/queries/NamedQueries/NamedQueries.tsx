import { Link, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { NamedQuery } from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import useAsync from 'react-use/esm/useAsync';
import { securityLakeApiRef } from '../../api';
import { serverMessage } from '../../api/serverMessage';
import { ScrollingTable } from '../../components/ScrollingTable';

/** Props for {@link NamedQueries}. @internal */
export interface NamedQueriesProps {
  /** Where a named query opens: the SQL editor with its statement. */
  linkTo: (named: NamedQuery) => string;
}

/**
 * The Athena named queries of the configured workgroups, read-only; one opens in the SQL editor and runs
 * as ad-hoc SQL, through the same check. Nothing shows while there are none.
 *
 * @internal
 */
export function NamedQueries(props: NamedQueriesProps) {
  const { linkTo } = props;
  const api = useApi(securityLakeApiRef);
  const named = useAsync(() => api.listNamedQueries(), [api]);

  if (named.error) {
    return (
      <Alert severity="warning">
        The Athena named queries could not be listed:{' '}
        {serverMessage(named.error)}
      </Alert>
    );
  }
  const items = named.value?.items ?? [];
  if (items.length === 0) return null;

  const columns: TableColumn<NamedQuery>[] = [
    {
      title: 'Name',
      field: 'name',
      render: q => (
        <Box>
          <Typography variant="body2">{q.name}</Typography>
          {q.description && (
            <Typography variant="body2" color="textSecondary">
              {q.description}
            </Typography>
          )}
        </Box>
      ),
    },
    { title: 'Workgroup', field: 'workGroup' },
    {
      title: 'Database',
      field: 'database',
      render: q => q.database ?? '—',
    },
    {
      title: '',
      sorting: false,
      render: q => <Link to={linkTo(q)}>Open in editor</Link>,
    },
  ];
  return (
    <Box component="section" aria-label="Athena named queries">
      <ScrollingTable<NamedQuery>
        aria-label="Athena named queries"
        title="Athena named queries"
        subtitle="Kept in Athena, read-only here: open one to run it as your own SQL"
        columns={columns}
        data={items}
        options={{
          padding: 'dense',
          search: false,
          paging: false,
        }}
      />
    </Box>
  );
}
