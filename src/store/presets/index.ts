import { readPlainBench } from '../../io';
import type { Bench } from '../../core';
import defaultDay from './default-4gb-day.yaml?raw';
import bench8 from '../../../fixtures/bench_8gb.yaml?raw';
import bench24 from '../../../fixtures/bench_24gb.yaml?raw';
import bench4 from '../../../fixtures/bench_4gb.yaml?raw';

function load(text: string, name: string): Bench {
  // Presets are plain YAML, read without the yaml package (it stays out of the first download).
  const r = readPlainBench(text);
  if (r === null) throw new Error(`preset ${name} is not plain YAML`);
  if (!r.ok) throw new Error(`preset ${name} is invalid: ${r.errors[0]?.message ?? ''}`);
  return { ...r.bench, name: r.bench.name ?? name };
}

export interface Preset {
  readonly id: string;
  readonly label: string;
  readonly bench: () => Bench;
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'day4',
    label: '4 GB bench — composed day (default)',
    bench: () => load(defaultDay, '4 GB bench — a composed day'),
  },
  { id: 'ref4', label: 'nvinx reference: 4 GB bench', bench: () => load(bench4, '4 GB bench') },
  { id: 'ref8', label: 'nvinx reference: 8 GB bench', bench: () => load(bench8, '8 GB bench') },
  { id: 'ref24', label: 'nvinx reference: 24 GB bench', bench: () => load(bench24, '24 GB bench') },
  {
    id: 'empty',
    label: 'Empty bench',
    bench: () => ({ name: 'Empty bench', hardware: { vram_gb: 8, ram_gb: 32, cpu_cores: 8 }, models: [], windows: [] }),
  },
];

export const defaultBench = (): Bench => PRESETS[0]!.bench();
