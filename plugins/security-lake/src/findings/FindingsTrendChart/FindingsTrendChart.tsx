import {
  FINDING_SEVERITIES,
  FindingSeverity,
  FindingsTrend,
} from '@internal/plugin-security-lake-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { dayLabel, plural } from '../format';
import { SEVERITY } from '../severity';

/** Props for {@link FindingsTrendChart}. @internal */
export interface FindingsTrendChartProps {
  trend: FindingsTrend;
  /** Only these severities, when the view is filtered to some. */
  severities?: FindingSeverity[];
  height?: number;
}

/**
 * Distinct findings reported per day, stacked by severity in the severities' fixed colours, most severe
 * at the bottom; a legend and a tooltip name them, and a sentence under the chart says what it shows for
 * those who cannot see it.
 *
 * @internal
 */
export function FindingsTrendChart(props: FindingsTrendChartProps) {
  const { trend, severities = [], height = 220 } = props;
  const series = FINDING_SEVERITIES.filter(
    s =>
      (severities.length === 0 || severities.includes(s)) &&
      trend.days.some(d => (d.counts[s] ?? 0) > 0),
  );
  const data = trend.days.map(d => ({
    day: d.day,
    ...Object.fromEntries(series.map(s => [s, d.counts[s] ?? 0])),
  }));
  const totals = trend.days.map(d => ({
    day: d.day,
    total: series.reduce((sum, s) => sum + (d.counts[s] ?? 0), 0),
  }));
  const peak = totals.reduce<(typeof totals)[number] | undefined>(
    (best, d) => (!best || d.total > best.total ? d : best),
    undefined,
  );
  const last = totals[totals.length - 1];

  if (!peak || peak.total === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No findings were reported on any day of the window
        {severities.length ? ` with severity ${severities.join(' or ')}` : ''}.
      </Typography>
    );
  }
  const description = `Findings reported per day from ${dayLabel(
    totals[0].day,
  )} to ${dayLabel(last.day)}: ${plural(
    last.total,
    'finding',
  )} on the last day, at most ${plural(peak.total, 'finding')} on ${dayLabel(
    peak.day,
  )}.`;
  return (
    <Box>
      <div role="img" aria-label={description}>
        <ResponsiveContainer
          width="100%"
          height={height}
          // jsdom and the first paint have no layout yet
          initialDimension={{ width: 640, height }}
        >
          <BarChart
            data={data}
            margin={{ top: 8, right: 8, left: 0, bottom: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="day" tickFormatter={dayLabel} minTickGap={12} />
            <YAxis allowDecimals={false} width={40} />
            <Tooltip labelFormatter={label => dayLabel(String(label))} />
            <Legend
              // most severe first, as everywhere else, not alphabetically
              itemSorter={item =>
                FINDING_SEVERITIES.indexOf(item.value as FindingSeverity)
              }
            />
            {series.map(s => (
              <Bar
                key={s}
                dataKey={s}
                name={s}
                stackId="findings"
                fill={SEVERITY[s].fill}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <Typography variant="caption" color="textSecondary">
        {description}
      </Typography>
    </Box>
  );
}
