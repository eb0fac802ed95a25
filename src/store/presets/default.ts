/**
 * The bench a first visit opens on, apart from the other presets: the page loads this (read
 * from its YAML at build time, `vite.config.ts`) before its first paint, and the preset menu
 * with the other presets after.
 */
import type { Bench } from '../../core/types';
import defaultDay from './default-4gb-day.yaml?bench';

export interface Preset {
  readonly id: string;
  readonly label: string;
  readonly bench: () => Bench;
}

/** A preset's bench, named as the preset when its file has no name. */
export const named = (bench: Bench, name: string): Bench => (bench.name === undefined ? { ...bench, name } : bench);

export const DEFAULT_PRESET: Preset = {
  id: 'day4',
  label: '4 GB bench — composed day (default)',
  bench: () => named(defaultDay, '4 GB bench — a composed day'),
};

export const defaultBench = (): Bench => DEFAULT_PRESET.bench();
