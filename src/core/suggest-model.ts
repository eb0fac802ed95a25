/**
 * The best day's model: what each card may do (its modes), the windows a day is made of,
 * and a day's length as a function of its windows — the same figures `timeDay` gives for
 * the windows nvinx plans (docs/suggest.md, "The model").
 *
 * - A window is a pattern with the cards on its GPU and the CPU work that rides along:
 *   serial_handoff (one GPU_EXCLUSIVE job, CPU candidates), fractional_coresidency (cards
 *   packed on the GPU, CPU work nvinx puts on the CPU), ram_overflow (one card, nothing else).
 * - The day is the windows one after another: its length is the sum of their spans.
 * Further resources (several GPUs) extend `ModelWindow` with where it runs; the cost of a
 * window stays a function of the window alone.
 */
import { planWindow, type UnplacedCard } from './day';
import { byVramDescending, ramOverflow } from './patterns';
import { formatRepr } from './pyformat';
import {
  coresidentSpan,
  cpuJobCores,
  cpuJobHours,
  cpuMakespan,
  DEFAULT_CORESIDENCY_SLOWDOWN,
  timeDay,
  type Span,
} from './timing';
import { DEFAULT_HOURS } from './defaults';
import { overflowHours } from './overflow-time';
import {
  DEFAULT_HEADROOM_GB,
  PlanRefusal,
  type Bench,
  type ModelCard,
  type PatternName,
  type WindowSpec,
} from './types';
import { profileMap } from './interference';

/** Where a card may run: its own serial_handoff, packed in a co-residency window, as CPU work, or split with RAM. */
type Mode = 'exclusive' | 'shared' | 'cpu' | 'overflow';

export interface Item {
  readonly card: ModelCard;
  /** Its place among the bench's cards (ties are broken by it). */
  readonly index: number;
  /** Hours on the GPU (serial_handoff, co-residency, before an overflow slowdown). */
  readonly gpuHours: number;
  /** Hours and cores of its CPU run; core-hours = their product. */
  readonly cpuHours: number;
  readonly cores: number;
  readonly coreHours: number;
  /** What it may do, in the order a first guess tries them. Empty: it cannot run. */
  readonly modes: readonly Mode[];
  /**
   * Which windows can host its CPU run: a serial_handoff only (GPU_EXCLUSIVE cards, which
   * Pattern B never puts on the CPU), or any (then a co-residency window only where nvinx's
   * greedy does not pack it on the GPU).
   */
  readonly cpuHost: 'handoff' | 'any' | null;
  /** Pattern B would pack it on the GPU when it fits (not GPU_EXCLUSIVE, not CPU_ONLY). */
  readonly packable: boolean;
  /** Its ram_overflow window's span, when nvinx splits it (and the model lets it go there). */
  readonly overflow: Span | null;
}

export interface ModelWindow {
  readonly pattern: PatternName;
  /** serial_handoff: [the job]; ram_overflow: [the model]; fractional_coresidency: the packed cards. */
  readonly gpu: readonly Item[];
  /** CPU work riding along (never in a ram_overflow window). */
  readonly cpu: readonly Item[];
}

export interface Context {
  readonly bench: Bench;
  readonly items: readonly Item[];
  /** Cards that cannot run in any window, with the reason. */
  readonly unrunnable: readonly UnplacedCard[];
  /** VRAM − headroom: what a co-residency window packs. */
  readonly budget: number;
  readonly cores: number;
  readonly slowdown: number;
  /** Some GPU_EXCLUSIVE card fits the card (so a serial_handoff window can exist). */
  readonly hasHandoff: boolean;
  /** The budget is positive (so a co-residency window can exist). */
  readonly hasCoresidency: boolean;
  /** A co-residency window's GPU span is never below κ × its longest card (κ ≤ 1). */
  readonly kappa: number;
  /** The GPU span of a co-residency window only grows as cards join (no calibration, slowdown ≥ 1). */
  readonly monotone: boolean;
  /** Memo of calibrated co-residency spans, by the cards' indices. */
  readonly calibrated: Map<string, number>;
}

const SHARED_WORDS = 'Pattern B packs';

