/**
 * The bench's `interference:` section, and nvinx-calibrate's `calibration_result.json`
 * (the same keys: nvinx 0.3.0a2 `calibration/runner.py` writes hw_coefs, profiles,
 * pair_measurements, lopo_mean_pct, lopo_max_pct, gamma_kernel_size, lopo_mean_pct_v5,
 * lopo_max_pct_v5 and notes), plus the two settings `fractional_coresidency_v2` also takes
 * (`pair_lookup`, `max_kernel_rate_threshold`). Read by the bench reader's `Reader`, so both
 * policies hold: strict (a file imported by hand, the CLI) reports every problem with its
 * path; repair (saved state, share links) keeps what it can and says what it dropped.
 * What the repair does with each bad value is `CALIBRATION_REPAIRS` (`repair.ts`): a field
 * nvinx requires that is missing or wrong drops its part (the section, a profile, an entry).
 */
import type {
  Calibration,
  HardwareCoefficients,
  InterferenceProfile,
  PairLookupEntry,
  PairMeasurement,
} from '../core/types';
import { canonicalPair } from '../core/interference';
import type { PathPart, Reader } from './issues';
import { checkName, checkNumber, checkText, describe, type Check, type NumberRule } from './field-rules';
import { becomesRepair, CALIBRATION_REPAIRS as REPAIR } from './repair';

/** Bounds on a calibration: absurd figures are refused, not planned. */
const CALIBRATION_LIMITS = {
  profiles: 10000,
  pairs: 100000,
  notes: 1000,
  polynomial: 16,
  ms: 1e9,
  kernels: 1e12,
  coefficient: 1e6,
  pct: 1e6,
} as const;

const MS: NumberRule = { min: 0, max: CALIBRATION_LIMITS.ms, unit: 'ms' };
const POSITIVE_MS: NumberRule = { ...MS, exclusiveMin: true };
const KERNELS: NumberRule = { min: 0, max: CALIBRATION_LIMITS.kernels, integer: true };
const COEF: NumberRule = { min: -CALIBRATION_LIMITS.coefficient, max: CALIBRATION_LIMITS.coefficient };
const THETA: NumberRule = { min: 0, max: CALIBRATION_LIMITS.coefficient };
const PCT: NumberRule = { min: 0, max: CALIBRATION_LIMITS.pct, unit: '%' };
const NONNEG: NumberRule = { min: 0, max: CALIBRATION_LIMITS.coefficient };

/**
 * Every key of `T`, listed once: a list missing a key of the type, or naming one it lacks,
 * fails the type check (so these lists cannot drift from core's interfaces).
 */
type AllKeys<T, L extends readonly (keyof T)[]> = Exclude<keyof T, L[number]> extends never ? L : never;
const allKeys =
  <T>() =>
  <const L extends readonly (keyof T)[]>(keys: AllKeys<T, L>): L =>
    keys;

const HW_COEFS_KEYS = allKeys<HardwareCoefficients>()([
  'idlef_polynomial',
  'powerp_linear',
  'nominal_freq_mhz',
  'tdp_watts',
  'substrate_name',
]);
const PROFILE_KEYS = allKeys<InterferenceProfile>()([
  'name',
  'kernels',
  'baseidle_ms',
  'act_solo_ms',
  'l2_saturation_pct',
  'k_l2',
  'theta',
  'power_w',
  'architecture_class',
]);
const PAIR_LOOKUP_KEYS = allKeys<PairLookupEntry>()([
  'pair',
  'measured_latency_a_ms',
  'measured_latency_b_ms',
  'measured_at',
]);
/** The section's keys, in the order they are written. */
const INTERFERENCE_KEYS = allKeys<Calibration>()([
  'hw_coefs',
  'profiles',
  'pair_measurements',
  'gamma_kernel_size',
  'lopo_mean_pct',
  'lopo_max_pct',
  'lopo_mean_pct_v5',
  'lopo_max_pct_v5',
  'notes',
  'pair_lookup',
  'max_kernel_rate_threshold',
]);

const absent = (v: unknown) => v === undefined || v === null;
const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);

