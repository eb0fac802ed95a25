/**
 * The timeline's layout, computed from the day's timing: lanes, bars (position, width,
 * hatched range, label, key), axis ticks, window marks, and the waiting bench. Pure: no
 * React, no DOM; `Timeline.tsx` only draws what this returns.
 *
 * Each chart has its own time scale: the planned day fills the width of its chart, and the
 * waiting bench (every job one after another, often many times longer) fills its own, with
 * a mark where the planned day ends. On one shared axis a 40 h planned day beside a 700 h
 * waiting bench would be a sliver.
 *
 * Large days (more than MAX_BARS jobs) are drawn per window and lane in the planned day and
 * per window on the waiting bench; days with very many windows group consecutive windows
 * too, so a day never draws more than a few hundred bars. The table lists every job.
 */
import {
  formatHours,
  formatSpan,
  type DayTiming,
  type Span,
  type TimedJob,
  type WindowTiming,
} from '../../core/timing';
import { plural } from '../../core/words';
import { OTHERS_COLOR, PALETTE } from '../../components/charts/palette';

/**
 * Bars that stand for several jobs (a large day's groups): greys, never a card's colour.
 * @internal exported for the contrast test of every colour.
 */
export const GROUP_COLORS = [OTHERS_COLOR, '#8f8f8f'] as const;

export const GEOMETRY = {
  /** Width of the lane labels, left of the plot. */
  labelW: 96,
  /** Space right of the plot (the last tick's label ends there). */
  padRight: 8,
  laneH: 24,
  gap: 4,
  axisH: 22,
  /** Above the first lane: the window names. */
  top: 18,
  /** Average width of a character of a bar's label (11 px, bold), and of a window's name (10 px). */
  charW: 6.5,
  markCharW: 6,
  /** A label's padding inside its bar (5 px left, 3 px right). */
  labelPad: 8,
  /** The narrowest plot, however narrow the screen. */
  minPlotW: 120,
} as const;

/**
 * More jobs than this are drawn per window and lane (planned) and per window (waiting).
 * @internal exported for the test of the bar limit.
 */
export const MAX_BARS = 150;
/** More windows with jobs than this are drawn in groups of consecutive windows. */
const MAX_WINDOW_GROUPS = 24;
const MAX_GPU_LANES = 6;
const MAX_CPU_LANES = 12;
/** A label is shortened to fit its bar, but never below this many characters (then omitted). */
const MIN_LABEL_CHARS = 3;

interface LaneRow {
  readonly key: string;
  readonly label: string;
  /** Top of the lane in the planned chart. */
  readonly y: number;
}

/** Where a bar is drawn, in px. The solid part is the lower end; the hatched part the range. */
export interface BarShape {
  readonly x: number;
  readonly y: number;
  /** Width of the solid part (at least 1 px, so a zero-length job still shows a sliver). */
  readonly solid: number;
  /** Width of the hatched part: from the lower to the upper end of a range (0: a point). */
  readonly range: number;
  /** The label, shortened to fit the solid part; null when it does not fit (or is not drawn). */
  readonly label: string | null;
  /** The tooltip: the full name and the hours. */
  readonly title: string;
}

export interface TimelineBar {
  /** Unique within its chart and stable across re-renders of the same day. */
  readonly key: string;
  /** The lane (planned chart; 0 on the waiting bench). */
  readonly lane: number;
  readonly color: string;
  /** The label's colour: black or white, whichever contrasts more with `color`. */
  readonly labelColor: string;
  /** How many jobs the bar stands for (1: a job's own bar). */
  readonly jobs: number;
  readonly shape: BarShape;
  /** Planned chart only: where the bar goes in the one-after-another view (null: it fades). */
  readonly toggled: BarShape | null;
}

export interface Tick {
  readonly key: string;
  readonly x: number;
  readonly label: string;
  readonly anchor: 'start' | 'middle' | 'end';
}

interface WindowMark {
  readonly key: string;
  readonly x: number;
  /** Where the window (or group) ends: its upper end (the guided tour outlines x…x2). */
  readonly x2: number;
  readonly label: string | null;
  /** The day's windows it marks (one, or a group's). */
  readonly windows: readonly number[];
}

/** Where the planned day ends, marked on the waiting bench's scale. */
interface EndMark {
  /** The planned day's upper end (where the label sits). */
  readonly x: number;
  /** Its lower end (equal to x when the planned day is a point). */
  readonly xLo: number;
  readonly label: string;
  readonly anchor: 'start' | 'end';
}

