/**
 * SkyPilot: a managed-jobs pipeline, one task YAML per window of the planned day (documents
 * after the pipeline's `name`), which SkyPilot runs one after another. Each task asks for a
 * node with one GPU of at least the bench's VRAM (`resources.accelerators`), the window's CPU
 * cores (`cpus`) and RAM (`memory`), and runs the window's jobs on it together, as the bench does.
 */
import { formatRepr } from '../../core/pyformat';
import { plural } from '../../core/words';
import {
  commandOf,
  commentLines,
  commentText,
  flagAndNoteLines,
  shQuote,
  slug,
  windowTitle,
  yamlText,
  type SchedulerDay,
  type SchedulerJob,
  type SchedulerWindow,
} from './jobs';

/** Cloud GPUs by SkyPilot's accelerator names, with their memory in GB, smallest first. */
export const SKY_GPUS: readonly (readonly [string, number])[] = [
  ['T4', 16],
  ['L4', 24],
  ['A10G', 24],
  ['A100', 40],
  ['L40S', 48],
  ['A100-80GB', 80],
  ['H100', 80],
  ['H200', 141],
];

export const SKYPILOT_PROMISE =
  'Each window runs on its own node with one whole GPU (the smallest cloud GPUs with at least the bench’s ' +
  'VRAM, SkyPilot picks the cheapest); the window’s jobs share it as they share the bench’s card, and nothing ' +
  'fences their memory from each other. The pipeline runs the windows one after another, each once the one ' +
  'before has succeeded.';

/** The accelerators the tasks ask for: the bench's GPU model when SkyPilot knows it, else the smallest that fit. */
export function skyAccelerators(day: SchedulerDay): { names: string[]; flag: string | null } {
  const need = day.hardware.vram_gb;
  const tokens = (day.hardware.model ?? '').toUpperCase().split(/[\s,/()]+/);
  const named = SKY_GPUS.find(([n]) => tokens.includes(n.toUpperCase()));
  if (named !== undefined && named[1] >= need) return { names: [named[0]], flag: null };
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

export function skypilotFlags(day: SchedulerDay): string[] {
  const { flag } = skyAccelerators(day);
  return flag === null || !day.steps.some((w) => w.jobs.some((j) => j.role !== 'cpu')) ? [] : [flag];
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

function taskDoc(day: SchedulerDay, w: SchedulerWindow, step: number, accelerators: readonly string[]): string {
  const gpu = w.jobs.some((j) => j.role !== 'cpu');
  const acc = accelerators.length === 1 ? `${accelerators[0]}:1` : `{${accelerators.map((a) => `${a}:1`).join(', ')}}`;
  const cores = sum(w.jobs, (j) => j.cores);
  const memGb = Math.ceil(sum(w.jobs, (j) => j.memMiB) / 1024);
  return [
    '---',
    `# ${windowTitle(day, w)}: ${plural(w.jobs.length, 'job')} on one node.`,
    `name: w${step}-${slug(w.name)}`,
    'resources:',
    ...(gpu ? [`  accelerators: ${acc}`] : []),
    `  cpus: ${cores}+   # the window's jobs' cores together`,
    `  memory: ${memGb}+   # GB: their RAM together`,
    `run: ${yamlText(runScript(day, w), 2)}`,
  ].join('\n');
}

export function writeSkypilot(day: SchedulerDay, flags: readonly string[], fileName: string): string {
  const { names } = skyAccelerators(day);
  const out: string[] = [
    `# “${commentText(day.benchName)}” on SkyPilot, written by nvinx planner from the planned day: a managed-jobs`,
    `# pipeline of ${plural(day.steps.length, 'task')} (one per window that runs; ${day.windows.length} windows planned).`,
    `# Run it: sky jobs launch ${fileName}`,
    '#',
    ...commentLines(`What it promises: ${SKYPILOT_PROMISE}`),
  ];
  out.push(
    ...flagAndNoteLines(
      day,
      flags,
      day.steps.length === 0 ? ['The planned day has no job: there is no task to launch.'] : [],
    ),
  );
  if (day.steps.length > 0) {
    out.push(`name: ${slug(day.benchName, 63)}`);
    day.steps.forEach((w, k) => out.push(taskDoc(day, w, k + 1, names)));
  }
  return `${out.join('\n')}\n`;
}
