/**
 * Suggest a day: from the cards alone, windows and their order that shorten the planned
 * day. A few structured candidate days are built, each is planned with nvinx's patterns
 * and timed, and the shortest wins (ties: fewer windows). The rules (also in docs/timing.md):
 *
 * 1. Every GPU_EXCLUSIVE card that fits the card's VRAM gets a serial_handoff window,
 *    longest first.
 * 2. CPU work (CPU_ONLY cards, and cards sent to the CPU) is spread over those windows
 *    longest job first, each to the window with the most idle core-hours left — so the
 *    longest GPU-exclusive window takes the most CPU work. Without such a window, CPU
 *    work joins the first co-residency window (or a window of its own).
 * 3. GPU_SHARED cards are packed first-fit by descending VRAM into co-residency windows
 *    of the budget (VRAM − 0.5 GB headroom). Candidate "more windows": every bin is a
 *    further window. Candidate "fall back": cards past the first bin that support CPU
 *    fallback run on the CPU instead. The shorter day wins — a further window beats the
 *    CPU when that finishes sooner, and the other way round.
 * 4. Every GPU_RAM_OVERFLOW card that nvinx can split gets a ram_overflow window.
 * 5. The day composed by the composing rules (docs/patterns.md) is a candidate too, so a suggestion
 *    is never longer than the composed day.
 * Cards none of the windows can run are listed with the reason.
 */
import { composeWindows, planBench, windowCardNames, type UnplacedCard } from './day';
import { ramOverflow } from './patterns';
import { formatRepr } from './pyformat';
import { DEFAULT_HOURS, formatSpan, timeDay, type Span } from './timing';
import { plural } from './words';
import { DEFAULT_HEADROOM_GB, PlanRefusal, type Bench, type ModelCard, type WindowSpec } from './types';

export interface DaySuggestion {
  readonly windows: readonly WindowSpec[];
  readonly unplaced: readonly UnplacedCard[];
  /** The chosen candidate's planned day, and why it was chosen, in words. */
  readonly planned: Span;
  readonly reasons: readonly string[];
}

interface Candidate {
  readonly label: string;
  readonly windows: WindowSpec[];
  readonly unplaced: UnplacedCard[];
}

const hoursOf = (m: ModelCard) => m.hours ?? DEFAULT_HOURS;
const cpuHoursOf = (m: ModelCard) => (m.residency === 'CPU_ONLY' ? hoursOf(m) : (m.cpu_hours ?? hoursOf(m)));

/** First-fit decreasing into bins of `budget`, summing in the order pattern B sums. */
function pack(cards: readonly ModelCard[], budget: number): ModelCard[][] {
  const sorted = [...cards].sort((a, b) => b.vram_gb - a.vram_gb);
  const bins: { cards: ModelCard[]; used: number }[] = [];
  for (const c of sorted) {
    const bin = bins.find((b) => b.used + c.vram_gb <= budget);
    if (bin === undefined) bins.push({ cards: [c], used: c.vram_gb });
    else {
      bin.cards.push(c);
      bin.used += c.vram_gb;
    }
  }
  return bins.map((b) => b.cards);
}

