import { QueryRunState } from '@internal/plugin-security-lake-common';
import Chip from '@material-ui/core/Chip';
import Cancel from '@material-ui/icons/Cancel';
import CheckCircle from '@material-ui/icons/CheckCircle';
import Error from '@material-ui/icons/Error';
import Schedule from '@material-ui/icons/Schedule';
import Sync from '@material-ui/icons/Sync';
import { ComponentType } from 'react';

/** Each state as word, icon and colour: colour never carries the meaning alone. */
const STATES: Record<
  QueryRunState,
  {
    label: string;
    color: string;
    background: string;
    Icon: ComponentType<{ style?: object }>;
  }
> = {
  QUEUED: {
    label: 'Queued',
    color: '#546e7a',
    background: '#eceff1',
    Icon: Schedule,
  },
  RUNNING: {
    label: 'Running',
    color: '#0d47a1',
    background: '#e3f2fd',
    Icon: Sync,
  },
  SUCCEEDED: {
    label: 'Succeeded',
    color: '#1b5e20',
    background: '#e8f5e9',
    Icon: CheckCircle,
  },
  FAILED: {
    label: 'Failed',
    color: '#b71c1c',
    background: '#fdecea',
    Icon: Error,
  },
  CANCELLED: {
    label: 'Cancelled',
    color: '#5d4037',
    background: '#efebe9',
    Icon: Cancel,
  },
};

/** A run's state as a small chip. */
export function RunStateChip(props: { state: QueryRunState }) {
  const { label, color, background, Icon } = STATES[props.state];
  return (
    <Chip
      size="small"
      label={label}
      icon={<Icon style={{ color }} />}
      style={{ color, background, fontWeight: 600 }}
    />
  );
}
