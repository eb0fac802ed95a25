import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbBenchGpu, arbGpusBench } from '../test/arbitraries';
import { makeCard } from '../test/cards';
import { gpuCount, gpusOf, windowGpus } from './bench-gpus';
import { checkBench, hasErrors } from './bench-check';
import { addGpus, addWindow, convertWindow, onGpu, removeGpu, setGpu, setGpus, windowsOnGpu } from './edits';
import { fewestGpusHolding, splitAdvice } from './split-advice';
import type { Bench, Hardware, WindowSpec } from './types';

const hw3: Hardware = {
  vram_gb: 24,
  ram_gb: 64,
  cpu_cores: 8,
  model: 'A',
  more_gpus: [{ vram_gb: 12, model: 'B' }, { vram_gb: 8 }],
  interconnect_gbps: 25,
};
const windows: WindowSpec[] = [
  { name: 'w0', pattern: 'serial_handoff', gpu_job: 'big', candidates: [] },
  { name: 'w1', pattern: 'fractional_coresidency', candidates: [], headroom_gb: 0.5, gpu: 1 },
  { name: 'w2', pattern: 'ram_overflow', model: 'big', headroom_gb: 0.5, gpu: 2 },
  { name: 's', pattern: 'multi_gpu_split', model: 'big', gpus: [0, 1, 2], headroom_gb: 0.5 },
];
const split12: WindowSpec = { name: 's', pattern: 'multi_gpu_split', model: 'big', gpus: [1, 2], headroom_gb: 0.5 };
const bench: Bench = {
  hardware: hw3,
  models: [
    makeCard({
      name: 'big',
      vram_gb: 20,
      residency: 'GPU_EXCLUSIVE',
      ram_overflow_supported: true,
      ram_gb_needed: 20,
    }),
  ],
  windows,
};

