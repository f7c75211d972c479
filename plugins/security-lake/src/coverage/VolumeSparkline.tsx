import { Line, LineChart, YAxis } from 'recharts';

/**
 * Events per day as a small line, so a drop shows at a glance; the numbers are in the label.
 */
export function VolumeSparkline(props: {
  volume: number[];
  color?: string;
  width?: number;
  height?: number;
  endDay?: string;
}) {
  const { volume, color = '#1565c0', width = 72, height = 22 } = props;
  const total = volume.reduce((a, b) => a + b, 0);
  const last = volume[volume.length - 1] ?? 0;
  const label = `${total.toLocaleString()} events over ${volume.length} days${
    props.endDay ? ` to ${props.endDay}` : ''
  }, ${last.toLocaleString()} on the last day`;
  return (
    <span role="img" aria-label={label} title={label}>
      <LineChart
        // recharts makes its chart a focusable application: inside a button, that is a control in a control
        accessibilityLayer={false}
        width={width}
        height={height}
        data={volume.map((events, day) => ({ day, events }))}
        margin={{ top: 2, right: 2, bottom: 2, left: 2 }}
      >
        <YAxis hide domain={[0, 'dataMax']} />
        <Line
          type="monotone"
          dataKey="events"
          stroke={color}
          strokeWidth={1.5}
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </span>
  );
}
