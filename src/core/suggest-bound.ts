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
    if (m.includes('exclusive')) flex.push({ bins: it.gpuHours, area: it.gpuHours, cpu: it.coreHours });
    else flex.push({ bins: 0, area: (ctx.kappa * it.gpuHours * it.card.vram_gb) / B, cpu: it.coreHours });
  }
  const area = packed.reduce((s, it) => s + it.gpuHours * it.card.vram_gb, 0) / B;
  const d = Math.max(
    relaxed(
      exclusive + ctx.kappa * binIntegral(packed, B),
      exclusive + ctx.kappa * (Number.isFinite(area) ? area : 0),
      cpuLoad,
      flex,
      ctx.cores,
    ),
    longest,
  );
  return { lo: ovLo + d, hi: ovHi + d };
}

/** A card that runs either on the GPU (adding to the two GPU figures) or on the CPU (its core-hours). */
interface Flex {
  readonly bins: number;
  readonly area: number;
  readonly cpu: number;
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