export interface TimelineLayout {
  readonly width: number;
  /** The plot's left edge and width (each chart's axis: 0 h at x0, its maxHours at x0 + width). */
  readonly plot: { readonly x0: number; readonly width: number };
  readonly lanes: readonly LaneRow[];
  /** GPU lanes: 1, or the slots of the one GPU that co-resident models share. */
  readonly gpuSlots: number;
  readonly planned: {
    /** The planned day's own scale: 0 to its upper end. */
    readonly maxHours: number;
    readonly ticks: readonly Tick[];
    readonly height: number;
    readonly axisY: number;
    readonly bars: readonly TimelineBar[];
    readonly marks: readonly WindowMark[];
  };
  readonly waiting: {
    /** The waiting bench's own scale: 0 to its upper end (the toggled bars use it too). */
    readonly maxHours: number;
    readonly ticks: readonly Tick[];
    readonly height: number;
    readonly axisY: number;
    readonly laneY: number;
    readonly bars: readonly TimelineBar[];
    /** The planned day's end on this scale (null when the two days are equally long). */
    readonly plannedEnd: EndMark | null;
  };
  /** The day is drawn in groups (per window and lane); says how, or null. */
  readonly note: string | null;
}

// ---------------------------------------------------------------------------------------
// Small pure helpers (exported for tests)

/**
 * The label that fits `px` pixels: whole, shortened with "…", or null when too narrow.
 * @internal exported for the label-fitting tests.
 */
export function fitLabel(text: string, px: number, charW: number = GEOMETRY.charW): string | null {
  if (!(px > 0) || text === '') return null;
  const n = Math.floor((px - GEOMETRY.labelPad) / charW);
  if (text.length <= n) return text;
  if (n < MIN_LABEL_CHARS) return null;
  return `${text.slice(0, n - 1)}…`;
}

/**
 * The window marks' labels, never over one another: on several GPUs windows run side by side,
 * so marks that start at the same point share one label ("serve · finetune"), and a label
 * ends where its window's lower end does or the next mark starts, whichever comes first.
 * @internal exported for the tests of marks that would overlap.
 */
export function placeMarks(
  pending: readonly { key: string; name: string; x: number; x2: number; xEnd: number; windows: readonly number[] }[],
  charW: number,
): WindowMark[] {
  const starts = [...new Set(pending.map((m) => m.x))].sort((a, b) => a - b);
  const labelled = new Set<number>();
  return pending.map((m) => {
    const next = starts.find((x) => x > m.x) ?? Infinity;
    if (labelled.has(m.x)) return { key: m.key, x: m.x, x2: m.x2, label: null, windows: m.windows };
    labelled.add(m.x);
    const same = pending.filter((o) => o.x === m.x && o.xEnd > o.x);
    const room = Math.min(Math.max(m.xEnd, ...same.map((o) => o.xEnd)), next) - m.x - 3;
    const label =
      m.xEnd > m.x || same.length > 0 ? fitLabel(same.map((o) => o.name).join(' · ') || m.name, room, charW) : null;
    return { key: m.key, x: m.x, x2: m.x2, label, windows: m.windows };
  });
}

/**
 * The first of `texts` that fits `px` whole; when none does, the last one shortened if
 * `shortenLast` (a name), else null (a count must not be cut: "22…" would misread).
 * @internal exported for the label-fitting tests.
 */
export function fitOneOf(texts: readonly string[], px: number, shortenLast: boolean): string | null {
  for (const t of texts) if (fitLabel(t, px) === t) return t;
  const last = texts[texts.length - 1];
  return shortenLast && last !== undefined ? fitLabel(last, px) : null;
}

const channel = (c: number) => {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
/** WCAG relative luminance of a #rrggbb colour (other colours count as mid-grey). */
function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (m === null) return 0.2;
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => channel(parseInt(h, 16)));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
/**
 * Black or white text, whichever contrasts more with the background.
 * @internal exported for the contrast test.
 */
export function labelColorOn(background: string): string {
  const l = luminance(background);
  return 1.05 / (l + 0.05) > (l + 0.05) / 0.05 ? '#fff' : '#000';
}

/**
 * Keys for ids that may repeat (a card named twice in a window): the 2nd gets "~2", and so on.
 * @internal exported for its test.
 */
export function uniqueKeys(ids: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return ids.map((id) => {
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    return n === 1 ? id : `${id}~${n}`;
  });
}

