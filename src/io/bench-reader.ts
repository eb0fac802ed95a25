/**
 * The bench reader without a YAML parser: validation of a document's value (every
 * problem at once, with its field path; lines and columns come from a `Locate` the
 * caller gives), the pre-parse checks, and the two readers the page needs at start-up:
 * saved state (already a value) and plain YAML presets (the fast path). Keeping `yaml`
 * out of this module keeps it out of the page's first download.
 */
import {
  DEFAULT_HEADROOM_GB,
  type Bench,
  type CaseStudyInfo,
  type Hardware,
  type ModelCard,
  type WindowSpec,
} from '../core';
import { fastParse } from './fastyaml';
import { LIMITS } from './limits';
import {
  checkBoolean,
  checkName,
  checkNumber,
  checkPattern,
  checkResidency,
  checkText,
  describe,
  RULES,
  type Check,
  type NumberRule,
} from './validate';

export type Severity = 'error' | 'warning';

export interface Issue {
  readonly severity: Severity;
  readonly message: string;
  /** Field path such as `models[2].vram_gb`; empty for the whole document. */
  readonly path: string;
  /** 1-based line and column in the text; 0 when the problem has no place. */
  readonly line: number;
  readonly column: number;
}

export type Format = 'bench' | 'nvinx-config' | 'case-study';

export type ReadResult =
  | { readonly ok: true; readonly bench: Bench; readonly format: Format; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly errors: readonly Issue[]; readonly warnings: readonly Issue[] };

export type PathPart = string | number;

export function formatPath(path: readonly PathPart[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}

export const refuse = (message: string, line = 0, column = 0): ReadResult => ({
  ok: false,
  errors: [{ severity: 'error', message, path: '', line, column }],
  warnings: [],
});

/** Cheap checks before the parser sees the text: size, binary content, nesting depth. */
export function precheck(text: string): ReadResult | null {
  if (text.length > LIMITS.maxTextLength) {
    const mb = (text.length / 1024 / 1024).toFixed(1);
    return refuse(
      `the file is too large (${mb} MB); the planner reads at most ${LIMITS.maxTextLength / 1024 / 1024} MB`,
    );
  }
  // One pass over the character codes: binary content, flow nesting, indentation depth.
  let line = 1;
  let lineStart = 0;
  let flow = 0;
  let quote = 0;
  let comment = false;
  let atLineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) {
      line++;
      lineStart = i + 1;
      comment = false;
      quote = 0; // conservative: a stray apostrophe must not hide the brackets after it
      atLineStart = true;
      indent = 0;
      continue;
    }
    if (ch < 32 ? ch !== 9 && ch !== 13 : ch === 0xfffd) {
      return refuse('this is not a text file (it contains binary or control characters)', line, i - lineStart + 1);
    }
    if (atLineStart) {
      if (ch === 32 || ch === 45 /* - */) {
        if (++indent > LIMITS.maxIndent)
          return refuse(`the document is nested too deeply (line ${line})`, line, i - lineStart + 1);
        continue;
      }
      atLineStart = false;
    }
    if (comment) continue;
    if (quote !== 0) {
      if (ch === quote) quote = 0;
    } else if (ch === 34 || ch === 39) quote = ch;
    else if (ch === 35) comment = true;
    else if (ch === 91 || ch === 123) {
      if (++flow > LIMITS.maxFlowDepth)
        return refuse(`the document is nested too deeply (line ${line})`, line, i - lineStart + 1);
    } else if ((ch === 93 || ch === 125) && flow > 0) flow--;
  }
  return null;
}

/** Where a field path points in the source text (1-based), when there is a text. */
export type Locate = (path: readonly PathPart[], atKey: boolean) => { line: number; column: number };

export class Reader {
  readonly errors: Issue[] = [];
  readonly warnings: Issue[] = [];
  constructor(private readonly locate: Locate | null) {}

  private place(path: readonly PathPart[], atKey: boolean): { line: number; column: number } {
    return this.locate === null ? { line: 0, column: 0 } : this.locate(path, atKey);
  }

  issue(severity: Severity, path: readonly PathPart[], message: string, atKey = false): void {
    const { line, column } = this.place(path, atKey);
    const where = formatPath(path);
    const issue = {
      severity,
      message: `${where === '' ? 'the document' : where} ${message}`,
      path: where,
      line,
      column,
    };
    (severity === 'error' ? this.errors : this.warnings).push(issue);
  }

