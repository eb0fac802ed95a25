/**
 * The day's windows: run each window's pattern over the bench's cards, and compose
 * windows for a bench that has none (nvinx README, "Which pattern do I need?").
 */
import { fractionalCoresidencyV2, type InterferenceReport } from './interference';
import type { Calibration } from './types';
import { gpuHardware, gpuCount, gpusOf } from './bench-gpus';
import { fractionalCoresidency, ramOverflow, serialHandoff } from './patterns';
import { multiGpuSplit, splitSlowdown, splitTotal } from './split';
import { DEFAULT_HOURS } from './defaults';
import { overflowHours } from './overflow-time';
import { formatRepr } from './pyformat';
import {
  DEFAULT_HEADROOM_GB,
  PlanRefusal,
  type Bench,
  type Decision,
  type ModelCard,
  type Hardware,
  type OverflowHint,
  type SchedulingPlan,
  type SplitHint,
  type WindowPattern,
  type WindowSpec,
} from './types';

interface WindowError {
  readonly code: string;
  readonly message: string;
  readonly fix: string;
}

/** One window's answer: a plan (patterns A and B), an overflow hint (C), or a refusal. */
export type WindowResult =
  | {
      readonly kind: 'plan';
      readonly window: WindowSpec;
      readonly pattern: 'serial_handoff' | 'fractional_coresidency';
      readonly plan: SchedulingPlan;
      /** fractional_coresidency with a calibration: nvinx 0.3's pair predictions (the notes carry them too). */
      readonly interference?: InterferenceReport;
    }
  | {
      readonly kind: 'overflow';
      readonly window: WindowSpec;
      readonly pattern: 'ram_overflow';
      readonly hint: OverflowHint;
    }
  | {
      readonly kind: 'split';
      readonly window: WindowSpec;
      readonly pattern: 'multi_gpu_split';
      readonly hint: SplitHint;
    }
  | {
      readonly kind: 'refused';
      readonly window: WindowSpec;
      readonly pattern: WindowPattern;
      readonly error: WindowError;
    };

export interface UnplacedCard {
  readonly name: string;
  readonly reason: string;
}

export interface BenchPlan {
  /** True when the bench had no windows and the core composed them. */
  readonly composed: boolean;
  readonly windows: readonly WindowResult[];
  /** Cards that no window runs, with why. */
  readonly unplaced: readonly UnplacedCard[];
}

/** The names a window refers to, in order (bench-check's `refPath` gives each one's path inside the window). */
export function windowCardNames(w: WindowSpec): readonly string[] {
  switch (w.pattern) {
    case 'serial_handoff':
      // concat, not a spread: a spread of thousands of names goes through the iterator protocol in cold code.
      return [w.gpu_job].concat(w.candidates);
    case 'fractional_coresidency':
      return w.candidates;
    case 'ram_overflow':
    case 'multi_gpu_split':
      return [w.model];
  }
}

function lookup(byName: ReadonlyMap<string, ModelCard>, name: string, window: string): ModelCard {
  const card = byName.get(name);
  if (card === undefined) {
    throw new PlanRefusal(
      'unknown_card',
      `window ${window} names ${name}, but no model card has that name`,
      `Add a card named ${name}, or pick another card for this window.`,
    );
  }
  return card;
}

/** The `HardwareSpec` a one-GPU window is planned on: its GPU's; a refusal for a GPU the bench lacks. */
function windowHardware(w: WindowSpec, hardware: Hardware): Hardware {
  const k = w.pattern === 'multi_gpu_split' ? 0 : (w.gpu ?? 0);
  const spec = gpuHardware(hardware, k);
  if (spec === null) {
    const n = gpuCount(hardware);
    throw new PlanRefusal(
      'unknown_gpu',
      `window ${w.name} runs on GPU ${k}, but the bench has ${n} GPU${n === 1 ? '' : 's'} (0${n === 1 ? '' : `–${n - 1}`})`,
      `Pick a GPU between 0 and ${n - 1} for this window, or add a GPU to the hardware card.`,
    );
  }
  return spec;
}

