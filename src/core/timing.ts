/**
 * The day in hours: when each job of each window starts and ends, the planned day (the
 * windows one after another, the work inside each window overlapped as the plan says),
 * and the "waiting bench" (every job of the day one after another). Pure and
 * deterministic. Every assumption is returned as text next to the numbers it produces.
 *
 * Rules (docs/timing.md says the same):
 * - serial_handoff: the GPU job runs `hours` on the GPU; the CPU-parallel jobs are
 *   list-scheduled on the bench's cores, longest first (a job needing k cores starts when
 *   k cores are free and holds them to its end).
 * - fractional_coresidency: the co-resident models run together; each takes `hours` ×
 *   the co-residency slowdown (default 1.0, none) — or, when the bench has nvinx 0.3's
 *   calibration and every co-resident model has a profile, × its own predicted slowdown
 *   (`coresidentFactors`: predicted co-resident latency ÷ latency alone, each partner's
 *   excess added for more than two models). If running them together is slower
 *   than one after another, they are timed one after another (and the reason says so).
 *   The window's CPU-parallel jobs are list-scheduled on the cores meanwhile.
 * - ram_overflow: `hours` × nvinx's stated 3–5× slowdown: a range, not a point. When the
 *   hardware card has the bandwidths (GPU, and PCIe or RAM), `hours` × the slowdown they give
 *   instead (core/overflow-time.ts: llama.cpp style to accelerate style), and the job's basis
 *   and the day's assumptions say so.
 * - CPU jobs: CPU_ONLY cards take `hours`; cards that fell back to the CPU take
 *   `cpu_hours` (assumed equal to `hours` when unknown). A card with no `hours` is
 *   assumed to take 1 h. Unscheduled cards do not run and are listed apart.
 * - The waiting bench runs the same jobs, each alone, one after another, with the same
 *   durations except the co-residency slowdown (nothing shares the GPU there). On several
 *   GPUs it runs one job at a time on one GPU at a time: each job on its own window's GPU, and a
 *   split model alone: at its hours on a GPU that holds it, else spilled from the GPU with the most VRAM (`splitAlone`).
 * - Several GPUs (issue 18): each GPU runs its own windows one after another, in the day's
 *   order; GPUs run at the same time. A window starts when every GPU it holds is free (a split
 *   holds all of its GPUs) and, if it spills weights to system RAM, when the RAM the spilling
 *   windows then running hold leaves room for its own spill. The windows are taken in the
 *   order they can start (ties: the day's order). The CPU cores are one pool for the whole
 *   day: a window's CPU jobs are list-scheduled (as above) on the cores at the time each core
 *   is free of the jobs of windows already placed, so jobs of windows on different GPUs that
 *   overlap in time never hold more cores than the bench has. A window ends when its GPU part
 *   and its CPU jobs have ended; its GPU's next window starts then. On one GPU every window
 *   starts when the one before ends, with every core free: the day is timed exactly as before.
 * - multi_gpu_split: `hours` × the split's slowdown (core/split.ts): from the GPUs' bandwidths,
 *   the interconnect and the spilled part's route; 1× when nothing spills and the card gives
 *   no bandwidths; nvinx's 3–5× for a spill the bandwidths cannot time.
 */
import { gpuCount, gpuHardware, gpusOf, windowGpus } from './bench-gpus';
import type { BenchPlan, WindowResult } from './day';
import { ramOverflow } from './patterns';
import { splitSlowdown, splitTotal } from './split';
import { profileMap, soloLatencyMs, type PairSource } from './interference';
import type { Calibration } from './types';
import { DEFAULT_HOURS } from './defaults';
import { formatTimes, hintSlowdown, overflowHours, type StyleEstimate } from './overflow-time';
import { listNames, plural } from './words';
import {
  OVERFLOW_SLOWDOWN,
  PlanRefusal,
  type SplitHint,
  type OverflowHint,
  type Bench,
  type Decision,
  type Hardware,
  type ModelCard,
  type WindowPattern,
} from './types';

/** A quantity known as a range (lo ≤ hi); equal ends when it is a point. */
export interface Span {
  readonly lo: number;
  readonly hi: number;
}

export const DEFAULT_CORESIDENCY_SLOWDOWN = 1;

type Lane =
  { readonly kind: 'gpu'; readonly slot: number } | { readonly kind: 'cpu'; readonly cores: readonly number[] };

export interface TimedJob {
  /** Stable id: window index and card name. */
  readonly id: string;
  readonly name: string;
  readonly window: number;
  readonly lane: Lane;
  readonly start: Span;
  readonly end: Span;
  /** How long it runs here, and alone on the waiting bench. */
  readonly hours: Span;
  readonly aloneHours: Span;
  /** Why it takes that long, in words (with any assumption). */
  readonly basis: string;
  /** When its hours are a range (lo < hi): what decides where in the range it falls, in a few words. */
  readonly rangeWhy?: string | undefined;
  /** As `rangeWhy`, for its hours alone when they differ (a split model run from one GPU on the waiting bench). */
  readonly aloneRangeWhy?: string | undefined;
}

export interface WindowTiming {
  readonly index: number;
  readonly name: string;
  readonly pattern: WindowPattern;
  /** The GPUs the window holds (a split: all of its GPUs; else its one GPU). */
  readonly gpus: readonly number[];
  readonly start: Span;
  readonly end: Span;
  readonly hours: Span;
  readonly jobs: readonly TimedJob[];
  /** Cards the window names that do not run in it. */
  readonly unscheduled: readonly {
    readonly name: string;
    readonly reason: string;
    /** The window of the composed day that runs the card instead (`Decision.runsIn`; the reason says so). */
    readonly runsIn?: string;
  }[];
  /** The window refused (nothing runs); why. */
  readonly refused: string | null;
  /** fractional_coresidency: whether the co-resident models are timed together. */
  readonly together: boolean | null;
  /**
   * fractional_coresidency with more than one co-resident model: which slowdown timed them —
   * nvinx 0.3's calibration (per model) or the bench's single co-residency slowdown — and why.
   */
  readonly coresidency: CoresidencyBasis | null;
  readonly notes: readonly string[];
}

export interface DayTiming {
  readonly windows: readonly WindowTiming[];
  /** The waiting bench: every job alone, one after another, in window order. */
  readonly waitingJobs: readonly TimedJob[];
  readonly planned: Span;
  readonly waiting: Span;
  readonly saved: Span;
  /** Percent of the waiting bench saved, as a range over the slowdown range. */
  readonly savedPercent: Span;
  readonly assumptions: readonly string[];
  readonly coresidencySlowdown: number;
  /** How many GPUs the bench has (windows name theirs in `WindowTiming.gpus`). */
  readonly gpuCount: number;
  /** What the hours rest on: the day's jobs, those whose card gives no hours, those whose CPU time is assumed. */
  readonly basis: HoursBasis;
}

interface HoursBasis {
  /** Jobs in the day (a card that runs in two windows is two jobs). */
  readonly jobs: number;
  /** Jobs whose card gives no `hours`: each assumed to take DEFAULT_HOURS. */
  readonly withoutHours: number;
  /** Jobs fallen back to the CPU whose card gives `hours` but no `cpu_hours`: assumed equal. */
  readonly cpuAssumed: number;
}

