import { useEffect, useMemo, useRef, useState } from 'react';
import { notRun } from '../../core/story';
import { formatSpan, savingsHeadline } from '../../core/timing';
import { plural } from '../../core/words';
import { useDay } from '../../store/plan';

/**
 * The day's headline in one line, above the editors on a narrow screen (where the day is far
 * above them): it stays in view while the editors scroll (sticky under the section links), so an
 * edit's effect on the plan shows at once. A wide screen keeps the day itself in view instead
 * (the results column is sticky), and hides this. It lives in the editors' chunk: not start-up code.
 */
export function DaySummary() {
  const { bench, plan, day } = useDay();
  const bar = useRef<HTMLParagraphElement>(null);
  useKeepFocusBelow(bar);
  const missing = useMemo(() => notRun(bench, plan, day).cards, [bench, plan, day]);
  const empty = day.waitingJobs.length === 0;
  // The saving (drawn in bold), then the rest of the line; read out whole.
  const saved = empty ? '' : savingsHeadline(day).saved;
  const rest = empty
    ? 'no job runs yet.'
    : `, planned ${formatSpan(day.planned)} (one after another ${formatSpan(day.waiting)})` +
      `${missing === 0 ? '' : `; ${missing} of ${plural(bench.models.length, 'card')} not run`}.`;
  return (
    <>
      <p className="day-summary" ref={bar}>
        <a href="#day-title">The day</a>: {empty ? null : <strong>{saved}</strong>}
        {rest}
      </p>
      <Announce text={`The day: ${saved}${rest}`} />
    </>
  );
}

/** How long the day must hold still after an edit before it is read out, ms (typing is not read key by key). */
const ANNOUNCE_AFTER_MS = 1000;

/**
 * The day in one line read out by screen readers when an edit changes it (on every screen: the
 * headline the edit changed is elsewhere on the page), once the edits pause; not on opening.
 */
function Announce({ text }: { text: string }) {
  const [said, setSaid] = useState('');
  const first = useRef(text);
  useEffect(() => {
    if (text === first.current) return;
    first.current = '';
    const t = setTimeout(() => setSaid(text), ANNOUNCE_AFTER_MS);
    return () => clearTimeout(t);
  }, [text]);
  return (
    <p className="sr-only" aria-live="polite">
      {said}
    </p>
  );
}

/**
 * A control of the editors that takes focus under the sticky summary (the browser scrolls a
 * field only as far as the window's edge, and a textarea only to its caret) is scrolled just
 * below it. Only while the summary is drawn (a narrow screen).
 */
function useKeepFocusBelow(bar: { readonly current: HTMLElement | null }) {
  useEffect(() => {
    let frame = 0;
    const onFocus = (e: FocusEvent) => {
      const el = e.target;
      const summary = bar.current;
      if (!(el instanceof HTMLElement) || summary === null || summary.contains(el)) return;
      if (el.closest('.col-bench') === null) return;
      cancelAnimationFrame(frame);
      // After the browser's own scroll to the focused element.
      frame = requestAnimationFrame(() => {
        if (getComputedStyle(summary).position !== 'sticky') return;
        const below = summary.getBoundingClientRect().bottom + 8;
        const top = el.getBoundingClientRect().top;
        if (top < below) window.scrollBy({ top: top - below });
      });
    };
    document.addEventListener('focusin', onFocus);
    return () => {
      cancelAnimationFrame(frame);
      document.removeEventListener('focusin', onFocus);
    };
  }, [bar]);
}