/**
 * Run one window's pattern. A refusal is an answer (error), not an exception. With a
 * calibration, a fractional_coresidency window is nvinx 0.3's `fractional_coresidency_v2`
 * (the same placement as 0.1, and the interference notes). A one-GPU window is planned on its
 * GPU's own `HardwareSpec` (`gpuHardware`): on a one-GPU bench, the hardware card itself.
 */
export function planWindow(
  w: WindowSpec,
  bench: Hardware,
  byName: ReadonlyMap<string, ModelCard>,
  calibration: Calibration | null = null,
): WindowResult {
  try {
    if (w.pattern === 'multi_gpu_split') {
      const model = lookup(byName, w.model, w.name);
      return { kind: 'split', window: w, pattern: w.pattern, hint: multiGpuSplit(model, bench, w.gpus, w.headroom_gb) };
    }
    const hardware = windowHardware(w, bench);
    switch (w.pattern) {
      case 'serial_handoff': {
        const job = lookup(byName, w.gpu_job, w.name);
        const cands = w.candidates.map((n) => lookup(byName, n, w.name));
        return { kind: 'plan', window: w, pattern: w.pattern, plan: serialHandoff(job, cands, hardware) };
      }
      case 'fractional_coresidency': {
        const cands = w.candidates.map((n) => lookup(byName, n, w.name));
        const v2 = fractionalCoresidencyV2(cands, hardware, w.headroom_gb, w.headroom_is_int === true, calibration);
        return {
          kind: 'plan',
          window: w,
          pattern: w.pattern,
          plan: v2.plan,
          ...(v2.interference === null ? {} : { interference: v2.interference }),
        };
      }
      case 'ram_overflow': {
        const model = lookup(byName, w.model, w.name);
        const hint = ramOverflow(model, hardware, w.headroom_gb);
        return { kind: 'overflow', window: w, pattern: w.pattern, hint };
      }
    }
  } catch (e) {
    if (e instanceof PlanRefusal) {
      return {
        kind: 'refused',
        window: w,
        pattern: w.pattern,
        error: { code: e.code, message: e.message, fix: e.fix },
      };
    }
    throw e;
  }
}

export interface Composition {
  /** The composed windows: the first co-resident stack names every shared card, as nvinx's composed day does. */
  readonly windows: readonly WindowSpec[];
  readonly unplaced: readonly UnplacedCard[];
  /**
   * The same windows as a bench writes them when they are made explicit (`editableWindows`): the
   * first stack leaves out the cards a later stack runs, so each card is a candidate of the window
   * that runs it (nvinx's plan of the first stack is the same without them: they were not packed),
   * and no card reads as named by two windows. The very `windows` when no later stack runs a card.
   */
  readonly written: readonly WindowSpec[];
  /** The cards the first stack leaves unscheduled that a later stack runs: name → that stack's window name. */
  readonly runsLater: ReadonlyMap<string, string>;
  /** The first co-resident stack's window (one of `windows`), when the day has one. */
  readonly stack?: WindowSpec;
}

/** A composition of these windows whose co-resident stacks are `stacks` (the first one first). */
function composition(
  windows: readonly WindowSpec[],
  stacks: readonly Stack[],
  unplaced: readonly UnplacedCard[],
): Composition {
  const runsLater = new Map<string, string>();
  for (let k = 1; k < stacks.length; k++) {
    const { window, runs } = stacks[k]!;
    for (let i = 0; i < runs.length; i++) runsLater.set(runs[i]!.name, window.name);
  }
  const stack = stacks[0]?.window;
  const at = stack === undefined ? {} : { stack };
  if (runsLater.size === 0) return { windows, unplaced, written: windows, runsLater, ...at };
  const written = windows.map((w) =>
    w === stack && w.pattern === 'fractional_coresidency'
      ? { ...w, candidates: w.candidates.filter((n) => !runsLater.has(n)) }
      : w,
  );
  return { windows, unplaced, written, runsLater, ...at };
}

/**
 * Compose the day from the cards alone:
 * 1. one serial_handoff per GPU_EXCLUSIVE card that fits the card's VRAM, in card order;
 *    the first takes every CPU-eligible card that no other window runs as candidates;
 * 2. co-resident stacks (`coresidentStacks`): one fractional_coresidency over the GPU_SHARED
 *    cards (with the CPU_ONLY cards when there is no serial_handoff window to take them), then
 *    one more over the shared cards it leaves unscheduled that fit the GPU alone, and so on;
 * 3. one ram_overflow per GPU_RAM_OVERFLOW card.
 * Cards none of these runs are reported with the reason.
 */
