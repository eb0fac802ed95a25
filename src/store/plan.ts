import { useMemo } from 'react';
import { planBench, type BenchPlan } from '../core';
import { usePlanner } from './store';

/** The plan of the current bench, recomputed when the bench changes (never stored). */
export function usePlan(): BenchPlan {
  const bench = usePlanner((s) => s.bench);
  return useMemo(() => planBench(bench), [bench]);
}
