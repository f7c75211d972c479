import { Link } from '@backstage/core-components';
import { FindingSeverity } from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import ButtonBase from '@material-ui/core/ButtonBase';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import { plural } from '../format';
import { SEVERITY, shownSeverities } from '../severity';

const useStyles = makeStyles(theme => ({
  tile: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    minWidth: 112,
    padding: theme.spacing(1, 1.5),
    borderRadius: 4,
    border: `1px solid ${theme.palette.divider}`,
    borderLeftWidth: 6,
    background: theme.palette.background.paper,
    color: theme.palette.text.primary,
    textAlign: 'left',
    boxSizing: 'border-box',
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: 2,
    },
  },
  count: { fontSize: '1.6rem', fontWeight: 600, lineHeight: 1.2 },
  label: { fontSize: '0.8rem', fontWeight: 500 },
}));

/** Props for {@link SeveritySummary}. @internal */
export interface SeveritySummaryProps {
  bySeverity: Partial<Record<FindingSeverity, number>>;
  /** Tiles that filter the view: the chosen severities show pressed. */
  selected?: FindingSeverity[];
  onToggle?: (severity: FindingSeverity) => void;
  /** Tiles that link to the findings of a severity (entity cards). */
  linkTo?: (severity: FindingSeverity) => string | undefined;
  /** Shown dimmed while the counts are read again. */
  stale?: boolean;
}

/**
 * The number of findings of each severity as tiles, most severe first: buttons that filter the list, or
 * links to the list filtered. A severity without findings is shown with 0 and neither.
 *
 * @internal
 */
export function SeveritySummary(props: SeveritySummaryProps) {
  const classes = useStyles();
  const { bySeverity, selected = [], onToggle, linkTo } = props;
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      gridGap={8}
      role="group"
      aria-label="Findings by severity"
      style={{ opacity: props.stale ? 0.6 : 1 }}
    >
      {shownSeverities(bySeverity, selected).map(severity => {
        const count = bySeverity[severity] ?? 0;
        const pressed = selected.includes(severity);
        const { fill, color, background } = SEVERITY[severity];
        const content: ReactNode = (
          <>
            <span className={classes.count}>{count.toLocaleString()}</span>{' '}
            <span className={classes.label} style={{ color }}>
              {severity}
            </span>
          </>
        );
        // longhands only: React warns when a shorthand comes and goes next to them
        const edge = pressed ? fill : undefined;
        const style = {
          borderLeftColor: fill,
          borderTopColor: edge,
          borderRightColor: edge,
          borderBottomColor: edge,
          background: pressed ? background : undefined,
        };
        // the name begins with what the tile shows (`2 Critical`), as speech input needs
        const name = plural(count, `${severity} finding`);
        if (onToggle) {
          return (
            <ButtonBase
              key={severity}
              className={classes.tile}
              style={style}
              onClick={() => onToggle(severity)}
              aria-pressed={pressed}
              aria-label={name}
              focusRipple
            >
              {content}
            </ButtonBase>
          );
        }
        const href = count > 0 ? linkTo?.(severity) : undefined;
        return href ? (
          <Link
            key={severity}
            to={href}
            className={classes.tile}
            style={style}
            aria-label={name}
            underline="none"
          >
            {content}
          </Link>
        ) : (
          <Typography
            key={severity}
            component="div"
            className={classes.tile}
            style={style}
            title={name}
          >
            {content}
          </Typography>
        );
      })}
    </Box>
  );
}
