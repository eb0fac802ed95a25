/**
 * The bench's GPUs as one list (issue 18). GPU 0 lives in the hardware card's own fields
 * (`vram_gb`, `model`, `gpu_bandwidth_gbps`, `pcie_bandwidth_gbps`), so a one-GPU bench is
 * nvinx's `HardwareSpec` unchanged; GPUs 1, 2, … are `more_gpus`. Every window that runs on
 * one GPU is planned by nvinx's pattern on that GPU's own `HardwareSpec` (`gpuHardware`).
 */
import type { BenchGpu, Hardware, WindowSpec } from './types';

/** Every GPU of the bench, GPU 0 first. */
export function gpusOf(hw: Hardware): readonly BenchGpu[] {
  const first: BenchGpu = {
    vram_gb: hw.vram_gb,
    ...(hw.model === undefined ? {} : { model: hw.model }),
    ...(hw.gpu_bandwidth_gbps === undefined ? {} : { gpu_bandwidth_gbps: hw.gpu_bandwidth_gbps }),
    ...(hw.pcie_bandwidth_gbps === undefined ? {} : { pcie_bandwidth_gbps: hw.pcie_bandwidth_gbps }),
  };
  return [first, ...(hw.more_gpus ?? [])];
}

/** How many GPUs the bench has (at least 1). */
export const gpuCount = (hw: Hardware): number => 1 + (hw.more_gpus?.length ?? 0);

/**
 * The hardware card with these GPUs (at least one): GPU 0 into the card's own fields, the
 * rest into `more_gpus` (dropped when there is none, with the interconnect, which only a
 * bench of several GPUs has).
 */
export function withGpus(hw: Hardware, gpus: readonly BenchGpu[]): Hardware {
  const [first, ...rest] = gpus;
  if (first === undefined) throw new Error('a bench has at least one GPU');
  const {
    model: _m,
    gpu_bandwidth_gbps: _g,
    pcie_bandwidth_gbps: _p,
    more_gpus: _more,
    interconnect_gbps,
    ...shared
  } = hw;
  return {
    ...shared,
    ...first,
    ...(rest.length === 0 ? {} : { more_gpus: rest }),
    ...(rest.length === 0 || interconnect_gbps === undefined ? {} : { interconnect_gbps }),
  };
}

const specs = new WeakMap<Hardware, Hardware[]>();

/**
 * GPU k's `HardwareSpec`: its VRAM, model and bandwidths, with the bench's RAM, cores and
 * RAM bandwidth. A one-GPU bench's GPU 0 is the hardware card itself (the very object).
 * Null for an index the bench does not have.
 */
export function gpuHardware(hw: Hardware, k: number): Hardware | null {
  if (!Number.isInteger(k) || k < 0 || k >= gpuCount(hw)) return null;
  if (hw.more_gpus === undefined && hw.interconnect_gbps === undefined) return hw;
  let cached = specs.get(hw);
  if (cached === undefined) {
    const {
      more_gpus: _more,
      interconnect_gbps: _i,
      model: _m,
      gpu_bandwidth_gbps: _g,
      pcie_bandwidth_gbps: _p,
      ...shared
    } = hw;
    cached = gpusOf(hw).map((g) => ({ ...shared, ...g }));
    specs.set(hw, cached);
  }
  return cached[k]!;
}

/** The GPUs a window holds: its `gpus` (a split), else its `gpu` (default 0). */
export function windowGpus(w: WindowSpec): readonly number[] {
  return w.pattern === 'multi_gpu_split' ? w.gpus : [w.gpu ?? 0];
}

/** "GPU 1", or "GPU 1 (RTX 3060)" when it has a model name. */
export function gpuLabel(hw: Hardware, k: number): string {
  const g = gpusOf(hw)[k];
  return g?.model === undefined || g.model === '' ? `GPU ${k}` : `GPU ${k} (${g.model})`;
}
