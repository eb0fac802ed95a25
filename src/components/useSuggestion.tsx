/**
 * A suggestion of the day's windows (core/suggest.ts) run in the worker: its state, progress
 * and Cancel after a moment. *Suggest a day* (the day panel) and *Suggest windows* (the
 * windows editor) both use it, so both propose the optimiser's day the same way.
 */
import { Live } from './Live';
import { useEffect, useRef, useState } from 'react';
import type { Bench, WindowSpec } from '../core/types';
import { usePlanner } from '../store/store';
import { runSuggestion, type SuggestionResult, type SuggestRun } from './suggest-client';

/** Progress and a Cancel button appear when the suggestion runs longer than this. */
const A_MOMENT_MS = 300;

type SuggestState =
  | { readonly phase: 'idle' }
  | {
      readonly phase: 'running';
      readonly for: Bench;
      readonly done: number;
      readonly slow: boolean;
      readonly run: SuggestRun;
    }
  | { readonly phase: 'shown'; readonly for: Bench; readonly s: SuggestionResult };

export interface Suggestion {
  readonly state: SuggestState;
  /** Suggest for this bench (a running suggestion stops); `then` gets the answer, not a cancelled one. */
  start(bench: Bench, then?: (s: SuggestionResult) => void): void;
  /** Stop a running suggestion or forget a shown one. */
  stop(): void;
}

export function useSuggestion(): Suggestion {
  const [state, setState] = useState<SuggestState>({ phase: 'idle' });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const running = useRef<SuggestRun | null>(null);
  // A running suggestion stops when its panel goes.
  useEffect(
    () => () => {
      running.current?.cancel();
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );
  const start = (target: Bench, then?: (s: SuggestionResult) => void) => {
    running.current?.cancel();
    const run = runSuggestion(target, (done) =>
      setState((st) => (st.phase === 'running' && st.run === run ? { ...st, done } : st)),
    );
    running.current = run;
    setState({ phase: 'running', for: target, done: 0, slow: false, run });
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = setTimeout(
      () => setState((st) => (st.phase === 'running' && st.run === run ? { ...st, slow: true } : st)),
      A_MOMENT_MS,
    );
    void run.result.then((r) => {
      if (running.current !== run) return;
      running.current = null;
      setState(r === null ? { phase: 'idle' } : { phase: 'shown', for: target, s: r });
      if (r !== null) then?.(r);
    });
  };
  const stop = () => {
    running.current?.cancel();
    running.current = null;
    setState({ phase: 'idle' });
  };
  return { state, start, stop };
}

/** "Looking for the best day…", its progress and Cancel, once the suggestion has run a moment. */
export function SuggestProgress({ suggestion }: { suggestion: Suggestion }) {
  const { state } = suggestion;
  // The region stays in the page; what it says comes and goes.
  return (
    <Live>
      {state.phase === 'running' && state.slow ? (
        <div className="suggest-progress">
          <label>
            Looking for the best day…{' '}
            <progress max={1} value={state.done}>
              {Math.round(state.done * 100)} %
            </progress>
          </label>{' '}
          <button type="button" onClick={suggestion.stop}>
            Cancel
          </button>
        </div>
      ) : null}
    </Live>
  );
}

/** *Suggest windows*: a suggestion whose windows replace the day's (one undo step), and what it did. */
export interface SuggestWindows {
  readonly suggestion: Suggestion;
  /** Suggest for the bench as it is now; its windows become the day's when they come. */
  suggest(): void;
  /** What the last one did, while its windows are the day's (or why it did nothing); else null. */
  readonly words: string | null;
}

export function useSuggestWindows(): SuggestWindows {
  const setWindows = usePlanner((s) => s.setWindows);
  const suggestion = useSuggestion();
  const [said, setSaid] = useState<{ windows: readonly WindowSpec[] | null; words: string } | null>(null);
  const words = usePlanner((s) =>
    said !== null && (said.windows === null || s.bench.windows === said.windows) ? said.words : null,
  );
  const suggest = () => {
    const target = usePlanner.getState().bench;
    setSaid(null);
    suggestion.start(target, (s) => {
      if (usePlanner.getState().bench !== target) {
        setSaid({ windows: null, words: 'The bench changed while the windows were being suggested: press again.' });
        return;
      }
      void setWindows(s.windows).then(
        (r) =>
          r.ok &&
          setSaid({ windows: s.windows, words: `${s.reasons[0]} ${s.reasons[1]} Undo brings your windows back.` }),
      );
    });
  };
  return { suggestion, suggest, words };
}
