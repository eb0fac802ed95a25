/**
 * Plans as machine-read JSON (the CLI's `--json`) and as readable text. Plans name cards
 * by `name`; `max_memory` keeps nvinx's keys and strings.
 */
import { formatSpan, savingsSentence, timeDay, type DayTiming, type Span, type TimedJob } from '../core/timing';
import { formatTimes, hintSlowdown } from '../core/overflow-time';
import { OVERFLOW_SLOWDOWN, type Bench, type Hardware, type ModelCard, type SchedulingPlan } from '../core/types';
import type { BenchPlan, WindowResult } from '../core/day';
import { gpuCount, gpuHardware, windowGpus } from '../core/bench-gpus';
import { splitSlowdown } from '../core/split';
import type { Issue } from '../bench/issues';
import { LazyList, lazyMap, streamed } from './json-stream';
import { listNames } from '../core/words';

const names = (ms: readonly ModelCard[]) => ms.map((m) => m.name);

function planJson(p: SchedulingPlan) {
  return streamed({
    gpu_foreground: p.gpu_foreground?.name ?? null,
    gpu_coresident: names(p.gpu_coresident),
    cpu_parallel: names(p.cpu_parallel),
    overflow: names(p.overflow),
    unscheduled: names(p.unscheduled),
    notes: [...p.notes],
    reasons: lazyMap(p.decisions, (d) => ({ name: d.name, placement: d.placement, reason: d.reason })),
  });
}

/** The planner's slowdown from the hardware card's bandwidths, beside nvinx's text (null without them). */
function bandwidthSlowdownJson(w: WindowResult, hardware: Hardware) {
  if (w.kind !== 'overflow') return null;
  const e = hintSlowdown(w.hint, hardware);
  if (e === null) return null;
  return {
    lo: round(e.lo),
    hi: round(e.hi),
    basis: e.basis,
    formulas: e.styles.map((s) => ({ style: s.style, slowdown: round(s.slowdown), formula: s.formula })),
  };
}

/** Where a window runs: `"gpu": k` for a one-GPU window, `"gpus": [..]` for a split. */
function gpuJson(w: WindowResult): { gpu: number } | { gpus: number[] } {
  return w.window.pattern === 'multi_gpu_split' ? { gpus: [...w.window.gpus] } : { gpu: w.window.gpu ?? 0 };
}

/** A split's hint: accelerate's keyword arguments, llama.cpp's tensor split, its parts and its time. */
function splitJson(w: WindowResult, bench: Hardware) {
  if (w.kind !== 'split') return null;
  const h = w.hint;
  const e = splitSlowdown(h, bench);
  return {
    device_map: h.device_map,
    max_memory: { ...h.max_memory },
    tensor_split: h.tensor_split,
    notes: h.notes,
    parts: h.parts.map((p) => ({ gpu: p.gpu, cap_gb: round(p.cap_gb), gb: round(p.gb) })),
    total_gb: h.total_gb,
    cpu_gb: round(h.cpu_gb),
    slowdown: { lo: round(e.lo), hi: round(e.hi), basis: e.basis, formula: e.formula },
  };
}

/** `hardware`: the bench's hardware card (each window is read on its own GPU's). */
function windowJson(w: WindowResult, hardware: Hardware) {
  const own = gpuHardware(hardware, windowGpus(w.window)[0] ?? 0) ?? hardware;
  return {
    name: w.window.name,
    pattern: w.pattern,
    ...gpuJson(w),
    error: w.kind === 'refused' ? w.error.message : null,
    fix: w.kind === 'refused' ? w.error.fix : null,
    hint:
      w.kind !== 'overflow'
        ? null
        : {
            device_map: w.hint.device_map,
            max_memory: { '0': w.hint.max_memory['0'], cpu: w.hint.max_memory.cpu },
            estimated_slowdown: w.hint.estimated_slowdown,
            notes: w.hint.notes,
            bandwidth_slowdown: bandwidthSlowdownJson(w, own),
          },
    ...(w.kind === 'split' ? { split: splitJson(w, hardware) } : {}),
    plan: w.kind === 'plan' ? planJson(w.plan) : null,
  };
}

