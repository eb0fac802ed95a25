/**
 * `npm run bench:cli [-- --sizes 10000,40000 --shapes clean,warnings --runs 5]`: the CLI's direct
 * entry (`node scripts/plan.mjs --json FILE`) against Python + PyYAML's C loader running nvinx's
 * patterns (`bench/nvinx_equivalent.py`) on the same generated benches (bench/large-bench.ts:
 * thousands of candidates per window), in both of its shapes: `clean` (every card runs in one
 * window at most) and `warnings` (thousands of cards run in two windows, each a warning with
 * its line and column in the JSON). Wall clock per run, process start included, output
 * to /dev/null; node and Python runs alternate so both meet the same machine load.
 * Before timing, it checks that both give the same placements (card names per placement
 * and nvinx's notes, window by window), so both do equal work.
 * Prints a table; asserts nothing (timings are not tests).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { largeBench, type BenchShape } from './large-bench';

const root = fileURLToPath(new URL('..', import.meta.url));

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}
const sizes = option('sizes', '10000,40000').split(',').map(Number);
const runs = Math.max(1, Number(option('runs', '5')));
const shapes = option('shapes', 'clean,warnings')
  .split(',')
  .map((s): BenchShape => {
    if (s !== 'clean' && s !== 'warnings') throw new Error(`--shapes: clean or warnings, not ${s}`);
    return s;
  });
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');

/**
 * The interpreter itself, not the `python3` first on PATH: that can be a launcher script (pyenv's
 * shim is a bash script that runs `pyenv exec`, ~0.3–0.5 s of every run here), which would time
 * the launcher as Python's. Node is timed as `process.execPath` for the same reason.
 */
function interpreter(): string | null {
  const p = spawnSync('python3', ['-c', 'import sys, yaml; yaml.CLoader; print(sys.executable)'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exe = p.status === 0 ? p.stdout.trim() : '';
  return exe === '' ? null : exe;
}
const pythonExe = interpreter();
const NODE = [process.execPath, 'scripts/plan.mjs', '--json'] as const;
const PYTHON = [pythonExe ?? 'python3', 'bench/nvinx_equivalent.py'] as const;

/**
 * CPU time (user + system, ms) of the children waited for so far, from /proc/self/stat
 * (Linux; NaN elsewhere). Less sensitive than wall time to other work on the machine.
 */
function childrenCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10; // cutime + cstime, at 100 ticks/s
  } catch {
    return NaN;
  }
}

