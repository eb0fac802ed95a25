import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbBench } from '../test/arbitraries';
import { makeCard } from '../test/cards';
import type { Bench } from '../core/types';
import { writePythonScript } from './python';
import { readBench } from '../bench/read';

const fixture = (f: string) => readFileSync(new URL(`../../fixtures/${f}`, import.meta.url), 'utf8');
const shim = new URL('./testdata/nvinx_shim', import.meta.url).pathname;
const batchRunner = new URL('./testdata/run_scripts.py', import.meta.url).pathname;
const FIXTURES = ['bench_4gb.yaml', 'bench_8gb.yaml', 'bench_24gb.yaml'];

function fixtureBench(f: string): Bench {
  const r = readBench(fixture(f));
  if (!r.ok) throw new Error(`fixture ${f} does not read`);
  return r.bench;
}

const hasPython = spawnSync('python3', ['--version']).status === 0;
const skipReason = hasPython ? '' : ' [skipped: python3 is not on PATH]';

/** Every kind of window: plans for A and B, a hint for C, a refusal of each, an unknown card. */
const mixed: Bench = {
  name: 'mixed',
  hardware: { vram_gb: 4, ram_gb: 16, cpu_cores: 4 },
  models: [
    makeCard({ name: 'big', residency: 'GPU_EXCLUSIVE', vram_gb: 3.5 }),
    makeCard({ name: 'cpu', residency: 'CPU_ONLY' }),
    makeCard({ name: 'a', vram_gb: 1.5 }),
    makeCard({ name: 'b', vram_gb: 1.2, cpu_fallback_supported: true }),
    makeCard({ name: 'c', vram_gb: 1.1 }),
    makeCard({ name: 'ov', residency: 'GPU_RAM_OVERFLOW', vram_gb: 9, ram_overflow_supported: true, ram_gb_needed: 9 }),
    makeCard({ name: 'noov', residency: 'GPU_RAM_OVERFLOW', vram_gb: 9 }),
  ],
  windows: [
    { name: 'night', pattern: 'serial_handoff', gpu_job: 'big', candidates: ['cpu', 'a', 'b'] },
    { name: 'morning', pattern: 'fractional_coresidency', candidates: ['a', 'b', 'c', 'cpu'], headroom_gb: 0.5 },
    { name: 'noon', pattern: 'ram_overflow', model: 'ov', headroom_gb: 1 },
    { name: 'bad A', pattern: 'serial_handoff', gpu_job: 'a', candidates: [] },
    { name: 'bad B', pattern: 'fractional_coresidency', candidates: ['a'], headroom_gb: 4 },
    { name: 'bad C', pattern: 'ram_overflow', model: 'noov', headroom_gb: 0.5 },
    { name: 'ghost', pattern: 'ram_overflow', model: 'ghost', headroom_gb: 0.5 },
  ],
};

