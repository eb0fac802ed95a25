// @vitest-environment jsdom
import { act, render } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeCard } from '../../test/cards';
import { settled } from '../../test/settled';
import type { Bench } from '../../core/types';
import { usePlanner } from '../../store/store';
import { DaySummary } from './DaySummary';
import { loadBench } from '../../test/store';

const bench = (hours: number): Bench => ({
  hardware: { vram_gb: 24, ram_gb: 64, cpu_cores: 8 },
  models: [
    makeCard({ name: 'a', vram_gb: 4, residency: 'GPU_SHARED', hours }),
    makeCard({ name: 'b', vram_gb: 4, residency: 'GPU_SHARED', hours: 2 }),
  ],
  windows: [{ name: 'w', pattern: 'fractional_coresidency', headroom_gb: 0.5, candidates: ['a', 'b'] }],
});

beforeEach(() => {
  localStorage.clear();
  loadBench(bench(1));
});

const pause = (ms: number) => act(() => new Promise<void>((r) => setTimeout(r, ms)));

describe('the day read out after an edit', () => {
  it('says nothing on opening, then the changed day once the edits pause', async () => {
    const { container } = render(<DaySummary />);
    const live = container.querySelector('[aria-live="polite"]')!;
    await settled();
    await pause(1100);
    expect(live.textContent).toBe('');
    usePlanner.setState({ bench: bench(3) });
    await settled();
    expect(live.textContent).toBe(''); // not while it may still be typing
    await pause(1100);
    expect(live.textContent).toContain('The day: ');
    expect(live.textContent).toContain('planned 3 h (one after another 5 h)');
  });
});