/** Count what the day's hours rest on. */
function hoursBasis(bench: Bench, windows: readonly WindowTiming[]): HoursBasis {
  const byName = new Map(bench.models.map((m) => [m.name, m]));
  let jobs = 0;
  let withoutHours = 0;
  let cpuAssumed = 0;
  for (const w of windows)
    for (const j of w.jobs) {
      jobs++;
      const m = byName.get(j.name);
      if (m === undefined) continue;
      if (m.hours === undefined) {
        if (!(j.lane.kind === 'cpu' && m.residency !== 'CPU_ONLY' && m.cpu_hours !== undefined)) withoutHours++;
      } else if (j.lane.kind === 'cpu' && m.residency !== 'CPU_ONLY' && m.cpu_hours === undefined) cpuAssumed++;
    }
  return { jobs, withoutHours, cpuAssumed };
}

/** Which slowdown timed a window's co-resident models. */
type CoresidencyBasis =
  | { readonly kind: 'calibration'; readonly factors: readonly CalibratedFactor[]; readonly text: string }
  | { readonly kind: 'single'; readonly slowdown: number; readonly text: string };

/** One co-resident model's slowdown from the calibration, with the pair ratios it adds up. */
export interface CalibratedFactor {
  readonly name: string;
  readonly soloMs: number;
  readonly factor: number;
  readonly partners: readonly {
    readonly name: string;
    readonly predictedMs: number;
    readonly ratio: number;
    readonly source: PairSource;
  }[];
}

/**
 * The calibrated slowdown of each co-resident model of a window, or why there is none
 * (then the bench's single slowdown is used). For model i and each partner j, the pair
 * prediction gives i's latency beside j; ratio_ij = that ÷ i's latency alone
 * (baseidle_ms + act_solo_ms, what the formulas give at N = 1). nvinx 0.3 predicts pairs
 * only, so for more than two models the planner adds the partners' excesses:
 * factor_i = 1 + Σ_j (ratio_ij − 1) — each partner's queue contention taken as independent
 * and additive (for two models it is exactly the pair's ratio).
 */
export function coresidentFactors(
  r: WindowResult,
  co: readonly ModelCard[],
  calibration: Calibration,
): { readonly factors: CalibratedFactor[] } | { readonly reason: string } {
  if (r.kind !== 'plan' || r.interference === undefined) return { reason: 'the window has no pair predictions' };
  const profiles = profileMap(calibration);
  const missing = co.filter((m) => !profiles.has(m.name)).map((m) => m.name);
  if (missing.length > 0) {
    return {
      reason: `${listNames(missing, 5)} ${missing.length === 1 ? 'has' : 'have'} no profile in the calibration`,
    };
  }
  const unknown = r.interference.pairs.filter((p) => p.prediction.source === 'fallback_unknown');
  if (unknown.length > 0) {
    const p = unknown[0]!;
    return { reason: `the pair ${p.a}+${p.b} has no fitted theta and no measured lookup, so no prediction` };
  }
  const byName = new Map<string, CalibratedFactor['partners'][number][]>();
  for (const m of co) byName.set(m.name, []);
  for (const p of r.interference.pairs) {
    const sa = soloLatencyMs(profiles.get(p.a)!);
    const sb = soloLatencyMs(profiles.get(p.b)!);
    const src = p.prediction.source;
    byName.get(p.a)?.push({ name: p.b, predictedMs: p.prediction.a, ratio: p.prediction.a / sa, source: src });
    byName.get(p.b)?.push({ name: p.a, predictedMs: p.prediction.b, ratio: p.prediction.b / sb, source: src });
  }
  const factors: CalibratedFactor[] = [];
  for (const m of co) {
    const soloMs = soloLatencyMs(profiles.get(m.name)!);
    if (!(soloMs > 0)) return { reason: `${m.name}'s latency alone (baseidle_ms + act_solo_ms) is 0 ms` };
    const partners = byName.get(m.name)!;
    const factor = partners.reduce((f, p) => f + (p.ratio - 1), 1);
    if (!Number.isFinite(factor) || factor <= 0) {
      return { reason: `the predicted slowdown of ${m.name} (${factor}) is not a positive number` };
    }
    factors.push({ name: m.name, soloMs, factor, partners });
  }
  return { factors };
}

/** "×1.37" with up to two decimals, as hours are shown. */
const times = (f: number): string => `${formatHours(f)}×`;

const point = (x: number): Span => ({ lo: x, hi: x });
const add = (a: Span, b: Span): Span => ({ lo: a.lo + b.lo, hi: a.hi + b.hi });
const maxSpan = (a: Span, b: Span): Span => ({ lo: Math.max(a.lo, b.lo), hi: Math.max(a.hi, b.hi) });
const ZERO = point(0);

/** Hours as people read them: up to two decimals, no trailing zeros. */
export function formatHours(h: number): string {
  return `${Number(h.toFixed(2))}`;
}

/** "6 h", or "6–10 h" for a range. */
export function formatSpan(s: Span, unit = ' h'): string {
  const lo = formatHours(s.lo);
  const hi = formatHours(s.hi);
  return lo === hi ? `${lo}${unit}` : `${lo}–${hi}${unit}`;
}

/** How an assumption that cards share is worded: of one card (`h`: a figure it names), or of many at once. */
interface GroupWords {
  readonly one: (card: string, h: number) => string;
  readonly many: (items: readonly string[]) => string;
}

/** Cards that share one assumption: said once, naming them all (`many`), or as `one` for a single card. */
interface AssumedGroup {
  readonly words: GroupWords;
  readonly first: string;
  readonly h: number;
  readonly items: string[];
}

/**
 * A card's runs in the day, one record per card name (one look-up per job: its run count, which
 * run of the card in its window a job is, and which of its assumptions are said already).
 */
interface CardRuns {
  /** The windows of its jobs, one entry per job (timeDay words a card run more than once). */
  readonly windows: number[];
  /** The window of its last job and which run of the card there that job is. */
  window: number;
  nth: number;
  /** Its assumptions said (`hours` unknown, `cpu_hours` unknown, its runs in the day). */
  noHours: boolean;
  noCpuHours: boolean;
  said: boolean;
}

/**
 * What the hours rest on, in the order first met, each said once. An assumption many cards
 * share (no hours, no cpu_hours, running in the same windows) is one line naming every card
 * — a 10,000-card day says it in three lines, not in 10,000.
 */
class Assumptions {
  private readonly items: (string | AssumedGroup)[] = [];
  private readonly seen = new Set<string>();
  private readonly groups = new Map<string, AssumedGroup>();
  /** Each card name's runs in the day. */
  private readonly cards = new Map<string, CardRuns>();
  /** The card's record, made at its first job. */
  card(name: string): CardRuns {
    let c = this.cards.get(name);
    if (c === undefined) {
      c = { windows: [], window: -1, nth: 0, noHours: false, noCpuHours: false, said: false };
      this.cards.set(name, c);
    }
    return c;
  }
  add(text: string) {
    if (!this.seen.has(text)) {
      this.seen.add(text);
      this.items.push(text);
    }
  }
  /**
   * `card` rests on the assumption `kind`, worded by `words` (a 10,000-card day calls this per
   * card, so nothing is worded here but `item`, its entry in a list); `h`: the figure `one`
   * names. The caller says each card once per kind (its `CardRuns` keeps what is said).
   */
  addCard(kind: string, card: string, item: string, words: GroupWords, h = 0) {
    let g = this.groups.get(kind);
    if (g === undefined) {
      g = { words, first: card, h, items: [] };
      this.groups.set(kind, g);
      this.items.push(g);
    }
    g.items.push(item);
  }
  get list(): string[] {
    return this.items.map((i) =>
      typeof i === 'string' ? i : i.items.length === 1 ? i.words.one(i.first, i.h) : i.words.many(i.items),
    );
  }
}

