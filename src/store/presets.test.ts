import { describe, expect, it } from 'vitest';
import { checkBench } from '../core/bench-check';
import { footprintOf, vramGbOf } from '../core/footprint';
import { GPU_CATALOG, hardwareFromGpu } from '../core/gpus';
import { planBench } from '../core/day';
import { benchOrigin, defaultBench, PRESETS } from './presets';

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
