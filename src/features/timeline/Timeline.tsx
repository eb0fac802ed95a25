import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import { formatSpan, savingsSentence, type DayTiming } from '../../core';
import { GEOMETRY, dayRows, timelineLayout, uniqueKeys, type BarShape, type Tick, type TimelineBar } from './layout';

/** Width of the element, followed as it resizes. */
function useWidth(initial: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const el = ref.current;
    if (el === null || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      if (w !== undefined && w > 0) setWidth(Math.round(w));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width] as const;
}

function Axis({ ticks, y, x1, x2 }: { ticks: readonly Tick[]; y: number; x1: number; x2: number }) {
  return (
    <g className="axis" aria-hidden="true">
      <line x1={x1} x2={x2} y1={y} y2={y} />
      {ticks.map((t) => (
        <g key={t.key}>
          <line x1={t.x} x2={t.x} y1={y} y2={y + 4} />
          <text x={t.x} y={y + 16} textAnchor={t.anchor}>
            {t.label}
          </text>
        </g>
      ))}
    </g>
  );
}

function JobBar({
  shape,
  color,
  labelColor,
  animated,
}: {
  shape: BarShape;
  color: string;
  labelColor: string;
  animated: boolean;
}) {
  const { laneH } = GEOMETRY;
  const style = animated ? { transform: `translate(${shape.x}px, ${shape.y}px)` } : undefined;
  const place = animated ? {} : { transform: `translate(${shape.x} ${shape.y})` };
  return (
    <g className="bar" style={style} {...place}>
      <title>{shape.title}</title>
      <rect
        className="solid"
        width={shape.solid}
        height={laneH}
        rx={3}
        fill={color}
        style={{ width: `${shape.solid}px` }}
      />
      {shape.range > 0 ? (
        <rect
          className="range"
          x={shape.solid}
          width={shape.range}
          height={laneH}
          rx={3}
          fill="url(#timeline-hatch)"
          stroke={color}
          style={{ width: `${shape.range}px` }}
        />
      ) : null}
      {shape.label !== null ? (
        <text className="bar-label" x={5} y={laneH / 2 + 4} style={{ fill: labelColor }}>
          {shape.label}
        </text>
      ) : null}
    </g>
  );
}

/** A bar of the planned chart: in the one-after-another view it moves to its waiting-bench place, or fades. */
function PlannedBar({ bar, waiting }: { bar: TimelineBar; waiting: boolean }) {
  const moving = waiting && bar.toggled !== null;
  return (
    <g className={waiting && !moving ? 'fade' : undefined}>
      <JobBar shape={moving ? bar.toggled! : bar.shape} color={bar.color} labelColor={bar.labelColor} animated />
    </g>
  );
}