  take<T>(path: readonly PathPart[], check: Check<T>): T | undefined {
    if (check.ok) return check.value;
    this.issue('error', path, check.message);
    return undefined;
  }

  num(obj: Record<string, unknown>, path: readonly PathPart[], key: string, rule: NumberRule): number | undefined {
    return this.take([...path, key], checkNumber(obj[key], rule));
  }

  mapping(v: unknown, path: readonly PathPart[], what: string): Record<string, unknown> | undefined {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
      return v as Record<string, unknown>;
    }
    this.issue('error', path, `must be a mapping of ${what}, got ${describe(v)}`);
    return undefined;
  }

  list(v: unknown, path: readonly PathPart[], what: string): unknown[] | undefined {
    if (Array.isArray(v)) return v;
    this.issue('error', path, `must be a list of ${what}, got ${describe(v)}`);
    return undefined;
  }

  unknownKeys(obj: Record<string, unknown>, path: readonly PathPart[], known: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (!known.includes(key)) {
        this.issue(
          'warning',
          [...path, key],
          `is not a field the planner knows; it is ignored (known: ${known.join(', ')})`,
          true,
        );
      }
    }
  }

  required(obj: Record<string, unknown>, path: readonly PathPart[], key: string): boolean {
    if (Object.hasOwn(obj, key) && obj[key] !== null && obj[key] !== undefined) return true;
    this.issue('error', path, `is missing the required field ${key}`);
    return false;
  }
}

const HARDWARE_KEYS = ['vram_gb', 'ram_gb', 'cpu_cores', 'model'];
const MODEL_KEYS = [
  'name',
  'vram_gb',
  'residency',
  'cpu_fallback_supported',
  'ram_overflow_supported',
  'ram_gb_needed',
  'hours',
  'cpu_hours',
  'cores',
];
const BENCH_KEYS = ['name', 'hardware', 'models', 'windows', 'coresidency_slowdown', 'case_study'];
const CASE_INFO_KEYS = [
  'submitter',
  'date',
  'domain',
  'description',
  'pattern_tried',
  'old_wall_clock_hours',
  'new_wall_clock_hours',
  'what_broke',
  'suggested_improvements',
];
const CASE_KEYS = [
  'submitter',
  'date',
  'hardware',
  'workload',
  'experience',
  'name',
  'windows',
  'coresidency_slowdown',
];
const WORKLOAD_KEYS = ['domain', 'description', 'models', 'windows'];
const EXPERIENCE_KEYS = [
  'pattern_tried',
  'old_wall_clock_hours',
  'new_wall_clock_hours',
  'what_broke',
  'suggested_improvements',
];

function readHardware(r: Reader, v: unknown): Hardware | undefined {
  const path = ['hardware'];
  const obj = r.mapping(v, path, 'vram_gb, ram_gb and cpu_cores');
  if (obj === undefined) return undefined;
  r.unknownKeys(obj, path, HARDWARE_KEYS);
  const has = ['vram_gb', 'ram_gb', 'cpu_cores'].map((k) => r.required(obj, path, k));
  const vram = has[0] ? r.num(obj, path, 'vram_gb', RULES.hardware.vram_gb) : undefined;
  const ram = has[1] ? r.num(obj, path, 'ram_gb', RULES.hardware.ram_gb) : undefined;
  const cores = has[2] ? r.num(obj, path, 'cpu_cores', RULES.hardware.cpu_cores) : undefined;
  const model =
    obj['model'] === undefined || obj['model'] === null
      ? undefined
      : r.take([...path, 'model'], checkText(obj['model']));
  if (vram === undefined || ram === undefined || cores === undefined) return undefined;
  return model === undefined
    ? { vram_gb: vram, ram_gb: ram, cpu_cores: cores }
    : { vram_gb: vram, ram_gb: ram, cpu_cores: cores, model };
}

function optionalNumber(
  r: Reader,
  obj: Record<string, unknown>,
  path: readonly PathPart[],
  key: string,
  rule: NumberRule,
) {
  if (obj[key] === undefined || obj[key] === null) return undefined;
  return r.num(obj, path, key, rule);
}

