import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';

/**
 * A drop-down filter whose first choice is "all".
 *
 * @internal
 */
export function SelectFilter(props: {
  id: string;
  label: string;
  all: string;
  value: string;
  onChange: (value: string) => void;
  options?: { value: string; label: string }[];
  minWidth: number;
}) {
  return (
    <TextField
      id={props.id}
      select
      label={props.label}
      variant="outlined"
      size="small"
      style={{ minWidth: props.minWidth }}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      // "all" is a choice to read, not an empty box
      SelectProps={{ displayEmpty: true }}
      InputLabelProps={{ shrink: true }}
    >
      <MenuItem value="">{props.all}</MenuItem>
      {props.options?.map(o => (
        <MenuItem key={o.value} value={o.value}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );
}
