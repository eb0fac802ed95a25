import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { planBench } from '../../core/day';
import type { Bench } from '../../core/types';
import { arbBench, makeCard } from '../../test/arbitraries';
import { readBench } from '../../bench/read';
import { writeBench, writeNvinxConfig } from '../../bench/write';
import { hamiMemMiB } from './kubernetes';
import { rayGpus } from './ray';
import { schedulerDay, type SchedulerDay, type SchedulerJob } from './jobs';
import { SCHEDULER_TARGETS, writeScheduler } from '.';
import { slurmUnits } from './slurm';

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
      'echo "$((1000 + n));testcluster"',
    ].join('\n'),
  );
  writeFileSync(join(bin, 'squeue'), '#!/bin/bash\nprintf "%s\\n" "$@" > "$STUB_DIR/squeue.args"\n');
  chmodSync(join(bin, 'sbatch'), 0o755);
  chmodSync(join(bin, 'squeue'), 0o755);
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
  const squeue = existsSync(join(dir, 'squeue.args')) ? readFileSync(join(dir, 'squeue.args'), 'utf8') : null;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls, squeue };
}

/** The sbatch options the plan calls for, in order, for each job of the day (ids 1001, 1002, … as the stub gives). */
function expectedSbatch(day: SchedulerDay, sharing: 'shard' | 'mps'): string[][] {
  const out: string[][] = [];
  let id = 1000;
  let before: number[] = [];
  for (const w of day.steps) {
    const ids: number[] = [];
    for (const j of w.jobs) {
      const args = ['--parsable', `--job-name=${j.key}`];
      if (j.role === 'exclusive' || j.role === 'overflow') args.push('--gres=gpu:1');
      if (j.role === 'coresident') args.push(`--gres=${sharing}:${slurmUnits(j)}`);
      args.push(`--cpus-per-task=${j.cores}`, `--mem=${j.memMiB}M`);
      if (before.length > 0) args.push(`--dependency=afterok:${before.join(':')}`, '--kill-on-invalid-dep=yes');
      out.push(args);
      ids.push(++id);
    }
    before = ids;
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
    const day = schedulerDay(bench);
    const r = runSlurm(writeScheduler('slurm', bench).text);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.calls.map((c) => c.args)).toEqual(expectedSbatch(day, 'shard'));
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
    expect(r.calls.map((c) => c.args)).toEqual(expectedSbatch(schedulerDay(bench), 'mps'));
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

describe('Kubernetes: batch/v1 Jobs with HAMi', () => {
  it('validates every document of the default day against the batch/v1 Job schema, in the planned order', () => {
    const bench = preset();
    const day = schedulerDay(bench);
    const docs = yamlDocs(writeScheduler('kubernetes', bench).text) as Job[];
    for (const d of docs) expect(validate(d, JOB_SCHEMA)).toEqual([]);
    const jobs = day.steps.flatMap((w, k) => w.jobs.map((j) => ({ j, step: k + 1 })));
    expect(docs.map((d) => d.metadata.name)).toEqual(jobs.map(({ j }) => j.key));
    docs.forEach((d, i) => {
      const { j, step } = jobs[i]!;
      expect(d.metadata.labels['nvinx-planner/window']).toBe(String(step));
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

  it('says how to run the windows in order, and notes the time-slicing alternative', () => {
    const text = writeScheduler('kubernetes', preset()).text;
    const sel = (k: number) => `nvinx-planner/day=4-gb-bench-a-composed-day,nvinx-planner/window=${k}`;
    const order = [1, 2, 3].flatMap((k) => [
      `kubectl apply -f 4-GB-bench-a-composed-day.k8s.yaml -l ${sel(k)}`,
      `kubectl wait --for=condition=complete job -l ${sel(k)}`,
    ]);
    let at = 0;
    for (const line of order) {
      const found = text.indexOf(line, at);
      expect(found, line).toBeGreaterThan(at);
      at = found;
    }
    expect(text).toContain('--timeout=12h'); // twice overnight's 6 h
    expect(text).toMatch(/time-slicing \(sharing\.timeSlicing\.resources:/);
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

const STUB_RAY = `
import json, os
LOG = []
def init(*args, **kwargs):
    pass
class _Task:
    def __init__(self, fn, options):
        self.fn, self.options = fn, options
    def remote(self, *args, **kwargs):
        return {"task": self.fn.__name__, "options": self.options, "result": self.fn(*args, **kwargs)}
def remote(*args, **options):
    if args and callable(args[0]) and not options:
        return _Task(args[0], {})
    return lambda fn: _Task(fn, options)
def get(refs):
    window = list(refs)
    gpus = sum(r["options"].get("num_gpus", 0) for r in window)
    if gpus > 1 + 1e-9:
        raise RuntimeError("a window asks for %s GPUs" % gpus)
    LOG.append([{"task": r["task"], "options": r["options"], "result": r["result"]} for r in window])
    with open(os.environ["STUB_RAY_LOG"], "w") as f:
        json.dump(LOG, f)
    return [r["result"] for r in window]
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
  result: { job: string; command: string; env: Record<string, string> };
}

function runRay(text: string): { status: number | null; stderr: string; windows: RayCall[][] } {
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
  const windows = existsSync(log) ? (JSON.parse(readFileSync(log, 'utf8')) as RayCall[][]) : [];
  return { status: r.status, stderr: r.stderr, windows };
}

describe.skipIf(!hasPython)('Ray: the driver', () => {
  it('compiles, and asks each window’s resources in order, never more than one GPU per window', () => {
    const bench = preset();
    const day = schedulerDay(bench);
    const text = writeScheduler('ray', bench).text;
    const path = tmpFile('day_ray.py', text);
    const c = spawnSync('python3', ['-c', 'import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "exec")', path], {
      encoding: 'utf8',
    });
    expect(c.stderr).toBe('');
    const r = runRay(text);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.windows.map((w) => w.map((t) => t.result.job))).toEqual(day.steps.map((w) => w.jobs.map((j) => j.name)));
    const want = (j: SchedulerJob) => ({ num_gpus: rayGpus(j), num_cpus: j.cores, memory: j.memMiB * 1024 * 1024 });
    expect(r.windows.map((w) => w.map((t) => t.options))).toEqual(day.steps.map((w) => w.jobs.map(want)));
    for (const w of r.windows) expect(w.reduce((n, t) => n + t.options.num_gpus, 0)).toBeLessThanOrEqual(1);
    // The numbers, once: overnight's GPU job a whole GPU; morning's three their shares; the afternoon one GPU.
    expect(r.windows.map((w) => w.map((t) => t.options.num_gpus))).toEqual([[1, 0, 0], [0.3, 0.175, 0.075], [1]]);
    const big = r.windows[2]![0]!.result;
    expect(JSON.parse(big.env['NVINX_MAX_MEMORY']!)).toEqual({ 0: '3.5GiB', cpu: '6.5GiB' });
    expect(big.command).toMatch(/^# PLACEHOLDER \(nvinx planner\): big_folder/);
  });

  it('carries each command exactly', () => {
    const b = preset();
    const bench = { ...b, models: b.models.map((m) => ({ ...m, command: `${NASTY}\n# ${m.name}` })) };
    const r = runRay(writeScheduler('ray', bench).text);
    expect(r.stderr).toBe('');
    for (const t of r.windows.flat()) expect(t.result.command.replace(/\n$/, '')).toBe(`${NASTY}\n# ${t.result.job}`);
  });

  it('never asks more than one GPU per window for random benches whose writers raise no flag', () => {
    const benches = fc.sample(arbBench, { numRuns: 12, seed: 13 });
    for (const b of benches) {
      const out = writeScheduler('ray', b);
      const r = runRay(out.text);
      if (out.flags.length > 0) continue;
      expect(r.stderr).toBe('');
      expect(r.windows).toHaveLength(schedulerDay(b).steps.length);
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
    expect(head).toEqual({ name: '4-gb-bench-a-composed-day' });
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
    expect(flags['kubernetes']!.join()).toMatch(/ask for 1026 MiB of nvidia\.com\/gpumem, the card has 1024 MiB/);
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
