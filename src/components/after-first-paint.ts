import { useEffect, useState } from 'react';

/**
 * Run `f` in a task of its own once the next frame is drawn (its style, layout and paint done):
 * a frame, then a task. Returns what cancels it. Without frames (jsdom without them), a task.
 */
export function afterNextFrame(f: () => void): () => void {
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

/** False until the page has painted once: what is not needed for that paint starts loading then. */
export function useAfterFirstPaint(): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => afterNextFrame(() => setAfter(true)), []);
  return after;
}
