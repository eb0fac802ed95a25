import { memo, useEffect, useId, useMemo, useRef, useState } from 'react';
import { formatHours, formatSpan, plural, savingsSentence, type DayTiming, type Span, type TimedJob } from '../../core';
import { PALETTE } from '../charts/palette';

const LABEL_W = 96;
const LANE_H = 24;
const GAP = 4;
const AXIS_H = 22;
const TOP = 18;

interface Row {
  readonly key: string;
  readonly label: string;
}

interface Bar {
  readonly key: string;
  readonly job: TimedJob;
  readonly row: number;
  /** Only the first bar of a multi-core job carries the label. */
  readonly labelled: boolean;
  readonly color: string;
  /** The waiting-bench bar this one becomes when the toggle animates (none: it fades). */
  readonly moveTo: string | null;
}

interface Layout {
  readonly rows: readonly Row[];
  readonly bars: readonly Bar[];
  readonly waiting: readonly Bar[];
  /** Large days are drawn per window and lane (the table still lists every job). */
  readonly aggregated: boolean;
}

/** More jobs than this are drawn per window and lane, not one bar each. */
export const MAX_BARS = 150;
const MAX_GPU_LANES = 6;
const MAX_CPU_LANES = 12;

function lanes(day: DayTiming) {
  const jobs = day.windows.flatMap((w) => w.jobs);
  const gpuSlots = Math.max(1, ...jobs.map((j) => (j.lane.kind === 'gpu' ? j.lane.slot + 1 : 0)));
  const gpuLanes = Math.min(gpuSlots, MAX_GPU_LANES);
  const cores = [...new Set(jobs.flatMap((j) => (j.lane.kind === 'cpu' ? j.lane.cores : [])))].sort((a, b) => a - b);
  const shownCores = cores.slice(0, MAX_CPU_LANES);
  const rows: Row[] = Array.from({ length: gpuLanes }, (_, i) => ({
    key: `gpu${i}`,
    label:
      gpuSlots === 1 ? 'GPU' : i === gpuLanes - 1 && gpuSlots > gpuLanes ? `GPU ${i + 1}–${gpuSlots}` : `GPU ${i + 1}`,
  }));
  shownCores.forEach((c, i) => {
    const last = i === shownCores.length - 1 && cores.length > shownCores.length;
    rows.push({ key: `cpu${c}`, label: last ? `CPU ${c + 1}–${cores[cores.length - 1]! + 1}` : `CPU core ${c + 1}` });
  });
  const gpuRow = (slot: number) => Math.min(slot, gpuLanes - 1);
  const coreIndex = new Map(cores.map((c, i) => [c, gpuLanes + Math.min(i, MAX_CPU_LANES - 1)]));
  return { rows, gpuRow, cpuRow: (core: number) => coreIndex.get(core)! };
}

const spanMin = (xs: readonly Span[]): Span => ({
  lo: Math.min(...xs.map((x) => x.lo)),
  hi: Math.min(...xs.map((x) => x.hi)),
});
const spanMax = (xs: readonly Span[]): Span => ({
  lo: Math.max(...xs.map((x) => x.lo)),
  hi: Math.max(...xs.map((x) => x.hi)),
});

/** A bar standing for several jobs (large days). */
function group(id: string, name: string, jobs: readonly TimedJob[], window: number): TimedJob {
  const start = spanMin(jobs.map((j) => j.start));
  const end = spanMax(jobs.map((j) => j.end));
  const hours = { lo: end.lo - start.lo, hi: end.hi - start.hi };
  return {
    id,
    name,
    window,
    lane: jobs[0]!.lane,
    start,
    end,
    hours,
    aloneHours: hours,
    basis: plural(jobs.length, 'job'),
  };
}

