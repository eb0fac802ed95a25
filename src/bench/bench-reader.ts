/**
 * The bench reader without a YAML parser: one walk over a document's value, driven by
 * the field tables of `bench-schema.ts` and the cross-field rules of `core/bench-check.ts`.
 * It reports through a `Reader` (`issues.ts`): strict (a file imported by hand, the CLI),
 * every problem is an error with its field path and any error refuses the bench; repair
 * (`restore.ts`: saved state, share links), each bad value gets what the repair table
 * (`repair.ts`) says, and the change is said. Also the pre-parse checks and the plain-YAML
 * reader for presets. Keeping `yaml` out of this module keeps it out of the first download.
 */
import { checkBench, hasErrors, type BenchProblem } from '../core/bench-check';
import {
  type Bench,
  type BenchGpu,
  type CaseStudyInfo,
  type Hardware,
  type ModelCard,
  type WindowPattern,
  type WindowSpec,
} from '../core/types';
import {
  BENCH_FIELDS,
  BENCH_KEYS,
  CASE_LAYOUT,
  CASE_STUDY_FIELDS,
  fieldOf,
  GPU_KEYS,
  HARDWARE_FIELDS,
  keysOf,
  MODEL_FIELDS,
  NVINX_KEYS,
  WINDOW_FIELDS,
  type FieldSpec,
} from './bench-schema';
import { type FormatName } from './format-names';
import { EMPTY_BENCH } from '../core/defaults';
import { fastParse } from './fastyaml';
import {
  checkBoolean,
  checkChoice,
  checkName,
  checkNumber,
  checkPattern,
  checkResidency,
  checkText,
  describe,
  type Check,
} from './field-rules';
import { readInterference } from './interference-reader';
import { LIMITS } from '../core/limits';
import {
  isMapping,
  lineColumn,
  NOT_UTF8,
  Reader,
  refuse,
  type IssueGroup,
  type PathPart,
  type ReadResult,
} from './issues';
import {
  clampNumber,
  optionalRepair,
  repairCrossField,
  REPAIRS,
  standInRepair,
  type RepairContext,
  type StandIn,
} from './repair';

/** A character no text file has: a control character other than tab, CR and LF, or U+FFFD (bytes that were not UTF-8). */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const BINARY = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]/;
/** A line that starts with more than LIMITS.maxIndent spaces or dashes (the document's first, or after a line feed). */
const DEEP_FIRST = new RegExp(`^[ -]{${LIMITS.maxIndent + 1}}`);
const DEEP_LINE = new RegExp(`\n[ -]{${LIMITS.maxIndent + 1}}`, 'g');
const BRACKET = /[[\]{}]/g;

/**
 * Cheap checks before the parser sees the text: size, binary content, nesting depth. The
 * first problem in the text is the one said. Each is found on its own (the patterns run in
 * native code; only the lines with a bracket are walked character by character, since
 * brackets are all that changes the flow depth), and the earliest wins.
 */
export function precheck(text: string): ReadResult | null {
  if (text.length > LIMITS.maxTextLength) {
    const mb = (text.length / 1024 / 1024).toFixed(1);
    return refuse(
      `the file is too large (${mb} MB); the planner reads at most ${LIMITS.maxTextLength / 1024 / 1024} MB`,
    );
  }
  const binary = text.search(BINARY);
  // The character that goes past the indentation limit.
  let deep = DEEP_FIRST.test(text) ? LIMITS.maxIndent : -1;
  if (deep < 0) {
    DEEP_LINE.lastIndex = 0;
    const m = DEEP_LINE.exec(text);
    if (m !== null) deep = m.index + 1 + LIMITS.maxIndent;
  }
  const flow = tooDeepFlow(text);
  const first = [binary, deep, flow].filter((i) => i >= 0).sort((a, b) => a - b)[0];
  if (first === undefined) return null;
  const { line, column } = lineColumn(text, first);
  if (first !== binary) return refuse(`the document is nested too deeply (line ${line})`, line, column);
  return text[first] === '\ufffd'
    ? refuse(NOT_UTF8, line, column)
    : refuse('this is not a text file (it contains binary or control characters)', line, column);
}

