/**
 * A model across GPUs (issue 18): the planner's `multi_gpu_split(model, gpus, headroom_gb=0.5)`,
 * beside nvinx's three patterns. The model's weights fill the listed GPUs in index order, each
 * up to its VRAM − headroom (accelerate fills the devices of `max_memory` in that order: its
 * `get_max_memory` lists the GPUs by index, then the CPU), the rest goes
 * to system RAM, as nvinx's Pattern C spills one GPU. With one GPU it gives exactly Pattern C's
 * `max_memory`.
 *
 * Its time, per token at batch 1 (every weight is read once; the layers run one GPU after
 * another, so the GPUs' reads add up, they do not overlap):
 *   t  = Σ part_k ÷ B_gpu,k + cpu ÷ B_(RAM or PCIe)
 *   t0 = total ÷ B_gpu of the first GPU (the card's `hours` are read as the model all in that GPU's VRAM)
 * and the slowdown is t ÷ t0 (the spilled part as in `overflow-time.ts`, in both styles). The
 * interconnect's share: each token hands the hidden state (hidden size × 2 B) from one GPU to
 * the next, (GPUs − 1) × that ÷ B_interconnect — microseconds against milliseconds of weight
 * reads, so it is computed and said, and left out of the figure.
 */
import { gpuHardware, gpusOf } from './bench-gpus';
import { readSlowdown, spillSlowdown, usable, formatTimes, type ReadPath, type StyleEstimate } from './overflow-time';
import { formatFixed, formatRepr, gb } from './pyformat';
import {
  DEFAULT_HEADROOM_GB,
  OVERFLOW_SLOWDOWN,
  PlanRefusal,
  type Hardware,
  type ModelCard,
  type SplitHint,
} from './types';
import { listNames } from './words';

/** nvinx's GiB string: one decimal, Python's rounding (`"11.5GiB"`), as Pattern C writes it. */
const gib = (x: number): string => `${formatFixed(x, 1)}GiB`;

/** The model's whole footprint: its `ram_gb_needed` (Pattern C's reading), else its `vram_gb`. */
export const splitTotal = (m: ModelCard): number => m.ram_gb_needed ?? m.vram_gb;

/**
 * Split `model` over the bench's GPUs `gpus` (indices, in fill order). Refuses, with the
 * numbers and a fix: a card that cannot be split (CPU_ONLY or GPU_SHARED; no
 * `ram_overflow_supported`), a GPU list that is empty, repeats or names a GPU the bench does
 * not have, a spill larger than the bench's RAM.
 */
