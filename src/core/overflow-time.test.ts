import { describe, expect, it } from 'vitest';
import { GPU_CATALOG, pcieEffectiveGbps } from './gpus';
import { expertsInRamSlowdown, farWorseThan, overflowSlowdown } from './overflow-time';
import { overflowFixes, quantizedSizes } from './overflow-fixes';

/**
 * A llama.cpp `-ngl` sweep: Qwen2.5-Coder-14B Q4_K_M (48 layers; the file ≈ 8.99 GB) on an
 * RTX 5060 Ti (448 GB/s spec), i7-8700 with DDR4-2400 dual channel (38.4 GB/s spec), batch 1.
 * Source: InventiveHQ Lab, "The VRAM Cliff: 15× Slower the Moment Layers Spill to CPU",
 * https://inventivehq.com/blog/vram-offload-cliff-gpu-layers-benchmark (rig:
 * https://inventivehq.com/blog/local-llm-benchmarks). Tokens per second by layers on the GPU.
 */
const SWEEP = { 48: 43.18, 40: 12.5, 32: 7.26, 24: 5.61 } as const;
const FILE_GB = 8.99;
const LAYERS = 48;

/** The model's seconds per token at `ngl` layers on the GPU, from two bandwidths. */
function secondsPerToken(ngl: number, bg: number, br: number): number {
  const split = { total_gb: FILE_GB, cpu_gb: (FILE_GB * (LAYERS - ngl)) / LAYERS };
  const e = overflowSlowdown(split, { gpu_bandwidth_gbps: bg, ram_bandwidth_gbps: br })!;
  return e.lo * (FILE_GB / bg); // slowdown × the all-in-VRAM time
}

describe('the bandwidth model against a llama.cpp -ngl sweep', () => {
  // Fit the two bandwidths from the end points only: 48/48 gives B_gpu, 24/48 then gives B_ram.
  const bg = FILE_GB * SWEEP[48]; // t48 = S / B_gpu
  const br = FILE_GB / 2 / (1 / SWEEP[24] - FILE_GB / 2 / bg); // t24 = S/2 ÷ B_gpu + S/2 ÷ B_ram

  // The fit gives plausible bandwidths: B_gpu ≈ 388 GB/s (87 % of the card's 448) and
  // B_ram ≈ 27 GB/s (70 % of DDR4-2400's 38.4).
  it('the model, fed the fitted bandwidths, reproduces the sweep’s end points', () => {
    expect(1 / secondsPerToken(48, bg, br)).toBeCloseTo(SWEEP[48], 6);
    expect(1 / secondsPerToken(24, bg, br)).toBeCloseTo(SWEEP[24], 6);
  });

  it.each([40, 32] as const)('predicts %i of 48 layers on the GPU within ±15 percent', (ngl) => {
    const predicted = 1 / secondsPerToken(ngl, bg, br);
    const measured = SWEEP[ngl];
    expect(Math.abs(predicted - measured) / measured).toBeLessThan(0.15);
  });

  it('predicts the slowdowns against all-in-VRAM (3.45× and 5.95× measured) within ±15%', () => {
    for (const ngl of [40, 32] as const) {
      const e = overflowSlowdown(
        { total_gb: FILE_GB, cpu_gb: (FILE_GB * (LAYERS - ngl)) / LAYERS },
        { gpu_bandwidth_gbps: bg, ram_bandwidth_gbps: br },
      )!;
      const measured = SWEEP[48] / SWEEP[ngl];
      expect(Math.abs(e.lo - measured) / measured).toBeLessThan(0.15);
    }
  });
});

