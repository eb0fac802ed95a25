/**
 * Interference as nvinx 0.3 models it (tag v0.3.0a2, `src/nvinx/interference.py` and
 * `fractional_coresidency_v2` in `src/nvinx/patterns.py`): an operator's calibration
 * (`calibration_result.json` from `nvinx-calibrate`) gives per-model profiles and the
 * substrate's coefficients; each co-resident pair's latencies are predicted from them
 * (queue-aware, V5 with γ, or a measured lookup). Every formula is computed in the order
 * the Python code computes it, so the figures nvinx prints come out the same here.
 *
 * Left out of nvinx 0.3's behaviour: the `RuntimeWarning` its V5 path raises on a
 * datacenter-class GPU detected through NVML (a Python warning, never a note; the planner
 * has no GPU to detect), and the fitting itself (`nvinx.calibration`, which needs scipy and
 * a GPU): the planner reads fitted results, it does not fit.
 */
import { fractionalCoresidency } from './patterns';
import { formatFixed } from './pyformat';
import {
  DEFAULT_HEADROOM_GB,
  type Calibration,
  type Hardware,
  type HardwareCoefficients,
  type InterferenceProfile,
  type ModelCard,
  type PairLookupEntry,
  type SchedulingPlan,
} from './types';

export type PairSource = 'lookup' | 'queue_aware_v5' | 'queue_aware' | 'fallback_unknown';

/** @internal the differential test's type. */
export interface PairPrediction {
  readonly a: number;
  readonly b: number;
  readonly source: PairSource;
}

/** Python's `max(x, y)` for floats: the first unless the second is greater. */
const pyMax = (x: number, y: number): number => (y > x ? y : x);

/**
 * `HardwareCoefficients.scheduling_delay_ms_at_concurrency`: Horner over the polynomial, floored at 0.
 * @internal nvinx 0.3's tests restated function by function (src/core/interference.test.ts).
 */
export function schedulingDelayMs(hw: HardwareCoefficients, nConcurrent: number): number {
  if (nConcurrent < 2) return 0.0;
  let result = 0.0;
  for (const coef of hw.idlef_polynomial) result = result * nConcurrent + coef;
  return pyMax(result, 0.0);
}

/**
 * `InterferenceProfile.kernel_rate`: kernels per ms.
 * @internal nvinx 0.3's tests restated function by function.
 */
export const kernelRate = (p: InterferenceProfile): number => (p.act_solo_ms === 0 ? 0.0 : p.kernels / p.act_solo_ms);

/**
 * `InterferenceProfile.kernel_duration_ms`: mean kernel duration.
 * @internal nvinx 0.3's tests restated function by function.
 */
export const kernelDurationMs = (p: InterferenceProfile): number => (p.kernels === 0 ? 0.0 : p.act_solo_ms / p.kernels);

/**
 * What nvinx raises as ValueError when a formula needs a theta the profile lacks.
 * @internal nvinx 0.3's tests restated function by function.
 */
export class MissingTheta extends Error {
  constructor(fn: string, a: InterferenceProfile, b: InterferenceProfile) {
    super(`${fn} requires fitted theta values; got theta_a=${pyOpt(a.theta)}, theta_b=${pyOpt(b.theta)}`);
    this.name = 'MissingTheta';
  }
}

const pyOpt = (x: number | null): string => (x === null ? 'None' : String(x));

/**
 * `predict_pair_latency_queue_aware`: latency_i = baseidle_i + delay(2) + act_i (1 + θ_i act_j / (act_i + act_j)).
 * @internal nvinx 0.3's tests restated function by function.
 */
export function predictQueueAware(
  a: InterferenceProfile,
  b: InterferenceProfile,
  hw: HardwareCoefficients,
): readonly [number, number] {
  if (a.theta === null || b.theta === null) throw new MissingTheta('predict_pair_latency_queue_aware', a, b);
  const sumAct = a.act_solo_ms + b.act_solo_ms;
  if (sumAct === 0) return [0.0, 0.0];
  const fractionA = b.act_solo_ms / sumAct;
  const fractionB = a.act_solo_ms / sumAct;
  const baseA = a.act_solo_ms * (1.0 + a.theta * fractionA);
  const baseB = b.act_solo_ms * (1.0 + b.theta * fractionB);
  const sched = schedulingDelayMs(hw, 2);
  return [a.baseidle_ms + sched + baseA, b.baseidle_ms + sched + baseB];
}

