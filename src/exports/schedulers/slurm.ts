/**
 * Slurm: one self-contained `submit_day.sh` that submits every job of the planned day with
 * `sbatch --parsable`, each job script a quoted here-document. A GPU-holding job asks for the
 * GPUs it holds (`--gres=gpu:1`; a multi_gpu_split all of its GPUs, `--gres=gpu:2`); co-resident
 * models ask for shards or MPS (`--gres=shard:N` or `--gres=mps:N`, N = their percent of their
 * GPU's VRAM); on a box of unlike GPUs every request names its GPU's type (`gpu:rtx3090:1`).
 * Every job gets `--cpus-per-task` and `--mem`; each window waits (`--dependency=afterok:`) for
 * the window before it on each of its GPUs only, so GPUs run side by side as the day plans.
 * Before submitting, the script checks that a node has what the day holds at once (sinfo),
 * and an sbatch that fails part-way cancels the jobs already submitted (scancel).
 */
import { formatRepr } from '../../core/pyformat';
import { plural } from '../../core/words';
import {
  commandOf,
  commentLines,
  dayPeak,
  flagAndNoteLines,
  gpuModelName,
  gpusText,
  sameGpus,
  shQuote,
  toMiB,
  windowTitle,
  type SchedulerDay,
  type SchedulerJob,
  type SchedulerWindow,
} from './jobs';

/** Shards (and MPS units) configured per GPU: one unit is 1% of its VRAM. */
const SLURM_UNITS_PER_GPU = 100;

export const SLURM_PROMISE =
  'Slurm shards are a count, not a fence: Slurm “does not fence the processes running on the GPU”, so a ' +
  'co-resident model that grows past its shards takes VRAM from the models beside it. With SHARING=mps, ' +
  'MPS gives each job its percent of the GPU’s compute, and the script caps each co-resident job’s device ' +
  'memory at its share (CUDA_MPS_PINNED_DEVICE_MEM_LIMIT). A GPU-holding job gets whole GPUs ' +
  '(--gres=gpu:1, a split all of its GPUs), which no shard or MPS job shares. Each window starts only when ' +
  'every job of the window before it on its GPUs has finished well (afterok); a failed job cancels the ' +
  'windows after it on its GPUs.';

/**
 * The shards (or MPS units) a co-resident job asks for: its percent of its GPU's VRAM, rounded up, at least 1.
 * @internal exported for the unit conversion tests at the boundaries.
 */
export function slurmUnits(job: SchedulerJob): number {
  return Math.max(1, Math.ceil(Number((job.share * SLURM_UNITS_PER_GPU).toFixed(6))));
}

/**
 * The gres type of each GPU when the bench's GPUs differ (so every request can name the GPU
 * the plan put it on): its model name in lower-case letters and digits (“RTX 3090” → rtx3090),
 * with its VRAM when that alone does not tell two kinds apart (rtx309024gb), or gpu<VRAM>gb
 * without a model (“GeForce RTX 3090 24 GB” → rtx3090: `gpuModelName` without “GeForce”). Null when
 * the GPUs are alike: any GPU then stands for any other.
 * @internal exported for its tests of the GPU types a job asks for.
 */
