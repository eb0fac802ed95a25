import { planBench } from '../core/day';
import { escapeChar, showInvisible } from '../core/bench-check';
import { suggestDay } from '../core/suggest';
import { timeDay } from '../core/timing';
import { type Bench, type WeightDtype } from '../core/types';
import type { Calibration } from '../core/types';
import { benchPlanJson, benchPlanText, failureJson, issuesText, issueText, spanJson } from '../exports/report';
import { caseStudyDefaults, fileStem } from '../exports/case-study';
import { readBench } from '../bench/read';
import { decodeText } from '../bench/text-file';
import { readCalibrationFile } from '../bench/calibration-file';
import { withCalibration } from '../core/interference';
import { writeExport } from '../exports/write-export';
import { writeJson } from '../exports/json-stream';
import { nvinxOneGpuMessage, writeNvinxConfig } from '../bench/write';
import { gpuCount } from '../core/bench-gpus';
import { EXPORT_FORMATS, type ExportFormat } from '../exports/formats';
import { writePythonScript } from '../exports/python';
import { lineColumn, NOT_UTF8, type Issue } from '../bench/issues';
import { isSchedulerTarget, writeScheduler, type SchedulerTarget } from '../exports/schedulers';
import { BITS_PER_WEIGHT, fmtGb, fmtNum, isWeightDtype, TERM_LABELS } from '../core/footprint';
import {
  estimateFromFileSync,
  safetensorsMainDtype,
  type ModelFileEstimate,
  type ModelFileOptions,
  type ModelFileResult,
} from '../model-files/readers/model-file';
import type { FileSlices } from './file-slices';

/** What `--to` writes (the page's Export… formats). */
type CliExportFormat = ExportFormat;

const USAGE = `usage: nvinx-plan [--json] [--suggest] [--calibration CAL.json] FILE...
       nvinx-plan --to FORMAT [--suggest] [--calibration CAL.json] [--gpu K] FILE
       nvinx-plan estimate [--json] [--strict] [--dtype D] [--context N] [--batch N]
                           [--cpu-moe | --n-cpu-moe N] MODEL_FILE...
(in this repository: npm run -s plan -- … or node scripts/plan.mjs …)

Plans each bench YAML file (nvinx config, planner bench document or case study).
  --json        one line of JSON per FILE, in order
  --to FORMAT   write FILE as an export to stdout instead of planning it; one FILE only.
                FORMAT is one of:
                  bench       the planner's bench document (hardware, models, windows)
                  nvinx       nvinx config: hardware + models, as nvinx's configs/bench_*.yaml;
                              a bench of several GPUs has one per GPU: --gpu K (0-based) picks it
                  case-study  nvinx's case-study submission, prefilled from the bench and its plan
                  python      a Python script that checks the plan with nvinx 0.1
                  slurm       submit_day.sh: the planned day as sbatch jobs, windows chained (afterok)
                  kubernetes  batch/v1 Jobs with HAMi GPU resources, a label per window
                  ray         a Ray driver: a task per job, windows awaited in order
                  skypilot    a SkyPilot pipeline: a task YAML per window
                For the four cluster formats, co-resident sets that do not fit the target's GPU
                slices print as warnings on stderr.
  --suggest     plan the suggested day (Suggest a day: every card that can run runs, then the
                shortest day, then fewer windows) instead of the file's windows; the text says how
                close it is to the shortest possible day. With --json the line also has
                "suggested": true, "lower_bound_hours" {min, max} and "optimal" (true when proved);
                with --to the export is of the suggested day (--to bench: the bench with them)
  --calibration CAL.json
                attach nvinx-calibrate's calibration_result.json to every bench given (as its
                interference section; the bench's own pair_lookup and threshold are kept):
                co-residency windows then carry nvinx 0.3's fractional_coresidency_v2 notes and
                the day times co-resident jobs from the predicted latencies
  --help        this text
Problems print on stderr as FILE:LINE:COLUMN: error: … (with --to, warnings too).
Exit status: 0 every file read, 1 a file (or the calibration) was invalid, 2 usage error.

estimate: a model's VRAM from its own file, read header only (never the weights): a .gguf,
a .safetensors, a config.json or a model.safetensors.index.json. Prints each term of the
estimate with its formula, its confidence and what it assumed; --json prints one line per file:
  {file, format, architecture, parameters, active_parameters, confidence, weights_gb,
   kv_cache_gb, activations_gb, overhead_gb, total_gb, experts_in_ram_gb,
   terms: [{name, gb, formula}], notes: [...], missing: [...]}   (GB are GiB)
  confidence is exact (bytes from the file), counted (an architecture it knows, counted from
  the config) or approximate (read as a generic decoder, or a part it cannot count: see notes).
  --dtype D     weights dtype for a config.json (default: a .safetensors file given beside it
                in the same folder, else its torch_dtype, else float32 as transformers loads
                such a checkpoint); a .gguf or .safetensors file's own tensor types count and D
                is ignored there. D is one of: ${Object.keys(BITS_PER_WEIGHT).join(', ')}
  --context N   tokens of context (default: the model's, at most 4096)
  --batch N     sequences at once (default 1)
  --n-cpu-moe N a mixture of experts' routed experts of N MoE layers stay in system RAM
                (llama.cpp's --n-cpu-moe): the VRAM total leaves them out, experts_in_ram_gb
                says how much RAM they take
  --cpu-moe     every MoE layer's experts in RAM (llama.cpp's --cpu-moe, -ot exps=CPU)
  --strict      exit 1 when an estimate is approximate (the warning stays on stderr)
A file it cannot read prints FILE: error: … on stderr and exits 1; an approximate estimate
prints FILE: warning: … on stderr (exit 0 unless --strict).
`;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Today's date (YYYY-MM-DD) for the case study's prefilled date; defaults to the clock's. */
  readonly today?: string;
  /** Opens a model file for slices (`estimate`); without it the file is read whole through `read`. */
  readonly open?: (file: string) => FileSlices;
  /**
   * Where output goes as it is produced (each file's line as soon as it is ready, and no
   * joined copy of a large output); without them it is collected into the result.
   */
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
}

