/**
 * Plans as machine-read JSON (the CLI's `--json`) and as readable text. Plans name cards
 * by `name`; `max_memory` keeps nvinx's keys and strings.
 */
import type { BenchPlan, ModelCard, SchedulingPlan, WindowResult } from '../core';
import type { Issue } from './bench-reader';

const names = (ms: readonly ModelCard[]) => ms.map((m) => m.name);

export function planJson(p: SchedulingPlan) {
  return {
    gpu_foreground: p.gpu_foreground?.name ?? null,
    gpu_coresident: names(p.gpu_coresident),
    cpu_parallel: names(p.cpu_parallel),
    overflow: names(p.overflow),
    unscheduled: names(p.unscheduled),
    notes: [...p.notes],
    reasons: p.decisions.map((d) => ({ name: d.name, placement: d.placement, reason: d.reason })),
  };
}

export function windowJson(w: WindowResult) {
  return {
    name: w.window.name,
    pattern: w.pattern,
    error: w.error?.message ?? null,
    fix: w.error?.fix ?? null,
    hint:
      w.hint === null
        ? null
        : {
            device_map: w.hint.device_map,
            max_memory: { '0': w.hint.max_memory['0'], cpu: w.hint.max_memory.cpu },
            estimated_slowdown: w.hint.estimated_slowdown,
            notes: w.hint.notes,
          },
    plan: w.plan === null ? null : planJson(w.plan),
  };
}

export function benchPlanJson(file: string, plan: BenchPlan, warnings: readonly Issue[]) {
  return {
    file,
    ok: true as const,
    composed: plan.composed,
    windows: plan.windows.map(windowJson),
    unplaced: plan.unplaced.map((u) => ({ name: u.name, reason: u.reason })),
    warnings: warnings.map(issueJson),
  };
}

export function issueJson(i: Issue) {
  return { message: i.message, path: i.path, line: i.line, column: i.column };
}

export function failureJson(file: string, errors: readonly Issue[], warnings: readonly Issue[]) {
  return { file, ok: false as const, errors: errors.map(issueJson), warnings: warnings.map(issueJson) };
}

/** `file:line:column: message`, the form editors and terminals link to. */
export function issueText(file: string, i: Issue): string {
  const where = i.line > 0 ? `${file}:${i.line}:${i.column}` : file;
  return `${where}: ${i.severity}: ${i.message}`;
}

export function windowText(w: WindowResult): string {
  const out: string[] = [`  window "${w.window.name}" — ${w.pattern}`];
  if (w.error !== null) {
    out.push(`    refused: ${w.error.message}`, `    fix: ${w.error.fix}`);
    return out.join('\n');
  }
  if (w.plan !== null) {
    const p = w.plan;
    if (p.gpu_foreground !== null) out.push(`    GPU held by:     ${p.gpu_foreground.name}`);
    if (p.gpu_coresident.length > 0) out.push(`    GPU co-resident: ${names(p.gpu_coresident).join(', ')}`);
    out.push(`    CPU parallel:    ${names(p.cpu_parallel).join(', ') || '—'}`);
    if (p.unscheduled.length > 0) out.push(`    unscheduled:     ${names(p.unscheduled).join(', ')}`);
    out.push('    why:');
    for (const d of p.decisions) out.push(`      - ${d.reason}`);
    for (const n of p.notes) out.push(`    note: ${n}`);
  }
  if (w.hint !== null) {
    const h = w.hint;
    out.push(
      `    device_map="${h.device_map}", max_memory={0: '${h.max_memory['0']}', 'cpu': '${h.max_memory.cpu}'}`,
      `    cost: ${h.estimated_slowdown}`,
      `    note: ${h.notes}`,
    );
  }
  return out.join('\n');
}

export function benchPlanText(file: string, plan: BenchPlan, warnings: readonly Issue[]): string {
  const out = [`${file}: ${plan.windows.length} window(s)${plan.composed ? ' (composed from the cards)' : ''}`];
  for (const w of warnings) out.push(issueText(file, w));
  for (const w of plan.windows) out.push(windowText(w));
  for (const u of plan.unplaced) out.push(`  not run: ${u.reason}`);
  return out.join('\n');
}
