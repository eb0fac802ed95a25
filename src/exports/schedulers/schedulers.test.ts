import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { planBench } from '../../core/day';
import { timeDay } from '../../core/timing';
import type { Bench } from '../../core/types';
import { arbBench, arbGpusBench } from '../../test/arbitraries';
import { makeCard } from '../../test/cards';
import { readBench } from '../../bench/read';
import { writeBench, writeNvinxConfig } from '../../bench/write';
import { hamiMemMiB, RUNNER_PREFIX } from './kubernetes';
import { rayGpus } from './ray';
import { windowGpus } from '../../core/bench-gpus';
import { dayPeak, schedulerDay } from './jobs';
import { SCHEDULER_TARGETS, writeScheduler } from '.';
import { slurmGpuTypes, slurmGres, slurmUnits } from './slurm';

const presetText = readFileSync(new URL('../../store/presets/default-4gb-day.yaml', import.meta.url), 'utf8');
function preset(): Bench {
  const r = readBench(presetText);
  if (!r.ok) throw new Error('the default bench does not read');
  return r.bench;
}

const work = mkdtempSync(join(tmpdir(), 'nvinx-sched-'));
let files = 0;
const tmpFile = (name: string, text: string) => {
  const path = join(work, `${files++}-${name}`);
  writeFileSync(path, text);
  return path;
};
const hasPython = spawnSync('python3', ['--version']).status === 0;

/** A command no writer may bend: quotes, expansions, a heredoc, the writers' own delimiters, a YAML document marker. */
const NASTY = [
  `python run.py --name "it's \${HOME}" --flag='a "b" c' \`echo hi\` $((1+2)) # not a comment? ': x'`,
  'cat <<NVINX_JOB',
  'NVINX_JOB',
  '---',
  '"""',
  'echo "tab\there" done\\',
  '  indented: line',
  'echo ünïcødé → 4 GB',
].join('\n');

const sharedOk = (overrides: Partial<Bench> = {}): Bench => ({
  ...preset(),
  ...overrides,
});

/** One co-resident set that fits the bench but not the slices after rounding up. */
const tight: Bench = {
  name: 'tight thirds',
  hardware: { vram_gb: 1, ram_gb: 8, cpu_cores: 2 },
  models: ['a', 'b', 'c'].map((name) => makeCard({ name, vram_gb: 0.33333 })),
  windows: [{ name: 'thirds', pattern: 'fractional_coresidency', candidates: ['a', 'b', 'c'], headroom_gb: 0 }],
};

/**
 * Two GPUs: a model split over both, then a job on each GPU side by side (a CPU job beside
 * GPU 0's), then two co-resident models on GPU 1 after its job. `gpus` sets the GPUs' models.
 */
function twoGpus(models: readonly [string, string] = ['RTX 3090', 'RTX 3090'], name = 'two 3090s'): Bench {
  return {
    name,
    hardware: {
      vram_gb: 24,
      model: models[0],
      ram_gb: 64,
      cpu_cores: 8,
      more_gpus: [{ vram_gb: models[1] === models[0] ? 24 : 12, model: models[1] }],
    },
    models: [
      makeCard({ name: 'big', vram_gb: 30, residency: 'GPU_EXCLUSIVE', ram_overflow_supported: true, hours: 2 }),
      makeCard({ name: 'train', vram_gb: 10, residency: 'GPU_EXCLUSIVE', hours: 3 }),
      makeCard({ name: 'prep', vram_gb: 0, residency: 'CPU_ONLY', cores: 2, hours: 1 }),
      makeCard({ name: 'eval', vram_gb: 10, residency: 'GPU_EXCLUSIVE', hours: 1 }),
      makeCard({ name: 'chat', vram_gb: 6, hours: 2 }),
      makeCard({ name: 'embed', vram_gb: 2, hours: 2 }),
    ],
    windows: [
      { name: 'split', pattern: 'multi_gpu_split', model: 'big', gpus: [0, 1], headroom_gb: 0.5 },
      { name: 'train', pattern: 'serial_handoff', gpu_job: 'train', candidates: ['prep'] },
      { name: 'eval', pattern: 'serial_handoff', gpu_job: 'eval', candidates: [], gpu: 1 },
      { name: 'serve', pattern: 'fractional_coresidency', candidates: ['chat', 'embed'], headroom_gb: 0.5, gpu: 1 },
    ],
  };
}

// ---- Slurm -----------------------------------------------------------------------------

interface Sbatch {
  readonly args: string[];
  readonly script: string;
}

/** Run submit_day.sh against stub sbatch and squeue on PATH; what each was called with. */
function runSlurm(text: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(work, 'slurm-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'sbatch'),
    [
      '#!/bin/bash',
      'n=$(( $(cat "$STUB_DIR/count" 2>/dev/null || echo 0) + 1 ))',
      'echo "$n" > "$STUB_DIR/count"',
      'printf "%s\\n" "$@" > "$STUB_DIR/sbatch.$n.args"',
      'cat > "$STUB_DIR/sbatch.$n.script"',
      'if [ "$n" = "${STUB_FAIL_AT:-0}" ]; then echo "sbatch: error: Batch job submission failed" >&2; exit 1; fi',
      'echo "$((1000 + n));testcluster"',
    ].join('\n'),
  );
  writeFileSync(join(bin, 'squeue'), '#!/bin/bash\nprintf "%s\\n" "$@" > "$STUB_DIR/squeue.args"\n');
  // sinfo -h -N -o '%c %m %G': one line per node (STUB_NODES, or one large node).
  writeFileSync(
    join(bin, 'sinfo'),
    '#!/bin/bash\nprintf "%s\\n" "$@" > "$STUB_DIR/sinfo.args"\nprintf "%b\\n" "${STUB_NODES:-64 262144 gpu:8,shard:800}"\n',
  );
  writeFileSync(join(bin, 'scancel'), '#!/bin/bash\nprintf "%s\\n" "$@" > "$STUB_DIR/scancel.args"\n');
  for (const f of ['sbatch', 'squeue', 'sinfo', 'scancel']) chmodSync(join(bin, f), 0o755);
  const script = join(dir, 'submit_day.sh');
  writeFileSync(script, text);
  const r = spawnSync('bash', [script], {
    encoding: 'utf8',
    env: { ...process.env, ...env, PATH: `${bin}:${process.env.PATH ?? ''}`, STUB_DIR: dir },
  });
  const calls: Sbatch[] = [];
  for (let n = 1; existsSync(join(dir, `sbatch.${n}.args`)); n++) {
    calls.push({
      args: readFileSync(join(dir, `sbatch.${n}.args`), 'utf8')
        .split('\n')
        .slice(0, -1),
      script: readFileSync(join(dir, `sbatch.${n}.script`), 'utf8'),
    });
  }
  const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : null);
  const scancel = read('scancel.args')?.split('\n').slice(0, -1) ?? null;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls, squeue: read('squeue.args'), scancel };
}

/**
 * The sbatch options the plan calls for, in order, for each job of the day (ids 1001, 1002, … as
 * the stub gives): from the plan itself — each window's GPUs, and on each of them the window that
 * ran before it there — not from the export's own chains.
 */