/** A tick step of 1, 2, 2.5 or 5 × 10^k giving about one tick per 80 px (never under 0.01 h). */
function niceStep(max: number, plotW: number): number {
  const target = Math.max(2, Math.floor(plotW / 80));
  const raw = Math.max(max / target, 0.01);
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5]) if (raw <= m * pow * (1 + 1e-9)) return m * pow;
  return 10 * pow;
}

/**
 * The axis ticks from 0 to `max` hours. An empty day (max 0) has none. Each tick's label
 * is unique (ticks that would read alike after rounding are dropped) and is its key.
 * @internal exported for the axis tests.
 */
export function axisTicks(max: number, x0: number, plotW: number): Tick[] {
  if (!(max > 0)) return [];
  const step = niceStep(max, plotW);
  const ticks: Tick[] = [];
  for (let i = 0; i * step <= max * (1 + 1e-9); i++) {
    const t = i * step;
    const label = `${formatHours(t)} h`;
    if (ticks.length > 0 && ticks[ticks.length - 1]!.label === label) continue;
    const x = x0 + (Math.min(t, max) / max) * plotW;
    ticks.push({
      key: `t${formatHours(t)}`,
      x,
      label,
      anchor: i === 0 ? 'start' : x > x0 + plotW - 16 ? 'end' : 'middle',
    });
  }
  return ticks;
}

// ---------------------------------------------------------------------------------------
// Lanes

function laneRows(day: DayTiming, jobs: readonly TimedJob[]) {
  const { top, laneH, gap } = GEOMETRY;
  // The GPUs each window holds; a day on several GPUs groups its GPU lanes by GPU.
  const held = new Map(day.windows.map((w) => [w.index, w.gpus] as const));
  const several = day.gpuCount > 1;
  const gpus = several ? Array.from({ length: day.gpuCount }, (_, k) => k) : [0];
  const slotsOf = new Map<number, number>(gpus.map((k) => [k, 1]));
  let gpuSlots = 1;
  const coreSet = new Set<number>();
  for (const j of jobs) {
    if (j.lane.kind === 'gpu') {
      gpuSlots = Math.max(gpuSlots, j.lane.slot + 1);
      if (several)
        for (const k of held.get(j.window) ?? []) slotsOf.set(k, Math.max(slotsOf.get(k) ?? 1, j.lane.slot + 1));
    } else for (const c of j.lane.cores) coreSet.add(c);
  }
  const labels: { key: string; label: string }[] = [];
  /** Each GPU's first lane, and how many lanes it has. */
  const firstLane = new Map<number, { at: number; n: number }>();
  for (const k of gpus) {
    const slots = several ? slotsOf.get(k)! : gpuSlots;
    const n = Math.min(slots, MAX_GPU_LANES);
    firstLane.set(k, { at: labels.length, n });
    const name = several ? `GPU ${k}` : 'GPU';
    // Several lanes of one GPU are the slots that its co-resident models share.
    for (let i = 0; i < n; i++)
      labels.push({
        key: several ? `gpu${k}.${i}` : `gpu${i}`,
        label:
          slots === 1
            ? name
            : i === n - 1 && slots > n
              ? `${name} slots ${i + 1}–${slots}`
              : several
                ? `${name} slot ${i + 1}`
                : `GPU slot ${i + 1}`,
      });
  }
  const gpuLanes = labels.length;
  const cores = [...coreSet].sort((a, b) => a - b);
  const shownCores = cores.slice(0, MAX_CPU_LANES);
  shownCores.forEach((c, i) => {
    const last = i === shownCores.length - 1 && cores.length > shownCores.length;
    labels.push({ key: `cpu${c}`, label: last ? `CPU ${c + 1}–${cores[cores.length - 1]! + 1}` : `CPU core ${c + 1}` });
  });
  const rows: LaneRow[] = labels.map((l, i) => ({ ...l, y: top + i * (laneH + gap) }));
  const coreLane = new Map(cores.map((c, i) => [c, gpuLanes + Math.min(i, MAX_CPU_LANES - 1)]));
  /** The lanes a job's bar is drawn on (a multi-core job: one per core lane; a split: one per GPU). */
  const lanesOf = (j: TimedJob): number[] => {
    if (j.lane.kind === 'cpu') return [...new Set(j.lane.cores.map((c) => coreLane.get(c)!))].sort((a, b) => a - b);
    const slot = j.lane.slot;
    const ks = several ? (held.get(j.window) ?? [0]) : [0];
    return ks.flatMap((k) => {
      const f = firstLane.get(k);
      return f === undefined ? [] : [f.at + Math.min(slot, f.n - 1)];
    });
  };
  return { rows, lanesOf, gpuSlots };
}

