import { Finding } from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { KeyboardEvent } from 'react';
import { ResourceName } from '../../components/ResourceName';
import { ScrollArea } from '../../components/ScrollArea';
import { formatTime, plural } from '../format';
import { SeverityChip } from '../severity';

const useStyles = makeStyles(theme => ({
  row: {
    cursor: 'pointer',
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: -2,
    },
  },
  // headings, account ids, statuses, regions and times read badly broken over lines
  nowrap: { whiteSpace: 'nowrap' },
  title: { minWidth: 240 },
  head: { '& th': { whiteSpace: 'nowrap' } },
}));

/** Props for {@link FindingsTable}. @internal */
export interface FindingsTableProps {
  items: Finding[];
  total: number;
  onOpen: (finding: Finding) => void;
  /** The finding open in the drawer, marked in the list. */
  openId?: string;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
}

/** Enter or Space opens the row, the arrows move between rows. */
function onRowKey(event: KeyboardEvent<HTMLTableRowElement>, open: () => void) {
  const row = event.currentTarget;
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    open();
  } else if (event.key === 'ArrowDown') {
    event.preventDefault();
    (row.nextElementSibling as HTMLElement | null)?.focus();
  } else if (event.key === 'ArrowUp') {
    event.preventDefault();
    (row.previousElementSibling as HTMLElement | null)?.focus();
  }
}

/**
 * Findings one per row: severity, title, account, region, status, resource, last seen and reports. A row
 * opens with a click, or from the keyboard with Enter once focused (Tab, then the arrows between rows).
 *
 * @internal
 */
export function FindingsTable(props: FindingsTableProps) {
  const classes = useStyles();
  const { items, total, onOpen, openId } = props;
  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      <ScrollArea aria-label="Findings">
        <Table size="small" aria-label="Findings">
          <TableHead>
            <TableRow className={classes.head}>
              <TableCell>Severity</TableCell>
              <TableCell>Title</TableCell>
              <TableCell>Account</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Resource</TableCell>
              <TableCell>Last seen</TableCell>
              <TableCell align="right">Reports</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(finding => (
              <TableRow
                key={finding.id}
                hover
                tabIndex={0}
                selected={finding.id === openId}
                className={classes.row}
                onClick={() => onOpen(finding)}
                onKeyDown={e => onRowKey(e, () => onOpen(finding))}
              >
                <TableCell>
                  <SeverityChip severity={finding.severity} />
                </TableCell>
                <TableCell className={classes.title}>
                  <Typography variant="body2">{finding.title}</Typography>
                  <Typography variant="caption" color="textSecondary">
                    {[finding.product, finding.control ?? finding.findingType]
                      .filter(Boolean)
                      .join(' · ')}
                  </Typography>
                </TableCell>
                <TableCell className={classes.nowrap}>
                  <Typography variant="body2">{finding.accountId}</Typography>
                  <Typography variant="caption" color="textSecondary">
                    {finding.region}
                  </Typography>
                </TableCell>
                <TableCell className={classes.nowrap}>
                  {finding.status}
                </TableCell>
                <TableCell>
                  <Typography variant="body2" component="div">
                    {finding.resourceUid ? (
                      <ResourceName uid={finding.resourceUid} maxWidth={240} />
                    ) : (
                      '—'
                    )}
                  </Typography>
                  {finding.resourceType && (
                    <Typography variant="caption" color="textSecondary">
                      {finding.resourceType}
                    </Typography>
                  )}
                </TableCell>
                <TableCell className={classes.nowrap}>
                  {formatTime(finding.lastSeen)}
                </TableCell>
                <TableCell align="right">
                  {finding.reports.toLocaleString()}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </ScrollArea>
      <Box display="flex" alignItems="center" gridGap={16}>
        <Typography variant="body2" color="textSecondary">
          Showing {items.length.toLocaleString()} of {plural(total, 'finding')}
        </Typography>
        {props.hasMore && (
          <Button
            variant="outlined"
            onClick={props.onLoadMore}
            disabled={props.loadingMore}
          >
            {props.loadingMore ? 'Loading…' : 'Load more'}
          </Button>
        )}
      </Box>
    </Box>
  );
}