export function multiGpuSplit(
  model: ModelCard,
  hw: Hardware,
  gpus: readonly number[],
  headroomGb: number = DEFAULT_HEADROOM_GB,
): SplitHint {
  const all = gpusOf(hw);
  if (gpus.length === 0) {
    throw new PlanRefusal(
      'split_gpus',
      `multi_gpu_split of ${model.name} names no GPU`,
      `List the GPUs to split ${model.name} over (the bench has ${all.length}: 0–${all.length - 1}).`,
    );
  }
  const bad = gpus.filter((k) => gpuHardware(hw, k) === null);
  if (bad.length > 0) {
    throw new PlanRefusal(
      'unknown_gpu',
      `multi_gpu_split of ${model.name} names GPU ${listNames(bad.map(String))}; the bench has ${all.length} GPU(s), 0–${all.length - 1}`,
      `Pick GPUs between 0 and ${all.length - 1}, or add a GPU to the hardware card.`,
    );
  }
  if (new Set(gpus).size !== gpus.length) {
    throw new PlanRefusal(
      'split_gpus',
      `multi_gpu_split of ${model.name} names a GPU twice (${gpus.join(', ')})`,
      `Name each GPU once.`,
    );
  }
  if (model.residency === 'CPU_ONLY' || model.residency === 'GPU_SHARED') {
    throw new PlanRefusal(
      'not_splittable',
      `multi_gpu_split needs a GPU_RAM_OVERFLOW or GPU_EXCLUSIVE model; ${model.name} is ${model.residency}`,
      model.residency === 'CPU_ONLY'
        ? `${model.name} runs on the CPU: give it a window's candidates instead.`
        : `Plan ${model.name} in a fractional_coresidency window, or mark it GPU_EXCLUSIVE.`,
    );
  }
  if (!model.ram_overflow_supported) {
    throw new PlanRefusal(
      'no_overflow_support',
      `${model.name} does not declare ram_overflow_supported: true (its runtime must place layers on several devices)`,
      `Set ram_overflow_supported: true if its runtime can (accelerate's device_map="auto", llama.cpp's --tensor-split), ` +
        `or run it on one GPU.`,
    );
  }
  const total = splitTotal(model);
  let left = total;
  const parts = [...gpus]
    .sort((a, b) => a - b)
    .map((k) => {
      const cap = Math.max(0.0, all[k]!.vram_gb - headroomGb);
      const part = Math.min(cap, left);
      left -= part;
      return { gpu: k, cap_gb: cap, gb: part };
    });
  const cpu = Math.max(0.0, left);
  if (cpu > 0 && cpu > hw.ram_gb) {
    throw new PlanRefusal(
      'exceeds_ram',
      `${model.name} needs ${formatRepr(total)} GB; its GPUs hold ${gb(total - cpu)} GB and the other ` +
        `${gb(cpu)} GB exceeds the bench's ${formatRepr(hw.ram_gb)} GB of RAM`,
      `Add system RAM (at least ${gb(cpu)} GB), split over more GPUs, or quantize the model.`,
    );
  }
  const onGpus = total - cpu;
  // Pattern C's max_memory: each GPU's cap, then the part left to RAM (one GPU: exactly nvinx's hint).
  const maxMemory: Record<string, string> = {};
  for (const p of parts) maxMemory[String(p.gpu)] = gib(p.cap_gb);
  maxMemory.cpu = gib(Math.max(0.0, total - parts.reduce((s, p) => s + p.cap_gb, 0)));
  // llama.cpp reads --tensor-split as proportions: each GPU's part in GB (one decimal) is one.
  const tensorSplit = onGpus > 0 ? parts.map((p) => formatFixed(p.gb, 1)).join(',') : '';
  return {
    device_map: 'auto',
    max_memory: maxMemory,
    tensor_split: tensorSplit,
    notes:
      `multi_gpu_split: ${model.name} split across ` +
      parts.map((p) => `GPU ${p.gpu} (${formatFixed(p.gb, 1)} GB)`).join(', ') +
      ` and system RAM (${formatFixed(cpu, 1)} GB).`,
    model,
    parts,
    total_gb: total,
    cpu_gb: cpu,
    headroom_gb: headroomGb,
  };
}

const formatMicro = (s: number) => `${Number((s * 1e6).toPrecision(2))} µs`;
const formatMilli = (s: number) => `${Number((s * 1e3).toPrecision(3))} ms`;

/** Bytes of the hidden state handed from one GPU to the next per token, when the card gives no hidden size (8192 × 2 B, a 70B model's). */
const DEFAULT_HANDOFF_BYTES = 8192 * 2;

export interface SplitEstimate {
  readonly lo: number;
  readonly hi: number;
  /** Each style the bandwidths allow (only when a part spills to RAM), lo first. */
  readonly styles: readonly StyleEstimate[];
  /** The formula with the figures written in, when the GPU part alone decides (nothing spilled). */
  readonly formula: string | null;
  /** In words: what the figure rests on. */
  readonly basis: string;
  /** Seconds per token the hand-offs between GPUs take over the interconnect (null: none, or no interconnect given); left out of the figure. */
  readonly handoff_s: number | null;
}

/**
 * The split's slowdown against the model all in the VRAM of its fastest GPU (the card's hours
 * are hours on one GPU, and no split beats its fastest GPU holding it all; the figure does not
 * depend on the order the GPUs are listed in, and is never below 1× when nothing spills): from the GPUs'
 * bandwidths (every GPU must give one), the interconnect's share and the spilled part as in
 * the overflow model; without the GPUs' bandwidths, 1× when nothing spills (the GPUs taken as
 * fast as one another) and nvinx's stated 3–5× when something does.
 */
