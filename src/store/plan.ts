import { useDeferredValue, useMemo } from 'react';
import { replanBench, type Bench, type BenchPlan } from '../core';
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