const dir = hasPython ? mkdtempSync(join(tmpdir(), 'nvinx-py-')) : '';
const env = { ...process.env, PYTHONPATH: shim, PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' };
let runs = 0;

interface Run {
  readonly status: number | null;
  readonly out: string;
}

/** Run a script with python3 against the shim (nvinx 0.1's own source): exit status and output. */
function runScript(text: string): Run {
  const file = join(dir, `plan_${runs++}.py`);
  writeFileSync(file, text);
  const r = spawnSync('python3', [file], { env, encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** Run many scripts in one python3 process (testdata/run_scripts.py), each as __main__. */
function runScripts(texts: readonly string[]): Run[] {
  const r = spawnSync('python3', [batchRunner], {
    env,
    encoding: 'utf8',
    input: JSON.stringify(texts),
    maxBuffer: 1 << 28,
  });
  if (r.status !== 0) throw new Error(`run_scripts.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Run[];
}

const CHECK = /^(check_plan|check_hint|expect_refusal)\(("(?:[^"\\]|\\.)*"), lambda: (.*?)(?:, \{|\))$/;

/** The title of each window the script checks, in order. */
function checkedTitles(script: string): string[] {
  return script.split('\n').flatMap((l) => {
    const m = CHECK.exec(l);
    return m ? [JSON.parse(m[2]!) as string] : [];
  });
}

/** The script agrees with nvinx: one OK per checked window, no DIFF, exit 0. */
function expectAgreement(script: string, { status, out }: Run = runScript(script)): void {
  expect(out).not.toMatch(/^DIFF|Traceback/m);
  expect(out.match(/^OK {3}.*$/gm) ?? []).toEqual(checkedTitles(script).map((t) => `OK   ${t}`));
  expect(status).toBe(0);
}

/** The script finds exactly the window `title` different, still reports every other window, exits 1. */
function expectDiff(script: string, title: string): string {
  const { status, out } = runScript(script);
  expect(out).not.toMatch(/Traceback/);
  expect(out.match(/^DIFF .*$/gm)).toEqual([`DIFF ${title}`]);
  expect(out.match(/^(OK {3}|DIFF ).*$/gm)?.length).toBe(checkedTitles(script).length);
  expect(status).toBe(1);
  return out;
}

/** Replace `from` (which must occur) by `to`. */
function mutate(script: string, from: string | RegExp, to: string): string {
  const out = script.replace(from, to);
  if (out === script) throw new Error(`the mutation ${String(from)} does not apply`);
  return out;
}

interface Mutation {
  readonly what: string;
  readonly title: string;
  readonly script: string;
}

/** A different string: one character changed (the middle one), or "x" for the empty string. */
function changeOne(s: string): string {
  const cs = [...s];
  if (cs.length === 0) return 'x';
  const i = Math.floor(cs.length / 2);
  cs[i] = cs[i] === 'x' ? 'y' : 'x';
  return cs.join('');
}

/**
 * Every single change of one expected value in the script: one character of each string
 * (names, notes, max_memory, estimated_slowdown), None or [] filled in, two names of a list
 * swapped, a key dropped, the 0 key made "0", and each window's answer turned from a plan or
 * hint into a refusal or back.
 */
function mutations(script: string): Mutation[] {
  const lines = script.split('\n');
  const out: Mutation[] = [];
  const at = (i: number, what: string, title: string, replacement: string[]) =>
    out.push({ what, title, script: [...lines.slice(0, i), ...replacement, ...lines.slice(i + 1)].join('\n') });
  let title = '';
  let inExpected = false; // between `check_...(title, lambda: call, {` and `})`
  lines.forEach((line, i) => {
    if (line === '})') inExpected = false;
    const check = CHECK.exec(line);
    if (check) {
      const [, fn, t, call] = check as unknown as [string, string, string, string];
      title = JSON.parse(t) as string;
      if (fn === 'expect_refusal') {
        const [to, expected] = call.startsWith('ram_overflow(')
          ? ['check_hint', ['    "device_map": "auto",', '    "max_memory": {0: "0.0GiB", "cpu": "0.0GiB"},']]
          : ['check_plan', ['    "gpu_foreground": None,', '    "notes": [],']];
        at(i, `refusal turned into ${to}`, title, [`${to}(${t}, lambda: ${call}, {`, ...expected, '})']);
      } else {
        const end = lines.indexOf('})', i);
        const refusal = `expect_refusal(${t}, lambda: ${call})`;
        out.push({
          what: `${fn} turned into a refusal`,
          title,
          script: [...lines.slice(0, i), refusal, ...lines.slice(end + 1)].join('\n'),
        });
      }
      const missing = line.replace(/M\["[^"]*"\]/, 'M["no such card"]');
      if (missing !== line) at(i, `${fn} looking up a missing card`, title, [missing]);
      inExpected = fn !== 'expect_refusal';
      return;
    }
    const field = /^( {4}"(\w+)": )(.*),$/.exec(line);
    if (!inExpected || !field) return;
    const [, head, key, value] = field as unknown as [string, string, string, string];
    at(i, `${key} dropped`, title, []);
    if (value === 'None') at(i, `${key} None -> "x"`, title, [`${head}"x",`]);
    if (value === '[]') at(i, `${key} [] -> ["x"]`, title, [`${head}["x"],`]);
    if (value.startsWith('{0: ')) at(i, `${key} 0 key -> "0"`, title, [`${head}{"0": ${value.slice(4)},`]);
    const literals = [...value.matchAll(/"(?:[^"\\]|\\.)*"/g)];
    literals.forEach((lit, k) => {
      const changed = JSON.stringify(changeOne(JSON.parse(lit[0]) as string));
      const v = value.slice(0, lit.index) + changed + value.slice(lit.index + lit[0].length);
      at(i, `${key} literal ${k} changed`, title, [`${head}${v},`]);
    });
    if (value.startsWith('[') && literals.length >= 2 && literals[0]![0] !== literals[1]![0]) {
      const [x, y] = [literals[0]!, literals[1]!];
      const v =
        value.slice(0, x.index) +
        y[0] +
        value.slice(x.index + x[0].length, y.index) +
        x[0] +
        value.slice(y.index + y[0].length);
      at(i, `${key} first two swapped`, title, [`${head}${v},`]);
    }
  });
  return out;
}

describe('the Python script (text)', () => {
  it('quotes names as Python strings', () => {
    const b: Bench = {
      hardware: { vram_gb: 4, ram_gb: 8, cpu_cores: 2 },
      models: [makeCard({ name: 'a"b\\c\nd', vram_gb: 1 })],
    };
    expect(writePythonScript(b)).toContain('"a\\"b\\\\c\\nd": ModelSpec(name="a\\"b\\\\c\\nd", vram_gb=1.0');
  });

  it('puts the helpers first, then one block per window, then the exit', () => {
    const text = writePythonScript(mixed);
    const helpers = ['def report(', 'def check_plan(', 'def check_hint(', 'def expect_refusal('].map((s) =>
      text.indexOf(s),
    );
    const windows = [...text.matchAll(/^# Window /gm)].map((m) => m.index);
    expect(windows).toHaveLength(7);
    expect(Math.max(...helpers)).toBeLessThan(windows[0]!);
    expect(text.trimEnd().endsWith('sys.exit(1 if failures else 0)')).toBe(true);
    expect(text).toContain(
      [
        '# Window 3. noon (ram_overflow)',
        'check_hint("3. noon (ram_overflow)", lambda: ram_overflow(M["ov"], hw, headroom_gb=1.0), {',
        '    "device_map": "auto",',
        '    "max_memory": {0: "3.0GiB", "cpu": "6.0GiB"},',
        '    "estimated_slowdown": "3-5x vs. pure-GPU inference",',
        '    "notes": "Pattern C (ram_overflow): ov split across GPU (3.0 GB) and system RAM (6.0 GB).",',
        '})',
      ].join('\n'),
    );
    // nvinx's default headroom is left out of the call; the unknown card is a comment only.
    expect(text).toContain('lambda: ram_overflow(M["noov"], hw))');
    expect(text).toContain('# Skipped: window ghost names ghost, but no model card has that name.');
  });

  it('keeps control characters of user text out of comments', () => {
    const text = writePythonScript({ ...mixed, name: 'one\ntwo\r\0three' });
    expect(text.split('\n')[1]).toBe("# one two  three: the nvinx planner's plan, reproduced with nvinx 0.1.");
  });
});

describe.skipIf(!hasPython)(`the Python script run against nvinx 0.1 (the shim)${skipReason}`, () => {
  it.each(FIXTURES)('%s: nvinx agrees with every window', (f) => {
    const script = writePythonScript(fixtureBench(f));
    expect(checkedTitles(script).length).toBeGreaterThanOrEqual(2);
    expectAgreement(script);
  });

  it('agrees on every kind of window, refusals included', () => {
    const script = writePythonScript(mixed);
    expect(checkedTitles(script)).toHaveLength(6);
    expectAgreement(script);
  });

  it('agrees on random benches', () => {
    fc.assert(
      fc.property(fc.array(arbBench, { minLength: 10, maxLength: 10 }), (benches) => {
        const scripts = benches.map((b) => writePythonScript(b));
        runScripts(scripts).forEach((run, i) => expectAgreement(scripts[i]!, run));
      }),
      { numRuns: 5 },
    );
  }, 60_000);

  const script = writePythonScript(mixed);
  const [night, morning, noon, badA, , badC] = checkedTitles(script);
  const named: [string, string, () => string][] = [
    ['a name in a list', night!, () => mutate(script, '"unscheduled": ["a"]', '"unscheduled": ["c"]')],
    ['the foreground job', night!, () => mutate(script, '"gpu_foreground": "big"', '"gpu_foreground": None')],
    [
      'two co-resident names swapped',
      morning!,
      () => mutate(script, '"gpu_coresident": ["a", "b"]', '"gpu_coresident": ["b", "a"]'),
    ],
    ['a note character', morning!, () => mutate(script, '2.70/3.50 GB', '2.70/3.5 GB')],
    ['a note added', morning!, () => mutate(script, 'headroom)."]', 'headroom).", ""]')],
    [
      'the notes as a tuple, not a list',
      morning!,
      () => mutate(script, /"notes": \[("Pattern B.*")\]/, '"notes": ($1,)'),
    ],
    ['a max_memory string', noon!, () => mutate(script, '"cpu": "6.0GiB"', '"cpu": "6.0 GiB"')],
    ['the max_memory 0 key as a string', noon!, () => mutate(script, '{0: "3.0GiB"', '{"0": "3.0GiB"')],
    ['the max_memory 0 key as False (equal to 0 in Python)', noon!, () => mutate(script, '{0: "3.0', '{False: "3.0')],
    ['the estimated_slowdown text', noon!, () => mutate(script, '"3-5x vs. pure-GPU inference"', '"3-5x"')],
    ['the device_map', noon!, () => mutate(script, '"device_map": "auto"', '"device_map": "balanced"')],
    ['a hint note character', noon!, () => mutate(script, 'system RAM (6.0 GB).', 'system RAM (6.0 GB)')],
    ['a hint key the planner lacks', noon!, () => mutate(script, /\n {4}"estimated_slowdown": .*,/, '')],
    [
      'a refusal turned into a plan',
      badA!,
      () => mutate(script, /expect_refusal\((.*), lambda: (.*)\)\n/, 'check_plan($1, lambda: $2, {"notes": []})\n'),
    ],
    [
      'a plan turned into a refusal',
      morning!,
      () =>
        mutate(script, /check_plan\(("2\. .*"), lambda: (.*), \{\n(?: {4}.*\n)*\}\)/, 'expect_refusal($1, lambda: $2)'),
    ],
    [
      'a refusal turned into a hint',
      badC!,
      () => mutate(script, /expect_refusal\(("6\. .*"), lambda: (.*)\)/, 'check_hint($1, lambda: $2, {})'),
    ],
    [
      'a refusal by KeyError (a missing card), not ValueError',
      badC!,
      () => mutate(script, 'lambda: ram_overflow(M["noov"]', 'lambda: ram_overflow(M["no such card"]'),
    ],
    [
      'a refusal by TypeError (headroom passed by position), not ValueError',
      badC!,
      () => mutate(script, 'ram_overflow(M["noov"], hw)', 'ram_overflow(M["noov"], hw, 0.5)'),
    ],
    [
      'nvinx raising in a window the planner planned',
      morning!,
      () => mutate(script, 'M["c"], M["cpu"]], hw)', 'M["c"], M["no such card"]], hw)'),
    ],
  ];

  it.each(named)('reports a DIFF and exits 1 for %s', (_, title, make) => {
    expectDiff(make(), title);
  });

  it('says what differs, nvinx vs planner', () => {
    const out = expectDiff(mutate(script, '"3-5x vs. pure-GPU inference"', '"3-5x"'), noon!);
    expect(out).toContain("estimated_slowdown: nvinx '3-5x vs. pure-GPU inference' vs planner '3-5x'");
    const refused = expectDiff(mutate(script, 'ram_overflow(M["noov"]', 'ram_overflow(M["no such card"]'), badC!);
    expect(refused).toContain("nvinx raised KeyError: 'no such card', not ValueError; the planner refused this window");
  });

  /** Each mutation, run: the one window it changed is a DIFF, the script exits 1. */
  function expectEachDiff(all: readonly Mutation[]): void {
    const results = runScripts(all.map((m) => m.script));
    all.forEach((m, i) => {
      const { status, out } = results[i]!;
      expect({ what: m.what, status, diffs: out.match(/^DIFF .*$/gm), traceback: out.includes('Traceback') }).toEqual({
        what: m.what,
        status: 1,
        diffs: [`DIFF ${m.title}`],
        traceback: false,
      });
    });
  }

  it.each(FIXTURES)('%s: every single change of an expected value is a DIFF', (f) => {
    const all = mutations(writePythonScript(fixtureBench(f)));
    expect(all.length).toBeGreaterThan(20);
    expectEachDiff(all);
  });

  it('every kind of window: every single change of an expected value is a DIFF', () => {
    expectEachDiff(mutations(writePythonScript(mixed)));
  });

  it('random benches: every single change of an expected value is a DIFF', () => {
    fc.assert(
      fc.property(fc.array(arbBench, { minLength: 10, maxLength: 10 }), (benches) => {
        const scripts = benches.map((b) => writePythonScript(b));
        // The unchanged scripts agree, so each DIFF below comes from its one change.
        runScripts(scripts).forEach((run, i) => expectAgreement(scripts[i]!, run));
        expectEachDiff(scripts.flatMap(mutations));
      }),
      { numRuns: 5 },
    );
  }, 60_000);
});
