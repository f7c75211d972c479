import { FINDING_SEVERITIES } from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Clear from '@material-ui/icons/Clear';
import { useId } from 'react';
import { SelectFilter } from '../../components/SelectFilter';
import { WINDOW_CHOICES, windowLabel } from '../format';
import { isFindingSeverity } from '../severity';
import { FindingsPlace, isFiltered, NO_FILTERS } from '../useFindingsLocation';

/** The values each filter can take, from what the backend has answered. */
export interface FindingsFilterOptions {
  accounts: string[];
  regions: string[];
  statuses: string[];
  findingTypes: string[];
  products: string[];
  resourceTypes: string[];
}

/** Props for {@link FindingsFilters}. @internal */
export interface FindingsFiltersProps {
  place: FindingsPlace;
  options: FindingsFilterOptions;
  onChange: (changes: Partial<Omit<FindingsPlace, 'finding'>>) => void;
}

/** The chosen value stays a choice even when the answers no longer name it. */
function withChosen(values: string[], chosen?: string): string[] {
  const all = chosen && !values.includes(chosen) ? [...values, chosen] : values;
  return [...all].sort((a, b) => a.localeCompare(b));
}

function options(values: string[], chosen?: string) {
  return withChosen(values, chosen).map(v => ({ value: v, label: v }));
}

function MultiSelect(props: {
  id: string;
  label: string;
  all: string;
  values: string[];
  choices: string[];
  onChange: (values: string[]) => void;
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
      value={props.values}
      onChange={e => props.onChange(e.target.value as unknown as string[])}
      SelectProps={{
        multiple: true,
        displayEmpty: true,
        renderValue: selected =>
          (selected as string[]).length
            ? (selected as string[]).join(', ')
            : props.all,
      }}
      InputLabelProps={{ shrink: true }}
    >
      {props.choices.map(choice => (
        <MenuItem key={choice} value={choice}>
          <Checkbox
            size="small"
            checked={props.values.includes(choice)}
            style={{ padding: 0, marginRight: 8 }}
            inputProps={{ 'aria-hidden': true }}
            tabIndex={-1}
          />
          <ListItemText primary={choice} />
        </MenuItem>
      ))}
    </TextField>
  );
}

/**
 * The findings list's filters: severity and status (several of each), account, region, window, finding
 * type, product and resource type. Each change goes to the URL, which the view reads back.
 *
 * @internal
 */
export function FindingsFilters(props: FindingsFiltersProps) {
  const { place, options: from, onChange } = props;
  const id = useId();
  const windows = WINDOW_CHOICES.includes(
    place.windowDays as (typeof WINDOW_CHOICES)[number],
  )
    ? [...WINDOW_CHOICES]
    : [...WINDOW_CHOICES, place.windowDays].sort((a, b) => a - b);

  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      gridGap={12}
      role="group"
      aria-label="Filter findings"
    >
      <MultiSelect
        id={`${id}-severity`}
        label="Severity"
        all="All severities"
        values={place.severity}
        choices={[...FINDING_SEVERITIES]}
        onChange={values =>
          onChange({ severity: values.filter(isFindingSeverity) })
        }
        minWidth={160}
      />
      <MultiSelect
        id={`${id}-status`}
        label="Status"
        all="All statuses"
        values={place.status}
        choices={[...new Set([...from.statuses, ...place.status])].sort()}
        onChange={status => onChange({ status })}
        minWidth={150}
      />
      <SelectFilter
        id={`${id}-account`}
        label="Account"
        all="All accounts"
        value={place.accountId ?? ''}
        onChange={accountId => onChange({ accountId })}
        options={options(from.accounts, place.accountId)}
        minWidth={170}
      />
      <SelectFilter
        id={`${id}-region`}
        label="Region"
        all="All regions"
        value={place.region ?? ''}
        onChange={region => onChange({ region })}
        options={options(from.regions, place.region)}
        minWidth={150}
      />
      <TextField
        id={`${id}-window`}
        select
        label="Window"
        variant="outlined"
        size="small"
        style={{ minWidth: 150 }}
        value={place.windowDays}
        onChange={e => onChange({ windowDays: Number(e.target.value) })}
      >
        {windows.map(days => (
          <MenuItem key={days} value={days}>
            {windowLabel(days)}
          </MenuItem>
        ))}
      </TextField>
      <SelectFilter
        id={`${id}-type`}
        label="Finding type"
        all="All types"
        value={place.findingType ?? ''}
        onChange={findingType => onChange({ findingType })}
        options={options(from.findingTypes, place.findingType)}
        minWidth={170}
      />
      <SelectFilter
        id={`${id}-product`}
        label="Product"
        all="All products"
        value={place.product ?? ''}
        onChange={product => onChange({ product })}
        options={options(from.products, place.product)}
        minWidth={150}
      />
      <SelectFilter
        id={`${id}-resource`}
        label="Resource type"
        all="All resource types"
        value={place.resourceType ?? ''}
        onChange={resourceType => onChange({ resourceType })}
        options={options(from.resourceTypes, place.resourceType)}
        minWidth={180}
      />
      {isFiltered(place) && (
        <Button startIcon={<Clear />} onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </Button>
      )}
    </Box>
  );
}
