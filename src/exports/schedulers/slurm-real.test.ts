/**
 * The Slurm export on a real Slurm: this test starts a one-node Slurm of its own (Debian's
 * slurm-wlm and munge; `.ci/run` installs them) with two `gpu` gres on device nodes it makes,
 * runs the generated submit_day.sh for a one-GPU and a two-GPU (split) bench whose commands
 * are short sleeps, and checks what Slurm did against the plan: every sbatch accepted, each
 * job after the windows it waits for and beside the jobs it is planned beside, the gres
 * granted, the environment each job saw; then the node check (a job no node can run is
 * refused before anything is submitted) and the cancel on a failed sbatch. Skipped, with one
 * line saying why, where Slurm is not installed or cannot be started (not root, no mknod).
 * See docs/exports.md#the-slurm-export-on-a-real-slurm.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bench } from '../../core/types';
import { makeCard } from '../../test/cards';
import { writeScheduler } from '.';
import { schedulerDay, type SchedulerDay } from './jobs';
import { slurmGres } from './slurm';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** Why the test cannot run here, or null. */
function whyNot(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root (munged, slurmctld and slurmd run as root here)';
  const missing = ['munged', 'mungekey', 'slurmctld', 'slurmd', 'sbatch', 'scontrol', 'sinfo'].filter((c) => !has(c));
  if (missing.length > 0) return `not installed: ${missing.join(', ')} (apt-get install slurm-wlm munge)`;
  return null;
}

const reason = whyNot();
if (reason !== null) console.warn(`real-Slurm test skipped: ${reason}`);

