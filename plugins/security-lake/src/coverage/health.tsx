import { CoverageHealth } from '@internal/plugin-security-lake-common';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircle from '@material-ui/icons/CheckCircle';
import Error from '@material-ui/icons/Error';
import PauseCircleFilled from '@material-ui/icons/PauseCircleFilled';
import RemoveCircleOutline from '@material-ui/icons/RemoveCircleOutline';
import Schedule from '@material-ui/icons/Schedule';
import { ComponentType } from 'react';

/** How each health reads, looks and is coloured: colour never carries the meaning alone. */
export const HEALTH: Record<
  CoverageHealth,
  {
    label: string;
    description: string;
    color: string;
    background: string;
    Icon: ComponentType<{ fontSize?: 'inherit' | 'small'; style?: object }>;
  }
> = {
  healthy: {
    label: 'Healthy',
    description: 'Configured, and data arrived recently',
    color: '#1b5e20',
    background: '#e8f5e9',
    Icon: CheckCircle,
  },
  stale: {
    label: 'Stale',
    description: 'Configured, but no data for longer than its threshold',
    color: '#8a5300',
    background: '#fff4e0',
    Icon: Schedule,
  },
  misconfigured: {
    label: 'Misconfigured',
    description: 'Security Lake reports the source as misconfigured',
    color: '#b71c1c',
    background: '#fdecea',
    Icon: Error,
  },
  not_collecting: {
    label: 'Not collecting',
    description: 'Configured, and Security Lake reports it is not collecting',
    color: '#6a1b9a',
    background: '#f3e5f5',
    Icon: PauseCircleFilled,
  },
  absent: {
    label: 'Absent',
    description: 'Not configured',
    color: '#455a64',
    background: '#eceff1',
    Icon: RemoveCircleOutline,
  },
};

const useStyles = makeStyles(theme => ({
  chip: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    padding: theme.spacing(0.25, 0.75),
    borderRadius: 12,
    fontSize: '0.8rem',
    fontWeight: 500,
    whiteSpace: 'nowrap',
  },
}));

/** A health as an icon and a word, in its colour. */
export function HealthChip(props: { health: CoverageHealth; label?: string }) {
  const classes = useStyles();
  const { label, color, background, Icon, description } = HEALTH[props.health];
  return (
    <span
      className={classes.chip}
      style={{ color, background }}
      title={description}
    >
      <Icon fontSize="inherit" />
      {props.label ?? label}
    </span>
  );
}