describe("accelerate's big-model benchmark: OPT-30B fp16 with 14.1 GB offloaded to the CPU", () => {
  // huggingface/accelerate benchmarks/big_model_inference/README.md: two Titan RTX (672 GB/s
  // each, PCIe 3.0 ×16), 20.7 GB + 22.3 GB on the GPUs, 14.1 GB on the CPU, 2.37 s per token.
  const total = 20.7 + 22.3 + 14.1;
  const titan = 672;
  const time = (pcie: number) =>
    overflowSlowdown({ total_gb: total, cpu_gb: 14.1 }, { gpu_bandwidth_gbps: titan, pcie_bandwidth_gbps: pcie })!.hi *
    (total / titan);

  it('about 6 GB/s of effective PCIe reproduces 2.37 s per token (within 5%)', () => {
    expect(Math.abs(time(6) - 2.37) / 2.37).toBeLessThan(0.05);
  });

  it('the catalog’s 80% rule for PCIe 3.0 ×16 (12.6 GB/s) is about twice as fast as accelerate measured', () => {
    expect(pcieEffectiveGbps(3, 16)).toBe(12.6);
    const ratio = 2.37 / time(12.6);
    expect(ratio).toBeGreaterThan(1.9);
    expect(ratio).toBeLessThan(2.1);
  });
});

describe('overflowSlowdown', () => {
  // The default 4 GB bench: big_folder (10 GB) spills 6.5 GB; a 4 GB laptop GPU at 192 GB/s,
  // PCIe 3.0 ×8 (0.985 × 8 × 0.8 = 6.3 GB/s effective), DDR4-3200 dual channel (51.2 GB/s).
  const bw = { gpu_bandwidth_gbps: 192, pcie_bandwidth_gbps: 6.3, ram_bandwidth_gbps: 51.2 };

  it('the default bench: 2.79× llama.cpp style to 20.16× accelerate style (by hand)', () => {
    const e = overflowSlowdown({ total_gb: 10, cpu_gb: 6.5 }, bw)!;
    // (3.5 + 6.5 × 192 / 51.2) / 10 = (3.5 + 24.375) / 10 = 2.7875
    expect(e.lo).toBeCloseTo(2.7875, 10);
    // (3.5 + 6.5 × 192 / 6.3) / 10 = (3.5 + 198.0952…) / 10 = 20.1595…
    expect(e.hi).toBeCloseTo(20.15952, 4);
    expect(e.styles.map((s) => s.style)).toEqual(['llama.cpp', 'accelerate']);
    expect(e.styles[0]!.formula).toBe('(3.5 GB ÷ 192 GB/s + 6.5 GB ÷ 51.2 GB/s RAM) ÷ (10 GB ÷ 192 GB/s) = 2.79×');
    expect(e.styles[1]!.formula).toBe('(3.5 GB ÷ 192 GB/s + 6.5 GB ÷ 6.3 GB/s PCIe) ÷ (10 GB ÷ 192 GB/s) = 20.16×');
    expect(e.basis).toBe(
      '2.79× when the spilled layers run on the CPU from RAM (llama.cpp style); ' +
        '20.16× when the spilled weights cross PCIe every forward pass (accelerate\'s device_map="auto")',
    );
    expect(farWorseThan(e, 5)).toBe(true);
  });

  it('is null without the GPU bandwidth, or without both PCIe and RAM', () => {
    const split = { total_gb: 10, cpu_gb: 6.5 };
    expect(overflowSlowdown(split, {})).toBeNull();
    expect(overflowSlowdown(split, { pcie_bandwidth_gbps: 6.3, ram_bandwidth_gbps: 51.2 })).toBeNull();
    expect(overflowSlowdown(split, { gpu_bandwidth_gbps: 192 })).toBeNull();
    expect(overflowSlowdown(split, { gpu_bandwidth_gbps: 0, pcie_bandwidth_gbps: 6.3 })).toBeNull();
  });

  it('one path known: a point, lo = hi, saying which', () => {
    const e = overflowSlowdown({ total_gb: 10, cpu_gb: 6.5 }, { gpu_bandwidth_gbps: 192, pcie_bandwidth_gbps: 6.3 })!;
    expect(e.lo).toBe(e.hi);
    expect(e.styles.map((s) => s.style)).toEqual(['accelerate']);
    expect(e.basis).toMatch(/^20\.16×: the spilled weights cross PCIe/);
  });

  it('orders the ends by value: a link faster than RAM puts accelerate style first', () => {
    const e = overflowSlowdown(
      { total_gb: 10, cpu_gb: 5 },
      { gpu_bandwidth_gbps: 100, pcie_bandwidth_gbps: 50, ram_bandwidth_gbps: 25 },
    )!;
    // accelerate: (5 + 5 × 2) / 10 = 1.5; llama.cpp: (5 + 5 × 4) / 10 = 2.5
    expect(e.lo).toBe(1.5);
    expect(e.hi).toBe(2.5);
    expect(e.styles.map((s) => s.style)).toEqual(['accelerate', 'llama.cpp']);
  });

  it('a model that does not spill is 1×; one wholly in RAM is B_gpu ÷ B_path', () => {
    expect(overflowSlowdown({ total_gb: 3, cpu_gb: 0 }, bw)).toMatchObject({ lo: 1, hi: 1 });
    const all = overflowSlowdown({ total_gb: 4, cpu_gb: 4 }, bw)!;
    expect(all.lo).toBeCloseTo(192 / 51.2, 10);
    expect(all.hi).toBeCloseTo(192 / 6.3, 10);
    // A spilled part larger than the model (inconsistent input) is clamped to the model.
    expect(overflowSlowdown({ total_gb: 4, cpu_gb: 9 }, bw)!.hi).toBeCloseTo(192 / 6.3, 10);
    expect(overflowSlowdown({ total_gb: 0, cpu_gb: 0 }, bw)).toMatchObject({ lo: 1, hi: 1 });
  });

  it('quantized sizes: int8 half, int4 a quarter of a 16-bit model', () => {
    expect(quantizedSizes(10)).toEqual({ int8: 5, int4: 2.5 });
  });

  it('what would fix the default bench’s spill: int4 fits 3.5 GB, int8 does not; the 12 GB cards hold 10 GB', () => {
    const f = overflowFixes(10, 3.5, 0.5);
    expect(f.quantized).toEqual([
      { name: 'int8', gb: 5, fits: false },
      { name: 'int4', gb: 2.5, fits: true },
    ]);
    expect(f.cards.map((g) => g.vram_gb)).toEqual([12, 12, 12]);
    // Nothing in the catalog holds 40 GB.
    expect(overflowFixes(40, 3.5, 0.5).cards).toEqual([]);
    expect(farWorseThan({ lo: 2, hi: 9.9, styles: [], basis: '', total_gb: 1, gpu_gb: 0, cpu_gb: 1 }, 5)).toBe(false);
  });

  it('the catalog has a row for the sweep’s card with its spec figures', () => {
    const g = GPU_CATALOG.find((x) => x.id === 'rtx-5060-ti-16')!;
    expect(g).toMatchObject({ vram_gb: 16, bandwidth_gbps: 448 });
  });
});

