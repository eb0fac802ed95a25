/**
 * A lower bound on the best day within the model (suggest-model.ts): no day that runs
 * every card that can run is shorter. The terms (docs/suggest.md, "The bound"):
 *
 * - Overflow windows that must exist (a card whose only way to run is ram_overflow) add
 *   their span; they host no CPU work.
 * - The other windows: their total D is at least the GPU time and at least the CPU time.
 *   GPU time ≥ the exclusive jobs' hours + κ × ∫₀^∞ bins(t) dt, where bins(t) ≥
 *   max(⌈V(t)/B⌉, #cards over B/2) counts the co-residency windows whose longest card runs
 *   at least t (V(t): VRAM of the cards that must be packed and run ≥ t; B: the budget) —
 *   a window's GPU span is ≥ κ × its longest card, so the sum of the spans is ≥ κ × that integral.
 *   CPU time: each window's CPU span ≥ its core-hours ÷ cores, so D ≥ the core-hours ÷ cores.
 *   A GPU_EXCLUSIVE card with CPU fallback adds its hours to the GPU side or its core-hours
 *   to the CPU side: the best split of these (as fractions: a linear relaxation) is taken.
 *   Cards that may be packed or sent to the CPU, and cards that may overflow or go to the
 *   CPU, are left out of both sides (sound: they may cost nothing).
 * - D is also at least any card's shortest way of running (a CPU job never ends before its hours).
 * - The longest CPU job θ stretches its window past that window's GPU part (at most G):
 *   D ≥ Σ GPU parts + (θ − G)⁺, the least over the values θ may take, fallback cards with
 *   longer CPU runs counted on the GPU side.
 */
import type { Context, Item } from './suggest-model';
import type { Span } from './timing';

/** Slack for float noise in sums of VRAM: a bin count is never rounded up by it. */
const EPS = 1e-9;

export function lowerBound(ctx: Context): Span {
  let ovLo = 0;
  let ovHi = 0;
  let exclusive = 0;
  let cpuLoad = 0;
  let longest = 0;
  /** The longest CPU job of a card that can only run on the CPU. */
  let forcedCpu = 0;
  const packed: Item[] = [];
  const flex: Flex[] = [];
  const B = ctx.budget;
  for (const it of ctx.items) {
    const m = it.modes;
    if (m.length === 0) continue;
    if (m.length === 1) {
      if (m[0] === 'overflow') {
        ovLo += it.overflow!.lo;
        ovHi += it.overflow!.hi;
      } else if (m[0] === 'exclusive') {
        exclusive += it.gpuHours;
        longest = Math.max(longest, it.gpuHours);
      } else if (m[0] === 'shared') {
        packed.push(it);
        longest = Math.max(longest, ctx.kappa * it.gpuHours);
      } else {
        cpuLoad += it.coreHours;
        longest = Math.max(longest, it.cpuHours);
        forcedCpu = Math.max(forcedCpu, it.cpuHours);
      }
      continue;
    }
    if (m.includes('overflow')) continue;
    // Shortest way this card can run, whichever it takes.
    let least = Infinity;
    if (m.includes('exclusive')) least = Math.min(least, it.gpuHours);
    if (m.includes('shared')) least = Math.min(least, ctx.kappa * it.gpuHours);
    if (m.includes('cpu')) least = Math.min(least, it.cpuHours);
    longest = Math.max(longest, least);
    if (m.length !== 2 || !m.includes('cpu')) continue;
    if (m.includes('exclusive'))
      flex.push({ bins: it.gpuHours, area: it.gpuHours, cpu: it.coreHours, hours: it.cpuHours });
    else
      flex.push({
        bins: 0,
        area: (ctx.kappa * it.gpuHours * it.card.vram_gb) / B,
        cpu: it.coreHours,
        hours: it.cpuHours,
      });
  }
  const area = packed.reduce((s, it) => s + it.gpuHours * it.card.vram_gb, 0) / B;
  const g1 = exclusive + ctx.kappa * binIntegral(packed, B);
  const g2 = exclusive + ctx.kappa * (Number.isFinite(area) ? area : 0);
  // The longest CPU job θ stretches its window past that window's GPU part (at most gMax):
  // D ≥ Σ GPU parts + (θ − gMax)⁺. θ is unknown: for each value it may take, the fallback
  // cards with longer CPU runs are on the GPU; the least over the values is a bound.
  const gMax = maxGpuPart(ctx);
  let d = relaxed(g1, g2, cpuLoad, flex, ctx.cores);
  if (gMax !== null) {
    const thetas = [...new Set(flex.map((f) => f.hours ?? 0))]
      .filter((h) => h > Math.max(gMax, forcedCpu))
      .sort((a, b) => a - b);
    if (thetas.length > 0 && thetas.length <= 64) {
      // θ no more than the longest CPU job that must run on the CPU (or gMax): every fallback card above it on the GPU.
      const onGpu = (theta: number) => {
        let b1 = 0;
        let b2 = 0;
        const rest: Flex[] = [];
        for (const f of flex)
          if ((f.hours ?? 0) > theta) {
            b1 += f.bins;
            b2 += f.area;
          } else rest.push(f);
        const e = Math.max(0, theta - gMax);
        return relaxed(g1 + b1 + e, g2 + b2 + e, cpuLoad, rest, ctx.cores);
      };
      let least = onGpu(Math.max(gMax, forcedCpu));
      for (const theta of thetas) least = Math.min(least, onGpu(theta));
      d = least;
    }
  }
  d = Math.max(d, longest);
  return { lo: ovLo + d, hi: ovHi + d };
}