const NO_HOURS: GroupWords = {
  one: (card) => `hours unknown for ${card}: assumed ${DEFAULT_HOURS} h`,
  many: (names) => `hours unknown for ${names.length} cards (${listNames(names)}): assumed ${DEFAULT_HOURS} h each`,
};

const NO_CPU_HOURS: GroupWords = {
  one: (card, h) => `cpu_hours unknown for ${card}: assumed equal to hours (${formatHours(h)} h)`,
  many: (items) => `cpu_hours unknown for ${items.length} cards: each assumed equal to its hours (${listNames(items)})`,
};

function gpuHours(m: ModelCard, a: Assumptions, c: CardRuns): number {
  if (m.hours === undefined) {
    if (!c.noHours) {
      c.noHours = true;
      a.addCard('hours', m.name, m.name, NO_HOURS);
    }
    return DEFAULT_HOURS;
  }
  return m.hours;
}

/** A CPU job's hours: CPU_ONLY cards run `hours`; fallen-back cards run `cpu_hours` (else `hours`, else 1 h). */
export function cpuJobHours(m: ModelCard): number {
  return m.residency === 'CPU_ONLY' ? (m.hours ?? DEFAULT_HOURS) : (m.cpu_hours ?? m.hours ?? DEFAULT_HOURS);
}

/** The cores a CPU job holds: its `cores` (default 1), at most the bench's. */
export const cpuJobCores = (m: ModelCard, total: number): number => Math.min(m.cores ?? 1, total);

/** Where a CPU job's hours come from, as its words say. */
type CpuSource = 'CPU_ONLY' | 'cpu_hours' | 'assumed equal to hours';

/** A CPU job to schedule: its card, hours and cores, and (worded when read) where the hours come from. */
interface CpuTask {
  readonly card: ModelCard;
  readonly runs: CardRuns;
  readonly hours: number;
  readonly cores: number;
  readonly source: CpuSource;
}

/** A card's CPU job: its hours (with the assumption they rest on said) and its cores. */
function cpuTask(m: ModelCard, total: number, a: Assumptions): CpuTask {
  const c = a.card(m.name);
  let hours: number;
  let source: CpuSource;
  if (m.residency === 'CPU_ONLY') {
    hours = gpuHours(m, a, c);
    source = 'CPU_ONLY';
  } else if (m.cpu_hours !== undefined) {
    hours = m.cpu_hours;
    source = 'cpu_hours';
  } else {
    hours = cpuJobHours(m);
    source = 'assumed equal to hours';
    gpuHours(m, a, c);
    if (!c.noCpuHours) {
      c.noCpuHours = true;
      a.addCard('cpu_hours', m.name, `${m.name} ${formatHours(hours)} h`, NO_CPU_HOURS, hours);
    }
  }
  // Said after its hours' assumptions, in the order the day meets them.
  const want = m.cores ?? 1;
  if (want > total) a.add(`${m.name} asks for ${want} cores; the bench has ${total}: it runs on ${total}`);
  return { card: m, runs: c, hours, cores: cpuJobCores(m, total), source };
}

/** A CPU job's words: "2 h on the CPU (CPU_ONLY), 1 core". */
const cpuWords = (t: CpuTask) => `${formatHours(t.hours)} h on the CPU (${t.source}), ${plural(t.cores, 'core')}`;

const GPU_ALONE: Lane = { kind: 'gpu', slot: 0 };

/** A co-resident model's words, put together when read: its hours alone and its slowdown (1: none). */
interface SharedWords {
  readonly alone: number;
  readonly k: number;
}

const sharedWords = (w: SharedWords) =>
  w.k === 1
    ? `${formatHours(w.alone)} h on the GPU, sharing it`
    : `${formatHours(w.alone)} h × ${formatHours(w.k)} co-residency slowdown, sharing the GPU`;

/**
 * A job of the planned day. Its words (`basis`) and id are put together when read: a 10,000-card
 * day has thousands of CPU and co-resident jobs whose words nothing may read (the CLI's JSON has none).
 */
abstract class DayJob implements TimedJob {
  /** Which run of its card in its window this is (1, then 2 for a GPU job that is a candidate too). */
  private readonly nth: number;
  abstract readonly name: string;
  abstract readonly lane: Lane;
  abstract readonly start: Span;
  abstract readonly end: Span;
  abstract readonly hours: Span;
  abstract readonly aloneHours: Span;
  abstract readonly rangeWhy?: string | undefined;
  abstract readonly aloneRangeWhy?: string | undefined;
  protected abstract readonly words: string | CpuTask | SharedWords;
  constructor(
    /** Its card's runs in the day (how many there are is said in `basis`). */
    readonly card: CardRuns,
    readonly window: number,
  ) {
    if (card.window === window) card.nth++;
    else {
      card.window = window;
      card.nth = 1;
    }
    this.nth = card.nth;
    card.windows.push(window);
  }
  /** How many jobs of the day run this card. */
  get runs(): number {
    return this.card.windows.length;
  }
  /** Put together when read, as `basis` is (the CLI's JSON reads neither). */
  get id(): string {
    return this.nth === 1 ? `${this.window}:${this.name}` : `${this.window}:${this.name}#${this.nth}`;
  }
  get basis(): string {
    const w = this.words;
    const text = typeof w === 'string' ? w : 'source' in w ? cpuWords(w) : sharedWords(w);
    const runs = this.runs;
    return runs > 1 ? `${text} — one of its ${runs} runs in the day` : text;
  }
}

/** A GPU job (alone, co-resident or split) of the planned day. */
class PlannedJob extends DayJob {
  constructor(
    card: CardRuns,
    readonly name: string,
    window: number,
    readonly lane: Lane,
    readonly start: Span,
    readonly end: Span,
    readonly hours: Span,
    readonly aloneHours: Span,
    protected readonly words: string | SharedWords,
    readonly rangeWhy?: string,
    readonly aloneRangeWhy?: string,
  ) {
    super(card, window);
  }
}

/**
 * A CPU job of the planned day, kept as one record: its lane, times and hours are made when
 * read. A 10,000-card day has thousands of CPU jobs that live to the end of the run, and five
 * objects each (the job, its lane, start, end and hours) made the run's heap and its collections
 * grow; the CLI's JSON reads each once, so what it reads dies young.
 */
class CpuJob extends DayJob {
  readonly rangeWhy = undefined;
  readonly aloneRangeWhy = undefined;
  constructor(
    protected readonly words: CpuTask,
    window: number,
    private readonly cores: readonly number[],
    private readonly startLo: number,
    private readonly startHi: number,
    private readonly endLo: number,
    private readonly endHi: number,
  ) {
    super(words.runs, window);
  }
  get name(): string {
    return this.words.card.name;
  }
  get lane(): Lane {
    return { kind: 'cpu', cores: this.cores };
  }
  get start(): Span {
    return { lo: this.startLo, hi: this.startHi };
  }
  get end(): Span {
    return { lo: this.endLo, hi: this.endHi };
  }
  get hours(): Span {
    return point(this.words.hours);
  }
  get aloneHours(): Span {
    return point(this.words.hours);
  }
}