/**
 * What a terminal obeys rather than shows: control characters other than tab and line feed.
 * What it shows as nothing or lets reorder the line (the bidi controls, zero-width characters:
 * `showInvisible`, the characters `core/bench-check.ts` warns of in names) is escaped too.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const TERMINAL_CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/** Output as it is produced, or collected when the caller gave no writer. */
class Output {
  private readonly chunks: string[] = [];
  constructor(private readonly write: ((text: string) => void) | undefined) {}
  /**
   * One line (or block of lines) and its line break, without concatenating them. A control
   * character in it (a card named "\e[2J" in a shared file: ESC starts a terminal's commands) is
   * written as its escape, `\u001b`, never sent to the terminal, and so is an invisible one (a
   * card named "a\u202eb" would print as "ab" reversed); exports go through `add`, as written.
   */
  line(text: string): void {
    this.add(showInvisible(text.replace(TERMINAL_CONTROLS, escapeChar)));
    this.add('\n');
  }
  /** One value as a line of JSON, written as it is made (`writeJson`). */
  json(value: unknown): void {
    writeJson(value, (text) => this.add(text));
    this.add('\n');
  }
  add(text: string): void {
    if (text === '') return;
    if (this.write === undefined) this.chunks.push(text);
    else this.write(text);
  }
  text(): string {
    return this.chunks.join('');
  }
}

/** Why a file could not be opened or read, from Node's error code. */
function whyUnreadable(e: unknown): string {
  const why = e instanceof Error && 'code' in e ? String((e as { code: unknown }).code) : 'unreadable';
  return why === 'ENOENT' ? 'no such file' : why === 'EISDIR' ? 'is a directory' : `cannot be read (${why})`;
}

const fileIssue = (message: string): Issue => ({ severity: 'error', message, path: '', line: 0, column: 0 });

