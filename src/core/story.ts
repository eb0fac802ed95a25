/**
 * "Why this plan": each window's decision in plain words and the bench's own numbers —
 * what holds the GPU, what shares it, what spills and what that costs, what the CPU does
 * meanwhile — built from the patterns' decisions and the timing.
 */
import { gpuCount, gpuHardware, gpuLabel, windowGpus } from './bench-gpus';
import { windowCardNames, type BenchPlan } from './day';
import { gpusWithNoWindow } from './bench-check';
import { splitSlowdown } from './split';
import { formatTimes, hintSlowdown } from './overflow-time';
import { gb } from './pyformat';
import { DEFAULT_HOURS } from './defaults';
import {
  formatHours,
  formatSpan,
  peakCores,
  savingsHeadline,
  type DayTiming,
  type SavingsHeadline,
  type WindowTiming,
} from './timing';
import { OVERFLOW_SLOWDOWN, type Bench, type ModelCard } from './types';
import { listNames, plural } from './words';

export interface WindowStory {
  readonly index: number;
  readonly title: string;
  readonly sentences: readonly string[];
}

/** Long lists name the first few and count the rest. */
const LISTED = 12;
const list = (items: readonly string[]) => listNames(items, LISTED);
/** `list` of each item's words, made only for the items it shows (a window of 1,600 jobs words 12). */
function listOf<T>(items: readonly T[], words: (x: T) => string): string {
  const shown = items.slice(0, LISTED).map(words);
  return list(items.length > LISTED ? shown.concat(new Array<string>(items.length - LISTED).fill('')) : shown);
}

const capitalize = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

function cpuSentence(w: WindowTiming, bench: Bench, gpuEnd: number | null): string {
  const cpu = w.jobs.filter((j) => j.lane.kind === 'cpu');
  const cores = bench.hardware.cpu_cores;
  if (cpu.length === 0) {
    return gpuEnd === null || gpuEnd === 0
      ? 'Nothing runs on the CPU meanwhile.'
      : `Nothing runs on the CPU meanwhile: its ${plural(cores, 'core')} idle for ${formatHours(gpuEnd)} h. ` +
          'CPU_ONLY cards, or cards with CPU fallback, could use them.';
  }
  const parts = listOf(cpu, (j) => {
    const n = j.lane.kind === 'cpu' ? j.lane.cores.length : 1;
    return `${j.name} (${formatSpan(j.hours)}, ${plural(n, 'core')})`;
  });
  const end = Math.max(...cpu.map((j) => j.end.lo)) - w.start.lo;
  let tail = '';
  if (gpuEnd !== null && gpuEnd > 0) {
    const diff = gpuEnd - end;
    tail =
      Math.abs(diff) < 1e-9
        ? ' It finishes with the GPU work.'
        : diff > 0
          ? ` It is done ${formatHours(diff)} h before the GPU work — free time, not waiting.`
          : ` It runs ${formatHours(-diff)} h past the GPU work, so the window lasts ${formatHours(end)} h.`;
  }
  return `Meanwhile the CPU runs ${parts}: at most ${peakCores(w.jobs)} of ${plural(cores, 'core')} busy at once.${tail}`;
}

function unscheduledSentences(w: WindowTiming): string[] {
  const out = w.unscheduled.slice(0, LISTED).map((u) => `${u.name} cannot run in this window: ${u.reason}.`);
  const more = w.unscheduled.length - LISTED;
  if (more > 0) out.push(`${more} more cannot run in this window (the window's panel lists them all).`);
  return out;
}

/** One story per window, in the day's order. */
/** "It runs 3–5× slower from RAM" (nvinx's figure), or with the hardware card's bandwidth estimate. */
function slowerFromRam(e: ReturnType<typeof hintSlowdown>): string {
  if (e === null) return `It runs ${OVERFLOW_SLOWDOWN.words} slower from RAM`;
  const times = e.lo === e.hi ? formatTimes(e.lo) : `${formatTimes(e.lo)}–${formatTimes(e.hi)}`;
  return `It runs ${times} slower from RAM (by the hardware card's bandwidths; nvinx states ${OVERFLOW_SLOWDOWN.words})`;
}

