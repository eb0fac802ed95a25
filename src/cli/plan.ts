import { planBench, timeDay, type Bench } from '../core';
import {
  benchPlanJson,
  benchPlanText,
  caseStudyDefaults,
  failureJson,
  fileStem,
  issueText,
  readBench,
  writeExport,
  writePythonScript,
  type Issue,
} from '../io/yaml';
import { isSchedulerTarget, writeScheduler, type SchedulerTarget } from '../io/schedulers';

/** What `--to` writes (the page's Export… formats). */
export const EXPORT_FORMATS = [
  'bench',
  'nvinx',
  'case-study',
  'python',
  'slurm',
  'kubernetes',
  'ray',
  'skypilot',
] as const;
export type CliExportFormat = (typeof EXPORT_FORMATS)[number];

export const USAGE = `usage: nvinx-plan [--json] FILE...
       nvinx-plan --to FORMAT FILE
(in this repository: npm run -s plan -- … or node scripts/plan.mjs …)

Plans each bench YAML file (nvinx config, planner bench document or case study).
  --json        one line of JSON per FILE, in order
  --to FORMAT   write FILE as an export to stdout instead of planning it; one FILE only.
                FORMAT is one of:
                  bench       the planner's bench document (hardware, models, windows)
                  nvinx       nvinx config: hardware + models, as nvinx's configs/bench_*.yaml
                  case-study  nvinx's case-study submission, prefilled from the bench and its plan
                  python      a Python script that checks the plan with nvinx 0.1
                  slurm       submit_day.sh: the planned day as sbatch jobs, windows chained (afterok)
                  kubernetes  batch/v1 Jobs with HAMi GPU resources, a label per window
                  ray         a Ray driver: a task per job, windows awaited in order
                  skypilot    a SkyPilot pipeline: a task YAML per window
                For the four cluster formats, co-resident sets that do not fit the target's GPU
                slices print as warnings on stderr.
  --help        this text
Problems print on stderr as FILE:LINE:COLUMN: error: … (with --to, warnings too).
Exit status: 0 every file read, 1 a file was invalid, 2 usage error.
`;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  /** Today's date (YYYY-MM-DD) for the case study's prefilled date; defaults to the clock's. */
  readonly today?: string;
  /**
   * Where output goes as it is produced (each file's line as soon as it is ready, and no
   * joined copy of a large output); without them it is collected into the result.
   */
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
}

/** Output as it is produced, or collected when the caller gave no writer. */
class Output {
  private readonly chunks: string[] = [];
  constructor(private readonly write: ((text: string) => void) | undefined) {}
  /** One line (or block of lines) and its line break, without concatenating them. */
  line(text: string): void {
    this.add(text);
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

function decode(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return null;
  }
}

const fileIssue = (message: string): Issue => ({ severity: 'error', message, path: '', line: 0, column: 0 });

/** The file's text, or why it cannot be had (as an issue without a position). */
function readText(file: string, read: (file: string) => Uint8Array): { text: string } | { errors: Issue[] } {
  let bytes: Uint8Array;
  try {
    bytes = read(file);
  } catch (e) {
    const why = e instanceof Error && 'code' in e ? String((e as { code: unknown }).code) : 'unreadable';
    return {
      errors: [
        fileIssue(why === 'ENOENT' ? 'no such file' : why === 'EISDIR' ? 'is a directory' : `cannot be read (${why})`),
      ],
    };
  }
  const text = decode(bytes);
  return text === null ? { errors: [fileIssue('this is not a UTF-8 text file')] } : { text };
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
  let json = false;
  let to: string | null = null;
  const files: string[] = [];
  let onlyFiles = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (onlyFiles || a === '-' || !a.startsWith('-')) files.push(a);
    else if (a === '--') onlyFiles = true;
    else if (a === '--json') json = true;
    else if (a === '--help' || a === '-h') return { code: 0, stdout: USAGE, stderr: '' };
    else if (a === '--to' || a.startsWith('--to=')) {
      const value = a === '--to' ? args[++i] : a.slice('--to='.length);
      if (value === undefined || value === '') return usage(`--to needs a FORMAT: one of ${formatList}`);
      to = value;
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
  if (files.length === 0) return usage('no FILE given');

  const out = new Output(options.stdout);
  const err = new Output(options.stderr);
  const code =
    format === null
      ? planFiles(files, json, read, out, err)
      : exportFile(format, files[0]!, read, options.today ?? new Date().toISOString().slice(0, 10), out, err);
  return { code, stdout: out.text(), stderr: err.text() };
}

function planFiles(
  files: readonly string[],
  json: boolean,
  read: (file: string) => Uint8Array,
  out: Output,
  err: Output,
): number {
  let code = 0;
  for (const file of files) {
    const got = readText(file, read);
    const result = 'errors' in got ? null : readBench(got.text);
    if (result === null || !result.ok) {
      code = 1;
      const errs = result === null ? ('errors' in got ? got.errors : []) : result.errors;
      const warns = result === null ? [] : result.warnings;
      if (json) out.line(JSON.stringify(failureJson(file, errs, warns)));
      else for (const i of [...errs, ...warns]) err.line(issueText(file, i));
      continue;
    }
    const plan = planBench(result.bench);
    if (json) out.line(JSON.stringify(benchPlanJson(result.bench, file, plan, result.warnings)));
    else out.line(benchPlanText(result.bench, file, plan, result.warnings));
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
): number {
  const got = readText(file, read);
  const result = 'errors' in got ? null : readBench(got.text);
  if (result === null || !result.ok) {
    const issues = result === null ? ('errors' in got ? got.errors : []) : [...result.errors, ...result.warnings];
    for (const i of issues) err.line(issueText(file, i));
    return 1;
  }
  for (const i of result.warnings) err.line(issueText(file, i));
  if (isSchedulerTarget(format)) {
    const cluster = writeScheduler(format, result.bench);
    for (const f of cluster.flags) err.line(`${file}: warning: ${f}`);
    out.add(cluster.text);
    return 0;
  }
  out.add(exportText(format, result.bench, file, today));
  return 0;
}
