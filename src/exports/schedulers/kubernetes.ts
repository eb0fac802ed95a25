/**
 * Kubernetes: a multi-document YAML of `batch/v1` Jobs, one per job of the planned day, with
 * HAMi's GPU resources (`nvidia.com/gpu` — the GPUs the job holds, a split all of them —
 * `nvidia.com/gpumem` in MiB, `nvidia.com/gpucores`) and CPU and memory requests and limits.
 * Job names carry the day (its name and a hash of the bench), so two days share a namespace.
 * Jobs carry their day and window in labels and the windows they wait for in an annotation;
 * the header holds a runner that applies each window once the window before it on each of its
 * GPUs has completed (Kubernetes itself has no order between Jobs).
 */
import { formatRepr } from '../../core/pyformat';
import { plural } from '../../core/words';
import {
  commandOf,
  commentLines,
  commentText,
  flagAndNoteLines,
  gpuMiB,
  gpuModelName,
  gpusText,
  sameGpus,
  shQuote,
  toMiB,
  windowTitle,
  yamlStr,
  yamlText,
  type SchedulerDay,
  type SchedulerJob,
  type SchedulerWindow,
} from './jobs';

/** HAMi's default `deviceSplitCount`: at most this many tasks on one GPU. */
const HAMI_SPLIT_COUNT = 10;

const GPU_IMAGE = 'nvidia/cuda:12.4.1-base-ubuntu22.04';
const CPU_IMAGE = 'python:3.12-slim';

export const KUBERNETES_PROMISE =
  'HAMi enforces each container’s nvidia.com/gpumem as a hard limit inside the container: a model that ' +
  'grows past its MiB gets an out-of-memory error, its neighbours do not. A GPU-holding job asks ' +
  'nvidia.com/gpucores: 100, which HAMi gives as the whole GPU, alone (a split asks for all of its GPUs). ' +
  'Kubernetes has no order between Jobs: the runner at the top of the file applies each window once the ' +
  'window before it on each of its GPUs has completed. Without HAMi, the ' +
  'NVIDIA device plugin’s time-slicing can share a GPU between pods, with “no memory or fault-isolation ' +
  'between replicas”.';

/**
 * The nvidia.com/gpumem a job asks for, MiB (HAMi's figure is per GPU): a co-resident model its
 * vram_gb; a GPU-holding job its GPU's whole memory (a split: the smallest of its GPUs').
 * @internal exported for the unit conversion tests at the boundaries.
 */
export function hamiMemMiB(day: SchedulerDay, job: SchedulerJob): number {
  if (job.role === 'coresident') return Math.max(1, toMiB(job.vramGb));
  const held = job.onGpus.length === 0 ? [0] : job.onGpus;
  return Math.min(...held.map((k) => gpuMiB(day, k)));
}

/** The nvidia.com/gpu a job asks for: the GPUs it holds, 1 for a co-resident share, 0 on the CPU. */
function hamiGpus(job: SchedulerJob): number {
  return job.role === 'cpu' ? 0 : Math.max(1, job.wholeGpus);
}

/**
 * HAMi's nvidia.com/use-gputype for a job on a box of unlike GPUs: its GPUs' model names as the
 * device names end (`gpuModelName`: HAMi matches the type as part of the device's name); null
 * when the GPUs are alike or a GPU has no model.
 */
function hamiGpuType(day: SchedulerDay, job: SchedulerJob): string | null {
  if (sameGpus(day) || job.onGpus.length === 0) return null;
  const names = job.onGpus.map((k) => gpuModelName(day.gpus[k]?.model).replace(/,/g, ' '));
  if (names.some((n) => n === '')) return null;
  return [...new Set(names)].join(',');
}

