/**
 * How long a spilled model takes (issue 11, part 1): the slowdown of a model split between
 * VRAM and system RAM against the same model all in VRAM, from the hardware card's
 * bandwidths. Pure arithmetic; nvinx's own "3-5x" text is never touched (it stays on the hint).
 *
 * Generating a token reads every weight once, so at batch 1 a token takes about
 * Σ (bytes on a path ÷ that path's bandwidth):
 *
 * - all in VRAM:       t0 = total ÷ B_gpu
 * - llama.cpp style:   t  = gpu ÷ B_gpu + cpu ÷ B_ram   (the spilled layers run on the CPU,
 *                                                        which reads them from RAM)
 * - accelerate style:  t  = gpu ÷ B_gpu + cpu ÷ B_pcie  (`device_map="auto"`: the spilled
 *                                                        weights cross PCIe on every forward pass)
 *
 * The slowdown is t ÷ t0. The range runs from the smaller to the larger of the two (with the
 * usual figures, RAM is several times faster than the link: lo is llama.cpp style, hi is
 * accelerate style, which is what nvinx's `device_map="auto"` hint runs). Units cancel in the
 * ratio, so GB (GiB, as the planner reads sizes) over GB/s is fine.
 *
 * Left out: prompt processing (compute-bound, not bandwidth-bound), any overlap of copies with
 * compute, the CPU's own compute limits, the KV cache and activations, per-layer hook overheads.
 * Measured offload is usually slower than this (see docs/timing.md, "How long a spilled model takes").
 */
import { OVERFLOW_SLOWDOWN } from './types';

export interface Bandwidths {
  readonly gpu_bandwidth_gbps?: number;
  readonly pcie_bandwidth_gbps?: number;
  readonly ram_bandwidth_gbps?: number;
}

interface Split {
  /** The model's whole footprint, GB (the card's `ram_gb_needed`). */
  readonly total_gb: number;
  /** The part spilled to system RAM, GB (the hint's `cpu_gb`). */
  readonly cpu_gb: number;
}

type OverflowStyle = 'llama.cpp' | 'accelerate';

export interface StyleEstimate {
  readonly style: OverflowStyle;
  readonly slowdown: number;
  /** The formula with the figures written in. */
  readonly formula: string;
}

export interface OverflowEstimate {
  readonly lo: number;
  readonly hi: number;
  /** Each style that the bandwidths allow, lo first. */
  readonly styles: readonly StyleEstimate[];
  /** In words: what each end is. */
  readonly basis: string;
  readonly total_gb: number;
  readonly gpu_gb: number;
  readonly cpu_gb: number;
}

export const usable = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x) && x > 0;

/** Up to two decimals, no trailing zeros (as the day's hours are written). */
const n = (x: number): string => `${Number(x.toFixed(2))}`;

/** "20.16×" to two decimals; "1×". */
export const formatTimes = (x: number): string => `${n(x)}×`;

/** Weights read from one place at one bandwidth, per token. */
export interface ReadPath {
  readonly gb: number;
  readonly gbps: number;
  /** How the formula names the bandwidth ("RAM", "PCIe"; "" for a GPU's own). */
  readonly via: string;
}

/**
 * Σ (GB ÷ GB/s) over the paths against the whole model in VRAM at `refGbps`: t ÷ t0 =
 * Σ gb·ref/gbps ÷ total (a path at the reference bandwidth adds its GB exactly), with the
 * formula written out. The one formula of a spilled or split model's slowdown.
 */
export function readSlowdown(
  paths: readonly ReadPath[],
  total: number,
  refGbps: number,
): { slowdown: number; formula: string } {
  let sum = 0;
  const terms: string[] = [];
  paths.forEach((p, i) => {
    const term = p.gbps === refGbps ? p.gb : (p.gb * refGbps) / p.gbps;
    sum = i === 0 ? term : sum + term;
    terms.push(`${n(p.gb)} GB ÷ ${n(p.gbps)} GB/s${p.via === '' ? '' : ` ${p.via}`}`);
  });
  const slowdown = total > 0 ? sum / total : 1;
  const formula = `(${terms.join(' + ')}) ÷ (${n(total)} GB ÷ ${n(refGbps)} GB/s) = ${formatTimes(slowdown)}`;
  return { slowdown, formula };
}

const ROUTES: readonly [OverflowStyle, keyof Bandwidths, string][] = [
  ['llama.cpp', 'ram_bandwidth_gbps', 'RAM'],
  ['accelerate', 'pcie_bandwidth_gbps', 'PCIe'],
];

/** In words: what a style's figure assumes. */
const styleWords = (s: StyleEstimate) =>
  s.style === 'llama.cpp'
    ? 'the spilled layers run on the CPU from RAM (llama.cpp style)'
    : 'the spilled weights cross PCIe every forward pass (accelerate\'s device_map="auto")';

/**
 * The slowdown range of weights on GPUs (`gpuPaths`, each at its bandwidth) with `cpu` GB
 * spilled, in each style the bandwidths allow (RAM for llama.cpp's, PCIe for accelerate's),
 * against the whole model in VRAM at `refGbps`. Null when neither style's bandwidth is known.
 */
