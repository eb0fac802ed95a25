import {
  Bar,
  BarChart,
  CartesianGrid,
  Label,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { gb } from '../../core';

import { HEADROOM_COLOR, type StackedBarProps } from './palette';

const fmt = (unit: string) => (v: number) => `${unit === 'cores' ? String(v) : gb(v)} ${unit}`;

/** One horizontal stacked bar on a labelled axis. The caller supplies the text equivalent. */
export default function StackedBar({ title, unit, max, segments, reference }: StackedBarProps) {
  const row: Record<string, number | string> = { row: title };
  for (const s of segments) row[s.key] = s.value;
  return (
    <div className="chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={96}>
        <BarChart
          data={[row]}
          layout="vertical"
          margin={{ top: 18, right: 16, bottom: 18, left: 8 }}
          accessibilityLayer={false}
        >
          <defs>
            <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" fill={HEADROOM_COLOR} />
              <line x1="0" y1="0" x2="0" y2="6" stroke="#fff" strokeWidth="2" />
            </pattern>
          </defs>
          <CartesianGrid horizontal={false} strokeDasharray="3 3" />
          <XAxis
            type="number"
            domain={[0, max]}
            tickFormatter={fmt(unit)}
            allowDecimals={unit !== 'cores'}
            fontSize={11}
          >
            <Label
              value={unit === 'cores' ? title : `${title} (${unit})`}
              position="insideBottom"
              offset={-12}
              fontSize={11}
            />
          </XAxis>
          <YAxis type="category" dataKey="row" hide />
          <Tooltip formatter={(v, name) => [fmt(unit)(Number(v)), String(name)]} cursor={false} />
          {segments.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stackId="a"
              fill={s.hatched === true ? 'url(#hatch)' : s.color}
              stroke="var(--bg)"
              isAnimationActive={false}
            />
          ))}
          {reference === undefined ? null : (
            <ReferenceLine x={reference.value} stroke="var(--fg)" strokeDasharray="4 2" strokeWidth={2}>
              <Label value={reference.label} position="top" fontSize={11} fill="var(--fg)" />
            </ReferenceLine>
          )}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
