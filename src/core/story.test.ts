import { describe, expect, it } from 'vitest';
import { card } from '../test/cards';
import { cardsInNoWindow, gpusWithNoWindow } from './bench-check';
import { planBench } from './day';
import { timeDay } from './timing';
import { improvesOn, notRun, type DayScore } from './story';
import type { Bench } from './types';

const day = (runs: number, lo: number, hi: number, windows: number): DayScore => ({
  runs,
  planned: { lo, hi },
  windows,
});

describe('improvesOn: the suggestion’s order (cards run, then the day, then windows)', () => {
  it('a day that runs more cards is better, even when it is longer', () => {
    expect(improvesOn(day(7, 9, 27, 3), day(1, 1, 1, 1))).toBe(true);
    expect(improvesOn(day(1, 1, 1, 1), day(7, 9, 27, 3))).toBe(false);
  });

  it('the same cards: a shorter long end, then a shorter short end, then fewer windows', () => {
    expect(improvesOn(day(5, 9, 10, 4), day(5, 8, 11, 2))).toBe(true);
    expect(improvesOn(day(5, 8, 11, 2), day(5, 9, 10, 4))).toBe(false);
    expect(improvesOn(day(5, 7, 11, 4), day(5, 8, 11, 2))).toBe(true);
    expect(improvesOn(day(5, 8, 11, 2), day(5, 8, 11, 3))).toBe(true);
  });

  it('the same day by all three (float noise aside) is no improvement: nothing to take', () => {
    expect(improvesOn(day(7, 9.79, 27.16, 3), day(7, 9.79 + 1e-12, 27.16 - 1e-12, 3))).toBe(false);
    expect(improvesOn(day(7, 9.79, 27.16, 4), day(7, 9.79, 27.16, 3))).toBe(false);
  });
});

describe('what the bench’s own windows leave out', () => {
  const bench: Bench = {
    hardware: { vram_gb: 8, ram_gb: 32, cpu_cores: 4, model: 'A', more_gpus: [{ vram_gb: 12, model: 'B' }] },
    models: [card('a', 1), card('b', 1), card('left', 1)],
    windows: [{ name: 'w', pattern: 'fractional_coresidency', candidates: ['a', 'b'], headroom_gb: 0.5 }],
  };
  const notRunOf = (b: Bench) => {
    const plan = planBench(b);
    return notRun(b, plan, timeDay(b, plan));
  };

  it('names the cards in no window and the GPUs no window runs on, and the day says both', () => {
    expect([...cardsInNoWindow(bench)]).toEqual(['left']);
    expect(gpusWithNoWindow(bench)).toEqual([1]);
    const n = notRunOf(bench);
    expect(n.lines).toEqual([
      'left is in no window: the day does not run it.',
      'GPU 1 (B) runs no window of the day: it is idle all day.',
    ]);
    expect(n.cards).toBe(1);
    expect(n.leftOut).toBe(true);
  });

  it('leaves nothing out when every card and GPU has a window, or the day is composed', () => {
    const all: Bench = {
      ...bench,
      windows: [
        { name: 'w', pattern: 'fractional_coresidency', candidates: ['a', 'b'], headroom_gb: 0.5 },
        { name: 'v', pattern: 'fractional_coresidency', candidates: ['left'], headroom_gb: 0.5, gpu: 1 },
      ],
    };
    expect(notRunOf(all)).toEqual({ cards: 0, lines: [], leftOut: false });
    const { windows: _w, ...composed } = bench;
    expect(cardsInNoWindow({ ...composed, windows: undefined }).size).toBe(0);
    expect(gpusWithNoWindow({ ...composed, windows: undefined })).toEqual([]);
    expect(notRunOf(composed).leftOut).toBe(false);
  });
});
