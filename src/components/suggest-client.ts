/** Suggest a day in a worker (suggest.worker.ts), with progress, and a way to stop it. */
import type { DaySuggestion } from '../core/suggest-types';
import type { Bench } from '../core/types';

/** What the page shows of a suggestion (the model's windows stay in the worker). */
export type SuggestionResult = Omit<DaySuggestion, 'model'>;

export interface SuggestRequest {
  readonly bench: Bench;
}

export type SuggestResponse =
  { readonly kind: 'progress'; readonly done: number } | { readonly kind: 'done'; readonly result: SuggestionResult };

export interface SuggestRun {
  readonly result: Promise<SuggestionResult | null>;
  /** Stop it: the promise gives null. */
  cancel(): void;
}

export function runSuggestion(bench: Bench, onProgress: (done: number) => void): SuggestRun {
  const worker = new Worker(new URL('./suggest.worker.ts', import.meta.url), { type: 'module' });
  let settle: (r: SuggestionResult | null) => void = () => undefined;
  const result = new Promise<SuggestionResult | null>((resolve) => (settle = resolve));
  worker.onmessage = (e: MessageEvent<SuggestResponse>) => {
    if (e.data.kind === 'progress') onProgress(e.data.done);
    else {
      worker.terminate();
      settle(e.data.result);
    }
  };
  worker.onerror = () => {
    worker.terminate();
    settle(null);
  };
  worker.postMessage({ bench } satisfies SuggestRequest);
  return {
    result,
    cancel: () => {
      worker.terminate();
      settle(null);
    },
  };
}
