import { memo } from 'react';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';

/** Props for {@link AccountPicker}. @internal */
export interface AccountPickerProps {
  id: string;
  /** The account ids to choose from. */
  candidates: string[];
  /** Titles shown next to the ids, where the catalog has one. */
  titles: Map<string, string | undefined>;
  selected: string[];
  onChange: (selected: string[]) => void;
  /** What is wrong with the choice, once it is to be said. */
  error?: string;
  helperText: string;
}

/**
 * Several AWS accounts, each shown as its id and title, with a button to choose them all.
 *
 * @internal
 */
/**
 * Memoised: it sits beside the SQL editor or the run form, whose every keystroke re-renders the form, and
 * its own props change only when its choice does.
 */
export const AccountPicker = memo(function AccountPickerFields(
  props: AccountPickerProps,
) {
  const { id, candidates, titles, selected, onChange, error } = props;
  const label = (a: string) => (titles.get(a) ? `${a} · ${titles.get(a)}` : a);
  return (
    <>
      <Autocomplete
        id={id}
        multiple
        disableCloseOnSelect
        options={candidates}
        value={selected}
        onChange={(_, next) => onChange(next)}
        getOptionLabel={label}
        renderOption={(a, state) => (
          <>
            <Checkbox
              size="small"
              checked={state.selected}
              style={{ marginRight: 8 }}
              inputProps={{ 'aria-hidden': true }}
              tabIndex={-1}
            />
            {label(a)}
          </>
        )}
        ChipProps={{ size: 'small' }}
        style={{ minWidth: 360, flex: 1 }}
        renderInput={params => (
          <TextField
            {...params}
            label="Accounts"
            variant="outlined"
            size="small"
            InputLabelProps={{ ...params.InputLabelProps, required: true }}
            error={!!error}
            helperText={error ?? props.helperText}
          />
        )}
      />
      {candidates.length > 1 && selected.length < candidates.length && (
        <Button size="small" onClick={() => onChange(candidates)}>
          Select all {candidates.length}
        </Button>
      )}
    </>
  );
});
