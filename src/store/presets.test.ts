import { describe, expect, it } from 'vitest';
import { checkBench } from '../core/bench-check';
import { footprintOf, vramGbOf } from '../core/footprint';
import { GPU_CATALOG, hardwareFromGpu } from '../core/gpus';
import { planBench } from '../core/day';
import { gpusOf } from '../core/bench-gpus';
import { timeDay } from '../core/timing';
import { benchOrigin, PRESETS } from './presets';
import { defaultBench } from './presets/default';

describe('benchOrigin', () => {
  it('tells a preset as it loads, the same preset edited, and a bench of the user’s own', () => {
    for (const p of PRESETS) expect(benchOrigin(p.bench())).toEqual({ kind: 'preset', preset: p });
    const b = defaultBench();
    const edited = { ...b, models: b.models.map((m, i) => (i === 0 ? { ...m, vram_gb: 2 } : m)) };
    expect(benchOrigin(edited)).toEqual({ kind: 'edited', preset: PRESETS[0] });
    expect(benchOrigin({ ...edited, models: edited.models.slice(1) })).toMatchObject({ kind: 'edited' });
    expect(benchOrigin({ ...b, name: 'mine' })).toEqual({ kind: 'yours' });
    const { name: _n, ...unnamed } = b;
    expect(benchOrigin(unnamed)).toEqual({ kind: 'yours' });
  });
});

describe('the RTX 3060 preset', () => {
  it('reads as plain YAML, and every GPU card’s VRAM is its kept estimate’s total (no typed figure)', () => {
    const p = PRESETS.find((x) => x.id === 'rtx3060')!;
    const b = p.bench();
    expect(checkBench(b)).toEqual([]);
    const gpu = b.models.filter((m) => m.residency !== 'CPU_ONLY');
    expect(gpu.length).toBeGreaterThan(5);
    for (const m of gpu) {
      expect(m.vram_source).toBe('estimated');
      const r = footprintOf(m.vram_estimate!);
      if ('error' in r) throw new Error(r.error);
      expect(m.vram_gb).toBe(vramGbOf(r.footprint.totalGb));
    }
    // Its hardware is the catalog's RTX 3060 12 GB, DDR4-3200 dual channel.
    const gpu3060 = GPU_CATALOG.find((g) => g.id === 'rtx-3060-12')!;
    expect(b.hardware).toMatchObject({ ...hardwareFromGpu(gpu3060), ram_bandwidth_gbps: 51.2 });
    // The spilled model needs its whole footprint in RAM, as nvinx's ram_gb_needed asks.
    const spill = b.models.find((m) => m.residency === 'GPU_RAM_OVERFLOW')!;
    expect(spill.ram_gb_needed).toBe(spill.vram_gb);
  });

  it('plans a day that uses all three patterns: the co-resident stack fills the budget and whisper falls back', () => {
    const b = PRESETS.find((x) => x.id === 'rtx3060')!.bench();
    const plan = planBench(b);
    expect(plan.windows.map((w) => w.kind)).toEqual(['plan', 'plan', 'overflow']);
    const morning = plan.windows[1]!;
    if (morning.kind !== 'plan') throw new Error('morning did not plan');
    // Budget 12 − 0.5 = 11.5 GB: 7.5 + 1.85 + 1.76 = 11.11 fits, + 1.24 = 12.35 does not.
    expect(morning.plan.gpu_coresident.map((m) => m.name)).toEqual(['chat_8b_q4', 'reranker', 'embedder']);
    expect(morning.plan.cpu_parallel.map((m) => m.name)).toEqual(['whisper_small']);
  });
});

describe('every preset', () => {
  it('reads with no problem the bench check reports, and plans every window (no refusal) with every card run', () => {
    for (const p of PRESETS) {
      const b = p.bench();
      expect({ preset: p.id, problems: checkBench(b) }).toEqual({ preset: p.id, problems: [] });
      const plan = planBench(b);
      expect({
        preset: p.id,
        refused: plan.windows.filter((w) => w.kind === 'refused').map((w) => w.window.name),
      }).toEqual({ preset: p.id, refused: [] });
      // The empty bench and nvinx's reference benches (composed) may leave cards out; ours do not.
      if (['2x3090', '3090+3060', 'rtx3060'].includes(p.id))
        expect({ preset: p.id, unplaced: plan.unplaced }).toEqual({ preset: p.id, unplaced: [] });
    }
  });
});

