/** The page's store as a component test starts it. */
import type { Bench } from '../core/types';
import { usePlanner } from '../store/store';
import { makeCard } from './cards';

/** The page's store (`usePlanner`) holding `bench`, with no history, no last edit and no notice. */
export function loadBench(bench: Bench): void {
  usePlanner.setState({ bench, past: [], future: [], lastEdit: null, notice: null });
}

/** Three 1 GB shared cards, `a`, `b`, `c` (1 h each), on a 24 GB bench with no windows: a list to move and delete in. */
export const threeCards = (): Bench => ({
  hardware: { vram_gb: 24, ram_gb: 64, cpu_cores: 8 },
  models: ['a', 'b', 'c'].map((name) => makeCard({ name, vram_gb: 1, residency: 'GPU_SHARED', hours: 1 })),
});