/** The same job alone on the waiting bench (one GPU lane, its hours alone, from `start`). */
class AloneJob implements TimedJob {
  readonly lane = GPU_ALONE;
  constructor(
    private readonly of: DayJob,
    readonly start: Span,
    readonly end: Span,
  ) {}
  get id() {
    return this.of.id;
  }
  get name() {
    return this.of.name;
  }
  get window() {
    return this.of.window;
  }
  get hours() {
    return this.of.aloneHours;
  }
  get aloneHours() {
    return this.of.aloneHours;
  }
  get basis() {
    return this.of.basis;
  }
  get rangeWhy() {
    return this.of.aloneRangeWhy ?? this.of.rangeWhy;
  }
  get aloneRangeWhy() {
    return this.of.aloneRangeWhy;
  }
}

/**
 * The tasks' indices, longest first (ties: in order). A day has few distinct hours and
 * thousands of tasks: the tasks are grouped by hours and the distinct hours sorted (natively,
 * no comparator), where a sort of every index with a comparator took most of the schedule.
 */
function longestFirst(tasks: readonly { readonly hours: number }[]): number[] {
  const groups = new Map<number, number[]>();
  for (let i = 0; i < tasks.length; i++) {
    const h = tasks[i]!.hours;
    const g = groups.get(h);
    if (g === undefined) groups.set(h, [i]);
    else g.push(i);
  }
  const hours = Float64Array.from(groups.keys()).sort();
  const out: number[] = [];
  for (let k = hours.length - 1; k >= 0; k--) for (const i of groups.get(hours[k]!)!) out.push(i);
  return out;
}

/**
 * A list schedule, in the order the tasks were placed: the `n`-th placed is task `task[n]`, on
 * cores `cores[n]`, from `start[n]` to `end[n]` (flat lists: no object per task).
 */
interface Schedule {
  readonly task: Int32Array;
  readonly cores: number[][];
  readonly start: Float64Array;
  readonly end: Float64Array;
}

/**
 * List scheduling, longest first (ties: card order): each task takes the k cores that
 * are free earliest and starts when the last of them is free. No core ever runs two
 * tasks at once, and the makespan never exceeds the sum of the tasks' hours. `from`: when
 * each core is free, after the window's start (a core busy with another GPU's window);
 * absent: every core free at the start.
 */
function scheduleCpu(
  tasks: readonly { readonly hours: number; readonly cores: number }[],
  coreCount: number,
  from?: readonly number[],
): Schedule {
  const free = from === undefined ? Array<number>(coreCount).fill(0) : [...from];
  // The cores in a binary heap ordered by (free from, core number): a task takes the k cores
  // free earliest (ties: the lowest numbers), as a sort of every core per task would pick them.
  const before = (a: number, b: number) => free[a]! < free[b]! || (free[a] === free[b] && a < b);
  const heap = Array.from({ length: coreCount }, (_, c) => c);
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      // A swap by hand: a destructuring swap goes through the iterator protocol in cold code.
      const x = heap[i]!;
      heap[i] = heap[m]!;
      heap[m] = x;
      i = m;
    }
  };
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(heap[i]!, heap[p]!)) return;
      const x = heap[i]!;
      heap[i] = heap[p]!;
      heap[p] = x;
      i = p;
    }
  };
  const pop = (): number => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      down(0);
    }
    return top;
  };
  const push = (c: number) => {
    heap.push(c);
    up(heap.length - 1);
  };
  if (from !== undefined) for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  const order = longestFirst(tasks);
  const n = order.length;
  const placed: Schedule = {
    task: Int32Array.from(order),
    cores: new Array<number[]>(n),
    start: new Float64Array(n),
    end: new Float64Array(n),
  };
  for (let o = 0; o < n; o++) {
    const t = tasks[order[o]!]!;
    const k = Math.min(t.cores, coreCount);
    if (k === 1) {
      // One core: the one free earliest, back in the heap in place (the order is total, so
      // the heap gives the same cores as popping it and pushing it again).
      const c = heap[0]!;
      const start = Math.max(0, free[c]!);
      const end = start + t.hours;
      free[c] = end;
      down(0);
      placed.cores[o] = [c];
      placed.start[o] = start;
      placed.end[o] = end;
      continue;
    }
    const cores: number[] = [];
    for (let j = 0; j < k; j++) cores.push(pop());
    cores.sort((a, b) => a - b);
    let start = 0;
    for (const c of cores) start = Math.max(start, free[c]!);
    const end = start + t.hours;
    for (const c of cores) {
      free[c] = end;
      push(c);
    }
    placed.cores[o] = cores;
    placed.start[o] = start;
    placed.end[o] = end;
  }
  return placed;
}

/**
 * The list schedule on cores busy until `from` (a range per core: another GPU's window may end
 * in a range): the cores and the order are chosen on the low ends; the high ends follow the
 * same order on the same cores, so neither end ever has a core running two tasks at once.
 * Returns the schedule of the low ends and the high ends' start and end of each placed task.
 */
function scheduleCpuFrom(
  tasks: readonly { readonly hours: number; readonly cores: number }[],
  coreCount: number,
  from: readonly Span[],
): { lo: Schedule; startHi: Float64Array; endHi: Float64Array } {
  const lo = scheduleCpu(
    tasks,
    coreCount,
    from.map((s) => s.lo),
  );
  const hi = from.map((s) => s.hi);
  const n = lo.task.length;
  const startHi = new Float64Array(n);
  const endHi = new Float64Array(n);
  for (let o = 0; o < n; o++) {
    const cores = lo.cores[o]!;
    let h = 0;
    for (const c of cores) h = Math.max(h, hi[c]!);
    const e = h + tasks[lo.task[o]!]!.hours;
    for (const c of cores) hi[c] = e;
    startHi[o] = h;
    endHi[o] = e;
  }
  return { lo, startHi, endHi };
}

/** When the last of a window's CPU jobs ends: the list schedule above (0 without jobs). */
export function cpuMakespan(
  tasks: readonly { readonly hours: number; readonly cores: number }[],
  coreCount: number,
): number {
  let end = 0;
  for (const e of scheduleCpu(tasks, coreCount).end) end = Math.max(end, e);
  return end;
}

/**
 * Co-resident models' hours: together (each `hours × factor`, the longest) unless that is
 * longer than one after another (the sum, in the plan's order).
 */
export function coresidentSpan(hs: readonly number[], ks: readonly number[]): { hours: number; together: boolean } {
  let concurrent = -Infinity;
  hs.forEach((h, i) => (concurrent = Math.max(concurrent, h * ks[i]!)));
  const sequential = hs.reduce((x, y) => x + y, 0);
  const together = hs.length === 1 || concurrent <= sequential;
  return { hours: together ? concurrent : sequential, together };
}