/** Memoized: the keystroke's own (urgent) render passes the same `day` and skips it. */
export const Timeline = memo(function Timeline({ day }: { day: DayTiming }) {
  const id = useId();
  const [ref, width] = useWidth(720);
  const [mode, setMode] = useState<'planned' | 'waiting'>('planned');
  const [tableOpen, setTableOpen] = useState(false);
  // Bars glide only while the toggle animates; an edit moves them at once (no frames spent).
  const [animating, setAnimating] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const show = (m: 'planned' | 'waiting') => {
    if (m === mode) return;
    setMode(m);
    setAnimating(true);
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = setTimeout(() => setAnimating(false), 1300);
  };
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  const layout = useMemo(() => timelineLayout(day, width), [day, width]);
  const { lanes, ticks, planned, waiting, plot } = layout;
  const { laneH } = GEOMETRY;
  const axisEnd = plot.x0 + plot.width;
  const sentence = savingsSentence(day);
  const refused = day.windows.filter((w) => w.refused !== null);
  const unscheduled = day.windows.flatMap((w) =>
    w.unscheduled.map((u) => ({ ...u, window: w.name, id: `${w.index}:${u.name}` })),
  );
  const unscheduledKeys = uniqueKeys(unscheduled.map((u) => u.id));
  const empty = day.waitingJobs.length === 0;

  return (
    <section className="timeline" aria-labelledby="day-title">
      <h2 id="day-title">The day</h2>
      <p className="savings">{empty ? 'No job runs in this day yet: add cards and windows.' : sentence}</p>
      <div className="timeline-controls" role="group" aria-label="Teaching view">
        <button type="button" aria-pressed={mode === 'planned'} onClick={() => show('planned')}>
          Planned day
        </button>
        <button type="button" aria-pressed={mode === 'waiting'} onClick={() => show('waiting')}>
          One after another
        </button>
        <span className="muted">The top chart moves every job between the two days.</span>
      </div>
      {layout.note !== null ? <p className="muted">{layout.note}</p> : null}
      <div ref={ref} className="timeline-charts">
        <figure aria-labelledby={`${id}-cap1`}>
          <figcaption id={`${id}-cap1`}>
            <strong>{mode === 'planned' ? 'Planned day' : 'The same jobs, one after another'}</strong> —{' '}
            {mode === 'planned'
              ? `${formatSpan(day.planned)}: each window in turn, the work inside it side by side.`
              : `${formatSpan(day.waiting)}: the bench waits for each job before the next.`}
          </figcaption>
          <svg
            width={width}
            height={planned.height}
            role="img"
            aria-label={`Gantt chart of the planned day: ${sentence}. The table below gives every job's start and end.`}
            className={`gantt ${mode}${animating ? ' animating' : ''}`}
          >
            <defs>
              <pattern
                id="timeline-hatch"
                width="6"
                height="6"
                patternUnits="userSpaceOnUse"
                patternTransform="rotate(45)"
              >
                <rect width="6" height="6" fill="var(--panel)" />
                <line x1="0" y1="0" x2="0" y2="6" stroke="var(--muted)" strokeWidth="2" />
              </pattern>
            </defs>
            {lanes.map((r, i) => (
              <g key={r.key} className="lane">
                <rect x={plot.x0} y={r.y} width={plot.width} height={laneH} className="lane-bg" />
                <text x={0} y={r.y + laneH / 2 + 4} className="lane-label">
                  {mode === 'waiting' ? (i === 0 ? 'one at a time' : '') : r.label}
                </text>
              </g>
            ))}
            {planned.marks.map((m) => (
              <g key={m.key} className={`window-mark${mode === 'waiting' ? ' fade' : ''}`} aria-hidden="true">
                <line x1={m.x} x2={m.x} y1={GEOMETRY.top - 6} y2={planned.axisY - 2} />
                {m.label !== null ? (
                  <text x={m.x + 3} y={GEOMETRY.top - 6}>
                    {m.label}
                  </text>
                ) : null}
              </g>
            ))}
            {planned.bars.map((b) => (
              <PlannedBar key={b.key} bar={b} waiting={mode === 'waiting'} />
            ))}
            <Axis ticks={ticks} y={planned.axisY} x1={plot.x0} x2={axisEnd} />
          </svg>
        </figure>
        <figure aria-labelledby={`${id}-cap2`}>
          <figcaption id={`${id}-cap2`}>
            <strong>Waiting bench</strong> — the same jobs one after another: {formatSpan(day.waiting)}.
          </figcaption>
          <svg
            width={width}
            height={waiting.height}
            role="img"
            aria-label={`Gantt chart of the waiting bench: ${formatSpan(day.waiting)}, every job alone in turn.`}
            className="gantt"
          >
            <rect x={plot.x0} y={waiting.laneY} width={plot.width} height={laneH} className="lane-bg" />
            <text x={0} y={waiting.laneY + laneH / 2 + 4} className="lane-label">
              one at a time
            </text>
            {waiting.bars.map((b) => (
              <JobBar key={b.key} shape={b.shape} color={b.color} labelColor={b.labelColor} animated={false} />
            ))}
            <Axis ticks={ticks} y={waiting.axisY} x1={plot.x0} x2={axisEnd} />
          </svg>
        </figure>
      </div>
      {unscheduled.length + refused.length > 0 ? (
        <div className="not-run" role="note">
          <h3>Not run in this day</h3>
          <ul>
            {refused.map((w) => (
              <li key={`w${w.index}`}>
                Window {w.name} refused: {w.refused}
              </li>
            ))}
            {unscheduled.map((u, i) => (
              <li key={unscheduledKeys[i]}>
                {u.name} (window {u.window}): {u.reason}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {day.assumptions.length > 0 ? (
        <div className="assumptions">
          <h3>Assumptions behind these hours</h3>
          <ul>
            {day.assumptions.map((a) => (
              <li key={a}>{a}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <details className="timeline-table" onToggle={(e) => setTableOpen(e.currentTarget.open)}>
        <summary>The day as a table ({day.waitingJobs.length} jobs)</summary>
        {tableOpen ? <DayTable day={day} /> : null}
      </details>
    </section>
  );
});

const TABLE_ROWS = 300;

/** Every job of the day, in both days (rendered only when opened; long days page). */
function DayTable({ day }: { day: DayTiming }) {
  const [all, setAll] = useState(false);
  const rows = useMemo(() => dayRows(day), [day]);
  const shown = all ? rows : rows.slice(0, TABLE_ROWS);
  return (
    <>
      <table>
        <caption className="sr-only">Every job of the day: where it runs, when, and alone on the waiting bench</caption>
        <thead>
          <tr>
            <th scope="col">Job</th>
            <th scope="col">Window</th>
            <th scope="col">Runs on</th>
            <th scope="col">Planned (h)</th>
            <th scope="col">Waiting bench (h)</th>
            <th scope="col">Why that long</th>
          </tr>
        </thead>
        <tbody>
          {shown.map(({ key, window: w, job: j, alone }) => {
            return (
              <tr key={key}>
                <th scope="row">{j.name}</th>
                <td>{w.name}</td>
                <td>
                  {j.lane.kind === 'gpu'
                    ? 'GPU'
                    : `CPU ${j.lane.cores.length === 1 ? 'core' : 'cores'} ${j.lane.cores.map((c) => c + 1).join(', ')}`}
                </td>
                <td>
                  {formatSpan(j.start, '')} → {formatSpan(j.end, '')}
                </td>
                <td>{alone === undefined ? '—' : `${formatSpan(alone.start, '')} → ${formatSpan(alone.end, '')}`}</td>
                <td>{j.basis}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length > shown.length ? (
        <button type="button" className="link" onClick={() => setAll(true)}>
          Show all {rows.length}
        </button>
      ) : null}
    </>
  );
}
