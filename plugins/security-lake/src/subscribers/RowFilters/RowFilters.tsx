import { SubscriberRowFilter } from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { sharedRowFilter } from '../format';
import { ScrollArea } from '../../components/ScrollArea';

/** Props for {@link RowFilters}. @internal */
export interface RowFiltersProps {
  /** The filters exactly as the server puts them, one per region and table. */
  filters: SubscriberRowFilter[];
  /** In place already, or what provisioning will put. */
  placed: boolean;
}

/**
 * The Lake Formation row filters of a team-scoped grant, word for word as they are put: once when every
 * table gets the same, else table by table.
 *
 * @internal
 */
export function RowFilters(props: RowFiltersProps) {
  const { filters, placed } = props;
  if (filters.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No row filter is in place.
      </Typography>
    );
  }
  const shared = sharedRowFilter(filters);
  const tables =
    filters.length === 1
      ? 'its one table'
      : `each of its ${filters.length} tables`;
  if (shared) {
    return (
      <Box display="flex" flexDirection="column" gridGap={4}>
        <Typography variant="body2">
          {placed ? 'In place' : 'Will be put'} on {tables}:
        </Typography>
        <Typography variant="body2" component="div">
          <code>{shared}</code>
        </Typography>
        <Box
          component="ul"
          margin={0}
          paddingLeft={2}
          aria-label="Filtered tables"
          style={{ fontFamily: 'monospace', fontSize: '0.8rem' }}
        >
          {filters.map(f => (
            <li
              key={`${f.region}/${f.name}`}
              style={{ wordBreak: 'break-all' }}
            >
              {f.region}: {f.table} ({f.name})
            </li>
          ))}
        </Box>
      </Box>
    );
  }
  return (
    <ScrollArea aria-label="Row filters by table">
      <Table size="small" aria-label="Row filters by table">
        <TableHead>
          <TableRow>
            <TableCell>Region</TableCell>
            <TableCell>Table</TableCell>
            <TableCell>Filter</TableCell>
            <TableCell>Row filter</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {filters.map(f => (
            <TableRow key={`${f.region}/${f.name}`}>
              <TableCell>{f.region}</TableCell>
              <TableCell style={{ wordBreak: 'break-all' }}>
                {f.table}
              </TableCell>
              <TableCell>{f.name}</TableCell>
              <TableCell>
                <code>{f.rowFilter}</code>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </ScrollArea>
  );
}