/** The file's text, or why it cannot be had (where, for bytes that are not text). */
function readText(file: string, read: (file: string) => Uint8Array): { text: string } | { errors: Issue[] } {
  let bytes: Uint8Array;
  try {
    bytes = read(file);
  } catch (e) {
    return { errors: [fileIssue(whyUnreadable(e))] };
  }
  const text = decodeText(bytes);
  const bad = text.indexOf('\ufffd');
  if (bad < 0) return { text };
  // Where the first bytes that are not UTF-8 are, as the page's import says it.
  const { line, column } = lineColumn(text, bad);
  return { errors: [{ severity: 'error', message: NOT_UTF8, path: '', line, column }] };
}

const usage = (message: string): CliResult => ({ code: 2, stdout: '', stderr: `${message}\n${USAGE}` });
const formatList = EXPORT_FORMATS.join(', ');
const isFormat = (f: string): f is CliExportFormat => (EXPORT_FORMATS as readonly string[]).includes(f);

/** The input's base name without a YAML extension: the stem when the bench has no name. */
function baseStem(file: string): string {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  return base.replace(/\.(?:planner\.)?ya?ml$/i, '');
}

function exportText(
  format: Exclude<CliExportFormat, SchedulerTarget>,
  bench: Bench,
  file: string,
  today: string,
): string {
  if (format === 'python') return writePythonScript(bench, `${fileStem(bench.name ?? baseStem(file))}_plan.py`);
  if (format === 'case-study') {
    const plan = planBench(bench);
    return writeExport(format, bench, caseStudyDefaults(bench, plan, timeDay(bench, plan), today));
  }
  return writeExport(format, bench, {});
}

export function runPlanCli(
  args: readonly string[],
  read: (file: string) => Uint8Array,
  options: CliOptions = {},
): CliResult {
  if (args[0] === 'estimate') return runEstimate(args.slice(1), read, options);
  let json = false;
  let suggest = false;
  let to: string | null = null;
  let calibrationFile: string | null = null;
  let gpu: number | undefined;
  const files: string[] = [];
  let onlyFiles = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (onlyFiles || a === '-' || !a.startsWith('-')) files.push(a);
    else if (a === '--') onlyFiles = true;
    else if (a === '--json') json = true;
    else if (a === '--suggest') suggest = true;
    else if (a === '--help' || a === '-h') return { code: 0, stdout: USAGE, stderr: '' };
    else if (a === '--to' || a.startsWith('--to=')) {
      const value = a === '--to' ? args[++i] : a.slice('--to='.length);
      if (value === undefined || value === '') return usage(`--to needs a FORMAT: one of ${formatList}`);
      to = value;
    } else if (a === '--gpu' || a.startsWith('--gpu=')) {
      const value = a === '--gpu' ? args[++i] : a.slice('--gpu='.length);
      if (value === undefined || !/^(0|[1-9][0-9]{0,2})$/.test(value))
        return usage('--gpu needs a GPU index K (0 for the first GPU)');
      gpu = Number(value);
    } else if (a === '--calibration' || a.startsWith('--calibration=')) {
      const value = a === '--calibration' ? args[++i] : a.slice('--calibration='.length);
      if (value === undefined || value === '') return usage('--calibration needs a FILE (a calibration_result.json)');
      if (calibrationFile !== null) return usage('--calibration is given twice: attach one calibration');
      calibrationFile = value;
    } else return usage(`unknown option ${a}`);
  }
  let format: CliExportFormat | null = null;
  if (to !== null) {
    if (!isFormat(to)) return usage(`unknown export format "${to}" for --to; the formats are ${formatList}`);
    format = to;
    if (json) return usage('--to writes an export, --json a plan: give one of them');
    if (files.length !== 1) {
      return usage(
        `--to writes one export to stdout: give exactly one FILE (got ${files.length}); ` +
          'run it once per file to export several',
      );
    }
  }
  if (gpu !== undefined && format !== 'nvinx')
    return usage('--gpu picks the GPU of --to nvinx: give --to nvinx with it');
  if (files.length === 0) return usage('no FILE given');

  const out = new Output(options.stdout);
  const err = new Output(options.stderr);
  let calibration: Calibration | null = null;
  if (calibrationFile !== null) {
    const got = readCalibration(calibrationFile, read);
    for (const i of got.warnings) err.line(issueText(calibrationFile, i));
    if (!('calibration' in got)) {
      for (const i of got.errors) err.line(issueText(calibrationFile, i));
      err.line(`${calibrationFile}: the calibration was not read; no bench was planned`);
      return { code: 1, stdout: out.text(), stderr: err.text() };
    }
    calibration = got.calibration;
  }
  const attach = (b: Bench): Bench =>
    calibration === null ? b : { ...b, interference: withCalibration(b.interference, calibration) };
  // --to with --suggest: the export is of the suggested day.
  const prepare = (b: Bench): Bench => {
    const c = attach(b);
    return suggest ? { ...c, windows: suggestDay(c).windows } : c;
  };
  const code =
    format === null
      ? planFiles(files, json, suggest, read, out, err, attach)
      : exportFile(
          format,
          files[0]!,
          read,
          options.today ?? new Date().toISOString().slice(0, 10),
          out,
          err,
          prepare,
          gpu,
        );
  return { code, stdout: out.text(), stderr: err.text() };
}

