/**
 * SkyPilot: a managed-jobs pipeline, one task YAML per window of the planned day (documents
 * after the pipeline's `name`), which SkyPilot runs one after another. Each task asks for a
 * node with the GPUs its window holds (one; a split all of them: `RTX3090:2`) — the bench's GPU
 * model when it has one SkyPilot knows, else the smallest cloud GPUs with its VRAM — the
 * window's CPU cores (`cpus`) and RAM (`memory`), and runs the window's jobs on it together, as
 * the bench does. A pipeline is one line: on several GPUs, windows the plan runs side by side
 * run one after another, and the header says how much longer the day is.
 */
import { formatRepr } from '../../core/pyformat';
import { formatHours } from '../../core/timing';
import { plural } from '../../core/words';
import type { BenchGpu } from '../../core/types';
import {
  commandOf,
  commentLines,
  flagAndNoteLines,
  gpuModelName,
  gpusText,
  shQuote,
  slug,
  windowTitle,
  yamlText,
  type SchedulerDay,
  type SchedulerJob,
  type SchedulerWindow,
} from './jobs';

/** Cloud GPUs by SkyPilot's accelerator names, with their memory in GB, smallest first. */
const SKY_GPUS: readonly (readonly [string, number])[] = [
  ['T4', 16],
  ['L4', 24],
  ['A10G', 24],
  ['A100', 40],
  ['L40S', 48],
  ['A100-80GB', 80],
  ['H100', 80],
  ['H200', 141],
];

/** GPUs SkyPilot names on the clouds that rent them (RunPod, Lambda, Kubernetes): matched by a bench's model name, never offered as a stand-in. */
const SKY_NAMED_GPUS: readonly (readonly [string, number])[] = [
  ['RTX3090', 24],
  ['RTX4090', 24],
  ['RTXA4000', 16],
  ['RTXA5000', 24],
  ['RTXA6000', 48],
];

export const SKYPILOT_PROMISE =
  'Each window runs on its own node with the whole GPUs it holds (one; a split all of its GPUs): the bench’s ' +
  'GPU model when SkyPilot knows it, else the smallest cloud GPUs with at least its VRAM, SkyPilot picks the ' +
  'cheapest. The window’s jobs share the GPU as they share the bench’s card, and nothing fences their memory ' +
  'from each other. The pipeline runs the windows one after another, each once the one before has succeeded.';

/** SkyPilot's name for a GPU model ("NVIDIA GeForce RTX 3090 24 GB" → RTX3090), when it knows it. */
function skyName(model: string | undefined): readonly [string, number] | undefined {
  const up = gpuModelName(model).toUpperCase();
  const tokens = up.split(/[\s,/()]+/);
  const squashed = up.replace(/GEFORCE|[\s_-]/g, '');
  return (
    SKY_GPUS.find(([n]) => tokens.includes(n.toUpperCase())) ??
    SKY_NAMED_GPUS.find(([n]) => squashed === n || tokens.includes(n))
  );
}

/**
 * The accelerators a task on these GPUs asks for: the GPUs' model when SkyPilot knows it (all
 * alike), else the smallest cloud GPUs with at least the largest GPU's VRAM.
 */
function skyAccelerators(
  day: Pick<SchedulerDay, 'hardware'>,
  gpus?: readonly BenchGpu[],
): { names: string[]; flag: string | null } {
  const on = gpus ?? [
    { vram_gb: day.hardware.vram_gb, ...(day.hardware.model === undefined ? {} : { model: day.hardware.model }) },
  ];
  const need = Math.max(...on.map((g) => g.vram_gb));
  const known = on.map((g) => skyName(g.model));
  const named = known[0];
  if (named !== undefined && known.every((k) => k === named) && named[1] >= need)
    return { names: [named[0]], flag: null };
  const fit = SKY_GPUS.filter(([, m]) => m >= need).slice(0, 3);
  if (fit.length > 0) return { names: fit.map(([n]) => n), flag: null };
  const [big, mem] = SKY_GPUS[SKY_GPUS.length - 1]!;
  return {
    names: [big],
    flag:
      `No cloud GPU here has the bench’s ${formatRepr(need)} GB of VRAM (the largest, ${big}, has ${mem} GB): ` +
      'the co-resident sets and GPU jobs planned for the bench would not fit one GPU.',
  };
}

/** The bench's GPUs a window holds. */
const windowGpuList = (day: SchedulerDay, w: SchedulerWindow): BenchGpu[] =>
  w.gpus.map((k) => day.gpus[k] ?? day.gpus[0]!);