export function composeWindows(bench: Pick<Bench, 'hardware' | 'models'>): Composition {
  if (gpuCount(bench.hardware) > 1) return composeOnGpus(bench);
  const { hardware, models } = bench;
  const windows: WindowSpec[] = [];
  const fits = (m: ModelCard) => m.vram_gb <= hardware.vram_gb;
  const fitting = models.filter((m) => m.residency === 'GPU_EXCLUSIVE' && fits(m));
  const shared = models.filter((m) => m.residency === 'GPU_SHARED');
  // CPU_ONLY cards, and exclusive cards too big for the card that can run on the CPU.
  const cpuEligible = models.filter(
    (m) => m.residency === 'CPU_ONLY' || (m.residency === 'GPU_EXCLUSIVE' && !fits(m) && m.cpu_fallback_supported),
  );

  fitting.forEach((job, i) => {
    windows.push({
      name: `exclusive: ${job.name}`,
      pattern: 'serial_handoff',
      gpu_job: job.name,
      candidates: i === 0 ? cpuEligible.map((m) => m.name) : [],
    });
  });
  // Without a serial_handoff window, the CPU-eligible cards join the stack (in card order).
  const eligible = new Set(cpuEligible);
  const stack = fitting.length === 0 ? models.filter((m) => m.residency === 'GPU_SHARED' || eligible.has(m)) : shared;
  const fitsAlone = (m: ModelCard) => m.vram_gb <= hardware.vram_gb - DEFAULT_HEADROOM_GB;
  const stacks = coresidentStacks(stack, fitsAlone, () => ({ hw: hardware }));
  for (const st of stacks) windows.push(st.window);
  for (const m of models.filter((c) => c.residency === 'GPU_RAM_OVERFLOW')) {
    windows.push({
      name: `overflow: ${m.name}`,
      pattern: 'ram_overflow',
      model: m.name,
      headroom_gb: DEFAULT_HEADROOM_GB,
    });
  }
  return composition(
    windows,
    stacks,
    unplacedOf(models, windows, () => `the card has ${formatRepr(hardware.vram_gb)} GB`),
  );
}

/** The name of the composed day's `n`-th co-resident stack (from 1): `co-resident stack`, `co-resident stack 2`, … */
function stackName(n: number): string {
  return n === 1 ? 'co-resident stack' : `co-resident stack ${n}`;
}

/** A composed co-resident stack: its window, and the cards in it that run there (no later stack takes them). */
interface Stack {
  readonly window: WindowSpec;
  readonly runs: readonly ModelCard[];
}

/**
 * Step 2 of the composed day: co-resident stacks in turn, so that every shared card that fits
 * a GPU alone runs. The first stack is one fractional_coresidency over `first` (all the shared
 * candidates, as nvinx's own composed day has it). The GPU_SHARED cards nvinx's plan of it leaves
 * unscheduled although they fit alone (`fitsAlone`: vram_gb ≤ VRAM − headroom) are packed into
 * further stacks (`co-resident stack 2`, …) by nvinx's own rule, run on what is left in the order
 * its plan keeps them (VRAM descending, ties in card order): a card is packed when the VRAM used
 * so far plus its own is within the stack's budget. Each further stack names the cards it packs
 * (so nvinx's plan of that window, `planWindow`, packs every one of them, by the same sums) and
 * the rest go on to the next, until none are left or a stack packs none (they stay unscheduled in
 * the first). Naming only what it packs keeps the day's card names linear in the cards (each card
 * named by the first stack and at most one more) however many stacks a bench needs; the packing
 * takes O(log n) per card (`packInTurn`), not a pass over what is left per stack.
 * `place(largest, before)`: the GPU the next stack runs on (`gpu`, left out on one GPU) and that
 * GPU's `HardwareSpec`, given the largest card left and the stacks so far.
 */
