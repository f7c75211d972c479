import { memo } from 'react';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import { WINDOW_PRESETS, WindowChoice } from './timeWindow';

/** Props for {@link TimeRangeField}. @internal */
export interface TimeRangeFieldProps {
  id: string;
  choice: WindowChoice;
  onChoice: (choice: WindowChoice) => void;
  /** The custom window's inputs, `YYYY-MM-DDTHH:mm` in local time. */
  start: string;
  end: string;
  onStart: (value: string) => void;
  onEnd: (value: string) => void;
  onBlurStart?: () => void;
  onBlurEnd?: () => void;
  /** What to say under each custom input, when it is wrong. */
  errors?: { start?: string; end?: string };
}

/**
 * The time range of a run: the presets (last hour, 24 hours, 7 days, 30 days) or a custom start and end.
 *
 * @internal
 */
/**
 * Memoised: it sits beside the SQL editor or the run form, whose every keystroke re-renders the form, and
 * its own props change only when its choice does.
 */
export const TimeRangeField = memo(function TimeRangeFieldFields(
  props: TimeRangeFieldProps,
) {
  const { id, choice, start, end, errors = {} } = props;
  const labelId = `${id}-window-label`;
  return (
    <>
      <FormControl component="fieldset">
        <FormLabel component="legend" id={labelId}>
          Time range
        </FormLabel>
        <RadioGroup
          row
          aria-labelledby={labelId}
          value={choice}
          onChange={e => props.onChoice(e.target.value as WindowChoice)}
        >
          {WINDOW_PRESETS.map(p => (
            <FormControlLabel
              key={p.id}
              value={p.id}
              control={<Radio size="small" />}
              label={p.label}
            />
          ))}
          <FormControlLabel
            value="custom"
            control={<Radio size="small" />}
            label="Custom"
          />
        </RadioGroup>
      </FormControl>
      {choice === 'custom' && (
        <Box display="flex" flexWrap="wrap" gridGap={16}>
          <TextField
            id={`${id}-start`}
            label="Start (local time)"
            type="datetime-local"
            variant="outlined"
            size="small"
            required
            InputLabelProps={{ shrink: true }}
            value={start}
            onChange={e => props.onStart(e.target.value)}
            onBlur={props.onBlurStart}
            error={!!errors.start}
            helperText={errors.start}
          />
          <TextField
            id={`${id}-end`}
            label="End (local time)"
            type="datetime-local"
            variant="outlined"
            size="small"
            required
            InputLabelProps={{ shrink: true }}
            value={end}
            onChange={e => props.onEnd(e.target.value)}
            onBlur={props.onBlurEnd}
            error={!!errors.end}
            helperText={errors.end}
          />
        </Box>
      )}
    </>
  );
});
