/**
 * `npm run bench:suggest`: Suggest a day
 * 1. on random benches of 10, 100, 1,000 and 10,000 cards (in process, no time limit): the
 *    time it takes, and how far its day is from the lower bound (the gap is an upper
 *    estimate of the distance to the optimum); also the day nvinx's composing rules give;
 * 2. the page's path at 2,000 cards: the worker's own function (`handleSuggest`, with the
 *    page's time limit) on a structured clone of the bench, as postMessage hands it over;
 * 3. the CLI, whole process: `node scripts/plan.mjs --suggest --json` on a 3,000-card file.
 * Every time is given as wall clock and as CPU time (user + system), with the load average:
 * the machine may be shared. Prints tables; asserts nothing (timings are not tests).
 * `--quick` skips the 10,000-card row.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { planBench } from '../src/core/day';
import { suggestDay } from '../src/core/suggest';
import { timeDay } from '../src/core/timing';
import type { Bench, ModelCard, Residency } from '../src/core/types';
import { handleSuggest } from '../src/components/suggest-handler';
import { largeBench } from './large-bench';

/** A bench like a user's: an RTX 4090 workstation, mostly shared models, some CPU work, a few big jobs. */
export function randomBench(n: number, seed = 1): Bench {
  let x = seed;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const half = (lo: number, hi: number) => Math.round((lo + rnd() * (hi - lo)) * 2) / 2;
  const vram = 24;
  const models: ModelCard[] = Array.from({ length: n }, (_, i) => {
    const r = rnd();
    const residency: Residency =
      r < 0.06 ? 'GPU_EXCLUSIVE' : r < 0.08 ? 'GPU_RAM_OVERFLOW' : r < 0.78 ? 'GPU_SHARED' : 'CPU_ONLY';
    const fallback = residency !== 'CPU_ONLY' && rnd() < 0.3;
    const card: ModelCard = {
      name: `m${i}`,
      vram_gb:
        residency === 'CPU_ONLY'
          ? 0
          : residency === 'GPU_SHARED'
            ? Math.round(vram * (0.05 + rnd() * 0.5) * 10) / 10
            : residency === 'GPU_EXCLUSIVE'
              ? Math.round((8 + rnd() * 20) * 10) / 10
              : Math.round((30 + rnd() * 40) * 10) / 10,
      residency,
      cpu_fallback_supported: fallback,
      ram_overflow_supported: residency === 'GPU_RAM_OVERFLOW',
      ram_gb_needed: residency === 'GPU_RAM_OVERFLOW' ? Math.round(40 + rnd() * 40) : null,
      hours: half(0.5, 8),
      ...(fallback ? { cpu_hours: half(1, 24) } : {}),
      ...(residency === 'CPU_ONLY' && rnd() < 0.3 ? { cores: 4 } : {}),
    };
    return card;
  });
  return { name: `random ${n}`, hardware: { vram_gb: vram, ram_gb: 128, cpu_cores: 16 }, models };
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');

/** Wall and CPU (user + system) milliseconds of `f` in this process. */
function timed<T>(f: () => T): { value: T; wall: number; cpu: number } {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = f();
  const wall = performance.now() - t;
  const u = process.cpuUsage(c);
  return { value, wall, cpu: (u.user + u.system) / 1000 };
}

/** CPU time (user + system, ms) of the children waited for so far (Linux: /proc/self/stat; NaN elsewhere). */
function childrenCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return NaN;
  }
}

const med = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => x.toFixed(0).padStart(6);

