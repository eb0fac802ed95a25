import { act } from '@testing-library/react';

/**
 * Wait until the plan's views have caught up with the last edit: they follow it after the
 * page has painted the edit (a frame, then a task; `useSettledBench` in src/store/plan.ts).
 */
export async function settled(): Promise<void> {
  await act(async () => {
    await new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  });
}