function layout(day: DayTiming, colorOf: (name: string) => string): Layout {
  const { rows, gpuRow, cpuRow } = lanes(day);
  const jobs = day.windows.flatMap((w) => w.jobs);
  if (jobs.length <= MAX_BARS) {
    const bars: Bar[] = [];
    for (const j of jobs) {
      const color = colorOf(j.name);
      if (j.lane.kind === 'gpu')
        bars.push({ key: j.id, job: j, row: gpuRow(j.lane.slot), labelled: true, color, moveTo: j.id });
      else
        j.lane.cores.forEach((c, k) =>
          bars.push({
            key: k === 0 ? j.id : `${j.id}#${c}`,
            job: j,
            row: cpuRow(c),
            labelled: k === 0,
            color,
            moveTo: k === 0 ? j.id : null,
          }),
        );
    }
    const waiting = day.waitingJobs.map((j) => ({
      key: j.id,
      job: j,
      row: 0,
      labelled: true,
      color: colorOf(j.name),
      moveTo: null,
    }));
    return { rows, bars, waiting, aggregated: false };
  }
  const bars: Bar[] = [];
  const waiting: Bar[] = [];
  for (const w of day.windows) {
    if (w.jobs.length === 0) continue;
    const color = PALETTE[w.index % PALETTE.length]!;
    const alone = day.waitingJobs.filter((j) => j.window === w.index);
    const wid = `w${w.index}`;
    waiting.push({
      key: wid,
      job: group(wid, `${w.name}: ${alone.length} jobs`, alone, w.index),
      row: 0,
      labelled: true,
      color,
      moveTo: null,
    });
    const byRow = new Map<number, TimedJob[]>();
    for (const j of w.jobs) {
      const rs = j.lane.kind === 'gpu' ? [gpuRow(j.lane.slot)] : [...new Set(j.lane.cores.map(cpuRow))];
      for (const r of rs) byRow.set(r, [...(byRow.get(r) ?? []), j]);
    }
    let moved = false;
    for (const [row, js] of [...byRow].sort((x, y) => x[0] - y[0])) {
      const key = `${wid}:${row}`;
      bars.push({
        key,
        job: group(key, plural(js.length, 'job'), js, w.index),
        row,
        labelled: true,
        color,
        moveTo: moved ? null : wid,
      });
      moved = true;
    }
  }
  return { rows, bars, waiting, aggregated: true };
}

function niceStep(max: number, width: number): number {
  const target = Math.max(2, Math.floor(width / 80));
  const raw = max / target;
  const pow = 10 ** Math.floor(Math.log10(raw || 1));
  for (const m of [1, 2, 2.5, 5, 10]) if (raw <= m * pow) return m * pow;
  return 10 * pow;
}

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

function Axis({
  x,
  max,
  step,
  y,
  width,
}: {
  x: (h: number) => number;
  max: number;
  step: number;
  y: number;
  width: number;
}) {
  const ticks: number[] = [];
  for (let t = 0; t <= max + 1e-9; t += step) ticks.push(Number(t.toFixed(6)));
  return (
    <g className="axis" aria-hidden="true">
      <line x1={LABEL_W} x2={width} y1={y} y2={y} />
      {ticks.map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={y} y2={y + 4} />
          <text x={x(t)} y={y + 16} textAnchor={t === 0 ? 'start' : 'middle'}>
            {formatHours(t)} h
          </text>
        </g>
      ))}
    </g>
  );
}

function JobBar({
  bar,
  x,
  y,
  animated,
}: {
  bar: Pick<Bar, 'job' | 'labelled' | 'color'>;
  x: (h: number) => number;
  y: number;
  animated: boolean;
}) {
  const { job } = bar;
  const x0 = x(job.start.lo);
  const solid = Math.max(1, x(job.end.lo) - x0);
  const range = x(job.end.hi) - x(job.end.lo);
  const style = animated ? { transform: `translate(${x0}px, ${y}px)` } : undefined;
  const place = animated ? {} : { transform: `translate(${x0} ${y})` };
  const title = `${job.name}: ${formatSpan(job.start, '')}–${formatSpan(job.end)} (${job.basis})`;
  return (
    <g className="bar" style={style} {...place}>
      <title>{title}</title>
      <rect className="solid" width={solid} height={LANE_H} rx={3} fill={bar.color} style={{ width: `${solid}px` }} />
      {range > 0.5 ? (
        <rect
          className="range"
          x={solid}
          width={range}
          height={LANE_H}
          rx={3}
          fill="url(#timeline-hatch)"
          stroke={bar.color}
          style={{ width: `${range}px` }}
        />
      ) : null}
      {bar.labelled && solid > 28 ? (
        <text className="bar-label" x={5} y={LANE_H / 2 + 4}>
          {truncate(job.name, Math.floor((solid + range - 8) / 6.5))}
        </text>
      ) : null}
    </g>
  );
}

