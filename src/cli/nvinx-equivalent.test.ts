/**
 * The composed day against `bench/nvinx_equivalent.py`: on random one-GPU benches without
 * windows, the CLI's `--json` and the Python script (PyYAML, nvinx 0.1's own patterns from the
 * copy of its source, the composition written again in Python) give the same windows, in the
 * same order, with the same decisions: each window's name, pattern and refusal, its plan's card
 * names per placement and nvinx's notes byte for byte, a ram_overflow's max_memory strings and
 * note. What `npm run bench:cli` checks before it times them, as a test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { writeBench } from '../bench/write';
import { arbBench, arbHardware } from '../test/arbitraries';
import { card } from '../test/cards';
import type { Bench, Residency } from '../core/types';
import { runPlanCli } from './plan';

const root = fileURLToPath(new URL('../../', import.meta.url));
const hasPython = spawnSync('python3', ['-c', 'import yaml'], { encoding: 'utf8' }).status === 0;
const skipReason = hasPython ? '' : ' [skipped: python3 with PyYAML is not on PATH]';

/** What both sides say of a window. */
interface Said {
  name: string;
  pattern: string;
  refused: boolean;
  plan: Record<string, unknown> | null;
  hint: { max_memory: unknown; notes: unknown } | null;
}

const PLACES = ['gpu_foreground', 'gpu_coresident', 'cpu_parallel', 'overflow', 'unscheduled', 'notes'] as const;

function nodeSays(text: string): { composed: boolean; windows: Said[] } {
  const r = runPlanCli(['--json', 'b.yaml'], () => new TextEncoder().encode(text));
  expect(r.code).toBe(0);
  const j = JSON.parse(r.stdout) as {
    composed: boolean;
    windows: {
      name: string;
      pattern: string;
      error: string | null;
      plan: Record<string, unknown> | null;
      hint: { max_memory: unknown; notes: unknown } | null;
    }[];
  };
  return {
    composed: j.composed,
    windows: j.windows.map((w) => ({
      name: w.name,
      pattern: w.pattern,
      refused: w.error !== null,
      plan: w.plan === null ? null : Object.fromEntries(PLACES.map((k) => [k, w.plan![k]])),
      hint: w.hint === null ? null : { max_memory: w.hint.max_memory, notes: w.hint.notes },
    })),
  };
}

/** The Python script on every file in one process: one JSON line per file, in order. */
function pythonSays(files: readonly string[]): { composed: boolean; windows: Said[] }[] {
  const r = spawnSync('python3', ['bench/nvinx_equivalent.py', ...files], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`nvinx_equivalent.py failed: ${r.stderr}`);
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { composed: boolean; windows: Said[] })
    .map((p) => ({
      composed: p.composed,
      windows: p.windows.map((w) => ({
        ...w,
        plan: w.plan === null ? null : Object.fromEntries(PLACES.map((k) => [k, w.plan![k]])),
      })),
    }));
}

/**
 * One-GPU benches of mostly shared cards, which often need a second and third stack; VRAM in
 * quarters of a GB, exact in binary, so a stack often fills its budget exactly (nvinx's `<=`).
 */
const arbShared: fc.Arbitrary<Bench> = fc
  .record({
    hardware: arbHardware.chain((hw) => fc.integer({ min: 2, max: 24 }).map((n) => ({ ...hw, vram_gb: n / 2 }))),
    models: fc.array(
      fc.record({
        vram_gb: fc.integer({ min: 0, max: 24 }).map((n) => n / 4),
        residency: fc.constantFrom<Residency>(
          'GPU_SHARED',
          'GPU_SHARED',
          'GPU_SHARED',
          'CPU_ONLY',
          'GPU_EXCLUSIVE',
          'GPU_RAM_OVERFLOW',
        ),
        cpu_fallback_supported: fc.constantFrom(false, false, false, true),
        ram_overflow_supported: fc.boolean(),
        ram_gb_needed: fc.option(
          fc.integer({ min: 0, max: 400 }).map((n) => n / 10),
          { nil: null },
        ),
      }),
      { minLength: 3, maxLength: 16 },
    ),
  })
  .map(({ hardware, models }) => ({
    hardware,
    models: models.map((m, i) => card(`m${i}`, m.vram_gb, m.residency, m)),
  }));

const dir = hasPython ? mkdtempSync(join(tmpdir(), 'nvinx-equivalent-')) : '';
afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasPython)(`the composed day is bench/nvinx_equivalent.py's${skipReason}`, () => {
  it('on random one-GPU benches without windows: the same windows and decisions, window by window', () => {
    let files = 0;
    let stacks2 = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(arbBench, arbShared, arbShared), { minLength: 20, maxLength: 20 }), (benches) => {
        const texts = benches.map(({ windows: _, ...b }) => writeBench(b));
        const paths = texts.map((t) => {
          const path = join(dir, `b${files++}.yaml`);
          writeFileSync(path, t);
          return path;
        });
        const python = pythonSays(paths);
        expect(python).toHaveLength(texts.length);
        texts.forEach((t, i) => {
          const node = nodeSays(t);
          expect(node.composed).toBe(true);
          expect(python[i]!.composed).toBe(true);
          expect(node.windows, `the bench:\n${t}`).toEqual(python[i]!.windows);
          if (node.windows.some((w) => w.name === 'co-resident stack 2')) stacks2++;
        });
      }),
      // No shrinking: each try is a Python process; the failing bench is in the message.
      { numRuns: 4, endOnFailure: true },
    );
    // The property met days of several stacks, not only one.
    expect(stacks2).toBeGreaterThan(5);
  }, 120_000);
});
