import {
  CoverageAccountRow,
  CoverageHealth,
  CoverageSource,
} from '@internal/plugin-security-lake-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { ScrollArea } from '../../components/ScrollArea';
import { shortEntityName } from '../../components/entityNames';
import { HEALTH } from '../health';
import { VolumeSparkline } from '../VolumeSparkline';

const ROW_HEIGHT = 56;
const ACCOUNT_WIDTH = 240;
const SOURCE_WIDTH = 150;

const useStyles = makeStyles(theme => ({
  scroller: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: 4,
  },
  header: {
    display: 'flex',
    position: 'sticky',
    top: 0,
    zIndex: 2,
    background: theme.palette.background.paper,
    borderBottom: `2px solid ${theme.palette.divider}`,
    fontWeight: 600,
    fontSize: '0.75rem',
    textTransform: 'uppercase',
  },
  headCell: {
    padding: theme.spacing(1),
    boxSizing: 'border-box',
    flex: 'none',
  },
  row: {
    display: 'flex',
    position: 'absolute',
    left: 0,
    borderBottom: `1px solid ${theme.palette.divider}`,
    boxSizing: 'border-box',
  },
  accountCell: {
    flex: 'none',
    width: ACCOUNT_WIDTH,
    padding: theme.spacing(0.5, 1),
    boxSizing: 'border-box',
    overflow: 'hidden',
    position: 'sticky',
    left: 0,
    background: theme.palette.background.paper,
    zIndex: 1,
  },
  cell: {
    flex: 'none',
    width: SOURCE_WIDTH,
    height: ROW_HEIGHT - 1,
    padding: theme.spacing(0.5),
    boxSizing: 'border-box',
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    border: 0,
    borderLeft: `1px solid ${theme.palette.divider}`,
    overflow: 'hidden',
    position: 'relative',
    cursor: 'pointer',
    font: 'inherit',
    textAlign: 'left',
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: -2,
    },
  },
  label: {
    fontSize: '0.75rem',
    fontWeight: 500,
    lineHeight: 1.2,
    display: 'flex',
    flexDirection: 'column',
    minWidth: 0,
  },
  regions: { fontSize: '0.7rem', fontWeight: 400 },
  // in the corner, after the words in reading order, so it neither hides the icon nor starts the name
  exceptions: {
    position: 'absolute',
    top: 2,
    right: 2,
    minWidth: 16,
    height: 16,
    padding: '0 4px',
    borderRadius: 8,
    boxSizing: 'border-box',
    background: theme.palette.error.dark,
    color: theme.palette.error.contrastText,
    fontSize: '0.65rem',
    fontWeight: 600,
    lineHeight: '16px',
    textAlign: 'center',
  },
}));

/** Props for {@link CoverageMatrix}. @internal */
export interface CoverageMatrixProps {
  rows: CoverageAccountRow[];
  sources: CoverageSource[];
  volumeEndDay?: string;
  height: number;
  hasMore?: boolean;
  onLoadMore?: () => void;
  onOpen: (accountId: string, sourceKey?: string) => void;
}

/**
 * Accounts by sources, one row per account, drawn only where the user looks: thousands of accounts keep
 * a few dozen rows in the page. Each cell is a button with the health as icon, word and colour, the
 * 14-day volume and the number of exceptions; it opens the account's regions.
 *
 * @internal
 */
