/** The page's store as a component test starts it. */
import type { Bench } from '../core/types';
import { usePlanner } from '../store/store';
import { makeCard } from './cards';

/** The page's store (`usePlanner`) holding `bench`, with no history, no last edit and no notice. */
export function loadBench(bench: Bench): void {
  usePlanner.setState({ bench, past: [], future: [], lastEdit: null, notice: null });
}

/** A 1 GB shared card (1 h) for each name, on a 24 GB bench with no windows: a list to move, find and delete in. */
export const sharedCards = (names: readonly string[]): Bench => ({
  hardware: { vram_gb: 24, ram_gb: 64, cpu_cores: 8 },
  models: names.map((name) => makeCard({ name, vram_gb: 1, residency: 'GPU_SHARED', hours: 1 })),
});

/** Three such cards, `a`, `b`, `c`. */
export const threeCards = (): Bench => sharedCards(['a', 'b', 'c']);