/**
 * Where an opening bracket first nests flow collections deeper than LIMITS.maxFlowDepth, or
 * -1. Brackets inside quotes or comments do not count; quotes and comments end with their line.
 */
function tooDeepFlow(text: string): number {
  let flow = 0;
  BRACKET.lastIndex = 0;
  for (let m = BRACKET.exec(text); m !== null; m = BRACKET.exec(text)) {
    const start = text.lastIndexOf('\n', m.index - 1) + 1;
    let end = text.indexOf('\n', m.index);
    if (end < 0) end = text.length;
    let i = start;
    while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 45)) i++; // the indentation
    let quote = 0;
    for (; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (quote !== 0) {
        if (ch === quote) quote = 0;
      } else if (ch === 34 || ch === 39) quote = ch;
      else if (ch === 35)
        break; // a comment: the rest of the line
      else if (ch === 91 || ch === 123) {
        if (++flow > LIMITS.maxFlowDepth) return i;
      } else if ((ch === 93 || ch === 125) && flow > 0) flow--;
    }
    BRACKET.lastIndex = end;
  }
  return -1;
}

const absent = (v: unknown) => v === undefined || v === null;

/** One field's value checked by its table entry (nothing reported). */
function checkField(v: unknown, f: FieldSpec): Check<unknown> {
  switch (f.type.type) {
    case 'number':
      return checkNumber(v, f.type.rule);
    case 'boolean':
      return checkBoolean(v);
    case 'name':
    case 'card':
      return checkName(v);
    case 'text':
      return checkText(v);
    case 'residency':
      return checkResidency(v);
    case 'pattern':
      return checkPattern(v);
    case 'cards':
      return Array.isArray(v)
        ? { ok: true, value: v }
        : { ok: false, message: `must be a list of card names, got ${describe(v)}` };
    case 'texts':
      return Array.isArray(v)
        ? { ok: true, value: v }
        : { ok: false, message: `must be a list of texts, got ${describe(v)}` };
    case 'choice':
      return checkChoice(v, f.type.values, f.type.what);
    case 'group':
      return isMapping(v)
        ? { ok: true, value: v }
        : { ok: false, message: `must be a mapping of ${f.type.what}, got ${describe(v)}` };
    case 'gpus':
      return Array.isArray(v)
        ? { ok: true, value: v }
        : { ok: false, message: `must be a list of GPU indices, got ${describe(v)}` };
    case 'gpu-list':
      return Array.isArray(v)
        ? { ok: true, value: v }
        : { ok: false, message: `must be a list of GPUs (each with its vram_gb), got ${describe(v)}` };
  }
}

const GPU_INDEX = { min: 0, max: LIMITS.gpus - 1, integer: true } as const;

/** A split's GPU indices: each a whole number 0–63, said and left out when not, and once each. */
function readGpuIndices(r: Reader, list: readonly unknown[], at: readonly PathPart[]): number[] {
  const out: number[] = [];
  list.forEach((c, j) => {
    const k = r.take([...at, j], checkNumber(c, GPU_INDEX), 'removed from the list');
    if (k === undefined) return;
    if (out.includes(k)) r.problem([...at, j], `names GPU ${k} again`, 'removed from the list');
    else out.push(k);
  });
  return out;
}

/** The bench's GPUs (`hardware.gpus`): each a mapping of GPU_FIELDS; a GPU without a usable vram_gb is said and dropped. */
function readGpuList(
  r: Reader,
  list: readonly unknown[],
  at: readonly PathPart[],
  fields: readonly FieldSpec[],
): BenchGpu[] {
  const out: BenchGpu[] = [];
  list.forEach((g, j) => {
    const obj = r.mapping(g, [...at, j], 'GPU fields (vram_gb, model, …)', 'the GPU is dropped');
    if (obj === undefined) return;
    const gpu = readGroup(r, obj, [...at, j], fields);
    if (gpu !== undefined) out.push(gpu as unknown as BenchGpu);
  });
  return out;
}

/**
 * A group's fields (a card's `vram_estimate`), each by its own entry; undefined when a
 * required one is unusable (said, and the group is dropped).
 */