/** `--calibration FILE`: the calibration, or its problems (with positions). */
function readCalibration(
  file: string,
  read: (file: string) => Uint8Array,
): { calibration: Calibration; warnings: readonly Issue[] } | { errors: readonly Issue[]; warnings: readonly Issue[] } {
  const got = readText(file, read);
  if ('errors' in got) return { errors: got.errors, warnings: [] };
  const r = readCalibrationFile(got.text);
  return r.ok ? { calibration: r.calibration, warnings: r.warnings } : { errors: r.errors, warnings: r.warnings };
}

function planFiles(
  files: readonly string[],
  json: boolean,
  suggest: boolean,
  read: (file: string) => Uint8Array,
  out: Output,
  err: Output,
  attach: (b: Bench) => Bench,
): number {
  let code = 0;
  for (const file of files) {
    const got = readText(file, read);
    const result = 'errors' in got ? null : readBench(got.text);
    if (result === null || !result.ok) {
      code = 1;
      const errs = result === null ? ('errors' in got ? got.errors : []) : result.errors;
      const warns = result === null ? [] : result.warnings;
      if (json) out.json(failureJson(file, errs, warns));
      else for (const l of issuesText(file, [...errs, ...warns])) err.line(l);
      continue;
    }
    if (suggest) {
      const bench = attach(result.bench);
      const s = suggestDay(bench);
      const day = { ...bench, windows: s.windows };
      // Cards the suggestion cannot run are listed with its reasons.
      const plan = { ...planBench(day), unplaced: s.unplaced };
      if (json) {
        const line = {
          ...benchPlanJson(day, file, plan, result.warnings),
          suggested: true,
          lower_bound_hours: spanJson(s.lowerBound),
          optimal: s.optimal,
        };
        out.json(line);
      } else out.line(`${benchPlanText(day, file, plan, result.warnings)}\n  suggested: ${s.reasons.join(' ')}`);
      continue;
    }
    const bench = attach(result.bench);
    const plan = planBench(bench);
    if (json) out.json(benchPlanJson(bench, file, plan, result.warnings));
    else out.line(benchPlanText(bench, file, plan, result.warnings));
  }
  return code;
}

