import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readBench } from '../bench/read';
import { runPlanCli } from './plan';
import { EXPORT_FORMATS } from '../exports/formats';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fx = (f: string) => `fixtures/${f}`;
const read = (f: string) => readFileSync(new URL(f, `file://${root}`));
const run = (...args: string[]) => runPlanCli(args, read);

describe('plan CLI', () => {
  it('says an unknown field with the field it most likely misspells, where it is', () => {
    const yaml = [
      'hardware: {vram_gb: 8, ram_gb: 32, cpu_cores: 8}',
      'models:',
      '  - name: a',
      '    vram_gb: 2',
      '    residency: GPU_SHARED',
      '    hours_per_dya: 2',
      '    cpu_huors: 1',
    ].join('\n');
    const r = runPlanCli(['b.yaml'], () => new TextEncoder().encode(yaml));
    expect(r.code).toBe(0);
    const lines = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => l.includes(': warning: '));
    expect(lines).toEqual([
      expect.stringMatching(
        /^b\.yaml:6:5: warning: models\[0\]\.hours_per_dya is not a field the planner knows; it is ignored \(known: /,
      ),
      'b.yaml:7:5: warning: models[0].cpu_huors is not a field the planner knows (did you mean cpu_hours?); it is ignored',
    ]);
  });

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
        // big_folder, 1 h × 2.7875–20.159524 (the default bench's bandwidths; by hand in core/overflow-time.test.ts)
        { min: 9.7875, max: 27.159524 },
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
      planned_hours: { min: 9.7875, max: 27.159524 },
      waiting_hours: { min: 14.2875, max: 31.659524 },
      saved_hours: { min: 4.5, max: 4.5 },
      saved_percent: { min: 14.213732, max: 31.496063 },
      coresidency_slowdown: 1,
      assumptions: [
        "big_folder (ram_overflow) is timed from the hardware card's bandwidths, 2.79–20.16× slower than all in VRAM, " +
          "instead of nvinx's stated 3–5×",
        'co-resident models run no slower while they share the GPU: no co-residency slowdown (1×, the default; ' +
          'a measured coresidency_slowdown changes it)',
      ],
    });
    const text = run('src/store/presets/default-4gb-day.yaml').stdout;
    expect(text).toContain('    hours: 7 → 9.79–27.16 h');
    expect(text).toContain('  4.5 h saved (14–31% of the day). Planned: 9.79–27.16 h instead of 14.29–31.66 h');
  });

  it('--json: a ram_overflow hint carries the slowdown from the bandwidths beside nvinx’s text, or null', () => {
    const r = JSON.parse(run('--json', 'src/store/presets/default-4gb-day.yaml').stdout);
    const hint = r.windows[2].hint;
    // nvinx's own text, untouched.
    expect(hint.estimated_slowdown).toBe('3-5x vs. pure-GPU inference');
    // By hand: (3.5 + 6.5 × 192/51.2)/10 = 2.7875 and (3.5 + 6.5 × 192/6.3)/10 = 20.159524.
    expect(hint.bandwidth_slowdown).toEqual({
      lo: 2.7875,
      hi: 20.159524,
      basis:
        '2.79× when the spilled layers run on the CPU from RAM (llama.cpp style); ' +
        '20.16× when the spilled weights cross PCIe every forward pass (accelerate\'s device_map="auto")',
      formulas: [
        {
          style: 'llama.cpp',
          slowdown: 2.7875,
          formula: '(3.5 GB ÷ 192 GB/s + 6.5 GB ÷ 51.2 GB/s RAM) ÷ (10 GB ÷ 192 GB/s) = 2.79×',
        },
        {
          style: 'accelerate',
          slowdown: 20.159524,
          formula: '(3.5 GB ÷ 192 GB/s + 6.5 GB ÷ 6.3 GB/s PCIe) ÷ (10 GB ÷ 192 GB/s) = 20.16×',
        },
      ],
    });
    // nvinx's own 4 GB bench has no bandwidths: null, and the day keeps nvinx's 3–5×.
    const four = JSON.parse(run('--json', fx('bench_4gb.yaml')).stdout);
    const spill = four.windows.find((w: { pattern: string }) => w.pattern === 'ram_overflow');
    expect(spill.hint.bandwidth_slowdown).toBeNull();
    expect(spill.end_hours.max - spill.start_hours.max).toBe(5);
    // Non-overflow windows have no hint at all.
    expect(r.windows[0].hint).toBeNull();
    const text = run('src/store/presets/default-4gb-day.yaml').stdout;
    expect(text).toContain(
      '    cost: 3-5x vs. pure-GPU inference\n' +
        '    from the bandwidths: 2.79×–20.16× slower than all in VRAM (nvinx states 3–5×)\n' +
        '      llama.cpp style: (3.5 GB ÷ 192 GB/s + 6.5 GB ÷ 51.2 GB/s RAM) ÷ (10 GB ÷ 192 GB/s) = 2.79×\n' +
        '      accelerate style: (3.5 GB ÷ 192 GB/s + 6.5 GB ÷ 6.3 GB/s PCIe) ÷ (10 GB ÷ 192 GB/s) = 20.16×\n' +
        '    note: Pattern C (ram_overflow): big_folder split across GPU (3.5 GB) and system RAM (6.5 GB).\n',
    );
    expect(run(fx('bench_4gb.yaml')).stdout).not.toContain('from the bandwidths');
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

  it('reads a UTF-16 file with its byte-order mark as PyYAML does (Windows PowerShell 5 writes them)', () => {
    const text =
      '\ufeffhardware: {vram_gb: 4.0, ram_gb: 32.0, cpu_cores: 8}\nmodels:\n  - {name: ü, vram_gb: 1.0, residency: GPU_SHARED}\n';
    const le = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) new DataView(le.buffer).setUint16(2 * i, text.charCodeAt(i), true);
    const be = le.map((_, i) => le[i ^ 1]!);
    const utf8 = runPlanCli(['--json', 'x.yaml'], () => new TextEncoder().encode(text.slice(1))).stdout;
    expect(JSON.parse(utf8).windows[0].plan.gpu_coresident).toEqual(['ü']);
    for (const bytes of [le, be]) expect(runPlanCli(['--json', 'x.yaml'], () => bytes).stdout).toBe(utf8);
  });

  it('never sends a control character of a name to the terminal: the text shows its escape, --json keeps it', () => {
    const text =
      'hardware: {vram_gb: 4.0, ram_gb: 32.0, cpu_cores: 8}\nmodels:\n  - {name: "a\\e[2J\\rb\\x85", vram_gb: 1.0, residency: GPU_SHARED}\n';
    const read = () => new TextEncoder().encode(text);
    const plain = runPlanCli(['x.yaml'], read).stdout;
    expect(plain).toContain('GPU co-resident: a\\u001b[2J\\u000db\\u0085\n');
    // eslint-disable-next-line no-control-regex -- control characters are what it looks for
    expect(plain).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    const json = JSON.parse(runPlanCli(['--json', 'x.yaml'], read).stdout);
    expect(json.windows[0].plan.gpu_coresident).toEqual(['a\u001b[2J\rb\u0085']);
  });

  it('never sends an invisible or direction-changing character of a name to the terminal: the text shows its escape and warns', () => {
    // U+202E turns "a‮gpj.exe" into what reads "aexe.jpg"; U+2066 isolates, U+200B and U+E0041 show nothing.
    const text =
      'hardware: {vram_gb: 4.0, ram_gb: 32.0, cpu_cores: 8}\nmodels:\n  - {name: "a\\u202egpj.exe\\u2066\\u200b\\U000E0041", vram_gb: 1.0, residency: GPU_SHARED}\n';
    const read = () => new TextEncoder().encode(text);
    const out = runPlanCli(['x.yaml'], read);
    expect(out.stdout).toContain('GPU co-resident: a\\u202egpj.exe\\u2066\\u200b\\u{e0041}\n');
    expect(out.stdout + out.stderr).not.toMatch(/[\p{Cf}\u2028\u2029]/u);
    expect(out.stdout + out.stderr).toContain(
      'models[0].name "a\\u202egpj.exe\\u2066\\u200b\\u{e0041}" holds invisible or direction-changing characters (U+202E, U+2066, U+200B, U+E0041)',
    );
    const json = JSON.parse(runPlanCli(['--json', 'x.yaml'], read).stdout);
    expect(json.windows[0].plan.gpu_coresident).toEqual(['a\u202egpj.exe\u2066\u200b\u{e0041}']);
  });

  it('exits 1 for an invalid file with positions, 2 for usage errors', () => {
    const bad = runPlanCli(['--json', 'bad.yaml', 'missing.yaml', 'bin.yaml'], (f) => {
      if (f === 'bad.yaml')
        return new TextEncoder().encode('hardware: {vram_gb: x, ram_gb: 1, cpu_cores: 1}\nmodels: []\n');
      if (f === 'bin.yaml') return new Uint8Array([0x61, 0x3a, 0x20, 0x31, 0x0a, 0x62, 0x3a, 0x20, 0xff, 0x80]); // "a: 1\nb: " and two bytes no UTF-8 text has
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
    expect(three.errors[0]).toMatchObject({
      message: expect.stringMatching(/not a UTF-8 text file/),
      line: 2,
      column: 4,
    });
    expect(run().code).toBe(2);
    expect(run('--frobnicate', 'x').code).toBe(2);
    expect(run('--help').stdout).toMatch(/usage/);
  });

  it('says the same problem about many cards in one line of text; --json keeps one entry per problem, with its place', () => {
    const cards = Array.from({ length: 14 }, (_, i) => `card_${i}`);
    const yaml = [
      'hardware: {vram_gb: 8, ram_gb: 32, cpu_cores: 4}',
      'models:',
      ...cards.map((c) => `  - {name: ${c}, vram_gb: 0, residency: CPU_ONLY}`),
      '  - {name: big, vram_gb: 6, residency: GPU_EXCLUSIVE}',
      'windows:',
      ...['  - name: first', '    pattern: serial_handoff', '    gpu_job: big', '    candidates:'],
      ...cards.map((c) => `      - ${c}`), // lines 23–36
      ...['  - name: again', '    pattern: fractional_coresidency', '    candidates:'],
      ...cards.map((c) => `      - ${c}`), // lines 40–53: each card a second time
      ...[
        '  - name: third',
        '    pattern: fractional_coresidency',
        '    candidates:',
        '      - card_0',
        '      - card_1',
      ],
    ].join('\n');
    const cli = (...args: string[]) => runPlanCli([...args, 'b.yaml'], () => new TextEncoder().encode(yaml));
    const twice = (k: number, i: number) =>
      `windows[${k}].candidates[${i}] names "card_${i}", which window "first" runs too: it runs in both windows (twice in the day)`;
    const text = cli();
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n').filter((l) => l.includes(': warning: '))).toEqual([
      `b.yaml:40:9: warning: ${twice(1, 0)} — the same for 13 more cards: ` +
        'card_1, card_2, card_3, card_4, card_5, card_6, card_7, card_8, card_9, card_10 and 3 more ' +
        '(--json lists each with its line and column)',
      // Two of a kind are said one by one.
      `b.yaml:57:9: warning: ${twice(2, 0)}`,
      `b.yaml:58:9: warning: ${twice(2, 1)}`,
    ]);
    const warnings = JSON.parse(cli('--json').stdout).warnings;
    expect(warnings).toHaveLength(16);
    expect(warnings[13]).toEqual({ message: twice(1, 13), path: 'windows[1].candidates[13]', line: 53, column: 9 });
    expect(warnings[15]).toEqual({ message: twice(2, 1), path: 'windows[2].candidates[1]', line: 58, column: 9 });
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

const hasPython = spawnSync('python3', ['--version']).status === 0;

/** The CLI as a user runs it (the `nvinx-plan` bin's file), without npm. */
const direct = (...args: string[]) => spawnSync('node', ['scripts/plan.mjs', ...args], { cwd: root, encoding: 'utf8' });

function benchOf(text: string) {
  const r = readBench(text);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r;
}

describe('plan CLI output', () => {
  it('goes to the writers as each file is done when given them, the same text as collected', () => {
    const args = ['--json', fx('bench_4gb.yaml'), 'missing.yaml', fx('bench_8gb.yaml')];
    const collected = run(...args);
    const out: string[] = [];
    const err: string[] = [];
    const streamed = runPlanCli(args, read, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
    expect(streamed).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(out.join('')).toBe(collected.stdout);
    expect(out.filter((t) => t !== '\n')).toHaveLength(3);
    const text = runPlanCli([fx('bench_4gb.yaml'), 'missing.yaml'], read, {
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
    });
    expect(text.code).toBe(1);
    expect(err.join('')).toBe('missing.yaml: error: no such file\n');
  });

  it("runs the bundle with the V8 code cache of that bundle only (V8 checks a cache's source length, not its text)", () => {
    expect(direct(fx('bench_4gb.yaml')).status).toBe(0);
    expect(direct(fx('bench_4gb.yaml')).status).toBe(0);
    const dir = join(root, 'node_modules', '.cache', 'nvinx-planner');
    // Named by the bundle's size and time (each build is renamed into place): another bundle's is removed.
    const bundle = statSync(join(dir, 'plan.cjs'));
    expect(readdirSync(dir).filter((f) => f.endsWith('.v8cache'))).toEqual([
      `plan.${bundle.size}-${Math.round(bundle.mtimeMs * 1000)}.v8cache`,
    ]);
  }, 30000);

  it('is the same through a pipe and into a file (written directly)', () => {
    const args = ['scripts/plan.mjs', '--json', fx('bench_4gb.yaml'), fx('bench_8gb.yaml'), fx('bench_24gb.yaml')];
    const piped = execFileSync('node', args, { cwd: root, encoding: 'utf8' });
    const file = join(mkdtempSync(join(tmpdir(), 'nvinx-cli-')), 'out.jsonl');
    const fd = openSync(file, 'w');
    try {
      expect(spawnSync('node', args, { cwd: root, stdio: ['ignore', fd, 'pipe'] }).status).toBe(0);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(file, 'utf8')).toBe(piped);
    expect(piped.split('\n')).toHaveLength(4);
  }, 30000);
});

describe('plan CLI --to FORMAT', () => {
  it('is the nvinx-plan bin: package.json points at scripts/plan.mjs, an executable node script', () => {
    const pkg = JSON.parse(read('package.json').toString());
    expect(pkg.bin).toEqual({ 'nvinx-plan': 'scripts/plan.mjs' });
    expect(pkg.scripts.plan).toBe('node scripts/plan.mjs');
    expect(read('scripts/plan.mjs').toString()).toMatch(/^#!\/usr\/bin\/env node\n/);
    if (process.platform !== 'win32') expect(statSync(join(root, 'scripts/plan.mjs')).mode & 0o111).not.toBe(0);
  });

  it('--to nvinx writes a config that reads back with the same hardware and models', () => {
    const p = direct('--to', 'nvinx', fx('bench_4gb.yaml'));
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    const back = benchOf(p.stdout);
    const original = benchOf(read(fx('bench_4gb.yaml')).toString());
    expect(back.format).toBe('nvinx');
    expect(back.bench.hardware).toEqual(original.bench.hardware);
    expect(back.bench.models).toEqual(original.bench.models);
    expect(p.stdout).toContain('vram_gb: 4.0');
  }, 30000);

  it('--to nvinx of a bench of several GPUs: one GPU at a time with --gpu K, refused in one line without it', () => {
    const file = 'src/store/presets/2x3090-day.yaml';
    const refused = run('--to', 'nvinx', file);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      `${file}: error: nvinx's config holds one GPU (HardwareSpec has one vram_gb) and this bench has 2: ` +
        "export one nvinx config per GPU (GPU 0 to GPU 1), each with that GPU's hardware and every model: give --gpu K (0 to 1)\n",
    );
    const second = run('--to', 'nvinx', '--gpu', '1', file);
    expect([second.code, second.stderr]).toEqual([0, '']);
    expect(second.stdout).toMatch(/nvinx config for GPU 1 of 2/);
    expect(benchOf(second.stdout).bench.hardware.vram_gb).toBe(24);
    expect(run('--to', 'nvinx', '--gpu=2', file).stderr).toBe(
      `${file}: error: --gpu 2: the bench has 2 GPUs (0 to 1)\n`,
    );
    expect(run('--to', 'nvinx', '--gpu', '1', 'src/store/presets/default-4gb-day.yaml').code).toBe(1);
    expect(run('--to', 'nvinx', '--gpu', '0', 'src/store/presets/default-4gb-day.yaml').code).toBe(0);
    expect(run('--to', 'bench', '--gpu', '0', file).code).toBe(2);
    expect(run('--to', 'nvinx', '--gpu', 'x', file).code).toBe(2);
  });

  it('--to python writes a Python script (compiled with python3 when it exists)', (ctx) => {
    const p = direct('--to=python', fx('bench_4gb.yaml'));
    expect(p.status).toBe(0);
    expect(p.stdout).toMatch(/^#!\/usr\/bin\/env python3\n/);
    expect(p.stdout).toContain('python bench_4gb_plan.py');
    expect(p.stdout).toContain('from nvinx.patterns import fractional_coresidency, ram_overflow, serial_handoff');
    if (!hasPython) return ctx.skip('python3 is not installed');
    const file = join(mkdtempSync(join(tmpdir(), 'nvinx-cli-')), 'bench_4gb_plan.py');
    writeFileSync(file, p.stdout);
    const compiled = spawnSync('python3', ['-m', 'py_compile', file], { encoding: 'utf8' });
    expect(compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);
  }, 30000);

  it('--to bench gives back the identical bench, windows included', () => {
    const file = 'src/store/presets/default-4gb-day.yaml';
    const { code, stdout, stderr } = run('--to', 'bench', file);
    expect([code, stderr]).toEqual([0, '']);
    expect(benchOf(stdout).bench).toEqual(benchOf(read(file).toString()).bench);
  });

  it('--to case-study prefills the date, the patterns and the two days, as the page does', () => {
    const file = 'src/store/presets/default-4gb-day.yaml';
    const { code, stdout } = runPlanCli(['--to', 'case-study', file], read, { today: '2025-01-31' });
    expect(code).toBe(0);
    const back = benchOf(stdout);
    expect(back.format).toBe('case-study');
    // nvinx's format: the cards without the planner's timing fields.
    const nvinxFields = benchOf(read(file).toString()).bench.models.map(
      ({ hours: _h, cpu_hours: _c, cores: _k, ...card }) => card,
    );
    expect(back.bench.models).toEqual(nvinxFields);
    expect(back.bench.case_study).toMatchObject({
      submitter: 'your-github-handle',
      date: '2025-01-31',
      domain: 'other',
      pattern_tried: 'serial_handoff', // one pattern, as nvinx's template
      // The upper ends: 11.5 + 20.1595… and 7 + 20.1595… h.
      old_wall_clock_hours: 31.66,
      new_wall_clock_hours: 27.16,
    });
  });

  it('--to slurm|kubernetes|ray|skypilot writes the planned day for that cluster to stdout', () => {
    const file = 'src/store/presets/default-4gb-day.yaml';
    const heads: Record<string, RegExp> = {
      slurm: /^#!\/usr\/bin\/env bash\n# submit_day\.sh — /,
      kubernetes: /^# “4 GB bench — a composed day” on Kubernetes with HAMi/,
      ray: /^#!\/usr\/bin\/env python3\n"""“4 GB bench — a composed day” on Ray/,
      skypilot: /^# “4 GB bench — a composed day” on SkyPilot/,
    };
    for (const [format, head] of Object.entries(heads)) {
      const { code, stdout, stderr } = run('--to', format, file);
      expect([format, code, stderr]).toEqual([format, 0, '']);
      expect(stdout).toMatch(head);
    }
    // A co-resident set that does not fit the slices: the export still comes, with a warning on stderr.
    const tight = runPlanCli(['--to', 'slurm', 'tight.yaml'], () =>
      new TextEncoder().encode(
        'hardware: {vram_gb: 1.0, ram_gb: 8.0, cpu_cores: 2}\nmodels:\n' +
          ['a', 'b', 'c'].map((n) => `  - {name: ${n}, vram_gb: 0.33333, residency: GPU_SHARED}\n`).join('') +
          'windows:\n  - {name: thirds, pattern: fractional_coresidency, candidates: [a, b, c], headroom_gb: 0.0}\n',
      ),
    );
    expect(tight.code).toBe(0);
    expect(tight.stderr).toMatch(
      /^tight\.yaml: warning: Window 1 of 1 “thirds” .* ask for 102 shards, one GPU has 100/,
    );
    expect(tight.stdout).toMatch(/^#!\/usr\/bin\/env bash\n/);
  });

  it('every format is listed in --help', () => {
    const help = run('--help').stdout;
    expect(help).toContain('--to FORMAT');
    for (const f of EXPORT_FORMATS) expect(help).toMatch(new RegExp(`^ +${f} `, 'm'));
  });

  it('a file that does not read: exit 1, nothing on stdout, file:line:column on stderr', () => {
    const bad = runPlanCli(['--to', 'nvinx', 'bad.yaml'], () =>
      new TextEncoder().encode('hardware: {vram_gb: x, ram_gb: 1, cpu_cores: 1}\nmodels: []\n'),
    );
    expect(bad).toEqual({
      code: 1,
      stdout: '',
      stderr: 'bad.yaml:1:21: error: hardware.vram_gb must be a number, got the text "x"\n',
    });
    // A misplaced indent: once, at its line, in the words the page uses (the reader's one message).
    const indented = 'hardware:\n  vram_gb: 4\n  ram_gb: 8\n  cpu_cores: 2\nmodels:\n  - name: a\n   vram_gb: 1\n';
    const said = readBench(indented);
    if (said.ok) throw new Error('unreachable');
    expect(said.errors).toHaveLength(1);
    expect(said.errors[0]!.message).toMatch(/^Indentation: "vram_gb" is indented 3 spaces/);
    expect(runPlanCli(['--to', 'nvinx', 'bad.yaml'], () => new TextEncoder().encode(indented))).toEqual({
      code: 1,
      stdout: '',
      stderr: `bad.yaml:7:4: error: ${said.errors[0]!.message}\n`,
    });
    const missing = run('--to', 'python', 'nowhere.yaml');
    expect([missing.code, missing.stdout, missing.stderr]).toEqual([1, '', 'nowhere.yaml: error: no such file\n']);
    const p = direct('--to', 'bench', 'package.json');
    expect(p.status).toBe(1);
    expect(p.stdout).toBe('');
    expect(p.stderr).toMatch(/^package.json:\d+:\d+: error: /m);
    expect(p.stderr).not.toMatch(/at .*\.ts:\d+/);
  }, 30000);

  it('usage errors exit 2: an unknown format (with the allowed ones), no format, several files, --json', () => {
    const unknown = run('--to', 'xml', fx('bench_4gb.yaml'));
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(
      /^unknown export format "xml" for --to; the formats are bench, nvinx, case-study, python, slurm, kubernetes, ray, skypilot\n/,
    );
    expect(run('--to').code).toBe(2);
    expect(run(fx('bench_4gb.yaml'), '--to').stderr).toMatch(/^--to needs a FORMAT/);
    const two = run('--to', 'nvinx', fx('bench_4gb.yaml'), fx('bench_8gb.yaml'));
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/^--to writes one export to stdout: give exactly one FILE \(got 2\)/);
    expect(run('--to', 'nvinx').code).toBe(2);
    expect(run('--json', '--to', 'nvinx', fx('bench_4gb.yaml')).code).toBe(2);
    expect(direct('--to', 'yaml', fx('bench_4gb.yaml')).status).toBe(2);
  }, 30000);
});

describe('plan CLI: a composed day of two co-resident stacks', () => {
  const yaml = [
    'hardware: {vram_gb: 6, ram_gb: 32, cpu_cores: 8}',
    'models:',
    ...[
      ['a', 3],
      ['b', 2.5],
      ['c', 2.5],
      ['d', 2],
      ['huge', 5.8],
    ].map(([n, gb]) => `  - {name: ${n}, vram_gb: ${gb}, residency: GPU_SHARED}`),
    '',
  ].join('\n');
  const runOn = (...args: string[]) => runPlanCli([...args, 'two.yaml'], () => new TextEncoder().encode(yaml));
  const said = (n: string, gb: string) =>
    `${n} does not fit (${gb} GB > 0.0 GB left) and has no CPU fallback → runs in co-resident stack 2`;

  it('--json and text say where the first stack’s left-out cards run; nvinx’s placements kept', () => {
    const j = JSON.parse(runOn('--json').stdout);
    expect(j.composed).toBe(true);
    expect(j.windows.map((w: { name: string }) => w.name)).toEqual(['co-resident stack', 'co-resident stack 2']);
    const first = j.windows[0].plan;
    expect(first.unscheduled).toEqual(['huge', 'c', 'd']);
    const reasons = Object.fromEntries(
      first.reasons.map((r: { name: string; reason: string }) => [r.name, r.reason] as const),
    );
    expect([reasons.c, reasons.d, reasons.huge]).toEqual([
      said('c', '2.5'),
      said('d', '2.0'),
      'huge does not fit (5.8 GB > 5.5 GB left) and has no CPU fallback → not run',
    ]);
    expect(j.warnings).toEqual([]);
    const text = runOn().stdout;
    expect(text).toContain(`      - ${said('c', '2.5')}\n      - ${said('d', '2.0')}\n`);
    expect(text).not.toMatch(/- [cd] does not fit.*→ not run/);
  });
});

describe('plan CLI --suggest', () => {
  const four = [
    'hardware: {vram_gb: 12, ram_gb: 32, cpu_cores: 8}',
    'models:',
    ...[
      ['a', 4],
      ['b', 4],
      ['c', 1],
      ['d', 1],
    ].map(
      ([n, h]) =>
        `  - {name: ${n}, vram_gb: 5, residency: GPU_SHARED, cpu_fallback_supported: false, ` +
        `ram_overflow_supported: false, ram_gb_needed: null, hours: ${h}}`,
    ),
    'windows:',
    '  - {name: all, pattern: fractional_coresidency, candidates: [a, b, c, d], headroom_gb: 0.5}',
    '',
  ].join('\n');
  const runOn = (...args: string[]) => runPlanCli([...args, 'four.yaml'], () => new TextEncoder().encode(four));

  it('--json: the same line as --json for the suggested windows, plus suggested, lower_bound_hours and optimal', () => {
    const plain = JSON.parse(runOn('--json').stdout);
    expect(plain.day.planned_hours).toEqual({ min: 4, max: 4 });
    expect(plain.windows[0].plan.unscheduled).toEqual(['c', 'd']);
    const { code, stdout } = runOn('--suggest', '--json');
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(Object.keys(r)).toEqual([...Object.keys(plain), 'suggested', 'lower_bound_hours', 'optimal']);
    expect(r.windows.map((w: { plan: { gpu_coresident: string[] } }) => w.plan.gpu_coresident)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(r.day.planned_hours).toEqual({ min: 5, max: 5 });
    expect(r.suggested).toBe(true);
    expect(r.lower_bound_hours).toEqual({ min: 5, max: 5 });
    expect(r.optimal).toBe(true);
    expect(r.unplaced).toEqual([]);
  });

  it('text: the suggested day and how close it is', () => {
    const { stdout } = runOn('--suggest');
    expect(stdout).toContain('window "co-resident stack 2"');
    expect(stdout).toContain(
      '  suggested: Runs all 4 cards in 2 windows: a planned day of 5 h. The shortest possible day (proved).',
    );
  });

  it('--to bench writes the bench with its suggested windows', () => {
    const { code, stdout } = runOn('--suggest', '--to', 'bench');
    expect(code).toBe(0);
    const r = readBench(stdout);
    expect(r.ok && r.bench.windows?.map((w) => w.name)).toEqual(['co-resident stack 1', 'co-resident stack 2']);
  });

  it('a card that cannot run is listed with the suggestion’s reason', () => {
    const text = four.replace('hours: 1}', 'hours: 1}').replace('{name: d, vram_gb: 5,', '{name: d, vram_gb: 50,');
    const r = JSON.parse(runPlanCli(['--suggest', '--json', 'x.yaml'], () => new TextEncoder().encode(text)).stdout);
    expect(r.unplaced).toEqual([
      {
        name: 'd',
        reason:
          'd needs 50.0 GB; Pattern B packs at most 11.5 GB (12.0 GB less 0.5 GB headroom); it has no CPU fallback',
      },
    ]);
    expect(r.optimal).toBe(true);
  });
});