function run(cmd: readonly string[], file: string, capture: boolean) {
  const cpu = childrenCpuMs();
  const t = performance.now();
  const p = spawnSync(cmd[0]!, [...cmd.slice(1), file], {
    cwd: root,
    stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'],
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  const ms = performance.now() - t;
  if (p.status !== 0) throw new Error(`${cmd.join(' ')} ${file} failed (${p.status}): ${p.stderr.slice(0, 400)}`);
  return { ms, cpuMs: childrenCpuMs() - cpu, stdout: p.stdout ?? '' };
}

type Lists = Record<'gpu_coresident' | 'cpu_parallel' | 'overflow' | 'unscheduled', string[]>;
interface PlanOut extends Lists {
  gpu_foreground: string | null;
  notes: string[];
}
interface WindowOut {
  name: string;
  pattern: string;
  plan: PlanOut | null;
  hint: { max_memory: Record<string, string>; notes: string } | null;
}
interface NodeWindow extends WindowOut {
  error: string | null;
}
interface PythonWindow extends WindowOut {
  refused: boolean;
}

/** The differences between the two answers (empty when they placed every card alike). */
function compare(node: { windows: NodeWindow[] }, python: { windows: PythonWindow[] }) {
  const diffs: string[] = [];
  let names = 0;
  if (node.windows.length !== python.windows.length)
    diffs.push(`${node.windows.length} windows in node, ${python.windows.length} in Python`);
  node.windows.forEach((n, i) => {
    const p = python.windows[i];
    if (p === undefined) return;
    const at = `window ${i + 1} (${n.name})`;
    const same = (what: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push(`${at}: ${what} differs`);
    };
    same('name', n.name, p.name);
    same('pattern', n.pattern, p.pattern);
    same('refusal', n.error !== null, p.refused);
    if (n.plan !== null || p.plan !== null) {
      for (const key of [
        'gpu_foreground',
        'gpu_coresident',
        'cpu_parallel',
        'overflow',
        'unscheduled',
        'notes',
      ] as const)
        same(key, n.plan?.[key], p.plan?.[key]);
      if (n.plan !== null) {
        names += (n.plan.gpu_foreground === null ? 0 : 1) + n.plan.gpu_coresident.length;
        names += n.plan.cpu_parallel.length + n.plan.overflow.length + n.plan.unscheduled.length;
      }
    }
    if (n.hint !== null || p.hint !== null) {
      same('max_memory', n.hint?.max_memory, p.hint?.max_memory);
      same('hint notes', n.hint?.notes, p.hint?.notes);
    }
  });
  return { diffs, names };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const spread = (xs: number[]) => `${sec(Math.min(...xs))}–${sec(Math.max(...xs))}`;

const python = pythonExe !== null;
if (!python) console.log('python3 with PyYAML and its C loader was not found: node timings only.');
else console.log(`Python: ${pythonExe} (the interpreter python3 runs); node: ${process.execPath}`);
spawnSync('node', ['scripts/plan.mjs', '--help'], { cwd: root, stdio: 'ignore' }); // build the bundle once

const dir = mkdtempSync(join(tmpdir(), 'nvinx-cli-bench-'));
const rows: Record<string, string>[] = [];
const load0 = load();
try {
  for (const shape of shapes)
    for (const n of sizes) {
      const bench = largeBench(n, 7, shape);
      const file = join(dir, `bench_${shape}_${n}.yaml`);
      writeFileSync(file, bench.text);
      const kb = (Buffer.byteLength(bench.text) / 1024).toFixed(0);
      console.log(
        `\n${n.toLocaleString('en-US')} cards, ${shape}: ${kb} KB, ${bench.windows} windows naming ${bench.candidates.toLocaleString('en-US')} candidates`,
      );
      let equal = 'not checked';
      let jsonKb = '—';
      let warnings = '—';
      if (python) {
        const nodeOut = run(NODE, file, true).stdout;
        jsonKb = `${(Buffer.byteLength(nodeOut) / 1024).toFixed(0)} KB`;
        const a = JSON.parse(nodeOut);
        warnings = String((a.warnings ?? []).length);
        const b = JSON.parse(run(PYTHON, file, true).stdout);
        const { diffs, names } = compare(a, b);
        equal =
          diffs.length === 0 ? `yes (${names.toLocaleString('en-US')} placements)` : `NO: ${diffs.length} differences`;
        console.log(
          diffs.length === 0
            ? `  same placements in node and Python: ${a.windows.length} windows, ${names.toLocaleString('en-US')} placements, notes equal`
            : `  NOT EQUAL WORK — the answers differ:\n    ${diffs.slice(0, 10).join('\n    ')}`,
        );
      }
      const times = {
        node: [] as number[],
        python: [] as number[],
        nodeCpu: [] as number[],
        pythonCpu: [] as number[],
      };
      for (let r = 0; r < runs; r++) {
        const a = run(NODE, file, false);
        times.node.push(a.ms);
        times.nodeCpu.push(a.cpuMs);
        if (python) {
          const b = run(PYTHON, file, false);
          times.python.push(b.ms);
          times.pythonCpu.push(b.cpuMs);
        }
        process.stdout.write(`  run ${r + 1}/${runs}\r`);
      }
      const nodeMs = median(times.node);
      const pyMs = python ? median(times.python) : NaN;
      const cpu = median(times.nodeCpu) / median(times.pythonCpu);
      rows.push({
        shape,
        cards: n.toLocaleString('en-US'),
        file: `${kb} KB`,
        warnings,
        'JSON out': jsonKb,
        'node scripts/plan.mjs --json': `${sec(nodeMs)} (${spread(times.node)})`,
        'python3 + CLoader + nvinx': python ? `${sec(pyMs)} (${spread(times.python)})` : '—',
        'node / python': python ? (nodeMs / pyMs).toFixed(2) : '—',
        'CPU time node / python': python && Number.isFinite(cpu) ? cpu.toFixed(2) : '—',
        'same placements': equal,
      });
    }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\nWhole CLI, median of ${runs} runs (wall clock, process start included; min–max in brackets):`);
console.log(`Load average (1, 5, 15 min) at the start: ${load0}; at the end: ${load()}`);
console.table(rows);
console.log(
  'Target (issues 9, 21): node / python ≤ 0.5 at both sizes and both shapes (wall clock). The CPU-time ratio (user + system,\n' +
    'medians) is less sensitive to other work on the machine; the two differ most when the machine is busy.',
);
