/** Case-study submissions and export file names (no `yaml` needed). */
import type { Bench, CaseStudyInfo } from '../core/types';
import type { BenchPlan } from '../core/day';
import type { DayTiming } from '../core/timing';

/** A file-name-safe stem: letters, digits, `_`, `.`, `-`; `fallback` when nothing is left. */
export function fileStem(name: string | undefined, fallback = 'bench'): string {
  return (
    (name ?? '')
      .trim()
      .replace(/[^A-Za-z0-9_.-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '') || fallback
  );
}

/** What the case study says until a GitHub handle is given (nvinx's template says the same). */
export const SUBMITTER_PLACEHOLDER = 'your-github-handle';

/**
 * A GitHub handle, as GitHub allows them: 1–39 letters, digits and hyphens, no hyphen at
 * either end or twice in a row. A leading `@` is dropped; so are spaces around it.
 */
export function checkGithubHandle(text: string): { ok: true; value: string } | { ok: false; message: string } {
  const h = text.trim().replace(/^@/, '');
  if (/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/.test(h)) return { ok: true, value: h };
  return {
    ok: false,
    message:
      `“${text.trim()}” is not a GitHub handle: letters, digits and single hyphens, at most 39, ` +
      'not starting or ending with a hyphen (for example octocat).',
  };
}

/** The submitter the file carries: the handle when it is one, else the template's placeholder. */
export function submitterOf(info: CaseStudyInfo): string {
  if (info.submitter === undefined) return SUBMITTER_PLACEHOLDER;
  const c = checkGithubHandle(info.submitter);
  return c.ok ? c.value : SUBMITTER_PLACEHOLDER;
}

/**
 * `<submitter>_<bench-name>.yaml`, as nvinx asks, with only safe characters. The submitter
 * is the one the file says (`your-github-handle` until a handle is given), so the name and
 * the YAML always agree.
 */
export function caseStudyFileName(info: CaseStudyInfo, benchName: string): string {
  return `${fileStem(submitterOf(info), SUBMITTER_PLACEHOLDER)}_${fileStem(benchName, 'bench')}.yaml`;
}

/** The day's patterns, most used first (ties: in the day's order). */
export function patternsOfDay(plan: BenchPlan): string[] {
  const count = new Map<string, number>();
  for (const w of plan.windows) count.set(w.pattern, (count.get(w.pattern) ?? 0) + 1);
  return [...count.keys()].sort((a, b) => count.get(b)! - count.get(a)!);
}

/**
 * The case-study fields as exported: what the user typed, over what the bench and its plan
 * suggest — today's date, the bench's GPU model, the day's most used pattern (one, as
 * nvinx's template asks), and the two days' hours (the waiting bench as the old wall clock,
 * the planned day as the new; upper ends of any range).
 */
export function caseStudyDefaults(bench: Bench, plan: BenchPlan, day: DayTiming, today: string): CaseStudyInfo {
  const pattern = patternsOfDay(plan)[0];
  const hours = (x: number) => Math.round(x * 100) / 100;
  return {
    date: today,
    domain: 'other',
    ...(bench.hardware.model === undefined ? {} : { gpu_model: bench.hardware.model }),
    ...(pattern === undefined ? {} : { pattern_tried: pattern }),
    ...(day.waitingJobs.length === 0
      ? {}
      : { old_wall_clock_hours: hours(day.waiting.hi), new_wall_clock_hours: hours(day.planned.hi) }),
    ...bench.case_study,
  };
}
