import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { notRun } from '../../core/story';
import { tourSteps, type TourTarget } from '../../core/tour';
import { useDay } from '../../store/plan';
import { placeTourCard, type Rect, type Size } from './place';
import { tourSeen, useView } from '../../store/view';

/** The page's element a step points at (the real chart, drawn by the timeline). */
function targetOf(t: TourTarget): Element | null {
  // The top chart, which the tour turns to the one-after-another view for this step.
  if (t.kind === 'waiting') return document.querySelector('[data-tour="day-chart"]');
  if (t.kind === 'savings') return document.querySelector('[data-tour="savings"]');
  return document.querySelector(`[data-tour-window~="${t.index}"]`);
}

const reducedMotion = () =>
  typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** Whether the whole of `el` is inside the window. */
function inView(el: Element): boolean {
  const r = el.getBoundingClientRect();
  return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
}

/**
 * The step's element, brought into view (smoothly unless motion is reduced), and its box in the
 * viewport, followed while the page scrolls or resizes; null when the page lacks it.
 */
function useTargetBox(t: TourTarget | undefined, first: boolean): Rect | null {
  const [box, setBox] = useState<Rect | null>(null);
  useLayoutEffect(() => {
    if (t === undefined) return;
    const el = targetOf(t);
    // To the window's middle, leaving room above and below it for the caption — but the first
    // step, whole in the window already, leaves the page where it is: a first visit does not
    // scroll away from what it opened on (jsdom has no scrollIntoView).
    if (el !== null && el !== undefined && typeof el.scrollIntoView === 'function' && (!first || !inView(el)))
      el.scrollIntoView({ block: 'center', behavior: reducedMotion() ? 'auto' : 'smooth' });
    const read = () => {
      const r = el?.getBoundingClientRect();
      setBox(r === undefined ? null : { top: r.top, left: r.left, width: r.width, height: r.height });
    };
    let frame = 0;
    const measure = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(read);
    };
    // Measured before the first paint: the card opens where it stays (beside its target), instead
    // of painting elsewhere and jumping a frame later (a layout shift of 0.45 on a phone).
    read();
    measure();
    window.addEventListener('scroll', measure, true);
    window.addEventListener('resize', measure);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', measure, true);
      window.removeEventListener('resize', measure);
    };
  }, [t, first]);
  return box;
}

/** Margin around the outlined element, px. */
const PAD = 6;

/**
 * The guided first visit: a caption card over the page and an outline around the real chart
 * element each step explains. It opens by itself on a first visit (until dismissed or finished,
 * remembered in localStorage) and from the day's "Show me" button. A non-modal dialog: focus
 * moves into it (Enter on the card itself is Next), Escape closes it and gives focus back to what
 * opened it, ← and → step; Tab goes Skip, Back, Next; the
 * caption is announced (aria-live). With prefers-reduced-motion, no smooth scroll and no glide.
 */
export function Tour() {
  const step = useView((s) => s.tourStep);
  const startTour = useView((s) => s.startTour);
  // A first visit: the tour opens once, by itself.
  useEffect(() => {
    if (!tourSeen()) startTour();
  }, [startTour]);
  return step === null ? null : <TourCard step={step} />;
}

