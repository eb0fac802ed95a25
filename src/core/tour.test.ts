import { describe, expect, it } from 'vitest';
import { defaultDay } from '../test/presets';
import { planBench } from './day';
import { timeDay } from './timing';
import { tourSteps } from './tour';
import type { Bench } from './types';

/** The default preset's day (nvinx's 4 GB bench, composed), without the bandwidths: nvinx's 3–5× for the spill. */
const day4: Bench = defaultDay();

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
    // One after another: 6 + 1 + 0.5 + 1 + 2 + 1 + 3..5; planned: 6 (the CPU's 2 h and 1 h beside it) + 1 (together) + 3..5.
    expect(s[0]!.text).toBe(
      'Run one after another, the bench waits for each job before the next: 7 jobs end to end take 14.5–16.5 h. ' +
        'While a job holds the GPU alone, nothing else moves. Next: the same jobs, planned.',
    );
    expect(s[1]!.title).toBe('overnight: the GPU job, and the CPU work that fills its window');
    expect(s[1]!.text).toContain('long_inference holds the GPU for 6 h');
    expect(s[1]!.text).toContain(
      'Meanwhile the CPU runs feature_extractor (2 h, 1 core) and report_writer (1 h, 1 core)',
    );
    expect(s[2]!.text).toContain(
      'reranker (1.2 GB), classifier_a (0.7 GB) and embedder (0.3 GB) share the GPU: 2.2 of a 3.5 GB budget',
    );
    expect(s[3]!.text).toContain('big_folder needs 10.0 GB; the card has 4.0 GB.');
    expect(s[4]!.text).toBe(
      '4.5 h saved (27–31% of the day). Planned: 10–12 h instead of 14.5–16.5 h one after another. ' +
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
    expect(steps(alone, 6).map((x) => x.id)).toEqual(['waiting', 'saved']);
    expect(steps(alone, 6)[1]!.text).toContain('6 of 7 cards do not run in this day');
    // Nothing runs: no tour.
    expect(steps({ ...day4, windows: [] })).toEqual([]);
  });
});