function coresidentStacks(
  first: readonly ModelCard[],
  fitsAlone: (m: ModelCard) => boolean,
  place: (largest: ModelCard, before: readonly Stack[]) => { readonly gpu?: number; readonly hw: Hardware },
): Stack[] {
  if (first.length === 0) return [];
  const { gpu, hw } = place(first[0]!, []);
  let plan: SchedulingPlan;
  try {
    plan = fractionalCoresidency(first, hw, DEFAULT_HEADROOM_GB);
  } catch (e) {
    // No VRAM after headroom: the first stack's window refuses, saying why; no stack packs a card.
    if (e instanceof PlanRefusal) return [{ window: stackSpec(first, 1, gpu), runs: first }];
    throw e;
  }
  const left = plan.unscheduled.filter((m) => m.residency === 'GPU_SHARED' && fitsAlone(m));
  const moved = new Set(left);
  const out: Stack[] = [
    { window: stackSpec(first, 1, gpu), runs: moved.size === 0 ? first : first.filter((m) => !moved.has(m)) },
  ];
  const order = new Map(first.map((m, i) => [m, i] as const));
  packInTurn(
    left,
    (largest) => {
      const at = place(largest, out);
      return { budget: at.hw.vram_gb - DEFAULT_HEADROOM_GB, gpu: at.gpu };
    },
    (packed, at) => {
      packed.sort((a, b) => order.get(a)! - order.get(b)!);
      out.push({ window: stackSpec(packed, out.length + 1, at), runs: packed });
    },
  );
  return out;
}

/**
 * nvinx's packing (fractional_coresidency's: in VRAM-descending order, ties in list order, a
 * card is packed when `used + vram_gb <= budget`) run over `left` (already in that order) in
 * stack after stack until every card is packed or a stack packs none. `next(largest)`: the next
 * stack's budget and GPU given the largest card left; `emit(packed, gpu)` each stack. Each card costs a binary search over the distinct VRAM
 * figures (the sum test is monotone in the card's VRAM, so the cards that fit are a suffix) and a
 * near-constant look-up of the first group that still has cards.
 */
function packInTurn(
  left: readonly ModelCard[],
  next: (largest: ModelCard) => { readonly budget: number; readonly gpu: number | undefined },
  emit: (packed: ModelCard[], gpu: number | undefined) => void,
): void {
  const values: number[] = [];
  const groups: ModelCard[][] = [];
  for (let i = 0; i < left.length; i++) {
    const c = left[i]!;
    if (values.length > 0 && values[values.length - 1] === c.vram_gb) groups[groups.length - 1]!.push(c);
    else {
      values.push(c.vram_gb);
      groups.push([c]);
    }
  }
  const head = new Int32Array(groups.length);
  // parent[g]: g while group g has cards, else a later group (path-compressed); groups.length: none.
  const parent = Int32Array.from({ length: groups.length + 1 }, (_, g) => g);
  const live = (g: number): number => {
    let r = g;
    while (parent[r]! !== r) r = parent[r]!;
    while (parent[g]! !== r) {
      const up = parent[g]!;
      parent[g] = r;
      g = up;
    }
    return r;
  };
  let remaining = left.length;
  while (remaining > 0) {
    const g0 = live(0);
    const { budget, gpu } = next(groups[g0]![head[g0]!]!);
    const packed: ModelCard[] = [];
    let used = 0.0;
    for (;;) {
      // The first group whose VRAM fits what is used so far (exactly nvinx's test).
      let lo = 0;
      let hi = values.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (used + values[mid]! <= budget) hi = mid;
        else lo = mid + 1;
      }
      const g = live(lo);
      if (g === groups.length) break;
      const c = groups[g]![head[g]!++]!;
      if (head[g] === groups[g]!.length) parent[g] = g + 1;
      packed.push(c);
      used += c.vram_gb;
      remaining--;
    }
    if (packed.length === 0) return;
    emit(packed, gpu);
  }
}

function stackSpec(cards: readonly ModelCard[], n: number, gpu: number | undefined): WindowSpec {
  return {
    name: stackName(n),
    pattern: 'fractional_coresidency',
    candidates: cards.map((m) => m.name),
    headroom_gb: DEFAULT_HEADROOM_GB,
    ...(gpu === undefined ? {} : { gpu }),
  };
}

