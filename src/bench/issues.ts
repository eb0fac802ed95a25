/**
 * What a read says and where: issues with their field path (and line and column when
 * there is a text), the result of a read, and the `Reader` every part of the bench format
 * reports through (the bench, its interference section, a calibration file). Under the
 * `strict` policy a problem is an error; under `repair` it is a repair, said with what was
 * done (what is done is decided by `repair.ts`).
 */
import type { Bench } from '../core/types';
import type { FormatName } from './format-names';
import { describe, nearest, type Check } from './field-rules';

export type Severity = 'error' | 'warning';

export interface Issue {
  readonly severity: Severity;
  readonly message: string;
  /** Field path such as `models[2].vram_gb`; empty for the whole document. */
  readonly path: string;
  /** 1-based line and column in the text; 0 when the problem has no place. */
  readonly line: number;
  readonly column: number;
  /**
   * Problems of one kind about different cards share a `group` (the same rule, the same list,
   * the same words but for the card) and name their card in `subject`: a text report may say
   * thousands of them in one line. The JSON keeps one entry per problem.
   */
  readonly group?: string;
  readonly subject?: string;
}

/** What makes an issue one of a group (`Issue.group`, `Issue.subject`). */
export interface IssueGroup {
  readonly group: string;
  readonly subject: string;
}

export type ReadResult =
  | { readonly ok: true; readonly bench: Bench; readonly format: FormatName; readonly warnings: readonly Issue[] }
  | { readonly ok: false; readonly errors: readonly Issue[]; readonly warnings: readonly Issue[] };

export type PathPart = string | number;

function formatPath(path: readonly PathPart[]): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const p = path[i]!;
    out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  }
  return out;
}

/** The 1-based line and column (in UTF-16 units, as every position here) of `text[offset]`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return { line, column: offset - (text.lastIndexOf('\n', offset - 1) + 1) + 1 };
}

/** Said of a file with bytes that are not UTF-8 (decoded, they are U+FFFD), where the first is. */
export const NOT_UTF8 = 'this is not a UTF-8 text file (these bytes are not UTF-8)';

export const refuse = (message: string, line = 0, column = 0): ReadResult => ({
  ok: false,
  errors: [{ severity: 'error', message, path: '', line, column }],
  warnings: [],
});

/** Where a field path points in the source text (1-based), when there is a text. */
export type Locate = (path: readonly PathPart[], atKey: boolean) => { line: number; column: number };

export type Policy = 'strict' | 'repair';

export class Reader {
  readonly errors: Issue[] = [];
  readonly warnings: Issue[] = [];
  /** What a repair changed (policy `repair`), each with what was done. */
  readonly repairs: Issue[] = [];
  constructor(
    private readonly locate: Locate | null,
    readonly policy: Policy = 'strict',
  ) {}

  private place(path: readonly PathPart[], atKey: boolean): { line: number; column: number } {
    return this.locate === null ? { line: 0, column: 0 } : this.locate(path, atKey);
  }

  issue(severity: Severity, path: readonly PathPart[], message: string, atKey = false, about?: IssueGroup): void {
    const { line, column } = this.place(path, atKey);
    const where = formatPath(path);
    const text = `${where === '' ? 'the document' : where} ${message}`;
    const issue: Issue =
      about === undefined
        ? { severity, message: text, path: where, line, column }
        : { severity, message: text, path: where, line, column, group: about.group, subject: about.subject };
    (severity === 'error' ? this.errors : this.warnings).push(issue);
  }

  /** A warning at a place of its own (where the locator would point elsewhere: a key's first occurrence). */
  warnAt(path: readonly PathPart[], message: string, line: number, column: number): void {
    const where = formatPath(path);
    this.warnings.push({
      severity: 'warning',
      message: `${where === '' ? 'the document' : where} ${message}`,
      path: where,
      line,
      column,
    });
  }

  /**
   * Something the bench cannot keep as it is: an error when strict; when repairing, the
   * `repair` is done by the caller and said here (`models[2].hours was …; removed`).
   */
  problem(path: readonly PathPart[], message: string, repair: string, atKey = false): void {
    if (this.policy === 'strict') return this.issue('error', path, message, atKey);
    const where = formatPath(path);
    this.repairs.push({
      severity: 'warning',
      message: `${where === '' ? 'the document' : where} ${message}: ${repair}`,
      path: where,
      line: 0,
      column: 0,
    });
  }

  take<T>(path: readonly PathPart[], check: Check<T>, repair: string): T | undefined {
    if (check.ok) return check.value;
    this.problem(path, check.message, repair);
    return undefined;
  }

  mapping(v: unknown, path: readonly PathPart[], what: string, repair: string): Record<string, unknown> | undefined {
    if (isMapping(v)) return v;
    this.problem(path, `must be a mapping of ${what}, got ${describe(v)}`, repair);
    return undefined;
  }

  list(v: unknown, path: readonly PathPart[], what: string, repair: string): unknown[] | undefined {
    if (Array.isArray(v)) return v;
    this.problem(path, `must be a list of ${what}, got ${describe(v)}`, repair);
    return undefined;
  }

  /**
   * Each key of `obj` that is not one of `known` (the schema's keys for that record), with the
   * known key it most likely misspells (`nearest`: unambiguous, a few edits) — one message for
   * the page and the CLI. Strict: a warning, the key ignored. Repair: said as a repair, its value
   * read as the suggested field when the record lacks that field, else left out (the saved text
   * keeps it). Returns the record to read: under repair, its known keys and the renamed ones.
   */
  unknownKeys(
    obj: Record<string, unknown>,
    path: readonly PathPart[],
    known: readonly string[],
  ): Record<string, unknown> {
    let out = obj;
    const keys = Object.keys(obj);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (known.includes(key)) continue;
      if (key === '') {
        // `null:`, `~:`, `"":` or a bare `:` — PyYAML's None or "" as a key: no field has that name.
        const said = 'has a key that is null or empty (null:, ~: or "":), which names no field';
        if (this.policy === 'strict') {
          const { line, column } = this.place([...path, key], true);
          this.warnAt(path, `${said}; it is ignored`, line, column);
          continue;
        }
        if (out === obj) out = { ...obj };
        delete out[key];
        this.problem(path, said, 'left out (the saved text keeps it)');
        continue;
      }
      const near = key.length > 64 ? undefined : nearest(key, known);
      const said = `is not a field the planner knows${near === undefined ? '' : ` (did you mean ${near}?)`}`;
      if (this.policy === 'strict') {
        const rest = near === undefined ? ` (known: ${known.join(', ')})` : '';
        this.issue('warning', [...path, key], `${said}; it is ignored${rest}`, true);
        continue;
      }
      if (out === obj) out = { ...obj };
      // Only into a field the record (as read so far) lacks: a second misspelling of it is left out.
      const moved = near !== undefined && !Object.hasOwn(out, near);
      if (moved) out[near] = obj[key];
      delete out[key];
      this.problem([...path, key], said, moved ? `read as ${near}` : 'left out (the saved text keeps it)');
    }
    return out;
  }
}

export function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);
}