/** A TCP port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}

let dir = '';
let env: NodeJS.ProcessEnv = { ...process.env };
let started = false;
let cpus = 0;
const GPUS = 2;

const run = (cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  spawnSync(cmd, args, { encoding: 'utf8', cwd: opts.cwd ?? dir, env: { ...env, ...opts.env }, timeout: 60_000 });

function must(r: SpawnSyncReturns<string>, what: string): string {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Start munged, slurmctld and slurmd on this machine with a one-node configuration in a temp dir. */
async function startSlurm(): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'nvinx-slurm-'));
  for (const d of ['state', 'spool', 'log']) mkdirSync(join(dir, d));
  // Two GPU device nodes (NVIDIA's major number 195): slurmd accepts only character or block devices.
  for (let k = 0; k < GPUS; k++) must(run('mknod', [join(dir, `nvidia${k}`), 'c', '195', String(k)]), 'mknod');
  must(run('mungekey', ['-c', '-k', join(dir, 'munge.key')]), 'mungekey');
  const sock = join(dir, 'munge.sock');
  must(
    run('munged', [
      `--socket=${sock}`,
      `--key-file=${join(dir, 'munge.key')}`,
      `--log-file=${join(dir, 'log', 'munged.log')}`,
      `--pid-file=${join(dir, 'munged.pid')}`,
      `--seed-file=${join(dir, 'munged.seed')}`,
      '--force',
    ]),
    'munged',
  );
  // This machine as slurmd sees it: "NodeName=vm CPUs=2 … RealMemory=24105".
  const node = must(run('slurmd', ['-C']), 'slurmd -C')
    .split('\n')[0]!
    .trim();
  const name = /NodeName=(\S+)/.exec(node)![1]!;
  cpus = Number(/CPUs=(\d+)/.exec(node)![1]);
  const [ctld, d] = [await freePort(), await freePort()];
  const conf = join(dir, 'slurm.conf');
  writeFileSync(
    conf,
    [
      'ClusterName=nvinxtest',
      `SlurmctldHost=${name}(127.0.0.1)`,
      `SlurmctldPort=${ctld}`,
      `SlurmdPort=${d}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      `AuthInfo=socket=${sock}`,
      'CredType=cred/munge',
      `StateSaveLocation=${join(dir, 'state')}`,
      `SlurmdSpoolDir=${join(dir, 'spool')}`,
      `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
      `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
      `SlurmctldLogFile=${join(dir, 'log', 'slurmctld.log')}`,
      `SlurmdLogFile=${join(dir, 'log', 'slurmd.log')}`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core_Memory',
      'GresTypes=gpu,shard',
      'MpiDefault=none',
      'ReturnToService=2',
      'SchedulerParameters=sched_interval=1',
      'MinJobAge=3600',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      `${node.replace(/\s+UpTime=\S+/, '')} NodeAddr=127.0.0.1 Gres=gpu:${GPUS},shard:${100 * GPUS} State=UNKNOWN`,
      `PartitionName=debug Nodes=${name} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  const gres = [];
  for (let k = 0; k < GPUS; k++) gres.push(`NodeName=${name} Name=gpu File=${join(dir, `nvidia${k}`)}`);
  for (let k = 0; k < GPUS; k++) gres.push(`NodeName=${name} Name=shard Count=100 File=${join(dir, `nvidia${k}`)}`);
  writeFileSync(join(dir, 'gres.conf'), `${gres.join('\n')}\n`);
  env = { ...process.env, SLURM_CONF: conf };
  delete env['SBATCH_PARTITION'];
  started = true;
  must(run('slurmctld', ['-f', conf]), 'slurmctld');
  must(run('slurmd', ['-f', conf]), 'slurmd');
  for (let i = 0; i < 60; i++) {
    if (run('sinfo', ['-h', '-o', '%T']).stdout.trim() === 'idle') return;
    await sleep(500);
  }
  throw new Error(`the node did not come up: ${readFileSync(join(dir, 'log', 'slurmd.log'), 'utf8').slice(-2000)}`);
}

/** Stop the daemons this test started (by the pids in their pid files) and wait until they are gone. */
async function stopSlurm(): Promise<void> {
  if (!started) return;
  const pids: number[] = [];
  for (const f of ['slurmd.pid', 'slurmctld.pid', 'munged.pid']) {
    const p = join(dir, f);
    const pid = existsSync(p) ? Number(readFileSync(p, 'utf8').trim()) : 0;
    if (pid <= 0) continue;
    pids.push(pid);
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 40 && pids.some(alive); i++) await sleep(250);
}

interface RealJob {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly reason: string;
  readonly start: number;
  readonly end: number;
  readonly gres: string;
  readonly out: string;
}

/** A job as Slurm tells it (scontrol show job -d), with what its command printed. */
function realJob(id: string, cwd: string): RealJob {
  const text = run('scontrol', ['show', 'job', '-d', id]).stdout;
  const field = (k: string) => new RegExp(`\\b${k}=(\\S*)`).exec(text)?.[1] ?? '';
  const time = (k: string) => Date.parse(`${field(k)}Z`) / 1000;
  const outFile = join(cwd, `slurm-${id}.out`);
  return {
    id,
    name: field('JobName'),
    state: field('JobState'),
    reason: field('Reason'),
    start: time('StartTime'),
    end: time('EndTime'),
    gres: field('JOB_GRES') === '(null)' ? '' : field('JOB_GRES'),
    out: existsSync(outFile) ? readFileSync(outFile, 'utf8') : '',
  };
}

/** Wait until none of the ids is pending or running. */
async function settle(ids: readonly string[], seconds = 120): Promise<void> {
  for (let i = 0; i < seconds * 2; i++) {
    const q = run('squeue', ['-h', '-j', ids.join(','), '-o', '%i']).stdout.trim();
    if (q === '') return;
    await sleep(500);
  }
  throw new Error(`jobs still queued after ${seconds} s: ${run('squeue', []).stdout}`);
}

/** Seconds of sleep for a planned hour: long enough that jobs planned side by side overlap on Slurm. */
const SECONDS_PER_HOUR = 3;

/** Every card's command: print the environment Slurm and the export gave it, then sleep its hours. */
function withSleeps(bench: Bench): Bench {
  return {
    ...bench,
    models: bench.models.map((m) => ({
      ...m,
      command:
        "env | grep -E '^(NVINX_[A-Z_]+|CUDA_VISIBLE_DEVICES|SLURM_SHARDS_ON_NODE)=' | sort\n" +
        `sleep ${(m.hours ?? 1) * SECONDS_PER_HOUR}`,
    })),
  };
}

/** Run submit_day.sh for a bench in a directory of its own; the jobs' ids in submit order. */
function submit(bench: Bench, extra: NodeJS.ProcessEnv = {}) {
  const cwd = mkdtempSync(join(dir, 'day-'));
  const script = join(cwd, 'submit_day.sh');
  writeFileSync(script, writeScheduler('slurm', bench).text);
  const r = run('bash', [script], { cwd, env: extra });
  const ids = /Submitted \d+ jobs in \d+ windows: ([\d,]+)/.exec(r.stdout)?.[1]?.split(',') ?? [];
  return { ...r, cwd, ids };
}

/**
 * What Slurm did, against the plan: every job of the day ran and succeeded, with the gres the
 * export asks; each job started after every job of the windows it waits for had ended; jobs the
 * plan runs side by side (planned to overlap by at least an hour) overlapped; each saw its
 * environment (its card and window; as many GPUs as it holds, one for a shard).
 */
function checkDay(day: SchedulerDay, real: readonly RealJob[]): void {
  const jobs = day.steps.flatMap((w) => w.jobs.map((j) => ({ j, w })));
  expect(real.map((r) => r.name)).toEqual(jobs.map(({ j }) => j.key));
  const byKey = new Map(real.map((r) => [r.name, r] as const));
  for (const { j, w } of jobs) {
    const r = byKey.get(j.key)!;
    expect(r.state, `${j.key}: ${r.reason}`).toBe('COMPLETED');
    expect(r.gres, j.key).toBe(slurmGres(day, j, 'shard') ?? '');
    for (const a of w.after)
      for (const before of day.windows[a]!.jobs)
        expect(r.start, `${j.key} starts after ${before.key} ends`).toBeGreaterThanOrEqual(byKey.get(before.key)!.end);
    const seen = new Map(
      r.out
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const),
    );
    expect(seen.get('NVINX_JOB')).toBe(j.name);
    expect(seen.get('NVINX_WINDOW')).toBe(w.name);
    for (const [k, v] of j.env) expect(seen.get(k), `${j.key} ${k}`).toBe(v);
    const visible = seen.get('CUDA_VISIBLE_DEVICES')?.split(',').length ?? 0;
    expect(visible, `${j.key} GPUs`).toBe(j.role === 'cpu' ? 0 : j.role === 'coresident' ? 1 : j.wholeGpus);
    if (j.role === 'coresident')
      expect(seen.get('SLURM_SHARDS_ON_NODE')).toBe(slurmGres(day, j, 'shard')!.split(':')[1]);
  }
  for (const a of jobs)
    for (const b of jobs) {
      if (a.j.key >= b.j.key) continue;
      const planned = Math.min(a.j.end, b.j.end) - Math.max(a.j.start, b.j.start);
      if (planned < 1) continue;
      const [ra, rb] = [byKey.get(a.j.key)!, byKey.get(b.j.key)!];
      expect(Math.min(ra.end, rb.end) - Math.max(ra.start, rb.start), `${a.j.key} beside ${b.j.key}`).toBeGreaterThan(
        0,
      );
    }
}