export function skypilotFlags(day: SchedulerDay): string[] {
  const out = new Set<string>();
  for (const w of day.steps) {
    if (!w.jobs.some((j) => j.role !== 'cpu')) continue;
    const { flag } = skyAccelerators(day, windowGpuList(day, w));
    if (flag !== null) out.add(flag);
  }
  return [...out];
}

/** The window's jobs run together on the node; the task fails when any of them fails. */
function runScript(day: SchedulerDay, w: SchedulerWindow): string {
  const lines = [...commentLines(`${windowTitle(day, w)}: its jobs run together on this node.`), 'pids=""'];
  for (const j of w.jobs) {
    lines.push(
      ...commentLines(`${j.name} ${j.about}.`),
      '(',
      ...j.env.map(([k, v]) => `export ${k}=${shQuote(v)}`),
      commandOf(j, w.name),
      ') &',
      'pids="$pids $!"',
    );
  }
  lines.push('status=0', 'for pid in $pids; do wait "$pid" || status=1; done', 'exit "$status"');
  return lines.join('\n');
}

const sum = (jobs: readonly SchedulerJob[], f: (j: SchedulerJob) => number) => jobs.reduce((n, j) => n + f(j), 0);

function taskDoc(day: SchedulerDay, w: SchedulerWindow, step: number): string {
  const gpu = w.jobs.some((j) => j.role !== 'cpu');
  const accelerators = skyAccelerators(day, windowGpuList(day, w)).names;
  const n = w.gpus.length;
  const acc =
    accelerators.length === 1 ? `${accelerators[0]}:${n}` : `{${accelerators.map((a) => `${a}:${n}`).join(', ')}}`;
  const cores = sum(w.jobs, (j) => j.cores);
  const memGb = Math.ceil(sum(w.jobs, (j) => j.memMiB) / 1024);
  return [
    '---',
    `# ${windowTitle(day, w)}: ${plural(w.jobs.length, 'job')} on one node${day.gpus.length > 1 ? ` with ${plural(n, 'GPU')}` : ''}.`,
    `name: w${step}-${slug(w.name)}`,
    'resources:',
    ...(gpu ? [`  accelerators: ${acc}`] : []),
    `  cpus: ${cores}+   # the window's jobs' cores together`,
    `  memory: ${memGb}+   # GB: their RAM together`,
    `run: ${yamlText(runScript(day, w), 2)}`,
  ].join('\n');
}

/**
 * On several GPUs: how the pipeline differs from the plan (windows in turn, not side by side),
 * and a split over unlike GPUs it cannot ask for; said in the file's notes and beside the preview.
 */
export function skypilotNotes(day: SchedulerDay): string[] {
  if (day.gpus.length === 1 || day.steps.length === 0) return [];
  const planned = Math.max(0, ...day.steps.map((w) => w.jobs.reduce((t, j) => Math.max(t, j.end), 0)));
  const inTurn = day.steps.reduce((t, w) => t + w.hours.lo, 0);
  const mixed = day.steps.filter(
    (w) => w.gpus.length > 1 && new Set(w.gpus.map((k) => gpuModelName(day.gpus[k]?.model))).size > 1,
  );
  const text =
    'Several GPUs: a SkyPilot pipeline is one line of tasks, so the windows the plan runs side by side on ' +
    `different GPUs run one after another here, each on a node with the GPUs it holds: the day takes about ` +
    `${formatHours(inTurn)} h instead of the planned ${formatHours(planned)} h. To keep them side by side, launch ` +
    'each GPU’s windows as a pipeline of their own (a split needs its GPUs’ pipelines to have reached it).' +
    (mixed.length === 0
      ? ''
      : ` A node cannot mix GPU models in one request: ${mixed.map((w) => `window ${w.index + 1} (${gpusText(w.gpus)})`).join(', ')} ` +
        'asks for GPUs of one kind with the largest one’s VRAM instead.');
  return [text];
}

export function writeSkypilot(day: SchedulerDay, flags: readonly string[], fileName: string): string {
  const out: string[] = [
    `# ${day.title} on SkyPilot, written by nvinx planner from the planned day: a managed-jobs`,
    `# pipeline of ${plural(day.steps.length, 'task')} (one per window that runs; ${day.windows.length} windows planned).`,
    `# Run it: sky jobs launch ${fileName}`,
    '#',
    ...commentLines(`What it promises: ${SKYPILOT_PROMISE}`),
  ];
  out.push(
    ...flagAndNoteLines(
      day,
      flags,
      day.steps.length === 0 ? ['The planned day has no job: there is no task to launch.'] : skypilotNotes(day),
    ),
  );
  if (day.steps.length > 0) {
    out.push(`name: ${day.label}`);
    day.steps.forEach((w, k) => out.push(taskDoc(day, w, k + 1)));
  }
  return `${out.join('\n')}\n`;
}