function TourCard({ step }: { step: number }) {
  const id = useId();
  const { bench, plan, day } = useDay();
  const steps = useMemo(() => tourSteps(bench, plan, day, notRun(bench, plan, day).cards), [bench, plan, day]);
  const setStep = useView((s) => s.setTourStep);
  const endTour = useView((s) => s.endTour);
  const setDayView = useView((s) => s.setDayView);
  const card = useRef<HTMLDivElement>(null);
  const next = useRef<HTMLButtonElement>(null);
  // What had focus when the tour opened (the Show me button, or the page): it gets it back.
  const opener = useRef<Element | null>(null);
  const current = steps[Math.min(step, steps.length - 1)];

  const close = useCallback(() => {
    endTour();
    setDayView('planned');
    const back = opener.current;
    if (back instanceof HTMLElement && back.isConnected && back !== document.body) back.focus();
    else document.querySelector<HTMLElement>('.tour-start')?.focus();
  }, [endTour, setDayView]);

  useEffect(() => {
    opener.current = document.activeElement;
    card.current?.focus();
  }, []);
  // Escape closes the tour wherever the focus is (a dialog of the page's own keeps its Escape).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const t = e.target;
      if (t instanceof Element && t.closest('dialog') !== null) return;
      e.preventDefault();
      close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close]);

  // The first step shows the jobs one after another on the top chart; the next glides them
  // into the planned day (at once under prefers-reduced-motion). The view the tour opens on is
  // drawn at once, with its card: a glide as the page opens would only spend a phone's first
  // second on ~60 frames of moving bars, before anyone reads the card that explains them.
  const opened = useRef(false);
  useEffect(() => {
    if (current === undefined) return;
    setDayView(current.target.kind === 'waiting' ? 'waiting' : 'planned', opened.current);
    opened.current = true;
  }, [current, setDayView]);
  const box = useTargetBox(current?.target, step === 0);
  // The card's natural size (its content's height, whatever height limit it has now), measured
  // before each paint: where it goes depends on it.
  const [size, setSize] = useState<Size>({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = card.current;
    if (el === null) return;
    const next = { width: el.offsetWidth, height: el.scrollHeight + el.offsetHeight - el.clientHeight };
    if (next.width !== size.width || next.height !== size.height) setSize(next);
    // Again when the step's words change, or the window (which moves the target's box).
  }, [current, box, size.width, size.height]);

  if (current === undefined) {
    // Nothing runs in this day: no tour to give (the Show me button is hidden then too).
    return null;
  }
  const last = step >= steps.length - 1;
  // The window less its scroll bar (a page without layout, as jsdom's, has none: the window's).
  const root = document.documentElement;
  const place = placeTourCard(box, size, {
    width: root.clientWidth || window.innerWidth,
    height: root.clientHeight || window.innerHeight,
  });
  const go = (to: number) => {
    setStep(Math.max(0, Math.min(steps.length - 1, to)));
    next.current?.focus();
  };
  return (
    <>
      {box === null ? null : (
        <div
          className="tour-spot"
          aria-hidden="true"
          // Moved by a transform, not top/left: following its element while the page scrolls is
          // not a shift of the page's layout (CLS counts top/left moves of a fixed box).
          style={{
            transform: `translate(${box.left - PAD}px, ${box.top - PAD}px)`,
            width: box.width + 2 * PAD,
            height: box.height + 2 * PAD,
          }}
        />
      )}
      <div
        ref={card}
        className="tour-card"
        data-side={place.side ?? 'corner'}
        style={{ top: place.top, left: place.left, maxHeight: place.maxHeight }}
        role="dialog"
        aria-modal="false"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-text`}
        tabIndex={-1}
        onKeyDown={(e) => {
          if (e.key === 'ArrowRight' && !last) {
            e.preventDefault();
            go(step + 1);
          } else if (e.key === 'ArrowLeft' && step > 0) {
            e.preventDefault();
            go(step - 1);
          } else if (e.key === 'Enter' && e.target === e.currentTarget) {
            // The card itself has the focus (as it opens): Enter is its primary action, Next or Done.
            e.preventDefault();
            if (last) close();
            else go(step + 1);
          }
        }}
      >
        <div aria-live="polite" aria-atomic="true">
          <p className="tour-count">
            Step {step + 1} of {steps.length}
          </p>
          <h2 id={`${id}-title`}>{current.title}</h2>
          <p id={`${id}-text`}>{current.text}</p>
        </div>
        <div className="tour-actions">
          {/* On the last step Done closes it: one button for one action, not Close beside Done. */}
          {last ? null : (
            <button type="button" onClick={close} className="link">
              Skip the tour
            </button>
          )}
          <span className="tour-nav">
            <button type="button" onClick={() => go(step - 1)} disabled={step === 0}>
              Back
            </button>
            <button ref={next} type="button" className="primary" onClick={() => (last ? close() : go(step + 1))}>
              {last ? 'Done' : 'Next'}
            </button>
          </span>
        </div>
      </div>
    </>
  );
}
