/**
 * Differential test against the real thing: CPython's own float formatting, when a
 * python3 is on the machine (it is on this project's machines and CI).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatFixed, formatRepr } from './pyformat';

function havePython(): boolean {
  try {
    execFileSync('python3', ['-c', 'pass']);
    return true;
  } catch {
    return false;
  }
}

describe.runIf(havePython())('pyformat against CPython', () => {
  it('matches f"{x:.1f}", f"{x:.2f}" and repr(x) on 3,000 values', () => {
    const values = fc.sample(
      fc.oneof(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        // GB-like values with one or two decimals, and exact binary ties.
        fc.integer({ min: 0, max: 100000 }).map((n) => n / 100),
        fc.integer({ min: 0, max: 4000 }).map((n) => n / 4 + 0.125),
        fc.integer({ min: 0, max: 2000 }).map((n) => n / 10 - (n % 7) / 10),
      ),
      { numRuns: 3000, seed: 42 },
    );
    const input = values.map((v) => (Object.is(v, -0) ? '-0.0' : v.toPrecision(17))).join('\n');
    const script =
      'import sys\nfor line in sys.stdin.read().split():\n    x = float(line)\n    print(f"{x:.1f}|{x:.2f}|{x!r}")';
    const out = execFileSync('python3', ['-c', script], { input }).toString().trim().split('\n');
    values.forEach((v, i) => {
      expect(`${formatFixed(v, 1)}|${formatFixed(v, 2)}|${formatRepr(v)}`, `value ${v}`).toBe(out[i]);
    });
  });
});
