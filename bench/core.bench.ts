/**
 * `npm run bench`: planning time per window for 10³, 10⁴ and 10⁵ cards, parse + validate
 * time for a 10⁴-card file, and the whole CLI on that file against Python (PyYAML's C
 * loader + the patterns). Prints a table; asserts nothing (timings are not tests).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fractionalCoresidency, ramOverflow, serialHandoff } from '../src/core/patterns';
import { planBench } from '../src/core/day';
import { RESIDENCIES, type ModelCard } from '../src/core/types';
import { readBench } from '../src/bench/read';
import { writeNvinxConfig } from '../src/bench/write';

const hw = { vram_gb: 24, ram_gb: 128, cpu_cores: 16 };

function cards(n: number, seed = 1): ModelCard[] {
  let x = seed;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: n }, (_, i) => {
    const residency = RESIDENCIES[Math.floor(rnd() * 4)]!;
    return {
      name: `model_${i}`,
      vram_gb: residency === 'CPU_ONLY' ? 0 : Math.round(rnd() * 80) / 10,
      residency,
      cpu_fallback_supported: rnd() < 0.5,
      ram_overflow_supported: residency === 'GPU_RAM_OVERFLOW',
      ram_gb_needed: residency === 'GPU_RAM_OVERFLOW' ? 40 : null,
    };
  });
}

function median(f: () => void, runs: number): number {
  const times = timesOf(f, runs).sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
/** Each run's time, in order. */
function timesOf(f: () => void, runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  return times;
}

const ms = (x: number) => `${x.toFixed(x < 10 ? 3 : 1)} ms`;
const rows: string[][] = [];
for (const n of [1e3, 1e4, 1e5]) {
  const cs = cards(n);
  const job: ModelCard = { ...cs[0]!, residency: 'GPU_EXCLUSIVE', vram_gb: 20 };
  const runs = n >= 1e5 ? 9 : 31;
  // Footprints as people write them (0.1 GB steps) and, the worst case, all distinct.
  const distinct = cs.map((c, i) => ({ ...c, vram_gb: c.vram_gb + i * 1e-9 }));
  median(() => fractionalCoresidency(cs, hw), 5); // warm up
  rows.push([
    String(n),
    ms(median(() => serialHandoff(job, cs, hw), runs)),
    ms(median(() => fractionalCoresidency(cs, hw), runs)),
    ms(median(() => fractionalCoresidency(distinct, hw), runs)),
    ms(median(() => ramOverflow({ ...job, ram_overflow_supported: true, ram_gb_needed: 40 }, hw), runs)),
  ]);
}
console.log('Planning time per window (median):');
console.table(
  rows.map(([n, a, b, d, c]) => ({
    cards: n,
    serial_handoff: a,
    fractional_coresidency: b,
    'fractional (all distinct)': d,
    ram_overflow: c,
  })),
);

const dir = mkdtempSync(join(tmpdir(), 'nvinx-bench-'));
const file = join(dir, 'bench_10k.yaml');
const text = writeNvinxConfig({ hardware: hw, models: cards(1e4) });
writeFileSync(file, text);
// The same text read 7 times in one process (as a page reads each import): every run is printed,
// not only the median, so that a run much slower than the others shows (the fast reader's third
// read once took 4 s in a third of the processes, docs/benchmarks.md).
const parseTimes = timesOf(() => {
  const r = readBench(text);
  if (!r.ok) throw new Error(r.errors[0]?.message);
}, 7);
const parse = [...parseTimes].sort((a, b) => a - b)[3]!;
const r = readBench(text);
const plan = r.ok ? median(() => planBench(r.bench), 11) : NaN;
console.log(
  `\n10,000-card file (${(text.length / 1024).toFixed(0)} KB): parse + validate ${ms(parse)} ` +
    `(each of 7 reads in one process: ${parseTimes.map(ms).join(', ')}), plan the day ${ms(plan)}`,
);

// The whole CLI, as a user runs it, against Python.
const root = new URL('..', import.meta.url).pathname;
function wall(cmd: string, args: string[], runs = 5): number {
  return median(() => {
    const p = spawnSync(cmd, args, { cwd: root, maxBuffer: 1 << 28 });
    if (p.status !== 0) throw new Error(`${cmd} failed: ${p.stderr.toString().slice(0, 300)}`);
  }, runs);
}
execFileSync('node', ['scripts/plan.mjs', '--help'], { cwd: root }); // build the CLI bundle once
const cliNode = wall('node', ['scripts/plan.mjs', '--json', file]);
const cliNpm = wall('npm', ['run', '-s', 'plan', '--', '--json', file], 3);
let python = NaN;
// The interpreter itself: `python3` on PATH may be a launcher script (pyenv's shim adds ~0.3 s a run).
const py = spawnSync('python3', ['-c', 'import sys, yaml; yaml.CLoader; print(sys.executable)'], { encoding: 'utf8' });
if (py.status === 0) python = wall(py.stdout.trim(), ['bench/nvinx_equivalent.py', file]);
console.log('\nWhole CLI on the 10,000-card bench (median wall time):');
console.table([
  { runner: 'node scripts/plan.mjs --json FILE', time: ms(cliNode) },
  { runner: 'npm run -s plan -- --json FILE (adds npm start-up)', time: ms(cliNpm) },
  {
    runner: 'python3 + PyYAML CLoader + patterns',
    time: Number.isNaN(python) ? 'python3/PyYAML not found' : ms(python),
  },
]);
if (!Number.isNaN(python)) {
  console.log(
    `CLI / Python = ${(cliNode / python).toFixed(2)} (target ≤ 0.5); through npm: ${(cliNpm / python).toFixed(2)}`,
  );
}