function table(quick: boolean) {
  console.log(`1. In process, no time limit (load average ${load()})`);
  console.log(
    'cards   benches  wall ms (median, max)  CPU ms (median)  gap to bound (median, max)  proved  composed day (runs, h)',
  );
  const rows: [number, number][] = [
    [10, 20],
    [100, 10],
    [1000, 5],
  ];
  if (!quick) rows.push([10000, 3]);
  for (const [n, count] of rows) {
    const walls: number[] = [];
    const cpus: number[] = [];
    const gaps: number[] = [];
    let proved = 0;
    let composedRuns = 0;
    let suggestedRuns = 0;
    let composedHours = 0;
    let suggestedHours = 0;
    for (let k = 0; k < count; k++) {
      const b = randomBench(n, 1 + k);
      const { value: s, wall, cpu } = timed(() => suggestDay(b));
      walls.push(wall);
      cpus.push(cpu);
      gaps.push(s.lowerBound.hi > 0 ? (s.planned.hi - s.lowerBound.hi) / s.lowerBound.hi : 0);
      if (s.optimal) proved++;
      const plan = planBench(b);
      const d = timeDay(b, plan);
      composedRuns += d.basis.jobs;
      suggestedRuns += s.runs;
      composedHours += d.planned.hi;
      suggestedHours += s.planned.hi;
    }
    console.log(
      `${String(n).padStart(5)}  ${String(count).padStart(7)}  ${`${ms(med(walls))}, ${ms(Math.max(...walls))}`.padStart(21)}  ` +
        `${ms(med(cpus)).padStart(15)}  ${`${(med(gaps) * 100).toFixed(1)} %, ${(Math.max(...gaps) * 100).toFixed(1)} %`.padStart(26)}  ` +
        `${`${proved}/${count}`.padStart(6)}  suggested ${suggestedRuns} cards in ${(suggestedHours / count).toFixed(1)} h, ` +
        `composed ${composedRuns} jobs in ${(composedHours / count).toFixed(1)} h (means)`,
    );
  }
}

/** The page's path: what the worker runs, on what postMessage hands it. */
function page(n: number, runs: number) {
  const walls: number[] = [];
  const cpus: number[] = [];
  let gap = 0;
  for (let k = 0; k < runs; k++) {
    const bench = randomBench(n, 1 + k);
    const { value, wall, cpu } = timed(() => {
      let done: unknown = null;
      handleSuggest({ bench: structuredClone(bench) }, (r) => {
        if (r.kind === 'done') done = structuredClone(r.result);
      });
      return done as { planned: { hi: number }; lowerBound: { hi: number } } | null;
    });
    walls.push(wall);
    cpus.push(cpu);
    if (value !== null) gap = Math.max(gap, value.planned.hi / value.lowerBound.hi - 1);
  }
  console.log(
    `2. The page's path (the worker's handleSuggest, its time limit, structured clones), ${n} cards, ${runs} benches: ` +
      `wall median ${ms(med(walls)).trim()} ms (max ${ms(Math.max(...walls)).trim()}), CPU median ${ms(med(cpus)).trim()} ms, ` +
      `gap to the bound at most ${(gap * 100).toFixed(1)} %; load average ${load()}`,
  );
}

/** The CLI, whole process (node's start, reading, suggesting, planning, writing JSON). */
function cli(n: number, runs: number) {
  const file = join(tmpdir(), `nvinx-suggest-${n}.yaml`);
  writeFileSync(file, largeBench(n).text);
  const root = join(import.meta.dirname, '..');
  spawnSync('node', ['scripts/plan.mjs', '--help'], { cwd: root, stdio: 'ignore' }); // build the bundle once
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let k = 0; k < runs; k++) {
    const c = childrenCpuMs();
    const t = performance.now();
    const p = spawnSync('node', ['scripts/plan.mjs', '--suggest', '--json', file], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
    });
    walls.push(performance.now() - t);
    cpus.push(childrenCpuMs() - c);
    if (p.status !== 0) throw new Error(`plan --suggest failed: ${p.stderr.slice(0, 400)}`);
  }
  console.log(
    `3. The CLI, whole process (node scripts/plan.mjs --suggest --json, a ${n}-card bench/large-bench.ts file), ${runs} runs: ` +
      `wall median ${ms(med(walls)).trim()} ms (max ${ms(Math.max(...walls)).trim()}), CPU median ${ms(med(cpus)).trim()} ms; load average ${load()}`,
  );
}

function main() {
  const quick = process.argv.includes('--quick');
  table(quick);
  page(2000, 3);
  cli(3000, 3);
}

if (process.argv[1]?.endsWith('suggest.bench.ts')) main();
