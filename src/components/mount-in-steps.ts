import { createContext, useContext, useEffect, useState } from 'react';
import { afterNextFrame } from './after-first-paint';

/**
 * Whether a long list mounts in steps (the page's editors, drawn after the first paint) or all
 * at once (the default: a part drawn alone, as in a test, or opened later by a click).
 */
export const MountInSteps = createContext(false);

/** Everything: once a list is drawn whole it stays whole. */
const ALL = Number.POSITIVE_INFINITY;

/**
 * How many of `total` pieces to draw now. Under `MountInSteps`, a first mount draws `step` of them
 * and `step` more after each frame until all are in: the page's first seconds are short tasks, each
 * with its own style and layout, not one long one (a phone's main thread stays free for a tap).
 * The list is drawn whole at once, for good, as soon as the user acts on the page (a pointer down or
 * a key, before the click or the key does anything: what it acts on is drawn) or the list changes
 * while it is drawn in steps (a card added, a search typed), and everywhere outside `MountInSteps`.
 */
export function useMountInSteps(total: number, step: number): number {
  const inSteps = useContext(MountInSteps);
  const [state, setState] = useState(() => ({ drawn: inSteps && step < total ? step : ALL, total }));
  // The list changed under the steps: all of it now (set while drawing, as React allows for a
  // state that follows a prop: no frame shows the partial list).
  if (state.drawn !== ALL && state.total !== total) setState({ drawn: ALL, total });
  const done = state.drawn >= total;
  useEffect(() => {
    if (done) return;
    const finish = () => setState((s) => ({ ...s, drawn: ALL }));
    document.addEventListener('pointerdown', finish, true);
    document.addEventListener('keydown', finish, true);
    const cancel = afterNextFrame(() =>
      setState((s) => ({ ...s, drawn: s.drawn + step >= s.total ? ALL : s.drawn + step })),
    );
    return () => {
      cancel();
      document.removeEventListener('pointerdown', finish, true);
      document.removeEventListener('keydown', finish, true);
    };
  }, [done, state.drawn, step]);
  return done ? total : state.drawn;
}