function readGroup(
  r: Reader,
  given: Record<string, unknown>,
  at: readonly PathPart[],
  fields: readonly FieldSpec[],
): Record<string, unknown> | undefined {
  const obj = r.unknownKeys(given, at, keysOf(fields));
  const out: Record<string, unknown> = {};
  let usable = true;
  for (const f of fields) {
    const value = f.required ? readRequired<unknown>(r, obj, at, f, null) : readField(r, obj, at, f);
    if (value !== undefined) out[f.key] = value;
    else if (f.required) usable = false;
  }
  return usable ? out : undefined;
}

/**
 * A checked value's contents: a list's names or a group's fields, each checked in turn
 * (`path`, `key`: where the value is; a plain value's path is never put together).
 */
function readInside(r: Reader, f: FieldSpec, value: unknown, path: readonly PathPart[], key: string): unknown {
  switch (f.type.type) {
    case 'cards':
      return readNames(r, value as unknown[], [...path, key]);
    case 'texts':
      return readTexts(r, value as unknown[], [...path, key]);
    case 'group':
      return readGroup(r, value as Record<string, unknown>, [...path, key], f.type.fields);
    case 'gpus':
      return readGpuIndices(r, value as unknown[], [...path, key]);
    case 'gpu-list':
      return readGpuList(r, value as unknown[], [...path, key], f.type.fields);
    default:
      return value;
  }
}

/** A list of texts: each checked; bad ones reported and left out. */
function readTexts(r: Reader, list: readonly unknown[], at: readonly PathPart[]): string[] {
  const out: string[] = [];
  list.forEach((c, j) => {
    const t = r.take([...at, j], checkText(c), 'removed from the list');
    if (t !== undefined) out.push(t);
  });
  return out;
}

/** A list of card names: each name checked; bad ones reported and left out. */
function readNames(r: Reader, list: readonly unknown[], at: readonly PathPart[]): string[] {
  const out: string[] = [];
  for (let j = 0; j < list.length; j++) {
    const n = checkName(list[j]);
    if (n.ok) out.push(n.value);
    else r.problem([...at, j], n.message, REPAIRS.listedName);
  }
  return out;
}

/** An optional field: its clean value, or undefined (absent, or bad: reported, and removed). */
function readField(r: Reader, obj: Record<string, unknown>, path: readonly PathPart[], f: FieldSpec): unknown {
  const key = f.fileKey ?? f.key;
  const v = obj[key];
  if (absent(v)) return undefined;
  const checked = checkField(v, f);
  if (!checked.ok) {
    r.problem([...path, key], checked.message, optionalRepair(f));
    return f.default;
  }
  return readInside(r, f, checked.value, path, key);
}

/**
 * A required field: its clean value; else (reported) the repair's — the number brought
 * into its range, or the field's stand-in (`repair.ts`) — or undefined when there is none
 * (the item is dropped).
 */
function readRequired<T>(
  r: Reader,
  obj: Record<string, unknown>,
  path: readonly PathPart[],
  f: FieldSpec,
  standIn: StandIn | undefined,
  at: RepairContext = { index: 0, fallback: EMPTY_BENCH },
): T | undefined {
  const v = obj[f.key];
  const stand = () => (standIn == null ? undefined : (standIn(v, at) as T | undefined));
  if (absent(v)) {
    const fb = stand();
    r.problem(path, `is missing the required field ${f.key}`, standInRepair(fb));
    return fb;
  }
  const checked = checkField(v, f);
  if (checked.ok) return readInside(r, f, checked.value, path, f.key) as T;
  const fixed = (clampNumber(v, f) as T | undefined) ?? stand();
  r.problem([...path, f.key], checked.message, standInRepair(fixed));
  return fixed;
}