/** A calibration part's repairs: what drops it, and per field `'required'` or what it becomes. */
type PartRepairs = {
  readonly unusable: string;
  readonly fields: { readonly [k: string]: 'required' | { readonly becomes: unknown } };
};
/** The fields the table marks required. */
type RequiredKey<Fs> = { [k in keyof Fs]: Fs[k] extends 'required' ? k : never }[keyof Fs] & string;

/**
 * The required fields of one part (per the repair table), each problem reported (all of
 * them, not only the first); `ok` turns false when one cannot be kept, and then the whole
 * part is dropped (the table's `unusable`).
 */
class Required<P extends PartRepairs> {
  ok = true;
  constructor(
    private readonly r: Reader,
    private readonly obj: Record<string, unknown>,
    private readonly path: readonly PathPart[],
    private readonly part: P,
  ) {}
  get<T>(key: RequiredKey<P['fields']>, check: (v: unknown) => Check<T>): T {
    const v = this.obj[key];
    if (v === undefined) {
      this.r.problem(this.path, `is missing the required field ${key}`, this.part.unusable);
      this.ok = false;
      return undefined as T;
    }
    const c = check(v);
    if (!c.ok) {
      this.r.problem([...this.path, key], c.message, this.part.unusable);
      this.ok = false;
      return undefined as T;
    }
    return c.value;
  }
}

/** What the repair table says an optional field becomes. */
type Becomes<E> = E extends { readonly becomes: infer B } ? B : never;
/** The fields the table gives a default (a required one is read with `Required`). */
type OptionalKey<Fs> = { [k in keyof Fs]: Fs[k] extends 'required' ? never : k }[keyof Fs] & string;

/**
 * An optional field: its value; what the repair table says it becomes when absent or null,
 * and when bad (reported) too.
 */
function optional<
  T,
  Fs extends { readonly [k: string]: 'required' | { readonly becomes: unknown } },
  K extends OptionalKey<Fs>,
>(
  r: Reader,
  obj: Record<string, unknown>,
  path: readonly PathPart[],
  fields: Fs,
  key: K,
  check: (v: unknown) => Check<T>,
): T | Becomes<Fs[K]> {
  const repair = fields[key] as { readonly becomes: Becomes<Fs[K]> };
  const v = obj[key];
  if (absent(v)) return repair.becomes;
  const c = check(v);
  if (c.ok) return c.value;
  r.problem([...path, key], c.message, becomesRepair(repair.becomes));
  return repair.becomes;
}

const num = (rule: NumberRule) => (v: unknown) => checkNumber(v, rule);

function numberList(max: number) {
  return (v: unknown): Check<number[]> => {
    if (!Array.isArray(v)) return { ok: false, message: `must be a list of numbers, got ${describe(v)}` };
    if (v.length > max) return { ok: false, message: `has ${v.length} coefficients; at most ${max}` };
    const out: number[] = [];
    for (const [i, x] of v.entries()) {
      const c = checkNumber(x, COEF);
      if (!c.ok) return { ok: false, message: `item ${i + 1} ${c.message}` };
      out.push(c.value);
    }
    return { ok: true, value: out };
  };
}

function readHwCoefs(r: Reader, given: unknown, path: readonly PathPart[]): HardwareCoefficients | undefined {
  if (!isMapping(given)) {
    r.problem(
      path,
      `must be a mapping of the substrate's coefficients, got ${describe(given)}`,
      REPAIR.hw_coefs.unusable,
    );
    return undefined;
  }
  const v = r.unknownKeys(given, path, HW_COEFS_KEYS);
  const need = new Required(r, v, path, REPAIR.hw_coefs);
  const hw: HardwareCoefficients = {
    idlef_polynomial: need.get('idlef_polynomial', numberList(CALIBRATION_LIMITS.polynomial)),
    powerp_linear: need.get('powerp_linear', numberList(CALIBRATION_LIMITS.polynomial)),
    nominal_freq_mhz: need.get('nominal_freq_mhz', num({ min: 0, max: 1e6, unit: 'MHz' })),
    tdp_watts: need.get('tdp_watts', num({ min: 0, max: 1e6, unit: 'W' })),
    substrate_name: optional(r, v, path, REPAIR.hw_coefs.fields, 'substrate_name', checkText),
  };
  return need.ok ? hw : undefined;
}

