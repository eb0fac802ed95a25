import '@testing-library/jest-dom/vitest';

// jsdom lacks ResizeObserver, which recharts' ResponsiveContainer uses.
if (typeof window !== 'undefined' && !('ResizeObserver' in window)) {
  class ResizeObserverStub {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  (window as unknown as { ResizeObserver: unknown }).ResizeObserver = ResizeObserverStub;
}

// Unmount between tests (testing-library only does this itself with vitest globals on).
import { afterEach } from 'vitest';
afterEach(async () => {
  if (typeof document === 'undefined') return;
  const { cleanup } = await import('@testing-library/react');
  cleanup();
});
