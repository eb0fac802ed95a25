import '@testing-library/jest-dom/vitest';

// jsdom lacks ResizeObserver (the timeline measures its width with one).
if (typeof window !== 'undefined' && !('ResizeObserver' in window)) {
  class ResizeObserverStub {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = ResizeObserverStub;
}

// Unmount between tests (testing-library only does this itself with vitest globals on).
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { TOUR_KEY } from '../store/view';

// The page's store loads its commits (the edits and the bench check) after the first paint; a
// component test starts with them there, so an edit is in the store when its handler returns
// (the store's own tests cover an edit made before they load).
beforeAll(async () => {
  if (typeof document === 'undefined') return;
  const { usePlanner } = await import('../store/store');
  await usePlanner.loadCommits();
});

// The guided first visit opens by itself on a first visit: the tests start past it (each test
// that wants a first visit removes the flag).
beforeEach(() => {
  if (typeof localStorage !== 'undefined') localStorage.setItem(TOUR_KEY, 'seen');
});
afterEach(async () => {
  if (typeof document === 'undefined') return;
  const { cleanup } = await import('@testing-library/react');
  cleanup();
});

// jsdom has no Worker. The page's workers are the YAML worker and the suggest worker: this one
// runs the same handler on the test's thread, asynchronously, as a worker would answer.
if (typeof window !== 'undefined' && !('Worker' in window)) {
  class InThreadYamlWorker {
    onmessage: ((e: { data: unknown }) => void) | null = null;
    onerror: ((e: unknown) => void) | null = null;
    private closed = false;
    private readonly suggest: boolean;
    constructor(url: URL | string) {
      this.suggest = String(url).includes('suggest.worker');
    }
    postMessage(req: unknown) {
      if (this.suggest) {
        void import('../components/suggest-handler').then(({ handleSuggest }) =>
          setTimeout(() =>
            handleSuggest(req as import('../components/suggest-client').SuggestRequest, (r) => {
              if (!this.closed) this.onmessage?.({ data: r });
            }),
          ),
        );
        return;
      }
      void import('../features/import-export/yaml-handler').then(({ handleYamlRequest }) => {
        if (!this.closed)
          this.onmessage?.({
            data: handleYamlRequest(req as import('../features/import-export/yaml-protocol').YamlRequest),
          });
      });
    }
    terminate() {
      this.closed = true;
    }
  }
  (window as unknown as { Worker: unknown }).Worker = InThreadYamlWorker;
}