describe('GPU edits', () => {
  it('removes a GPU: later GPUs move down, its windows move to GPU 0, a split drops it', () => {
    expect(windowsOnGpu(bench, 1)).toEqual(['w1', 's']);
    const b = removeGpu(bench, 1);
    expect(gpusOf(b.hardware)).toEqual([{ vram_gb: 24, model: 'A' }, { vram_gb: 8 }]);
    expect(b.hardware.interconnect_gbps).toBe(25);
    expect(b.windows!.map(windowGpus)).toEqual([[0], [0], [1], [0, 1]]);
    // GPU 0 is written by leaving the key out.
    expect('gpu' in b.windows![1]!).toBe(false);
    expect(hasErrors(checkBench(b))).toBe(false);
  });

  it('removes GPU 0: GPU 1 becomes GPU 0 (its fields the card’s own); never the last GPU', () => {
    const b = removeGpu(bench, 0);
    expect(b.hardware).toMatchObject({ vram_gb: 12, model: 'B', more_gpus: [{ vram_gb: 8 }] });
    expect(b.windows!.map(windowGpus)).toEqual([[0], [0], [1], [0, 1]]);
    const one = removeGpu(removeGpu(b, 1), 0);
    expect(gpuCount(one.hardware)).toBe(1);
    // The last GPU stays, and a one-GPU bench has no interconnect or more_gpus key.
    expect(removeGpu(one, 0)).toBe(one);
    expect(one.hardware).toEqual({ vram_gb: 12, ram_gb: 64, cpu_cores: 8, model: 'B' });
  });

  it('sets N × one GPU in one edit (windows past the new count move to GPU 0), adds copies, patches one', () => {
    const g = { vram_gb: 24, model: 'RTX 3090', gpu_bandwidth_gbps: 936 };
    const two = setGpus(bench, [g, g]);
    expect(gpusOf(two.hardware)).toEqual([g, g]);
    expect(two.windows!.map(windowGpus)).toEqual([[0], [1], [0], [0, 1]]);
    expect(gpusOf(addGpus(two, { vram_gb: 12 }, 2).hardware).map((x) => x.vram_gb)).toEqual([24, 24, 12, 12]);
    expect(addGpus(two, { vram_gb: 12 }, 0)).toBe(two);
    const patched = setGpu(two, 1, { vram_gb: 16, gpu_bandwidth_gbps: undefined });
    expect(gpusOf(patched.hardware)[1]).toEqual({ vram_gb: 16, model: 'RTX 3090' });
    expect(setGpu(two, 0, { vram_gb: 11 }).hardware.vram_gb).toBe(11);
    expect(setGpu(two, 5, { vram_gb: 11 })).toBe(two);
  });

  it('keeps every edit checkable: any GPU removed or set leaves no window on a GPU the bench lacks', () => {
    fc.assert(
      fc.property(arbGpusBench, fc.nat(), fc.array(arbBenchGpu, { minLength: 1, maxLength: 3 }), (b, k, gs) => {
        for (const next of [removeGpu(b, k % gpuCount(b.hardware)), setGpus(b, gs)]) {
          const n = gpuCount(next.hardware);
          for (const w of next.windows ?? []) for (const g of windowGpus(w)) expect(g).toBeLessThan(n);
          expect(checkBench(next).filter((p) => p.severity === 'error' && /GPU/.test(p.message))).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('moves a window to a GPU, turns one into a split over every GPU and adds a split', () => {
    expect(onGpu(windows[0]!, 2)).toEqual({ ...windows[0], gpu: 2 });
    expect('gpu' in onGpu(windows[1]!, 0)).toBe(false);
    expect(onGpu(windows[3]!, 1)).toBe(windows[3]);
    expect(convertWindow(bench, windows[2]!, 'multi_gpu_split')).toEqual({
      name: 'w2',
      pattern: 'multi_gpu_split',
      model: 'big',
      gpus: [0, 1, 2],
      headroom_gb: 0.5,
    });
    // Back to one GPU: the split's first GPU.
    expect(convertWindow(bench, split12, 'ram_overflow')).toMatchObject({ gpu: 1 });
    const added = addWindow(bench, 'multi_gpu_split').windows!.at(-1)!;
    expect(added).toMatchObject({ pattern: 'multi_gpu_split', model: 'big', gpus: [0, 1, 2] });
  });
});

describe('split advice', () => {
  const twelve: Hardware = { vram_gb: 12, ram_gb: 64, cpu_cores: 8, more_gpus: [{ vram_gb: 12 }, { vram_gb: 24 }] };
  const card = (vram: number, extra: object = {}) =>
    makeCard({ name: 'm', vram_gb: vram, residency: 'GPU_EXCLUSIVE', ram_overflow_supported: true, ...extra });
  const on = (vram: number, w: WindowSpec, extra: object = {}, hardware = twelve) =>
    splitAdvice({ hardware, models: [card(vram, extra)], windows: [w] }, w);
  const handoff: WindowSpec = { name: 'h', pattern: 'serial_handoff', gpu_job: 'm', candidates: [] };

  it('says nothing when the window’s GPU holds the card, or the bench has one GPU', () => {
    expect(on(12, handoff)).toBeNull();
    expect(on(30, handoff, {}, { vram_gb: 12, ram_gb: 64, cpu_cores: 8 })).toBeNull();
  });

  it('offers the GPU that holds it alone, then the fewest GPUs that hold it together', () => {
    expect(on(20, handoff)).toMatchObject({ kind: 'move', gpu: 2 });
    // 30 GB: no GPU alone; GPU 2 (23.5) + one 11.5 GB GPU = 35 — with the window's own GPU 0.
    expect(on(30, handoff)).toMatchObject({ kind: 'split', gpus: [0, 2] });
    expect(on(30, { ...handoff, gpu: 1 })).toMatchObject({ kind: 'split', gpus: [1, 2] });
    // 40 GB takes all three (11.5 + 11.5 + 23.5 = 46.5).
    const all = on(40, handoff);
    expect(all).toMatchObject({ kind: 'split', gpus: [0, 1, 2] });
    expect(all!.text).toContain('46.5 GB together');
  });

  it('says why not: the card cannot be split, or even every GPU together is too small', () => {
    expect(on(30, handoff, { ram_overflow_supported: false })).toMatchObject({ kind: 'none' });
    expect(on(30, handoff, { ram_overflow_supported: false })!.text).toContain('needs ram_overflow_supported: true');
    const tooBig = on(50, handoff)!;
    expect(tooBig.kind).toBe('none');
    expect(tooBig.text).toContain('all 3 GPUs together hold 46.5 GB');
    expect(tooBig.text).toContain('spills 3.5 GB to RAM');
  });

  it('fewestGpusHolding: the fewest GPUs, with the own GPU when that takes no more', () => {
    expect(fewestGpusHolding([10, 10, 20], 25, 0)).toEqual([0, 2]);
    expect(fewestGpusHolding([10, 10, 20], 25, 2)).toEqual([0, 2]);
    expect(fewestGpusHolding([5, 10, 20], 25, 0)).toEqual([0, 2]);
    expect(fewestGpusHolding([5, 10, 20], 26, 0)).toEqual([1, 2]);
    expect(fewestGpusHolding([5, 10, 20], 36, 0)).toBeNull();
  });
});