function unscheduledOf(r: WindowResult): WindowTiming['unscheduled'] {
  if (r.kind !== 'plan' || r.plan.unscheduled.length === 0) return [];
  // Word only the reasons of the cards that do not run (a reason is worded when read).
  const out = new Set(r.plan.unscheduled.map((m) => m.name));
  const why = new Map<string, Decision>();
  for (const d of r.plan.decisions) if (out.has(d.name)) why.set(d.name, d);
  return r.plan.unscheduled.map((m) => {
    const d = why.get(m.name);
    const reason = d?.reason ?? 'cannot run in this window';
    return d?.runsIn === undefined ? { name: m.name, reason } : { name: m.name, reason, runsIn: d.runsIn };
  });
}

/**
 * A split model on the waiting bench, which runs one job at a time on one GPU at a time: on the
 * split's first GPU (the one its slowdown is measured against), spilled to system RAM (nvinx's
 * ram_overflow there, its footprint read as the split reads it) and timed as a ram_overflow
 * window on that GPU — or at its hours when it fits that GPU. When that GPU cannot run it (the
 * RAM is too small for the spill), the waiting bench runs it split too, and says so.
 */
function splitAlone(
  hint: SplitHint,
  hw: Hardware,
  hours: number,
  split: Span,
): { hours: Span; words: string; why: string | null } {
  const model = hint.model;
  const total = splitTotal(model);
  const lead = `the waiting bench runs one job at a time on one GPU at a time: ${model.name}, split over ${plural(hint.parts.length, 'GPU')} in the plan,`;
  const gpus = gpusOf(hw).map((_, k) => ({ k, spec: gpuHardware(hw, k) ?? hw }));
  // Alone on one GPU: at its hours on the first that holds it all.
  const holds = gpus.find(({ spec }) => total <= Math.max(0, spec.vram_gb - hint.headroom_gb));
  if (holds !== undefined) {
    return {
      hours: { lo: hours, hi: hours },
      words: `${lead} fits GPU ${holds.k} alone and runs there (${formatHours(hours)} h)`,
      why: null,
    };
  }
  // Else spilled from the GPU with the most VRAM (the least spilled; ties: the faster, then the
  // first): each GPU's ratio is against its own speed, so ratios of unlike GPUs do not compare.
  const order = [...gpus].sort(
    (x, y) =>
      y.spec.vram_gb - x.spec.vram_gb ||
      (y.spec.gpu_bandwidth_gbps ?? 0) - (x.spec.gpu_bandwidth_gbps ?? 0) ||
      x.k - y.k,
  );
  let best: { k: number; spec: Hardware; one: OverflowHint; alone: Span } | null = null;
  let refusal = '';
  for (const { k, spec } of order) {
    try {
      const one = ramOverflow({ ...model, ram_gb_needed: total }, spec, hint.headroom_gb);
      best = { k, spec, one, alone: overflowHours(one, spec, hours) };
      break;
    } catch (e) {
      if (!(e instanceof PlanRefusal)) throw e;
      if (refusal === '') refusal = e.message;
    }
  }
  if (best === null) {
    return {
      hours: split,
      why: null,
      words: `${lead} cannot run on one GPU alone (${refusal}), so it runs split there too`,
    };
  }
  const { k, spec, one, alone } = best;
  return {
    hours: alone,
    why: alone.lo < alone.hi ? `spilled from GPU ${k}: ${spillRangeWhy(hintSlowdown(one, spec))}` : null,
    words:
      `${lead} runs spilled to system RAM from GPU ${k}` +
      `${gpus.length > 1 ? ', the GPU with the most VRAM' : ''} (${formatSpan(alone)}, as a ram_overflow on that GPU)`,
  };
}

/** Where in its range a spilled model's hours fall, in a few words: nvinx's 3–5×, or each style the bandwidths give. */
function spillRangeWhy(est: { readonly styles: readonly StyleEstimate[] } | null): string {
  return est === null
    ? `nvinx states ${OVERFLOW_SLOWDOWN.words} slower from RAM`
    : est.styles.map((st) => `${formatTimes(st.slowdown)} ${SPILL_PATH[st.style]}`).join(', ');
}

/** How a spilled model's part in RAM is read, in a few words (the range's two ends). */
const SPILL_PATH = {
  'llama.cpp': 'if the CPU runs its spilled layers from RAM',
  accelerate: 'if its spilled weights cross PCIe (device_map="auto")',
} as const;

/** A window's timing as timeDay builds it (its jobs' run counts are set once the whole day is known). */
type Timed = WindowTiming & { readonly jobs: readonly DayJob[] };

