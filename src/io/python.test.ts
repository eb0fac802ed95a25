import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbBench } from '../test/arbitraries';
import type { Bench } from '../core';
import { writePythonScript } from './python';
import { readBench } from './read';

const fixture = (f: string) => readFileSync(new URL(`../../fixtures/${f}`, import.meta.url), 'utf8');
const shim = new URL('./testdata/nvinx_shim', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'nvinx-py-'));

/** Run the script against the shim (nvinx's API as its README states it); return its output. */
function run(bench: Bench): { status: number; out: string } {
  const file = join(dir, 'plan.py');
  writeFileSync(file, writePythonScript(bench));
  try {
    const out = execFileSync('python3', [file], { env: { ...process.env, PYTHONPATH: shim }, encoding: 'utf8' });
    return { status: 0, out };
  } catch (e) {
    const err = e as { status: number; stdout: string; stderr: string };
    return { status: err.status, out: err.stdout + err.stderr };
  }
}

describe('the Python script', () => {
  it.each(['bench_4gb.yaml', 'bench_8gb.yaml', 'bench_24gb.yaml'])(
    '%s: nvinx agrees with every window the planner planned',
    (f) => {
      const r = readBench(fixture(f));
      if (!r.ok) throw new Error('fixture');
      const { status, out } = run(r.bench);
      expect(out).not.toMatch(/DIFF|Traceback/);
      expect(out.match(/^OK /gm)?.length).toBeGreaterThanOrEqual(2);
      expect(status).toBe(0);
    },
  );

  it('agrees on random benches, refusals included', () => {
    fc.assert(
      fc.property(arbBench, (b) => {
        const { status, out } = run(b);
        expect(out).not.toMatch(/DIFF|Traceback/);
        expect(status).toBe(0);
      }),
      { numRuns: 20 },
    );
  }, 60_000);

  it('reports a DIFF when nvinx disagrees', () => {
    const r = readBench(fixture('bench_4gb.yaml'));
    if (!r.ok) throw new Error('fixture');
    const text = writePythonScript(r.bench).replace(/("gpu_coresident": \[)"/, '$1"nobody", "');
    writeFileSync(join(dir, 'bad.py'), text);
    let out = '';
    try {
      execFileSync('python3', [join(dir, 'bad.py')], { env: { ...process.env, PYTHONPATH: shim }, encoding: 'utf8' });
    } catch (e) {
      out = (e as { stdout: string }).stdout;
    }
    expect(out).toMatch(/^DIFF .*fractional_coresidency/m);
  });

  it('quotes names as Python strings', () => {
    const b: Bench = {
      hardware: { vram_gb: 4, ram_gb: 8, cpu_cores: 2 },
      models: [
        {
          name: 'a"b\\c\nd',
          vram_gb: 1,
          residency: 'GPU_SHARED',
          cpu_fallback_supported: false,
          ram_overflow_supported: false,
          ram_gb_needed: null,
        },
      ],
    };
    expect(writePythonScript(b)).toContain('"a\\"b\\\\c\\nd": ModelSpec(name="a\\"b\\\\c\\nd", vram_gb=1.0');
    expect(run(b).status).toBe(0);
  });
});
