import { useId, useState } from 'react';
import { gb } from '../../core/pyformat';
import { axisTicks } from './ticks';
import { HEADROOM_COLOR, type StackedBarProps } from './palette';

/** Where the bar sits (px from the chart's top) and how tall it is; the axis runs below it. */
const BAR_TOP = 18;
const BAR_HEIGHT = 30;
const AXIS_Y = BAR_TOP + BAR_HEIGHT;

/**
 * One horizontal stacked bar on a labelled axis, in SVG whose x coordinates are percentages of
 * the plot's width (so it follows its column without measuring it). The caller supplies the text
 * equivalent (ChartFigure's table): the drawing is hidden from screen readers. Pointing at the
 * bar shows every part's value, the one under the pointer first; each part also has a title.
 */
export default function StackedBar({ title, unit, max, segments, reference }: StackedBarProps) {
  const [hover, setHover] = useState<{ key: string; x: number } | null>(null);
  const fmt = (v: number) => `${unit === 'cores' ? String(v) : gb(v)} ${unit}`;
  const pct = (v: number) => `${max > 0 ? Math.min(100, Math.max(0, (v / max) * 100)) : 0}%`;
  // Each part with where it starts on the axis (the sum of the parts before it).
  const parts = segments.reduce<(StackedBarProps['segments'][number] & { x: number })[]>((acc, s) => {
    const last = acc[acc.length - 1];
    acc.push({ ...s, x: last === undefined ? 0 : last.x + last.value });
    return acc;
  }, []);
  const ticks = axisTicks(max, unit === 'cores');
  const hovered = parts.find((p) => p.key === hover?.key);
  const hatchId = `hatch${useId().replace(/[^\w-]/g, '')}`;
  return (
    <div className="chart stacked-bar" aria-hidden="true">
      <svg
        width="100%"
        height="96"
        onMouseLeave={() => setHover(null)}
        onMouseMove={(e) => {
          // The part under the pointer (or the last part before it): its value leads the tip.
          const box = e.currentTarget.getBoundingClientRect();
          const x = box.width > 0 ? (e.clientX - box.left) / box.width : 0;
          const at = [...parts].reverse().find((p) => p.value > 0 && p.x <= x * max) ?? parts[0];
          setHover(at === undefined ? null : { key: at.key, x: Math.min(1, Math.max(0, x)) });
        }}
      >
        <defs>
          <pattern id={hatchId} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill={HEADROOM_COLOR} />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#fff" strokeWidth="2" />
          </pattern>
        </defs>
        {ticks.map((t) => (
          <line
            key={t}
            className="grid"
            x1={pct(t)}
            x2={pct(t)}
            y1={BAR_TOP}
            y2={AXIS_Y}
            stroke="var(--border)"
            strokeDasharray="3 3"
          />
        ))}
        {parts.map((p) =>
          p.value <= 0 ? null : (
            <rect
              key={p.key}
              className="segment"
              x={pct(p.x)}
              width={`${max > 0 ? Math.max(0, Math.min(p.value, max - p.x) / max) * 100 : 0}%`}
              y={BAR_TOP}
              height={BAR_HEIGHT}
              fill={p.hatched === true ? `url(#${hatchId})` : p.color}
              stroke="var(--bg)"
            >
              <title>{`${p.label}: ${fmt(p.value)}`}</title>
            </rect>
          ),
        )}
        <line x1="0" x2="100%" y1={AXIS_Y} y2={AXIS_Y} stroke="var(--muted)" />
        {ticks.map((t, i) => (
          <g key={t}>
            <line x1={pct(t)} x2={pct(t)} y1={AXIS_Y} y2={AXIS_Y + 6} stroke="var(--muted)" />
            <text
              x={pct(t)}
              y={AXIS_Y + 18}
              fontSize="11"
              fill="var(--muted)"
              textAnchor={i === 0 ? 'start' : t >= max ? 'end' : 'middle'}
            >
              {fmt(t)}
            </text>
          </g>
        ))}
        <text x="50%" y={AXIS_Y + 38} fontSize="11" fill="var(--fg)" textAnchor="middle">
          {unit === 'cores' ? title : `${title} (${unit})`}
        </text>
        {reference === undefined ? null : (
          <g className="reference">
            <line
              x1={pct(reference.value)}
              x2={pct(reference.value)}
              y1={BAR_TOP - 2}
              y2={AXIS_Y}
              stroke="var(--fg)"
              strokeDasharray="4 2"
              strokeWidth="2"
            />
            <text
              x={pct(reference.value)}
              y={BAR_TOP - 6}
              fontSize="11"
              fill="var(--fg)"
              textAnchor={reference.value >= max * 0.85 ? 'end' : reference.value <= max * 0.15 ? 'start' : 'middle'}
            >
              {reference.label}
            </text>
          </g>
        )}
      </svg>
      {hover === null || hovered === undefined ? null : (
        <div
          className="chart-tip"
          style={hover.x > 0.5 ? { right: `${(1 - hover.x) * 100}%` } : { left: `${hover.x * 100}%` }}
        >
          <strong>{title}</strong>
          <ul>
            {[hovered, ...parts.filter((p) => p !== hovered)].map((p) => (
              <li key={p.key} className={p === hovered ? 'on' : undefined}>
                <span
                  className={`swatch${p.hatched === true ? ' hatched' : ''}`}
                  style={{ background: p.hatched === true ? undefined : p.color }}
                />
                {p.label}: {fmt(p.value)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