export function splitSlowdown(hint: SplitHint, hw: Hardware): SplitEstimate {
  const all = gpusOf(hw);
  const used = hint.parts.filter((p) => p.gb > 0);
  const hops = Math.max(0, used.length - 1);
  const hidden = hint.model.vram_estimate?.hidden_size;
  const handoffBytes = usable(hidden) ? hidden * 2 : DEFAULT_HANDOFF_BYTES;
  const ic = hw.interconnect_gbps;
  const bws = hint.parts.map((p) => all[p.gpu]?.gpu_bandwidth_gbps);
  const ref = bws.every(usable) ? Math.max(...bws) : undefined;
  const paths: ReadPath[] = hint.parts.map((p, i) => ({ gb: p.gb, gbps: bws[i] ?? 0, via: '' }));
  const total = hint.total_gb;
  const handoff_s = hops > 0 && usable(ic) ? (hops * handoffBytes) / 1e9 / ic : null;
  // Seconds per token reading the GPUs' weights, to weigh the hand-offs against.
  const readS = bws.every(usable) ? hint.parts.reduce((t, p, i) => t + p.gb / bws[i]!, 0) : null;
  const handoffWords =
    hops === 0
      ? ''
      : handoff_s !== null
        ? `; the ${hops} hand-off(s) of the hidden state per token (${usable(hidden) ? `hidden size ${hidden}` : 'assumed 8192'} × 2 B) ` +
          `over the ${formatRepr(ic!)} GB/s interconnect take ${formatMicro(handoff_s)} per token` +
          (readS !== null ? ` against ${formatMilli(readS)} reading the weights: left out` : ': left out')
        : '; the hand-offs between GPUs (a few KB of hidden state per token) are left out: no interconnect_gbps given';
  if (!bws.every(usable) || !usable(ref)) {
    if (hint.cpu_gb <= 0) {
      return {
        lo: 1,
        hi: 1,
        styles: [],
        formula: null,
        basis: `as fast as on one GPU (no GPU bandwidths on the card: the GPUs taken as fast as one another)${handoffWords}`,
        handoff_s,
      };
    }
    return {
      lo: OVERFLOW_SLOWDOWN.min,
      hi: OVERFLOW_SLOWDOWN.max,
      styles: [],
      formula: null,
      basis: `layers run from system RAM; nvinx's stated slowdown (no GPU bandwidths on the card)`,
      handoff_s,
    };
  }
  const gpuPaths = paths;
  if (hint.cpu_gb <= 0) {
    const { slowdown, formula } = readSlowdown(gpuPaths, total, ref);
    return {
      lo: slowdown,
      hi: slowdown,
      styles: [],
      formula,
      basis: `${formatTimes(slowdown)}: every GPU reads its own part at its own bandwidth, one after another${handoffWords}`,
      handoff_s,
    };
  }
  // The spilled layers: llama.cpp runs them on the CPU from RAM; accelerate streams them over the first GPU's PCIe link.
  const first = gpuHardware(hw, hint.parts[0]!.gpu)!;
  const est = spillSlowdown(gpuPaths, hint.cpu_gb, total, ref, {
    ...(hw.ram_bandwidth_gbps === undefined ? {} : { ram_bandwidth_gbps: hw.ram_bandwidth_gbps }),
    ...(first.pcie_bandwidth_gbps === undefined ? {} : { pcie_bandwidth_gbps: first.pcie_bandwidth_gbps }),
  });
  if (est === null) {
    return {
      lo: OVERFLOW_SLOWDOWN.min,
      hi: OVERFLOW_SLOWDOWN.max,
      styles: [],
      formula: null,
      basis: `layers run from system RAM; nvinx's stated slowdown (no RAM or PCIe bandwidth on the card)`,
      handoff_s,
    };
  }
  return { lo: est.lo, hi: est.hi, styles: est.styles, formula: null, basis: `${est.basis}${handoffWords}`, handoff_s };
}

/**
 * A split's `max_memory` as the job sees its GPUs when a scheduler grants it only them (Slurm,
 * Kubernetes, Ray and SkyPilot set CUDA_VISIBLE_DEVICES to the granted GPUs, numbered 0 to n−1):
 * the same caps, the bench's GPU indices renumbered in their order, then "cpu".
 */
export function grantedMaxMemory(hint: SplitHint): Record<string, string> {
  const out: Record<string, string> = {};
  hint.parts.forEach((p, i) => (out[String(i)] = hint.max_memory[String(p.gpu)]!));
  out.cpu = hint.max_memory.cpu!;
  return out;
}
