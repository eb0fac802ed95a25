/**
 * The repair, as one table: what to do with each bad value of a saved bench (saved state,
 * a share link — what the planner itself wrote), field by field, beside the schema's
 * tables. The reader (`bench-reader.ts`) walks a document with the schema and, at each
 * bad value, takes what this table says; the strict read takes the same stand-ins only to
 * go on checking (every problem is an error there, and the bench is refused). Repairs
 * that compare fields with each other (a duplicate name, a window naming a card that is
 * gone) are `repairCrossField`; the calibration section's are `CALIBRATION_REPAIRS`.
 * `restore.ts` runs the repair on saved state.
 */
import type { BenchProblem, BenchProblemCode } from '../core/bench-check';
import { uniqueName } from '../core/edits';
import { LIMITS } from '../core/limits';
import type {
  Bench,
  Calibration,
  Hardware,
  HardwareCoefficients,
  InterferenceProfile,
  ModelCard,
  PairLookupEntry,
  WindowPattern,
  WindowSpec,
} from '../core/types';
import { hasCandidates, RESIDENCIES, WINDOW_PATTERNS } from '../core/types';
import type { FieldSpec } from './bench-schema';
import { nearest } from './field-rules';

/** Where the bad value is: its item's index in its list, and the bench that fills what is missing. */
export interface RepairContext {
  readonly index: number;
  readonly fallback: Bench;
}

/**
 * A required field's stand-in when its value is missing or unusable (a number out of its
 * range is first brought into it); `null`: there is none, and the item is dropped.
 */
export type StandIn = ((raw: unknown, at: RepairContext) => unknown) | null;

/** A name kept as typed when it can be (a number or a boolean in its text), else `${what}_${index + 1}`. */
const nameStandIn =
  (what: string, scalars: boolean): StandIn =>
  (raw, { index }) =>
    scalars && (typeof raw === 'number' || typeof raw === 'bigint' || typeof raw === 'boolean')
      ? String(raw)
      : typeof raw === 'string' && raw.trim() !== ''
        ? raw.slice(0, LIMITS.nameLength)
        : `${what}_${index + 1}`;

type Required<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
/** The keys any window requires (each pattern's own). */
type WindowRequired = { [P in WindowPattern]: Required<Extract<WindowSpec, { pattern: P }>> }[WindowPattern];

/** What the repair does, place by place; the words are what `changes` says was done. */
export const REPAIRS = {
  document: {
    /** Empty, or not a mapping. */
    unusable: 'the default bench is loaded',
  },
  hardware: {
    /** Missing, or not a mapping. */
    unusable: "the default bench's hardware is used",
    standIn: {
      vram_gb: (_, c) => c.fallback.hardware.vram_gb,
      ram_gb: (_, c) => c.fallback.hardware.ram_gb,
      cpu_cores: (_, c) => c.fallback.hardware.cpu_cores,
    } satisfies Record<Required<Hardware>, StandIn>,
  },
  models: {
    /** Missing, or not a list. */
    unusable: 'no cards are kept',
  },
  model: {
    unusable: 'the card is dropped',
    standIn: {
      name: nameStandIn('card', true),
      vram_gb: () => 0,
      residency: (raw) => (typeof raw === 'string' ? nearest(raw, RESIDENCIES) : undefined) ?? 'GPU_SHARED',
      // Optional in the document, with the new card's defaults (the schema's `default`).
      cpu_fallback_supported: null,
      ram_overflow_supported: null,
      ram_gb_needed: null,
    } satisfies Record<Required<ModelCard>, StandIn>,
  },
  windows: {
    unusable: 'the day is composed from the cards instead',
  },
  window: {
    unusable: 'the window is dropped',
    standIn: {
      name: nameStandIn('window', false),
      pattern: (raw) => (typeof raw === 'string' ? nearest(raw, WINDOW_PATTERNS) : undefined),
      gpu_job: null,
      candidates: () => [],
      model: null,
      headroom_gb: null,
      // A split without its GPUs cannot be planned: dropped.
      gpus: null,
    } satisfies Record<WindowRequired, StandIn>,
  },
  /** A bad name in a list of card names. */
  listedName: 'removed from the list',
  /** A section that is not a mapping (`case_study`, a case study's `experience`). */
  section: 'ignored',
} as const;