function expectedSbatch(bench: Bench, sharing: 'shard' | 'mps'): string[][] {
  const day = schedulerDay(bench);
  const plan = planBench(bench);
  const out: string[][] = [];
  let id = 1000;
  const idsOf = new Map<number, number[]>();
  const lastOn = new Map<number, number>();
  for (const w of day.steps) {
    const gpus = windowGpus(plan.windows[w.index]!.window);
    const before = [...new Set(gpus.flatMap((k) => (lastOn.has(k) ? [lastOn.get(k)!] : [])))].sort((a, b) => a - b);
    const deps = before.flatMap((i) => idsOf.get(i)!);
    const ids: number[] = [];
    for (const j of w.jobs) {
      const args = ['--parsable', `--job-name=${j.key}`];
      if (j.role === 'exclusive' || j.role === 'overflow') args.push(`--gres=gpu:${gpus.length}`);
      if (j.role === 'coresident') args.push(`--gres=${sharing}:${slurmUnits(j)}`);
      args.push(`--cpus-per-task=${j.cores}`, `--mem=${j.memMiB}M`);
      if (deps.length > 0) args.push(`--dependency=afterok:${deps.join(':')}`, '--kill-on-invalid-dep=yes');
      out.push(args);
      ids.push(++id);
    }
    idsOf.set(w.index, ids);
    for (const k of gpus) lastOn.set(k, w.index);
  }
  return out;
}