export function whyThisPlan(bench: Bench, plan: BenchPlan, timing: DayTiming): WindowStory[] {
  const several = gpuCount(bench.hardware) > 1;
  return plan.windows.map((r, i) => {
    const w = timing.windows[i]!;
    const gpus = windowGpus(r.window);
    // The window's own GPU's HardwareSpec (a one-GPU bench: the hardware card).
    const hw = gpuHardware(bench.hardware, gpus[0] ?? 0) ?? bench.hardware;
    const on = several ? ` on ${gpus.map((k) => gpuLabel(bench.hardware, k)).join(' + ')}` : '';
    const title = `${i + 1}. ${r.window.name} (${r.pattern}${on}), ${formatSpan(w.hours)}`;
    const s: string[] = [];
    if (r.kind === 'refused') {
      s.push(`Refused: ${r.error.message}. Nothing runs in this window.`, `What would fix it: ${r.error.fix}`);
      return { index: i, title, sentences: s };
    }
    const gpuJobs = w.jobs.filter((j) => j.lane.kind === 'gpu');
    const gpuEnd = gpuJobs.length === 0 ? null : Math.max(...gpuJobs.map((j) => j.end.lo)) - w.start.lo;
    if (r.kind === 'split') {
      const h = r.hint;
      const job = gpuJobs[0]!;
      const est = splitSlowdown(h, bench.hardware);
      s.push(
        `${h.model.name} needs ${gb(h.total_gb)} GB; no one GPU holds it, so its weights fill ` +
          list(
            h.parts.map(
              (p) =>
                `GPU ${p.gpu} with ${gb(p.gb)} of its ${gb(p.cap_gb)} GB (VRAM − ${gb(h.headroom_gb)} GB headroom)`,
            ),
          ) +
          (h.cpu_gb > 0
            ? ` and ${gb(h.cpu_gb)} GB spills to system RAM (of ${gb(bench.hardware.ram_gb)} GB).`
            : '; nothing spills to RAM.'),
        `It holds ${plural(h.parts.length, 'GPU')} for ${formatSpan(job.hours)}: ${est.basis}.`,
      );
      s.push(cpuSentence(w, bench, gpuEnd));
      return { index: i, title, sentences: s };
    }
    if (r.kind === 'overflow') {
      const h = r.hint;
      const job = gpuJobs[0]!;
      s.push(
        `${h.model.name} needs ${gb(h.model.ram_gb_needed ?? 0)} GB; the card has ${gb(hw.vram_gb)} GB. ` +
          `${gb(h.gpu_gb)} GB stays in VRAM (${gb(hw.vram_gb)} − ${gb(h.headroom_gb)} GB headroom) and ` +
          `${gb(h.cpu_gb)} GB spills to system RAM (of ${gb(hw.ram_gb)} GB), with max_memory=` +
          `{0: "${h.max_memory['0']}", "cpu": "${h.max_memory.cpu}"}.`,
        `${slowerFromRam(hintSlowdown(h, hw))}: ${formatSpan(job.hours)} instead of ${formatHours(h.model.hours ?? DEFAULT_HOURS)} h on a card it fits — ` +
          'slower, but it runs at all on this card.',
      );
      return { index: i, title, sentences: s };
    }
    const p = r.plan;
    if (p.gpu_foreground !== null) {
      const fg = p.gpu_foreground;
      s.push(
        `${fg.name} holds the GPU for ${formatSpan(gpuJobs[0]!.hours)} (${gb(fg.vram_gb)} of ${gb(hw.vram_gb)} GB); ` +
          'as GPU_EXCLUSIVE, nothing else shares the card.',
      );
      s.push(cpuSentence(w, bench, gpuEnd));
    } else {
      const co = p.gpu_coresident;
      if (co.length === 0) s.push('No model is packed onto the GPU in this window.');
      else {
        const sizes = listOf(co, (m: ModelCard) => `${m.name} (${gb(m.vram_gb)} GB)`);
        const used = p.used_gb ?? 0;
        const budget = p.budget_gb ?? hw.vram_gb;
        const seq = gpuJobs.reduce((t, j) => t + j.aloneHours.lo, 0);
        s.push(
          `${sizes} ${co.length === 1 ? 'has' : 'share'} the GPU: ${gb(used)} of a ${gb(budget)} GB budget ` +
            `(${gb(hw.vram_gb)} GB − ${gb(p.headroom_gb ?? 0)} GB headroom).`,
        );
        if (co.length > 1) {
          const basis = w.coresidency;
          const calibrated = basis?.kind === 'calibration' ? basis.factors : null;
          s.push(
            w.together === true
              ? `Together they take ${formatHours(gpuEnd ?? 0)} h instead of ${formatHours(seq)} h one after another` +
                  (calibrated !== null
                    ? ` (slowdowns predicted from nvinx 0.3's calibration: ${calibrated
                        .map((f) => `${f.name} ${formatHours(f.factor)}×`)
                        .join(', ')}).`
                    : timing.coresidencySlowdown === 1
                      ? '.'
                      : ` (with the ${formatHours(timing.coresidencySlowdown)}× co-residency slowdown).`)
              : `${capitalize(w.notes.find((n) => n.startsWith('with ')) ?? '')}.`,
          );
          // A calibration that could not time this window: say why the single slowdown was used.
          if (bench.interference !== undefined && basis?.kind === 'single') s.push(`${capitalize(basis.text)}.`);
        }
      }
      const fell = p.cpu_parallel.filter((m) => m.residency !== 'CPU_ONLY');
      if (fell.length > 0) {
        s.push(
          `${listOf(fell, (m) => `${m.name} (${gb(m.vram_gb)} GB)`)} did not fit what was left of the budget, ` +
            `so ${fell.length === 1 ? 'it falls' : 'they fall'} back to the CPU.`,
        );
      }
      s.push(cpuSentence(w, bench, gpuEnd));
    }
    s.push(...unscheduledSentences(w));
    return { index: i, title, sentences: s };
  });
}