/**
 * `predict_pair_latency_queue_aware_v5`: the partner fraction scaled by (1 + γ × kernel_size_ratio).
 * @internal nvinx 0.3's tests restated function by function.
 */
export function predictQueueAwareV5(
  a: InterferenceProfile,
  b: InterferenceProfile,
  hw: HardwareCoefficients,
  gamma: number | null,
): readonly [number, number] {
  if (a.theta === null || b.theta === null) throw new MissingTheta('predict_pair_latency_queue_aware_v5', a, b);
  const sumAct = a.act_solo_ms + b.act_solo_ms;
  if (sumAct === 0) return [0.0, 0.0];
  const fractionA = b.act_solo_ms / sumAct;
  const fractionB = a.act_solo_ms / sumAct;
  let factorA = 1.0;
  let factorB = 1.0;
  if (gamma !== null && gamma !== 0) {
    const kdA = kernelDurationMs(a);
    const kdB = kernelDurationMs(b);
    if (kdA !== 0 && kdB !== 0) {
      factorA = 1.0 + gamma * (kdB / kdA);
      factorB = 1.0 + gamma * (kdA / kdB);
    }
  }
  // Python evaluates `theta * fraction * factor` left to right.
  const baseA = a.act_solo_ms * (1.0 + a.theta * fractionA * factorA);
  const baseB = b.act_solo_ms * (1.0 + b.theta * fractionB * factorB);
  const sched = schedulingDelayMs(hw, 2);
  return [a.baseidle_ms + sched + baseA, b.baseidle_ms + sched + baseB];
}

/**
 * `max_kernel_rate_score`: the highest kernel rate among the profiles (0 for none).
 * @internal nvinx 0.3's tests restated function by function.
 */
export function maxKernelRateScore(profiles: readonly InterferenceProfile[]): number {
  if (profiles.length === 0) return 0.0;
  // Python's max() keeps the first of equal items and skips NaN only when it comes first.
  let best = kernelRate(profiles[0]!);
  for (const p of profiles.slice(1)) {
    const r = kernelRate(p);
    if (r > best) best = r;
  }
  return best;
}

/**
 * `asymmetry_predictor`: max(act_solo) / min(act_solo), infinite when one is 0.
 * @internal nvinx 0.3's tests restated function by function.
 */
export function asymmetryPredictor(a: InterferenceProfile, b: InterferenceProfile): number {
  const x = a.act_solo_ms;
  const y = b.act_solo_ms;
  const lo = y < x ? y : x;
  const hi = y > x ? y : x;
  if (lo === 0) return Infinity;
  return hi / lo;
}

