import { describe, expect, it } from 'vitest';
import { axisTicks } from './ticks';

describe('axisTicks', () => {
  it('steps by 1, 2, 2.5 or 5 × a power of ten, from 0 up to the axis end', () => {
    expect(axisTicks(4, false)).toEqual([0, 1, 2, 3, 4]);
    expect(axisTicks(23.5, false)).toEqual([0, 10, 20]);
    expect(axisTicks(10, false)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(axisTicks(0.35, false)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(axisTicks(3.5, false)).toEqual([0, 1, 2, 3]);
  });
  it('counts cores in whole numbers', () => {
    expect(axisTicks(8, true)).toEqual([0, 2, 4, 6, 8]);
    expect(axisTicks(2, true)).toEqual([0, 1, 2]);
    expect(axisTicks(1, true)).toEqual([0, 1]);
  });
  it('gives only 0 on an empty or broken axis', () => {
    expect(axisTicks(0, false)).toEqual([0]);
    expect(axisTicks(Number.NaN, false)).toEqual([0]);
    expect(axisTicks(Infinity, false)).toEqual([0]);
  });
});