/** Cards that none of the composed windows runs, with why. */
/**
 * The cards no window runs, each with why. `has`: what the bench's VRAM offers the card, as a
 * phrase ("the card has 4.0 GB"; on several GPUs, their largest and whether a split could hold it).
 */
function unplacedOf(
  models: readonly ModelCard[],
  windows: readonly WindowSpec[],
  has: (m: ModelCard) => string,
): UnplacedCard[] {
  const unplaced: UnplacedCard[] = [];
  const placed = new Set(windows.flatMap(windowCardNames));
  for (const m of models) {
    if (placed.has(m.name)) continue;
    if (m.residency === 'GPU_EXCLUSIVE') {
      unplaced.push({
        name: m.name,
        reason:
          `${m.name} is GPU_EXCLUSIVE but needs ${formatRepr(m.vram_gb)} GB of VRAM; ` +
          `${has(m)}, and it has no CPU fallback`,
      });
    } else {
      unplaced.push({
        name: m.name,
        reason: `${m.name} (${m.residency}) needs a window that runs it: the bench has no GPU window for it to join`,
      });
    }
  }
  return unplaced;
}

/**
 * Compose the day of a bench with several GPUs by the same rules, each window on a GPU placed
 * as the best-day optimiser places them (docs/patterns.md): by the hours each GPU has so far.
 * 1. the first co-residency stack runs on the GPU with the most VRAM (ties: the lower index),
 *    which packs the most; each further stack (`coresidentStacks`: the shared cards it leaves
 *    out that fit that GPU alone) on the GPU with the fewest hours so far that holds the largest
 *    card left (ties: the larger GPU, then the lower index); each stack's longest card that runs
 *    there counts its hours on its GPU;
 * 2. a GPU_EXCLUSIVE card no single GPU holds but the GPUs together do, and that may be split
 *    (`ram_overflow_supported`), gets a multi_gpu_split window over the fewest GPUs that hold it
 *    (the largest first, then written in index order); its hours count on each of them;
 * 3. the GPU_EXCLUSIVE cards that fit some GPU, longest first: each on the GPU it fits whose
 *    hours so far are fewest (ties: the lower index);
 * 4. each GPU_RAM_OVERFLOW card: spilled from the GPU (nvinx's ram_overflow) or split over the
 *    fewest GPUs that hold it, whichever ends first given the hours so far (a spill's and a
 *    split's hours from the bandwidths, as the day times them); whole on the largest GPU when it
 *    fits there.
 * The windows are listed in the one-GPU order (exclusive jobs in card order, the stack, then
 * spills and splits); the first serial_handoff (or the stack, without one) takes the
 * CPU-eligible cards, as on one GPU.
 */