/** Python's ordering of str: by code point (JavaScript's `<` compares UTF-16 units). */
function comparePyStr(x: string, y: string): number {
  const xs = Array.from(x);
  const ys = Array.from(y);
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    const d = xs[i]!.codePointAt(0)! - ys[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return xs.length - ys.length;
}

/** `tuple(sorted([a, b]))`, as one map key. */
export function canonicalPair(a: string, b: string): string {
  const [x, y] = comparePyStr(a, b) <= 0 ? [a, b] : [b, a];
  return JSON.stringify([x, y]);
}

/**
 * The lookup as nvinx holds it: canonical pair → entry (a later entry for the same pair wins, as in a dict).
 * @internal nvinx 0.3's tests restated function by function.
 */
export function lookupTable(
  entries: readonly PairLookupEntry[] | undefined,
): ReadonlyMap<string, PairLookupEntry> | null {
  if (entries === undefined) return null;
  return new Map(entries.map((e) => [canonicalPair(e.pair[0], e.pair[1]), e] as const));
}

/**
 * `lookup_pair_latency`: the measured latencies re-oriented to (a, b), or null.
 * @internal nvinx 0.3's tests restated function by function.
 */
export function lookupPairLatency(
  a: string,
  b: string,
  table: ReadonlyMap<string, PairLookupEntry>,
): readonly [number, number] | null {
  const entry = table.get(canonicalPair(a, b));
  if (entry === undefined) return null;
  if (entry.pair[0] === a && entry.pair[1] === b) return [entry.measured_latency_a_ms, entry.measured_latency_b_ms];
  if (entry.pair[0] === b && entry.pair[1] === a) return [entry.measured_latency_b_ms, entry.measured_latency_a_ms];
  const first = comparePyStr(a, b) <= 0 ? a : b;
  if (a === first) return [entry.measured_latency_a_ms, entry.measured_latency_b_ms];
  return [entry.measured_latency_b_ms, entry.measured_latency_a_ms];
}

/**
 * `predict_pair_latency`: lookup first, then V5 (γ given and non-zero) or queue-aware, else the solo times.
 * @internal nvinx 0.3's tests restated function by function; the differential test predicts measured pairs with it.
 */
export function predictPairLatency(
  a: InterferenceProfile,
  b: InterferenceProfile,
  hw: HardwareCoefficients,
  table: ReadonlyMap<string, PairLookupEntry> | null,
  gamma: number | null,
): PairPrediction {
  if (table !== null) {
    const hit = lookupPairLatency(a.name, b.name, table);
    if (hit !== null) return { a: hit[0], b: hit[1], source: 'lookup' };
  }
  if (a.theta !== null && b.theta !== null) {
    if (gamma !== null && gamma !== 0) {
      const [x, y] = predictQueueAwareV5(a, b, hw, gamma);
      return { a: x, b: y, source: 'queue_aware_v5' };
    }
    const [x, y] = predictQueueAware(a, b, hw);
    return { a: x, b: y, source: 'queue_aware' };
  }
  return { a: a.act_solo_ms, b: b.act_solo_ms, source: 'fallback_unknown' };
}

/** The profiles by the key cards are matched with. */
export function profileMap(c: Calibration): ReadonlyMap<string, InterferenceProfile> {
  return new Map(Object.entries(c.profiles));
}

/** One co-resident pair of a window, predicted. */
interface PairRow {
  readonly a: string;
  readonly b: string;
  readonly prediction: PairPrediction;
  readonly asymmetry: number;
}

/** What `fractional_coresidency_v2` adds to a plan. */
export interface InterferenceReport {
  /** Placed cards that have a profile, in placement order. */
  readonly profiled: readonly string[];
  readonly placed: number;
  readonly maxKernelRate: number;
  readonly pairs: readonly PairRow[];
}

export interface PlanV2 {
  readonly plan: SchedulingPlan;
  /** Null when the bench has no calibration (the plan is then 0.1's). */
  readonly interference: InterferenceReport | null;
}

/**
 * `fractional_coresidency_v2`: 0.1's placement (the same greedy bin-packing), then the
 * interference notes byte for byte: the max kernel rate of the placed models with
 * profiles, the threshold warning, and each pair's predicted latencies and asymmetry.
 */
export function fractionalCoresidencyV2(
  candidates: readonly ModelCard[],
  hw: Hardware,
  headroomGb: number = DEFAULT_HEADROOM_GB,
  headroomIsInt = false,
  calibration: Calibration | null = null,
): PlanV2 {
  const base = fractionalCoresidency(candidates, hw, headroomGb, headroomIsInt);
  if (calibration === null) return { plan: base, interference: null };
  return withInterference(base, calibration);
}

/** The v2 notes and the pair predictions for a plan 0.1's packer already made. */
function withInterference(base: SchedulingPlan, calibration: Calibration): PlanV2 {
  const profiles = profileMap(calibration);
  const placed = base.gpu_coresident;
  const withProfiles = placed.filter((m) => profiles.has(m.name));
  const notes = [...base.notes];
  let mkr = 0.0;
  if (withProfiles.length > 0) {
    mkr = maxKernelRateScore(withProfiles.map((m) => profiles.get(m.name)!));
    notes.push(
      `interference: max_kernel_rate=${formatFixed(mkr, 1)} k/ms ` +
        `(${withProfiles.length}/${placed.length} placed models have profiles)`,
    );
    const threshold = calibration.max_kernel_rate_threshold ?? null;
    if (threshold !== null && mkr > threshold) {
      notes.push(
        `interference: WARNING max_kernel_rate ${formatFixed(mkr, 1)} > ` +
          `threshold ${formatFixed(threshold, 1)}; expect queue contention`,
      );
    }
  }
  const pairs: PairRow[] = [];
  const table = lookupTable(calibration.pair_lookup);
  // hw_coefs is always present in a calibration, so nvinx's lookup-only branch does not arise.
  for (let i = 0; i < withProfiles.length; i++) {
    for (let j = i + 1; j < withProfiles.length; j++) {
      const a = withProfiles[i]!;
      const b = withProfiles[j]!;
      const pa = profiles.get(a.name)!;
      const pb = profiles.get(b.name)!;
      const prediction = predictPairLatency(pa, pb, calibration.hw_coefs, table, calibration.gamma_kernel_size);
      const asymmetry = asymmetryPredictor(pa, pb);
      pairs.push({ a: a.name, b: b.name, prediction, asymmetry });
      notes.push(
        `interference: pair(${a.name}+${b.name}) ` +
          `pred_lat=(${formatFixed(prediction.a, 1)}, ${formatFixed(prediction.b, 1)})ms via ${prediction.source}; ` +
          `asymmetry=${formatFixed(asymmetry, 2)}`,
      );
    }
  }
  return {
    plan: { ...base, notes },
    interference: {
      profiled: withProfiles.map((m) => m.name),
      placed: placed.length,
      maxKernelRate: mkr,
      pairs,
    },
  };
}

/** A model's latency alone: its idle time plus its active time (the formulas at N = 1, θ = 0). */
export const soloLatencyMs = (p: InterferenceProfile): number => p.baseidle_ms + p.act_solo_ms;

/**
 * The calibration's own measurement of a pair of cards, oriented as (a, b); null when it has
 * none. Cards are matched to profiles by the profiles' keys; measurements name the profiles'
 * own names (as nvinx-calibrate writes them), which may differ.
 */
export function measuredOf(c: Calibration, cardA: string, cardB: string): readonly [number, number] | null {
  const profiles = profileMap(c);
  const a = profiles.get(cardA)?.name ?? cardA;
  const b = profiles.get(cardB)?.name ?? cardB;
  for (const [x, y, mx, my] of c.pair_measurements) {
    if (x === a && y === b) return [mx, my];
    if (x === b && y === a) return [my, mx];
  }
  return null;
}

/** Keep the bench's own settings (pair_lookup, threshold) when a new calibration file replaces its section. */
export function withCalibration(old: Calibration | undefined, fresh: Calibration): Calibration {
  return {
    ...fresh,
    ...(fresh.pair_lookup === undefined && old?.pair_lookup !== undefined ? { pair_lookup: old.pair_lookup } : {}),
    ...(fresh.max_kernel_rate_threshold === undefined && old?.max_kernel_rate_threshold !== undefined
      ? { max_kernel_rate_threshold: old.max_kernel_rate_threshold }
      : {}),
  };
}

/**
 * A calibration's profiles split by whether a card of the bench carries their name (a
 * profile applies to the card of its name): those matched, and those for cards not on it.
 */
export function profilesOnBench(
  c: Calibration,
  models: readonly { readonly name: string }[],
): { readonly matched: readonly string[]; readonly elsewhere: readonly string[] } {
  const cards = new Set(models.map((m) => m.name));
  const keys = Object.keys(c.profiles);
  return { matched: keys.filter((k) => cards.has(k)), elsewhere: keys.filter((k) => !cards.has(k)) };
}
