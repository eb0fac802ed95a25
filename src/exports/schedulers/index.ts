/**
 * The planned day for a cluster: Slurm, Kubernetes (HAMi), Ray and SkyPilot. Each writer takes
 * the same jobs (`jobs.ts`), checks them against its target's GPU slices before writing (the
 * flags), and says what the export promises. Used by the Export dialog and the CLI's `--to`.
 */
import { planBench, type BenchPlan } from '../../core/day';
import type { Bench } from '../../core/types';
import { fileStem } from '../case-study';
import { dayNotes, schedulerDay } from './jobs';
import { KUBERNETES_PROMISE, kubernetesFlags, writeKubernetes } from './kubernetes';
import { RAY_PROMISE, rayFlags, writeRay } from './ray';
import { SKYPILOT_PROMISE, skypilotFlags, skypilotNotes, writeSkypilot } from './skypilot';
import { SLURM_PROMISE, slurmFlags, writeSlurm } from './slurm';

export const SCHEDULER_TARGETS = ['slurm', 'kubernetes', 'ray', 'skypilot'] as const;
export type SchedulerTarget = (typeof SCHEDULER_TARGETS)[number];

export const isSchedulerTarget = (s: string): s is SchedulerTarget =>
  (SCHEDULER_TARGETS as readonly string[]).includes(s);

export interface SchedulerInfo {
  readonly label: string;
  /** One line: what the file is. */
  readonly about: string;
  /** What the export promises (isolation, order), written beside it. */
  readonly promise: string;
  readonly mime: string;
}

export const SCHEDULERS: Readonly<Record<SchedulerTarget, SchedulerInfo>> = {
  slurm: {
    label: 'Slurm',
    about:
      'submit_day.sh: sbatch --parsable per job, whole GPUs (a split all of its GPUs), shards or MPS; each GPU’s ' +
      'windows chained with afterok; checks the node first and cancels what it submitted if an sbatch fails.',
    promise: SLURM_PROMISE,
    mime: 'text/x-shellscript',
  },
  kubernetes: {
    label: 'Kubernetes (HAMi)',
    about:
      'batch/v1 Jobs with HAMi’s nvidia.com/gpu, gpumem and gpucores, named and labelled by the day; a runner ' +
      'applies each window after the window before it on its GPUs.',
    promise: KUBERNETES_PROMISE,
    mime: 'application/yaml',
  },
  ray: {
    label: 'Ray',
    about:
      'A Python driver: a @ray.remote task per job, GPUs as planned (fractions from VRAM), each window started ' +
      'after the window before it on its GPUs.',
    promise: RAY_PROMISE,
    mime: 'text/x-python',
  },
  skypilot: {
    label: 'SkyPilot',
    about: 'A managed-jobs pipeline: a task YAML per window (its GPUs as accelerators, cpus, memory), run in order.',
    promise: SKYPILOT_PROMISE,
    mime: 'application/yaml',
  },
};

export interface SchedulerExport {
  readonly target: SchedulerTarget;
  readonly fileName: string;
  readonly text: string;
  /** Co-resident sets (or GPU jobs) that would not fit the target's slices: found before export. */
  readonly flags: readonly string[];
  /** Windows and cards that do not run, and jobs still without a command. */
  readonly notes: readonly string[];
  readonly jobs: number;
}

function schedulerFileName(target: SchedulerTarget, benchName: string | undefined): string {
  const stem = fileStem(benchName);
  switch (target) {
    case 'slurm':
      return 'submit_day.sh';
    case 'kubernetes':
      return `${stem}.k8s.yaml`;
    case 'ray':
      return `${stem}_ray.py`;
    case 'skypilot':
      return `${stem}.sky.yaml`;
  }
}

/** Write the planned day for one scheduler. `plan` must be `planBench(bench)`. */
export function writeScheduler(
  target: SchedulerTarget,
  bench: Bench,
  plan: BenchPlan = planBench(bench),
): SchedulerExport {
  const day = schedulerDay(bench, plan);
  const fileName = schedulerFileName(target, bench.name);
  const base = { target, fileName, notes: dayNotes(day), jobs: day.steps.reduce((n, w) => n + w.jobs.length, 0) };
  switch (target) {
    case 'slurm': {
      const flags = slurmFlags(day);
      return { ...base, flags, text: writeSlurm(day, flags) };
    }
    case 'kubernetes': {
      const flags = kubernetesFlags(day);
      return { ...base, flags, text: writeKubernetes(day, flags, fileName) };
    }
    case 'ray': {
      const flags = rayFlags(day);
      return { ...base, flags, text: writeRay(day, flags, fileName) };
    }
    case 'skypilot': {
      const flags = skypilotFlags(day);
      return {
        ...base,
        notes: [...base.notes, ...skypilotNotes(day)],
        flags,
        text: writeSkypilot(day, flags, fileName),
      };
    }
  }
}