function composeOnGpus(bench: Pick<Bench, 'hardware' | 'models'>): Composition {
  const { hardware, models } = bench;
  const gpus = gpusOf(hardware);
  const cap = (k: number) => Math.max(0, gpus[k]!.vram_gb - DEFAULT_HEADROOM_GB);
  const byVram = gpus.map((_, k) => k).sort((a, b) => gpus[b]!.vram_gb - gpus[a]!.vram_gb || a - b);
  const largest = byVram[0]!;
  const hoursOf = (m: ModelCard) => m.hours ?? DEFAULT_HOURS;
  /** The fewest GPUs, largest first, whose caps hold `gb`; null when all of them do not. */
  const holding = (gb: number): number[] | null => {
    const out: number[] = [];
    let room = 0;
    for (const k of byVram) {
      out.push(k);
      room += cap(k);
      if (room >= gb) return out.sort((a, b) => a - b);
    }
    return null;
  };
  const fitsOne = (m: ModelCard) => gpus.some((g) => m.vram_gb <= g.vram_gb);
  const splittable = (m: ModelCard): number[] | null =>
    m.ram_overflow_supported && m.residency === 'GPU_EXCLUSIVE' && !fitsOne(m) ? holding(splitTotal(m)) : null;
  const cpuEligible = models.filter(
    (m) =>
      m.residency === 'CPU_ONLY' ||
      (m.residency === 'GPU_EXCLUSIVE' && !fitsOne(m) && splittable(m) === null && m.cpu_fallback_supported),
  );
  const load = gpus.map(() => 0);
  const hold = (ks: readonly number[], hours: number) => {
    const from = Math.max(...ks.map((k) => load[k]!));
    for (const k of ks) load[k] = from + hours;
  };
  const eligible = new Set(cpuEligible);
  const hasHandoff = models.some((m) => m.residency === 'GPU_EXCLUSIVE' && fitsOne(m));
  const stack = hasHandoff
    ? models.filter((m) => m.residency === 'GPU_SHARED')
    : models.filter((m) => m.residency === 'GPU_SHARED' || eligible.has(m));
  // The stacks' hours count on their GPUs: each stack's longest shared card that fits there and
  // runs there (not one a later stack takes), counted when the next stack is placed or at the end.
  const stackGpus: number[] = [];
  const holdStack = (st: Stack, k: number) => {
    const run = st.runs.filter((m) => m.residency === 'GPU_SHARED' && m.vram_gb <= cap(k));
    if (run.length > 0) hold([k], Math.max(...run.map(hoursOf)));
  };
  const stacks = coresidentStacks(
    stack,
    (m) => m.vram_gb <= gpus[largest]!.vram_gb - DEFAULT_HEADROOM_GB,
    (most, before) => {
      // The first on the largest GPU; each next one on the GPU with the fewest hours so far that
      // holds the largest card left alone (ties: the larger GPU, then the lower index).
      let gpu = largest;
      const n = before.length;
      if (n > 0) {
        holdStack(before[n - 1]!, stackGpus[n - 1]!);
        for (const k of byVram)
          if (most.vram_gb <= gpus[k]!.vram_gb - DEFAULT_HEADROOM_GB && load[k]! < load[gpu]!) gpu = k;
      }
      stackGpus[n] = gpu;
      return { gpu, hw: gpuHardware(hardware, gpu)! };
    },
  );
  // The last stack's hours (when a stack after it was tried and packed none, already counted).
  const last = stacks.length - 1;
  if (last >= 0 && stackGpus.length === stacks.length) holdStack(stacks[last]!, stackGpus[last]!);
  const splitWindow = (m: ModelCard, ks: readonly number[]): WindowSpec => ({
    name: `split: ${m.name}`,
    pattern: 'multi_gpu_split',
    model: m.name,
    gpus: [...ks],
    headroom_gb: DEFAULT_HEADROOM_GB,
  });
  const exclusive = new Map<ModelCard, WindowSpec>();
  for (const m of models) {
    if (m.residency !== 'GPU_EXCLUSIVE') continue;
    const split = splittable(m);
    if (split === null) continue;
    exclusive.set(m, splitWindow(m, split));
    hold(split, splitHours(m, hardware, split)?.hi ?? hoursOf(m));
  }
  const jobs = models
    .filter((m) => m.residency === 'GPU_EXCLUSIVE' && fitsOne(m))
    .sort((a, b) => hoursOf(b) - hoursOf(a) || models.indexOf(a) - models.indexOf(b));
  for (const m of jobs) {
    let best = -1;
    gpus.forEach((g, k) => {
      if (m.vram_gb <= g.vram_gb && (best < 0 || load[k]! < load[best]!)) best = k;
    });
    hold([best], hoursOf(m));
    exclusive.set(m, {
      name: `exclusive: ${m.name}`,
      pattern: 'serial_handoff',
      gpu_job: m.name,
      candidates: [],
      gpu: best,
    });
  }
  const windows: WindowSpec[] = models.flatMap((m) => (exclusive.has(m) ? [exclusive.get(m)!] : []));
  const firstHandoff = windows.findIndex((w) => w.pattern === 'serial_handoff');
  if (firstHandoff >= 0) {
    const w = windows[firstHandoff]!;
    if (w.pattern === 'serial_handoff') windows[firstHandoff] = { ...w, candidates: cpuEligible.map((m) => m.name) };
  }
  for (const st of stacks) windows.push(st.window);
  for (const m of models.filter((c) => c.residency === 'GPU_RAM_OVERFLOW')) {
    const total = splitTotal(m);
    const spill: WindowSpec = {
      name: `overflow: ${m.name}`,
      pattern: 'ram_overflow',
      model: m.name,
      headroom_gb: DEFAULT_HEADROOM_GB,
      gpu: largest,
    };
    const split = total > cap(largest) && m.ram_overflow_supported ? holding(total) : null;
    if (split === null || split.length < 2) {
      windows.push(spill);
      hold([largest], spillHours(m, hardware, largest)?.hi ?? hoursOf(m));
      continue;
    }
    // Spilled from a GPU or split: whichever ends first given the hours so far.
    const splitHi = splitHours(m, hardware, split)?.hi ?? Infinity;
    let bestGpu = -1;
    let bestEnd = Math.max(...split.map((k) => load[k]!)) + splitHi;
    for (const k of byVram) {
      const h = spillHours(m, hardware, k)?.hi;
      if (h !== undefined && load[k]! + h < bestEnd - 1e-9) {
        bestGpu = k;
        bestEnd = load[k]! + h;
      }
    }
    if (bestGpu < 0 && splitHi < Infinity) {
      windows.push(splitWindow(m, split));
      hold(split, splitHi);
    } else {
      const k = bestGpu < 0 ? largest : bestGpu;
      windows.push({ ...spill, gpu: k });
      hold([k], spillHours(m, hardware, k)?.hi ?? hoursOf(m));
    }
  }
  return composition(
    windows,
    stacks,
    unplacedOf(models, windows, (m) => {
      const most = `the bench's largest GPU has ${formatRepr(gpus[largest]!.vram_gb)} GB`;
      if (!m.ram_overflow_supported)
        return `${most}, and the card may not be split across GPUs (no ram_overflow_supported)`;
      const room = byVram.reduce((sum, k) => sum + cap(k), 0);
      return (
        `${most}, and all ${gpus.length} GPUs hold ${formatRepr(Math.round(room * 100) / 100)} GB after headroom, ` +
        `less than its ${formatRepr(splitTotal(m))} GB: too little to split it across them without RAM`
      );
    }),
  );
}