function readHardware(r: Reader, v: unknown, fallback: Hardware): Hardware {
  const path = ['hardware'];
  const given = r.mapping(v, path, 'vram_gb, ram_gb and cpu_cores', REPAIRS.hardware.unusable);
  if (given === undefined) return fallback;
  // Saved state keeps GPUs 1, 2, … as `more_gpus` (the in-memory key); a file lists every GPU under `gpus`.
  const obj = r.unknownKeys(given, path, [...keysOf(HARDWARE_FIELDS), ...(r.policy === 'repair' ? ['more_gpus'] : [])]);
  const gpusField = fieldOf(HARDWARE_FIELDS, 'more_gpus');
  const listed = absent(obj['gpus']) ? undefined : readField(r, obj, path, gpusField);
  let gpus = listed as BenchGpu[] | undefined;
  if (gpus !== undefined) {
    // One form or the other: the GPU keys on the card are GPU 0's, and `gpus` lists every GPU.
    const both = GPU_KEYS.filter((k) => !absent(obj[k]));
    if (both.length > 0) {
      r.problem(
        [...path, both[0]!],
        `is given with hardware.gpus: give each GPU's ${both.join(', ')} inside gpus (one GPU: drop gpus)`,
        'the gpus list is kept',
        true,
      );
    }
    if (gpus.length === 0) {
      r.problem(
        [...path, 'gpus'],
        'lists no GPU with a usable vram_gb',
        "the card's own fields (or the default bench's) are used",
        true,
      );
      gpus = undefined;
    }
  }
  const source =
    gpus === undefined ? obj : { ...obj, ...Object.fromEntries(GPU_KEYS.map((k) => [k, undefined])), ...gpus[0] };
  const out: Record<string, unknown> = {};
  for (const f of HARDWARE_FIELDS) {
    if (f.key === 'more_gpus') continue;
    if (f.required) {
      const standIn = REPAIRS.hardware.standIn[f.key as keyof typeof REPAIRS.hardware.standIn];
      const value = readRequired<number>(r, source, path, f, standIn, {
        index: 0,
        fallback: { ...EMPTY_BENCH, hardware: fallback },
      });
      if (value !== undefined) out[f.key] = value;
    } else {
      const value = readField(r, source, path, f);
      if (value !== undefined) out[f.key] = value;
    }
  }
  let more = gpus?.slice(1);
  if (more === undefined && r.policy === 'repair' && !absent(obj['more_gpus'])) {
    const at = [...path, 'more_gpus'];
    const checked = checkField(obj['more_gpus'], gpusField);
    if (checked.ok) more = readInside(r, gpusField, checked.value, path, 'more_gpus') as BenchGpu[];
    else r.problem(at, checked.message, 'removed: one GPU');
  }
  if (more !== undefined && more.length > 0) out['more_gpus'] = more;
  else if (out['interconnect_gbps'] !== undefined) {
    r.problem([...path, 'interconnect_gbps'], 'is given for one GPU (it joins several)', 'removed', true);
    delete out['interconnect_gbps'];
  }
  return out as unknown as Hardware;
}

/** A card's keys in a file (read once: a bench has thousands of cards). */
const MODEL_KEYS = keysOf(MODEL_FIELDS);
/** Every window's keys, whatever its pattern (a window read without its pattern). */
const ALL_WINDOW_KEYS = [...new Set(Object.values(WINDOW_FIELDS).flatMap(keysOf))];

/** A card; undefined when it cannot be kept (not a mapping, or a required field unusable). */
function readModel(r: Reader, v: unknown, path: readonly PathPart[], index: number): ModelCard | undefined {
  const given = r.mapping(v, path, 'model fields (name, vram_gb, residency, …)', REPAIRS.model.unusable);
  if (given === undefined) return undefined;
  const obj = r.unknownKeys(given, path, MODEL_KEYS);
  const out: Record<string, unknown> = {};
  let usable = true;
  const at: RepairContext = { index, fallback: EMPTY_BENCH };
  // Indexed, not for…of: an iterator per card and a result object per field in cold code.
  for (let k = 0; k < MODEL_FIELDS.length; k++) {
    const f = MODEL_FIELDS[k]!;
    if (f.required) {
      const standIn = REPAIRS.model.standIn[f.key as keyof typeof REPAIRS.model.standIn];
      const value = readRequired<unknown>(r, obj, path, f, standIn, at);
      if (value === undefined) usable = false;
      else out[f.key] = value;
    } else {
      const value = readField(r, obj, path, f);
      if (value !== undefined) out[f.key] = value;
      else if ('default' in f) out[f.key] = f.default;
    }
  }
  return usable ? (out as unknown as ModelCard) : undefined;
}