// ---------------------------------------------------------------------------------------
// Bars

function spanMin(xs: readonly Span[]): Span {
  let lo = Infinity;
  let hi = Infinity;
  for (const x of xs) {
    lo = Math.min(lo, x.lo);
    hi = Math.min(hi, x.hi);
  }
  return { lo, hi };
}
function spanMax(xs: readonly Span[]): Span {
  let lo = -Infinity;
  let hi = -Infinity;
  for (const x of xs) {
    lo = Math.max(lo, x.lo);
    hi = Math.max(hi, x.hi);
  }
  return { lo, hi };
}

interface Scale {
  readonly x0: number;
  readonly plotW: number;
  readonly x: (h: number) => number;
}

/** A bar's label: the texts to try, longest first (see `fitOneOf`); null: no label. */
type Label = { readonly texts: readonly string[]; readonly shortenLast: boolean } | null;
const nameLabel = (name: string): Label => ({ texts: [name], shortenLast: true });

/** The shape of a bar from `start` to `end` (the solid part to end.lo, hatched to end.hi). */
function shapeOf(s: Scale, start: Span, end: Span, y: number, label: Label, title: string): BarShape {
  const right = s.x0 + s.plotW;
  const solid = Math.max(1, s.x(end.lo) - s.x(start.lo));
  const x = Math.min(s.x(start.lo), right - solid);
  const rawRange = s.x(end.hi) - s.x(end.lo);
  const range = rawRange > 0.5 ? Math.min(rawRange, right - x - solid) : 0;
  // A zero-length bar (a 0 h job) is a 1 px sliver without a label.
  const drawnLabel = label === null || end.lo <= start.lo ? null : fitOneOf(label.texts, solid, label.shortenLast);
  return { x, y, solid, range, label: drawnLabel, title };
}

const jobTitle = (j: TimedJob) => `${j.name}: ${formatSpan(j.start, '')}–${formatSpan(j.end)} (${j.basis})`;

interface Group {
  readonly key: string;
  readonly name: string;
  readonly index: number;
  readonly windows: readonly WindowTiming[];
}

/** Windows with jobs, one group each, or consecutive runs of them when there are very many. */
function windowGroups(day: DayTiming): { groups: Group[]; perGroup: number } {
  const ws = day.windows.filter((w) => w.jobs.length > 0);
  const perGroup = ws.length > MAX_WINDOW_GROUPS ? Math.ceil(ws.length / MAX_WINDOW_GROUPS) : 1;
  const groups: Group[] = [];
  for (let i = 0; i < ws.length; i += perGroup) {
    const members = ws.slice(i, i + perGroup);
    const a = members[0]!;
    const b = members[members.length - 1]!;
    groups.push(
      members.length === 1
        ? { key: `w${a.index}`, name: a.name, index: groups.length, windows: members }
        : {
            key: `w${a.index}-${b.index}`,
            name: `windows ${a.index + 1}–${b.index + 1}`,
            index: groups.length,
            windows: members,
          },
    );
  }
  return { groups, perGroup };
}

/**
 * A unique key for each planned job (ids repeat when a window names a card twice). The
 * waiting bench's n-th job keyed K is the planned job keyed K: both count repeats in the
 * order the waiting bench runs them (each window's jobs by start).
 */
function jobKeys(day: DayTiming): Map<TimedJob, string> {
  const inWaitingOrder = day.windows.flatMap((w) => [...w.jobs].sort((a, b) => a.start.lo - b.start.lo));
  const keys = uniqueKeys(inWaitingOrder.map((j) => j.id));
  return new Map(inWaitingOrder.map((j, i) => [j, keys[i]!] as const));
}

export interface DayRow {
  readonly key: string;
  readonly window: WindowTiming;
  readonly job: TimedJob;
  /** The same job on the waiting bench. */
  readonly alone: TimedJob | undefined;
}