/** A range in hours as the JSON writes it: {min, max}, to a millionth. */
export const spanJson = (s: Span) => ({ min: round(s.lo), max: round(s.hi) });
const span = spanJson;
const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** The day's totals in hours (ranges: min with the overflow's low slowdown, max with its high one). */
function dayJson(d: DayTiming) {
  return {
    planned_hours: span(d.planned),
    waiting_hours: span(d.waiting),
    saved_hours: span(d.saved),
    saved_percent: span(d.savedPercent),
    coresidency_slowdown: d.coresidencySlowdown,
    assumptions: [...d.assumptions],
  };
}

/**
 * The `--json` line of a planned bench. Its long lists (each window's jobs and reasons, the
 * warnings) are `LazyList`s: `writeJson` makes and writes them item by item; `JSON.stringify`
 * gives the same text.
 */
export function benchPlanJson(bench: Bench, file: string, plan: BenchPlan, warnings: readonly Issue[]) {
  const day = timeDay(bench, plan);
  return streamed({
    file,
    ok: true as const,
    composed: plan.composed,
    windows: new LazyList(plan.windows.length, (i) => {
      const w = plan.windows[i]!;
      const t = day.windows[i]!;
      return streamed({
        ...windowJson(w, bench.hardware),
        start_hours: span(t.start),
        end_hours: span(t.end),
        coresidency: coresidencyJson(t),
        jobs: lazyMap(t.jobs, jobJson),
      });
    }),
    day: dayJson(day),
    unplaced: plan.unplaced.map((u) => ({ name: u.name, reason: u.reason })),
    warnings: lazyMap(warnings, issueJson),
  });
}

/** A timed job: a CPU job names its cores (1-based); one object literal per shape (no spread per job). */
function jobJson(j: TimedJob) {
  const lane = j.lane;
  return lane.kind === 'cpu'
    ? {
        name: j.name,
        on: lane.kind,
        cores: lane.cores.map((c) => c + 1),
        start_hours: span(j.start),
        end_hours: span(j.end),
      }
    : { name: j.name, on: lane.kind, start_hours: span(j.start), end_hours: span(j.end) };
}

/** Which slowdown timed a window's co-resident models (null: fewer than two of them). */
function coresidencyJson(t: DayTiming['windows'][number]) {
  const c = t.coresidency;
  if (c === null) return null;
  return c.kind === 'single'
    ? { basis: 'single_slowdown' as const, slowdown: c.slowdown, text: c.text }
    : {
        basis: 'calibration' as const,
        text: c.text,
        factors: c.factors.map((f) => ({
          name: f.name,
          factor: round(f.factor),
          solo_ms: f.soloMs,
          partners: f.partners.map((p) => ({ name: p.name, predicted_ms: p.predictedMs, source: p.source })),
        })),
      };
}

function issueJson(i: Issue) {
  return { message: i.message, path: i.path, line: i.line, column: i.column };
}

export function failureJson(file: string, errors: readonly Issue[], warnings: readonly Issue[]) {
  return streamed({
    file,
    ok: false as const,
    errors: lazyMap(errors, issueJson),
    warnings: lazyMap(warnings, issueJson),
  });
}

/** `file:line:column: message`, the form editors and terminals link to. */
export function issueText(file: string, i: Issue): string {
  const where = i.line > 0 ? `${file}:${i.line}:${i.column}` : file;
  return `${where}: ${i.severity}: ${i.message}`;
}

/** A group of problems (`Issue.group`) this large is said in one line. */
const GROUPED_FROM = 4;
/** The cards such a line names after its first. */
const GROUP_NAMED = 10;

/**
 * Issues as lines of text (`issueText`), in order; the same problem about many cards (issues of
 * one `group`, at least GROUPED_FROM of them) in one line where the first of them is: the first
 * with its place and words, then how many more cards and the first of them. `--json` keeps one
 * entry per problem, each with its line and column.
 */
