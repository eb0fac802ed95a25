import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatFixed, formatRepr, pyStr } from './pyformat';

describe('formatFixed reproduces Python :.Nf', () => {
  // Values checked against CPython 3.11: f"{x:.1f}" / f"{x:.2f}".
  it.each([
    [3.5, 1, '3.5'],
    [6.5, 1, '6.5'],
    [0.25, 1, '0.2'], // exact tie: Python rounds half to even, toFixed gives 0.3
    [0.75, 1, '0.8'],
    [2.25, 1, '2.2'],
    [0.35, 1, '0.3'], // 0.35 is 0.34999… in binary
    [0.45, 1, '0.5'], // 0.45 is 0.450000…01 in binary
    [1.05, 1, '1.1'],
    [2.675, 2, '2.67'],
    [0.125, 2, '0.12'],
    [0, 1, '0.0'],
    [-0, 1, '-0.0'],
    [-0.04, 1, '-0.0'],
    [23.5, 1, '23.5'],
    [1e21, 1, '1000000000000000000000.0'],
    [5e-324, 2, '0.00'],
  ])('%s with %i digits is %s', (x, d, want) => {
    expect(formatFixed(x, d)).toBe(want);
  });

  it('agrees with toFixed whenever the value is not an exact tie', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 6 }), (x, d) => {
        const scaled = x * 10 ** d;
        // Skip values whose scaled fraction is (close to) one half: that is where the two differ.
        fc.pre(Math.abs((scaled % 1) - 0.5) > 1e-6);
        expect(formatFixed(x, d)).toBe(x.toFixed(d));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatRepr reproduces Python repr(float)', () => {
  it.each([
    [4, '4.0'],
    [3.5, '3.5'],
    [0.1, '0.1'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [123456789012345.6, '123456789012345.6'],
    [-2.5, '-2.5'],
    [-0, '-0.0'],
  ])('%s is %s', (x, want) => {
    expect(formatRepr(x)).toBe(want);
  });
});

describe('pyStr', () => {
  it('writes a Python string literal: quotes, backslashes and line breaks escaped, U+2028/U+2029 too', () => {
    expect(pyStr('plain')).toBe('"plain"');
    expect(pyStr('a"b\\c\nd')).toBe('"a\\"b\\\\c\\nd"');
    // JSON leaves these two raw; a Python file must not hold a raw line separator inside a literal.
    expect(pyStr('x\u2028y\u2029z')).toBe('"x\\u2028y\\u2029z"');
  });
});
