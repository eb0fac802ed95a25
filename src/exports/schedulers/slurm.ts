/**
 * Slurm: one self-contained `submit_day.sh` that submits every job of the planned day with
 * `sbatch --parsable`, each job script a quoted here-document. A GPU-holding job asks for a
 * whole GPU (`--gres=gpu:1`); co-resident models ask for shards or MPS (`--gres=shard:N` or
 * `--gres=mps:N`, N = their percent of the card's VRAM); every job gets `--cpus-per-task` and
 * `--mem`; each window waits for every job of the window before (`--dependency=afterok:`).
 */
import { formatRepr } from '../../core/pyformat';
import { plural } from '../../core/words';
import {
  commandOf,
  commentLines,
  commentText,
  flagAndNoteLines,
  shQuote,
  toMiB,
  windowTitle,
  type SchedulerDay,
  type SchedulerJob,
} from './jobs';

/** Shards (and MPS units) configured per GPU: one unit is 1% of its VRAM. */
export const SLURM_UNITS_PER_GPU = 100;

export const SLURM_PROMISE =
  'Slurm shards are a count, not a fence: Slurm “does not fence the processes running on the GPU”, so a ' +
  'co-resident model that grows past its shards takes VRAM from the models beside it. With SHARING=mps, ' +
  'MPS gives each job its percent of the GPU’s compute, and the script caps each co-resident job’s device ' +
  'memory at its share (CUDA_MPS_PINNED_DEVICE_MEM_LIMIT). A GPU-holding job gets a whole GPU ' +
  '(--gres=gpu:1), which no shard or MPS job shares. Each window starts only when every job of the ' +
  'window before has finished well (afterok); a failed job cancels the rest of the day.';

/** The shards (or MPS units) a co-resident job asks for: its percent of the card's VRAM, rounded up, at least 1. */
export function slurmUnits(job: SchedulerJob): number {
  return Math.max(1, Math.ceil(Number((job.share * SLURM_UNITS_PER_GPU).toFixed(6))));
}

/** Co-resident sets that would not fit one GPU's shards (Slurm would then run them one after another). */
export function slurmFlags(day: SchedulerDay): string[] {
  const out: string[] = [];
  for (const w of day.steps) {
    const co = w.jobs.filter((j) => j.role === 'coresident');
    const total = co.reduce((n, j) => n + slurmUnits(j), 0);
    if (total > SLURM_UNITS_PER_GPU) {
      out.push(
        `${windowTitle(day, w)}: its ${co.length} co-resident models ask for ${total} shards, one GPU has ` +
          `${SLURM_UNITS_PER_GPU} (shares round up): Slurm would not start them together.`,
      );
    }
    for (const j of co.filter((x) => x.vramGb === 0)) {
      out.push(`${j.name} declares 0 GB of VRAM but shares the GPU: it asks for 1 shard, the smallest.`);
    }
  }
  return out;
}

const varOf = (job: SchedulerJob) => `J_${job.key.replace(/-/g, '_')}`;

/** A here-document delimiter no line of `body` equals. */
function delimiter(body: string): string {
  const lines = new Set(body.split('\n'));
  let d = 'NVINX_JOB';
  for (let n = 2; lines.has(d); n++) d = `NVINX_JOB_${n}`;
  return d;
}

function jobScript(job: SchedulerJob, windowName: string): string {
  const lines = ['#!/bin/bash', ...commentLines(`nvinx planner job ${job.name}: ${job.about}.`)];
  for (const [k, v] of job.env) lines.push(`export ${k}=${shQuote(v)}`);
  if (job.role === 'coresident') {
    lines.push(
      '# Under MPS (Slurm sets CUDA_MPS_ACTIVE_THREAD_PERCENTAGE), cap this job’s device memory at its share.',
      `if [ -n "\${CUDA_MPS_ACTIVE_THREAD_PERCENTAGE:-}" ]; then export CUDA_MPS_PINNED_DEVICE_MEM_LIMIT=0=${Math.max(1, toMiB(job.vramGb))}M; fi`,
    );
  }
  lines.push(commandOf(job, windowName));
  return lines.join('\n');
}

function options(job: SchedulerJob, after: string | null): string[] {
  const opts = [`--job-name=${job.key}`];
  if (job.role === 'exclusive' || job.role === 'overflow') opts.push('--gres=gpu:1');
  else if (job.role === 'coresident') opts.push(`"--gres=\${SHARING}:${slurmUnits(job)}"`);
  opts.push(`--cpus-per-task=${job.cores}`, `--mem=${job.memMiB}M`);
  if (after !== null) opts.push(`"--dependency=afterok:\${${after}}"`, '--kill-on-invalid-dep=yes');
  return opts;
}