function build(bench: Bench, fallBack: boolean): Candidate {
  const hw = bench.hardware;
  const budget = hw.vram_gb - DEFAULT_HEADROOM_GB;
  const unplaced: UnplacedCard[] = [];
  const exclusive = bench.models
    .filter((m) => m.residency === 'GPU_EXCLUSIVE' && m.vram_gb <= hw.vram_gb)
    .sort((a, b) => hoursOf(b) - hoursOf(a));
  const cpuWork: ModelCard[] = bench.models.filter((m) => m.residency === 'CPU_ONLY');
  for (const m of bench.models.filter((c) => c.residency === 'GPU_EXCLUSIVE' && c.vram_gb > hw.vram_gb)) {
    if (m.cpu_fallback_supported) cpuWork.push(m);
    else
      unplaced.push({
        name: m.name,
        reason: `${m.name} needs ${formatRepr(m.vram_gb)} GB of VRAM; the card has ${formatRepr(hw.vram_gb)} GB, and it has no CPU fallback`,
      });
  }
  const shared: ModelCard[] = [];
  for (const m of bench.models.filter((c) => c.residency === 'GPU_SHARED')) {
    if (budget > 0 && m.vram_gb <= budget) shared.push(m);
    else if (m.cpu_fallback_supported) cpuWork.push(m);
    else
      unplaced.push({
        name: m.name,
        reason: `${m.name} needs ${formatRepr(m.vram_gb)} GB; the VRAM budget is ${formatRepr(budget)} GB, and it has no CPU fallback`,
      });
  }
  let bins = pack(shared, budget);
  if (fallBack && bins.length > 1) {
    const rest = bins.slice(1).flat();
    cpuWork.push(...rest.filter((m) => m.cpu_fallback_supported));
    bins = [
      bins[0]!,
      ...pack(
        rest.filter((m) => !m.cpu_fallback_supported),
        budget,
      ),
    ];
  }
  const windows: WindowSpec[] = [];
  const handoffs = exclusive.map((job) => ({ job, cpu: [] as ModelCard[], load: 0 }));
  const stacks = bins.map((cards) => ({ cards, cpu: [] as ModelCard[] }));
  const cpuSorted = [...cpuWork].sort((a, b) => cpuHoursOf(b) - cpuHoursOf(a));
  for (const m of cpuSorted) {
    if (handoffs.length > 0) {
      // The window with the most idle core-hours left takes the job.
      const idle = (h: (typeof handoffs)[number]) => hoursOf(h.job) * hw.cpu_cores - h.load;
      const best = handoffs.reduce((a, b) => (idle(b) > idle(a) ? b : a));
      best.cpu.push(m);
      best.load += cpuHoursOf(m) * Math.min(m.cores ?? 1, hw.cpu_cores);
    } else if (stacks.length > 0) stacks[0]!.cpu.push(m);
    else stacks.push({ cards: [], cpu: [m] });
  }
  for (const h of handoffs) {
    windows.push({
      name: `exclusive: ${h.job.name}`,
      pattern: 'serial_handoff',
      gpu_job: h.job.name,
      candidates: h.cpu.map((m) => m.name),
    });
  }
  stacks.forEach((s, i) => {
    windows.push({
      name: stacks.length === 1 ? 'co-resident stack' : `co-resident stack ${i + 1}`,
      pattern: 'fractional_coresidency',
      candidates: [...s.cards, ...s.cpu].map((m) => m.name),
      headroom_gb: DEFAULT_HEADROOM_GB,
    });
  });
  for (const m of bench.models.filter((c) => c.residency === 'GPU_RAM_OVERFLOW')) {
    try {
      ramOverflow(m, hw, DEFAULT_HEADROOM_GB);
      windows.push({
        name: `overflow: ${m.name}`,
        pattern: 'ram_overflow',
        model: m.name,
        headroom_gb: DEFAULT_HEADROOM_GB,
      });
    } catch (e) {
      if (!(e instanceof PlanRefusal)) throw e;
      unplaced.push({ name: m.name, reason: `${e.message}. ${e.fix}` });
    }
  }
  return {
    label: fallBack
      ? 'co-resident models that do not fit fall back to the CPU'
      : 'every co-resident model stays on the GPU',
    windows,
    unplaced,
  };
}

function evaluate(bench: Bench, c: Candidate): Span {
  const b: Bench = { ...bench, windows: c.windows };
  return timeDay(b, planBench(b)).planned;
}

/** Suggest the day's windows from the cards. */
export function suggestDay(bench: Bench): DaySuggestion {
  const composed = composeWindows(bench);
  const candidates: Candidate[] = [
    build(bench, false),
    build(bench, true),
    { label: 'the composing rules', windows: [...composed.windows], unplaced: [...composed.unplaced] },
  ];
  const scored = candidates.map((c) => ({ c, t: evaluate(bench, c) }));
  const best = scored.reduce((a, b) =>
    b.t.hi < a.t.hi - 1e-9 ||
    (Math.abs(b.t.hi - a.t.hi) <= 1e-9 &&
      (b.t.lo < a.t.lo - 1e-9 || (Math.abs(b.t.lo - a.t.lo) <= 1e-9 && b.c.windows.length < a.c.windows.length)))
      ? b
      : a,
  );
  const reasons = [
    `Chosen: ${best.c.label} — a planned day of ${formatSpan(best.t)}.`,
    ...scored
      .filter((s) => s !== best)
      .map((s) => `Considered: ${s.c.label} — ${formatSpan(s.t)}, ${plural(s.c.windows.length, 'window')}.`),
  ];
  const named = new Set(best.c.windows.flatMap(windowCardNames));
  const unplaced = best.c.unplaced.filter((u) => !named.has(u.name));
  return { windows: best.c.windows, unplaced, planned: best.t, reasons };
}
