import { describe, expect, it } from 'vitest';
import { makeCard as card } from '../test/arbitraries';
import { planBench } from './day';
import { timeDay } from './timing';
import { tourSteps } from './tour';
import type { Bench } from './types';

/** nvinx's composed day (the default preset's shape). */
const day4: Bench = {
  hardware: { vram_gb: 4, ram_gb: 32, cpu_cores: 8 },
  models: [
    card({ name: 'long_inference', vram_gb: 3.5, residency: 'GPU_EXCLUSIVE', hours: 6 }),
    card({ name: 'classifier_a', vram_gb: 0.7, hours: 1 }),
    card({ name: 'embedder', vram_gb: 0.3, hours: 0.5 }),
    card({ name: 'feature_extractor', residency: 'CPU_ONLY', hours: 2 }),
    card({
      name: 'big_folder',
      vram_gb: 6,
      residency: 'GPU_RAM_OVERFLOW',
      ram_overflow_supported: true,
      ram_gb_needed: 10,
      hours: 1,
    }),
  ],
  windows: [
    { name: 'overnight', pattern: 'serial_handoff', gpu_job: 'long_inference', candidates: ['feature_extractor'] },
    { name: 'morning', pattern: 'fractional_coresidency', candidates: ['classifier_a', 'embedder'], headroom_gb: 0.5 },
    { name: 'afternoon', pattern: 'ram_overflow', model: 'big_folder', headroom_gb: 0.5 },
  ],
};

const steps = (b: Bench, notRun = 0) => {
  const plan = planBench(b);
  return tourSteps(b, plan, timeDay(b, plan), notRun);
};

describe('the guided first visit', () => {
  it('walks the default day in five steps, each pointing at the real chart', () => {
    const s = steps(day4);
    expect(s.map((x) => [x.id, x.target])).toEqual([
      ['waiting', { kind: 'waiting' }],
      ['exclusive', { kind: 'window', index: 0 }],
      ['coresident', { kind: 'window', index: 1 }],
      ['spill', { kind: 'window', index: 2 }],
      ['saved', { kind: 'savings' }],
    ]);
    // One after another: 6 + 2 + 1 + 0.5 + 3..5; planned: 6 (the CPU's 2 h beside it) + 1 (together) + 3..5.
    expect(s[0]!.text).toBe(
      'Run one after another, the bench waits for each job before the next: 5 jobs end to end take 12.5–14.5 h. ' +
        'While a job holds the GPU alone, nothing else moves. Next: the same jobs, planned.',
    );
    expect(s[1]!.title).toBe('overnight: the GPU job, and the CPU work that fills its window');
    expect(s[1]!.text).toContain('long_inference holds the GPU for 6 h');
    expect(s[1]!.text).toContain('Meanwhile the CPU runs feature_extractor (2 h, 1 core)');
    expect(s[2]!.text).toContain('classifier_a (0.7 GB) and embedder (0.3 GB) share the GPU: 1.0 of a 3.5 GB budget');
    expect(s[3]!.text).toContain('big_folder needs 10.0 GB; the card has 4.0 GB.');
    expect(s[4]!.text).toBe(
      '2.5 h saved (17–20% of the day). Planned: 10–12 h instead of 12.5–14.5 h one after another. ' +
        'Why a range: big_folder takes 3–5 h: nvinx states 3–5× slower from RAM. From the cards’ hours.',
    );
  });

  it('leaves out the steps the day cannot show, and says what does not run', () => {
    const noSpill: Bench = { ...day4, windows: day4.windows!.slice(0, 2) };
    expect(steps(noSpill).map((x) => x.id)).toEqual(['waiting', 'exclusive', 'coresident', 'saved']);
    // One co-resident model is no sharing.
    const alone: Bench = {
      ...day4,
      windows: [{ name: 'solo', pattern: 'fractional_coresidency', candidates: ['embedder'], headroom_gb: 0.5 }],
    };
    expect(steps(alone, 4).map((x) => x.id)).toEqual(['waiting', 'saved']);
    expect(steps(alone, 4)[1]!.text).toContain('4 of 5 cards do not run in this day');
    // Nothing runs: no tour.
    expect(steps({ ...day4, windows: [] })).toEqual([]);
  });
});
