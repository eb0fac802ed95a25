/**
 * The planned day as cluster jobs: what every scheduler export is written from. Each window
 * of the plan becomes a step of the day; each card the window runs becomes a job with the
 * resources the plan gives it (a whole GPU, a share of one, CPU cores, host RAM) and its
 * command. Pure: no DOM, no Node, no YAML library (the page runs these writers itself).
 */
import { formatRepr } from '../../core/pyformat';
import { planBench, type BenchPlan, type UnplacedCard } from '../../core/day';
import { plural } from '../../core/words';
import { formatHours, timeDay, type Span } from '../../core/timing';
import type { Bench, BenchGpu, Hardware, ModelCard, WindowPattern } from '../../core/types';
import { gpusOf, windowGpus } from '../../core/bench-gpus';
import { grantedMaxMemory } from '../../core/split';

/**
 * How a job uses the GPU: `exclusive` holds it alone (a serial_handoff GPU job), `coresident`
 * shares it with the window's other co-resident models, `overflow` holds it with layers spilled
 * to RAM (ram_overflow), `cpu` never touches it.
 */
type JobRole = 'exclusive' | 'coresident' | 'overflow' | 'cpu';

export interface SchedulerJob {
  /** Unique in the day and safe everywhere (a DNS label, a shell word, a Python name after `-`→`_`). */
  readonly key: string;
  /** The card's name, exactly as written. */
  readonly name: string;
  readonly card: ModelCard;
  readonly role: JobRole;
  /** VRAM it takes, GB: the card's vram_gb; for `overflow` the part max_memory keeps on the GPU; 0 on the CPU. */
  readonly vramGb: number;
  /** Its share of its GPU's VRAM (0–1); 1 for a job that holds its GPUs, 0 on the CPU. */
  readonly share: number;
  /** The bench's GPUs it runs on, by index: its window's GPU (a split: all of them); none on the CPU. */
  readonly onGpus: readonly number[];
  /** Whole GPUs it holds: 1 (exclusive, overflow), the split's count, 0 for a co-resident share or the CPU. */
  readonly wholeGpus: number;
  /** When the planned day runs it, hours from the day's start (the timing's lower end). */
  readonly start: number;
  readonly end: number;
  /** CPU cores it holds. */
  readonly cores: number;
  /** Host RAM it is given, MiB, and why that much. */
  readonly memMiB: number;
  readonly memBasis: string;
  /** The card's command; null when it has none (the writers put a marked placeholder). */
  readonly command: string | null;
  /** Environment for the command, in order (the overflow hint travels here). */
  readonly env: readonly (readonly [string, string])[];
  /** One line: what the plan does with it. */
  readonly about: string;
}

export interface SchedulerWindow {
  /** Position in the day, from 0. */
  readonly index: number;
  readonly name: string;
  readonly pattern: WindowPattern;
  /** The GPUs it holds, by index (a multi_gpu_split: all of its GPUs). */
  readonly gpus: readonly number[];
  /**
   * The windows (by `index`) it waits for: on each of its GPUs, the last window before it on
   * that GPU that runs a job. Each GPU's windows form a chain; a split joins its GPUs' chains.
   */
  readonly after: readonly number[];
  /** The jobs that run in it (none when it refused). */
  readonly jobs: readonly SchedulerJob[];
  /** Why nothing runs in it (a refusal), or null. */
  readonly refused: string | null;
  /** Cards it names that do not run, with why. */
  readonly notRun: readonly { readonly name: string; readonly reason: string }[];
  /** Its headroom (co-residency and overflow windows). */
  readonly headroomGb: number | null;
  /** Its planned hours (a range when it spills to RAM; 0 when it refused). */
  readonly hours: Span;
}

