import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbCard, arbHardware } from '../test/arbitraries';
import { makeCard } from '../test/cards';
import { gpuHardware, gpusOf, withGpus } from './bench-gpus';
import { ramOverflow } from './patterns';
import { multiGpuSplit, splitSlowdown } from './split';
import { PlanRefusal, type Hardware } from './types';

const twelve = { vram_gb: 12 };
const bench2x12: Hardware = { vram_gb: 12, ram_gb: 64, cpu_cores: 8, more_gpus: [twelve] };
const big = (gb: number, over: Partial<Parameters<typeof makeCard>[0]> = {}) =>
  makeCard({ name: 'big', vram_gb: gb, residency: 'GPU_EXCLUSIVE', ram_overflow_supported: true, ...over });

const refusal = (f: () => unknown): PlanRefusal => {
  try {
    f();
  } catch (e) {
    if (e instanceof PlanRefusal) return e;
    throw e;
  }
  throw new Error('no refusal');
};

describe('multi_gpu_split', () => {
  it('puts a 20 GB model on 2 × 12 GB with no RAM part', () => {
    const h = multiGpuSplit(big(20), bench2x12, [0, 1]);
    expect(h.parts).toEqual([
      { gpu: 0, cap_gb: 11.5, gb: 11.5 },
      { gpu: 1, cap_gb: 11.5, gb: 8.5 },
    ]);
    expect(h.cpu_gb).toBe(0);
    expect(h.max_memory).toEqual({ '0': '11.5GiB', '1': '11.5GiB', cpu: '0.0GiB' });
    expect(Object.keys(h.max_memory)).toEqual(['0', '1', 'cpu']);
    expect(h.tensor_split).toBe('11.5,8.5');
    expect(h.device_map).toBe('auto');
    expect(h.notes).toBe('multi_gpu_split: big split across GPU 0 (11.5 GB), GPU 1 (8.5 GB) and system RAM (0.0 GB).');
  });

  it('fills the GPUs in index order (as accelerate lists them), whatever order the window names them in', () => {
    const hw = withGpus(bench2x12, [{ vram_gb: 24 }, { vram_gb: 8 }]);
    const h = multiGpuSplit(big(30, { ram_gb_needed: 30 }), hw, [1, 0]);
    expect(h.parts.map((p) => [p.gpu, p.gb])).toEqual([
      [0, 23.5],
      [1, 6.5],
    ]);
  });

  it('spills what the GPUs cannot hold to RAM, as Pattern C does', () => {
    const h = multiGpuSplit(big(14, { residency: 'GPU_RAM_OVERFLOW', ram_gb_needed: 30 }), bench2x12, [0, 1]);
    expect(h.total_gb).toBe(30);
    expect(h.cpu_gb).toBe(7);
    expect(h.max_memory).toEqual({ '0': '11.5GiB', '1': '11.5GiB', cpu: '7.0GiB' });
  });

  it("on one GPU gives exactly Pattern C's max_memory", () => {
    fc.assert(
      fc.property(arbHardware, arbCard('m'), fc.integer({ min: 0, max: 20 }), (hw, card, h) => {
        const m = { ...card, residency: 'GPU_RAM_OVERFLOW' as const, ram_overflow_supported: true };
        fc.pre(m.ram_gb_needed !== null && m.ram_gb_needed <= hw.ram_gb);
        const c = ramOverflow(m, hw, h / 10);
        const s = multiGpuSplit(m, hw, [0], h / 10);
        expect(s.max_memory).toEqual(c.max_memory);
        expect(s.cpu_gb).toBe(c.cpu_gb);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses with the numbers and a fix', () => {
    const shared = refusal(() => multiGpuSplit(big(20, { residency: 'GPU_SHARED' }), bench2x12, [0, 1]));
    expect(shared.code).toBe('not_splittable');
    expect(shared.fix).toMatch(/fractional_coresidency/);
    const noSupport = refusal(() => multiGpuSplit(big(20, { ram_overflow_supported: false }), bench2x12, [0, 1]));
    expect(noSupport.code).toBe('no_overflow_support');
    const gpu = refusal(() => multiGpuSplit(big(20), bench2x12, [0, 2]));
    expect(gpu.code).toBe('unknown_gpu');
    expect(gpu.message).toBe('multi_gpu_split of big names GPU 2; the bench has 2 GPU(s), 0–1');
    expect(refusal(() => multiGpuSplit(big(20), bench2x12, [1, 1])).code).toBe('split_gpus');
    expect(refusal(() => multiGpuSplit(big(20), bench2x12, [])).code).toBe('split_gpus');
    const ram = refusal(() => multiGpuSplit(big(20, { ram_gb_needed: 100 }), bench2x12, [0, 1]));
    expect(ram.code).toBe('exceeds_ram');
    expect(ram.message).toBe(
      "big needs 100.0 GB; its GPUs hold 23.0 GB and the other 77.0 GB exceeds the bench's 64.0 GB of RAM",
    );
    expect(ram.fix).toMatch(/at least 77.0 GB/);
  });
});

describe("the split's time", () => {
  it("is one GPU's speed on two alike GPUs without bandwidths, and says so", () => {
    const e = splitSlowdown(multiGpuSplit(big(20), bench2x12, [0, 1]), bench2x12);
    expect([e.lo, e.hi]).toEqual([1, 1]);
    expect(e.basis).toMatch(/no GPU bandwidths/);
    expect(e.basis).toMatch(/no interconnect_gbps given/);
  });

  it('is measured against its fastest GPU: the slower GPU listed first gives a slower split, never one below 1×', () => {
    const fast = { vram_gb: 24, gpu_bandwidth_gbps: 936 };
    const slow = { vram_gb: 12, gpu_bandwidth_gbps: 360 };
    const base = { vram_gb: 24, ram_gb: 64, cpu_cores: 8 };
    const fastFirst = withGpus(base, [fast, slow]);
    const slowFirst = withGpus(base, [slow, fast]);
    const a = splitSlowdown(multiGpuSplit(big(30), fastFirst, [0, 1]), fastFirst);
    const b = splitSlowdown(multiGpuSplit(big(30), slowFirst, [0, 1]), slowFirst);
    // Slow first: 11.5 GB read at 360 GB/s and 18.5 at 936 — more time per token than 23.5 + 6.5.
    expect(b.formula).toBe('(11.5 GB ÷ 360 GB/s + 18.5 GB ÷ 936 GB/s) ÷ (30 GB ÷ 936 GB/s) = 1.61×');
    expect(b.lo).toBeGreaterThan(a.lo);
    expect(a.lo).toBeGreaterThanOrEqual(1);
  });

  it('reads each GPU part at its own bandwidth, plus the hand-off over the interconnect', () => {
    const hw = withGpus({ vram_gb: 24, ram_gb: 64, cpu_cores: 8, interconnect_gbps: 25 }, [
      { vram_gb: 24, gpu_bandwidth_gbps: 936 },
      { vram_gb: 12, gpu_bandwidth_gbps: 360 },
    ]);
    expect(hw.interconnect_gbps).toBe(25);
    const h = multiGpuSplit(big(30), hw, [0, 1]);
    const e = splitSlowdown(h, hw);
    // (23.5 + 6.5 × 936/360) ÷ 30 = 1.3467, by hand
    expect(e.lo).toBeCloseTo(1.34667, 5);
    expect(e.formula).toBe('(23.5 GB ÷ 936 GB/s + 6.5 GB ÷ 360 GB/s) ÷ (30 GB ÷ 936 GB/s) = 1.35×');
    // One hand-off of 8192 × 2 B over 25 GB/s: 0.66 µs per token, against 43.2 ms of weight reads.
    expect(e.handoff_s).toBeCloseTo(16384e-9 / 25, 15);
    expect(e.basis).toMatch(/take 0\.66 µs per token against 43\.2 ms reading the weights: left out/);
  });

  it("times a RAM part both ways, as the overflow model does (llama.cpp from RAM, accelerate over the first GPU's PCIe)", () => {
    const hw: Hardware = {
      vram_gb: 12,
      ram_gb: 64,
      cpu_cores: 8,
      gpu_bandwidth_gbps: 936,
      pcie_bandwidth_gbps: 25.2,
      ram_bandwidth_gbps: 51.2,
      more_gpus: [{ vram_gb: 12, gpu_bandwidth_gbps: 936, pcie_bandwidth_gbps: 3 }],
    };
    const e = splitSlowdown(multiGpuSplit(big(30, { ram_gb_needed: 30 }), hw, [0, 1]), hw);
    expect(e.lo).toBeCloseTo((23 + (7 * 936) / 51.2) / 30, 12);
    expect(e.hi).toBeCloseTo((23 + (7 * 936) / 25.2) / 30, 12);
    expect(e.basis).toMatch(/llama\.cpp style.*device_map/);
  });

  it("takes nvinx's 3–5× for a spill the card cannot time", () => {
    const e = splitSlowdown(multiGpuSplit(big(30, { ram_gb_needed: 30 }), bench2x12, [0, 1]), bench2x12);
    expect([e.lo, e.hi]).toEqual([3, 5]);
  });
});

describe("the bench's GPUs", () => {
  it('are the card itself on a one-GPU bench, and each GPU its own HardwareSpec on several', () => {
    const one: Hardware = { vram_gb: 8, ram_gb: 32, cpu_cores: 4, model: 'x' };
    expect(gpuHardware(one, 0)).toBe(one);
    expect(gpuHardware(one, 1)).toBeNull();
    const two = withGpus({ ...one, interconnect_gbps: 10, ram_bandwidth_gbps: 50 }, [
      ...gpusOf(one),
      { vram_gb: 24, model: 'y' },
    ]);
    expect(gpuHardware(two, 1)).toEqual({ vram_gb: 24, model: 'y', ram_gb: 32, cpu_cores: 4, ram_bandwidth_gbps: 50 });
    expect(gpuHardware(two, 0)).toEqual({ vram_gb: 8, model: 'x', ram_gb: 32, cpu_cores: 4, ram_bandwidth_gbps: 50 });
    // Back to one GPU: the interconnect goes with the others.
    expect(withGpus(two, [gpusOf(two)[1]!])).toEqual({
      vram_gb: 24,
      model: 'y',
      ram_gb: 32,
      cpu_cores: 4,
      ram_bandwidth_gbps: 50,
    });
  });
});