describe('experts in RAM (llama.cpp --n-cpu-moe)', () => {
  it('a token reads its share of the experts, those in RAM at the RAM’s bandwidth', () => {
    // 2 GB dense, 16 GB of experts of which 8 GB in RAM, 1/8 read per token; 400 GB/s VRAM, 50 GB/s RAM.
    const e = expertsInRamSlowdown(
      { dense_gb: 2, experts_gb: 16, ram_experts_gb: 8, active_fraction: 0.125 },
      { gpu_bandwidth_gbps: 400, ram_bandwidth_gbps: 50 },
    )!;
    // t0 = (2 + 2) / 400 = 0.01; t = (2 + 1) / 400 + 1 / 50 = 0.0275: 2.75×.
    expect(e.slowdown).toBeCloseTo(2.75, 12);
    expect(e.formula).toContain('= 2.75×');
    expect(
      expertsInRamSlowdown(
        { dense_gb: 2, experts_gb: 16, ram_experts_gb: 0, active_fraction: 0.125 },
        {
          gpu_bandwidth_gbps: 400,
          ram_bandwidth_gbps: 50,
        },
      )!.slowdown,
    ).toBe(1);
    expect(
      expertsInRamSlowdown(
        { dense_gb: 2, experts_gb: 16, ram_experts_gb: 8, active_fraction: 0.125 },
        {
          gpu_bandwidth_gbps: 400,
        },
      ),
    ).toBeNull();
  });
});
