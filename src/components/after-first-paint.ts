import { useEffect, useState } from 'react';

/** False until the page has painted once (a frame, then a task): what is not needed for that paint starts loading then. */
export function useAfterFirstPaint(): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    if (typeof requestAnimationFrame !== 'function') {
      const t = setTimeout(() => setAfter(true), 0);
      return () => clearTimeout(t);
    }
    let t: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (t = setTimeout(() => setAfter(true), 0)));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(t);
    };
  }, []);
  return after;
}