/** Hours as a range (lo ≤ hi), as the day times them. */
type Span = ReturnType<typeof overflowHours>;

/** A split's hours over these GPUs, as the day times it; null when multi_gpu_split refuses it. */
function splitHours(m: ModelCard, hw: Hardware, ks: readonly number[]): Span | null {
  try {
    const est = splitSlowdown(multiGpuSplit(m, hw, ks), hw);
    const h = m.hours ?? DEFAULT_HOURS;
    return { lo: h * est.lo, hi: h * est.hi };
  } catch (e) {
    if (e instanceof PlanRefusal) return null;
    throw e;
  }
}

/** A ram_overflow's hours on GPU k, as the day times it; null when nvinx refuses it there. */
function spillHours(m: ModelCard, hw: Hardware, k: number): Span | null {
  const spec = gpuHardware(hw, k)!;
  try {
    return overflowHours(ramOverflow(m, spec), spec, m.hours ?? DEFAULT_HOURS);
  } catch (e) {
    if (e instanceof PlanRefusal) return null;
    throw e;
  }
}

function notInAnyWindow(models: readonly ModelCard[], windows: readonly WindowSpec[]): UnplacedCard[] {
  // Each name added as it is listed (a 10,000-card day's windows list thousands: no joined copy).
  const named = new Set<string>();
  for (const w of windows) {
    const names = windowCardNames(w);
    for (let i = 0; i < names.length; i++) named.add(names[i]!);
  }
  const out: UnplacedCard[] = [];
  for (const m of models)
    if (!named.has(m.name)) out.push({ name: m.name, reason: `${m.name} is in no window: the day does not run it` });
  return out;
}

/**
 * The reason of a card the first co-resident stack leaves unscheduled that a later stack runs:
 * nvinx's words, but where they end "→ not run", where it runs instead ("→ runs in co-resident
 * stack 2"). Worded when read, as the patterns' reasons are.
 */
