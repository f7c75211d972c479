import { SubscriberRequestState } from '@internal/plugin-security-lake-common';
import Chip from '@material-ui/core/Chip';
import Block from '@material-ui/icons/Block';
import Undo from '@material-ui/icons/Undo';
import CheckCircle from '@material-ui/icons/CheckCircle';
import Error from '@material-ui/icons/Error';
import HourglassEmpty from '@material-ui/icons/HourglassEmpty';
import RemoveCircle from '@material-ui/icons/RemoveCircle';
import Schedule from '@material-ui/icons/Schedule';
import Sync from '@material-ui/icons/Sync';
import ThumbUp from '@material-ui/icons/ThumbUp';
import { ComponentType } from 'react';

/** Each state's colour and icon; the word is the state itself, so colour never carries the meaning alone. */
const STATES: Record<
  SubscriberRequestState,
  {
    color: string;
    background: string;
    Icon: ComponentType<{ style?: object }>;
  }
> = {
  pending: { color: '#7a5c00', background: '#fff8e1', Icon: Schedule },
  approved: { color: '#0d47a1', background: '#e3f2fd', Icon: ThumbUp },
  provisioning: { color: '#0d47a1', background: '#e3f2fd', Icon: Sync },
  active: { color: '#1b5e20', background: '#e8f5e9', Icon: CheckCircle },
  rejected: { color: '#5d4037', background: '#efebe9', Icon: Block },
  withdrawn: { color: '#546e7a', background: '#eceff1', Icon: Undo },
  failed: { color: '#b71c1c', background: '#fdecea', Icon: Error },
  revoked: { color: '#546e7a', background: '#eceff1', Icon: RemoveCircle },
  expired: { color: '#546e7a', background: '#eceff1', Icon: HourglassEmpty },
};

/**
 * A subscriber request's state as a small chip whose text is the state (`pending`, `active`, ...).
 *
 * @internal
 */
export function SubscriberStateChip(props: { state: SubscriberRequestState }) {
  const { color, background, Icon } = STATES[props.state] ?? STATES.pending;
  return (
    <Chip
      size="small"
      label={props.state}
      icon={<Icon style={{ color }} />}
      style={{ color, background, fontWeight: 600 }}
    />
  );
}
