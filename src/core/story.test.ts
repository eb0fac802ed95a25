import { describe, expect, it } from 'vitest';
import { improvesOn, type DayScore } from './story';

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