describe('the two-GPU presets', () => {
  const load = (id: string) => PRESETS.find((x) => x.id === id)!.bench();
  const catalog = (id: string) => hardwareFromGpu(GPU_CATALOG.find((g) => g.id === id)!);

  it('take their GPUs from the catalog, and every GPU card’s VRAM is its kept estimate’s total', () => {
    const expected = { '2x3090': ['rtx-3090', 'rtx-3090'], '3090+3060': ['rtx-3090', 'rtx-3060-12'] };
    for (const [id, gpus] of Object.entries(expected)) {
      const b = load(id);
      expect(gpusOf(b.hardware)).toEqual(gpus.map(catalog));
      for (const m of b.models.filter((x) => x.residency !== 'CPU_ONLY')) {
        expect(m.vram_source).toBe('estimated');
        const r = footprintOf(m.vram_estimate!);
        if ('error' in r) throw new Error(r.error);
        expect(m.vram_gb).toBe(vramGbOf(r.footprint.totalGb));
      }
    }
  });

  it('2 × RTX 3090: the 70B Q4_K_M model fits neither GPU, splits across both with nothing in RAM, then both serve side by side', () => {
    const b = load('2x3090');
    const big = b.models.find((m) => m.name === 'llama70b_q4')!;
    // Llama 3.1 70B in Q4_K_M: 70,553,706,496 × 4.84 bits ÷ 8 = 42,684,992,430 bytes of weights.
    const r = footprintOf(big.vram_estimate!);
    if ('error' in r) throw new Error(r.error);
    expect(r.footprint.terms.find((t) => t.name === 'weights')!.gb * 2 ** 30).toBeCloseTo(42_684_992_430, -3);
    expect(big.vram_gb).toBeGreaterThan(24);
    const plan = planBench(b);
    const split = plan.windows[0]!;
    if (split.kind !== 'split') throw new Error('the overnight window did not split');
    expect(split.hint.cpu_gb).toBe(0);
    expect(split.hint.parts.map((p) => p.gb)).toEqual([23.5, big.vram_gb - 23.5]);
    const day = timeDay(b, plan);
    // The split holds both GPUs for its 8 h; then GPU 0 serves (8 h) while GPU 1 fine-tunes (6 h).
    expect(day.windows.map((w) => [w.gpus, w.start.lo])).toEqual([
      [[0, 1], 0],
      [[0], 8],
      [[1], 8],
    ]);
    expect(day.planned.lo).toBe(16);
  });

  it('RTX 3090 + RTX 3060: the 13B fp16 model fills the 3090 and puts the rest on the 3060, nothing in RAM', () => {
    const b = load('3090+3060');
    const plan = planBench(b);
    const split = plan.windows[2]!;
    if (split.kind !== 'split') throw new Error('split_13b did not split');
    expect(split.hint.cpu_gb).toBe(0);
    expect(split.hint.parts.map((p) => p.gpu)).toEqual([0, 1]);
    expect(split.hint.parts[0]!.gb).toBe(23.5);
    // The fine-tune (6 h, GPU 0) and the chat stack (4 h, GPU 1) side by side; the split waits for both.
    const day = timeDay(b, plan);
    expect(day.windows[2]!.start.lo).toBe(6);
    // Its 2 h are read as all on the 3090; the 3060's part reads at 360 GB/s, not 936:
    // 2 × (23.5/936 + 7.62/360) ÷ (31.12/936) = 2.78 h.
    const rest = 31.12 - 23.5;
    expect(day.planned.lo).toBeCloseTo(6 + (2 * (23.5 / 936 + rest / 360)) / (31.12 / 936), 6);
  });
});
