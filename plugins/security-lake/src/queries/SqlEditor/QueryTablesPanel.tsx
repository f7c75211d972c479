import { QueryTable } from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Collapse from '@material-ui/core/Collapse';
import IconButton from '@material-ui/core/IconButton';
import LinearProgress from '@material-ui/core/LinearProgress';
import Link from '@material-ui/core/Link';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import ExpandLess from '@material-ui/icons/ExpandLess';
import ExpandMore from '@material-ui/icons/ExpandMore';
import Alert from '@material-ui/lab/Alert';
import { useId, useState, memo } from 'react';
import { serverMessage } from '../../api/serverMessage';
import { tableRef, tableTitle } from './sqlProblems';

const useStyles = makeStyles(theme => ({
  // about the editor's height: a region's dozen tables scroll beside it rather than push the form down
  list: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    maxHeight: 320,
    overflowY: 'auto',
  },
  table: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(0.5),
    padding: theme.spacing(0.5, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
  name: {
    fontFamily: 'monospace',
    fontSize: 12,
    textAlign: 'left',
    wordBreak: 'break-all',
  },
  columns: {
    listStyle: 'none',
    margin: theme.spacing(0, 0, 1, 4.5),
    padding: 0,
  },
  column: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'baseline',
    minWidth: 0,
  },
  type: {
    fontFamily: 'monospace',
    fontSize: 11,
    color: theme.palette.text.secondary,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    minWidth: 0,
  },
}));

/** Props for {@link QueryTablesPanel}. @internal */
export interface QueryTablesPanelProps {
  region?: string;
  tables?: QueryTable[];
  loading: boolean;
  error?: Error;
  /** Puts a table reference or a column name in the editor. */
  onInsert: (text: string) => void;
}

function TableItem(props: {
  table: QueryTable;
  onInsert: (text: string) => void;
}) {
  const { table, onInsert } = props;
  const classes = useStyles();
  const id = useId();
  const [open, setOpen] = useState(false);
  const title = tableTitle(table);
  return (
    <li>
      <div className={classes.table}>
        <IconButton
          size="small"
          aria-expanded={open}
          aria-controls={`${id}-columns`}
          aria-label={`Columns of ${title}`}
          onClick={() => setOpen(o => !o)}
        >
          {open ? (
            <ExpandLess fontSize="small" />
          ) : (
            <ExpandMore fontSize="small" />
          )}
        </IconButton>
        <Box minWidth={0}>
          <Typography variant="body2">{title}</Typography>
          <Link
            component="button"
            type="button"
            className={classes.name}
            title="Insert at the cursor"
            onClick={() => onInsert(tableRef(table))}
          >
            {table.name}
          </Link>
        </Box>
      </div>
      <Collapse in={open} unmountOnExit>
        <ul
          id={`${id}-columns`}
          className={classes.columns}
          aria-label={`Columns of ${title}`}
        >
          {table.columns.map(c => (
            <li key={c.name} className={classes.column}>
              <Link
                component="button"
                type="button"
                className={classes.name}
                title="Insert at the cursor"
                onClick={() => onInsert(c.name)}
              >
                {c.name}
              </Link>
              <span className={classes.type} title={c.type}>
                {c.type}
              </span>
            </li>
          ))}
        </ul>
      </Collapse>
    </li>
  );
}

/**
 * The Security Lake tables of the region that the caller may query, each opening to its columns and
 * types; a click on a name puts it at the editor's cursor. Memoised: it sits beside the SQL editor, whose
 * every keystroke re-renders the form, and its own props change only when the region's tables do.
 *
 * @internal
 */
export const QueryTablesPanel = memo(function QueryTablesList(
  props: QueryTablesPanelProps,
) {
  const { region, tables, loading, error, onInsert } = props;
  const classes = useStyles();
  const heading = region ? `Tables in ${region}` : 'Tables';
  return (
    <Box component="section" aria-label={heading}>
      <Typography variant="subtitle2" component="h3">
        {heading}
      </Typography>
      <Typography variant="caption" color="textSecondary" component="p">
        Click a name to insert it at the cursor.
      </Typography>
      {loading && <LinearProgress aria-label="Loading the tables" />}
      {error && (
        <Alert severity="warning">
          The tables could not be listed: {serverMessage(error)}
        </Alert>
      )}
      {!loading && !error && tables?.length === 0 && (
        <Typography variant="body2" color="textSecondary">
          {region
            ? `No Security Lake table in ${region} that you may query.`
            : 'Choose a region to see its tables.'}
        </Typography>
      )}
      {!!tables?.length && (
        <ul className={classes.list}>
          {tables.map(t => (
            <TableItem
              key={`${t.database}.${t.name}`}
              table={t}
              onInsert={onInsert}
            />
          ))}
        </ul>
      )}
    </Box>
  );
});