interface Indexed<T> {
  readonly item: T;
  /** Its index in the source list (cards or windows dropped by a repair shift the rest). */
  readonly source: number;
}

function readModels(r: Reader, v: unknown, path: readonly PathPart[]): Indexed<ModelCard>[] {
  if (v === null) return [];
  const items = r.list(v, path, 'model cards', REPAIRS.models.unusable);
  if (items === undefined) return [];
  const out: Indexed<ModelCard>[] = [];
  items.forEach((item, i) => {
    // concat, not a spread: a spread goes through the iterator protocol in cold code (once per card).
    const m = readModel(r, item, path.concat(i), i);
    if (m !== undefined) out.push({ item: m, source: i });
  });
  return out;
}

function readWindow(r: Reader, v: unknown, path: readonly PathPart[], index: number): WindowSpec | undefined {
  let obj = r.mapping(v, path, 'window fields (name, pattern, …)', REPAIRS.window.unusable);
  if (obj === undefined) return undefined;
  // Without its pattern a window's keys are said against every window's (a misspelt `pattern`
  // is named; a repair reads it as the pattern): the pattern's own keys are known only after.
  if (!Object.hasOwn(obj, 'pattern')) obj = r.unknownKeys(obj, path, ALL_WINDOW_KEYS);
  const at: RepairContext = { index, fallback: EMPTY_BENCH };
  const patternField = fieldOf(WINDOW_FIELDS.serial_handoff, 'pattern');
  const pattern = readRequired<WindowPattern>(r, obj, path, patternField, REPAIRS.window.standIn.pattern, at);
  if (pattern === undefined) return undefined;
  const fields = WINDOW_FIELDS[pattern];
  // A field's `intKey` is how saved state (JSON) keeps an integer figure; YAML writes `0`.
  const intKeys = fields.flatMap((f) => ('intKey' in f ? [f.intKey] : []));
  obj = r.unknownKeys(obj, path, [...keysOf(fields), ...(r.policy === 'repair' ? intKeys : [])]);
  const out: Record<string, unknown> = { pattern };
  for (const f of fields) {
    if (f.key === 'pattern') continue;
    if (f.required) {
      const standIn = REPAIRS.window.standIn[f.key as keyof typeof REPAIRS.window.standIn];
      const value = readRequired<unknown>(r, obj, path, f, standIn, at);
      if (value === undefined) return undefined;
      out[f.key] = value;
    } else {
      const value = readField(r, obj, path, f);
      if (value !== undefined) out[f.key] = value;
      else if ('default' in f && f.default !== undefined) out[f.key] = f.default;
    }
  }
  for (const f of fields) {
    if (!('intKey' in f)) continue;
    const isInt = typeof obj[f.key] === 'bigint' || (r.policy === 'repair' && obj[f.intKey] === true);
    if (isInt && Number.isInteger(out[f.key])) out[f.intKey] = true;
  }
  return out as unknown as WindowSpec;
}

function readWindows(r: Reader, v: unknown, path: readonly PathPart[]): Indexed<WindowSpec>[] {
  const items = r.list(v, path, 'windows', REPAIRS.windows.unusable);
  if (items === undefined) return [];
  const out: Indexed<WindowSpec>[] = [];
  items.forEach((item, k) => {
    const w = readWindow(r, item, [...path, k], k);
    if (w !== undefined) out.push({ item: w, source: k });
  });
  return out;
}

function readCaseFields(
  r: Reader,
  bySection: (section: 'root' | 'workload' | 'experience' | 'flat') => {
    obj: Record<string, unknown>;
    path: readonly PathPart[];
  } | null,
  flat: boolean,
): CaseStudyInfo {
  const info: Record<string, unknown> = {};
  for (const f of CASE_STUDY_FIELDS) {
    const where = bySection(flat ? 'flat' : f.section);
    if (where === null) continue;
    const v = where.obj[f.key];
    if (v === undefined) continue;
    if (v === null) {
      info[f.key] = null;
      continue;
    }
    const value = readField(r, where.obj, where.path, f);
    if (value !== undefined) info[f.key] = value;
  }
  return info as CaseStudyInfo;
}