describe('Slurm: submit_day.sh', () => {
  it('passes bash -n for the default bench, an empty bench and random benches', () => {
    const benches: Bench[] = [
      preset(),
      { hardware: { vram_gb: 8, ram_gb: 32, cpu_cores: 8 }, models: [], windows: [] },
    ];
    benches.push(...fc.sample(arbBench, { numRuns: 15, seed: 13 }));
    for (const b of benches) {
      const path = tmpFile('submit_day.sh', writeScheduler('slurm', b).text);
      const r = spawnSync('bash', ['-n', path], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
  });

  it('submits the default day in the planned order with the planned resources, window after window', () => {
    const bench = preset();
    const r = runSlurm(writeScheduler('slurm', bench).text);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.calls.map((c) => c.args)).toEqual(expectedSbatch(bench, 'shard'));
    // Spelled out once, so the numbers are seen: overnight holds the GPU, morning shares it, afternoon spills.
    expect(r.calls.map((c) => c.args.find((a) => a.startsWith('--gres')) ?? '-')).toEqual([
      '--gres=gpu:1',
      '-',
      '-',
      '--gres=shard:30',
      '--gres=shard:18',
      '--gres=shard:8',
      '--gres=gpu:1',
    ]);
    expect(r.calls[2]!.args).toContain('--mem=4096M');
    expect(r.calls[3]!.args).toContain('--dependency=afterok:1001:1002:1003');
    expect(r.calls[6]!.args).toEqual(expect.arrayContaining(['--mem=6656M', '--dependency=afterok:1004:1005:1006']));
    expect(r.squeue).toContain('--jobs=1001,1002,1003,1004,1005,1006,1007');
    expect(r.stdout).toContain('Submitted 7 jobs in 3 windows');
    // Each job script: its environment, then its command (here the marked placeholder).
    const big = r.calls[6]!.script;
    expect(big.startsWith('#!/bin/bash\n')).toBe(true);
    expect(big).toContain(`export NVINX_MAX_MEMORY='{"0": "3.5GiB", "cpu": "6.5GiB"}'`);
    expect(big).toContain("export NVINX_MAX_MEMORY_GPU='3.5GiB'");
    expect(big).toMatch(/# PLACEHOLDER \(nvinx planner\): big_folder has no command yet/);
    expect(big.trimEnd().endsWith('exit 1')).toBe(true);
    expect(r.calls[3]!.script).toContain('CUDA_MPS_PINNED_DEVICE_MEM_LIMIT=0=1229M');
  });

  it('asks MPS instead of shards with SHARING=mps, and refuses an unknown SHARING', () => {
    const bench = preset();
    const r = runSlurm(writeScheduler('slurm', bench).text, { SHARING: 'mps' });
    expect(r.status).toBe(0);
    expect(r.calls.map((c) => c.args)).toEqual(expectedSbatch(bench, 'mps'));
    const bad = runSlurm(writeScheduler('slurm', bench).text, { SHARING: 'gpu' });
    expect(bad.status).toBe(2);
    expect(bad.calls).toEqual([]);
    expect(bad.stderr).toContain('SHARING must be shard or mps');
  });

  it('hands each card’s command to sbatch byte for byte, whatever it holds', () => {
    const b = preset();
    const bench = { ...b, models: b.models.map((m) => (m.name === 'reranker' ? { ...m, command: NASTY } : m)) };
    const r = runSlurm(writeScheduler('slurm', bench).text);
    expect(r.status).toBe(0);
    const reranker = r.calls.find((c) => c.args.includes('--job-name=w2-reranker'))!;
    expect(reranker.script.endsWith(`\n${NASTY}\n`)).toBe(true);
    expect(r.calls).toHaveLength(7);
  });

  it('writes sizes as people read them, not with float noise', () => {
    // 5.01 − 3.5 GB is 1.5099999999999998 in floating point: every export's comments say 1.51 GB.
    const bench: Bench = {
      hardware: { vram_gb: 4, ram_gb: 32, cpu_cores: 8 },
      models: [
        makeCard({
          name: 'spilled',
          vram_gb: 6,
          residency: 'GPU_RAM_OVERFLOW',
          ram_overflow_supported: true,
          ram_gb_needed: 5.01,
          hours: 1,
        }),
      ],
      windows: [{ name: 'w', pattern: 'ram_overflow', model: 'spilled', headroom_gb: 0.5 }],
    };
    for (const target of SCHEDULER_TARGETS) {
      const text = writeScheduler(target, bench).text;
      expect(text, target).toContain('1.51 GB spilled to RAM');
      expect(text, target).not.toMatch(/\d\.\d{6,}/);
    }
  });

  it('skips a refused window and chains the next one to the window before it', () => {
    const b = preset();
    const bench: Bench = {
      ...b,
      windows: [
        b.windows![0]!,
        { name: 'refuses', pattern: 'fractional_coresidency', candidates: ['reranker'], headroom_gb: 4 },
        b.windows![2]!,
      ],
    };
    const out = writeScheduler('slurm', bench);
    expect(out.notes.join('\n')).toMatch(/Window 2 of 3 “refuses” \(fractional_coresidency\) refuses/);
    const r = runSlurm(out.text);
    expect(r.calls).toHaveLength(4);
    expect(r.calls[3]!.args).toContain('--dependency=afterok:1001:1002:1003');
  });
});

describe('Slurm on several GPUs, and the node check', () => {
  it('asks each job’s GPUs (a split all of them) and chains each GPU’s windows after that GPU’s window only', () => {
    const bench = twoGpus();
    const r = runSlurm(writeScheduler('slurm', bench).text);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.calls.map((c) => c.args)).toEqual(expectedSbatch(bench, 'shard'));
    // Spelled out once: the split holds both GPUs; train (GPU 0, with prep) and eval (GPU 1) both wait
    // for the split only; serve (GPU 1) waits for eval only, not for train.
    const brief = r.calls.map((c) =>
      c.args
        .filter((a) => a.startsWith('--gres') || a.startsWith('--dependency') || a.startsWith('--job-name'))
        .join(' '),
    );
    expect(brief).toEqual([
      '--job-name=w1-big --gres=gpu:2',
      '--job-name=w2-train --gres=gpu:1 --dependency=afterok:1001',
      '--job-name=w2-prep --dependency=afterok:1001',
      '--job-name=w3-eval --gres=gpu:1 --dependency=afterok:1001',
      '--job-name=w4-chat --gres=shard:25 --dependency=afterok:1004',
      '--job-name=w4-embed --gres=shard:9 --dependency=afterok:1004',
    ]);
    expect(r.calls[0]!.script).toContain(`export NVINX_MAX_MEMORY='{"0":"23.5GiB","1":"23.5GiB","cpu":"0.0GiB"}'`);
    expect(r.calls[0]!.script).toContain(`export NVINX_TENSOR_SPLIT='23.5,6.5'`);
    expect(r.calls[0]!.script).toContain('It gets the split hint in NVINX_DEVICE_MAP');
  });

  it('gives a split on GPUs 1 and 2 of three its max_memory as the job sees its two granted GPUs (0 and 1)', () => {
    const two = twoGpus();
    const bench: Bench = {
      ...two,
      hardware: { ...two.hardware, more_gpus: [{ vram_gb: 12 }, { vram_gb: 12 }] },
      windows: [{ name: 'split', pattern: 'multi_gpu_split', model: 'big', gpus: [1, 2], headroom_gb: 0.5 }],
    };
    const plan = planBench(bench);
    const r = plan.windows[0]!;
    expect(r.kind === 'split' && Object.keys(r.hint.max_memory)).toEqual(['1', '2', 'cpu']);
    const script = runSlurm(writeScheduler('slurm', bench).text).calls[0]!.script;
    expect(script).toContain(`export NVINX_MAX_MEMORY='{"0":"11.5GiB","1":"11.5GiB","cpu":"7.0GiB"}'`);
  });

  it('keeps every GPU’s chain for random benches of several GPUs', () => {
    for (const bench of fc.sample(arbGpusBench, { numRuns: 12, seed: 29 })) {
      const types = slurmGpuTypes(schedulerDay(bench));
      const r = runSlurm(writeScheduler('slurm', bench).text, { STUB_NODES: '512 8388608 gpu:8,shard:800' });
      expect(r.stderr).toBe('');
      const want = expectedSbatch(bench, 'shard');
      // With unlike GPUs the requests name their GPU's type: compare the rest, then the types.
      const untyped = (args: string[]) => args.filter((a) => !a.startsWith('--gres'));
      expect(r.calls.map((c) => untyped(c.args))).toEqual(want.map(untyped));
      if (types === null) expect(r.calls.map((c) => c.args)).toEqual(want);
    }
  });

  it('names each GPU’s type on a box of unlike GPUs, so a job runs on the kind of GPU the plan put it on', () => {
    const bench = twoGpus(['RTX 3090', 'RTX 3060']);
    const day = schedulerDay(bench);
    expect(slurmGpuTypes(day)).toEqual(['rtx3090', 'rtx3060']);
    const text = writeScheduler('slurm', bench).text;
    expect(text).toContain('#               Name=gpu Type=rtx3060 File=/dev/nvidia1');
    const r = runSlurm(text);
    expect(r.status).toBe(0);
    const gres = r.calls.map((c) => c.args.find((a) => a.startsWith('--gres')) ?? '-');
    const typeOf = (k: number) => ['rtx3090', 'rtx3060'][k];
    // From the plan: each job's window GPUs, typed.
    const want = day.steps.flatMap((w) =>
      w.jobs.map((j) =>
        j.role === 'cpu'
          ? '-'
          : j.role === 'coresident'
            ? `--gres=shard:${typeOf(w.gpus[0]!)}:${slurmUnits(j)}`
            : `--gres=${w.gpus.map((k) => `gpu:${typeOf(k)}:1`).join(',')}`,
      ),
    );
    expect(gres).toEqual(want);
    expect(gres[0]).toBe('--gres=gpu:rtx3090:1,gpu:rtx3060:1');
  });

  it('refuses, before submitting anything, a node that can never run a job (it would stay PENDING forever)', () => {
    const b = preset();
    const bench: Bench = { ...b, models: b.models.map((m) => (m.name === 'report_writer' ? { ...m, cores: 4 } : m)) };
    const text = writeScheduler('slurm', bench).text;
    const r = runSlurm(text, { STUB_NODES: '2 16000 gpu:1,shard:100' });
    expect(r.status).toBe(3);
    expect(r.calls).toEqual([]);
    expect(r.stderr).toContain('no node of the default partition can ever run every job');
    expect(r.stderr).toContain('w1-report-writer asks 4 CPUs; the largest node has 2.');
    // A split of 2 GPUs on a node of one.
    const split = runSlurm(writeScheduler('slurm', twoGpus()).text, { STUB_NODES: '64 262144 gpu:1,shard:100' });
    expect(split.status).toBe(3);
    expect(split.stderr).toContain('w1-big asks 2 GPUs; the largest node has 1.');
    // The partition asked for is the one checked.
    const part = runSlurm(text, { STUB_NODES: '2 16000 gpu:1', SBATCH_PARTITION: 'gpu' });
    expect(part.stderr).toContain('no node of partition gpu');
  });

  it('refuses a node smaller than what the day holds at once, unless told to let jobs wait', () => {
    const bench = twoGpus();
    const day = schedulerDay(bench);
    const peak = dayPeak(day);
    // From the plan's timing: train + prep on GPU 0 beside eval on GPU 1 is the busiest hour: 1 + 2 + 1 CPUs.
    expect(peak.cpus).toBe(4);
    expect(peak.cpusJobs).toEqual(['w2-train', 'w2-prep', 'w3-eval']);
    expect(peak.gpus).toBe(2);
    const text = writeScheduler('slurm', bench).text;
    const small = `${peak.cpus - 1} 262144 gpu:2,shard:200`;
    const r = runSlurm(text, { STUB_NODES: small });
    expect(r.status).toBe(3);
    expect(r.calls).toEqual([]);
    expect(r.stderr).toContain(`holds ${peak.cpus} CPUs (w2-train, w2-prep, w3-eval)`);
    expect(r.stderr).toContain('NVINX_ALLOW_WAITING=1 bash submit_day.sh');
    expect(runSlurm(text, { STUB_NODES: small, NVINX_ALLOW_WAITING: '1' }).calls).toHaveLength(6);
    // Two nodes, each too small alone, are not one node that holds it all; one exact fit is.
    expect(runSlurm(text, { STUB_NODES: `${peak.cpus} 262144 gpu:1\\n64 262144 gpu:1` }).status).toBe(3);
    expect(runSlurm(text, { STUB_NODES: `${peak.cpus} ${peak.memMiB} gpu:2(S:0-1),shard:200` }).status).toBe(0);
    expect(runSlurm(text, { STUB_NODES: `${peak.cpus} ${peak.memMiB - 1} gpu:2` }).status).toBe(3);
    // No sinfo answer: nothing submitted, and how to skip the check.
    const none = runSlurm(text, { STUB_NODES: '', NVINX_SKIP_NODE_CHECK: '1' });
    expect(none.calls).toHaveLength(6);
  });

  it('cancels the jobs already submitted when an sbatch fails part-way, and says which', () => {
    const r = runSlurm(writeScheduler('slurm', preset()).text, { STUB_FAIL_AT: '4' });
    expect(r.status).toBe(1);
    expect(r.calls).toHaveLength(4);
    expect(r.scancel).toEqual(['1001', '1002', '1003']);
    expect(r.stderr).toContain('sbatch failed for J_w2_reranker');
    expect(r.stderr).toContain('cancelled the 3 jobs already submitted: 1001 1002 1003');
    expect(r.squeue).toBeNull();
    const first = runSlurm(writeScheduler('slurm', preset()).text, { STUB_FAIL_AT: '1' });
    expect(first.status).toBe(1);
    expect(first.scancel).toBeNull();
  });
});

// ---- Kubernetes ------------------------------------------------------------------------

/** The JSON Schema subset the batch/v1 Job schema below uses. */
interface Schema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'boolean';
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Schema;
  readonly propertyNames?: Schema;
  readonly items?: Schema;
  readonly minItems?: number;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly pattern?: string;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly anyOf?: readonly Schema[];
}