function timeWindow(
  r: WindowResult,
  index: number,
  start: Span,
  bench: Hardware,
  slowdown: number,
  a: Assumptions,
  calibration: Calibration | null = null,
  coresFrom?: readonly Span[],
): Timed {
  const cpuCores = bench.cpu_cores;
  // A one-GPU window's bandwidths are its GPU's (a one-GPU bench: the hardware card itself).
  const hardware = gpuHardware(bench, windowGpus(r.window)[0] ?? 0) ?? bench;
  const base = { index, name: r.window.name, pattern: r.pattern, gpus: windowGpus(r.window), start };
  if (r.kind === 'refused') {
    return {
      ...base,
      end: start,
      hours: ZERO,
      jobs: [],
      unscheduled: [],
      refused: r.error.message,
      together: null,
      coresidency: null,
      notes: [`refused, so nothing runs: ${r.error.message}`],
    };
  }
  const jobs: DayJob[] = [];
  const notes: string[] = [];
  /** A GPU job from start + s (a job from the window's start shares its start). */
  const job = (
    card: ModelCard,
    runs: CardRuns,
    lane: Lane,
    s: Span,
    hours: Span,
    alone: Span,
    basis: string | SharedWords,
    rangeWhy?: string,
    aloneRangeWhy?: string,
  ) =>
    new PlannedJob(
      runs,
      card.name,
      index,
      lane,
      s === ZERO ? start : add(start, s),
      s === ZERO ? add(start, hours) : add(start, add(s, hours)),
      hours,
      alone,
      basis,
      rangeWhy,
      aloneRangeWhy,
    );
  let length = ZERO;
  let together: boolean | null = null;
  let coresidency: CoresidencyBasis | null = null;

  if (r.kind === 'overflow') {
    const runs = a.card(r.hint.model.name);
    const h = gpuHours(r.hint.model, a, runs);
    const est = hintSlowdown(r.hint, hardware);
    const hours = overflowHours(r.hint, hardware, h);
    let basis: string;
    if (est === null) {
      basis = `${formatHours(h)} h × ${OVERFLOW_SLOWDOWN.min}–${OVERFLOW_SLOWDOWN.max} (layers run from system RAM; nvinx's stated slowdown)`;
    } else {
      const times = est.lo === est.hi ? formatTimes(est.lo) : `${formatHours(est.lo)}–${formatTimes(est.hi)}`;
      basis = `${formatHours(h)} h × ${times} (from the hardware card's bandwidths: ${est.basis}; not nvinx's stated ${OVERFLOW_SLOWDOWN.words})`;
      a.add(
        `${r.hint.model.name} (ram_overflow) is timed from the hardware card's bandwidths, ${times} slower than ` +
          `all in VRAM, instead of nvinx's stated ${OVERFLOW_SLOWDOWN.min}–${OVERFLOW_SLOWDOWN.max}×`,
      );
    }
    const rangeWhy = spillRangeWhy(est);
    jobs.push(
      job(r.hint.model, runs, GPU_ALONE, ZERO, hours, hours, basis, hours.lo < hours.hi ? rangeWhy : undefined),
    );
    length = hours;
  }
  if (r.kind === 'split') {
    const runs = a.card(r.hint.model.name);
    const h = gpuHours(r.hint.model, a, runs);
    const est = splitSlowdown(r.hint, bench);
    const hours = { lo: h * est.lo, hi: h * est.hi };
    const times = est.lo === est.hi ? formatTimes(est.lo) : `${formatHours(est.lo)}–${formatTimes(est.hi)}`;
    const on = r.hint.parts.map((p) => `GPU ${p.gpu}`).join(' + ');
    const basis = `${formatHours(h)} h × ${times} split over ${on}${r.hint.cpu_gb > 0 ? ' and system RAM' : ''} (${est.basis})`;
    a.add(`${r.hint.model.name} (multi_gpu_split) runs ${times} as long as all in one GPU's VRAM: ${est.basis}`);
    const alone = splitAlone(r.hint, bench, h, hours);
    a.add(alone.words);
    const rangeWhy = hours.lo < hours.hi ? spillRangeWhy(est.styles.length > 0 ? est : null) : undefined;
    jobs.push(job(r.hint.model, runs, GPU_ALONE, ZERO, hours, alone.hours, basis, rangeWhy, alone.why ?? undefined));
    length = hours;
  }
  const plan = r.kind === 'plan' ? r.plan : null;
  if (plan !== null) {
    if (plan.gpu_foreground !== null) {
      const runs = a.card(plan.gpu_foreground.name);
      const h = gpuHours(plan.gpu_foreground, a, runs);
      const p = point(h);
      jobs.push(job(plan.gpu_foreground, runs, GPU_ALONE, ZERO, p, p, `${formatHours(h)} h on the GPU, alone`));
      length = maxSpan(length, point(h));
    }
    const co = plan.gpu_coresident;
    if (co.length > 0) {
      const cards = co.map((m) => a.card(m.name));
      const hs = co.map((m, i) => gpuHours(m, a, cards[i]!));
      let ks = co.map(() => (co.length > 1 ? slowdown : 1));
      let calibrated: CalibratedFactor[] | null = null;
      if (co.length > 1) {
        const got = calibration === null ? null : coresidentFactors(r, co, calibration);
        if (got !== null && 'factors' in got) {
          calibrated = got.factors;
          ks = got.factors.map((f) => f.factor);
          coresidency = {
            kind: 'calibration',
            factors: got.factors,
            text:
              "timed from nvinx 0.3's calibration: each model's hours × its predicted latency beside its partner ÷ its latency alone" +
              (co.length > 2
                ? ' (with more than two models, each partner’s excess slowdown added: 1 + Σ(ratio − 1))'
                : ''),
          };
        } else {
          coresidency = {
            kind: 'single',
            slowdown,
            text:
              got === null
                ? `the bench's single co-residency slowdown (${times(slowdown)})`
                : `the bench's single co-residency slowdown (${times(slowdown)}): ${got.reason}`,
          };
        }
        // Without a calibration the single slowdown is the only one there is: nothing to say per window.
        if (calibration !== null) notes.push(`co-residency: ${coresidency.text}`);
      }
      const concurrent = Math.max(...hs.map((h, i) => h * ks[i]!));
      const sequential = hs.reduce((x, y) => x + y, 0);
      together = coresidentSpan(hs, ks).together;
      if (together) {
        co.forEach((m, i) => {
          const k = ks[i]!;
          const h = hs[i]! * k;
          const f = calibrated?.[i];
          const basis: string | SharedWords =
            f !== undefined
              ? `${formatHours(hs[i]!)} h × ${formatHours(k)} predicted slowdown (` +
                f.partners.map((p) => `${formatHours(p.predictedMs)} ms beside ${p.name} via ${p.source}`).join(', ') +
                ` vs ${formatHours(f.soloMs)} ms alone), sharing the GPU`
              : { alone: hs[i]!, k };
          const hours = point(h);
          // Without a slowdown its hours alone are its hours here: one span for both.
          const alone = h === hs[i]! ? hours : point(hs[i]!);
          jobs.push(job(m, cards[i]!, { kind: 'gpu', slot: i }, ZERO, hours, alone, basis));
        });
        length = maxSpan(length, point(concurrent));
      } else {
        let t = 0;
        co.forEach((m, i) => {
          const p = point(hs[i]!);
          jobs.push(job(m, cards[i]!, GPU_ALONE, point(t), p, p, `${formatHours(hs[i]!)} h on the GPU`));
          t += hs[i]!;
        });
        const what =
          calibrated === null
            ? `a co-residency slowdown of ${formatHours(ks[0]!)}×`
            : `the calibration's predicted slowdowns (${calibrated.map((f) => `${f.name} ${times(f.factor)}`).join(', ')})`;
        notes.push(
          `with ${what}, running ${co.length} models together ` +
            `(${formatHours(concurrent)} h) is slower than one after another (${formatHours(sequential)} h): ` +
            'they stay loaded together but are timed one after another',
        );
        length = maxSpan(length, point(sequential));
      }
    }
    const tasks: CpuTask[] = plan.cpu_parallel.map((m) => cpuTask(m, cpuCores, a));
    // A CPU job from start + (its start, its start + hours) within the window, as job() adds them.
    const cpuJob = (t: CpuTask, cores: readonly number[], sLo: number, sHi: number, eLo: number, eHi: number) => {
      jobs.push(new CpuJob(t, index, cores, start.lo + sLo, start.hi + sHi, start.lo + eLo, start.hi + eHi));
    };
    if (coresFrom === undefined) {
      // Every core free at the start: the schedule's points, with no range to carry.
      const p = scheduleCpu(tasks, cpuCores);
      let end = 0;
      for (let o = 0; o < p.task.length; o++) {
        const e = p.end[o]!;
        cpuJob(tasks[p.task[o]!]!, p.cores[o]!, p.start[o]!, p.start[o]!, e, e);
        end = Math.max(end, e);
      }
      if (tasks.length > 0) length = maxSpan(length, point(end));
    } else {
      const { lo: p, startHi, endHi } = scheduleCpuFrom(tasks, cpuCores, coresFrom);
      for (let o = 0; o < p.task.length; o++) {
        cpuJob(tasks[p.task[o]!]!, p.cores[o]!, p.start[o]!, startHi[o]!, p.end[o]!, endHi[o]!);
        length = maxSpan(length, { lo: p.end[o]!, hi: endHi[o]! });
      }
    }
  }
  let unscheduled: WindowTiming['unscheduled'] | undefined;
  return {
    ...base,
    end: add(start, length),
    hours: length,
    jobs,
    // Worded when read (the CLI's JSON does not read it; a 10,000-card window may leave hundreds out).
    get unscheduled() {
      return (unscheduled ??= unscheduledOf(r));
    },
    refused: null,
    together,
    coresidency,
    notes,
  };
}