const CASE_ROOT_KEYS = [...CASE_LAYOUT.root, ...CASE_LAYOUT.plannerRoot];

/** A card's problem as one of its group (`BenchProblem.group`). */
const groupOf = (p: BenchProblem): IssueGroup | undefined =>
  p.card === undefined || p.group === undefined ? undefined : { group: p.group, subject: p.card };

/**
 * The cross-field rules (core/bench-check.ts) on the bench read so far: errors are
 * reported (strict) or repaired (repair); warnings are passed on. Returns the bench.
 */
function crossCheck(
  r: Reader,
  bench: Bench,
  modelPath: (i: number) => PathPart[],
  windowPath: (k: number) => PathPart[],
  asRead: { readonly models: boolean; readonly windows: boolean },
): Bench {
  const toDoc = (p: BenchProblem): readonly PathPart[] => {
    const path = p.path;
    const index = path[1];
    if (typeof index !== 'number' || (path[0] !== 'models' && path[0] !== 'windows')) return path;
    // The document's path is the bench's when the list is read as written (no item dropped).
    if (path[0] === 'models' ? asRead.models : asRead.windows) return path;
    const out = path[0] === 'models' ? modelPath(index) : windowPath(index);
    for (let i = 2; i < path.length; i++) out.push(path[i]!);
    return out;
  };
  const problems = checkBench(bench);
  if (problems.length === 0) return bench;
  for (const p of problems) if (p.severity === 'warning') r.issue('warning', toDoc(p), p.message, false, groupOf(p));
  // Only errors are repaired: with warnings alone the bench stays as it is.
  if (!hasErrors(problems)) return bench;
  const repaired = repairCrossField(bench, problems);
  for (const { problem, done } of repaired.repairs) r.problem(toDoc(problem), problem.message, done);
  return r.policy === 'strict' ? bench : repaired.bench;
}

/**
 * Read a document's value. Strict: every problem reported, any error refuses the bench.
 * Repair: always a bench (`fallback` fills what is missing), with `r.repairs` saying what changed.
 */
