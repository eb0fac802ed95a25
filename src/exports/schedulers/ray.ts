/**
 * Ray: one Python driver with a `@ray.remote(num_gpus=…, num_cpus=…, memory=…)` task per job
 * of the planned day. A GPU-holding job asks for the whole GPU; a co-resident model for its
 * share of the card's VRAM (rounded up to Ray's precision, 0.0001); a CPU job for none. The
 * driver starts a window's tasks together and awaits them all before the next window.
 */
import { plural } from '../../core/words';
import {
  ceilFraction,
  commandOf,
  commentLines,
  commentText,
  dayNotes,
  pyStr,
  windowTitle,
  type SchedulerDay,
  type SchedulerJob,
} from './jobs';

export const RAY_PROMISE =
  'Ray’s num_gpus fractions are bookkeeping, not a limit: Ray places tasks by them but does not stop a task ' +
  'from using more GPU memory (“It is the user’s responsibility to make sure that the individual tasks don’t ' +
  'use more than their share”). Each co-resident task gets its share in NVINX_GPU_FRACTION, for its command ' +
  'to cap itself (for example torch.cuda.set_per_process_memory_fraction). The driver asks at most one GPU ' +
  'per window, and waits for every task of a window before it starts the next.';

/** The num_gpus a task asks for: 1 for a GPU-holding job, the co-resident model's share, 0 on the CPU. */
export function rayGpus(job: SchedulerJob): number {
  if (job.role === 'cpu') return 0;
  if (job.role === 'coresident') return Math.max(0.0001, ceilFraction(job.share));
  return 1;
}

/** Co-resident sets whose fractions add up past one GPU (Ray would then run some after the others). */
export function rayFlags(day: SchedulerDay): string[] {
  const out: string[] = [];
  for (const w of day.steps) {
    const total = w.jobs.reduce((n, j) => n + rayGpus(j), 0);
    if (total > 1 + 1e-9) {
      out.push(
        `${windowTitle(day, w)}: its tasks ask for ${Number(total.toFixed(4))} GPUs in all (fractions round up ` +
          'to 0.0001): Ray would not run them on one GPU together.',
      );
    }
    for (const j of w.jobs.filter((x) => x.role === 'coresident' && x.vramGb === 0)) {
      out.push(`${j.name} declares 0 GB of VRAM but shares the GPU: it asks for num_gpus=0.0001, the smallest.`);
    }
  }
  return out;
}

/** A Python string for a command: triple-quoted when it reads back the same, else a plain literal. */
function pyText(s: string): string {
  const ok =
    !s.includes('"""') &&
    !s.includes('\\') &&
    !s.endsWith('"') &&
    /^[\t\n\u0020-\u007e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufffd]*$/.test(s);
  return ok ? `"""\\\n${s}\n"""` : pyStr(s);
}

const fnOf = (job: SchedulerJob) => job.key.replace(/-/g, '_');
const num = (x: number) => (Number.isInteger(x) ? String(x) : String(Number(x.toFixed(4))));

function task(job: SchedulerJob, windowName: string): string[] {
  const env = job.env.map(([k, v]) => `        ${pyStr(k)}: ${pyStr(v)},`);
  return [
    '',
    ...commentLines(
      `${job.name} ${job.about}. ${plural(job.cores, 'CPU core')}; ${job.memMiB} MiB of RAM: ${job.memBasis}.`,
    ),
    `@ray.remote(num_gpus=${num(rayGpus(job))}, num_cpus=${job.cores}, memory=${job.memMiB} * MiB)`,
    `def ${fnOf(job)}():`,
    '    return _run(',
    `        ${pyStr(job.name)},`,
    `        ${pyText(commandOf(job, windowName))},`,
    '        {',
    ...env.map((l) => `    ${l}`),
    '        },',
    '    )',
    '',
  ];
}

export function writeRay(day: SchedulerDay, flags: readonly string[], fileName: string): string {
  const jobs = day.steps.flatMap((w) => w.jobs);
  const doc = [
    `“${commentText(day.benchName)}” on Ray, written by nvinx planner from the planned day:`,
    `${day.steps.length} of ${day.windows.length} windows run, ${plural(jobs.length, 'task')}, one window after another.`,
    '',
    ...commentLines(`What it promises: ${RAY_PROMISE}`, ''),
    '',
    ...commentLines(
      `Run it where Ray runs: python ${fileName} (ray.init() joins the cluster RAY_ADDRESS names, or starts ` +
        'one here). num_cpus and memory (bytes) are Ray’s logical resources; memory is the bench’s RAM per ' +
        'core × the task’s cores, or what it needs when more.',
      '',
    ),
  ];
  if (flags.length > 0)
    doc.push('', 'WARNING — does not fit the slices:', ...flags.flatMap((f) => commentLines(f, '  ')));
  const notes = dayNotes(day);
  if (notes.length > 0) doc.push('', 'Notes:', ...notes.flatMap((n) => commentLines(n, '  ')));
  const out: string[] = [
    '#!/usr/bin/env python3',
    `"""${doc.join('\n').replace(/\\/g, '/').replace(/"""/g, '“““')}\n"""`,
    'import os',
    'import subprocess',
    '',
    'import ray',
    '',
    'MiB = 1024 * 1024',
    '',
    '',
    'def _run(job, command, env):',
    '    """Run one job’s command in a shell with its environment; the task fails when the command does."""',
    '    done = subprocess.run(["/bin/sh", "-c", command], env={**os.environ, **env}, check=False)',
    '    if done.returncode != 0:',
    '        raise RuntimeError(f"{job} exited with status {done.returncode}")',
    '    return job',
    '',
  ];
  for (const w of day.steps) {
    out.push('', `# ${windowTitle(day, w)}`);
    for (const j of w.jobs) out.push(...task(j, w.name));
  }
  out.push('', '# The windows in order: each one’s tasks, started together.', 'WINDOWS = [');
  for (const w of day.steps) {
    out.push(`    (${pyStr(w.name)}, [${w.jobs.map(fnOf).join(', ')}]),`);
  }
  out.push(
    ']',
    '',
    '',
    'def main():',
    '    ray.init()',
    '    for k, (name, tasks) in enumerate(WINDOWS, 1):',
    '        print(f"window {k} of {len(WINDOWS)}: {name} ({len(tasks)} tasks)", flush=True)',
    '        ray.get([t.remote() for t in tasks])  # every task of the window, before the next window',
    '    print("the day is done", flush=True)',
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  );
  return out.join('\n');
}
