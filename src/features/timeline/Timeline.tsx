import { lazyPart } from '../../components/LazyPart';
import { NoWindowNote, type WindowChoice } from '../../components/NoWindowNote';
import { memo, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { formatHours, formatSpan, type DayTiming } from '../../core/timing';
import type { DayHeadline, NotRun } from '../../core/story';
import { plural } from '../../core/words';
import { useView, type DayView } from '../../store/view';
import { GEOMETRY, timelineLayout, type BarShape, type Tick, type TimelineBar } from './layout';

// The table loads when first opened (a chunk of its own: not start-up code).
const DayTable = lazyPart(() => import('./DayTable').then((m) => ({ default: m.DayTable })), {
  what: 'the table',
  loading: <p className="muted">Loading the table…</p>,
});

/**
 * Width of the element, followed as it resizes. Read before the first paint (`initial` only
 * where nothing is laid out, as in jsdom): a phone's first frame drew the chart 720 px wide, its
 * bars off the screen, then again at its width a few frames later.
 */
function useWidth(initial: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(initial);
  useLayoutEffect(() => {
    const w = Math.round(ref.current?.getBoundingClientRect().width ?? 0);
    if (w > 0) setWidth(w);
  }, []);
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

interface JobBarProps {
  shape: BarShape;
  color: string;
  labelColor: string;
  animated: boolean;
}

const sameShape = (a: BarShape, b: BarShape) =>
  a === b ||
  (a.x === b.x &&
    a.y === b.y &&
    a.solid === b.solid &&
    a.range === b.range &&
    a.label === b.label &&
    a.title === b.title);

/**
 * A job's bar, re-rendered only when its place, size, words or colours change: an edit that
 * moves some jobs leaves the rest of a 200-job day as it is (each bar's shape is a new object
 * after every re-plan).
 */
const JobBar = memo(
  JobBarOf,
  (a: JobBarProps, b: JobBarProps) =>
    sameShape(a.shape, b.shape) && a.color === b.color && a.labelColor === b.labelColor && a.animated === b.animated,
);

function JobBarOf({ shape, color, labelColor, animated }: JobBarProps) {
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

/** Long lists (what does not run, the assumptions) show this many lines, then "Show all". */
const SHOWN_LINES = 12;

/** A list of lines: the first SHOWN_LINES, and the rest one click away (a 10,000-card day stays readable). */
function Lines({ lines }: { lines: readonly string[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? lines : lines.slice(0, SHOWN_LINES);
  return (
    <>
      <ul>
        {shown.map((a, i) => (
          <li key={i}>{a}</li>
        ))}
      </ul>
      {lines.length > shown.length ? (
        <button type="button" className="link" onClick={() => setAll(true)}>
          Show all {lines.length}
        </button>
      ) : null}
    </>
  );
}

/** Memoized: the keystroke's own (urgent) render passes the same `day` and skips it. */
/** The day's title and *Show me*, the guided tour of it. */
function DayHead({ empty }: { empty: boolean }) {
  const id = useId();
  const startTour = useView((s) => s.startTour);
  return (
    <div className="day-head">
      <h2 id="day-title">The day</h2>
      {empty ? null : (
        <button
          type="button"
          className="tour-start"
          aria-haspopup="dialog"
          aria-describedby={`${id}-tour`}
          onClick={startTour}
        >
          Show me
        </button>
      )}
      <span id={`${id}-tour`} className="sr-only">
        A guided tour of this day, in five steps or fewer
      </span>
    </div>
  );
}

/** The headline over the charts: the hours saved, the two days, why a range, what it rests on. */
function Savings({ empty, headline }: { empty: boolean; headline: DayHeadline }) {
  return (
    <>
      {empty ? (
        <p className="savings">No job runs in this day yet: add cards and windows.</p>
      ) : (
        <div className="savings" data-tour="savings">
          <p className="savings-figure">
            <strong>{headline.saved}</strong> <span>({headline.share})</span>
          </p>
          <p className="savings-days">{headline.days}</p>
          {headline.why === null ? null : <p className="savings-why">{headline.why}</p>}
          <p className="savings-basis">{headline.basis}</p>
          {headline.notRun === null ? null : <p className="savings-not-run">{headline.notRun}</p>}
        </div>
      )}
    </>
  );
}

/** The waiting bench's chart: the same jobs one after another, where the planned day ends marked. */
function WaitingFigure({
  day,
  layout,
  width,
  captionId,
  scaleNote,
}: {
  day: DayTiming;
  layout: ReturnType<typeof timelineLayout>;
  width: number;
  captionId: string;
  scaleNote: string;
}) {
  const { waiting, plot } = layout;
  const { laneH } = GEOMETRY;
  const axisEnd = plot.x0 + plot.width;
  return (
    <figure aria-labelledby={captionId}>
      <svg
        width={width}
        height={waiting.height}
        role="img"
        aria-label={`Gantt chart of the waiting bench: ${formatSpan(day.waiting)}, every job alone in turn, on its own time scale.`}
        className="gantt"
      >
        <rect x={plot.x0} y={waiting.laneY} width={plot.width} height={laneH} className="lane-bg" />
        <text x={0} y={waiting.laneY + laneH / 2 + 4} className="lane-label">
          one at a time
        </text>
        {waiting.bars.map((b) => (
          <JobBar key={b.key} shape={b.shape} color={b.color} labelColor={b.labelColor} animated={false} />
        ))}
        {waiting.plannedEnd === null ? null : (
          // Over the bars (a light halo under each dashed line keeps it visible on any colour):
          // the planned day's range as a band, a line at each end, the label above the lane.
          <g className="planned-end" aria-hidden="true">
            {waiting.plannedEnd.x - waiting.plannedEnd.xLo > 1 ? (
              <rect
                className="planned-end-band"
                x={waiting.plannedEnd.xLo}
                y={waiting.laneY - 3}
                width={waiting.plannedEnd.x - waiting.plannedEnd.xLo}
                height={laneH + 6}
              />
            ) : null}
            {[...new Set([waiting.plannedEnd.xLo, waiting.plannedEnd.x])].map((x) => (
              <g key={x}>
                <line className="halo" x1={x} x2={x} y1={GEOMETRY.top - 6} y2={waiting.axisY - 2} />
                <line className="dash" x1={x} x2={x} y1={GEOMETRY.top - 6} y2={waiting.axisY - 2} />
              </g>
            ))}
            <text
              x={waiting.plannedEnd.x + (waiting.plannedEnd.anchor === 'start' ? 3 : -3)}
              y={GEOMETRY.top - 6}
              textAnchor={waiting.plannedEnd.anchor}
            >
              {waiting.plannedEnd.label}
            </text>
          </g>
        )}
        <Axis ticks={waiting.ticks} y={waiting.axisY} x1={plot.x0} x2={axisEnd} />
      </svg>
      <figcaption id={captionId}>
        <strong>Waiting bench</strong> — the same jobs one after another: {formatSpan(day.waiting)}.{scaleNote}
      </figcaption>
    </figure>
  );
}

const NO_CHOICES: readonly WindowChoice[] = [];

/** What does not run, and the assumptions behind the hours. */
function DayNotes({ day, notRun }: { day: DayTiming; notRun: NotRun }) {
  const id = useId();
  return (
    <>
      {notRun.lines.length > 0 ? (
        <div className="not-run" role="note" aria-labelledby={`${id}-notrun`}>
          <h3 id={`${id}-notrun`}>
            Not run in this day
            {notRun.cards > 0 ? ` (${notRun.cards} ${notRun.cards === 1 ? 'card' : 'cards'})` : ''}
          </h3>
          <Lines lines={notRun.lines} />
        </div>
      ) : null}
      {/* Kept in the page once the day has none left out: it says what Suggest windows did. */}
      <NoWindowNote
        text={
          notRun.leftOut
            ? 'Suggest windows puts every card that can run in a window, on every GPU (one undo step); or add a card to a window from its card, or move a window to an idle GPU from the GPU’s box.'
            : null
        }
        choices={NO_CHOICES}
        preferred={null}
        placeLabel=""
        place={() => Promise.resolve(null)}
      />
      {day.assumptions.length > 0 ? (
        <div className="assumptions">
          <h3>Assumptions behind these hours ({day.assumptions.length})</h3>
          <Lines lines={day.assumptions} />
        </div>
      ) : null}
    </>
  );
}

export const Timeline = memo(function Timeline({
  day,
  colors,
  headline,
  notRun,
}: {
  day: DayTiming;
  /** Each card's colour (the plan's charts use the same). */
  colors: ReadonlyMap<string, string>;
  /** The savings, in parts, with how many cards do not run. */
  headline: DayHeadline;
  notRun: NotRun;
}) {
  const id = useId();
  const [ref, width] = useWidth(720);
  // In the view store: the guided tour shows the planned day when it starts.
  const mode = useView((s) => s.dayView);
  const setMode = useView((s) => s.setDayView);
  const glide = useView((s) => s.dayGlide);
  const [tableOpen, setTableOpen] = useState(false);
  // Bars glide only while the toggle animates (the buttons, or the guided tour turning the
  // waiting bench into the planned day); an edit moves them at once (no frames spent).
  const [animating, setAnimating] = useState(false);
  const [shown, setShown] = useState(mode);
  if (shown !== mode) {
    setShown(mode);
    setAnimating(glide);
  }
  useEffect(() => {
    if (!animating) return;
    const t = setTimeout(() => setAnimating(false), 1300);
    return () => clearTimeout(t);
  }, [animating, mode]);
  const show = (m: DayView) => setMode(m);
  const layout = useMemo(
    () => timelineLayout(day, width, (name) => colors.get(name) ?? '#E69F00'),
    [day, width, colors],
  );
  const { lanes, planned, waiting, plot } = layout;
  const { laneH } = GEOMETRY;
  const axisEnd = plot.x0 + plot.width;
  const empty = day.waitingJobs.length === 0;
  const times = planned.maxHours > 0 ? waiting.maxHours / planned.maxHours : 1;
  const scaleNote =
    empty || times < 1.05
      ? ''
      : ` Drawn on its own scale (0–${formatHours(waiting.maxHours)} h, ${formatHours(Math.round(times * 10) / 10)}× the planned day's); ${day.planned.lo < day.planned.hi ? 'the dashed lines mark where the planned day ends, at either end of its range (shaded)' : 'the dashed line marks where the planned day ends'}.`;

  return (
    <section className="timeline" aria-labelledby="day-title">
      <DayHead empty={empty} />
      <Savings empty={empty} headline={headline} />
      <div className="timeline-controls" role="group" aria-label="Teaching view">
        <button type="button" aria-pressed={mode === 'planned'} onClick={() => show('planned')}>
          Planned day
        </button>
        <button type="button" aria-pressed={mode === 'waiting'} onClick={() => show('waiting')}>
          One after another
        </button>
        <span className="muted teach-note">The top chart moves every job between the two days.</span>
      </div>
      {layout.note !== null ? <p className="muted">{layout.note}</p> : null}
      <div ref={ref} className="timeline-charts">
        <figure aria-labelledby={`${id}-cap1`} data-tour="day-chart">
          <svg
            width={width}
            height={planned.height}
            role="img"
            aria-label={`Gantt chart of the planned day: ${headline.sentence} The table below gives every job's start and end.`}
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
            {planned.marks.map((m) => (
              // What the guided tour outlines for a window: its span across every lane (invisible).
              <rect
                key={`tour-${m.key}`}
                className="tour-window"
                data-tour-window={m.windows.join(' ')}
                x={m.x}
                y={GEOMETRY.top - 8}
                width={Math.max(2, m.x2 - m.x)}
                height={planned.axisY - GEOMETRY.top + 8}
                aria-hidden="true"
              />
            ))}
            {planned.bars.map((b) => (
              <PlannedBar key={b.key} bar={b} waiting={mode === 'waiting'} />
            ))}
            <Axis
              ticks={mode === 'planned' ? planned.ticks : waiting.ticks}
              y={planned.axisY}
              x1={plot.x0}
              x2={axisEnd}
            />
          </svg>
          <figcaption id={`${id}-cap1`}>
            <strong>{mode === 'planned' ? 'Planned day' : 'The same jobs, one after another'}</strong> —{' '}
            {mode === 'planned'
              ? day.gpuCount > 1
                ? `${formatSpan(day.planned)}: each GPU runs its windows in turn, the GPUs side by side (a split holds all its GPUs), the work inside a window side by side.`
                : `${formatSpan(day.planned)}: each window in turn, the work inside it side by side.`
              : `${formatSpan(day.waiting)}: the bench waits for each job before the next (the waiting bench's scale).`}
            {mode === 'planned' && layout.gpuSlots > 1
              ? day.gpuCount > 1
                ? " A GPU's several lanes are the slots of that one card its co-resident models share."
                : ' One GPU: its lanes are the slots of that one card the co-resident models share.'
              : ''}
          </figcaption>
        </figure>
        <WaitingFigure day={day} layout={layout} width={width} captionId={`${id}-cap2`} scaleNote={scaleNote} />
      </div>
      <DayNotes day={day} notRun={notRun} />
      <details className="timeline-table" onToggle={(e) => setTableOpen(e.currentTarget.open)}>
        <summary>The day as a table ({plural(day.waitingJobs.length, 'job')})</summary>
        {tableOpen ? <DayTable day={day} /> : null}
      </details>
    </section>
  );
});
