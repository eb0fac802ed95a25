/**
 * Restoring what the planner itself saved (localStorage, a share link): the reader under
 * the repair policy, so every valid part is kept and the rest repaired as `repair.ts`
 * says, and what changed is said. Never refuses.
 */
import type { Bench } from '../core/types';
import { validate } from './bench-reader';
import { Reader, type Issue } from './issues';

/** What restoring saved state or a share link gives: always a bench, and what changed. */
export interface Restored {
  readonly bench: Bench;
  /** Each repair: the problem and what was done about it. Empty: restored as saved. */
  readonly changes: readonly Issue[];
  /** Warnings the bench carries (as an import would say them). */
  readonly warnings: readonly Issue[];
}

/**
 * Restore a saved bench (a value: localStorage, a share link). Never refuses: every valid
 * part is kept, the rest repaired or dropped, and `changes` says what. `fallback` (the
 * default bench) fills what cannot be repaired: a missing hardware card, a value that is
 * not a bench at all.
 */
export function restoreBench(value: unknown, fallback: Bench): Restored {
  const r = new Reader(null, 'repair');
  const got = validate(r, value, fallback);
  // A repair never refuses; the strict-only refusal paths are unreachable here.
  const bench = got.ok ? got.bench : fallback;
  return { bench, changes: r.repairs, warnings: r.warnings };
}

/** Saved undo steps, each repaired like the bench (a step that is not a bench at all is left out). */
export function restoreList(saved: unknown, fallback: Bench): readonly Bench[] {
  if (!Array.isArray(saved)) return [];
  return saved.flatMap((b) =>
    b !== null && typeof b === 'object' && !Array.isArray(b) ? [restoreBench(b, fallback).bench] : [],
  );
}