export function CoverageMatrix(props: CoverageMatrixProps) {
  const classes = useStyles();
  const { rows, sources, onLoadMore, hasMore } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 3,
    // jsdom and the first paint have no layout yet
    initialRect: { width: 1200, height: props.height },
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (hasMore && onLoadMore && lastIndex >= rows.length - 20) {
      onLoadMore();
    }
  }, [hasMore, onLoadMore, lastIndex, rows.length]);

  const width = ACCOUNT_WIDTH + sources.length * SOURCE_WIDTH;
  return (
    <ScrollArea
      scrollerRef={scroller}
      className={classes.scroller}
      style={{ height: props.height }}
      role="table"
      aria-label="Coverage by account and source"
      aria-rowcount={rows.length + 1}
    >
      <div className={classes.header} style={{ width }} role="row">
        <div
          className={classes.headCell}
          style={{ width: ACCOUNT_WIDTH }}
          role="columnheader"
        >
          Account
        </div>
        {sources.map(source => (
          <div
            key={source.key}
            className={classes.headCell}
            style={{ width: SOURCE_WIDTH }}
            role="columnheader"
            title={source.title}
          >
            {source.title}
          </div>
        ))}
      </div>
      <div
        style={{
          height: virtualizer.getTotalSize(),
          width,
          position: 'relative',
        }}
      >
        {items.map(item => {
          const row = rows[item.index];
          return (
            <div
              key={row.accountId}
              className={classes.row}
              role="row"
              aria-rowindex={item.index + 2}
              style={{ top: item.start, height: ROW_HEIGHT, width }}
            >
              <div className={classes.accountCell} role="rowheader">
                <Typography variant="body2" style={{ fontWeight: 600 }}>
                  {row.accountId}
                </Typography>
                <Typography
                  variant="caption"
                  color="textSecondary"
                  noWrap
                  component="div"
                >
                  {row.title ?? (row.inCatalog ? '' : 'not in catalog')}
                  {row.owners.length > 0 &&
                    ` · ${row.owners
                      .map(shortEntityName)
                      .join(', ')}`}
                </Typography>
              </div>
              {sources.map(source => {
                const summary = row.sources[source.key];
                if (!summary && source.kind === 'custom') {
                  // another account's integration: nothing is missing here
                  return (
                    <div role="cell" key={source.key}>
                      <span
                        className={classes.cell}
                        style={{ cursor: 'default' }}
                        aria-label={`${row.accountId} ${source.title}: does not apply`}
                        title="This custom source is not one of this account's"
                      >
                        —
                      </span>
                    </div>
                  );
                }
                // the backend answers for the chosen region when the list is filtered to one
                const health: CoverageHealth = summary?.health ?? 'absent';
                const look = HEALTH[health];
                // a gap in one region of several reads differently from a gap everywhere
                const partial =
                  summary && summary.regionCount > 1 && health !== 'healthy'
                    ? `${summary.healthyRegions}/${summary.regionCount} regions ok`
                    : undefined;
                return (
                  <div role="cell" key={source.key}>
                    <button
                      type="button"
                      className={classes.cell}
                      style={{ background: look.background, color: look.color }}
                      aria-label={`${row.accountId} ${source.title}: ${
                        look.label
                      }${partial ? ` ${partial}` : ''}${
                        summary?.exceptionCount
                          ? `, ${summary.exceptionCount} exception${
                              summary.exceptionCount > 1 ? 's' : ''
                            }`
                          : ''
                      }`}
                      onClick={() => props.onOpen(row.accountId, source.key)}
                    >
                      <look.Icon fontSize="small" />
                      <span className={classes.label}>
                        {look.label}
                        {/* the two lines read as two words, as the cell's name says them */}
                        {partial && ' '}
                        {partial && (
                          <span className={classes.regions}>{partial}</span>
                        )}
                      </span>
                      {summary && summary.volume.some(n => n > 0) && (
                        <VolumeSparkline
                          volume={summary.volume}
                          color={look.color}
                          width={48}
                          endDay={props.volumeEndDay}
                        />
                      )}
                      {!!summary?.exceptionCount && ' '}
                      {!!summary?.exceptionCount && (
                        <span
                          className={classes.exceptions}
                          title={`${summary.exceptionCount} exception${
                            summary.exceptionCount > 1 ? 's' : ''
                          } from Security Lake`}
                        >
                          {summary.exceptionCount}
                        </span>
                      )}
                    </button>
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
    </ScrollArea>
  );
}
