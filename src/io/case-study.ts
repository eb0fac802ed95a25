/** Case-study submissions and export file names (no `yaml` needed). */
import type { Bench, BenchPlan, CaseStudyInfo, DayTiming } from '../core';

/** A file-name-safe stem: letters, digits, `_`, `.`, `-`; `fallback` when nothing is left. */
export function fileStem(name: string | undefined, fallback = 'bench'): string {
  return (
    (name ?? '')
      .trim()
      .replace(/[^A-Za-z0-9_.-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '') || fallback
  );
}

/** `<submitter>_<bench-name>.yaml`, as nvinx asks, with only safe characters. */
export function caseStudyFileName(submitter: string, benchName: string): string {
  return `${fileStem(submitter, 'submitter')}_${fileStem(benchName, 'bench')}.yaml`;
}

/**
 * The case-study fields as exported: what the user typed, over what the bench and its plan
 * suggest — today's date, the patterns of the day, and the two days' hours (the waiting
 * bench as the old wall clock, the planned day as the new; upper ends of any range).
 */
export function caseStudyDefaults(bench: Bench, plan: BenchPlan, day: DayTiming, today: string): CaseStudyInfo {
  const patterns = [...new Set(plan.windows.map((w) => w.pattern))];
  const hours = (x: number) => Math.round(x * 100) / 100;
  return {
    date: today,
    domain: 'other',
    ...(patterns.length === 0 ? {} : { pattern_tried: patterns.join(', ') }),
    ...(day.waitingJobs.length === 0
      ? {}
      : { old_wall_clock_hours: hours(day.waiting.hi), new_wall_clock_hours: hours(day.planned.hi) }),
    ...bench.case_study,
  };
}
