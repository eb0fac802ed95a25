/**
 * Kubernetes: a multi-document YAML of `batch/v1` Jobs, one per job of the planned day, with
 * HAMi's GPU resources (`nvidia.com/gpu: 1`, `nvidia.com/gpumem` in MiB, `nvidia.com/gpucores`)
 * and CPU and memory requests and limits. Jobs carry their window in a label; the header says
 * how to apply the windows one after another (Kubernetes itself has no order between Jobs).
 */
import { formatRepr } from '../../core/pyformat';
import { plural } from '../../core/words';
import {
  commandOf,
  commentLines,
  commentText,
  flagAndNoteLines,
  slug,
  toMiB,
  windowTitle,
  yamlStr,
  yamlText,
  type SchedulerDay,
  type SchedulerJob,
} from './jobs';

/** HAMi's default `deviceSplitCount`: at most this many tasks on one GPU. */
export const HAMI_SPLIT_COUNT = 10;

export const GPU_IMAGE = 'nvidia/cuda:12.4.1-base-ubuntu22.04';
export const CPU_IMAGE = 'python:3.12-slim';

export const KUBERNETES_PROMISE =
  'HAMi enforces each container’s nvidia.com/gpumem as a hard limit inside the container: a model that ' +
  'grows past its MiB gets an out-of-memory error, its neighbours do not. A GPU-holding job asks ' +
  'nvidia.com/gpucores: 100, which HAMi gives as the whole GPU, alone. Kubernetes has no order between ' +
  'Jobs: apply the windows one after another (the commands at the top of the file). Without HAMi, the ' +
  'NVIDIA device plugin’s time-slicing can share a GPU between pods, with “no memory or fault-isolation ' +
  'between replicas”.';

/** The nvidia.com/gpumem a job asks for, MiB: a GPU-holding job the whole card, a co-resident model its vram_gb. */
export function hamiMemMiB(day: SchedulerDay, job: SchedulerJob): number {
  return job.role === 'coresident' ? Math.max(1, toMiB(job.vramGb)) : day.cardMiB;
}

/** Co-resident sets that would not fit one GPU under HAMi (its memory, or its task count). */
export function kubernetesFlags(day: SchedulerDay): string[] {
  const out: string[] = [];
  for (const w of day.steps) {
    const co = w.jobs.filter((j) => j.role === 'coresident');
    const mem = co.reduce((n, j) => n + hamiMemMiB(day, j), 0);
    if (mem > day.cardMiB) {
      out.push(
        `${windowTitle(day, w)}: its ${co.length} co-resident models ask for ${mem} MiB of nvidia.com/gpumem, ` +
          `the card has ${day.cardMiB} MiB: HAMi would not place them on one GPU together.`,
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

const labelsOf = (daySlug: string, step: number) =>
  `app.kubernetes.io/part-of: nvinx-planner\n    nvinx-planner/day: ${daySlug}\n    nvinx-planner/window: "${step}"`;

function jobDoc(day: SchedulerDay, job: SchedulerJob, windowName: string, step: number, daySlug: string): string {
  const gpu = job.role !== 'cpu';
  const limits = [`cpu: "${job.cores}"`, `memory: ${job.memMiB}Mi`];
  if (gpu) {
    limits.push('nvidia.com/gpu: 1', `nvidia.com/gpumem: ${hamiMemMiB(day, job)}`);
    if (job.role === 'coresident') {
      limits.push(
        `# nvidia.com/gpucores: ${Math.max(1, Math.round(job.share * 100))}   # optional: cap its share of compute, percent`,
      );
    } else limits.push('nvidia.com/gpucores: 100   # the whole GPU, alone');
  }
  const env = job.env.flatMap(([k, v]) => [`            - name: ${k}`, `              value: ${yamlStr(v)}`]);
  return [
    '---',
    ...commentLines(
      `${job.name} ${job.about}. ${plural(job.cores, 'CPU core')}; ${job.memMiB} MiB of RAM: ${job.memBasis}.`,
    ),
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    `  name: ${job.key}`,
    '  labels:',
    `    ${labelsOf(daySlug, step)}`,
    '  annotations:',
    `    nvinx-planner/card: ${yamlStr(job.name)}`,
    `    nvinx-planner/window: ${yamlStr(windowName)}`,
    'spec:',
    '  backoffLimit: 0   # a failed job is not retried: the next window waits for this one to complete',
    '  template:',
    '    spec:',
    '      restartPolicy: Never',
    '      containers:',
    '        - name: job',
    `          image: ${gpu ? GPU_IMAGE : CPU_IMAGE}   # the image your command needs`,
    '          command: ["/bin/sh", "-c"]',
    '          args:',
    `            - ${yamlText(commandOf(job, windowName), 14)}`,
    '          env:',
    ...env,
    '          resources:',
    '            requests:',
    ...limits.slice(0, 2).map((l) => `              ${l}`),
    '            limits:',
    ...limits.map((l) => `              ${l}`),
  ].join('\n');
}

export function writeKubernetes(day: SchedulerDay, flags: readonly string[], fileName: string): string {
  const daySlug = slug(day.benchName, 63);
  const jobs = day.steps.flatMap((w) => w.jobs);
  const out: string[] = [
    `# “${commentText(day.benchName)}” on Kubernetes with HAMi, written by nvinx planner from the planned day:`,
    `# ${day.steps.length} of ${day.windows.length} windows run, ${plural(jobs.length, 'batch/v1 Job')}.`,
    '#',
    ...commentLines(`What it promises: ${KUBERNETES_PROMISE}`),
    '#',
    '# Run the day one window after another: apply a window’s Jobs (kubectl applies only the objects that',
    '# match -l), wait until they complete, then the next. The timeout is twice the window’s planned hours.',
  ];
  day.steps.forEach((w, k) => {
    const sel = `nvinx-planner/day=${daySlug},nvinx-planner/window=${k + 1}`;
    const hours = Math.max(1, Math.ceil(2 * w.hours.hi));
    out.push(
      `#   kubectl apply -f ${fileName} -l ${sel}`,
      `#   kubectl wait --for=condition=complete job -l ${sel} --timeout=${hours}h`,
    );
  });
  out.push(
    '#',
    `# The cluster it assumes: HAMi installed (its scheduler and device plugin), GPUs of at least ${formatRepr(day.hardware.vram_gb)} GB.`,
    `# nvidia.com/gpumem is in MiB: a co-resident model asks its vram_gb × 1024, rounded up; a GPU-holding job the card's ${day.cardMiB}.`,
    '# Without HAMi: the NVIDIA device plugin’s time-slicing (sharing.timeSlicing.resources:',
    '# [{name: nvidia.com/gpu, replicas: N}]) lets N pods share each GPU, every pod asking nvidia.com/gpu: 1;',
    '# drop the nvidia.com/gpumem and nvidia.com/gpucores lines then. Nothing limits a pod’s VRAM there.',
  );
  out.push(...flagAndNoteLines(day, flags));
  day.steps.forEach((w, k) => {
    out.push('', `# ${windowTitle(day, w)}: label nvinx-planner/window=${k + 1}.`);
    for (const j of w.jobs) out.push(jobDoc(day, j, w.name, k + 1, daySlug));
  });
  return `${out.join('\n')}\n`;
}