export function spillSlowdown(
  gpuPaths: readonly ReadPath[],
  cpu: number,
  total: number,
  refGbps: number,
  bw: Bandwidths,
): Omit<OverflowEstimate, 'total_gb' | 'gpu_gb' | 'cpu_gb'> | null {
  const styles: StyleEstimate[] = [];
  for (const [style, key, via] of ROUTES) {
    const b = bw[key];
    if (!usable(b)) continue;
    const { slowdown, formula } = readSlowdown([...gpuPaths, { gb: cpu, gbps: b, via }], total, refGbps);
    styles.push({ style, slowdown, formula });
  }
  if (styles.length === 0) return null;
  styles.sort((a, b) => a.slowdown - b.slowdown);
  const lo = styles[0]!.slowdown;
  const hi = styles[styles.length - 1]!.slowdown;
  const basis =
    styles.length === 1
      ? `${formatTimes(lo)}: ${styleWords(styles[0]!)}`
      : `${formatTimes(lo)} when ${styleWords(styles[0]!)}; ${formatTimes(hi)} when ${styleWords(styles[1]!)}`;
  return { lo, hi, styles, basis };
}

/**
 * The slowdown range, or null when the card lacks the GPU bandwidth or both of the PCIe and
 * RAM bandwidths. A model that does not spill (cpu_gb 0) is 1× in either style.
 * @internal exported for the checks against the cited llama.cpp and accelerate measurements.
 */
export function overflowSlowdown(split: Split, bw: Bandwidths): OverflowEstimate | null {
  const bg = bw.gpu_bandwidth_gbps;
  if (!usable(bg)) return null;
  const total = Math.max(0, split.total_gb);
  const cpu = Math.min(Math.max(0, split.cpu_gb), total);
  const gpu = total - cpu;
  const est = spillSlowdown([{ gb: gpu, gbps: bg, via: '' }], cpu, total, bg, bw);
  return est === null ? null : { ...est, total_gb: total, gpu_gb: gpu, cpu_gb: cpu };
}

/** The estimate for a ram_overflow hint: the card's whole footprint and the part nvinx spills. */
export function hintSlowdown(
  hint: { readonly model: { readonly ram_gb_needed: number | null }; readonly cpu_gb: number },
  hardware: Bandwidths,
): OverflowEstimate | null {
  return overflowSlowdown({ total_gb: hint.model.ram_gb_needed ?? 0, cpu_gb: hint.cpu_gb }, hardware);
}

/** nvinx's figure is exceeded this many times over before the planner says what would fix it. */
const FAR_WORSE_FACTOR = 2;

/** Whether the estimate is far worse than nvinx's stated upper end (its "5x"). */
export const farWorseThan = (e: OverflowEstimate, nvinxMax: number): boolean => e.hi >= FAR_WORSE_FACTOR * nvinxMax;

export interface ExpertsInRam {
  /** The weights that are not routed experts (attention, embeddings, shared experts), GB. */
  readonly dense_gb: number;
  /** All routed experts, GB. */
  readonly experts_gb: number;
  /** The routed experts placed in system RAM, GB (llama.cpp --n-cpu-moe). */
  readonly ram_experts_gb: number;
  /** The share of the experts a token uses: experts per token ÷ experts. */
  readonly active_fraction: number;
}

/**
 * A mixture of experts with routed experts in system RAM (llama.cpp's --n-cpu-moe): a token
 * reads the dense weights and its share of the experts, the CPU reading those in RAM:
 *   t0 = (dense + experts × f) ÷ B_gpu      t = (dense + (experts − ram) × f) ÷ B_gpu + ram × f ÷ B_ram
 * The slowdown is t ÷ t0; null without the GPU and RAM bandwidths. Left out, as for a spill:
 * prompt processing, the CPU's compute, overlap.
 */
export function expertsInRamSlowdown(m: ExpertsInRam, bw: Bandwidths): StyleEstimate | null {
  const bg = bw.gpu_bandwidth_gbps;
  const br = bw.ram_bandwidth_gbps;
  if (!usable(bg) || !usable(br)) return null;
  const f = Math.min(Math.max(m.active_fraction, 0), 1);
  const ram = Math.min(Math.max(0, m.ram_experts_gb), m.experts_gb);
  const t0 = (m.dense_gb + m.experts_gb * f) / bg;
  const t = (m.dense_gb + (m.experts_gb - ram) * f) / bg + (ram * f) / br;
  const slowdown = t0 > 0 ? t / t0 : 1;
  const formula =
    `(${n(m.dense_gb)} GB + ${n(m.experts_gb - ram)} GB of experts × ${n(f)} read per token) ÷ ${n(bg)} GB/s + ` +
    `${n(ram)} GB of experts in RAM × ${n(f)} ÷ ${n(br)} GB/s RAM, against all in VRAM ` +
    `(${n(m.dense_gb)} + ${n(m.experts_gb)} × ${n(f)}) ÷ ${n(bg)} GB/s = ${formatTimes(slowdown)}`;
  return { style: 'llama.cpp', slowdown, formula };
}

/** A ram_overflow window's hours: nvinx's 3–5×, or the hardware card's bandwidths' slowdown. */
export function overflowHours(
  hint: Parameters<typeof hintSlowdown>[0],
  hardware: Bandwidths,
  hours: number,
): { lo: number; hi: number } {
  const est = hintSlowdown(hint, hardware);
  return est === null
    ? { lo: hours * OVERFLOW_SLOWDOWN.min, hi: hours * OVERFLOW_SLOWDOWN.max }
    : { lo: hours * est.lo, hi: hours * est.hi };
}