/** A DNS-1123 label of at most 63 characters that `used` does not hold yet (a -2, -3, … suffix otherwise). */
function freshName(base: string, used: Set<string>): string {
  const cut = (s: string, n: number) => s.slice(0, n).replace(/-+$/, '');
  let name = cut(base, 63);
  for (let n = 2; used.has(name); n++) name = `${cut(base, 63 - `-${n}`.length)}-${n}`;
  used.add(name);
  return name;
}

/** Each job's Kubernetes name: the day's label, then the job's key (`w1-chat`), at most 63 characters, unique. */
function kubernetesNames(day: SchedulerDay): Map<string, string> {
  const used = new Set<string>();
  const out = new Map<string, string>();
  for (const w of day.steps) for (const j of w.jobs) out.set(j.key, freshName(`${day.label}-${j.key}`, used));
  return out;
}

/** Co-resident sets that would not fit one GPU under HAMi (its memory, or its task count). */
export function kubernetesFlags(day: SchedulerDay): string[] {
  const out: string[] = [];
  for (const w of day.steps) {
    const co = w.jobs.filter((j) => j.role === 'coresident');
    const mem = co.reduce((n, j) => n + hamiMemMiB(day, j), 0);
    const card = gpuMiB(day, w.gpus[0] ?? 0);
    if (mem > card) {
      out.push(
        `${windowTitle(day, w)}: its ${co.length} co-resident models ask for ${mem} MiB of nvidia.com/gpumem, ` +
          `the GPU has ${card} MiB: HAMi would not place them on one GPU together.`,
      );
    }
    if (co.length > HAMI_SPLIT_COUNT) {
      out.push(
        `${windowTitle(day, w)}: ${co.length} co-resident models, but HAMi puts at most ${HAMI_SPLIT_COUNT} ` +
          'tasks on a GPU by default (nvidia.deviceSplitCount): raise it, or some wait.',
      );
    }
    for (const j of co.filter((x) => x.vramGb === 0)) {
      out.push(`${j.name} declares 0 GB of VRAM but shares the GPU: it asks for 1 MiB of nvidia.com/gpumem.`);
    }
  }
  return out;
}

const labelsOf = (day: SchedulerDay, w: SchedulerWindow) =>
  `app.kubernetes.io/part-of: nvinx-planner\n    nvinx-planner/day: ${day.label}\n    nvinx-planner/window: "${w.index + 1}"`;

const windowsText = (ws: readonly number[]) => ws.map((i) => String(i + 1)).join(',');

function jobDoc(day: SchedulerDay, job: SchedulerJob, w: SchedulerWindow, name: string): string {
  const gpu = job.role !== 'cpu';
  const limits = [`cpu: "${job.cores}"`, `memory: ${job.memMiB}Mi`];
  if (gpu) {
    limits.push(`nvidia.com/gpu: ${hamiGpus(job)}`, `nvidia.com/gpumem: ${hamiMemMiB(day, job)}`);
    if (job.role === 'coresident') {
      limits.push(
        `# nvidia.com/gpucores: ${Math.max(1, Math.round(job.share * 100))}   # optional: cap its share of compute, percent`,
      );
    } else limits.push(`nvidia.com/gpucores: 100   # ${job.wholeGpus > 1 ? 'each GPU whole' : 'the whole GPU'}, alone`);
  }
  const type = hamiGpuType(day, job);
  const env = job.env.flatMap(([k, v]) => [`            - name: ${k}`, `              value: ${yamlStr(v)}`]);
  return [
    '---',
    ...commentLines(
      `${job.name} ${job.about}. ${plural(job.cores, 'CPU core')}; ${job.memMiB} MiB of RAM: ${job.memBasis}.`,
    ),
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    `  name: ${name}`,
    '  labels:',
    `    ${labelsOf(day, w)}`,
    '  annotations:',
    `    nvinx-planner/card: ${yamlStr(job.name)}`,
    `    nvinx-planner/window: ${yamlStr(w.name)}`,
    `    nvinx-planner/gpus: ${yamlStr(w.gpus.join(','))}   # the bench's GPUs it runs on, by index`,
    `    nvinx-planner/after: ${yamlStr(windowsText(w.after))}   # the windows it waits for`,
    'spec:',
    '  backoffLimit: 0   # a failed job is not retried: the windows after it on its GPUs wait for it to complete',
    '  template:',
    ...(type === null
      ? []
      : [
          '    metadata:',
          '      annotations:',
          `        nvidia.com/use-gputype: ${yamlStr(type)}   # HAMi: this GPU model`,
        ]),
    '    spec:',
    '      restartPolicy: Never',
    '      containers:',
    '        - name: job',
    `          image: ${gpu ? GPU_IMAGE : CPU_IMAGE}   # the image your command needs`,
    '          command: ["/bin/sh", "-c"]',
    '          args:',
    `            - ${yamlText(commandOf(job, w.name), 14)}`,
    '          env:',
    ...env,
    '          resources:',
    '            requests:',
    ...limits.slice(0, 2).map((l) => `              ${l}`),
    '            limits:',
    ...limits.map((l) => `              ${l}`),
  ].join('\n');
}