/** One profile, or undefined (reported) when it cannot be kept. */
function readProfile(r: Reader, given: unknown, path: readonly PathPart[]): InterferenceProfile | undefined {
  if (!isMapping(given)) {
    r.problem(path, `must be a mapping of a model's profile, got ${describe(given)}`, REPAIR.profile.unusable);
    return undefined;
  }
  const v = r.unknownKeys(given, path, PROFILE_KEYS);
  const need = new Required(r, v, path, REPAIR.profile);
  const opt = REPAIR.profile.fields;
  const p: InterferenceProfile = {
    name: need.get('name', checkName),
    kernels: need.get('kernels', num(KERNELS)),
    baseidle_ms: need.get('baseidle_ms', num(MS)),
    act_solo_ms: need.get('act_solo_ms', num(MS)),
    l2_saturation_pct: need.get('l2_saturation_pct', num(PCT)),
    k_l2: optional(r, v, path, opt, 'k_l2', num(COEF)),
    theta: optional(r, v, path, opt, 'theta', num(THETA)),
    power_w: optional(r, v, path, opt, 'power_w', num({ min: 0, max: 1e6, unit: 'W' })),
    architecture_class: optional(r, v, path, opt, 'architecture_class', checkText),
  };
  return need.ok ? p : undefined;
}

function readProfiles(
  r: Reader,
  v: unknown,
  path: readonly PathPart[],
): Record<string, InterferenceProfile> | undefined {
  if (!isMapping(v)) {
    r.problem(path, `must be a mapping of model names to profiles, got ${describe(v)}`, REPAIR.section.unusable);
    return undefined;
  }
  const keys = Object.keys(v);
  if (keys.length > CALIBRATION_LIMITS.profiles) {
    r.problem(
      path,
      `has ${keys.length} profiles; the planner reads at most ${CALIBRATION_LIMITS.profiles}`,
      REPAIR.section.unusable,
    );
    return undefined;
  }
  const out: [string, InterferenceProfile][] = [];
  for (const key of keys) {
    const at = [...path, key];
    const k = checkName(key);
    if (!k.ok) {
      r.problem(at, `is not a usable model name (the key ${k.message})`, REPAIR.profile.unusable, true);
      continue;
    }
    const p = readProfile(r, v[key], at);
    if (p === undefined) continue;
    if (p.name !== key) {
      r.issue(
        'warning',
        [...at, 'name'],
        `is ${JSON.stringify(p.name)}: cards are matched by the key ${JSON.stringify(key)}, pair lookups use the name (as nvinx does)`,
      );
    }
    out.push([key, p]);
  }
  // Own properties only (a model may be named __proto__).
  return Object.fromEntries(out);
}

function readPairs(
  r: Reader,
  v: unknown,
  path: readonly PathPart[],
  profiles: Record<string, InterferenceProfile>,
): PairMeasurement[] {
  const none = REPAIR.section.fields.pair_measurements.becomes;
  if (absent(v)) return [...none];
  if (!Array.isArray(v)) {
    r.problem(
      path,
      `must be a list of [name_a, name_b, meas_a_ms, meas_b_ms], got ${describe(v)}`,
      becomesRepair(none),
    );
    return [...none];
  }
  if (v.length > CALIBRATION_LIMITS.pairs) {
    r.problem(
      path,
      `has ${v.length} pairs; the planner reads at most ${CALIBRATION_LIMITS.pairs}`,
      becomesRepair(none),
    );
    return [...none];
  }
  const out: PairMeasurement[] = [];
  v.forEach((row, i) => {
    const at = [...path, i];
    if (!Array.isArray(row) || row.length !== 4) {
      r.problem(
        at,
        `must be [name_a, name_b, meas_a_ms, meas_b_ms], got ${describe(row)}${Array.isArray(row) ? ` of ${row.length}` : ''}`,
        REPAIR.pair_measurement.unusable,
      );
      return;
    }
    const checks = [
      checkName(row[0]),
      checkName(row[1]),
      checkNumber(row[2], POSITIVE_MS),
      checkNumber(row[3], POSITIVE_MS),
    ];
    const badAt = checks.findIndex((c) => !c.ok);
    if (badAt >= 0) {
      r.problem([...at, badAt], (checks[badAt] as { message: string }).message, REPAIR.pair_measurement.unusable);
      return;
    }
    const [a, b, ma, mb] = checks.map((c) => (c as { value: unknown }).value) as [string, string, number, number];
    for (const n of [a, b]) {
      if (!Object.hasOwn(profiles, n))
        r.issue('warning', at, `names ${JSON.stringify(n)}, which has no profile: it cannot be predicted`);
    }
    out.push([a, b, ma, mb]);
  });
  return out;
}