export function slurmGpuTypes(day: Pick<SchedulerDay, 'gpus'>): string[] | null {
  if (sameGpus(day)) return null;
  const kind = (k: number) => `${day.gpus[k]!.model ?? ''}|${day.gpus[k]!.vram_gb}`;
  const base = day.gpus.map((g) =>
    gpuModelName(g.model)
      .toLowerCase()
      .replace(/\bgeforce\b/g, '')
      .replace(/[^a-z0-9]/g, ''),
  );
  const vram = (k: number) => `${String(day.gpus[k]!.vram_gb).replace(/\./g, 'p')}gb`;
  return day.gpus.map((_, k) => {
    const b = base[k]!;
    if (b === '') return `gpu${vram(k)}`;
    const clash = day.gpus.some((_, i) => base[i] === b && kind(i) !== kind(k));
    return /^[a-z]/.test(b) ? (clash ? `${b}${vram(k)}` : b) : `gpu${b}${clash ? vram(k) : ''}`;
  });
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
const windowVar = (w: Pick<SchedulerWindow, 'index'>) => `W${w.index + 1}_JOBS`;

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

/**
 * The --gres a job asks for (null on the CPU); `sharing` is the shell word for shard or mps.
 * @internal exported for its tests of the gres strings.
 */
export function slurmGres(day: Pick<SchedulerDay, 'gpus'>, job: SchedulerJob, sharing = '${SHARING}'): string | null {
  if (job.role === 'cpu') return null;
  const types = slurmGpuTypes(day);
  if (job.role === 'coresident') {
    const t = types === null ? '' : `${types[job.onGpus[0] ?? 0]}:`;
    return `${sharing}:${t}${slurmUnits(job)}`;
  }
  if (types === null) return `gpu:${job.wholeGpus}`;
  const count = new Map<string, number>();
  for (const k of job.onGpus) count.set(types[k]!, (count.get(types[k]!) ?? 0) + 1);
  return [...count].map(([t, n]) => `gpu:${t}:${n}`).join(',');
}

function options(day: SchedulerDay, job: SchedulerJob, after: readonly SchedulerWindow[]): string[] {
  const opts = [`--job-name=${job.key}`];
  const gres = slurmGres(day, job);
  if (gres !== null) opts.push(job.role === 'coresident' ? `"--gres=${gres}"` : `--gres=${gres}`);
  opts.push(`--cpus-per-task=${job.cores}`, `--mem=${job.memMiB}M`);
  if (after.length > 0)
    opts.push(
      `"--dependency=afterok:${after.map((w) => `\${${windowVar(w)}}`).join(':')}"`,
      '--kill-on-invalid-dep=yes',
    );
  return opts;
}

/** The slurm.conf and gres.conf lines the day assumes, as comment lines. */
function clusterLines(day: SchedulerDay): string[] {
  const n = day.gpus.length;
  const types = slurmGpuTypes(day);
  const u = SLURM_UNITS_PER_GPU;
  const gpus = day.gpus.map((g, k) => `${g.model ?? `GPU ${k}`} ${formatRepr(g.vram_gb)} GB`).join(', ');
  const out = [
    n === 1
      ? `# The cluster it assumes: GPU nodes with a GPU of at least ${formatRepr(day.hardware.vram_gb)} GB each.`
      : `# The cluster it assumes: a node with the bench's ${n} GPUs (${gpus}).`,
    '#   slurm.conf  SelectType=select/cons_tres          (gres/shard and gres/mps need it)',
    '#               GresTypes=gpu,shard                  (with SHARING=mps: GresTypes=gpu,mps)',
  ];
  if (types === null) {
    out.push(
      `#               NodeName=<your GPU nodes> Gres=gpu:${n},shard:${u * n}   (SHARING=mps: Gres=gpu:${n},mps:${u * n})`,
      '#   gres.conf   AutoDetect=nvml',
      `#               Name=shard Count=${u * n}                  (SHARING=mps: Name=mps Count=${u * n})`,
    );
  } else {
    const gres = [...new Set(types)].map((t) => `gpu:${t}:${types.filter((x) => x === t).length}`).join(',');
    out.push(
      `#               NodeName=<your node> Gres=${gres},shard:${u * n}   (SHARING=mps: …,mps:${u * n})`,
      '#   gres.conf   (one line per GPU, in the bench’s order: the types name the GPUs the plan puts each job on)',
    );
    types.forEach((t, k) => out.push(`#               Name=gpu Type=${t} File=/dev/nvidia${k}`));
    types.forEach((_, k) =>
      out.push(
        `#               Name=shard Count=${u} File=/dev/nvidia${k}   (SHARING=mps: Name=mps Count=${u} File=…)`,
      ),
    );
  }
  out.push(
    `# ${u} shards per GPU, so one shard is 1% of its GPU's VRAM (${((day.hardware.vram_gb * 1024) / u).toFixed(2)} MiB of GPU 0); a co-resident`,
    '# model asks for its percent, rounded up. Run it: bash submit_day.sh (shards) or SHARING=mps bash submit_day.sh.',
    '# Partition, account and time limit: export SBATCH_PARTITION, SBATCH_ACCOUNT, SBATCH_TIMELIMIT first (sbatch',
    '# reads them). Host RAM per job (--mem) is the bench’s RAM per core × its cores, or what it needs when more.',
  );
  return out;
}

/** How GPUs and chains keep the plan on a bench of several GPUs, as comment lines. */
function gpuLines(day: SchedulerDay): string[] {
  if (day.gpus.length === 1) return [];
  const types = slurmGpuTypes(day);
  const pin =
    types === null
      ? 'Slurm chooses which GPU each job gets (sbatch cannot ask for a GPU by index). The chains keep the ' +
        'plan anyway: each GPU’s windows wait for that GPU’s window before, so no more windows run at once ' +
        'than the bench has GPUs, and the GPUs are alike. What can differ: Slurm may place the shards of two ' +
        'co-resident windows on one GPU when they fit it, and a whole-GPU job then waits for a GPU that is ' +
        'free — later than planned, never over a GPU’s VRAM.'
      : 'The GPUs differ, so every request names its GPU’s type (gres.conf above): a job runs on a GPU of the ' +
        'kind the plan put it on, its shards come from that GPU, and a split asks for one GPU of each kind it ' +
        'spans. Slurm still picks the device of a type itself; with one GPU of each type that is the plan’s GPU.';
  return [
    '#',
    ...commentLines(`Several GPUs: each GPU runs its own windows one after another, the GPUs side by side. ${pin}`),
  ];
}

/** The shell lines that check a node can hold the day before anything is submitted (sinfo). */
function nodeCheck(day: SchedulerDay): string[] {
  const jobs = day.steps.flatMap((w) => w.jobs);
  const peak = dayPeak(day);
  const big = (f: (j: SchedulerJob) => number) => jobs.reduce((a, j) => (f(j) > f(a) ? j : a), jobs[0]!);
  const cpuJob = big((j) => j.cores);
  const memJob = big((j) => j.memMiB);
  const gpuJob = big((j) => j.onGpus.length);
  return [
    '',
    '# Before submitting: does a node of the partition have what the jobs ask (each alone, or it stays PENDING',
    '# forever), and what the planned day holds at once (or Slurm runs jobs later than planned)? From sinfo:',
    '# "CPUs memory(MiB) gres" per node. NVINX_ALLOW_WAITING=1 submits on a smaller node (jobs then wait their',
    '# turn); NVINX_SKIP_NODE_CHECK=1 skips the check (a submit host where sinfo does not answer).',
    `NEED_JOB_CPUS=${cpuJob.cores} NEED_JOB_CPUS_NAME=${shQuote(cpuJob.key)}`,
    `NEED_JOB_MEM=${memJob.memMiB} NEED_JOB_MEM_NAME=${shQuote(memJob.key)}`,
    `NEED_JOB_GPUS=${gpuJob.onGpus.length} NEED_JOB_GPUS_NAME=${shQuote(gpuJob.key)}`,
    `NEED_CPUS=${peak.cpus} NEED_MEM=${peak.memMiB} NEED_GPUS=${peak.gpus}`,
    `NEED_CPUS_JOBS=${shQuote(peak.cpusJobs.join(', '))} NEED_MEM_JOBS=${shQuote(peak.memJobs.join(', '))}`,
    'check_nodes() {',
    '  local nodes best',
    '  [ "${NVINX_SKIP_NODE_CHECK:-}" = 1 ] && return 0',
    '  if ! nodes=$(sinfo -h -N ${SBATCH_PARTITION:+-p "$SBATCH_PARTITION"} -o \'%c %m %G\'); then',
    '    echo "submit_day.sh: sinfo failed, so the nodes were not checked; nothing submitted (NVINX_SKIP_NODE_CHECK=1 submits unchecked)." >&2',
    '    exit 3',
    '  fi',
    '  # Per node: CPUs, memory, GPUs (the gpu entries of its gres, e.g. gpu:2 or gpu:rtx3090:1(S:0)).',
    '  best=$(printf \'%s\\n\' "$nodes" | awk -v c="$NEED_CPUS" -v m="$NEED_MEM" -v g="$NEED_GPUS" \'',
    '    NF >= 2 { gpus = 0; gres = $3; gsub(/\\([^)]*\\)/, "", gres); n = split(gres, e, ",")',
    '      for (i = 1; i <= n; i++) if (e[i] ~ /^gpu:/) { k = split(e[i], p, ":"); gpus += (p[k] ~ /^[0-9]+$/ ? p[k] : 1) }',
    '      if ($1 + 0 > mc) mc = $1 + 0; if ($2 + 0 > mm) mm = $2 + 0; if (gpus > mg) mg = gpus',
    '      if ($1 + 0 >= c && $2 + 0 >= m && gpus >= g) fit = 1 }',
    '    END { printf "%d %d %d %d\\n", mc, mm, mg, fit }\')',
    '  read -r MAX_CPUS MAX_MEM MAX_GPUS FIT <<<"$best"',
    '  local where="${SBATCH_PARTITION:+partition $SBATCH_PARTITION}"',
    '  where="${where:-the default partition}"',
    '  if [ "$NEED_JOB_CPUS" -gt "$MAX_CPUS" ] || [ "$NEED_JOB_MEM" -gt "$MAX_MEM" ] || [ "$NEED_JOB_GPUS" -gt "$MAX_GPUS" ]; then',
    '    echo "submit_day.sh: no node of $where can ever run every job, so nothing is submitted (it would stay PENDING forever):" >&2',
    '    [ "$NEED_JOB_CPUS" -gt "$MAX_CPUS" ] && echo "  $NEED_JOB_CPUS_NAME asks $NEED_JOB_CPUS CPUs; the largest node has $MAX_CPUS." >&2',
    '    [ "$NEED_JOB_MEM" -gt "$MAX_MEM" ] && echo "  $NEED_JOB_MEM_NAME asks $NEED_JOB_MEM MiB of memory; the largest node has $MAX_MEM MiB." >&2',
    '    [ "$NEED_JOB_GPUS" -gt "$MAX_GPUS" ] && echo "  $NEED_JOB_GPUS_NAME asks $NEED_JOB_GPUS GPUs; the largest node has $MAX_GPUS." >&2',
    '    exit 3',
    '  fi',
    '  if [ "$FIT" != 1 ] && [ "${NVINX_ALLOW_WAITING:-}" != 1 ]; then',
    '    echo "submit_day.sh: no node of $where holds what the planned day runs at once, so nothing is submitted:" >&2',
    '    echo "  at its busiest the day holds $NEED_CPUS CPUs ($NEED_CPUS_JOBS), $NEED_MEM MiB of memory ($NEED_MEM_JOBS) and $NEED_GPUS GPUs;" >&2',
    '    echo "  the largest node has $MAX_CPUS CPUs, $MAX_MEM MiB and $MAX_GPUS GPUs. Slurm would run some jobs later than planned." >&2',
    '    echo "  Submit anyway (jobs wait their turn): NVINX_ALLOW_WAITING=1 bash submit_day.sh" >&2',
    '    exit 3',
    '  fi',
    '}',
    'check_nodes',
  ];
}

export function writeSlurm(day: SchedulerDay, flags: readonly string[]): string {
  const jobs = day.steps.flatMap((w) => w.jobs);
  const several = day.gpus.length > 1;
  const out: string[] = [
    '#!/usr/bin/env bash',
    `# submit_day.sh — ${day.title} on Slurm, written by nvinx planner from the planned day (${day.label}):`,
    `# ${day.steps.length} of ${day.windows.length} windows run, ${jobs.length} jobs, ` +
      (several
        ? `each GPU's windows one after another, ${day.gpus.length} GPUs side by side.`
        : 'one window after another.'),
    '#',
    ...commentLines(`What it promises: ${SLURM_PROMISE}`),
    '#',
    ...clusterLines(day),
    ...gpuLines(day),
    '#',
    ...commentLines(
      'If an sbatch fails part-way, the script cancels (scancel) the jobs it already submitted and says which, ' +
        'so no half day runs; it exits 1.',
    ),
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
  );
  if (jobs.length === 0) {
    out.push('', 'echo "submit_day.sh: the planned day has no job to submit."', '');
    return out.join('\n');
  }
  out.push(
    ...nodeCheck(day),
    '',
    '# submit VAR [sbatch options...] <<job script: submits the job and sets VAR to its id (--parsable prints',
    '# "id" or "id;cluster"). When sbatch fails, the jobs submitted before are cancelled: no half day runs.',
    'SUBMITTED=()',
    'submit() {',
    '  local var=$1 out',
    '  shift',
    '  if ! out=$(sbatch --parsable "$@"); then',
    '    echo "submit_day.sh: sbatch failed for $var" >&2',
    '    if [ "${#SUBMITTED[@]}" -gt 0 ]; then',
    '      if scancel "${SUBMITTED[@]}"; then',
    '        echo "submit_day.sh: cancelled the ${#SUBMITTED[@]} jobs already submitted: ${SUBMITTED[*]}" >&2',
    '      else',
    '        echo "submit_day.sh: scancel failed: cancel the jobs already submitted by hand: scancel ${SUBMITTED[*]}" >&2',
    '      fi',
    '    fi',
    '    exit 1',
    '  fi',
    '  printf -v "$var" \'%s\' "${out%%;*}"',
    '  SUBMITTED+=("${out%%;*}")',
    '}',
  );
  const byIndex = new Map(day.steps.map((w) => [w.index, w] as const));
  const awaited = new Set(day.steps.flatMap((w) => w.after));
  for (const w of day.steps) {
    const after = w.after.map((i) => byIndex.get(i)!);
    const waits =
      after.length === 0
        ? ''
        : `: after every job of ${after.map((a) => `window ${a.index + 1}`).join(' and ')}` +
          (several ? ` (the window before it on ${gpusText(w.gpus)})` : '');
    out.push('', `# ${windowTitle(day, w)}${waits}.`);
    for (const j of w.jobs) {
      const script = jobScript(j, w.name);
      const d = delimiter(script);
      out.push(
        ...commentLines(`${j.name} ${j.about}. ${plural(j.cores, 'CPU core')}; ${j.memMiB} MiB of RAM: ${j.memBasis}.`),
        `submit ${varOf(j)} ${options(day, j, after).join(' ')} <<'${d}'`,
        script,
        d,
      );
    }
    if (awaited.has(w.index)) out.push(`${windowVar(w)}="${w.jobs.map((j) => `\${${varOf(j)}}`).join(':')}"`);
  }
  const all = jobs.map((j) => `\${${varOf(j)}}`).join(',');
  out.push(
    '',
    `echo "Submitted ${jobs.length} jobs in ${day.steps.length} windows: ${all}"`,
    `squeue --jobs="${all}" --format='%.12i %.28j %.10T %.24R' || true`,
    '',
  );
  return out.join('\n');
}