export function issuesText(file: string, issues: readonly Issue[]): string[] {
  const groups = new Map<string, string[]>();
  for (const i of issues) {
    if (i.group === undefined || i.subject === undefined) continue;
    const g = groups.get(i.group);
    if (g === undefined) groups.set(i.group, [i.subject]);
    else g.push(i.subject);
  }
  const out: string[] = [];
  const said = new Set<string>();
  for (const i of issues) {
    const g = i.group === undefined ? undefined : groups.get(i.group);
    if (g === undefined || g.length < GROUPED_FROM) out.push(issueText(file, i));
    else if (!said.has(i.group!)) {
      said.add(i.group!);
      const more = g.slice(1);
      out.push(
        `${issueText(file, i)} — the same for ${more.length.toLocaleString('en-US')} more cards: ${listNames(more, GROUP_NAMED)} ` +
          '(--json lists each with its line and column)',
      );
    }
  }
  return out;
}

function windowText(w: WindowResult, bench: Hardware): string {
  const several = gpuCount(bench) > 1;
  const gpus = windowGpus(w.window);
  const hardware = gpuHardware(bench, gpus[0] ?? 0) ?? bench;
  const out: string[] = [`  window "${w.window.name}" — ${w.pattern}${several ? ` on GPU ${gpus.join(' + ')}` : ''}`];
  if (w.kind === 'refused') {
    out.push(`    refused: ${w.error.message}`, `    fix: ${w.error.fix}`);
    return out.join('\n');
  }
  if (w.kind === 'plan') {
    const p = w.plan;
    if (p.gpu_foreground !== null) out.push(`    GPU held by:     ${p.gpu_foreground.name}`);
    if (p.gpu_coresident.length > 0) out.push(`    GPU co-resident: ${names(p.gpu_coresident).join(', ')}`);
    out.push(`    CPU parallel:    ${names(p.cpu_parallel).join(', ') || '—'}`);
    if (p.unscheduled.length > 0) out.push(`    unscheduled:     ${names(p.unscheduled).join(', ')}`);
    out.push('    why:');
    for (const d of p.decisions) out.push(`      - ${d.reason}`);
    for (const n of p.notes) out.push(`    note: ${n}`);
  }
  if (w.kind === 'overflow') {
    const h = w.hint;
    out.push(
      `    device_map="${h.device_map}", max_memory={0: '${h.max_memory['0']}', 'cpu': '${h.max_memory.cpu}'}`,
      `    cost: ${h.estimated_slowdown}`,
    );
    const e = hintSlowdown(h, hardware);
    if (e !== null) {
      const times = e.lo === e.hi ? formatTimes(e.lo) : `${formatTimes(e.lo)}–${formatTimes(e.hi)}`;
      out.push(
        `    from the bandwidths: ${times} slower than all in VRAM (nvinx states ${OVERFLOW_SLOWDOWN.min}–${OVERFLOW_SLOWDOWN.max}×)`,
      );
      for (const s of e.styles) out.push(`      ${s.style} style: ${s.formula}`);
    }
    out.push(`    note: ${h.notes}`);
  }
  if (w.kind === 'split') {
    const h = w.hint;
    const e = splitSlowdown(h, bench);
    const times = e.lo === e.hi ? formatTimes(e.lo) : `${formatTimes(e.lo)}–${formatTimes(e.hi)}`;
    out.push(
      `    device_map="${h.device_map}", max_memory=${JSON.stringify(h.max_memory)}, tensor_split=${h.tensor_split}`,
      `    time: ${times} as long as all in one GPU's VRAM: ${e.basis}`,
      `    note: ${h.notes}`,
    );
  }
  return out.join('\n');
}

export function benchPlanText(bench: Bench, file: string, plan: BenchPlan, warnings: readonly Issue[]): string {
  const day = timeDay(bench, plan);
  const out = [`${file}: ${plan.windows.length} window(s)${plan.composed ? ' (composed from the cards)' : ''}`];
  for (const line of issuesText(file, warnings)) out.push(line);
  plan.windows.forEach((w, i) => {
    const t = day.windows[i]!;
    out.push(windowText(w, bench.hardware), `    hours: ${formatSpan(t.start, '')} → ${formatSpan(t.end)}`);
    // With a calibration, say which slowdown timed the window (and whether its models run together).
    if (bench.interference !== undefined) for (const n of t.notes) out.push(`    timing: ${n}`);
  });
  for (const u of plan.unplaced) out.push(`  not run: ${u.reason}`);
  out.push(`  ${savingsSentence(day)}`);
  for (const a of day.assumptions) out.push(`  assumed: ${a}`);
  return out.join('\n');
}