function readNotes(r: Reader, v: unknown, path: readonly PathPart[]): string[] {
  const none = REPAIR.section.fields.notes.becomes;
  if (absent(v)) return [...none];
  if (!Array.isArray(v)) {
    r.problem(path, `must be a list of text, got ${describe(v)}`, becomesRepair(none));
    return [...none];
  }
  if (v.length > CALIBRATION_LIMITS.notes) {
    r.problem(
      path,
      `has ${v.length} notes; the planner keeps at most ${CALIBRATION_LIMITS.notes}`,
      becomesRepair(none),
    );
    return [...none];
  }
  const out: string[] = [];
  v.forEach((n, i) => {
    const c = checkText(n);
    if (c.ok) out.push(c.value);
    else r.problem([...path, i], c.message, REPAIR.note.unusable);
  });
  return out;
}

function readLookup(r: Reader, v: unknown, path: readonly PathPart[]): PairLookupEntry[] | undefined {
  const none = REPAIR.section.fields.pair_lookup.becomes;
  if (absent(v)) return none;
  if (!Array.isArray(v)) {
    r.problem(path, `must be a list of measured pairs, got ${describe(v)}`, becomesRepair(none));
    return none;
  }
  if (v.length > CALIBRATION_LIMITS.pairs) {
    r.problem(
      path,
      `has ${v.length} entries; the planner reads at most ${CALIBRATION_LIMITS.pairs}`,
      becomesRepair(none),
    );
    return none;
  }
  const out: PairLookupEntry[] = [];
  const seen = new Map<string, number>();
  v.forEach((e, i) => {
    const at = [...path, i];
    if (!isMapping(e)) {
      r.problem(
        at,
        `must be a mapping (pair, measured_latency_a_ms, measured_latency_b_ms), got ${describe(e)}`,
        REPAIR.pair_lookup_entry.unusable,
      );
      return;
    }
    const entry = r.unknownKeys(e, at, PAIR_LOOKUP_KEYS);
    const pair = entry['pair'];
    if (!Array.isArray(pair) || pair.length !== 2) {
      r.problem(
        [...at, 'pair'],
        `must be a list of two model names, got ${describe(pair)}`,
        REPAIR.pair_lookup_entry.unusable,
      );
      return;
    }
    const a = checkName(pair[0]);
    const b = checkName(pair[1]);
    const la = checkNumber(entry['measured_latency_a_ms'], POSITIVE_MS);
    const lb = checkNumber(entry['measured_latency_b_ms'], POSITIVE_MS);
    const bad: [PathPart[], Check<unknown>][] = [
      [[...at, 'pair', 0], a],
      [[...at, 'pair', 1], b],
      [[...at, 'measured_latency_a_ms'], la],
      [[...at, 'measured_latency_b_ms'], lb],
    ];
    const firstBad = bad.find(([, c]) => !c.ok);
    if (firstBad !== undefined || !a.ok || !b.ok || !la.ok || !lb.ok) {
      const [p, c] = firstBad!;
      r.problem(p, (c as { message: string }).message, REPAIR.pair_lookup_entry.unusable);
      return;
    }
    const key = canonicalPair(a.value, b.value);
    const before = seen.get(key);
    if (before !== undefined) {
      r.problem(
        at,
        `repeats the pair (${a.value}, ${b.value}) of entry ${before + 1}`,
        REPAIR.pair_lookup_entry.unusable,
      );
      return;
    }
    seen.set(key, i);
    out.push({
      pair: [a.value, b.value],
      measured_latency_a_ms: la.value,
      measured_latency_b_ms: lb.value,
      measured_at: optional(r, entry, at, REPAIR.pair_lookup_entry.fields, 'measured_at', checkText),
    });
  });
  return out;
}

/**
 * Read an `interference:` section (or a whole calibration_result.json): the calibration,
 * or undefined when it cannot be kept (strict: `r.errors` says why; repair: `r.repairs`).
 */
