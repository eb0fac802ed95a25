import { useEffect, useMemo, useState } from 'react';
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

// The settled bench: the store's, once the page has painted the edit that changed it.
const settledListeners = new Set<(bench: Bench) => void>();
let settling: { bench: Bench; cancel: () => void } | null = null;

/** After the next paint (a frame, then a task), tell every view: they re-render in one pass. */
function settle(bench: Bench) {
  if (settling?.bench === bench) return;
  settling?.cancel();
  const apply = () => {
    settling = null;
    for (const l of settledListeners) l(bench);
  };
  if (typeof requestAnimationFrame !== 'function') {
    const timer = setTimeout(apply, 0);
    settling = { bench, cancel: () => clearTimeout(timer) };
    return;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => (timer = setTimeout(apply, 0)));
  settling = {
    bench,
    cancel: () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    },
  };
}

/** The store's subscription that settles each new bench, while a view listens. */
let unsubscribe: (() => void) | null = null;

function listen(l: (bench: Bench) => void): () => void {
  settledListeners.add(l);
  unsubscribe ??= usePlanner.subscribe((s, prev) => {
    if (s.bench !== prev.bench) settle(s.bench);
  });
  return () => {
    settledListeners.delete(l);
    if (settledListeners.size > 0) return;
    unsubscribe?.();
    unsubscribe = null;
    // No view is left: a bench still settling would reach the next views to mount, which draw the
    // store's bench of that moment, and take them back to this older one.
    settling?.cancel();
    settling = null;
  };
}

/**
 * The bench the derived views (plan, day, stories, window lists) draw: the store's, once the
 * page has painted the edit that changed it. A keystroke paints the field first, with no plan
 * work in its frame and no re-render of these views (they listen to the settled bench, not to
 * the store); then the views follow in one render (Preact batches the state updates: one task),
 * so typing stays responsive on large benches. A view that mounts draws the store's bench at once.
 */
export function useSettledBench(): Bench {
  const [settled, setSettled] = useState(() => usePlanner.getState().bench);
  useEffect(() => {
    const stop = listen(setSettled);
    // The store moved on between this view's render and now: follow it like any edit.
    const now = usePlanner.getState().bench;
    if (now !== settled) settle(now);
    return stop;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- subscribes once; later benches come through `listen`
  }, []);
  return settled;
}

/**
 * The plan of the current bench, derived (never stored), from the settled bench: the
 * keystroke that changed a card paints first, and the plan (charts included) follows.
 */
export function usePlan(): { plan: BenchPlan; bench: Bench } {
  const bench = useSettledBench();
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

/** The current bench, its plan and its day in hours (all derived, settled like `usePlan`). */
export function useDay(): { plan: BenchPlan; bench: Bench; day: DayTiming } {
  const { plan, bench } = usePlan();
  return useMemo(() => ({ plan, bench, day: dayOf(bench, plan) }), [plan, bench]);
}
