/**
 * The shapes of Suggest a day, in one place for both solvers: the one-GPU optimiser
 * (`suggest.ts`) and the several-GPU one (`suggest-gpus.ts`), which `suggest.ts` calls and
 * lends its one-GPU solver (`OneGpuSolver`), so `suggest-gpus.ts` never imports `suggest.ts`.
 */
import type { UnplacedCard } from './day';
import type { ModelWindow } from './suggest-model';
import type { Span } from './timing';
import type { Bench, WindowSpec } from './types';

/** A suggested day, as either solver gives it. */
export interface SuggestedDay {
  readonly windows: readonly WindowSpec[];
  /** Cards no window can run, with the reason. */
  readonly unplaced: readonly UnplacedCard[];
  /** Cards the day runs (every card that can run). */
  readonly runs: number;
  /** The day as timeDay gives it for these windows. */
  readonly planned: Span;
  /** No day that runs every card that can run is shorter. */
  readonly lowerBound: Span;
  /** The day is proved the shortest (within the model). */
  readonly optimal: boolean;
  /** How the answer was found and how close it is, in words. */
  readonly reasons: readonly string[];
}

/** What Suggest a day gives: the day, and the one-GPU optimiser's own terms for it. */
export interface DaySuggestion extends SuggestedDay {
  /** The windows in the model's terms (cards on the GPU, CPU work), in the same order (one GPU; empty on several). */
  readonly model: readonly ModelWindow[];
  /** The optimiser's own figure for it (equal to `planned`). */
  readonly cost: Span;
}

export interface SuggestOptions {
  /** Called now and then with the share of the search done (0–1). */
  readonly onProgress?: (done: number) => void;
  /** Branch-and-bound nodes before it stops unproved (default 200,000). */
  readonly nodeLimit?: number;
  /**
   * Stop searching after about this many milliseconds and give the best day found so far
   * (with its bound). Without it the search stops after a fixed amount of work, so the same
   * bench gives the same day on any machine.
   */
  readonly timeLimitMs?: number;
}

/** What the one-GPU optimiser lends the several-GPU one (given by suggest.ts, which imports suggest-gpus.ts). */
export interface OneGpuSolver {
  /** The best day of a one-GPU bench. */
  readonly suggest: (bench: Bench, options: SuggestOptions) => SuggestedDay;
  /** a is better than b in the objective's order (upper end, lower end, fewer windows). */
  readonly better: (a: Span, aw: number, b: Span, bw: number) => boolean;
  /** "The shortest possible day (proved)." or "Within 4 % of the shortest possible (bound 9.4 h)." */
  readonly closeness: (planned: Span, bound: Span, optimal: boolean) => string;
}
