import {
  FINDING_SEVERITIES,
  FindingSeverity,
} from '@internal/plugin-security-lake-common';
import Chip from '@material-ui/core/Chip';

/**
 * Each severity's colours: `fill` for charts and tiles' edge, `color` on `background` for its chip. The
 * word is always shown with them: colour never carries the meaning alone.
 */
export const SEVERITY: Record<
  FindingSeverity,
  { fill: string; color: string; background: string }
> = {
  Fatal: { fill: '#4a148c', color: '#4a148c', background: '#ede7f6' },
  Critical: { fill: '#c62828', color: '#b71c1c', background: '#fdecea' },
  High: { fill: '#ef6c00', color: '#8a3b00', background: '#fff0e0' },
  Medium: { fill: '#f9a825', color: '#6d4c00', background: '#fff8e1' },
  Low: { fill: '#1e88e5', color: '#0d47a1', background: '#e3f2fd' },
  Informational: { fill: '#78909c', color: '#37474f', background: '#eceff1' },
  Other: { fill: '#8d6e63', color: '#4e342e', background: '#efebe9' },
  Unknown: { fill: '#bdbdbd', color: '#424242', background: '#f5f5f5' },
};

/** The severities Security Hub sends, always listed; the rest only when a record carries them. */
const USUAL: readonly FindingSeverity[] = [
  'Critical',
  'High',
  'Medium',
  'Low',
  'Informational',
];

/** The severities to list, most severe first: the usual five, and any other that has findings or is chosen. */
export function shownSeverities(
  counts: Partial<Record<FindingSeverity, number>>,
  chosen: readonly FindingSeverity[] = [],
): FindingSeverity[] {
  return FINDING_SEVERITIES.filter(
    s => USUAL.includes(s) || (counts[s] ?? 0) > 0 || chosen.includes(s),
  );
}

export function isFindingSeverity(value: string): value is FindingSeverity {
  return (FINDING_SEVERITIES as readonly string[]).includes(value);
}

/** A severity as a small chip in its colours. */
export function SeverityChip(props: { severity: FindingSeverity }) {
  const { color, background } = SEVERITY[props.severity];
  return (
    <Chip
      size="small"
      label={props.severity}
      style={{ color, background, fontWeight: 600 }}
    />
  );
}