function readModel(r: Reader, v: unknown, path: readonly PathPart[], hw: Hardware | undefined): ModelCard | undefined {
  const obj = r.mapping(v, path, 'model fields (name, vram_gb, residency, …)');
  if (obj === undefined) return undefined;
  r.unknownKeys(obj, path, MODEL_KEYS);
  const hasName = r.required(obj, path, 'name');
  const hasVram = r.required(obj, path, 'vram_gb');
  const hasRes = r.required(obj, path, 'residency');
  const name = hasName ? r.take([...path, 'name'], checkName(obj['name'])) : undefined;
  const vram = hasVram ? r.num(obj, path, 'vram_gb', RULES.model.vram_gb) : undefined;
  const residency = hasRes ? r.take([...path, 'residency'], checkResidency(obj['residency'])) : undefined;
  const flag = (key: string): boolean | undefined =>
    obj[key] === undefined || obj[key] === null ? false : r.take([...path, key], checkBoolean(obj[key]));
  const cpuFallback = flag('cpu_fallback_supported');
  const ramOverflow = flag('ram_overflow_supported');
  const ramNeeded = optionalNumber(r, obj, path, 'ram_gb_needed', RULES.model.ram_gb_needed);
  const hours = optionalNumber(r, obj, path, 'hours', RULES.model.hours);
  const cpuHours = optionalNumber(r, obj, path, 'cpu_hours', RULES.model.cpu_hours);
  const cores = optionalNumber(r, obj, path, 'cores', RULES.model.cores);
  if (cores !== undefined && hw !== undefined && cores > hw.cpu_cores) {
    r.issue('error', [...path, 'cores'], `is ${cores}, more than the bench's ${hw.cpu_cores} CPU cores`);
  }
  const badRam = obj['ram_gb_needed'] !== undefined && obj['ram_gb_needed'] !== null && ramNeeded === undefined;
  if (
    name === undefined ||
    vram === undefined ||
    residency === undefined ||
    cpuFallback === undefined ||
    ramOverflow === undefined ||
    badRam
  ) {
    return undefined;
  }
  return {
    name,
    vram_gb: vram,
    residency,
    cpu_fallback_supported: cpuFallback,
    ram_overflow_supported: ramOverflow,
    ram_gb_needed: ramNeeded ?? null,
    ...(hours === undefined ? {} : { hours }),
    ...(cpuHours === undefined ? {} : { cpu_hours: cpuHours }),
    ...(cores === undefined ? {} : { cores }),
  };
}

function readModels(r: Reader, v: unknown, path: readonly PathPart[], hw: Hardware | undefined) {
  const items = r.list(v, path, 'model cards');
  if (items === undefined) return { models: undefined, names: undefined };
  const models: ModelCard[] = [];
  const seen = new Map<string, number>();
  let failed = false;
  items.forEach((item, i) => {
    const m = readModel(r, item, [...path, i], hw);
    const raw = item !== null && typeof item === 'object' ? checkName((item as Record<string, unknown>)['name']) : null;
    if (raw !== null && raw.ok) {
      const first = seen.get(raw.value);
      if (first !== undefined) {
        r.issue(
          'error',
          [...path, i, 'name'],
          `"${raw.value}" is already the name of ${formatPath([...path, first])}; names must be unique`,
        );
        failed = true;
        return;
      }
      seen.set(raw.value, i);
    }
    if (m === undefined) failed = true;
    else models.push(m);
  });
  return { models: failed ? undefined : models, names: new Set(seen.keys()) };
}

const WINDOW_KEYS: Record<WindowSpec['pattern'], readonly string[]> = {
  serial_handoff: ['name', 'pattern', 'gpu_job', 'candidates'],
  fractional_coresidency: ['name', 'pattern', 'candidates', 'headroom_gb'],
  ram_overflow: ['name', 'pattern', 'model', 'headroom_gb'],
};

