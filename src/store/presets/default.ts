/**
 * What the page needs of the presets before its first paint: the bench a first visit opens on
 * (read from its YAML at build time, `vite.config.ts`) and the menu's entries. The other
 * presets' benches (`index.ts`) load after.
 */
import type { Bench } from '../../core/types';
import defaultDay from './default-4gb-day.yaml?bench';

/** The preset menu's entries, in its order (each one's bench: `PRESETS` in `index.ts`). */
export const PRESET_MENU = [
  { id: 'day4', label: '4 GB bench — composed day (default)' },
  { id: 'rtx3060', label: 'RTX 3060 12 GB — every figure estimated' },
  { id: '2x3090', label: '2 × RTX 3090 24 GB — a 70B split overnight' },
  { id: '3090+3060', label: 'RTX 3090 + RTX 3060 — two GPUs, one split' },
  { id: 'ref4', label: 'nvinx reference: 4 GB bench' },
  { id: 'ref8', label: 'nvinx reference: 8 GB bench' },
  { id: 'ref24', label: 'nvinx reference: 24 GB bench' },
  { id: 'empty', label: 'Empty bench' },
] as const;

export type PresetId = (typeof PRESET_MENU)[number]['id'];

export interface Preset {
  readonly id: PresetId;
  readonly label: string;
  readonly bench: () => Bench;
}

/** A preset's bench, named as the preset when its file has no name. */
export const named = (bench: Bench, name: string): Bench => (bench.name === undefined ? { ...bench, name } : bench);

export const DEFAULT_PRESET: Preset = {
  ...PRESET_MENU[0],
  bench: () => named(defaultDay, '4 GB bench — a composed day'),
};

export const defaultBench = (): Bench => DEFAULT_PRESET.bench();
