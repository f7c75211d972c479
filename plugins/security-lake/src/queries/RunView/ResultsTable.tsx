import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import NavigateBefore from '@material-ui/icons/NavigateBefore';
import NavigateNext from '@material-ui/icons/NavigateNext';
import { useId, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { securityLakeApiRef } from '../../api';
import { LoadError } from '../../components/LoadError';
import { ScrollArea } from '../../components/ScrollArea';

/** Pages stay at most 500 rows, so a plain table is enough: nothing to virtualise. */
export const PAGE_SIZES = [50, 100, 500] as const;

// a cell of JSON can be megabytes: the page shows the start, the tooltip the whole
const MAX_SHOWN = 500;

const useStyles = makeStyles(theme => ({
  container: { maxHeight: 600 },
  // a narrow column must not wrap a letter a line: the table scrolls sideways instead
  td: { whiteSpace: 'nowrap', verticalAlign: 'top' },
  cell: {
    display: 'block',
    maxWidth: 360,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    fontFamily: theme.typography.fontFamily,
  },
  null: { color: theme.palette.text.disabled, fontStyle: 'italic' },
  type: {
    display: 'block',
    fontWeight: 400,
    color: theme.palette.text.secondary,
    fontSize: '0.7rem',
  },
}));

/** Props for {@link ResultsTable}. @internal */
export interface ResultsTableProps {
  runId: string;
  /** All rows of the result, when the engine said. */
  rowCount?: number;
}

/**
 * A succeeded run's rows a page at a time. The server pages with opaque cursors, so going back keeps the
 * cursors of the pages seen on the way forward.
 *
 * @internal
 */
export function ResultsTable(props: ResultsTableProps) {
  const { runId, rowCount } = props;
  const api = useApi(securityLakeApiRef);
  const classes = useStyles();
  const id = useId();
  const [pageSize, setPageSize] = useState<number>(100);
  // the cursor of every page up to the one shown; the first page has none
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const page = useAsyncRetry(
    () => api.getRunResults(runId, { cursor, limit: pageSize }),
    [api, runId, cursor, pageSize],
  );

  if (page.error) {
    return (
      <LoadError
        error={page.error}
        what="the run's results"
        onRetry={page.retry}
      />
    );
  }
  const value = page.value;
  const first = (cursors.length - 1) * pageSize;
  const nextCursor = value?.nextCursor;

  return (
    <Box display="flex" flexDirection="column" gridGap={8}>
      <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={12}>
        <Typography variant="body2" role="status">
          {value && value.rows.length > 0
            ? `Rows ${(first + 1).toLocaleString()}–${(
                first + value.rows.length
              ).toLocaleString()}${
                rowCount !== undefined ? ` of ${rowCount.toLocaleString()}` : ''
              }`
            : ''}
        </Typography>
        <Box flexGrow={1} />
        <TextField
          id={`${id}-page-size`}
          select
          label="Rows per page"
          variant="outlined"
          size="small"
          style={{ minWidth: 140 }}
          value={pageSize}
          onChange={e => {
            setPageSize(Number(e.target.value));
            setCursors([undefined]);
          }}
        >
          {PAGE_SIZES.map(n => (
            <MenuItem key={n} value={n}>
              {n}
            </MenuItem>
          ))}
        </TextField>
        <Button
          startIcon={<NavigateBefore />}
          disabled={cursors.length === 1 || page.loading}
          onClick={() => setCursors(c => c.slice(0, -1))}
        >
          Previous
        </Button>
        <Button
          endIcon={<NavigateNext />}
          disabled={!nextCursor || page.loading}
          onClick={() => setCursors(c => [...c, nextCursor])}
        >
          Next
        </Button>
      </Box>
      {page.loading && <LinearProgress aria-label="Loading results" />}
      {value && value.rows.length === 0 && cursors.length === 1 && (
        <Typography variant="body2" color="textSecondary">
          The query returned no rows.
        </Typography>
      )}
      {value && (value.rows.length > 0 || cursors.length > 1) && (
        <ScrollArea className={classes.container} aria-label="Query results">
          <Table size="small" stickyHeader aria-label="Query results">
            <TableHead>
              <TableRow>
                {value.columns.map(c => (
                  <TableCell key={c.name} className={classes.td}>
                    {c.name}
                    <span className={classes.type}>{c.type}</span>
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {value.rows.map((row, r) => (
                <TableRow key={first + r}>
                  {row.map((cell, c) => (
                    <TableCell key={c} className={classes.td}>
                      {cell === null ? (
                        <span className={classes.null}>null</span>
                      ) : (
                        <span className={classes.cell} title={cell}>
                          {cell.length > MAX_SHOWN
                            ? `${cell.slice(0, MAX_SHOWN)}…`
                            : cell}
                        </span>
                      )}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollArea>
      )}
    </Box>
  );
}