/** The most cores busy at once among a window's CPU jobs. */
export function peakCores(jobs: readonly TimedJob[]): number {
  // A sweep over starts and ends (ends first at equal times: a job ending at t is not busy
  // at t): O(n log n), where comparing every job with every other took seconds at 10⁴ jobs.
  const events: [number, number][] = [];
  for (const j of jobs)
    if (j.lane.kind === 'cpu' && j.end.lo > j.start.lo)
      events.push([j.start.lo, j.lane.cores.length], [j.end.lo, -j.lane.cores.length]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let busy = 0;
  let peak = 0;
  for (const [, d] of events) {
    busy += d;
    if (d > 0) peak = Math.max(peak, busy);
  }
  return peak;
}

/** One GPU: each window starts when the one before ends, with every core free. */
function oneGpuDay(bench: Bench, plan: BenchPlan, slowdown: number, a: Assumptions): Timed[] {
  const windows: Timed[] = [];
  let t = ZERO;
  plan.windows.forEach((r, i) => {
    const w = timeWindow(r, i, t, bench.hardware, slowdown, a, bench.interference ?? null);
    windows.push(w);
    t = w.end;
  });
  return windows;
}

/** What a window spills to system RAM, GB (ram_overflow, or a split's RAM part). */
function spillOf(r: WindowResult): number {
  if (r.kind === 'overflow') return r.hint.cpu_gb;
  if (r.kind === 'split') return r.hint.cpu_gb;
  return 0;
}

/**
 * Several GPUs: see the rules at the top. Windows are placed in the order they can start;
 * each GPU keeps the day's order of its own windows; the cores are one pool.
 */
function gpusDay(bench: Bench, plan: BenchPlan, slowdown: number, a: Assumptions): Timed[] {
  const n = gpuCount(bench.hardware);
  const cores = bench.hardware.cpu_cores;
  const gpuFree: Span[] = Array<Span>(n).fill(ZERO);
  const coreFree: Span[] = Array<Span>(cores).fill(ZERO);
  const spills: { end: Span; gb: number }[] = [];
  const out: (Timed | undefined)[] = plan.windows.map(() => undefined);
  // A window's GPUs that the bench has (a refused window naming another GPU holds none).
  const held = plan.windows.map((r) => windowGpus(r.window).filter((k) => Number.isInteger(k) && k >= 0 && k < n));
  // Each GPU's windows in the day's order; a window is ready when it heads the queue of every GPU it holds.
  const queues: number[][] = Array.from({ length: n }, () => []);
  held.forEach((ks, i) => ks.forEach((k) => queues[k]!.push(i)));
  const head = Array<number>(n).fill(0);
  const loose = held.flatMap((ks, i) => (ks.length === 0 ? [i] : []));
  const startOf = (i: number): Span => {
    let s = ZERO;
    for (const k of held[i]!) s = maxSpan(s, gpuFree[k]!);
    const need = spillOf(plan.windows[i]!);
    if (need > 0) {
      // Wait (earliest-ending first) until the spills then running leave room in RAM.
      const running = spills.filter((x) => x.end.lo > s.lo).sort((x, y) => x.end.lo - y.end.lo);
      let used = running.reduce((u, x) => u + x.gb, 0);
      for (const x of running) {
        if (used + need <= bench.hardware.ram_gb) break;
        s = maxSpan(s, x.end);
        used -= x.gb;
      }
    }
    return s;
  };
  for (let placed = 0; placed < plan.windows.length; placed++) {
    // The ready window that can start first goes (ties: the day's order).
    let best = loose.shift() ?? -1;
    let bestStart = ZERO;
    if (best < 0) {
      for (let k = 0; k < n; k++) {
        const i = queues[k]![head[k]!];
        if (i === undefined || i === best) continue;
        if (!held[i]!.every((g) => queues[g]![head[g]!] === i)) continue;
        const s = startOf(i);
        if (best < 0 || s.lo < bestStart.lo || (s.lo === bestStart.lo && i < best)) {
          best = i;
          bestStart = s;
        }
      }
    }
    for (const k of held[best]!) head[k]!++;
    const r = plan.windows[best]!;
    const from = coreFree.map((f) => ({ lo: Math.max(0, f.lo - bestStart.lo), hi: Math.max(0, f.hi - bestStart.hi) }));
    const w = timeWindow(r, best, bestStart, bench.hardware, slowdown, a, bench.interference ?? null, from);
    out[best] = w;
    for (const k of held[best]!) gpuFree[k] = w.end;
    for (const j of w.jobs)
      if (j.lane.kind === 'cpu') for (const c of j.lane.cores) coreFree[c] = maxSpan(coreFree[c]!, j.end);
    const need = spillOf(r);
    if (need > 0) spills.push({ end: w.end, gb: need });
  }
  return out.map((w) => w!);
}

/**
 * A window's jobs in the order they start (ties: as listed): the list itself when it is in that
 * order already, as a window's jobs mostly are (a list schedule starts its jobs in the order it
 * places them).
 */
function byStart(jobs: readonly DayJob[]): readonly DayJob[] {
  for (let i = 1; i < jobs.length; i++)
    if (jobs[i]!.start.lo < jobs[i - 1]!.start.lo) return [...jobs].sort((x, y) => x.start.lo - y.start.lo);
  return jobs;
}

/** The waiting bench: each window's jobs (in the order given) alone, one after another. */
function aloneDay(orders: readonly (readonly DayJob[])[]): TimedJob[] {
  const out: TimedJob[] = [];
  let wt = ZERO;
  for (const order of orders)
    for (const j of order) {
      const end = add(wt, j.aloneHours);
      out.push(new AloneJob(j, wt, end));
      wt = end;
    }
  return out;
}

/** Time a planned bench. `plan` must be `planBench(bench)` (or an equal replan). */
export function timeDay(bench: Bench, plan: BenchPlan): DayTiming {
  const a = new Assumptions();
  const slowdown = bench.coresidency_slowdown ?? DEFAULT_CORESIDENCY_SLOWDOWN;
  const windows =
    gpuCount(bench.hardware) === 1 ? oneGpuDay(bench, plan, slowdown, a) : gpusDay(bench, plan, slowdown, a);
  let t = ZERO;
  for (const w of windows) t = maxSpan(t, w.end);
  // A card that runs in more than one window is more than one job: each job says so (its card's
  // record counts them), and the day says it once, in the order the day's windows first run the
  // cards (window by window, job by job).
  const runWords = new Map<string, GroupWords>();
  for (const w of windows)
    for (let i = 0; i < w.jobs.length; i++) {
      const j = w.jobs[i]!;
      const c = j.card;
      if (c.windows.length === 1 || c.said) continue;
      c.said = true;
      // Its windows in the day's order (a day of several GPUs times them in the order they start).
      const ws = c.windows.sort((x, y) => x - y).map((k) => windows[k]!.name);
      const key = `runs\u0000${ws.join('\u0000')}`;
      let words = runWords.get(key);
      if (words === undefined) {
        const times = `${ws.length} times, once in each of the windows ${listNames(ws.map((x) => `“${x}”`))}`;
        words = {
          one: (card) => `${card} runs ${times}: ${ws.length} jobs, each counted`,
          many: (names) =>
            `${names.length} cards run ${times} (${listNames(names)}): ${ws.length} jobs each, each counted`,
        };
        runWords.set(key, words);
      }
      a.addCard(key, j.name, j.name, words);
    }
  // Alone, in the order the planned day starts them; the jobs are made when read (the CLI's
  // JSON reads only the total), added up in the same order either way.
  const orders = windows.map((w) => byStart(w.jobs));
  let lo = 0;
  let hi = 0;
  for (const order of orders)
    for (let i = 0; i < order.length; i++) {
      const j = order[i]!;
      lo += j.aloneHours.lo;
      hi += j.aloneHours.hi;
    }
  const wt: Span = { lo, hi };
  let waitingJobs: TimedJob[] | undefined;
  const planned = t;
  const waiting = wt;
  // The overflow range enters both days alike: the ends pair up (3× with 3×, 5× with 5×; or the
  // bandwidth estimate's low end with its low end).
  const saved = { lo: waiting.lo - planned.lo, hi: waiting.hi - planned.hi };
  const pct = (s: number, w: number) => (w > 0 ? (s / w) * 100 : 0);
  const p1 = pct(saved.lo, waiting.lo);
  const p2 = pct(saved.hi, waiting.hi);
  for (const w of windows) {
    if (w.coresidency?.kind === 'calibration') a.add(`co-resident models of “${w.name}” ${w.coresidency.text}`);
  }
  const allCalibrated = windows.every((w) => w.coresidency === null || w.coresidency.kind === 'calibration');
  const anyCalibrated = windows.some((w) => w.coresidency?.kind === 'calibration');
  if (slowdown !== DEFAULT_CORESIDENCY_SLOWDOWN && !(anyCalibrated && allCalibrated)) {
    a.add(`co-resident models run ${formatHours(slowdown)}× slower while they share the GPU (co-residency slowdown)`);
  } else if (windows.some((w) => w.coresidency?.kind === 'single')) {
    // The default is an assumption too, and the one a shared window's saving rests on.
    a.add(
      `co-resident models run no slower while they share the GPU: no co-residency slowdown ` +
        `(${formatHours(DEFAULT_CORESIDENCY_SLOWDOWN)}×, the default; a measured coresidency_slowdown changes it)`,
    );
  }
  let basis: HoursBasis | undefined;
  return {
    windows,
    get waitingJobs() {
      return (waitingJobs ??= aloneDay(orders));
    },
    planned,
    waiting,
    saved: { lo: Math.min(saved.lo, saved.hi), hi: Math.max(saved.lo, saved.hi) },
    savedPercent: { lo: Math.min(p1, p2), hi: Math.max(p1, p2) },
    assumptions: a.list,
    coresidencySlowdown: slowdown,
    gpuCount: gpuCount(bench.hardware),
    // Counted when read (the CLI's JSON does not read it).
    get basis() {
      return (basis ??= hoursBasis(bench, windows));
    },
  };
}

/** How the waiting bench runs on a bench of several GPUs, as the headline says it. */
const ONE_GPU_AT_A_TIME = 'one job at a time on one GPU at a time';

/** The day's savings as a newcomer reads them: one figure first, then what it rests on. */
export interface SavingsHeadline {
  /** The one figure: "4.5 h saved" (a range only when the saving itself is one). */
  readonly saved: string;
  /** Beside it, the share of the waiting bench: "14–31% of the day". */
  readonly share: string;
  /** The two days: "Planned: 9.79–27.16 h instead of 14.29–31.66 h one after another." */
  readonly days: string;
  /** Why the hours are ranges, on one line; null when every figure is a point. */
  readonly why: string | null;
  /** The hours it rests on: the cards' own, or what is assumed. */
  readonly basis: string;
}

/** Jobs whose hours are a range, named in the headline's reason before "and N more". */
const RANGE_NAMED = 2;

/** "Why a range: big_folder spills to RAM and takes 2.79–20.16 h: 2.79× if …, 20.16× if …." */
function rangeReason(d: DayTiming): string | null {
  const ranged = d.waitingJobs.filter((j) => j.hours.lo < j.hours.hi);
  if (ranged.length === 0) return null;
  const one = (j: TimedJob) =>
    `${j.name} takes ${formatSpan(j.hours)}` + (j.rangeWhy === undefined ? '' : `: ${j.rangeWhy}`);
  const named = ranged.slice(0, RANGE_NAMED).map(one);
  const more = ranged.length - named.length;
  return (
    `Why a range: ${named.join('; ')}` +
    (more > 0 ? `; and ${plural(more, 'more job')} ${more === 1 ? 'takes' : 'take'} a range.` : '.')
  );
}

/** What the hours rest on, as a sentence of its own (the headline's last line). */
function hoursBasisSentence(b: HoursBasis): string {
  const { jobs, withoutHours, cpuAssumed } = b;
  const cpu =
    cpuAssumed === 0
      ? ''
      : `${cpuAssumed === 1 ? 'the job that falls' : `the ${cpuAssumed} jobs that fall`} back to the CPU ` +
        `${cpuAssumed === 1 ? 'takes' : 'take'} as long there as on the GPU`;
  if (jobs > 0 && withoutHours === jobs)
    return (
      `No card gives its hours, so these are not hours: each of the ${plural(jobs, 'job')} is assumed to take ` +
      `${formatHours(DEFAULT_HOURS)} h${cpu === '' ? '' : `, and ${cpu}`}.`
    );
  const parts: string[] = [];
  if (withoutHours > 0)
    parts.push(
      `${withoutHours === 1 ? 'the job' : `the ${withoutHours} jobs`} without hours ` +
        `${withoutHours === 1 ? 'takes' : 'take'} ${formatHours(DEFAULT_HOURS)} h${withoutHours === 1 ? '' : ' each'}`,
    );
  if (cpu !== '') parts.push(cpu);
  return parts.length === 0 ? 'From the cards’ hours.' : `Assumed: ${parts.join('; ')}.`;
}

/**
 * The headline in one line, for reports and the CLI: its parts in the page's order ("4.5 h saved
 * (14–31% of the day). Planned: … Why a range: … From the cards’ hours."), except that a day
 * whose cards give no hours says so before any figure.
 */
export function savingsSentence(d: DayTiming): string {
  const h = savingsHeadline(d);
  const figures = [`${h.saved} (${h.share}).`, h.days, h.why];
  const parts =
    d.basis.jobs > 0 && d.basis.withoutHours === d.basis.jobs ? [h.basis, ...figures] : [...figures, h.basis];
  return parts.filter((p): p is string => p !== null).join(' ');
}

/** The headline's parts (the page draws them; `savingsSentence` is the one-line form for reports). */
export function savingsHeadline(d: DayTiming): SavingsHeadline {
  const pct = formatSpan({ lo: Math.round(d.savedPercent.lo), hi: Math.round(d.savedPercent.hi) }, '%');
  // With no card's hours, each job counts 1 h: the figure says so where it stands, not only below.
  const assumed = d.basis.jobs > 0 && d.basis.withoutHours === d.basis.jobs;
  return {
    saved: `${formatSpan(d.saved)} saved${assumed ? ` at ${formatHours(DEFAULT_HOURS)} h a job` : ''}`,
    share: `${pct} of the day`,
    days: `Planned: ${formatSpan(d.planned)} instead of ${formatSpan(d.waiting)} one after another${d.gpuCount > 1 ? `, ${ONE_GPU_AT_A_TIME}` : ''}.`,
    why: rangeReason(d),
    basis: hoursBasisSentence(d.basis),
  };
}