function validate(v: unknown, s: Schema, at = '$'): string[] {
  if (s.anyOf !== undefined) {
    return s.anyOf.some((x) => validate(v, x, at).length === 0) ? [] : [`${at}: matches none of its forms`];
  }
  const errs: string[] = [];
  if (s.const !== undefined && v !== s.const) return [`${at}: must be ${JSON.stringify(s.const)}`];
  if (s.enum !== undefined && !s.enum.includes(v)) return [`${at}: must be one of ${s.enum.join(', ')}`];
  switch (s.type) {
    case 'object': {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return [`${at}: must be an object`];
      const o = v as Record<string, unknown>;
      for (const k of s.required ?? []) if (!(k in o)) errs.push(`${at}: lacks ${k}`);
      for (const [k, x] of Object.entries(o)) {
        if (s.propertyNames !== undefined) errs.push(...validate(k, s.propertyNames, `${at} key ${k}`));
        const p = s.properties?.[k];
        if (p !== undefined) errs.push(...validate(x, p, `${at}.${k}`));
        else if (s.additionalProperties === false) errs.push(`${at}: unknown field ${k}`);
        else if (typeof s.additionalProperties === 'object')
          errs.push(...validate(x, s.additionalProperties, `${at}.${k}`));
      }
      return errs;
    }
    case 'array':
      if (!Array.isArray(v)) return [`${at}: must be a list`];
      if (v.length < (s.minItems ?? 0)) return [`${at}: needs at least ${s.minItems} items`];
      return v.flatMap((x, i) => (s.items === undefined ? [] : validate(x, s.items, `${at}[${i}]`)));
    case 'string':
      if (typeof v !== 'string') return [`${at}: must be a string`];
      if (s.maxLength !== undefined && v.length > s.maxLength) return [`${at}: longer than ${s.maxLength}`];
      if (s.pattern !== undefined && !new RegExp(s.pattern).test(v))
        return [`${at}: ${JSON.stringify(v)} does not match ${s.pattern}`];
      return [];
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) return [`${at}: must be an integer`];
      return s.minimum !== undefined && v < s.minimum ? [`${at}: below ${s.minimum}`] : [];
    case 'boolean':
      return typeof v === 'boolean' ? [] : [`${at}: must be true or false`];
  }
  return errs;
}