export interface SchedulerDay {
  /** The bench's name ('' when it has none). */
  readonly benchName: string;
  /** “Its name” in quotes, or "an unnamed bench (<label>)": for the files' first lines. */
  readonly title: string;
  /**
   * Who the day is, for names and labels: the bench's name as a DNS label plus a short stable
   * hash of the whole bench (`benchHash`), so two days (or an edited day) never share names.
   */
  readonly label: string;
  readonly hash: string;
  readonly hardware: Hardware;
  /** Every GPU of the bench, GPU 0 first. */
  readonly gpus: readonly BenchGpu[];
  /** GPU 0's VRAM in MiB. */
  readonly cardMiB: number;
  readonly windows: readonly SchedulerWindow[];
  /** Windows that run at least one job, in order. */
  readonly steps: readonly SchedulerWindow[];
  readonly unplaced: readonly UnplacedCard[];
  /** Jobs without a command (placeholders), by key. */
  readonly placeholders: readonly string[];
}

const MiB_PER_GB = 1024;

/** `Math.ceil` that ignores float noise (1.2 / 4 × 100 is 30.000000000000004, which is 30). */
function ceilUnits(x: number): number {
  return Math.ceil(Number(x.toFixed(6)));
}

export const toMiB = (gb: number): number => ceilUnits(gb * MiB_PER_GB);

/** GPU k's VRAM in MiB. */
export const gpuMiB = (day: SchedulerDay, k: number): number => toMiB(day.gpus[k]?.vram_gb ?? day.hardware.vram_gb);

/**
 * A GPU's model name as schedulers know it: without a leading “NVIDIA”, a trailing memory size
 * or a parenthesis (the catalog's “GeForce RTX 3090 24 GB” is “GeForce RTX 3090”, the device
 * name's tail); '' without a model.
 */
export function gpuModelName(model: string | undefined): string {
  return (model ?? '')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\b\d+(\.\d+)?\s*GB\b/gi, ' ')
    .replace(/^\s*NVIDIA\b/i, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether the bench's GPUs are all alike (same VRAM and model name): then any GPU stands for any other. */
export function sameGpus(day: Pick<SchedulerDay, 'gpus'>): boolean {
  const [a] = day.gpus;
  return day.gpus.every((g) => g.vram_gb === a!.vram_gb && (g.model ?? '') === (a!.model ?? ''));
}

/** The bench as text with its keys sorted, for a hash that does not depend on the order fields were set in. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/**
 * A short stable hash of the whole bench (32-bit FNV-1a of its canonical text, 8 hex digits):
 * the same bench gives the same hash wherever it was read; any edit (a card, a window, the
 * name) gives another, with a 1 in 4 billion chance of a collision.
 */
function benchHash(bench: Bench): string {
  const text = canonical(bench);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** The day's label: its name as a DNS label (at most 40 characters; "bench" without one), a dash, its hash. */
function dayLabel(bench: Bench): string {
  return `${slug(bench.name ?? '', 40, 'bench')}-${benchHash(bench)}`;
}

/** A DNS-1123 label from a name: lower case, [a-z0-9-], no dashes at the ends. */
export function slug(text: string, max = 40, empty = 'job'): string {
  const s = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '');
  return s === '' ? empty : s;
}

/** Text for one comment line: line breaks and other control characters become spaces. */
export function commentText(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it removes
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g, ' ');
}

