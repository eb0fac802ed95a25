/**
 * What a new item starts with, as data: a new card, a new hardware card, the empty bench.
 * The bench schema (`bench/bench-schema.ts`) takes its defaults from here (core cannot
 * import the schema), and a test checks every default there against these.
 */
import type { Bench, Hardware, ModelCard } from './types';

/** The hours of a card that gives none (the day says it assumed them). */
export const DEFAULT_HOURS = 1;

/** A new card's fields, but its name: a typed 1 GB card that shares the GPU. */
export const NEW_CARD: Omit<ModelCard, 'name'> = {
  vram_gb: 1.0,
  residency: 'GPU_SHARED',
  cpu_fallback_supported: false,
  ram_overflow_supported: false,
  ram_gb_needed: null,
};

/** The hardware of a new (empty) bench. */
const NEW_HARDWARE: Hardware = { vram_gb: 8, ram_gb: 32, cpu_cores: 8 };

/** A bench with no cards: the Empty preset, and what a repair falls back on when nothing else is given. */
export const EMPTY_BENCH: Bench = { hardware: NEW_HARDWARE, models: [] };