/**
 * Prefix of the runner's lines in the header: `sed -n 's/^#| //p' FILE | bash` runs it.
 * @internal the tests find the runner lines by it.
 */
export const RUNNER_PREFIX = '#| ';

/**
 * The runner: a shell script (as `#| ` comment lines) that starts every window in the background;
 * each waits until the windows it waits for have completed, applies its own Jobs, and waits for
 * them to complete (`kubectl wait`, timing out after twice its planned hours). A window whose
 * Jobs did not complete marks itself failed: the windows after it on its GPUs are never applied,
 * and the runner exits 1.
 */
function runnerLines(day: SchedulerDay, fileName: string): string[] {
  const timeout = (w: SchedulerWindow) => Math.max(1, Math.ceil(2 * w.hours.hi));
  const lines = [
    '#!/usr/bin/env bash',
    'set -u',
    `F=\${NVINX_FILE:-${shQuote(fileName)}}`,
    `DAY=${day.label}`,
    'M=$(mktemp -d)   # one mark per window: W.ok or W.failed',
    'POLL=${NVINX_POLL_SECONDS:-5}',
    '# window W HOURS [AFTER]...: once every AFTER window is done, apply window W and wait HOURS for it.',
    'window() {',
    '  local w=$1 hours=$2 a sel',
    '  shift 2',
    '  for a in "$@"; do',
    '    until [ -e "$M/$a.ok" ] || [ -e "$M/$a.failed" ]; do sleep "$POLL"; done',
    '    if [ ! -e "$M/$a.ok" ]; then',
    '      echo "window $w not applied: window $a did not complete" >&2',
    '      touch "$M/$w.failed"',
    '      return 1',
    '    fi',
    '  done',
    '  sel="nvinx-planner/day=$DAY,nvinx-planner/window=$w"',
    '  if kubectl apply -f "$F" -l "$sel" && kubectl wait --for=condition=complete job -l "$sel" --timeout="${hours}h"; then',
    '    touch "$M/$w.ok"',
    '  else',
    '    echo "window $w did not complete" >&2',
    '    touch "$M/$w.failed"',
    '    return 1',
    '  fi',
    '}',
    'pids=()',
  ];
  for (const w of day.steps) {
    const args = [w.index + 1, timeout(w), ...w.after.map((i) => i + 1)].join(' ');
    const on = day.gpus.length > 1 ? ` (${gpusText(w.gpus)})` : '';
    const waits = w.after.length === 0 ? '' : `, after window ${w.after.map((i) => i + 1).join(' and ')}`;
    lines.push(`window ${args} & pids+=($!)   # “${commentText(w.name)}”${on}${waits}`);
  }
  lines.push(
    'status=0',
    'for p in "${pids[@]}"; do wait "$p" || status=1; done',
    'rm -rf "$M"',
    'if [ "$status" = 0 ]; then echo "the day is done"; else echo "the day did not complete: see above" >&2; fi',
    'exit "$status"',
  );
  return lines.map((l) => `${RUNNER_PREFIX}${l}`);
}

