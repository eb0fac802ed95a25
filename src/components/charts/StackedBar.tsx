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
import { memo, useMemo } from 'react';
import { gb } from '../../core/pyformat';

import { HEADROOM_COLOR, type StackedBarProps } from './palette';

/**
 * Formatters, one per unit for the page's life. recharts keeps every chart's settings in a
 * store and re-sends them when a prop changes identity: a new function, margin or domain
 * per render made every re-render dispatch (and recompute its selectors) several times.
 */
const FORMATTERS = new Map<
  string,
  { tick: (v: number) => string; tooltip: (v: unknown, n: unknown) => [string, string] }
>();
function formatters(unit: string) {
  let f = FORMATTERS.get(unit);
  if (f === undefined) {
    const tick = (v: number) => `${unit === 'cores' ? String(v) : gb(v)} ${unit}`;
    f = { tick, tooltip: (v, name) => [tick(Number(v)), String(name)] };
    FORMATTERS.set(unit, f);
  }
  return f;
}
const MARGIN = { top: 18, right: 16, bottom: 18, left: 8 };

/** The axes, grid and tooltip: re-rendered (and re-sent to recharts' store) only when the axis changes. */
const Axes = memo(function Axes({ title, unit, max }: { title: string; unit: string; max: number }) {
  const domain = useMemo(() => [0, max], [max]);
  const { tick, tooltip } = formatters(unit);
  return (
    <>
      <CartesianGrid horizontal={false} strokeDasharray="3 3" />
      <XAxis type="number" domain={domain} tickFormatter={tick} allowDecimals={unit !== 'cores'} fontSize={11}>
        <Label
          value={unit === 'cores' ? title : `${title} (${unit})`}
          position="insideBottom"
          offset={-12}
          fontSize={11}
        />
      </XAxis>
      <YAxis type="category" dataKey="row" hide />
      <Tooltip formatter={tooltip} cursor={false} />
    </>
  );
});

/** The bars, one per segment: `spec` is their keys, names and fills (the values come with the data). */
const Bars = memo(function Bars({ spec }: { spec: string }) {
  return spec.split('\n').map((line) => {
    const [key = '', name = '', fill = ''] = line.split('\u0000');
    return (
      <Bar key={key} dataKey={key} name={name} stackId="a" fill={fill} stroke="var(--bg)" isAnimationActive={false} />
    );
  });
});

const Reference = memo(function Reference({ value, label }: { value: number; label: string }) {
  return (
    <ReferenceLine x={value} stroke="var(--fg)" strokeDasharray="4 2" strokeWidth={2}>
      <Label value={label} position="top" fontSize={11} fill="var(--fg)" />
    </ReferenceLine>
  );
});

/**
 * One horizontal stacked bar on a labelled axis. The caller supplies the text equivalent.
 * When only a value changes, only the chart's data changes: the axes, bars and reference
 * line are memoized parts, so recharts is not sent their settings again.
 */
export default function StackedBar({ title, unit, max, segments, reference }: StackedBarProps) {
  const values = segments.map((s) => `${s.key}=${s.value}`).join(',');
  const data = useMemo(() => {
    const row: Record<string, number | string> = { row: title };
    for (const s of segments) row[s.key] = s.value;
    return [row];
    // The row changes only when a value does (`values` says them all).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [title, values]);
  const spec = segments
    .map((s) => `${s.key}\u0000${s.label}\u0000${s.hatched === true ? 'url(#hatch)' : s.color}`)
    .join('\n');
  return (
    <div className="chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={96}>
        <BarChart data={data} layout="vertical" margin={MARGIN} accessibilityLayer={false}>
          <defs>
            <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" fill={HEADROOM_COLOR} />
              <line x1="0" y1="0" x2="0" y2="6" stroke="#fff" strokeWidth="2" />
            </pattern>
          </defs>
          <Axes title={title} unit={unit} max={max} />
          {spec === '' ? null : <Bars spec={spec} />}
          {reference === undefined ? null : <Reference value={reference.value} label={reference.label} />}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