export function writeSlurm(day: SchedulerDay, flags: readonly string[]): string {
  const jobs = day.steps.flatMap((w) => w.jobs);
  const mib = ((day.hardware.vram_gb * 1024) / SLURM_UNITS_PER_GPU).toFixed(2);
  const out: string[] = [
    '#!/usr/bin/env bash',
    `# submit_day.sh — “${commentText(day.benchName)}” on Slurm, written by nvinx planner from the planned day:`,
    `# ${day.steps.length} of ${day.windows.length} windows run, ${jobs.length} jobs, one window after another.`,
    '#',
    ...commentLines(`What it promises: ${SLURM_PROMISE}`),
    '#',
    `# The cluster it assumes: GPU nodes with a GPU of at least ${formatRepr(day.hardware.vram_gb)} GB each.`,
    '#   slurm.conf  SelectType=select/cons_tres          (gres/shard and gres/mps need it)',
    '#               GresTypes=gpu,shard                  (with SHARING=mps: GresTypes=gpu,mps)',
    `#               NodeName=<your GPU nodes> Gres=gpu:1,shard:${SLURM_UNITS_PER_GPU}   (SHARING=mps: Gres=gpu:1,mps:${SLURM_UNITS_PER_GPU})`,
    '#   gres.conf   AutoDetect=nvml',
    `#               Name=shard Count=${SLURM_UNITS_PER_GPU}                  (SHARING=mps: Name=mps Count=${SLURM_UNITS_PER_GPU})`,
    `# ${SLURM_UNITS_PER_GPU} shards per GPU, so one shard is 1% of its VRAM (${mib} MiB of the bench's card); a co-resident`,
    '# model asks for its percent, rounded up. Run it: bash submit_day.sh (shards) or SHARING=mps bash submit_day.sh.',
    '# Partition, account and time limit: export SBATCH_PARTITION, SBATCH_ACCOUNT, SBATCH_TIMELIMIT first (sbatch',
    '# reads them). Host RAM per job (--mem) is the bench’s RAM per core × its cores, or what it needs when more.',
  ];
  out.push(...flagAndNoteLines(day, flags));
  out.push(
    '',
    'set -euo pipefail',
    'SHARING="${SHARING:-shard}"',
    'case "$SHARING" in',
    '  shard | mps) ;;',
    '  *)',
    '    echo "submit_day.sh: SHARING must be shard or mps, not $SHARING" >&2',
    '    exit 2',
    '    ;;',
    'esac',
    '',
    '# submit VAR [sbatch options...] <<job script: submits the job and sets VAR to its id',
    '# (--parsable prints "id" or "id;cluster").',
    'submit() {',
    '  local var=$1 out',
    '  shift',
    '  out=$(sbatch --parsable "$@") || {',
    '    echo "submit_day.sh: sbatch failed for $var" >&2',
    '    exit 1',
    '  }',
    '  printf -v "$var" \'%s\' "${out%%;*}"',
    '}',
  );
  if (jobs.length === 0) {
    out.push('', 'echo "submit_day.sh: the planned day has no job to submit."', '');
    return out.join('\n');
  }
  let after: string | null = null;
  day.steps.forEach((w, k) => {
    out.push('', `# ${windowTitle(day, w)}${after === null ? '' : ': after every job of the window before'}.`);
    for (const j of w.jobs) {
      const script = jobScript(j, w.name);
      const d = delimiter(script);
      out.push(
        ...commentLines(`${j.name} ${j.about}. ${plural(j.cores, 'CPU core')}; ${j.memMiB} MiB of RAM: ${j.memBasis}.`),
        `submit ${varOf(j)} ${options(j, after).join(' ')} <<'${d}'`,
        script,
        d,
      );
    }
    if (k + 1 < day.steps.length) {
      const stepVar = `W${k + 1}_JOBS`;
      out.push(`${stepVar}="${w.jobs.map((j) => `\${${varOf(j)}}`).join(':')}"`);
      after = stepVar;
    }
  });
  const all = jobs.map((j) => `\${${varOf(j)}}`).join(',');
  out.push(
    '',
    `echo "Submitted ${jobs.length} jobs in ${day.steps.length} windows: ${all}"`,
    `squeue --jobs="${all}" --format='%.12i %.28j %.10T %.24R' || true`,
    '',
  );
  return out.join('\n');
}