function readWindows(r: Reader, v: unknown, path: readonly PathPart[], names: ReadonlySet<string> | undefined) {
  const items = r.list(v, path, 'windows');
  if (items === undefined) return undefined;
  const windows: WindowSpec[] = [];
  const seen = new Set<string>();
  let failed = false;
  const cardRef = (val: unknown, at: readonly PathPart[]): string | undefined => {
    const n = r.take(at, checkName(val));
    if (n !== undefined && names !== undefined && !names.has(n)) {
      r.issue('error', at, `names "${n}", but no model card has that name`);
      return undefined;
    }
    return n;
  };
  items.forEach((item, i) => {
    const wp = [...path, i];
    const obj = r.mapping(item, wp, 'window fields (name, pattern, …)');
    if (obj === undefined) return void (failed = true);
    const name = r.required(obj, wp, 'name') ? r.take([...wp, 'name'], checkName(obj['name'])) : undefined;
    if (name !== undefined && seen.has(name)) {
      r.issue('error', [...wp, 'name'], `"${name}" is already the name of another window; names must be unique`);
      failed = true;
    }
    if (name !== undefined) seen.add(name);
    const pattern = r.required(obj, wp, 'pattern')
      ? r.take([...wp, 'pattern'], checkPattern(obj['pattern']))
      : undefined;
    if (pattern === undefined || name === undefined) return void (failed = true);
    r.unknownKeys(obj, wp, WINDOW_KEYS[pattern]);
    const headroom =
      obj['headroom_gb'] === undefined || obj['headroom_gb'] === null
        ? DEFAULT_HEADROOM_GB
        : r.num(obj, wp, 'headroom_gb', RULES.headroom_gb);
    const candidates = (required: boolean): string[] | undefined => {
      if (obj['candidates'] === undefined || obj['candidates'] === null) {
        if (required) r.issue('error', wp, 'is missing the required field candidates');
        return required ? undefined : [];
      }
      const list = r.list(obj['candidates'], [...wp, 'candidates'], 'card names');
      if (list === undefined) return undefined;
      const out: string[] = [];
      let ok = true;
      list.forEach((c, j) => {
        const n = cardRef(c, [...wp, 'candidates', j]);
        if (n === undefined) ok = false;
        else if (out.includes(n)) {
          r.issue('error', [...wp, 'candidates', j], `names "${n}" twice; a card runs once per window`);
          ok = false;
        } else out.push(n);
      });
      return ok ? out : undefined;
    };
    let w: WindowSpec | undefined;
    if (pattern === 'serial_handoff') {
      const job = r.required(obj, wp, 'gpu_job') ? cardRef(obj['gpu_job'], [...wp, 'gpu_job']) : undefined;
      const cands = candidates(false);
      if (job !== undefined && cands !== undefined) w = { name, pattern, gpu_job: job, candidates: cands };
    } else if (pattern === 'fractional_coresidency') {
      const cands = candidates(true);
      if (cands !== undefined && headroom !== undefined)
        w = { name, pattern, candidates: cands, headroom_gb: headroom };
    } else {
      const model = r.required(obj, wp, 'model') ? cardRef(obj['model'], [...wp, 'model']) : undefined;
      if (model !== undefined && headroom !== undefined) w = { name, pattern, model, headroom_gb: headroom };
    }
    if (w === undefined) failed = true;
    else windows.push(w);
  });
  return failed ? undefined : windows;
}

function caseFields(r: Reader, info: Record<string, unknown>) {
  const text = (obj: Record<string, unknown>, path: readonly PathPart[], key: string) => {
    const v = obj[key];
    if (v === undefined) return;
    if (v === null) info[key] = null;
    else {
      const t = r.take([...path, key], checkText(v));
      if (t !== undefined) info[key] = t;
    }
  };
  const hours = (obj: Record<string, unknown>, path: readonly PathPart[], key: string) => {
    if (obj[key] === null) info[key] = null;
    else if (obj[key] !== undefined) {
      const n = r.num(obj, path, key, RULES.model.hours);
      if (n !== undefined) info[key] = n;
    }
  };
  return { text, hours };
}

/** The planner's own document keeps case-study fields flat under `case_study`. */
function readCaseInfo(r: Reader, v: unknown): CaseStudyInfo | undefined {
  const obj = r.mapping(v, ['case_study'], 'case-study fields');
  if (obj === undefined) return undefined;
  r.unknownKeys(obj, ['case_study'], CASE_INFO_KEYS);
  const info: Record<string, unknown> = {};
  const { text, hours } = caseFields(r, info);
  for (const key of CASE_INFO_KEYS) {
    if (key.endsWith('_hours')) hours(obj, ['case_study'], key);
    else text(obj, ['case_study'], key);
  }
  return info as CaseStudyInfo;
}