const show = (v: unknown): string =>
  typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? 'none' : String(v);

/**
 * A calibration part's fields (the `interference:` section, its hw_coefs, a profile, a pair
 * lookup entry): `'required'` — nvinx needs it, and the part is dropped without it (the
 * part's `unusable`); else what a missing or bad value becomes (`undefined`: left out).
 */
type CalibrationFields<T> = { readonly [K in keyof T]-?: 'required' | { readonly becomes: T[K] } };

/**
 * What the repair does with a bad value of a calibration, part by part: a field nvinx
 * requires that is missing or bad drops its part (the section, or one profile, or one
 * entry); a bad optional figure takes its default; a bad item of a list leaves the list.
 */
export const CALIBRATION_REPAIRS = {
  section: {
    /** Not a mapping, or a required part missing or bad. */
    unusable: 'the calibration is dropped',
    fields: {
      hw_coefs: 'required',
      profiles: 'required',
      pair_measurements: { becomes: [] },
      gamma_kernel_size: { becomes: null },
      lopo_mean_pct: { becomes: null },
      lopo_max_pct: { becomes: null },
      lopo_mean_pct_v5: { becomes: null },
      lopo_max_pct_v5: { becomes: null },
      notes: { becomes: [] },
      pair_lookup: { becomes: undefined },
      max_kernel_rate_threshold: { becomes: null },
    } satisfies CalibrationFields<Calibration>,
  },
  hw_coefs: {
    /** The substrate's coefficients are required: without them the section is dropped. */
    unusable: 'the calibration is dropped',
    fields: {
      idlef_polynomial: 'required',
      powerp_linear: 'required',
      nominal_freq_mhz: 'required',
      tdp_watts: 'required',
      substrate_name: { becomes: 'unknown' },
    } satisfies CalibrationFields<HardwareCoefficients>,
  },
  profile: {
    /** Not a mapping, its key not a usable name, or a required figure missing or bad. */
    unusable: 'the profile is dropped',
    fields: {
      name: 'required',
      kernels: 'required',
      baseidle_ms: 'required',
      act_solo_ms: 'required',
      l2_saturation_pct: 'required',
      k_l2: { becomes: 0 },
      theta: { becomes: null },
      power_w: { becomes: 0 },
      architecture_class: { becomes: 'unknown' },
    } satisfies CalibrationFields<InterferenceProfile>,
  },
  pair_measurement: {
    /** Not four items, a name not usable, a latency not above 0, or more than the limit (the list is then none). */
    unusable: 'the pair is dropped',
  },
  note: {
    unusable: 'the note is dropped',
  },
  pair_lookup_entry: {
    /** Not a mapping, a bad pair or latency, or a pair already measured. */
    unusable: 'the entry is dropped',
    fields: {
      pair: 'required',
      measured_latency_a_ms: 'required',
      measured_latency_b_ms: 'required',
      measured_at: { becomes: '' },
    } satisfies CalibrationFields<PairLookupEntry>,
  },
} as const;

/** What a calibration's bad optional value becomes, said: its default, or nothing (removed). */
export const becomesRepair = (v: unknown): string => (v === undefined ? 'removed' : `set to ${show(v)}`);

/** What a bad optional field becomes: its default, or nothing (removed). */
export const optionalRepair = (f: FieldSpec): string =>
  f.default === undefined ? 'removed' : `set to ${show(f.default)}`;

/** What a required field's stand-in means, said. */
export const standInRepair = (v: unknown): string => (v === undefined ? 'dropped' : `set to ${show(v)}`);

/** A number outside its rule brought inside it; undefined when not a number. */
export function clampNumber(v: unknown, f: FieldSpec): number | undefined {
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || Number.isNaN(n) || f.type.type !== 'number') return undefined;
  const { min, max, integer, exclusiveMin } = f.type.rule;
  let x = Math.min(Math.max(n, min), max);
  if (integer === true) x = Math.max(Math.round(x), Math.ceil(min));
  if (exclusiveMin === true && x <= min) return undefined;
  return x;
}

