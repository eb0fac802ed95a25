import { describe, expect, it } from 'vitest';
import { makeCard } from '../test/cards';
import { windowGpus } from './bench-gpus';
import { planBench, windowCardNames } from './day';
import { timeDay } from './timing';
import type { Bench, Hardware } from './types';

const excl = (name: string, hours: number, vram_gb = 10) =>
  makeCard({ name, vram_gb, residency: 'GPU_EXCLUSIVE', hours });
const composed = (b: Bench) => {
  const plan = planBench(b);
  return { windows: plan.windows.map((r) => r.window), day: timeDay(b, plan).planned };
};

describe('the composed day on several GPUs places windows by the hours each GPU has so far', () => {
  const two: Hardware = { vram_gb: 24, ram_gb: 64, cpu_cores: 4, more_gpus: [{ vram_gb: 24 }] };

  it('counts the co-residency stack: both jobs beside it on the other GPU (an 8 h day, not 14 h)', () => {
    const { windows, day } = composed({
      hardware: two,
      models: [
        makeCard({ name: 's1', vram_gb: 5, hours: 8 }),
        makeCard({ name: 's2', vram_gb: 5, hours: 3 }),
        excl('six', 6),
        excl('two', 2),
      ],
    });
    expect(windows.map((w) => [w.name, windowGpus(w)])).toEqual([
      ['exclusive: six', [1]],
      ['exclusive: two', [1]],
      ['co-resident stack', [0]],
    ]);
    expect(day).toEqual({ lo: 8, hi: 8 });
  });

  const big = makeCard({
    name: 'big',
    vram_gb: 20,
    residency: 'GPU_RAM_OVERFLOW',
    ram_overflow_supported: true,
    ram_gb_needed: 20,
    hours: 1,
  });
  const small: Hardware = { vram_gb: 12, ram_gb: 64, cpu_cores: 4, more_gpus: [{ vram_gb: 12 }] };

  it('splits a model too big for one GPU when that ends first (1 h, not a 3–5 h spill)', () => {
    const { windows, day } = composed({ hardware: small, models: [big] });
    expect(windows).toEqual([
      { name: 'split: big', pattern: 'multi_gpu_split', model: 'big', gpus: [0, 1], headroom_gb: 0.5 },
    ]);
    expect(day).toEqual({ lo: 1, hi: 1 });
  });

  it('spills it from the free GPU instead when a split would wait for a long job', () => {
    const { windows, day } = composed({ hardware: small, models: [big, excl('long', 10)] });
    expect(windows.map((w) => [w.pattern, windowGpus(w)])).toEqual([
      ['serial_handoff', [0]],
      ['ram_overflow', [1]],
    ]);
    expect(day).toEqual({ lo: 10, hi: 10 });
  });

  it('runs what the first stack leaves out in a second stack, beside it on the other GPU', () => {
    const mixed: Hardware = { vram_gb: 12, ram_gb: 64, cpu_cores: 4, more_gpus: [{ vram_gb: 8 }] };
    const shared = (name: string, vram_gb: number) => makeCard({ name, vram_gb, hours: 4 });
    const { windows, day } = composed({
      hardware: mixed,
      models: [shared('a', 6), shared('b', 5), shared('c', 5), excl('job', 3, 7)],
    });
    // GPU 0 (11.5 GB) packs a and b; c (5 GB) goes to GPU 1 (7.5 GB), which has 0 h so far; the
    // 3 h job then on GPU 0 (4 h) or GPU 1 (4 h): the lower index. A 7 h day, not 4 + 4 + 3 h.
    expect(windows.map((w) => [w.name, windowGpus(w), windowCardNames(w)])).toEqual([
      ['exclusive: job', [0], ['job']],
      ['co-resident stack', [0], ['a', 'b', 'c']],
      ['co-resident stack 2', [1], ['c']],
    ]);
    expect(day).toEqual({ lo: 7, hi: 7 });
  });
});