/** The table's rows: every planned job, in window order, with its waiting-bench twin. */
export function dayRows(day: DayTiming): DayRow[] {
  const keyOf = jobKeys(day);
  const waitingKeys = uniqueKeys(day.waitingJobs.map((j) => j.id));
  const alone = new Map(day.waitingJobs.map((j, i) => [waitingKeys[i]!, j] as const));
  return day.windows.flatMap((w) =>
    w.jobs.map((j) => {
      const key = keyOf.get(j)!;
      return { key, window: w, job: j, alone: alone.get(key) };
    }),
  );
}

/** A card's colour: the caller's (one colour per card on the whole page), else by first appearance. */
export type ColorOf = (name: string) => string;

function scaleOf(maxHours: number, x0: number, plotW: number): Scale {
  const hoursW = maxHours > 0 ? maxHours : 1;
  return { x0, plotW, x: (h) => x0 + (Math.min(Math.max(h, 0), hoursW) / hoursW) * plotW };
}

/** The layout of a day's timeline, `width` px wide. */
export function timelineLayout(day: DayTiming, width: number, color?: ColorOf): TimelineLayout {
  const { labelW, padRight, laneH, gap, axisH, top, markCharW, minPlotW } = GEOMETRY;
  const jobs = day.windows.flatMap((w) => w.jobs);
  const plannedMax = Math.max(day.planned.hi, 0);
  const waitingMax = Math.max(day.waiting.hi, plannedMax);
  const plotW = Math.max(minPlotW, width - labelW - padRight);
  // Each day on its own scale: the planned day fills its chart, the waiting bench its own.
  const scale = scaleOf(plannedMax, labelW, plotW);
  const wscale = scaleOf(waitingMax, labelW, plotW);
  const { rows, lanesOf, gpuSlots } = laneRows(day, jobs);
  const plannedH = top + Math.max(rows.length, 1) * (laneH + gap) + axisH;
  const waitingH = top + laneH + gap + axisH;
  const lane0 = top;

  let colorOf: ColorOf;
  if (color !== undefined) colorOf = color;
  else {
    const names = [...new Set(day.waitingJobs.map((j) => j.name))];
    const colorByName = new Map(names.map((n, i) => [n, PALETTE[i % PALETTE.length]!]));
    colorOf = (name) => colorByName.get(name) ?? PALETTE[0]!;
  }
  const bar = (key: string, lane: number, color: string, n: number, shape: BarShape, toggled: BarShape | null) => ({
    key,
    lane,
    color,
    labelColor: labelColorOn(color),
    jobs: n,
    shape,
    toggled,
  });

  const plannedBars: TimelineBar[] = [];
  const waitingBars: TimelineBar[] = [];
  const pendingMarks: { key: string; name: string; x: number; x2: number; xEnd: number; windows: readonly number[] }[] =
    [];
  const mark = (key: string, name: string, start: Span, end: Span, windows: readonly number[]) => {
    const x = scale.x(start.lo);
    pendingMarks.push({ key, name, x, x2: scale.x(end.hi), xEnd: end.lo > start.lo ? scale.x(end.lo) : x, windows });
  };
  let note: string | null = null;

  if (jobs.length <= MAX_BARS) {
    // One bar per job (a multi-core job: one per core lane, the first labelled).
    const waitingKeys = uniqueKeys(day.waitingJobs.map((j) => j.id));
    const waitingShapes = new Map<string, BarShape>();
    day.waitingJobs.forEach((j, i) => {
      const shape = shapeOf(wscale, j.start, j.end, lane0, nameLabel(j.name), jobTitle(j));
      waitingShapes.set(waitingKeys[i]!, shape);
      waitingBars.push(bar(waitingKeys[i]!, 0, colorOf(j.name), 1, shape, null));
    });
    const keyOf = jobKeys(day);
    for (const w of day.windows) {
      if (w.jobs.length > 0) mark(`m${w.index}`, w.name, w.start, w.end, [w.index]);
      for (const j of w.jobs) {
        const key = keyOf.get(j)!;
        const target = waitingShapes.get(key);
        lanesOf(j).forEach((lane, k) => {
          const shape = shapeOf(scale, j.start, j.end, rows[lane]!.y, k === 0 ? nameLabel(j.name) : null, jobTitle(j));
          plannedBars.push(
            bar(
              k === 0 ? key : `${key}@${rows[lane]!.key}`,
              lane,
              colorOf(j.name),
              1,
              shape,
              k === 0 && target !== undefined ? { ...target, y: lane0 } : null,
            ),
          );
        });
      }
    }
  } else {
    const { groups, perGroup } = windowGroups(day);
    const waitingByWindow = new Map<number, TimedJob[]>();
    for (const j of day.waitingJobs) {
      const list = waitingByWindow.get(j.window);
      if (list === undefined) waitingByWindow.set(j.window, [j]);
      else list.push(j);
    }
    for (const g of groups) {
      // A bar that stands for many jobs is no card: grey (as "N others" in the charts), two
      // shades alternating by window; card colours stay the cards' own.
      const color = GROUP_COLORS[g.index % GROUP_COLORS.length]!;
      const first = g.windows[0]!;
      const last = g.windows[g.windows.length - 1]!;
      mark(
        `m${g.key}`,
        g.name,
        first.start,
        last.end,
        g.windows.map((w) => w.index),
      );
      // The waiting bench: one bar for the group's jobs, one after another.
      const alone = g.windows.flatMap((w) => waitingByWindow.get(w.index) ?? []);
      let target: BarShape | null = null;
      if (alone.length > 0) {
        const start = spanMin(alone.map((j) => j.start));
        const end = spanMax(alone.map((j) => j.end));
        const hours = formatSpan({ lo: end.lo - start.lo, hi: end.hi - start.hi });
        const count = plural(alone.length, 'job');
        const full = `${g.name}: ${count}, ${hours}`;
        const title = `${full} one after another (${formatSpan(start, '')}–${formatSpan(end)})`;
        const texts = [full, `${g.name}: ${count}`, `${count}, ${hours}`, count];
        target = shapeOf(wscale, start, end, lane0, { texts, shortenLast: false }, title);
        waitingBars.push(bar(g.key, 0, color, alone.length, target, null));
      }
      // The planned day: one bar per lane the group's jobs use.
      const byLane = new Map<number, TimedJob[]>();
      for (const w of g.windows)
        for (const j of w.jobs)
          for (const lane of lanesOf(j)) {
            const list = byLane.get(lane);
            if (list === undefined) byLane.set(lane, [j]);
            else list.push(j);
          }
      let moved = false;
      for (const [lane, js] of [...byLane].sort((a, b) => a[0] - b[0])) {
        const start = spanMin(js.map((j) => j.start));
        const end = spanMax(js.map((j) => j.end));
        // A lane with one job shows that job: its name and its card's colour.
        const one = js.length === 1 ? js[0]! : null;
        const label = plural(js.length, 'job');
        const title =
          one !== null
            ? jobTitle(one)
            : `${g.name}, ${rows[lane]!.label}: ${label}, ${formatSpan(start, '')}–${formatSpan(end)}`;
        const text: Label = one !== null ? nameLabel(one.name) : { texts: [label], shortenLast: false };
        const shape = shapeOf(scale, start, end, rows[lane]!.y, text, title);
        plannedBars.push(
          bar(
            `${g.key}@${rows[lane]!.key}`,
            lane,
            one !== null ? colorOf(one.name) : color,
            js.length,
            shape,
            moved || target === null ? null : { ...target, y: lane0 },
          ),
        );
        moved = true;
      }
    }
    const per = perGroup === 1 ? 'window' : `group of ${perGroup} windows`;
    note =
      `${jobs.length} jobs: drawn per ${per} and lane, the waiting bench per ${per} ` +
      '(each bar says how many jobs it stands for); the table below lists every job.';
  }

  // The planned day's end on the waiting bench's scale: how much shorter it is, at a glance.
  let plannedEnd: EndMark | null = null;
  if (plannedMax > 0 && waitingMax > plannedMax * (1 + 1e-9)) {
    const x = wscale.x(plannedMax);
    plannedEnd = {
      x,
      xLo: wscale.x(Math.max(day.planned.lo, 0)),
      label: `planned day ends: ${formatSpan(day.planned)}`,
      anchor: x - labelW < plotW / 2 ? 'start' : 'end',
    };
  }
  return {
    width,
    plot: { x0: labelW, width: plotW },
    lanes: rows,
    gpuSlots,
    planned: {
      maxHours: plannedMax,
      ticks: axisTicks(plannedMax, labelW, plotW),
      height: plannedH,
      axisY: plannedH - axisH + 2,
      bars: plannedBars,
      marks: placeMarks(pendingMarks, markCharW),
    },
    waiting: {
      maxHours: waitingMax,
      ticks: axisTicks(waitingMax, labelW, plotW),
      height: waitingH,
      axisY: top + laneH + gap + 2,
      laneY: lane0,
      bars: waitingBars,
      plannedEnd,
    },
    note,
  };
}