const truncate = (s: string, n: number) => (s.length <= n ? s : n <= 1 ? '' : `${s.slice(0, n - 1)}…`);

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
  const names = useMemo(() => [...new Set(day.waitingJobs.map((j) => j.name))], [day]);
  const colorOf = useMemo(() => {
    const m = new Map(names.map((n, i) => [n, PALETTE[i % PALETTE.length]!]));
    return (n: string) => m.get(n) ?? PALETTE[0]!;
  }, [names]);
  const { rows, bars, waiting, aggregated } = useMemo(() => layout(day, colorOf), [day, colorOf]);
  const waitingByKey = useMemo(() => new Map(waiting.map((b) => [b.key, b.job])), [waiting]);
  const max = Math.max(day.waiting.hi, day.planned.hi, 1e-6);
  const plotW = Math.max(120, width - LABEL_W - 8);
  const x = (h: number) => LABEL_W + (h / max) * plotW;
  const step = niceStep(max, plotW);
  const unscheduled = day.windows.flatMap((w) => w.unscheduled.map((u) => ({ ...u, window: w.name })));
  const refused = day.windows.filter((w) => w.refused !== null);

  const plannedH = TOP + rows.length * (LANE_H + GAP) + AXIS_H;
  const laneY = (row: number) => TOP + row * (LANE_H + GAP);
  const sentence = savingsSentence(day);
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
      {aggregated ? (
        <p className="muted">
          {day.waitingJobs.length} jobs: drawn per window and lane (each bar says how many jobs it stands for); the
          table below lists every job.
        </p>
      ) : null}
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
            height={plannedH}
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
            {rows.map((r, i) => (
              <g key={r.key} className="lane">
                <rect x={LABEL_W} y={laneY(i)} width={plotW} height={LANE_H} className="lane-bg" />
                <text x={0} y={laneY(i) + LANE_H / 2 + 4} className="lane-label">
                  {mode === 'waiting' && i === 0 ? 'one at a time' : mode === 'waiting' ? '' : r.label}
                </text>
              </g>
            ))}
            {day.windows.map((w) => (
              <g key={w.index} className={`window-mark${mode === 'waiting' ? ' fade' : ''}`} aria-hidden="true">
                <line x1={x(w.start.lo)} x2={x(w.start.lo)} y1={TOP - 6} y2={plannedH - AXIS_H} />
                <text x={x(w.start.lo) + 3} y={TOP - 6}>
                  {truncate(w.name, Math.max(4, Math.floor((x(w.end.lo) - x(w.start.lo)) / 6.5)))}
                </text>
              </g>
            ))}
            {bars.map((b) => {
              const waitJob = b.moveTo === null ? undefined : waitingByKey.get(b.moveTo);
              const moving = mode === 'waiting' && waitJob !== undefined;
              const job = moving ? waitJob : b.job;
              return (
                <g key={b.key} className={mode === 'waiting' && !moving ? 'fade' : undefined}>
                  <JobBar bar={{ ...b, job }} x={x} y={moving ? laneY(0) : laneY(b.row)} animated />
                </g>
              );
            })}
            <Axis x={x} max={max} step={step} y={plannedH - AXIS_H + 2} width={LABEL_W + plotW} />
          </svg>
        </figure>
        <figure aria-labelledby={`${id}-cap2`}>
          <figcaption id={`${id}-cap2`}>
            <strong>Waiting bench</strong> — the same jobs one after another: {formatSpan(day.waiting)}.
          </figcaption>
          <svg
            width={width}
            height={TOP + LANE_H + GAP + AXIS_H}
            role="img"
            aria-label={`Gantt chart of the waiting bench: ${formatSpan(day.waiting)}, every job alone in turn.`}
            className="gantt"
          >
            <rect x={LABEL_W} y={TOP} width={plotW} height={LANE_H} className="lane-bg" />
            <text x={0} y={TOP + LANE_H / 2 + 4} className="lane-label">
              one at a time
            </text>
            {day.waitingJobs.map((j) => (
              <JobBar
                key={j.id}
                bar={{ job: j, labelled: true, color: colorOf(j.name) }}
                x={x}
                y={TOP}
                animated={false}
              />
            ))}
            <Axis x={x} max={max} step={step} y={TOP + LANE_H + GAP + 2} width={LABEL_W + plotW} />
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
            {unscheduled.map((u) => (
              <li key={`${u.window}:${u.name}`}>
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
  const waitingById = useMemo(() => new Map(day.waitingJobs.map((j) => [j.id, j])), [day]);
  const rows = day.windows.flatMap((w) => w.jobs.map((j) => ({ w, j })));
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
          {shown.map(({ w, j }) => {
            const alone = waitingById.get(j.id);
            return (
              <tr key={j.id}>
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