/** A cross-field error repaired: the problem, and what was done. */
export interface CrossRepair {
  readonly problem: BenchProblem;
  readonly done: string;
}

/** What each cross-field error does to the bench (the rest are kept as they are, and said). */
const CROSS: Partial<Record<BenchProblemCode, 'rename' | 'unlist' | 'regpu'>> = {
  unknown_gpu: 'regpu',
  blank_name: 'rename',
  duplicate_card: 'rename',
  duplicate_window: 'rename',
  missing_card: 'unlist',
  repeated_candidate: 'unlist',
};

/**
 * The cross-field errors (`core/bench-check.ts`) repaired: a blank or repeated name is
 * renamed (made unique); a candidate naming a card that is gone, or named twice, leaves
 * the window; a window whose own card (GPU job, overflow model) is gone is dropped; a window
 * on a GPU the bench lacks moves to GPU 0 (a split loses that GPU).
 */
export function repairCrossField(
  bench: Bench,
  problems: readonly BenchProblem[],
): { bench: Bench; repairs: CrossRepair[] } {
  const repairs: CrossRepair[] = [];
  const models = [...bench.models];
  const windows = bench.windows === undefined ? undefined : [...bench.windows];
  const dropWindow = new Set<number>();
  const dropRef = new Map<number, Set<number>>();
  const names = new Set(models.map((m) => m.name));
  const windowNames = new Set(windows?.map((w) => w.name) ?? []);
  for (const p of problems) {
    if (p.severity === 'warning') continue;
    const [list, index, field, j] = p.path;
    if (typeof index !== 'number') continue;
    const action = CROSS[p.code];
    if (action === 'rename' && list === 'models') {
      const card = models[index]!;
      const name = uniqueName(card.name.trim() === '' ? `card_${index + 1}` : card.name, names);
      names.add(name);
      models[index] = { ...card, name };
      repairs.push({ problem: p, done: `renamed to ${JSON.stringify(name)}` });
    } else if (action === 'rename' && windows !== undefined) {
      const w = windows[index]!;
      const name = uniqueName(w.name.trim() === '' ? `window_${index + 1}` : w.name, windowNames, ' ');
      windowNames.add(name);
      windows[index] = { ...w, name };
      repairs.push({ problem: p, done: `renamed to ${JSON.stringify(name)}` });
    } else if (action === 'unlist' && field === 'candidates' && typeof j === 'number') {
      const set = dropRef.get(index) ?? new Set<number>();
      set.add(j);
      dropRef.set(index, set);
      repairs.push({ problem: p, done: 'removed from the window' });
    } else if (action === 'unlist') {
      dropWindow.add(index);
      repairs.push({ problem: p, done: 'the window is dropped' });
    } else if (action === 'regpu' && windows !== undefined) {
      // A window on a GPU the bench lacks (issue 18) moves to GPU 0; a split loses that GPU (dropped with none left).
      const w = windows[index]!;
      const orig = bench.windows![index]!;
      if (w.pattern === 'multi_gpu_split' && orig.pattern === 'multi_gpu_split' && typeof j === 'number') {
        const left = w.gpus.filter((g) => g !== orig.gpus[j]);
        if (left.length === 0) dropWindow.add(index);
        else windows[index] = { ...w, gpus: left };
        repairs.push({
          problem: p,
          done: left.length === 0 ? 'the window is dropped (no GPU left)' : 'removed from the list',
        });
      } else if (w.pattern !== 'multi_gpu_split') {
        const { gpu: _gpu, ...rest } = w;
        windows[index] = rest;
        repairs.push({ problem: p, done: 'moved to GPU 0' });
      }
    } else repairs.push({ problem: p, done: 'kept' });
  }
  const kept = windows
    ?.map((w, k) => {
      const drop = dropRef.get(k);
      if (drop === undefined || !hasCandidates(w)) return w;
      return { ...w, candidates: w.candidates.filter((_, j) => !drop.has(j)) };
    })
    .filter((_, k) => !dropWindow.has(k));
  return { bench: { ...bench, models, ...(kept === undefined ? {} : { windows: kept }) }, repairs };
}