/**
 * What does not run in the day: each refused window, each card a window cannot run, each card in
 * no window, each GPU no window runs on.
 */
export interface NotRun {
  /** Cards of the bench that run in no window at all (a card a window cannot run may run in another). */
  readonly cards: number;
  /** One line each, in the day's order: refused windows, cards a window cannot run, cards in no window, idle GPUs. */
  readonly lines: readonly string[];
  /** True when the bench's own windows leave a card or a GPU out (Suggest windows would place them). */
  readonly leftOut: boolean;
}

export function notRun(bench: Bench, plan: BenchPlan, day: DayTiming): NotRun {
  const ran = new Set<string>();
  for (const j of day.waitingJobs) ran.add(j.name);
  const lines: string[] = [];
  plan.windows.forEach((r, i) => {
    const w = day.windows[i]!;
    if (w.refused !== null) {
      const cards = windowCardNames(r.window).filter((n) => !ran.has(n));
      lines.push(
        `Window ${w.name} refused: ${w.refused}` +
          (cards.length === 0 ? '.' : `; so ${listNames(cards, 6)} ${cards.length === 1 ? 'does' : 'do'} not run.`),
      );
    }
    // A composed day's card a later stack runs: its reason already says where.
    for (const u of w.unscheduled)
      lines.push(
        `In window ${w.name}: ${u.reason}` +
          `${ran.has(u.name) && u.runsIn === undefined ? ` (${u.name} runs in another window)` : ''}.`,
      );
  });
  for (const u of plan.unplaced) lines.push(`${u.reason}.`);
  const idle = gpusWithNoWindow({ hardware: bench.hardware, windows: bench.windows });
  for (const k of idle) lines.push(`${gpuLabel(bench.hardware, k)} runs no window of the day: it is idle all day.`);
  let cards = 0;
  for (const m of bench.models) if (!ran.has(m.name)) cards++;
  return { cards, lines, leftOut: idle.length > 0 || (!plan.composed && plan.unplaced.length > 0) };
}

