import { useDeferredValue, useMemo } from 'react';
import { replanBench, type BenchPlan } from '../core/day';
import { timeDay, type DayTiming } from '../core/timing';
import type { Bench } from '../core/types';
import { usePlanner } from './store';

// One-entry memo of the last plan (derived data, like a selector cache; never persisted).
let last: { bench: Bench; plan: BenchPlan } | null = null;

/** The plan of a bench; after an edit, windows whose inputs did not change keep their result. */
export function planOf(bench: Bench): BenchPlan {
  if (last?.bench === bench) return last.plan;
  const plan = replanBench(bench, last);
  last = { bench, plan };
  return plan;
}

/**
 * The plan of the current bench, derived (never stored). It is a deferred value: the
 * keystroke that changed a card paints first, and the plan (charts included) follows in
 * the next render, so typing stays responsive on large benches.
 */
export function usePlan(): { plan: BenchPlan; bench: Bench } {
  const bench = useDeferredValue(usePlanner((s) => s.bench));
  return useMemo(() => ({ plan: planOf(bench), bench }), [bench]);
}

const days = new WeakMap<BenchPlan, DayTiming>();

/** The timing of a planned bench (derived, memoized per plan). */
export function dayOf(bench: Bench, plan: BenchPlan): DayTiming {
  let d = days.get(plan);
  if (d === undefined) {
    d = timeDay(bench, plan);
    days.set(plan, d);
  }
  return d;
}

/** The current bench, its plan and its day in hours (all derived, deferred like `usePlan`). */
export function useDay(): { plan: BenchPlan; bench: Bench; day: DayTiming } {
  const { plan, bench } = usePlan();
  return useMemo(() => ({ plan, bench, day: dayOf(bench, plan) }), [plan, bench]);
}