/** A POSIX shell word that stands for `s` exactly. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The command text as run: CRLF to LF, control characters other than tab and newline dropped. */
function cleanCommand(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what it removes
  return s.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/** A job without a command: a marked placeholder that says so and fails (so the next window never starts on it). */
function placeholderCommand(job: Pick<SchedulerJob, 'name' | 'role' | 'env'>, windowName: string): string {
  const has = (k: string) => job.env.some(([key]) => key === k);
  const hint = has('NVINX_TENSOR_SPLIT')
    ? ' It gets the split hint in NVINX_DEVICE_MAP, NVINX_MAX_MEMORY (JSON, one key per GPU and cpu) and NVINX_TENSOR_SPLIT.'
    : has('NVINX_MAX_MEMORY')
      ? ' It gets the max_memory hint in NVINX_MAX_MEMORY (JSON), NVINX_MAX_MEMORY_GPU and NVINX_MAX_MEMORY_CPU.'
      : '';
  const say = `nvinx planner: no command for ${job.name} (window ${windowName}): give its card a Command, or edit this job.${hint}`;
  return [
    `# PLACEHOLDER (nvinx planner): ${commentText(job.name)} has no command yet: replace the two lines below with it.`,
    `echo ${shQuote(commentText(say))} >&2`,
    'exit 1',
  ].join('\n');
}

/** The command a job runs: the card's, or the placeholder. */
export function commandOf(job: SchedulerJob, windowName: string): string {
  return job.command ?? placeholderCommand(job, windowName);
}

/** A size in the scripts' comments, read by people: two decimals at most (1.51, not nvinx's 1.5100000000000016). */
const gb = (x: number) => `${formatHours(x)} GB`;

function ramShareGb(hw: Hardware, cores: number): number {
  return (hw.ram_gb / hw.cpu_cores) * cores;
}

class Keys {
  private readonly used = new Set<string>();
  take(base: string): string {
    let k = base;
    for (let n = 2; this.used.has(k); n++) k = `${base}-${n}`;
    this.used.add(k);
    return k;
  }
}

interface JobSpec {
  card: ModelCard;
  role: JobRole;
  vramGb: number;
  /** RAM the job needs beyond its per-core share, GB, and what that is. */
  need: { gb: number; what: string } | null;
  env?: (readonly [string, string])[];
  about: string;
}

interface WindowPlace {
  readonly index: number;
  readonly name: string;
  /** The GPUs the window holds, by index. */
  readonly gpus: readonly number[];
}

/** When the planned day runs a job (hours from the start, lower ends). */
interface JobTime {
  readonly start: number;
  readonly end: number;
}

function makeJob(spec: JobSpec, w: WindowPlace, hw: Hardware, keys: Keys, time: JobTime): SchedulerJob {
  const { card, role } = spec;
  const cores = role === 'cpu' ? Math.min(card.cores ?? 1, hw.cpu_cores) : 1;
  const shareGb = ramShareGb(hw, cores);
  const useNeed = spec.need !== null && spec.need.gb > shareGb;
  const memGb = useNeed ? spec.need!.gb : shareGb;
  const perCore = `the bench's RAM per core (${gb(hw.ram_gb)} / ${plural(hw.cpu_cores, 'core')}) × ${plural(cores, 'core')}`;
  const memBasis = useNeed ? `${spec.need!.what} (${gb(spec.need!.gb)}), more than ${perCore}` : perCore;
  const gpuVram = gpusOf(hw)[w.gpus[0] ?? 0]?.vram_gb ?? hw.vram_gb;
  const share = role === 'cpu' ? 0 : role === 'coresident' ? spec.vramGb / gpuVram : 1;
  const command = card.command !== undefined && card.command.trim() !== '' ? cleanCommand(card.command) : null;
  const env: (readonly [string, string])[] = [
    ['NVINX_JOB', card.name],
    ['NVINX_WINDOW', w.name],
  ];
  if (role !== 'cpu') env.push(['NVINX_VRAM_GB', formatRepr(spec.vramGb)]);
  if (role === 'coresident') env.push(['NVINX_GPU_FRACTION', String(ceilFraction(share))]);
  env.push(...(spec.env ?? []));
  return {
    key: keys.take(`w${w.index + 1}-${slug(card.name)}`),
    name: card.name,
    card,
    role,
    vramGb: spec.vramGb,
    share,
    onGpus: role === 'cpu' ? [] : w.gpus,
    wholeGpus: role === 'exclusive' || role === 'overflow' ? w.gpus.length : 0,
    start: time.start,
    end: time.end,
    cores,
    memMiB: toMiB(memGb),
    memBasis,
    command,
    env,
    about: spec.about,
  };
}

/** A fraction of the GPU rounded up to Ray's precision (0.0001). */
export function ceilFraction(share: number): number {
  return ceilUnits(share * 10_000) / 10_000;
}

function cpuNeed(card: ModelCard): JobSpec['need'] {
  if (card.ram_gb_needed !== null) return { gb: card.ram_gb_needed, what: 'its ram_gb_needed' };
  if (card.residency !== 'CPU_ONLY' && card.vram_gb > 0)
    return { gb: card.vram_gb, what: 'its weights, now in RAM (vram_gb)' };
  return null;
}

/** The planned day as jobs, window by window. `plan` must be `planBench(bench)`. */
export function schedulerDay(bench: Bench, plan: BenchPlan = planBench(bench)): SchedulerDay {
  const hw = bench.hardware;
  const keys = new Keys();
  const timing = timeDay(bench, plan);
  const windows: Omit<SchedulerWindow, 'after'>[] = plan.windows.map((r, index) => {
    const w: WindowPlace = { index, name: r.window.name, gpus: windowGpus(r.window) };
    const headroomGb = r.window.pattern === 'serial_handoff' ? null : r.window.headroom_gb;
    const timed = timing.windows[index];
    const hours = timed?.hours ?? { lo: 0, hi: 0 };
    const base = { index, name: r.window.name, pattern: r.pattern, gpus: w.gpus, headroomGb, hours };
    if (r.kind === 'refused') return { ...base, jobs: [], refused: r.error.message, notRun: [] };
    // Each job's planned time: the window's timed jobs by card name, in order (a card may run twice).
    const times = new Map<string, JobTime[]>();
    for (const j of timed?.jobs ?? []) {
      const list = times.get(j.name) ?? [];
      list.push({ start: j.start.lo, end: j.end.lo });
      times.set(j.name, list);
    }
    const whole: JobTime = { start: timed?.start.lo ?? 0, end: timed?.end.lo ?? 0 };
    const timeOf = (name: string): JobTime => times.get(name)?.shift() ?? whole;
    const specs: JobSpec[] = [];
    const notRun: { name: string; reason: string }[] = [];
    if (r.kind === 'overflow') {
      const h = r.hint;
      const mm = `{"0": "${h.max_memory['0']}", "cpu": "${h.max_memory.cpu}"}`;
      specs.push({
        card: h.model,
        role: 'overflow',
        vramGb: h.gpu_gb,
        need: { gb: h.cpu_gb, what: 'the part max_memory puts in RAM' },
        env: [
          ['NVINX_DEVICE_MAP', h.device_map],
          ['NVINX_MAX_MEMORY', mm],
          ['NVINX_MAX_MEMORY_GPU', h.max_memory['0']],
          ['NVINX_MAX_MEMORY_CPU', h.max_memory.cpu],
        ],
        about: `holds the GPU with ${gb(h.gpu_gb)} in VRAM and ${gb(h.cpu_gb)} spilled to RAM (max_memory ${mm}; nvinx: ${h.estimated_slowdown})`,
      });
    } else if (r.kind === 'split') {
      const h = r.hint;
      // The job sees only its granted GPUs, numbered from 0: max_memory's keys follow.
      const mm = JSON.stringify(grantedMaxMemory(h));
      const onGpus = h.total_gb - h.cpu_gb;
      specs.push({
        card: h.model,
        role: 'overflow',
        vramGb: onGpus,
        need: h.cpu_gb > 0 ? { gb: h.cpu_gb, what: 'the part max_memory puts in RAM' } : null,
        env: [
          ['NVINX_DEVICE_MAP', h.device_map],
          ['NVINX_MAX_MEMORY', mm],
          ['NVINX_TENSOR_SPLIT', h.tensor_split],
        ],
        about:
          `holds ${plural(h.parts.length, 'GPU')} with ${gb(onGpus)} over them` +
          (h.cpu_gb > 0 ? ` and ${gb(h.cpu_gb)} spilled to RAM` : '') +
          ` (max_memory ${mm}; tensor_split ${h.tensor_split})`,
      });
    } else {
      const p = r.plan;
      if (p.gpu_foreground !== null) {
        const c = p.gpu_foreground;
        specs.push({
          card: c,
          role: 'exclusive',
          vramGb: c.vram_gb,
          need: null,
          about: `holds the GPU alone (${gb(c.vram_gb)})`,
        });
      }
      for (const c of p.gpu_coresident) {
        specs.push({
          card: c,
          role: 'coresident',
          vramGb: c.vram_gb,
          need: null,
          about: `shares the GPU: ${gb(c.vram_gb)} of its ${gb(gpusOf(hw)[w.gpus[0] ?? 0]?.vram_gb ?? hw.vram_gb)}`,
        });
      }
      for (const c of p.cpu_parallel) {
        specs.push({
          card: c,
          role: 'cpu',
          vramGb: 0,
          need: cpuNeed(c),
          about: c.residency === 'CPU_ONLY' ? 'runs on the CPU (CPU_ONLY)' : 'runs on the CPU (CPU fallback)',
        });
      }
      const why = new Map(p.decisions.map((d) => [d.name, d.reason] as const));
      for (const c of p.unscheduled) notRun.push({ name: c.name, reason: why.get(c.name) ?? 'unscheduled' });
    }
    return { ...base, jobs: specs.map((s) => makeJob(s, w, hw, keys, timeOf(s.card.name))), refused: null, notRun };
  });
  const last = new Map<number, number>();
  const chained: SchedulerWindow[] = windows.map((w) => {
    if (w.jobs.length === 0) return { ...w, after: [] };
    const after = [...new Set(w.gpus.flatMap((k) => (last.has(k) ? [last.get(k)!] : [])))].sort((a, b) => a - b);
    for (const k of w.gpus) last.set(k, w.index);
    return { ...w, after };
  });
  const steps = chained.filter((w) => w.jobs.length > 0);
  return {
    benchName: bench.name ?? '',
    title:
      bench.name === undefined || bench.name.trim() === ''
        ? `an unnamed bench (${dayLabel(bench)})`
        : `“${commentText(bench.name)}”`,
    label: dayLabel(bench),
    hash: benchHash(bench),
    hardware: hw,
    gpus: gpusOf(hw),
    cardMiB: toMiB(hw.vram_gb),
    windows: chained,
    steps,
    unplaced: plan.unplaced,
    placeholders: steps.flatMap((w) => w.jobs.filter((j) => j.command === null).map((j) => j.key)),
  };
}

/** "GPU 1", "GPUs 0 + 1". */
export const gpusText = (gpus: readonly number[]): string =>
  gpus.length === 1 ? `GPU ${gpus[0]}` : `GPUs ${gpus.join(' + ')}`;

/** "Window 2 of 3 “morning” (fractional_coresidency)"; on a bench of several GPUs, with its GPUs ("…, GPU 1)"). */
export function windowTitle(
  day: SchedulerDay,
  w: Pick<SchedulerWindow, 'index' | 'name' | 'pattern' | 'gpus'>,
): string {
  const on = day.gpus.length > 1 ? `, ${gpusText(w.gpus)}` : '';
  return `Window ${w.index + 1} of ${day.windows.length} “${commentText(w.name)}” (${w.pattern}${on})`;
}

/** What the planned day holds at its busiest: CPU cores, host RAM and GPUs in use at once, and when. */
export interface DayPeak {
  readonly cpus: number;
  readonly memMiB: number;
  readonly gpus: number;
  /** The jobs (keys) running at the busiest instant for each. */
  readonly cpusJobs: readonly string[];
  readonly memJobs: readonly string[];
}

/**
 * The most the planned day holds at once, from each job's planned start and end: what a node
 * must have for the jobs to run side by side as planned (a job that takes no time is counted
 * at its start). GPUs: how many different GPUs are in use at once.
 */
export function dayPeak(day: SchedulerDay): DayPeak {
  const jobs = day.steps.flatMap((w) => w.jobs);
  const instants = [...new Set(jobs.map((j) => j.start))];
  let best: DayPeak = { cpus: 0, memMiB: 0, gpus: 0, cpusJobs: [], memJobs: [] };
  for (const t of instants) {
    const on = jobs.filter((j) => j.start <= t && (t < j.end || j.start === j.end));
    const cpus = on.reduce((n, j) => n + j.cores, 0);
    const mem = on.reduce((n, j) => n + j.memMiB, 0);
    const gpus = new Set(on.flatMap((j) => j.onGpus)).size;
    best = {
      cpus: Math.max(best.cpus, cpus),
      memMiB: Math.max(best.memMiB, mem),
      gpus: Math.max(best.gpus, gpus),
      cpusJobs: cpus > best.cpus ? on.map((j) => j.key) : best.cpusJobs,
      memJobs: mem > best.memMiB ? on.map((j) => j.key) : best.memJobs,
    };
  }
  return best;
}

/** The notes every export carries: windows and cards that do not run, and placeholders. */
export function dayNotes(day: SchedulerDay): string[] {
  const out: string[] = [];
  for (const w of day.windows) {
    if (w.refused !== null) out.push(`${windowTitle(day, w)} refuses, so nothing of it is exported: ${w.refused}.`);
    for (const n of w.notRun) out.push(`${n.name} does not run in window “${w.name}”: ${n.reason}.`);
  }
  for (const u of day.unplaced) out.push(`${u.reason}.`);
  if (day.placeholders.length > 0) {
    out.push(
      `${plural(day.placeholders.length, 'job')} ${day.placeholders.length === 1 ? 'has' : 'have'} no command yet ` +
        `(${day.placeholders.join(', ')}): each is a marked placeholder that fails until you give its card a Command.`,
    );
  }
  return out.map(commentText);
}

/**
 * The header's warnings (sets that do not fit the target's slices) and notes, as `#` comment
 * lines; `extra` notes are said after the day's own.
 */
export function flagAndNoteLines(day: SchedulerDay, flags: readonly string[], extra: readonly string[] = []): string[] {
  const out: string[] = [];
  if (flags.length > 0) {
    out.push('#', '# WARNING — does not fit the slices:');
    for (const f of flags) out.push(...commentLines(f, '#   '));
  }
  const notes = [...dayNotes(day), ...extra];
  if (notes.length > 0) {
    out.push('#', '# Notes:');
    for (const n of notes) out.push(...commentLines(n, '#   '));
  }
  return out;
}

/** Comment lines (`# …`), wrapped at about `width` characters. */
export function commentLines(text: string, prefix = '# ', width = 96): string[] {
  const words = commentText(text)
    .split(' ')
    .filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line !== '' && line.length + 1 + w.length > width - prefix.length) {
      lines.push(prefix + line);
      line = w;
    } else line = line === '' ? w : `${line} ${w}`;
  }
  if (line !== '' || lines.length === 0) lines.push((prefix + line).trimEnd());
  return lines;
}

/** A YAML double-quoted scalar (JSON's escapes, plus the characters YAML 1.1 reads as line breaks). */
export function yamlStr(s: string): string {
  return JSON.stringify(s).replace(
    /[\u0080-\u009f\u2028\u2029\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Whether `s` can be written as a YAML literal block (`|`) and read back the same by YAML 1.1 and 1.2 readers. */
function blockSafe(s: string): boolean {
  const lines = s.split('\n');
  const first = lines.find((l) => l !== '');
  // The first line sets the block's indentation; a line of blanks only is read differently by readers.
  if (first === undefined || /^[ \t]/.test(first) || lines.some((l) => l !== '' && l.trim() === '')) return false;
  return /^[\t\n\u0020-\u007e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*$/.test(s);
}

/** A YAML value for a command: a literal block indented by `indent` spaces, or a quoted string. */
export function yamlText(s: string, indent: number): string {
  const text = s.replace(/\n+$/, '');
  if (!blockSafe(text)) return yamlStr(text);
  const pad = ' '.repeat(indent);
  return `|\n${text
    .split('\n')
    .map((l) => (l === '' ? '' : pad + l))
    .join('\n')}`;
}