// From the Kubernetes API reference (Job v1 batch, PodSpec, Container, ResourceRequirements,
// Quantity, ObjectMeta label and name rules): the fields these exports use, nothing else allowed.
const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const QUANTITY = {
  anyOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$' },
  ],
} as const;
const LABEL_KEY = {
  type: 'string',
  pattern:
    '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$',
} as const;
const JOB_SCHEMA: Schema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  additionalProperties: false,
  properties: {
    apiVersion: { const: 'batch/v1' },
    kind: { const: 'Job' },
    metadata: {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', pattern: DNS_LABEL, maxLength: 63 },
        labels: {
          type: 'object',
          propertyNames: LABEL_KEY,
          additionalProperties: {
            type: 'string',
            maxLength: 63,
            pattern: '^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$',
          },
        },
        annotations: { type: 'object', propertyNames: LABEL_KEY, additionalProperties: { type: 'string' } },
      },
    },
    spec: {
      type: 'object',
      required: ['template'],
      additionalProperties: false,
      properties: {
        backoffLimit: { type: 'integer', minimum: 0 },
        template: {
          type: 'object',
          required: ['spec'],
          additionalProperties: false,
          properties: {
            metadata: {
              type: 'object',
              additionalProperties: false,
              properties: {
                annotations: { type: 'object', propertyNames: LABEL_KEY, additionalProperties: { type: 'string' } },
              },
            },
            spec: {
              type: 'object',
              required: ['containers', 'restartPolicy'],
              additionalProperties: false,
              properties: {
                restartPolicy: { enum: ['Never', 'OnFailure'] },
                containers: {
                  type: 'array',
                  minItems: 1,
                  items: {
                    type: 'object',
                    required: ['name', 'image'],
                    additionalProperties: false,
                    properties: {
                      name: { type: 'string', pattern: DNS_LABEL },
                      image: { type: 'string', pattern: '^\\S+$' },
                      command: { type: 'array', items: { type: 'string' } },
                      args: { type: 'array', items: { type: 'string' } },
                      env: {
                        type: 'array',
                        items: {
                          type: 'object',
                          required: ['name', 'value'],
                          additionalProperties: false,
                          properties: {
                            name: { type: 'string', pattern: '^[-._a-zA-Z][-._a-zA-Z0-9]*$' },
                            value: { type: 'string' },
                          },
                        },
                      },
                      resources: {
                        type: 'object',
                        additionalProperties: false,
                        properties: {
                          requests: { type: 'object', additionalProperties: QUANTITY },
                          limits: { type: 'object', additionalProperties: QUANTITY },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

function yamlDocs(text: string): unknown[] {
  const docs = parseAllDocuments(text, { version: '1.1' });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const d of list) expect(d.errors.map((e) => e.message)).toEqual([]);
  return list.map((d) => d.toJS() as unknown).filter((d) => d !== null);
}

type Job = {
  metadata: { name: string; labels: Record<string, string>; annotations: Record<string, string> };
  spec: {
    template: {
      metadata?: { annotations?: Record<string, string> };
      spec: {
        containers: {
          args: string[];
          env: { name: string; value: string }[];
          resources: { limits: Record<string, unknown>; requests: Record<string, unknown> };
        }[];
      };
    };
  };
};

/**
 * Run the runner in a Kubernetes export's header against a fake kubectl: `apply -l …window=W`
 * logs "apply W"; `wait … -l …window=W` waits a little, logs "done W" and succeeds (fails for
 * window `fail`). The log is in the order things happened.
 */
function runKubectl(text: string, fileName: string, fail = '') {
  const dir = mkdtempSync(join(work, 'k8s-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(dir, fileName), text);
  writeFileSync(
    join(bin, 'kubectl'),
    [
      '#!/bin/bash',
      'w=$(printf "%s\\n" "$@" | sed -n "s/.*nvinx-planner\\/window=\\([0-9]*\\).*/\\1/p")',
      'case "$1" in',
      '  apply) [ -e "$2" ] || [ -e "$3" ] || exit 9; echo "apply $w" >> "$STUB_DIR/log" ;;',
      '  wait) sleep 0.1; echo "done $w" >> "$STUB_DIR/log"; [ "$w" != "$STUB_FAIL" ] ;;',
      'esac',
    ].join('\n'),
  );
  chmodSync(join(bin, 'kubectl'), 0o755);
  const runner = text
    .split('\n')
    .filter((l) => l.startsWith(RUNNER_PREFIX))
    .map((l) => l.slice(RUNNER_PREFIX.length))
    .join('\n');
  // timeout(1) signals the runner's whole process group: a runner that never ends leaves no window behind.
  const r = spawnSync('timeout', ['30', 'bash', '-c', runner], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      STUB_DIR: dir,
      STUB_FAIL: fail,
      NVINX_POLL_SECONDS: '0.05',
    },
  });
  const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8').split('\n').slice(0, -1) : [];
  return { status: r.status, stderr: r.stderr, stdout: r.stdout, log };
}

describe('Kubernetes: batch/v1 Jobs with HAMi', () => {
  it('validates every document of the default day against the batch/v1 Job schema, in the planned order', () => {
    const bench = preset();
    const day = schedulerDay(bench);
    const docs = yamlDocs(writeScheduler('kubernetes', bench).text) as Job[];
    for (const d of docs) expect(validate(d, JOB_SCHEMA)).toEqual([]);
    const jobs = day.steps.flatMap((w) => w.jobs.map((j) => ({ j, step: w.index + 1 })));
    expect(docs.map((d) => d.metadata.name)).toEqual(jobs.map(({ j }) => `${day.label}-${j.key}`));
    expect(day.label).toMatch(/^4-gb-bench-a-composed-day-[0-9a-f]{8}$/);
    docs.forEach((d, i) => {
      const { j, step } = jobs[i]!;
      expect(d.metadata.labels['nvinx-planner/window']).toBe(String(step));
      expect(d.metadata.labels['nvinx-planner/day']).toBe(day.label);
      expect(d.metadata.annotations['nvinx-planner/card']).toBe(j.name);
      const c = d.spec.template.spec.containers[0]!;
      const gpu = j.role === 'cpu' ? {} : { 'nvidia.com/gpu': 1, 'nvidia.com/gpumem': hamiMemMiB(day, j) };
      const cores = j.role === 'coresident' || j.role === 'cpu' ? {} : { 'nvidia.com/gpucores': 100 };
      expect(c.resources.limits).toEqual({ cpu: String(j.cores), memory: `${j.memMiB}Mi`, ...gpu, ...cores });
      expect(c.resources.requests).toEqual({ cpu: String(j.cores), memory: `${j.memMiB}Mi` });
    });
    // The numbers, once: the card's 4096 MiB for the GPU holders, each co-resident model its own.
    expect(docs.map((d) => d.spec.template.spec.containers[0]!.resources.limits['nvidia.com/gpumem'] ?? '-')).toEqual([
      4096,
      '-',
      '-',
      1229,
      717,
      308,
      4096,
    ]);
    const big = docs[6]!.spec.template.spec.containers[0]!;
    expect(big.env).toContainEqual({ name: 'NVINX_MAX_MEMORY', value: '{"0": "3.5GiB", "cpu": "6.5GiB"}' });
  });

  it('runs each window once the window before it on each of its GPUs has completed (a fake kubectl)', () => {
    const run = (bench: Bench, fail = '') => {
      const out = writeScheduler('kubernetes', bench);
      const r = runKubectl(out.text, out.fileName, fail);
      return { ...r, day: schedulerDay(bench) };
    };
    for (const bench of [preset(), twoGpus(), ...fc.sample(arbGpusBench, { numRuns: 4, seed: 31 })]) {
      const { status, log, day, stderr } = run(bench);
      expect(stderr).toBe('');
      expect(status).toBe(0);
      // From the plan: on each GPU, the window before. Every window applied once, each after those completed.
      const plan = planBench(bench);
      const lastOn = new Map<number, number>();
      for (const w of day.steps) {
        const gpus = windowGpus(plan.windows[w.index]!.window);
        const at = log.indexOf(`apply ${w.index + 1}`);
        expect(at, `window ${w.index + 1} applied`).toBeGreaterThanOrEqual(0);
        for (const k of gpus) if (lastOn.has(k)) expect(log.indexOf(`done ${lastOn.get(k)! + 1}`)).toBeLessThan(at);
        for (const k of gpus) lastOn.set(k, w.index);
      }
      expect(log.filter((l) => l.startsWith('apply'))).toHaveLength(day.steps.length);
    }
    // On two GPUs, GPU 1's eval does not wait for GPU 0's train: it is applied before train completes.
    const two = run(twoGpus());
    expect(two.log.indexOf('apply 3')).toBeLessThan(two.log.indexOf('done 2'));
    // A window that fails: the windows after it on its GPU are never applied; the other GPU's are; exit 1.
    const failed = run(twoGpus(), '3');
    expect(failed.status).toBe(1);
    expect(failed.log).toContain('apply 2');
    expect(failed.log).not.toContain('apply 4');
    expect(failed.stderr).toContain('window 4 not applied: window 3 did not complete');
  });

  it('names every Job with its day: two days (or an unnamed one) share a namespace without a clash', () => {
    const names = (bench: Bench) =>
      (yamlDocs(writeScheduler('kubernetes', bench).text) as Job[]).map((d) => d.metadata.name);
    const a = preset();
    const edited: Bench = { ...a, models: a.models.map((m) => (m.name === 'reranker' ? { ...m, hours: 2 } : m)) };
    const { name: _drop, ...unnamed } = a;
    const days = [a, edited, unnamed, { ...a, name: 'x'.repeat(80) }, { ...unnamed, models: [...a.models] }];
    const all = days.map(names);
    // The same bench, built again, gets the same names; any edit, another set.
    expect(all[4]).toEqual(all[2]);
    const distinct = [all[0]!, all[1]!, all[2]!, all[3]!];
    expect(new Set(distinct.flat()).size).toBe(distinct.flat().length);
    for (const n of all.flat()) expect(n).toMatch(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    expect(schedulerDay(unnamed).label).toMatch(/^bench-[0-9a-f]{8}$/);
    expect(writeScheduler('kubernetes', unnamed).text).toMatch(
      /^# an unnamed bench \(bench-[0-9a-f]{8}\) on Kubernetes/,
    );
    // Long names stay labels, and unique within the day.
    const { windows: _w, ...noWindows } = a;
    const long: Bench = {
      ...noWindows,
      name: 'a'.repeat(70),
      models: a.models.map((m, i) => ({ ...m, name: `${'m'.repeat(60)}${i}` })),
    };
    const ln = names(long);
    expect(new Set(ln).size).toBe(ln.length);
    for (const n of ln) expect(n.length).toBeLessThanOrEqual(63);
  });

  it('asks each job’s GPUs from the plan: a split all of them, its GPUs’ models on unlike GPUs', () => {
    for (const models of [
      ['RTX 3090', 'RTX 3090'],
      ['RTX 3090', 'RTX 3060'],
    ] as const) {
      const bench = twoGpus(models);
      const day = schedulerDay(bench);
      const plan = planBench(bench);
      const docs = yamlDocs(writeScheduler('kubernetes', bench).text) as Job[];
      const jobs = day.steps.flatMap((w) => w.jobs.map((j) => ({ j, w })));
      expect(docs).toHaveLength(jobs.length);
      docs.forEach((d, i) => {
        const { j, w } = jobs[i]!;
        expect(validate(d, JOB_SCHEMA)).toEqual([]);
        const gpus = windowGpus(plan.windows[w.index]!.window);
        const limits = d.spec.template.spec.containers[0]!.resources.limits;
        const want = j.role === 'cpu' ? undefined : j.role === 'coresident' ? 1 : gpus.length;
        expect(limits['nvidia.com/gpu'], j.key).toBe(want);
        expect(d.metadata.annotations['nvinx-planner/gpus']).toBe(gpus.join(','));
        const gpuMem = (k: number) => Math.ceil((k === 0 ? 24 : models[1] === models[0] ? 24 : 12) * 1024);
        if (j.role === 'exclusive' || j.role === 'overflow')
          expect(limits['nvidia.com/gpumem']).toBe(Math.min(...gpus.map(gpuMem)));
        const type = d.spec.template.metadata?.annotations?.['nvidia.com/use-gputype'];
        if (models[0] === models[1] || j.role === 'cpu') expect(type).toBeUndefined();
        else expect(type).toBe([...new Set(gpus.map((k) => models[k]))].join(','));
      });
      expect(docs[0]!.spec.template.spec.containers[0]!.resources.limits['nvidia.com/gpu']).toBe(2);
    }
  });

  it('carries each command exactly, and stays valid for random benches', () => {
    const b = preset();
    const bench = { ...b, models: b.models.map((m) => ({ ...m, command: `${NASTY}\n# ${m.name}` })) };
    const docs = yamlDocs(writeScheduler('kubernetes', bench).text) as Job[];
    for (const d of docs) {
      const [arg] = d.spec.template.spec.containers[0]!.args;
      expect(arg!.replace(/\n$/, '')).toBe(`${NASTY}\n# ${d.metadata.annotations['nvinx-planner/card']}`);
    }
    fc.assert(
      fc.property(arbBench, (random) => {
        for (const d of yamlDocs(writeScheduler('kubernetes', random).text))
          expect(validate(d, JOB_SCHEMA)).toEqual([]);
      }),
      { numRuns: 60, seed: 13 },
    );
  });
});

// ---- Ray -------------------------------------------------------------------------------

/** A stand-in for ray: records each task started, its options and the tasks it was given to wait for. */
const STUB_RAY = `
import json, os
TASKS = []
def init(*args, **kwargs):
    pass
class _Ref:
    def __init__(self, n):
        self.n = n
class _Task:
    def __init__(self, fn, options):
        self.fn, self.options = fn, options
    def remote(self, *args):
        assert all(isinstance(a, _Ref) for a in args)
        TASKS.append({"task": self.fn.__name__, "options": self.options, "after": [a.n for a in args], "result": self.fn(*args)})
        return _Ref(len(TASKS) - 1)
def remote(*args, **options):
    if args and callable(args[0]) and not options:
        return _Task(args[0], {})
    return lambda fn: _Task(fn, options)
def get(refs):
    with open(os.environ["STUB_RAY_LOG"], "w") as f:
        json.dump(TASKS, f)
    return [TASKS[r.n]["result"] for r in refs]
`;

const RUNNER = `
import importlib.util, sys
spec = importlib.util.spec_from_file_location("driver", sys.argv[1])
driver = importlib.util.module_from_spec(spec)
spec.loader.exec_module(driver)
driver._run = lambda job, command, env: {"job": job, "command": command, "env": env}
driver.main()
`;

interface RayCall {
  task: string;
  options: { num_gpus: number; num_cpus: number; memory: number };
  /** The tasks (by start order) it waits for. */
  after: number[];
  result: { job: string; command: string; env: Record<string, string> };
}

/** Run a Ray driver against the stand-in; the tasks in the order started. */
function runRay(text: string): { status: number | null; stderr: string; tasks: RayCall[] } {
  const dir = mkdtempSync(join(work, 'ray-'));
  mkdirSync(join(dir, 'ray'));
  writeFileSync(join(dir, 'ray', '__init__.py'), STUB_RAY);
  writeFileSync(join(dir, 'runner.py'), RUNNER);
  const driver = join(dir, 'driver.py');
  writeFileSync(driver, text);
  const log = join(dir, 'log.json');
  const r = spawnSync('python3', [join(dir, 'runner.py'), driver], {
    encoding: 'utf8',
    env: {
      ...process.env,
      PYTHONPATH: dir,
      STUB_RAY_LOG: log,
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONIOENCODING: 'utf-8',
    },
  });
  const tasks = existsSync(log) ? (JSON.parse(readFileSync(log, 'utf8')) as RayCall[]) : [];
  return { status: r.status, stderr: r.stderr, tasks };
}

/**
 * What the plan asks of Ray: each job's task in order, its resources, and the tasks it waits for —
 * every task of the window before it on each of its GPUs (from the plan's windows, not the export's chains).
 */
function expectedRay(bench: Bench) {
  const day = schedulerDay(bench);
  const plan = planBench(bench);
  const lastOn = new Map<number, number>();
  const taskIds = new Map<number, number[]>();
  let n = 0;
  return day.steps.flatMap((w) => {
    const gpus = windowGpus(plan.windows[w.index]!.window);
    const before = [...new Set(gpus.flatMap((k) => (lastOn.has(k) ? [lastOn.get(k)!] : [])))].sort((a, b) => a - b);
    const after = before.flatMap((i) => taskIds.get(i)!);
    for (const k of gpus) lastOn.set(k, w.index);
    const out = w.jobs.map((j) => ({
      job: j.name,
      options: {
        num_gpus: j.role === 'cpu' ? 0 : j.role === 'coresident' ? rayGpus(j) : gpus.length,
        num_cpus: j.cores,
        memory: j.memMiB * 1024 * 1024,
      },
      after,
    }));
    taskIds.set(
      w.index,
      w.jobs.map(() => n++),
    );
    return out;
  });
}

const rayBrief = (tasks: readonly RayCall[]) =>
  tasks.map((t) => ({ job: t.result.job, options: t.options, after: t.after }));

describe.skipIf(!hasPython)('Ray: the driver', () => {
  it('compiles, and starts each job’s task with the plan’s resources after the window before it', () => {
    const bench = preset();
    const text = writeScheduler('ray', bench).text;
    const path = tmpFile('day_ray.py', text);
    const c = spawnSync('python3', ['-c', 'import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "exec")', path], {
      encoding: 'utf8',
    });
    expect(c.stderr).toBe('');
    const r = runRay(text);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(rayBrief(r.tasks)).toEqual(expectedRay(bench));
    // The numbers, once: overnight's GPU job a whole GPU; morning's three their shares, after overnight's three.
    expect(r.tasks.map((t) => t.options.num_gpus)).toEqual([1, 0, 0, 0.3, 0.175, 0.075, 1]);
    expect(r.tasks.map((t) => t.after)).toEqual([[], [], [], [0, 1, 2], [0, 1, 2], [0, 1, 2], [3, 4, 5]]);
    const big = r.tasks[6]!.result;
    expect(JSON.parse(big.env['NVINX_MAX_MEMORY']!)).toEqual({ 0: '3.5GiB', cpu: '6.5GiB' });
    expect(big.command).toMatch(/^# PLACEHOLDER \(nvinx planner\): big_folder/);
  });

  it('asks a split’s GPUs and chains each GPU’s windows after that GPU’s window only', () => {
    const r = runRay(writeScheduler('ray', twoGpus()).text);
    expect(r.stderr).toBe('');
    expect(rayBrief(r.tasks)).toEqual(expectedRay(twoGpus()));
    // Spelled out: big holds both GPUs; train, prep and eval wait for big only; serve for eval only.
    expect(r.tasks.map((t) => [t.result.job, t.options.num_gpus, t.after])).toEqual([
      ['big', 2, []],
      ['train', 1, [0]],
      ['prep', 0, [0]],
      ['eval', 1, [0]],
      ['chat', 0.25, [3]],
      ['embed', 0.0834, [3]],
    ]);
    for (const bench of fc.sample(arbGpusBench, { numRuns: 5, seed: 37 })) {
      const out = runRay(writeScheduler('ray', bench).text);
      expect(out.stderr).toBe('');
      expect(rayBrief(out.tasks)).toEqual(expectedRay(bench));
    }
  });

  it('carries each command exactly', () => {
    const b = preset();
    const bench = { ...b, models: b.models.map((m) => ({ ...m, command: `${NASTY}\n# ${m.name}` })) };
    const r = runRay(writeScheduler('ray', bench).text);
    expect(r.stderr).toBe('');
    for (const t of r.tasks) expect(t.result.command.replace(/\n$/, '')).toBe(`${NASTY}\n# ${t.result.job}`);
  });

  it('never asks more GPUs than a window holds for random benches whose writers raise no flag', () => {
    const benches = fc.sample(arbBench, { numRuns: 8, seed: 13 });
    for (const b of benches) {
      const out = writeScheduler('ray', b);
      const r = runRay(out.text);
      if (out.flags.length > 0) continue;
      expect(r.stderr).toBe('');
      const day = schedulerDay(b);
      expect(rayBrief(r.tasks)).toEqual(expectedRay(b));
      let n = 0;
      for (const w of day.steps) {
        const asked = w.jobs.reduce((sum) => sum + r.tasks[n++]!.options.num_gpus, 0);
        expect(asked).toBeLessThanOrEqual(w.gpus.length + 1e-9);
      }
    }
  });
});

// ---- SkyPilot --------------------------------------------------------------------------

// SkyPilot's YAML reference (docs.skypilot.co, reference/yaml-spec): the top-level and
// resources keys it documents that a task may carry.
const SKY_TOP = [
  'name',
  'workdir',
  'num_nodes',
  'resources',
  'envs',
  'secrets',
  'file_mounts',
  'setup',
  'run',
  'config',
];
const SKY_RESOURCES = [
  'infra',
  'accelerators',
  'accelerator_args',
  'cpus',
  'memory',
  'instance_type',
  'use_spot',
  'disk_size',
  'disk_tier',
  'network_tier',
  'ports',
  'image_id',
  'labels',
  'autostop',
  'any_of',
  'ordered',
  'job_recovery',
];

type SkyTask = { name: string; resources: { accelerators?: unknown; cpus: string; memory: string }; run: string };

describe('SkyPilot: a task YAML per window', () => {
  it('parses with the keys SkyPilot documents: a pipeline name, then one task per window, in order', () => {
    const bench = preset();
    const day = schedulerDay(bench);
    const [head, ...tasks] = yamlDocs(writeScheduler('skypilot', bench).text) as [{ name: string }, ...SkyTask[]];
    expect(head).toEqual({ name: day.label });
    expect(tasks.map((t) => t.name)).toEqual(['w1-overnight', 'w2-morning', 'w3-afternoon']);
    for (const [k, t] of tasks.entries()) {
      for (const key of Object.keys(t)) expect(SKY_TOP).toContain(key);
      for (const key of Object.keys(t.resources)) expect(SKY_RESOURCES).toContain(key);
      expect(t.resources.accelerators).toEqual({ 'T4:1': null, 'L4:1': null, 'A10G:1': null });
      const w = day.steps[k]!;
      expect(t.resources.cpus).toBe(`${w.jobs.reduce((n, j) => n + j.cores, 0)}+`);
      expect(t.resources.memory).toBe(`${Math.ceil(w.jobs.reduce((n, j) => n + j.memMiB, 0) / 1024)}+`);
      const path = tmpFile('run.sh', t.run);
      expect(spawnSync('bash', ['-n', path], { encoding: 'utf8' }).status).toBe(0);
    }
    expect(tasks.map((t) => [t.resources.cpus, t.resources.memory])).toEqual([
      ['3+', '12+'],
      ['3+', '12+'],
      ['1+', '7+'],
    ]);
    expect(tasks[2]!.run).toContain(`export NVINX_MAX_MEMORY='{"0": "3.5GiB", "cpu": "6.5GiB"}'`);
  });

  it('runs a window’s jobs together and fails the task when one fails', () => {
    const b = preset();
    const bench = {
      ...b,
      models: b.models.map((m) => ({ ...m, command: m.name === 'embedder' ? 'exit 3' : `echo "$NVINX_JOB ran"` })),
    };
    const tasks = yamlDocs(writeScheduler('skypilot', bench).text).slice(1) as SkyTask[];
    const run = (t: SkyTask) => spawnSync('bash', ['-c', t.run], { encoding: 'utf8' });
    const night = run(tasks[0]!);
    expect(night.status).toBe(0);
    expect(night.stdout.split('\n').sort()).toEqual([
      '',
      'feature_extractor ran',
      'long_inference ran',
      'report_writer ran',
    ]);
    expect(run(tasks[1]!).status).toBe(1);
  });

  it('carries each command exactly, and names the bench’s GPU when SkyPilot knows it', () => {
    const b = preset();
    const bench = {
      ...b,
      hardware: { ...b.hardware, model: 'NVIDIA L4' },
      models: b.models.map((m) => ({ ...m, command: NASTY })),
    };
    const tasks = yamlDocs(writeScheduler('skypilot', bench).text).slice(1) as SkyTask[];
    for (const t of tasks) {
      expect(t.resources.accelerators).toBe('L4:1');
      expect(t.run.split(`\n${NASTY}\n) &\n`).length - 1).toBe(t.name === 'w3-afternoon' ? 1 : 3);
    }
  });
});

describe('SkyPilot on several GPUs', () => {
  it('asks each window’s GPUs by the bench’s model (a split all of them), and says what the pipeline changes', () => {
    const bench = twoGpus();
    const day = schedulerDay(bench);
    const plan = planBench(bench);
    const text = writeScheduler('skypilot', bench).text;
    const tasks = yamlDocs(text).slice(1) as SkyTask[];
    expect(tasks.map((t) => t.name)).toEqual(day.steps.map((w) => `w${w.index + 1}-${w.name}`));
    tasks.forEach((t, i) => {
      const w = day.steps[i]!;
      const gpus = windowGpus(plan.windows[w.index]!.window);
      expect(t.resources.accelerators).toBe(`RTX3090:${gpus.length}`);
    });
    expect(tasks[0]!.resources.accelerators).toBe('RTX3090:2');
    // The plan's day (split 2 h, then train 3 h beside eval 1 h + serve 2 h) against the windows in turn.
    const planned = timeDay(bench, plan).planned.lo;
    const inTurn = day.steps.reduce((t, w) => t + w.hours.lo, 0);
    expect([planned, inTurn]).toEqual([5, 8]);
    expect(text.replace(/\n#\s+/g, ' ')).toContain(
      `the day takes about ${inTurn} h instead of the planned ${planned} h`,
    );
    expect(writeScheduler('skypilot', bench).notes.join(' ')).toContain(
      `about ${inTurn} h instead of the planned ${planned} h`,
    );
  });

  it('says what a box of unlike GPUs cannot ask for', () => {
    const text = writeScheduler('skypilot', twoGpus(['RTX 3090', 'RTX 3060'])).text;
    const tasks = yamlDocs(text).slice(1) as SkyTask[];
    // The split: two GPUs of one kind with the 3090's 24 GB; the 3060 (no cloud name): the smallest with 12 GB.
    expect(tasks.map((t) => t.resources.accelerators)).toEqual([
      { 'L4:2': null, 'A10G:2': null, 'A100:2': null },
      'RTX3090:1',
      { 'T4:1': null, 'L4:1': null, 'A10G:1': null },
      { 'T4:1': null, 'L4:1': null, 'A10G:1': null },
    ]);
    expect(text.replace(/\n#\s+/g, ' ')).toMatch(/cannot mix GPU models in one request: window 1 \(GPUs 0 \+ 1\)/);
  });
});

describe('the two-GPU presets, with the catalog’s model names', () => {
  const load = (file: string) => {
    const r = readBench(readFileSync(new URL(`../../store/presets/${file}`, import.meta.url), 'utf8'));
    if (!r.ok) throw new Error(`${file} does not read`);
    return r.bench;
  };

  it('asks the split’s two GPUs by name in every target (“GeForce RTX 3090 24 GB” is RTX3090, rtx3090)', () => {
    const bench = load('2x3090-day.yaml');
    const day = schedulerDay(bench);
    const split = day.steps.find((w) => w.pattern === 'multi_gpu_split')!;
    expect(split.gpus).toEqual([0, 1]);
    const job = split.jobs[0]!;
    expect(slurmGres(day, job)).toBe('gpu:2');
    expect(rayGpus(job)).toBe(2);
    const sky = yamlDocs(writeScheduler('skypilot', bench).text).slice(1) as SkyTask[];
    expect(sky[day.steps.indexOf(split)]!.resources.accelerators).toBe('RTX3090:2');
    const k8s = yamlDocs(writeScheduler('kubernetes', bench).text) as Job[];
    expect(k8s[0]!.spec.template.spec.containers[0]!.resources.limits['nvidia.com/gpu']).toBe(2);
  });

  it('names the 3090 and the 3060 apart as Slurm types and HAMi GPU types', () => {
    const bench = load('3090-3060-day.yaml');
    const day = schedulerDay(bench);
    expect(slurmGpuTypes(day)).toEqual(['rtx3090', 'rtx3060']);
    const k8s = yamlDocs(writeScheduler('kubernetes', bench).text) as Job[];
    const names = ['GeForce RTX 3090', 'GeForce RTX 3060'];
    const jobs = day.steps.flatMap((w) => w.jobs.map((j) => ({ j, w })));
    k8s.forEach((d, i) => {
      const { j, w } = jobs[i]!;
      const want = j.role === 'cpu' ? undefined : [...new Set(w.gpus.map((k) => names[k]))].join(',');
      expect(d.spec.template.metadata?.annotations?.['nvidia.com/use-gputype'], j.key).toBe(want);
    });
    expect(k8s.some((d) => d.spec.template.metadata?.annotations?.['nvidia.com/use-gputype'] === names[1])).toBe(true);
  });
});

// ---- Slices, flags, every format ---------------------------------------------------------

describe('what each export promises, and the slices it checks before export', () => {
  it('exports the default bench to all four with no flag', () => {
    for (const t of SCHEDULER_TARGETS) {
      const out = writeScheduler(t, sharedOk());
      expect(out.flags, t).toEqual([]);
      expect(out.jobs).toBe(7);
      expect(out.text).toContain('What it promises');
    }
  });

  it('flags a co-resident set that fits the bench but not a target’s slices once shares round up', () => {
    expect(planBench(tight).windows[0]!.kind).toBe('plan');
    const flags = Object.fromEntries(SCHEDULER_TARGETS.map((t) => [t, writeScheduler(t, tight).flags]));
    expect(flags['slurm']!.join()).toMatch(/ask for 102 shards, one GPU has 100/);
    expect(flags['kubernetes']!.join()).toMatch(/ask for 1026 MiB of nvidia\.com\/gpumem, the GPU has 1024 MiB/);
    expect(flags['ray']!.join()).toMatch(/ask for 1\.0002 GPUs in all/);
    expect(flags['skypilot']).toEqual([]);
    // The flag is written at the top of the file too.
    expect(writeScheduler('slurm', tight).text).toMatch(/# WARNING — does not fit the slices:\n# {3}Window 1 of 1/);
  });

  it('flags more co-resident models than HAMi puts on a GPU, and a bench no cloud GPU matches', () => {
    const many: Bench = {
      hardware: { vram_gb: 8, ram_gb: 32, cpu_cores: 8 },
      models: Array.from({ length: 11 }, (_, i) => makeCard({ name: `m${i}`, vram_gb: 0.5 })),
    };
    expect(writeScheduler('kubernetes', many).flags.join()).toMatch(/11 co-resident models, but HAMi puts at most 10/);
    const huge: Bench = { ...many, hardware: { vram_gb: 200, ram_gb: 512, cpu_cores: 64 } };
    expect(writeScheduler('skypilot', huge).flags.join()).toMatch(/No cloud GPU here has the bench’s 200\.0 GB/);
  });

  it('gives a job without a command a marked placeholder, and says which', () => {
    const b = preset();
    const bench = { ...b, models: b.models.map((m) => (m.name === 'embedder' ? m : { ...m, command: 'true' })) };
    for (const t of SCHEDULER_TARGETS) {
      const out = writeScheduler(t, bench);
      expect(out.notes).toEqual([expect.stringMatching(/^1 job has no command yet \(w2-embedder\)/)]);
      expect(out.text.match(/PLACEHOLDER \(nvinx planner\)/g)).toHaveLength(1);
    }
  });
});

describe('the card’s command field', () => {
  it('is kept by the bench document, whatever it holds, and left out of the nvinx config', () => {
    for (const command of [NASTY, '$HOME/run.sh # x', 'a\tb', 'two\nlines\n', '\\', '   ']) {
      const b = preset();
      const bench = { ...b, models: b.models.map((m) => ({ ...m, command })) };
      const back = readBench(writeBench(bench));
      expect(back.ok && back.bench).toEqual(bench);
      expect(writeNvinxConfig(bench)).not.toContain('command');
      expect(readBench(writeNvinxConfig(bench)).ok).toBe(true);
    }
  });
});