function readCaseStudy(r: Reader, root: Record<string, unknown>): CaseStudyInfo | undefined {
  const info: Record<string, unknown> = {};
  const { text, hours } = caseFields(r, info);
  text(root, [], 'submitter');
  text(root, [], 'date');
  const workload = root['workload'];
  if (workload !== undefined && workload !== null) {
    const w = r.mapping(workload, ['workload'], 'domain, description and models');
    if (w !== undefined) {
      r.unknownKeys(w, ['workload'], WORKLOAD_KEYS);
      text(w, ['workload'], 'domain');
      text(w, ['workload'], 'description');
    }
  }
  const exp = root['experience'];
  if (exp !== undefined && exp !== null) {
    const e = r.mapping(exp, ['experience'], 'your experience');
    if (e !== undefined) {
      r.unknownKeys(e, ['experience'], EXPERIENCE_KEYS);
      text(e, ['experience'], 'pattern_tried');
      hours(e, ['experience'], 'old_wall_clock_hours');
      hours(e, ['experience'], 'new_wall_clock_hours');
      text(e, ['experience'], 'what_broke');
      text(e, ['experience'], 'suggested_improvements');
    }
  }
  return info as CaseStudyInfo;
}

export function validate(r: Reader, root: unknown): ReadResult {
  if (root === null || root === undefined)
    return refuse('the document is empty: a bench needs hardware and models', 1, 1);
  const obj = r.mapping(root, [], 'hardware, models and (optionally) windows');
  if (obj === undefined) return { ok: false, errors: r.errors, warnings: r.warnings };

  const isCase = Object.hasOwn(obj, 'workload') || Object.hasOwn(obj, 'experience') || Object.hasOwn(obj, 'submitter');
  const plannerOnly = ['name', 'windows', 'coresidency_slowdown', 'case_study'].some((k) => Object.hasOwn(obj, k));
  const format: Format = isCase ? 'case-study' : plannerOnly ? 'bench' : 'nvinx-config';
  r.unknownKeys(obj, [], isCase ? CASE_KEYS : BENCH_KEYS);

  const hardware = r.required(obj, [], 'hardware') ? readHardware(r, obj['hardware']) : undefined;
  let models: ModelCard[] | undefined;
  let names: ReadonlySet<string> | undefined;
  let windowsRaw: unknown = obj['windows'];
  let windowsPath: PathPart[] = ['windows'];
  if (isCase) {
    const w = obj['workload'];
    const wObj = w !== null && typeof w === 'object' && !Array.isArray(w) ? (w as Record<string, unknown>) : undefined;
    if (wObj === undefined || wObj['models'] === undefined)
      r.issue('error', ['workload'], 'is missing the required field models');
    else ({ models, names } = readModels(r, wObj['models'], ['workload', 'models'], hardware));
    if (wObj !== undefined && wObj['windows'] !== undefined) {
      windowsRaw = wObj['windows'];
      windowsPath = ['workload', 'windows'];
    }
  } else if (r.required(obj, [], 'models')) {
    if (obj['models'] === null) [models, names] = [[], new Set()];
    else ({ models, names } = readModels(r, obj['models'], ['models'], hardware));
  }
  const windows =
    windowsRaw === undefined || windowsRaw === null ? undefined : readWindows(r, windowsRaw, windowsPath, names);
  const name = obj['name'] === undefined || obj['name'] === null ? undefined : r.take(['name'], checkName(obj['name']));
  const slowdown = optionalNumber(r, obj, [], 'coresidency_slowdown', RULES.coresidency_slowdown);
  const caseStudy = isCase
    ? readCaseStudy(r, obj)
    : obj['case_study'] === undefined || obj['case_study'] === null
      ? undefined
      : readCaseInfo(r, obj['case_study']);

  if (
    r.errors.length > 0 ||
    hardware === undefined ||
    models === undefined ||
    (windowsRaw != null && windows === undefined)
  ) {
    return { ok: false, errors: r.errors, warnings: r.warnings };
  }
  const bench: Bench = {
    ...(name === undefined ? {} : { name }),
    hardware,
    models,
    ...(windows === undefined ? {} : { windows }),
    ...(slowdown === undefined ? {} : { coresidency_slowdown: slowdown }),
    ...(caseStudy === undefined ? {} : { case_study: caseStudy }),
  };
  return { ok: true, bench, format, warnings: r.warnings };
}

/** A saved bench (a value, e.g. from localStorage) through the same checks as an import. */
export function restoreBench(value: unknown): ReadResult {
  return validate(new Reader(null), value);
}

/** Plain YAML only (the fast path); null when the text needs the full YAML reader. */
export function readPlainBench(text: string): ReadResult | null {
  const pre = precheck(text);
  if (pre !== null) return pre;
  const value = fastParse(text);
  return value === undefined ? null : validate(new Reader(null), value);
}