/** Build the items: each card's hours, modes and CPU host, and the reasons of those that cannot run. */
export function modelOf(bench: Bench): Context {
  const hw = bench.hardware;
  const headroom = DEFAULT_HEADROOM_GB;
  const budget = hw.vram_gb - headroom;
  const hasCoresidency = budget > 0;
  const hasHandoff = bench.models.some((m) => m.residency === 'GPU_EXCLUSIVE' && m.vram_gb <= hw.vram_gb);
  const items: Item[] = [];
  const unrunnable: UnplacedCard[] = [];
  bench.models.forEach((card, index) => {
    const exclusiveFits = card.residency === 'GPU_EXCLUSIVE' && card.vram_gb <= hw.vram_gb;
    const packable = card.residency !== 'GPU_EXCLUSIVE' && card.residency !== 'CPU_ONLY';
    const sharedFits = packable && hasCoresidency && card.vram_gb <= budget;
    const cpuCapable = card.residency === 'CPU_ONLY' || card.cpu_fallback_supported;
    const cpuHost = !cpuCapable ? null : card.residency === 'GPU_EXCLUSIVE' ? 'handoff' : 'any';
    const hostable = cpuHost === 'handoff' ? hasHandoff : cpuHost === 'any' ? hasHandoff || hasCoresidency : false;
    // Any card nvinx splits may overflow (the bandwidths may make that faster than all in VRAM).
    let overflow: Span | null = null;
    let overflowWhy: string | null = null;
    if (card.residency !== 'CPU_ONLY') {
      try {
        const hint = ramOverflow(card, hw, headroom);
        overflow = overflowHours(hint, hw, card.hours ?? DEFAULT_HOURS);
      } catch (e) {
        if (!(e instanceof PlanRefusal)) throw e;
        overflowWhy = e.message;
      }
    }
    const modes: Mode[] = [];
    if (exclusiveFits) modes.push('exclusive');
    if (sharedFits) modes.push('shared');
    if (hostable) modes.push('cpu');
    if (overflow !== null) modes.push('overflow');
    const cpuHours = cpuJobHours(card);
    const cores = cpuJobCores(card, hw.cpu_cores);
    items.push({
      card,
      index,
      gpuHours: card.hours ?? DEFAULT_HOURS,
      cpuHours,
      cores,
      coreHours: cpuHours * cores,
      modes,
      cpuHost: hostable ? cpuHost : null,
      packable,
      overflow,
    });
    if (modes.length === 0) unrunnable.push({ name: card.name, reason: whyNot(card, bench, budget, overflowWhy) });
  });
  const slowdown = bench.coresidency_slowdown ?? DEFAULT_CORESIDENCY_SLOWDOWN;
  const calibration = bench.interference ?? null;
  let kappa = Math.min(1, slowdown);
  if (calibration !== null) kappa = Math.min(kappa, calibratedFloor(bench, items));
  return {
    bench,
    items,
    unrunnable,
    budget,
    cores: hw.cpu_cores,
    slowdown,
    hasHandoff,
    hasCoresidency,
    kappa,
    monotone: calibration === null && slowdown >= 1,
    calibrated: new Map(),
  };
}

/**
 * With a calibration, a co-resident model's factor is 1 + Σ (pair ratio − 1): never below 1
 * when no pair's predicted latency is below the model's latency alone. Otherwise no floor
 * but 0 is safe (the bound then counts no co-residency GPU time).
 */
function calibratedFloor(bench: Bench, items: readonly Item[]): number {
  const profiles = profileMap(bench.interference!);
  const profiled = items.filter((it) => it.modes.includes('shared') && profiles.has(it.card.name));
  // One representative per profile: the pair ratios depend on the profiles alone.
  const seen = new Set<string>();
  const reps = profiled.filter((it) => !seen.has(it.card.name) && (seen.add(it.card.name), true));
  if (reps.length > 60) return 0;
  const byName = new Map(reps.map((it) => [it.card.name, it.card] as const));
  for (let i = 0; i < reps.length; i++)
    for (let j = i + 1; j < reps.length; j++) {
      const a = reps[i]!.card;
      const b = reps[j]!.card;
      const r = planWindow(
        { name: 'pair', pattern: 'fractional_coresidency', candidates: [a.name, b.name], headroom_gb: 1e-300 },
        { ...bench.hardware, vram_gb: Number.MAX_VALUE },
        byName,
        bench.interference!,
      );
      if (r.kind !== 'plan' || r.interference === undefined) return 0;
      for (const p of r.interference.pairs) {
        const pa = profiles.get(p.a)!;
        const pb = profiles.get(p.b)!;
        const sa = pa.baseidle_ms + pa.act_solo_ms;
        const sb = pb.baseidle_ms + pb.act_solo_ms;
        if (!(p.prediction.a >= sa) || !(p.prediction.b >= sb)) return 0;
      }
    }
  return 1;
}