export function readInterference(r: Reader, given: unknown, path: readonly PathPart[]): Calibration | undefined {
  if (!isMapping(given)) {
    r.problem(
      path,
      `must be a mapping of a calibration (hw_coefs, profiles, …), got ${describe(given)}`,
      REPAIR.section.unusable,
    );
    return undefined;
  }
  const v = r.unknownKeys(given, path, INTERFERENCE_KEYS);
  const before = r.errors.length;
  // Every part is read (a strict reading reports every problem at once); a required part
  // that cannot be kept drops the section.
  let hw_coefs: HardwareCoefficients | undefined;
  if (v['hw_coefs'] === undefined) r.problem(path, 'is missing the required field hw_coefs', REPAIR.section.unusable);
  else hw_coefs = readHwCoefs(r, v['hw_coefs'], [...path, 'hw_coefs']);
  let profiles: Record<string, InterferenceProfile> | undefined;
  if (v['profiles'] === undefined) r.problem(path, 'is missing the required field profiles', REPAIR.section.unusable);
  else profiles = readProfiles(r, v['profiles'], [...path, 'profiles']);
  const pair_lookup = readLookup(r, v['pair_lookup'], [...path, 'pair_lookup']);
  const opt = REPAIR.section.fields;
  const threshold = optional(r, v, path, opt, 'max_kernel_rate_threshold', num(NONNEG));
  const rest = {
    pair_measurements: readPairs(r, v['pair_measurements'], [...path, 'pair_measurements'], profiles ?? {}),
    gamma_kernel_size: optional(r, v, path, opt, 'gamma_kernel_size', num(COEF)),
    lopo_mean_pct: optional(r, v, path, opt, 'lopo_mean_pct', num(PCT)),
    lopo_max_pct: optional(r, v, path, opt, 'lopo_max_pct', num(PCT)),
    lopo_mean_pct_v5: optional(r, v, path, opt, 'lopo_mean_pct_v5', num(PCT)),
    lopo_max_pct_v5: optional(r, v, path, opt, 'lopo_max_pct_v5', num(PCT)),
    notes: readNotes(r, v['notes'], [...path, 'notes']),
  };
  if (hw_coefs === undefined || profiles === undefined || r.errors.length > before) return undefined;
  return {
    hw_coefs,
    profiles,
    ...rest,
    ...(pair_lookup === undefined ? {} : { pair_lookup }),
    ...(threshold === null ? {} : { max_kernel_rate_threshold: threshold }),
  };
}

/** The section as the bench document writes it (the file's key order; absent settings left out). */
export function interferenceOut(c: Calibration): Record<string, unknown> {
  return {
    hw_coefs: {
      ...c.hw_coefs,
      idlef_polynomial: [...c.hw_coefs.idlef_polynomial],
      powerp_linear: [...c.hw_coefs.powerp_linear],
    },
    profiles: Object.fromEntries(Object.entries(c.profiles).map(([k, p]) => [k, { ...p }])),
    pair_measurements: c.pair_measurements.map((m) => [...m]),
    gamma_kernel_size: c.gamma_kernel_size,
    lopo_mean_pct: c.lopo_mean_pct,
    lopo_max_pct: c.lopo_max_pct,
    lopo_mean_pct_v5: c.lopo_mean_pct_v5,
    lopo_max_pct_v5: c.lopo_max_pct_v5,
    notes: [...c.notes],
    ...(c.pair_lookup === undefined ? {} : { pair_lookup: c.pair_lookup.map((e) => ({ ...e, pair: [...e.pair] })) }),
    ...(c.max_kernel_rate_threshold === undefined || c.max_kernel_rate_threshold === null
      ? {}
      : { max_kernel_rate_threshold: c.max_kernel_rate_threshold }),
  };
}

/** Whether a file looks like a calibration_result.json (by its name, or its first keys) rather than a bench. */
export function looksLikeCalibration(name: string, text: string): boolean {
  if (/calibration[^/\\]*\.json$/i.test(name)) return true;
  if (!/\.json$/i.test(name)) return false;
  const head = text.slice(0, 4096);
  return /"hw_coefs"\s*:/.test(head) || /"profiles"\s*:/.test(head);
}
