import { memo } from 'react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';

/** A region and which of the chosen accounts have data there. @internal */
export interface RegionChoice {
  region: string;
  accountIds: Set<string>;
}

/**
 * The regions where the given accounts have data, from (account, region) pairs: the one most of them
 * have first, so it is the default.
 *
 * @internal
 */
export function regionsOf(
  pairs: { accountId: string; region: string }[],
  accountIds: string[],
): RegionChoice[] {
  const byRegion = new Map<string, Set<string>>();
  for (const pair of pairs) {
    if (!accountIds.includes(pair.accountId)) continue;
    const set = byRegion.get(pair.region) ?? new Set<string>();
    set.add(pair.accountId);
    byRegion.set(pair.region, set);
  }
  return [...byRegion.entries()]
    .sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]))
    .map(([region, ids]) => ({ region, accountIds: ids }));
}

/**
 * The run's region: the one chosen while it still has any of the accounts, else the one most of them have;
 * and which chosen accounts have no data there.
 *
 * @internal
 */
export function regionChoice(
  regions: RegionChoice[],
  chosen: string | undefined,
  selected: string[],
): { region?: string; missing: string[] } {
  const found =
    regions.find(r => r.region === chosen) ??
    (regions[0] as RegionChoice | undefined);
  return {
    region: found?.region,
    missing: found ? selected.filter(a => !found.accountIds.has(a)) : [],
  };
}

/** Props for {@link RegionField}. @internal */
export interface RegionFieldProps {
  id: string;
  regions: RegionChoice[];
  region?: string;
  /** How many accounts the run is for, to say how many of them each region has. */
  accountCount: number;
  onChange: (region: string) => void;
  helperText: string;
}

/** The run's region, each option saying how many of the run's accounts have data there. @internal */
/**
 * Memoised: it sits beside the SQL editor or the run form, whose every keystroke re-renders the form, and
 * its own props change only when its choice does.
 */
export const RegionField = memo(function RegionFieldFields(
  props: RegionFieldProps,
) {
  const { id, regions, region, accountCount, onChange, helperText } = props;
  return (
    <TextField
      id={id}
      select
      label="Region"
      variant="outlined"
      size="small"
      style={{ minWidth: 220 }}
      value={region ?? ''}
      onChange={e => onChange(e.target.value)}
      helperText={helperText}
    >
      {regions.map(r => (
        <MenuItem key={r.region} value={r.region}>
          {r.region} · {r.accountIds.size} of {accountCount} account
          {accountCount === 1 ? '' : 's'}
        </MenuItem>
      ))}
    </TextField>
  );
});
