import { benchKey } from '../../bench/bench-key';
import type { Bench } from '../../core/types';
import { EMPTY_BENCH } from '../../core/defaults';
import { DEFAULT_PRESET, named, PRESET_MENU, type Preset, type PresetId } from './default';
import rtx3060Day from './rtx3060-day.yaml?bench';
import twoRtx3090Day from './2x3090-day.yaml?bench';
import rtx3090And3060Day from './3090-3060-day.yaml?bench';
import bench8 from '../../../fixtures/bench_8gb.yaml?bench';
import bench24 from '../../../fixtures/bench_24gb.yaml?bench';
import bench4 from '../../../fixtures/bench_4gb.yaml?bench';

// Presets are plain YAML read at build time (`vite.config.ts`): neither the YAML reader nor the
// `yaml` package is in the page's first download.

/**
 * Plausible hours for nvinx's reference benches (the fixture files stay byte for byte as
 * nvinx ships them; the presets add the timing fields so a first look shows a day).
 */
const REFERENCE_HOURS: Record<string, Readonly<Record<string, number>>> = {
  ref4: {
    long_inference: 6,
    classifier_a: 1,
    embedder: 0.5,
    reranker: 1,
    feature_extractor: 2,
    report_writer: 1,
    big_folder: 1,
  },
  ref8: {
    long_inference: 8,
    classifier_b: 1.5,
    embedder: 0.5,
    reranker: 1,
    summarizer: 2,
    data_ingest: 3,
    vector_index_build: 2,
  },
  ref24: {
    long_inference: 10,
    classifier_large: 2,
    embedder_large: 1,
    reranker_large: 1.5,
    data_pipeline: 4,
    huge_model: 2,
  },
};

function withHours(b: Bench, id: string): Bench {
  const hours = REFERENCE_HOURS[id] ?? {};
  return {
    ...b,
    models: b.models.map((m) => {
      const h = hours[m.name];
      return h === undefined ? m : { ...m, hours: h };
    }),
  };
}

/** Each preset's bench, by the menu's id (the type checker asks for one per entry). */
const BENCHES: Readonly<Record<PresetId, () => Bench>> = {
  day4: DEFAULT_PRESET.bench,
  rtx3060: () => named(rtx3060Day, 'RTX 3060 12 GB — every figure estimated'),
  '2x3090': () => named(twoRtx3090Day, '2 × RTX 3090 24 GB — a 70B split overnight'),
  '3090+3060': () => named(rtx3090And3060Day, 'RTX 3090 + RTX 3060 — two GPUs, one split'),
  ref4: () => withHours(named(bench4, '4 GB bench'), 'ref4'),
  ref8: () => withHours(named(bench8, '8 GB bench'), 'ref8'),
  ref24: () => withHours(named(bench24, '24 GB bench'), 'ref24'),
  empty: () => ({ name: 'Empty bench', ...EMPTY_BENCH, windows: [] }),
};

export const PRESETS: readonly Preset[] = PRESET_MENU.map((p) => ({ ...p, bench: BENCHES[p.id] }));

/** What the open bench is: a preset as it loads, a preset since edited, or the user's own. */
export type BenchOrigin =
  | { readonly kind: 'preset'; readonly preset: Preset }
  | { readonly kind: 'edited'; readonly preset: Preset }
  | { readonly kind: 'yours' };

/** Each preset's bench as it loads, and its key (worked out when a bench of its name is compared). */
interface PresetBench {
  readonly preset: Preset;
  readonly bench: Bench;
  key?: string;
}
let presetBenches: readonly PresetBench[] | null = null;
const presetsLoaded = () =>
  (presetBenches ??= PRESETS.map((preset): PresetBench => ({ preset, bench: preset.bench() })));

/**
 * Where the open bench comes from, for the preset menu and for Load: a preset as it loads
 * (replacing it loses nothing), the same preset edited (its name kept), or the user's own.
 * Cheap on large benches: only a bench named and sized as a preset is compared whole.
 */
export function benchOrigin(bench: Bench): BenchOrigin {
  const named = presetsLoaded().filter((p) => p.bench.name === bench.name);
  if (named.length === 0) return { kind: 'yours' };
  const same = named.find(
    (p) => p.bench.models.length === bench.models.length && (p.key ??= benchKey(p.bench)) === benchKey(bench),
  );
  return same !== undefined ? { kind: 'preset', preset: same.preset } : { kind: 'edited', preset: named[0]!.preset };
}