function whyNot(card: ModelCard, bench: Bench, budget: number, overflowWhy: string | null): string {
  const hw = bench.hardware;
  const parts: string[] = [];
  if (card.residency === 'GPU_EXCLUSIVE') {
    parts.push(
      `${card.name} is GPU_EXCLUSIVE and needs ${formatRepr(card.vram_gb)} GB of VRAM; the card has ${formatRepr(hw.vram_gb)} GB`,
    );
    parts.push(
      card.cpu_fallback_supported
        ? 'its CPU run needs a serial_handoff window, and no GPU_EXCLUSIVE card fits the card to hold one'
        : 'it has no CPU fallback',
    );
  } else if (card.residency === 'CPU_ONLY') {
    parts.push(
      `${card.name} is CPU_ONLY and no window can host it: no GPU_EXCLUSIVE card fits the card, ` +
        `and the VRAM budget (${formatRepr(hw.vram_gb)} GB less ${formatRepr(DEFAULT_HEADROOM_GB)} GB headroom) is not positive`,
    );
  } else {
    parts.push(
      budget > 0
        ? `${card.name} needs ${formatRepr(card.vram_gb)} GB; ${SHARED_WORDS} at most ${formatRepr(budget)} GB ` +
            `(${formatRepr(hw.vram_gb)} GB less ${formatRepr(DEFAULT_HEADROOM_GB)} GB headroom)`
        : `${card.name} cannot be packed: the VRAM budget (${formatRepr(hw.vram_gb)} GB less ${formatRepr(DEFAULT_HEADROOM_GB)} GB headroom) is not positive`,
    );
    parts.push(
      card.cpu_fallback_supported
        ? 'no window can host its CPU run (no GPU_EXCLUSIVE card fits the card)'
        : 'it has no CPU fallback',
    );
  }
  if (overflowWhy !== null && (card.ram_overflow_supported || card.residency === 'GPU_RAM_OVERFLOW'))
    parts.push(`ram_overflow refuses it: ${overflowWhy}`);
  return parts.join('; ');
}

// ---------------------------------------------------------------------------------------
// Windows and their cost

/** nvinx's sum of a co-residency window's packed VRAM: descending VRAM, floats, as Pattern B adds. */
function packedSum(gpu: readonly Item[]): number {
  let used = 0.0;
  for (const c of byVramDescending(gpu.map((it) => it.card))) used += c.vram_gb;
  return used;
}

/**
 * Whether the cards, with `extra`, are all packed by Pattern B in a budget. `sum`: the
 * cards' VRAM added in any order, when the caller has it.
 */
export function fitsTogether(ctx: Context, gpu: readonly Item[], extra: Item | null, sum?: number): boolean {
  let rough = extra === null ? 0 : extra.card.vram_gb;
  if (sum !== undefined) rough += sum;
  else for (const it of gpu) rough += it.card.vram_gb;
  // Far from the budget, any order of the sum decides alike; near it, nvinx's order decides.
  if (Math.abs(rough - ctx.budget) > 1e-7 * (1 + Math.abs(ctx.budget))) return rough <= ctx.budget;
  return packedSum(extra === null ? gpu : [...gpu, extra]) <= ctx.budget;
}

/**
 * Whether a window can host `it`'s CPU run: a serial_handoff always (Pattern A puts every
 * CPU-capable candidate on the CPU); a co-residency window only when nvinx's greedy does not
 * pack it — the packed cards at least as large as it leave too little room (candidates list
 * the packed cards first, so equal sizes are packed before it).
 */
export function hosts(ctx: Context, w: ModelWindow, it: Item): boolean {
  if (it.cpuHost === null || w.pattern === 'ram_overflow') return false;
  if (w.pattern === 'serial_handoff') return true;
  if (it.cpuHost !== 'any') return false;
  if (!it.packable) return true;
  const v = it.card.vram_gb;
  let rough = 0;
  for (const g of w.gpu) if (g.card.vram_gb >= v) rough += g.card.vram_gb;
  // Far from the budget, any order of the sum decides alike; near it, nvinx's order decides.
  if (Math.abs(rough + v - ctx.budget) > 1e-7 * (1 + Math.abs(ctx.budget))) return rough + v > ctx.budget;
  let used = 0.0;
  for (const c of byVramDescending(w.gpu.map((g) => g.card))) {
    if (c.vram_gb < v) break;
    used += c.vram_gb;
  }
  return !(used + v <= ctx.budget);
}