/** `--to FORMAT FILE`: the export on stdout; problems (and warnings) on stderr. */
function exportFile(
  format: CliExportFormat,
  file: string,
  read: (file: string) => Uint8Array,
  today: string,
  out: Output,
  err: Output,
  attach: (b: Bench) => Bench,
  gpu?: number,
): number {
  const got = readText(file, read);
  const result = 'errors' in got ? null : readBench(got.text);
  if (result === null || !result.ok) {
    const issues = result === null ? ('errors' in got ? got.errors : []) : [...result.errors, ...result.warnings];
    for (const l of issuesText(file, issues)) err.line(l);
    return 1;
  }
  for (const l of issuesText(file, result.warnings)) err.line(l);
  const bench = attach(result.bench);
  if (isSchedulerTarget(format)) {
    const cluster = writeScheduler(format, bench);
    for (const f of cluster.flags) err.line(`${file}: warning: ${f}`);
    out.add(cluster.text);
    return 0;
  }
  if (format === 'nvinx') {
    // nvinx's config holds one GPU: a bench of several is written one GPU at a time (--gpu K).
    const n = gpuCount(bench.hardware);
    if (gpu === undefined ? n > 1 : gpu >= n) {
      err.line(
        gpu === undefined
          ? `${file}: error: ${nvinxOneGpuMessage(n)}: give --gpu K (0 to ${n - 1})`
          : `${file}: error: --gpu ${gpu}: the bench has ${n === 1 ? 'one GPU (GPU 0)' : `${n} GPUs (0 to ${n - 1})`}`,
      );
      return 1;
    }
    out.add(writeNvinxConfig(bench, gpu));
    return 0;
  }
  out.add(exportText(format, bench, file, today));
  return 0;
}

// ---------------------------------------------------------------------------------------
// estimate

const dtypeList = Object.keys(BITS_PER_WEIGHT).join(', ');