class RunsLater implements Decision {
  readonly name: string;
  readonly placement = 'unscheduled' as const;
  constructor(
    private readonly nvinx: Decision,
    /** The window that runs the card. */
    readonly runsIn: string,
  ) {
    this.name = nvinx.name;
  }
  get reason(): string {
    const r = this.nvinx.reason;
    const base = r.endsWith(NOT_RUN) ? r.slice(0, -NOT_RUN.length) : r;
    return `${base} → runs in ${this.runsIn}`;
  }
}
const NOT_RUN = ' → not run';

/**
 * The first stack's plan with the reasons of the cards a later stack runs saying where they
 * run; nvinx's placements (those cards unscheduled there) and notes are kept as they are.
 */
function saysWhereItRuns(r: WindowResult, runsLater: ReadonlyMap<string, string>): WindowResult {
  if (r.kind !== 'plan') return r;
  const decisions = r.plan.decisions.map((d) => {
    const w = d.placement === 'unscheduled' ? runsLater.get(d.name) : undefined;
    return w === undefined ? d : new RunsLater(d, w);
  });
  return { ...r, plan: { ...r.plan, decisions } };
}

/** Plan a whole bench: its windows, or composed ones when it has none. */
export function planBench(bench: Bench): BenchPlan {
  const byName = new Map(bench.models.map((m) => [m.name, m] as const));
  const cal = bench.interference ?? null;
  if (bench.windows === undefined) {
    const c = composeWindows(bench);
    const windows = c.windows.map((w) => planWindow(w, bench.hardware, byName, cal));
    if (c.runsLater.size > 0) {
      const k = windows.findIndex((r) => r.window === c.stack);
      windows[k] = saysWhereItRuns(windows[k]!, c.runsLater);
    }
    return { composed: true, windows, unplaced: c.unplaced };
  }
  return {
    composed: false,
    windows: bench.windows.map((w) => planWindow(w, bench.hardware, byName, cal)),
    unplaced: notInAnyWindow(bench.models, bench.windows),
  };
}

/**
 * Plan a bench again after an edit, reusing the previous result of every window whose
 * inputs are the very same objects (its spec, the hardware and each card it names).
 * Gives exactly what `planBench(bench)` gives; only faster when one card changed.
 */
export function replanBench(bench: Bench, previous: { bench: Bench; plan: BenchPlan } | null): BenchPlan {
  const fresh = previous === null || bench.windows === undefined || previous.bench.windows === undefined;
  const sameInputs = previous?.bench.hardware === bench.hardware && previous.bench.interference === bench.interference;
  if (fresh || !sameInputs) return planBench(bench);
  const byName = new Map(bench.models.map((m) => [m.name, m] as const));
  const oldByName = new Map(previous.bench.models.map((m) => [m.name, m] as const));
  const oldWindows = previous.bench.windows ?? [];
  const windows = (bench.windows ?? []).map((w, i) => {
    const old = previous.plan.windows[i];
    const same =
      old !== undefined && oldWindows[i] === w && windowCardNames(w).every((n) => byName.get(n) === oldByName.get(n));
    return same ? old : planWindow(w, bench.hardware, byName, bench.interference ?? null);
  });
  return { composed: false, windows, unplaced: notInAnyWindow(bench.models, bench.windows ?? []) };
}

/**
 * The cards the planned day does not run anywhere, each with why (the first window that names it
 * and cannot run it says why; a card in no window, or only in refused windows, says so). A card
 * one window leaves out and another runs is not among them.
 */
export function cardsNotRun(plan: BenchPlan): Map<string, string> {
  const ran = new Set<string>();
  const why = new Map<string, string>();
  const notRun = (name: string, reason: string) => {
    if (!why.has(name)) why.set(name, reason);
  };
  for (const r of plan.windows) {
    if (r.kind === 'plan') {
      for (const d of r.plan.decisions) {
        if (d.placement === 'unscheduled') notRun(d.name, d.reason);
        else ran.add(d.name);
      }
    } else if (r.kind === 'overflow' || r.kind === 'split') ran.add(r.hint.model.name);
    else for (const n of windowCardNames(r.window)) notRun(n, `window ${r.window.name} is refused: ${r.error.message}`);
  }
  for (const u of plan.unplaced) notRun(u.name, u.reason);
  for (const n of ran) why.delete(n);
  return why;
}