/** The GPU part of a window: the job's hours, the co-resident models' span, or the overflow's. */
export function gpuSpan(ctx: Context, w: ModelWindow): number {
  if (w.pattern === 'serial_handoff') return w.gpu[0]!.gpuHours;
  if (w.pattern === 'ram_overflow') return w.gpu[0]!.overflow!.hi;
  if (w.gpu.length === 0) return 0;
  if (ctx.slowdown === 1 && ctx.bench.interference === undefined) {
    // No slowdown: together is the longest card, never longer than one after another.
    let h = 0;
    for (const it of w.gpu) h = Math.max(h, it.gpuHours);
    return h;
  }
  const co = byVramDescending(w.gpu.map((it) => it.card));
  if (ctx.bench.interference !== undefined && co.length > 1) return calibratedSpan(ctx, w);
  const hs = co.map((c) => c.hours ?? DEFAULT_HOURS);
  const ks = co.map(() => (co.length > 1 ? ctx.slowdown : 1));
  return coresidentSpan(hs, ks).hours;
}

/** With a calibration the GPU span is what the day's timing gives the packed cards alone. */
function calibratedSpan(ctx: Context, w: ModelWindow): number {
  const key = w.gpu
    .map((it) => it.index)
    .sort((a, b) => a - b)
    .join(',');
  const hit = ctx.calibrated.get(key);
  if (hit !== undefined) return hit;
  const bench: Bench = {
    ...ctx.bench,
    models: w.gpu.map((it) => it.card),
    windows: [specOf({ pattern: 'fractional_coresidency', gpu: w.gpu, cpu: [] }, 'stack')],
  };
  const day = timeDay(bench, {
    composed: false,
    windows: bench.windows!.map((s) =>
      planWindow(s, bench.hardware, new Map(bench.models.map((m) => [m.name, m])), bench.interference ?? null),
    ),
    unplaced: [],
  });
  ctx.calibrated.set(key, day.planned.hi);
  return day.planned.hi;
}

/** The CPU work's span: the list schedule in the order the plan lists it. */
export function cpuSpan(ctx: Context, w: ModelWindow): number {
  if (w.cpu.length === 0) return 0;
  if (w.cpu.every((it) => it.cores === 1)) return oneCoreMakespan(w.cpu, ctx.cores);
  const order = w.pattern === 'fractional_coresidency' ? byVramDescendingItems(w.cpu) : w.cpu;
  return cpuMakespan(
    order.map((it) => ({ hours: it.cpuHours, cores: it.cores })),
    ctx.cores,
  );
}

/**
 * The list schedule of one-core jobs, longest first, each on the core free earliest: the
 * same figure as `cpuMakespan` (equal hours in any order give the same free times).
 */
function oneCoreMakespan(jobs: readonly Item[], cores: number): number {
  const hours = jobs.map((it) => it.cpuHours).sort((a, b) => b - a);
  if (hours.length <= cores) return hours[0] ?? 0;
  const free = new Float64Array(Math.max(cores, 0));
  if (free.length === 0) return 0;
  let end = 0;
  for (const h of hours) {
    let c = 0;
    for (let i = 1; i < free.length; i++) if (free[i]! < free[c]!) c = i;
    free[c] = free[c]! + h;
    end = Math.max(end, free[c]!);
  }
  return end;
}

function byVramDescendingItems(items: readonly Item[]): Item[] {
  const byCard = new Map(items.map((it) => [it.card, it] as const));
  return byVramDescending(items.map((it) => it.card)).map((c) => byCard.get(c)!);
}

/** The window as the bench writes it (packed cards first, then the CPU work). */
export function specOf(w: ModelWindow, name: string): WindowSpec {
  switch (w.pattern) {
    case 'serial_handoff':
      return {
        name,
        pattern: 'serial_handoff',
        gpu_job: w.gpu[0]!.card.name,
        candidates: w.cpu.map((it) => it.card.name),
      };
    case 'fractional_coresidency':
      return {
        name,
        pattern: 'fractional_coresidency',
        candidates: [...w.gpu, ...w.cpu].map((it) => it.card.name),
        headroom_gb: DEFAULT_HEADROOM_GB,
      };
    case 'ram_overflow':
      return { name, pattern: 'ram_overflow', model: w.gpu[0]!.card.name, headroom_gb: DEFAULT_HEADROOM_GB };
  }
}
