import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runPlanCli } from './plan';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fx = (f: string) => `fixtures/${f}`;
const read = (f: string) => readFileSync(new URL(f, `file://${root}`));
const run = (...args: string[]) => runPlanCli(args, read);

describe('plan CLI', () => {
  it('--json gives each window its start and end, and the day totals (new keys only)', () => {
    const { code, stdout } = run('--json', 'src/store/presets/default-4gb-day.yaml');
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.windows.map((w: { start_hours: unknown; end_hours: unknown }) => [w.start_hours, w.end_hours])).toEqual([
      [
        { min: 0, max: 0 },
        { min: 6, max: 6 },
      ],
      [
        { min: 6, max: 6 },
        { min: 7, max: 7 },
      ],
      [
        { min: 7, max: 7 },
        { min: 10, max: 12 },
      ],
    ]);
    expect(r.windows[0].jobs[1]).toEqual({
      name: 'feature_extractor',
      on: 'cpu',
      cores: [1],
      start_hours: { min: 0, max: 0 },
      end_hours: { min: 2, max: 2 },
    });
    expect(r.day).toEqual({
      planned_hours: { min: 10, max: 12 },
      waiting_hours: { min: 14.5, max: 16.5 },
      saved_hours: { min: 4.5, max: 4.5 },
      saved_percent: { min: 27.272727, max: 31.034483 },
      coresidency_slowdown: 1,
      assumptions: [],
    });
    const text = run('src/store/presets/default-4gb-day.yaml').stdout;
    expect(text).toContain('    hours: 7 → 10–12 h');
    expect(text).toContain('Planned: 10–12 h instead of 14.5–16.5 h — 4.5 h saved, 27–31%');
  });

  it('prints one JSON line per file, in order, with plans naming cards', () => {
    const { code, stdout } = run('--json', fx('bench_4gb.yaml'), fx('bench_8gb.yaml'), fx('bench_24gb.yaml'));
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.file)).toEqual([fx('bench_4gb.yaml'), fx('bench_8gb.yaml'), fx('bench_24gb.yaml')]);
    const [four, eight, big] = lines;
    expect(four.ok).toBe(true);
    expect(four.windows.map((w: { pattern: string }) => w.pattern)).toEqual([
      'serial_handoff',
      'fractional_coresidency',
      'ram_overflow',
    ]);
    expect(four.windows[1].plan).toMatchObject({
      gpu_foreground: null,
      gpu_coresident: ['reranker', 'classifier_a', 'embedder'],
      cpu_parallel: [],
      overflow: [],
      unscheduled: [],
    });
    expect(four.windows[2]).toMatchObject({
      error: null,
      plan: null,
      hint: { device_map: 'auto', max_memory: { '0': '3.5GiB', cpu: '6.5GiB' } },
    });
    expect(eight.windows[1].plan.gpu_coresident).toEqual(['reranker', 'classifier_b', 'summarizer', 'embedder']);
    expect(big.windows[2].hint.max_memory).toEqual({ '0': '23.5GiB', cpu: '16.5GiB' });
  });

  it('reports a refusing window as an answer (exit 0)', () => {
    const text = `hardware: {vram_gb: 4, ram_gb: 32, cpu_cores: 8}
models:
  - {name: long_inference, vram_gb: 8.0, residency: GPU_EXCLUSIVE}
windows:
  - {name: overnight, pattern: serial_handoff, gpu_job: long_inference}
`;
    const res = runPlanCli(['--json', 'x.yaml'], () => new TextEncoder().encode(text));
    expect(res.code).toBe(0);
    const line = JSON.parse(res.stdout);
    expect(line.windows[0]).toMatchObject({
      name: 'overnight',
      error: 'long_inference needs 8.0 GB of VRAM; the card has 4.0 GB',
      plan: null,
      hint: null,
    });
  });

  it('exits 1 for an invalid file with positions, 2 for usage errors', () => {
    const bad = runPlanCli(['--json', 'bad.yaml', 'missing.yaml', 'bin.yaml'], (f) => {
      if (f === 'bad.yaml')
        return new TextEncoder().encode('hardware: {vram_gb: x, ram_gb: 1, cpu_cores: 1}\nmodels: []\n');
      if (f === 'bin.yaml') return new Uint8Array([0xff, 0xfe, 0x00, 0x80]);
      throw Object.assign(new Error('nope'), { code: 'ENOENT' });
    });
    expect(bad.code).toBe(1);
    const [one, two, three] = bad.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(one).toMatchObject({ file: 'bad.yaml', ok: false });
    expect(one.errors[0]).toMatchObject({ path: 'hardware.vram_gb', line: 1, column: 21 });
    expect(two.errors[0].message).toBe('no such file');
    expect(three.errors[0].message).toMatch(/not a UTF-8 text file/);
    expect(run().code).toBe(2);
    expect(run('--frobnicate', 'x').code).toBe(2);
    expect(run('--help').stdout).toMatch(/usage/);
  });

  it('prints a readable plan with reasons', () => {
    const { stdout } = run(fx('bench_4gb.yaml'));
    expect(stdout).toContain('GPU co-resident: reranker, classifier_a, embedder');
    expect(stdout).toContain("max_memory={0: '3.5GiB', 'cpu': '6.5GiB'}");
    expect(stdout).toContain('embedder packed: 0.3 GB, 2.2 of 3.5 GB used');
  });

  it('runs end to end through npm with the documented exit codes and no stack trace', () => {
    const ok = execFileSync('npm', ['run', '-s', 'plan', '--', '--json', fx('bench_4gb.yaml')], {
      cwd: root,
    }).toString();
    expect(JSON.parse(ok).ok).toBe(true);
    const bad = spawnSync('npm', ['run', '-s', 'plan', '--', 'package.json'], { cwd: root });
    expect(bad.status).toBe(1);
    expect(bad.stderr.toString()).toMatch(/^package.json:\d+:\d+: error: /m);
    expect(bad.stderr.toString()).not.toMatch(/at .*\.ts:\d+/);
  }, 30000);
});
