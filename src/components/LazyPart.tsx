import { Component, lazy, Suspense, useState, type ComponentType, type ReactNode } from 'react';

type Loaded<P> = { readonly default: ComponentType<P> };

/** How browsers word a dynamic import whose file could not be fetched (Chromium, Firefox, Safari). */
const MODULE_FETCH_FAILED =
  /Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed/i;

/** What a lazy part shows while its chunk loads, and around the line that says it failed. */
interface LazyPartOptions<P> {
  /** What loads, for the failure line ("the editors"). */
  readonly what: string;
  /** In the part's place while it loads (its own box, so nothing moves when it comes). */
  readonly loading?: ReactNode;
  /**
   * Wraps the failure line (a section the part fills; a dialog the part is, which its props'
   * `onClose` closes: `failedDialog` in Dialog.tsx); the line alone without it.
   */
  readonly frame?: (line: ReactNode, props: P) => ReactNode;
}

interface BoundaryProps<P> {
  readonly options: LazyPartOptions<P>;
  readonly props: P;
  readonly onRetry: (error: unknown) => void;
  readonly children: ReactNode;
}

/** Catches the part's failed load (or a throw while it draws) and offers Try again. */
class Boundary<P> extends Component<BoundaryProps<P>, { error: unknown; failed: boolean }> {
  override state = { error: null as unknown, failed: false };
  static getDerivedStateFromError(error: unknown) {
    return { error, failed: true };
  }
  override render() {
    if (!this.state.failed) return this.props.children;
    const { what, frame } = this.props.options;
    const why = this.state.error instanceof Error ? this.state.error.message : String(this.state.error);
    const line = (
      <p className="lazy-failed" role="alert">
        Could not load {what} ({why}).{' '}
        <button type="button" onClick={() => this.props.onRetry(this.state.error)}>
          Try again
        </button>
      </p>
    );
    return frame === undefined ? line : frame(line, this.props.props);
  }
}

/**
 * A component loaded in its own chunk: `options.loading` in its place while it loads; if the
 * load fails (a flaky network, a deploy that replaced the files), a line that says so with
 * Try again, which calls `load` afresh (a new `lazy`, shared by every instance) and draws again.
 * The store and the rest of the page are untouched.
 */
export function lazyPart<P extends object>(
  load: () => Promise<Loaded<P>>,
  options: LazyPartOptions<P>,
): ComponentType<P> {
  let current = lazy(load);
  let attempts = 0;
  function LazyPart(props: P) {
    const [attempt, setAttempt] = useState(attempts);
    const Part = current as ComponentType<P>;
    const retry = (error: unknown) => {
      // A chunk the browser could not fetch stays failed in its module map (Chromium 150 keeps a
      // failed dynamic import): a fresh import() of the same URL fails at once. The page is
      // opened again instead; the store is written as the page goes (pagehide), so nothing is lost.
      if (error instanceof Error && MODULE_FETCH_FAILED.test(error.message) && typeof location !== 'undefined') {
        location.reload();
        return;
      }
      // The first instance to retry makes the fresh load; the others draw it.
      if (attempt === attempts) {
        attempts += 1;
        current = lazy(load);
      }
      setAttempt(attempts);
    };
    return (
      <Boundary key={attempt} options={options} props={props} onRetry={retry}>
        <Suspense fallback={options.loading ?? null}>
          <Part {...props} />
        </Suspense>
      </Boundary>
    );
  }
  return LazyPart;
}