/** The day's headline: the savings' parts and, when some cards do not run, how many. */
export interface DayHeadline extends SavingsHeadline {
  /** "2 of 7 cards do not run in this day (listed below): the hours are the 5 that run." */
  readonly notRun: string | null;
  /** Every part as one text (the chart's label, a screen reader's summary). */
  readonly sentence: string;
}

/**
 * The day's headline: the hours saved as one figure, the two days beside it, why they are
 * ranges, what they rest on, and — when some cards do not run — how many, so "saved 93%" is
 * never read as the whole bench's saving.
 */
export function dayHeadline(bench: Bench, day: DayTiming, notRunCards: number): DayHeadline {
  const h = savingsHeadline(day);
  const total = bench.models.length;
  const notRun =
    notRunCards === 0
      ? null
      : `${notRunCards} of ${plural(total, 'card')} ${notRunCards === 1 ? 'does' : 'do'} not run in this day ` +
        `(listed below): these hours are the ${total - notRunCards} that run.`;
  const sentence = [`${h.saved} (${h.share}).`, h.days, h.why, h.basis, notRun].filter((x) => x !== null).join(' ');
  return { ...h, notRun, sentence };
}

/** A day as the suggestion compares days: cards run, its planned span, its windows. */
export interface DayScore {
  readonly runs: number;
  readonly planned: { readonly lo: number; readonly hi: number };
  readonly windows: number;
}

/**
 * Whether a suggested day is better than yours in the suggestion's own order: more cards run;
 * then a shorter day (its long end, then its short end); then fewer windows. Equal on all three
 * (within float noise), it is not: there is nothing to take.
 */
export function improvesOn(suggested: DayScore, yours: DayScore): boolean {
  const eps = 1e-9;
  if (suggested.runs !== yours.runs) return suggested.runs > yours.runs;
  if (Math.abs(suggested.planned.hi - yours.planned.hi) > eps) return suggested.planned.hi < yours.planned.hi;
  if (Math.abs(suggested.planned.lo - yours.planned.lo) > eps) return suggested.planned.lo < yours.planned.lo;
  return suggested.windows < yours.windows;
}

/**
 * What a card in no window needs that no candidate list gives: a GPU_EXCLUSIVE card runs only as
 * a serial_handoff's GPU job and a GPU_RAM_OVERFLOW card only in a ram_overflow window, each a
 * window of its own (null: a candidate list may run it).
 */
export function needsOwnWindow(card: ModelCard): string | null {
  if (card.residency === 'GPU_EXCLUSIVE')
    return `${card.name} is GPU_EXCLUSIVE: it runs only as the GPU job of a serial_handoff window of its own, which no window here gives it.`;
  if (card.residency === 'GPU_RAM_OVERFLOW')
    return `${card.name} is GPU_RAM_OVERFLOW: it runs only in a ram_overflow window of its own, which no window here gives it.`;
  return null;
}

/**
 * What adding `name` to window `windowName` did, in the plans before and after: whether it runs
 * there (and if not, why), and which cards that ran no longer do.
 */
export function placedWords(
  name: string,
  windowName: string,
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): string {
  const self = after.get(name);
  const runs =
    self === undefined
      ? `Added ${name} to ${windowName}.`
      : `Added ${name} to ${windowName}, but it does not run there: ${self}.`;
  let others = '';
  for (const [n, why] of after) if (n !== name && !before.has(n)) others += ` ${n} no longer runs: ${why}.`;
  return `${runs}${others} Undo takes it back.`;
}