export function writeKubernetes(day: SchedulerDay, flags: readonly string[], fileName: string): string {
  const jobs = day.steps.flatMap((w) => w.jobs);
  const names = kubernetesNames(day);
  const several = day.gpus.length > 1;
  const out: string[] = [
    `# ${day.title} on Kubernetes with HAMi, written by nvinx planner from the planned day:`,
    `# ${day.steps.length} of ${day.windows.length} windows run, ${plural(jobs.length, 'batch/v1 Job')}` +
      (several ? `, each GPU's windows one after another, ${day.gpus.length} GPUs side by side.` : '.'),
    `# Every Job is named and labelled with the day, nvinx-planner/day=${day.label} (its name and a hash of the`,
    '# bench): two days, or two versions of one, share a namespace without a clash.',
    '#',
    ...commentLines(`What it promises: ${KUBERNETES_PROMISE}`),
    '#',
    `# Run the day: sed -n 's/^#| //p' ${fileName} | bash`,
    '# The runner below applies each window’s Jobs (kubectl applies only the objects that match -l) once the',
    '# window before it on each of its GPUs has completed; a wait times out after twice that window’s planned hours.',
  ];
  if (jobs.length > 0) out.push(...runnerLines(day, fileName));
  out.push(
    '#',
    several
      ? `# The cluster it assumes: HAMi installed (its scheduler and device plugin), a node with the bench's ${day.gpus.length} GPUs.`
      : `# The cluster it assumes: HAMi installed (its scheduler and device plugin), GPUs of at least ${formatRepr(day.hardware.vram_gb)} GB.`,
    `# nvidia.com/gpumem is in MiB per GPU: a co-resident model asks its vram_gb × 1024, rounded up; a GPU-holding job its GPU's all.`,
    '# Without HAMi: the NVIDIA device plugin’s time-slicing (sharing.timeSlicing.resources:',
    '# [{name: nvidia.com/gpu, replicas: N}]) lets N pods share each GPU, every pod asking nvidia.com/gpu: 1;',
    '# drop the nvidia.com/gpumem and nvidia.com/gpucores lines then. Nothing limits a pod’s VRAM there.',
  );
  if (several) {
    out.push(
      '#',
      ...commentLines(
        sameGpus(day)
          ? 'Several GPUs: HAMi chooses which GPU a Job gets (a Job cannot ask for a GPU by index). The chains ' +
              'keep the plan anyway: each GPU’s windows wait for that GPU’s window before, so no more windows run ' +
              'at once than the bench has GPUs, and the GPUs are alike. What can differ: HAMi may put two ' +
              'co-resident windows’ models on one GPU when their gpumem fits it. To pin a window to one device, ' +
              'add HAMi’s nvidia.com/use-gpuuuid annotation with that GPU’s UUID.'
          : 'Several GPUs, unlike: each Job names its GPU’s model in HAMi’s nvidia.com/use-gputype, so it runs on ' +
              'a GPU of the kind the plan put it on. What cannot be said: a split over unlike GPUs lists both ' +
              'models, and HAMi does not insist on one of each; a GPU without a model name gets no annotation. ' +
              'To pin a Job to one device, use nvidia.com/use-gpuuuid with that GPU’s UUID.',
      ),
    );
  }
  out.push(...flagAndNoteLines(day, flags));
  for (const w of day.steps) {
    const waits = w.after.length === 0 ? '' : `, after window ${w.after.map((i) => i + 1).join(' and ')}`;
    out.push('', `# ${windowTitle(day, w)}: label nvinx-planner/window=${w.index + 1}${waits}.`);
    for (const j of w.jobs) out.push(jobDoc(day, j, w, names.get(j.key)!));
  }
  return `${out.join('\n')}\n`;
}
