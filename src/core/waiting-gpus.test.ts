import { describe, expect, it } from 'vitest';
import { makeCard } from '../test/cards';
import { planBench } from './day';
import { savingsHeadline, savingsSentence, timeDay } from './timing';
import type { Bench } from './types';

const time = (b: Bench) => timeDay(b, planBench(b));
const big = makeCard({ name: 'big', vram_gb: 40, residency: 'GPU_EXCLUSIVE', ram_overflow_supported: true, hours: 2 });
const split = { name: 'both', pattern: 'multi_gpu_split', model: 'big', gpus: [0, 1], headroom_gb: 0.5 } as const;

describe('the waiting bench on several GPUs: one job at a time on one GPU at a time', () => {
  it('runs a split model spilled to RAM from one GPU (nvinx’s 3–5× without bandwidths), and says so', () => {
    const b: Bench = {
      hardware: { vram_gb: 24, ram_gb: 64, cpu_cores: 2, more_gpus: [{ vram_gb: 20 }] },
      models: [big, makeCard({ name: 'a', vram_gb: 10, residency: 'GPU_EXCLUSIVE', hours: 3 })],
      windows: [split, { name: 'one', pattern: 'serial_handoff', gpu_job: 'a', candidates: [], gpu: 1 }],
    };
    const d = time(b);
    // Planned: the split's 2 h (nothing spills: 23.5 + 16.5 GB), then a's 3 h on GPU 1.
    expect(d.planned).toEqual({ lo: 5, hi: 5 });
    // Waiting: big spilled from GPU 0, the larger (2 h × 3–5), then a.
    expect(d.waiting).toEqual({ lo: 9, hi: 13 });
    expect(d.assumptions).toContain(
      'the waiting bench runs one job at a time on one GPU at a time: big, split over 2 GPUs in the plan, ' +
        'runs spilled to system RAM from GPU 0, the GPU with the most VRAM (6–10 h, as a ram_overflow on that GPU)',
    );
    expect(savingsHeadline(d).days).toBe(
      'Planned: 5 h instead of 9–13 h one after another, one job at a time on one GPU at a time.',
    );
    expect(savingsSentence(d)).toContain(
      '4–8 h saved (44–62% of the day). Planned: 5 h instead of 9–13 h one after another, one job at a time on one GPU at a time. ' +
        'Why a range: big takes 6–10 h: spilled from GPU 0: nvinx states 3–5× slower from RAM.',
    );
  });

  it('runs the split there too when no one GPU can hold it with the RAM, and says why', () => {
    const b: Bench = {
      hardware: { vram_gb: 24, ram_gb: 20, cpu_cores: 2, more_gpus: [{ vram_gb: 24 }] },
      models: [big],
      windows: [split],
    };
    const d = time(b);
    expect(d.planned).toEqual({ lo: 2, hi: 2 });
    expect(d.waiting).toEqual({ lo: 2, hi: 2 });
    expect(d.assumptions.find((x) => x.startsWith('the waiting bench'))).toBe(
      'the waiting bench runs one job at a time on one GPU at a time: big, split over 2 GPUs in the plan, ' +
        'cannot run on one GPU alone (big needs 40.0 GB of RAM; the bench has 20.0 GB), so it runs split there too',
    );
  });

  it('runs it alone on whichever GPU holds it, not the split’s first: a larger second GPU runs it at its hours', () => {
    const mid = { ...big, vram_gb: 20, ram_gb_needed: 20 };
    const b: Bench = {
      hardware: { vram_gb: 8, ram_gb: 64, cpu_cores: 2, more_gpus: [{ vram_gb: 24 }] },
      models: [mid],
      windows: [split],
    };
    const d = time(b);
    expect(d.waiting).toEqual({ lo: 2, hi: 2 });
    expect(d.assumptions.find((x) => x.startsWith('the waiting bench'))).toMatch(
      /fits GPU 1 alone and runs there \(2 h\)$/,
    );
  });

  it('spills it from the GPU with the most VRAM, not the split’s first', () => {
    const bw = { gpu_bandwidth_gbps: 900, pcie_bandwidth_gbps: 25 };
    const b: Bench = {
      hardware: {
        vram_gb: 8,
        ram_gb: 64,
        cpu_cores: 2,
        ram_bandwidth_gbps: 50,
        ...bw,
        more_gpus: [{ vram_gb: 24, ...bw }],
      },
      models: [big],
      windows: [split],
    };
    expect(time(b).assumptions.find((x) => x.startsWith('the waiting bench'))).toContain(
      'from GPU 1, the GPU with the most VRAM',
    );
  });

  it('runs a split of a model that fits one GPU on that GPU alone, at its hours', () => {
    const small = { ...big, vram_gb: 20 };
    const b: Bench = {
      hardware: { vram_gb: 24, ram_gb: 64, cpu_cores: 2, more_gpus: [{ vram_gb: 24 }] },
      models: [small],
      windows: [split],
    };
    expect(time(b).waiting).toEqual({ lo: 2, hi: 2 });
  });

  it('says nothing new on one GPU', () => {
    const b: Bench = { hardware: { vram_gb: 24, ram_gb: 64, cpu_cores: 2 }, models: [big] };
    const d = time(b);
    expect(savingsHeadline(d).days).toMatch(/one after another\.$/);
    expect(d.assumptions.some((x) => x.includes('one GPU at a time'))).toBe(false);
  });
});
