/**
 * A preset's bench for tests, read from its YAML file (`src/store/presets/`) with the reader
 * the store reads it with (`readPlainBench`), so a test's "default day" is the page's, not a
 * hand copy. Read from disk with `node:fs` rather than imported from `src/store/presets`, so
 * core tests do not load the store layer.
 */
import { readFileSync } from 'node:fs';
import { readPlainBench } from '../bench/bench-reader';
import type { Bench, Hardware } from '../core/types';

function presetBench(file: string): Bench {
  const text = readFileSync(new URL(`../store/presets/${file}`, import.meta.url), 'utf8');
  const r = readPlainBench(text);
  if (r === null || !r.ok) throw new Error(`preset ${file} does not read`);
  return r.bench;
}

/**
 * The default preset (nvinx's 4 GB reference bench and its composed day) without the
 * bandwidths the planner adds: its spilled model then takes nvinx's own 3–5×, not a figure
 * estimated from the bandwidths.
 */
export function defaultDay(): Bench {
  const b = presetBench('default-4gb-day.yaml');
  const { vram_gb, ram_gb, cpu_cores }: Hardware = b.hardware;
  return { ...b, hardware: { vram_gb, ram_gb, cpu_cores } };
}