/**
 * The most GPU time one window that hosts CPU work can have: a serial_handoff's job, or
 * a co-residency window's cards together (the longest × the slowdown, never above it
 * without a calibration). Null with a calibration (no such figure is known).
 */
function maxGpuPart(ctx: Context): number | null {
  if (ctx.bench.interference !== undefined) return null;
  let g = 0;
  for (const it of ctx.items) {
    if (it.modes.includes('exclusive')) g = Math.max(g, it.gpuHours);
    if (it.modes.includes('shared')) g = Math.max(g, it.gpuHours * Math.max(1, ctx.slowdown));
  }
  return g;
}

/** A card that runs either on the GPU (adding to the two GPU figures) or on the CPU (its core-hours). */
interface Flex {
  readonly bins: number;
  readonly area: number;
  readonly cpu: number;
  /** Its CPU run's hours (when known: the bound by the longest CPU job uses it). */
  readonly hours?: number;
}

/**
 * min over x ∈ [0,1]ⁿ of max(L₁, L₂, L₃) with L₁ = G₁ + Σ xᵢ·binsᵢ (exclusive hours and the
 * bin integral), L₂ = G₂ + Σ xᵢ·areaᵢ (exclusive hours and VRAM-hours ÷ budget) and
 * L₃ = (L + Σ (1 − xᵢ)·cpuᵢ) / P. For any weights λ ≥ 0 summing to 1, min over x of
 * Σ λⱼLⱼ is a lower bound of that (weak duality) and is separable: each xᵢ at 0 or 1.
 * The largest over a grid of weights is returned.
 */
export function relaxed(g1: number, g2: number, cpuLoad: number, flex: readonly Flex[], cores: number): number {
  const l3 = (cpuLoad + flex.reduce((s, f) => s + f.cpu, 0)) / cores;
  if (flex.length === 0) return Math.max(g1, g2, l3);
  const N = 24;
  let best = 0;
  for (let i = 0; i <= N; i++)
    for (let j = 0; i + j <= N; j++) {
      const a = i / N;
      const b = j / N;
      const c = 1 - a - b;
      let v = a * g1 + b * g2 + c * l3;
      for (const f of flex) v += Math.min(0, a * f.bins + b * f.area - (c * f.cpu) / cores);
      best = Math.max(best, v);
    }
  return best;
}

/** ∫₀^∞ max(⌈V(t)/B⌉, #{v > B/2}) dt over the cards' hours. */
export function binIntegral(cards: readonly Item[], budget: number): number {
  if (cards.length === 0 || !(budget > 0)) return 0;
  const sorted = [...cards].sort((a, b) => b.gpuHours - a.gpuHours);
  let total = 0;
  let v = 0;
  let big = 0;
  for (let i = 0; i < sorted.length; i++) {
    const it = sorted[i]!;
    v += it.card.vram_gb;
    if (it.card.vram_gb > budget / 2 + EPS) big++;
    const next = i + 1 < sorted.length ? sorted[i + 1]!.gpuHours : 0;
    const width = it.gpuHours - next;
    if (width <= 0) continue;
    const bins = Math.max(Math.ceil(v / budget - EPS), big, 1);
    total += bins * width;
  }
  return total;
}