/** One GPU: a GPU job beside a CPU job, then two co-resident models on shards. */
const oneGpu: Bench = {
  name: 'real slurm one gpu',
  hardware: { vram_gb: 8, ram_gb: 2, cpu_cores: 2 },
  models: [
    makeCard({ name: 'train', vram_gb: 6, residency: 'GPU_EXCLUSIVE', hours: 2 }),
    makeCard({ name: 'prep', vram_gb: 0, residency: 'CPU_ONLY', hours: 2 }),
    makeCard({ name: 'chat', vram_gb: 4, hours: 1 }),
    makeCard({ name: 'embed', vram_gb: 1, hours: 1 }),
  ],
  windows: [
    { name: 'night', pattern: 'serial_handoff', gpu_job: 'train', candidates: ['prep'] },
    { name: 'serve', pattern: 'fractional_coresidency', candidates: ['chat', 'embed'], headroom_gb: 0.5 },
  ],
};

/**
 * Two GPUs: a model split over both, then a short job on GPU 0 and a long one on GPU 1 side by
 * side, then a co-resident model on GPU 0 that waits for GPU 0's job only (it starts while GPU
 * 1's long job still runs).
 */
const twoGpus: Bench = {
  name: 'real slurm two gpus',
  hardware: { vram_gb: 12, ram_gb: 2, cpu_cores: 2, more_gpus: [{ vram_gb: 12 }] },
  models: [
    makeCard({ name: 'big', vram_gb: 20, residency: 'GPU_EXCLUSIVE', ram_overflow_supported: true, hours: 1 }),
    makeCard({ name: 'short', vram_gb: 10, residency: 'GPU_EXCLUSIVE', hours: 1 }),
    makeCard({ name: 'long', vram_gb: 10, residency: 'GPU_EXCLUSIVE', hours: 3 }),
    makeCard({ name: 'chat', vram_gb: 4, hours: 1 }),
  ],
  windows: [
    { name: 'split', pattern: 'multi_gpu_split', model: 'big', gpus: [0, 1], headroom_gb: 0.5 },
    { name: 'short', pattern: 'serial_handoff', gpu_job: 'short', candidates: [] },
    { name: 'long', pattern: 'serial_handoff', gpu_job: 'long', candidates: [], gpu: 1 },
    { name: 'serve', pattern: 'fractional_coresidency', candidates: ['chat'], headroom_gb: 0.5 },
  ],
};