/** A whole number ≥ 1 from an option's value, or null. */
function count(value: string): number | null {
  if (!/^[1-9][0-9]*$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}

/** The folder part of a path ('' for a bare name). */
function folderOf(file: string): string {
  return file.slice(0, Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** `estimate [--json] [--strict] [--dtype D] [--context N] [--batch N] [--cpu-moe | --n-cpu-moe N] FILE...` */
function runEstimate(args: readonly string[], read: (file: string) => Uint8Array, options: CliOptions): CliResult {
  let json = false;
  let strict = false;
  let dtype: WeightDtype | undefined;
  let context: number | undefined;
  let batch: number | undefined;
  let cpuMoe: number | undefined;
  const files: string[] = [];
  let onlyFiles = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (onlyFiles || a === '-' || !a.startsWith('-')) {
      files.push(a);
      continue;
    }
    if (a === '--') onlyFiles = true;
    else if (a === '--json') json = true;
    else if (a === '--strict') strict = true;
    else if (a === '--cpu-moe') cpuMoe = Number.MAX_SAFE_INTEGER;
    else if (a === '--help' || a === '-h') return { code: 0, stdout: USAGE, stderr: '' };
    else {
      const m = /^(--dtype|--context|--batch|--n-cpu-moe)(?:=(.*))?$/.exec(a);
      if (m === null) return usage(`unknown option ${a} for estimate`);
      const name = m[1]!;
      const value = m[2] ?? args[++i];
      if (value === undefined || value === '') {
        return usage(`${name} needs a value${name === '--dtype' ? `: one of ${dtypeList}` : ' (a whole number ≥ 1)'}`);
      }
      if (name === '--dtype') {
        if (!isWeightDtype(value)) return usage(`unknown dtype "${value}" for --dtype; the dtypes are ${dtypeList}`);
        dtype = value;
      } else {
        const n = count(value);
        if (n === null) return usage(`${name} takes a whole number ≥ 1, not "${value}"`);
        if (name === '--context') context = n;
        else if (name === '--batch') batch = n;
        else cpuMoe = n;
      }
    }
  }
  if (files.length === 0) return usage('estimate: no model FILE given');
  const opts: ModelFileOptions = {
    ...(dtype !== undefined ? { dtype } : {}),
    ...(context !== undefined ? { context } : {}),
    ...(batch !== undefined ? { batch } : {}),
    ...(cpuMoe !== undefined ? { cpuMoeLayers: cpuMoe } : {}),
  };
  const out = new Output(options.stdout);
  const err = new Output(options.stderr);
  let code = 0;
  /** One file's estimate, or null (its error said on stderr). */
  const estimateOne = (file: string, o: ModelFileOptions): ModelFileResult | null => {
    let slices: FileSlices;
    try {
      slices = options.open ? options.open(file) : wholeFile(read(file));
    } catch (e) {
      err.line(`${file}: error: ${whyUnreadable(e)}`);
      return null;
    }
    try {
      return estimateFromFileSync(file, slices.size, (s, e) => slices.read(s, e), o);
    } catch (e) {
      err.line(`${file}: error: ${whyUnreadable(e)}`);
      return null;
    } finally {
      slices.close();
    }
  };
  // A .safetensors file given beside a config.json (the same folder) settles the config's dtype.
  const results = new Map<string, ModelFileResult | null>();
  const weightsDtypeIn = new Map<string, { dtype: WeightDtype; from: string }>();
  for (const file of files) {
    if (!/\.safetensors$/i.test(file) || results.has(file)) continue;
    const r = estimateOne(file, opts);
    results.set(file, r);
    const main = r?.ok && r.value.dtypes !== undefined ? safetensorsMainDtype(r.value.dtypes) : undefined;
    if (main !== undefined && !weightsDtypeIn.has(folderOf(file)))
      weightsDtypeIn.set(folderOf(file), { dtype: main, from: file });
  }
  for (const file of files) {
    const beside = weightsDtypeIn.get(folderOf(file));
    const r = results.has(file)
      ? results.get(file)!
      : estimateOne(file, beside !== undefined ? { ...opts, weightsDtype: beside } : opts);
    if (r === null) {
      code = 1;
      continue;
    }
    if (!r.ok) {
      err.line(`${file}: error: ${r.error}`);
      code = 1;
      continue;
    }
    if (r.value.confidence === 'approximate') {
      err.line(`${file}: warning: an approximate estimate: ${r.value.notes.slice(0, 2).join('; ')}`);
      if (strict) code = 1;
    }
    out.line(json ? JSON.stringify(estimateJson(file, r.value)) : estimateText(file, r.value));
  }
  return { code, stdout: out.text(), stderr: err.text() };
}

function wholeFile(bytes: Uint8Array): FileSlices {
  return { size: bytes.length, read: (s, e) => bytes.subarray(s, e), close: () => undefined };
}

const FORMAT_NAMES = {
  gguf: 'GGUF',
  safetensors: 'safetensors',
  'safetensors-index': 'safetensors index',
  config: 'config.json',
} as const;

/** The `--json` object: exactly these keys, in this order. */
function estimateJson(file: string, e: ModelFileEstimate) {
  const f = e.footprint;
  return {
    file,
    format: e.format,
    architecture: e.architecture,
    parameters: e.parameters,
    active_parameters: e.activeParameters,
    confidence: e.confidence,
    weights_gb: f.weightsGb,
    kv_cache_gb: f.kvCacheGb,
    activations_gb: f.activationsGb,
    overhead_gb: f.overheadGb,
    total_gb: f.totalGb,
    experts_in_ram_gb: f.ramGb,
    terms: [...f.terms, ...(f.ram !== null ? [f.ram] : [])].map((t) => ({
      name: t.name,
      gb: t.gb,
      formula: t.formula,
    })),
    notes: e.notes,
    missing: e.missing,
  };
}

/** A readable breakdown: the total, then each term with its formula, then what is missing. */
function estimateText(file: string, e: ModelFileEstimate): string {
  const what = [
    FORMAT_NAMES[e.format],
    e.architecture,
    e.parameters !== null ? `${fmtNum(e.parameters)} parameters` : null,
    e.activeParameters !== null ? `${fmtNum(e.activeParameters)} active per token` : null,
  ]
    .filter((x) => x !== null)
    .join(', ');
  const lines = [
    `${file}: ${what}`,
    `  confidence: ${e.confidence}`,
    `  total ${fmtGb(e.footprint.totalGb)}${e.footprint.ram !== null ? ` in VRAM + ${fmtGb(e.footprint.ramGb)} of experts in RAM` : ''}`,
  ];
  for (const t of [...e.footprint.terms, ...(e.footprint.ram !== null ? [e.footprint.ram] : [])]) {
    lines.push(`  ${TERM_LABELS[t.name].padEnd(17)}${fmtGb(t.gb).padStart(12)}`, `      ${t.formula}`);
  }
  for (const m of e.missing) lines.push(`  missing: ${m}`);
  for (const n of e.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}
