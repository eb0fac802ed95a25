import { createContext, useContext, useEffect, useState } from 'react';

/**
 * Whether a long list mounts in steps (the page's editors, drawn after the first paint) or all
 * at once (the default: a part drawn alone, as in a test, or opened later by a click).
 */
export const MountInSteps = createContext(false);

/** After the next frame is drawn (its style, layout and paint done), run `f` in a task of its own. */
function afterNextFrame(f: () => void): () => void {
  if (typeof requestAnimationFrame !== 'function') {
    const t = setTimeout(f, 0);
    return () => clearTimeout(t);
  }
  let t: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => (t = setTimeout(f, 0)));
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(t);
  };
}

/**
 * How many of `total` pieces to draw now. Under `MountInSteps`, a first mount draws `step` of them
 * and `step` more after each frame until all are in: the page's first seconds are short tasks, each
 * with its own style and layout, not one long one (a phone's main thread stays free for a tap). Once
 * all are in, and everywhere else, it is `total` (a list that grows later draws at once).
 */
export function useMountInSteps(total: number, step: number): number {
  const inSteps = useContext(MountInSteps);
  // Once all are in, all stay in (infinitely many): a list that grows later is drawn whole.
  const [drawn, setDrawn] = useState(() => (inSteps && step < total ? step : Number.POSITIVE_INFINITY));
  const done = drawn >= total;
  useEffect(() => {
    if (done) return;
    return afterNextFrame(() => setDrawn((d) => (d + step >= total ? Number.POSITIVE_INFINITY : d + step)));
  }, [done, drawn, step, total]);
  return done ? total : drawn;
}