describe.skipIf(reason !== null)('the Slurm export on a real one-node Slurm', () => {
  beforeAll(startSlurm, 90_000);
  afterAll(async () => {
    await stopSlurm();
    if (dir !== '') rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }, 20_000);

  it('runs a one-GPU day and a two-GPU day (a split) as planned: order, overlap, gres, environment', async () => {
    for (const bench of [withSleeps(oneGpu), withSleeps(twoGpus)]) {
      const day = schedulerDay(bench);
      const r = submit(bench);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.ids).toHaveLength(day.steps.reduce((n, w) => n + w.jobs.length, 0));
      await settle(r.ids);
      checkDay(
        day,
        r.ids.map((id) => realJob(id, r.cwd)),
      );
    }
    // Spelled out for the two GPUs: the split held both; serve (GPU 0) started before long (GPU 1) ended.
    const day = schedulerDay(withSleeps(twoGpus));
    expect(day.steps.map((w) => w.after)).toEqual([[], [0], [0], [1]]);
  }, 150_000);

  it('refuses a job no node can run before submitting anything; unchecked, Slurm leaves it PENDING', async () => {
    const big: Bench = {
      ...oneGpu,
      name: 'real slurm too many cores',
      hardware: { ...oneGpu.hardware, cpu_cores: cpus + 2 },
      models: oneGpu.models.map((m) => (m.name === 'prep' ? { ...m, cores: cpus + 1 } : m)),
    };
    const before = run('squeue', ['-h', '-o', '%i']).stdout;
    const r = submit(withSleeps(big));
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`w1-prep asks ${cpus + 1} CPUs; the largest node has ${cpus}.`);
    expect(run('squeue', ['-h', '-o', '%i']).stdout).toBe(before);
    // The gap the check closes: submitted anyway, the job waits for ever and submit_day.sh says nothing.
    const unchecked = submit(withSleeps(big), { NVINX_SKIP_NODE_CHECK: '1' });
    expect(unchecked.status).toBe(0);
    await sleep(2000);
    const prep = realJob(unchecked.ids[1]!, unchecked.cwd);
    expect([prep.state, prep.reason]).toEqual(['PENDING', 'PartitionConfig']);
    must(run('scancel', unchecked.ids), 'scancel');
  }, 60_000);

  it('cancels the jobs already submitted when an sbatch fails part-way', async () => {
    // This Slurm has shards, not MPS: with SHARING=mps the first co-resident job's sbatch fails.
    const r = submit(withSleeps(oneGpu), { SHARING: 'mps' });
    expect(r.status).toBe(1);
    const cancelled = /cancelled the 2 jobs already submitted: (\d+) (\d+)/.exec(r.stderr);
    expect(cancelled, r.stderr).not.toBeNull();
    await settle([cancelled![1]!, cancelled![2]!], 30);
    for (const id of [cancelled![1]!, cancelled![2]!]) expect(realJob(id, r.cwd).state).toBe('CANCELLED');
  }, 60_000);
});
