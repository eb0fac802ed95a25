/**
 * Ray: one Python driver with a `@ray.remote(num_gpus=…, num_cpus=…, memory=…)` task per job
 * of the planned day. A GPU-holding job asks for the GPUs it holds (a split: all of them); a
 * co-resident model for its share of its GPU's VRAM (rounded up to Ray's precision, 0.0001); a
 * CPU job for none. Each window's tasks take the tasks of the window before it on each of its
 * GPUs as arguments, so Ray starts them when those have finished: GPUs run side by side.
 */
import { plural } from '../../core/words';
import { pyStr } from '../../core/pyformat';
import {
  ceilFraction,
  commandOf,
  commentLines,
  dayNotes,
  gpusText,
  sameGpus,
  windowTitle,
  type SchedulerDay,
  type SchedulerJob,
} from './jobs';

export const RAY_PROMISE =
  'Ray’s num_gpus fractions are bookkeeping, not a limit: Ray places tasks by them but does not stop a task ' +
  'from using more GPU memory (“It is the user’s responsibility to make sure that the individual tasks don’t ' +
  'use more than their share”). Each co-resident task gets its share in NVINX_GPU_FRACTION, for its command ' +
  'to cap itself (for example torch.cuda.set_per_process_memory_fraction). A GPU-holding task asks for the ' +
  'GPUs it holds (a split all of them). Each window’s tasks start once every task of the window before it ' +
  'on each of its GPUs has finished well; a failed task fails the windows after it on its GPUs.';

/**
 * The num_gpus a task asks for: the GPUs a GPU-holding job holds, the co-resident model's share, 0 on the CPU.
 * @internal exported for the unit conversion tests at the boundaries.
 */
export function rayGpus(job: SchedulerJob): number {
  if (job.role === 'cpu') return 0;
  if (job.role === 'coresident') return Math.max(0.0001, ceilFraction(job.share));
  return job.wholeGpus;
}

/** Co-resident sets whose fractions add up past one GPU (Ray would then run some after the others). */
export function rayFlags(day: SchedulerDay): string[] {
  const out: string[] = [];
  for (const w of day.steps) {
    const total = w.jobs.reduce((n, j) => n + rayGpus(j), 0);
    if (total > w.gpus.length + 1e-9) {
      out.push(
        `${windowTitle(day, w)}: its tasks ask for ${Number(total.toFixed(4))} GPUs in all (fractions round up ` +
          `to 0.0001): Ray would not run them on ${w.gpus.length === 1 ? 'one GPU' : `${w.gpus.length} GPUs`} together.`,
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
    `def ${fnOf(job)}(*after):  # after: the tasks it waits for (Ray runs it once they have finished)`,
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
    `${day.title} on Ray, written by nvinx planner from the planned day (${day.label}):`,
    `${day.steps.length} of ${day.windows.length} windows run, ${plural(jobs.length, 'task')}, ` +
      (day.gpus.length > 1
        ? `each GPU's windows one after another, ${day.gpus.length} GPUs side by side.`
        : 'one window after another.'),
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
  if (day.gpus.length > 1) {
    doc.push(
      '',
      ...commentLines(
        'Several GPUs: Ray chooses which GPU a task gets (a task cannot ask for a GPU by index) and sets ' +
          'CUDA_VISIBLE_DEVICES to it. The chains keep the plan: each GPU’s windows wait for that GPU’s window ' +
          'before, so no more windows run at once than the bench has GPUs. What can differ: Ray may pack two ' +
          'co-resident windows’ fractions onto one GPU when they fit it. ' +
          (sameGpus(day)
            ? 'The GPUs are alike, so any GPU stands for the one planned.'
            : 'The GPUs differ and Ray’s num_gpus does not say which kind: a task planned on the larger GPU may land ' +
              'on the smaller. To keep it, start the node with a custom resource per GPU kind (ray start ' +
              '--resources=\'{"gpu_kind_0": 1}\') and add resources={"gpu_kind_0": 1} to its tasks.'),
        '',
      ),
    );
  }
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
  out.push(
    '',
    '# The windows by number: name, tasks (started together), and the windows it waits for — the window',
    '# before it on each of its GPUs.',
    'WINDOWS = {',
  );
  for (const w of day.steps) {
    const on = day.gpus.length > 1 ? `  # ${gpusText(w.gpus)}` : '';
    out.push(
      `    ${w.index + 1}: (${pyStr(w.name)}, [${w.jobs.map(fnOf).join(', ')}], [${w.after.map((i) => i + 1).join(', ')}]),${on}`,
    );
  }
  out.push(
    '}',
    '',
    '',
    'def main():',
    '    ray.init()',
    '    refs = {}',
    '    for k, (name, tasks, after) in WINDOWS.items():',
    '        waits = [r for a in after for r in refs[a]]',
    '        print(f"window {k}: {name} ({len(tasks)} tasks, after windows {after or \'none\'})", flush=True)',
    '        refs[k] = [t.remote(*waits) for t in tasks]  # Ray starts them once every task in waits has finished',
    '    ray.get([r for rs in refs.values() for r in rs])',
    '    print("the day is done", flush=True)',
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
    '',
  );
  return out.join('\n');
}
