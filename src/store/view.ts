/**
 * What the page shows, apart from the bench: which day the top chart draws, and the guided
 * first visit's step. Not the bench, not undoable, not in the bench's saved state: only the
 * tour's "seen" flag is kept (its own localStorage key), so a dismissed tour never shows again.
 */
import { create } from 'zustand';

/**
 * localStorage key of the tour's flag ('seen' once dismissed or finished).
 * @internal tests and benchmarks start past the guided tour with it.
 */
export const TOUR_KEY = 'nvinx-planner:tour';

export type DayView = 'planned' | 'waiting';

export interface ViewState {
  /** The top chart: the planned day, or every job moved to the one-after-another lane. */
  readonly dayView: DayView;
  /** Whether the top chart's bars glide to the new view (false: they are drawn there at once). */
  readonly dayGlide: boolean;
  /** The tour's step (0-based), or null when it is closed. */
  readonly tourStep: number | null;
  /** Show `view` on the top chart, gliding the bars there unless `glide` is false. */
  setDayView(view: DayView, glide?: boolean): void;
  /** Open the tour at its first step (the "Show me" button; a first visit). */
  startTour(): void;
  setTourStep(step: number): void;
  /** Close the tour and remember it was seen. */
  endTour(): void;
}

/** Whether the tour was seen (dismissed or finished) on this browser. Storage that fails counts as seen. */
export function tourSeen(): boolean {
  try {
    return localStorage.getItem(TOUR_KEY) === 'seen';
  } catch {
    return true;
  }
}

function rememberTourSeen(): void {
  try {
    localStorage.setItem(TOUR_KEY, 'seen');
  } catch {
    // Private mode or a full storage: the tour may show again on the next visit.
  }
}

export const useView = create<ViewState>()((set) => ({
  dayView: 'planned',
  dayGlide: true,
  tourStep: null,
  setDayView: (dayView, glide = true) => set({ dayView, dayGlide: glide }),
  startTour: () => set({ tourStep: 0, dayView: 'planned' }),
  setTourStep: (tourStep) => set({ tourStep }),
  endTour: () => {
    rememberTourSeen();
    set({ tourStep: null });
  },
}));