export function validate(r: Reader, root: unknown, fallback?: Bench): ReadResult {
  if (absent(root)) {
    if (r.policy === 'repair' && fallback !== undefined) {
      r.problem([], 'is empty', REPAIRS.document.unusable);
      return { ok: true, bench: fallback, format: 'bench', warnings: r.warnings };
    }
    return refuse('the document is empty: a bench needs hardware and models', 1, 1);
  }
  const given = r.mapping(root, [], 'hardware, models and (optionally) windows', REPAIRS.document.unusable);
  if (given === undefined) {
    if (r.policy === 'repair' && fallback !== undefined)
      return { ok: true, bench: fallback, format: 'bench', warnings: r.warnings };
    return { ok: false, errors: r.errors, warnings: r.warnings };
  }
  const fb: Bench = fallback ?? EMPTY_BENCH;

  const isCase =
    Object.hasOwn(given, 'workload') || Object.hasOwn(given, 'experience') || Object.hasOwn(given, 'submitter');
  const plannerOnly = BENCH_KEYS.some((k) => !(NVINX_KEYS as readonly string[]).includes(k) && Object.hasOwn(given, k));
  const format: FormatName = isCase ? 'case-study' : plannerOnly ? 'bench' : 'nvinx';
  const obj = r.unknownKeys(given, [], isCase ? CASE_ROOT_KEYS : BENCH_KEYS);

  let hardware: Hardware;
  if (absent(obj['hardware'])) {
    r.problem([], 'is missing the required field hardware', REPAIRS.hardware.unusable);
    hardware = fb.hardware;
  } else hardware = readHardware(r, obj['hardware'], fb.hardware);

  let modelsPath: PathPart[] = ['models'];
  let modelsRaw: unknown = obj['models'];
  let windowsPath: PathPart[] = ['windows'];
  let windowsRaw: unknown = obj['windows'];
  let workload: Record<string, unknown> | undefined;
  if (isCase) {
    const w = obj['workload'];
    workload = isMapping(w) ? r.unknownKeys(w, ['workload'], CASE_LAYOUT.workload) : undefined;
    modelsPath = ['workload', 'models'];
    modelsRaw = workload?.['models'];
    if (workload !== undefined && workload['windows'] !== undefined) {
      windowsRaw = workload['windows'];
      windowsPath = ['workload', 'windows'];
    }
    if (modelsRaw === undefined)
      r.problem(['workload'], 'is missing the required field models', REPAIRS.models.unusable);
  } else if (modelsRaw === undefined) {
    r.problem([], 'is missing the required field models', REPAIRS.models.unusable);
  }
  const models = modelsRaw === undefined ? [] : readModels(r, modelsRaw, modelsPath);
  const windows = absent(windowsRaw) ? undefined : readWindows(r, windowsRaw, windowsPath);

  const top: Record<string, unknown> = {};
  for (const f of BENCH_FIELDS) {
    if (f.key === 'name' && obj['name'] === '') continue; // an empty name is no name
    const value = readField(r, obj, [], f);
    if (value !== undefined) top[f.key] = value;
  }
  const interference =
    isCase || absent(obj['interference']) ? undefined : readInterference(r, obj['interference'], ['interference']);
  let caseStudy: CaseStudyInfo | undefined;
  if (isCase) {
    const given = obj['experience'];
    const exp =
      absent(given) || r.mapping(given, ['experience'], 'your experience', REPAIRS.section) === undefined
        ? given
        : r.unknownKeys(given as Record<string, unknown>, ['experience'], CASE_LAYOUT.experience);
    caseStudy = readCaseFields(
      r,
      (section) =>
        section === 'root'
          ? { obj, path: [] }
          : section === 'workload'
            ? workload === undefined
              ? null
              : { obj: workload, path: ['workload'] }
            : isMapping(exp)
              ? { obj: exp, path: ['experience'] }
              : null,
      false,
    );
  } else if (!absent(obj['case_study'])) {
    const given = r.mapping(obj['case_study'], ['case_study'], 'case-study fields', REPAIRS.section);
    if (given !== undefined) {
      const info = r.unknownKeys(given, ['case_study'], keysOf(CASE_STUDY_FIELDS));
      caseStudy = readCaseFields(r, () => ({ obj: info, path: ['case_study'] }), true);
    }
  }

  const read: Bench = {
    ...(top['name'] === undefined ? {} : { name: top['name'] as string }),
    hardware,
    models: models.map((m) => m.item),
    ...(windows === undefined ? {} : { windows: windows.map((w) => w.item) }),
    ...(top['coresidency_slowdown'] === undefined
      ? {}
      : { coresidency_slowdown: top['coresidency_slowdown'] as number }),
    ...(interference === undefined ? {} : { interference }),
    ...(caseStudy === undefined ? {} : { case_study: caseStudy }),
  };
  /** A list read as written: at its usual place, and no item dropped. */
  const asRead = (path: readonly PathPart[], key: string, items: readonly Indexed<unknown>[]) =>
    path.length === 1 && path[0] === key && items.every((x, i) => x.source === i);
  const bench = crossCheck(
    r,
    read,
    (i) => [...modelsPath, models[i]?.source ?? i],
    (k) => [...windowsPath, windows?.[k]?.source ?? k],
    { models: asRead(modelsPath, 'models', models), windows: asRead(windowsPath, 'windows', windows ?? []) },
  );
  if (r.errors.length > 0) return { ok: false, errors: r.errors, warnings: r.warnings };
  return { ok: true, bench, format, warnings: r.warnings };
}

/**
 * Plain YAML only (the fast path); null when the text needs the full YAML reader.
 * @internal the build reads the presets with it (`vite.config.ts`'s `?bench` modules), which
 * `knip --production` does not count as the product.
 */
export function readPlainBench(text: string): ReadResult | null {
  const pre = precheck(text);
  if (pre !== null) return pre;
  const value = fastParse(text);
  return value === undefined ? null : validate(new Reader(null), value);
}
