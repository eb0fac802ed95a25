/**
 * The checks of one field's value, used by the bench schema (`bench-schema.ts`), the
 * reader and the editors. Each takes an unknown value and returns the clean value or a
 * message. Integers read from YAML arrive as `bigint` (so the reader knows a number was
 * written without a decimal point, as PyYAML would read it); the checks accept both.
 */
import { RESIDENCIES, WINDOW_PATTERNS, type Residency, type WindowPattern } from '../core/types';
import { LIMITS } from '../core/limits';

export type Check<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Check<T> => ({ ok: true, value });
const bad = <T>(message: string): Check<T> => ({ ok: false, message });

export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (typeof v === 'string') return `the text "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return 'a date';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

export interface NumberRule {
  readonly min: number;
  readonly max: number;
  /** When true, `min` itself is refused (the value must be greater). */
  readonly exclusiveMin?: boolean;
  readonly integer?: boolean;
  readonly unit?: string;
}

/**
 * The bench's co-residency slowdown (`coresidency_slowdown` in `bench-schema.ts`, whose table
 * holds it): here so that the day panel's field checks it without loading the tables.
 */
export const SLOWDOWN_RULE: NumberRule = { min: 1, max: LIMITS.slowdown };

export function checkNumber(v: unknown, rule: NumberRule): Check<number> {
  if (typeof v === 'bigint') v = Number(v);
  if (typeof v !== 'number') return bad(`must be a number, got ${describe(v)}`);
  if (!Number.isFinite(v)) return bad(`must be a finite number, got ${describe(v)}`);
  const unit = rule.unit === undefined ? '' : ` ${rule.unit}`;
  if (rule.integer === true && !Number.isInteger(v)) return bad(`must be a whole number, got ${v}`);
  if (rule.exclusiveMin === true ? v <= rule.min : v < rule.min) {
    return bad(
      rule.min === 0
        ? `must be ${rule.exclusiveMin === true ? 'greater than 0' : '0 or more'}, got ${v}`
        : `must be at least ${rule.min}${unit}, got ${v}`,
    );
  }
  if (v > rule.max) return bad(`${v}${unit} is not plausible here (at most ${rule.max}${unit})`);
  return ok(v === 0 ? 0 : v);
}

export function checkBoolean(v: unknown): Check<boolean> {
  if (typeof v === 'boolean') return ok(v);
  return bad(`must be true or false, got ${describe(v)}`);
}

/**
 * A name, kept exactly as written (nvinx keeps `'padded job '` with its spaces; the bench
 * check warns about such spaces). Only an empty or blank name is refused.
 */
export function checkName(v: unknown): Check<string> {
  if (typeof v !== 'string') return bad(`must be text, got ${describe(v)}`);
  if (v.trim() === '') return bad('must not be empty');
  if (v.length > LIMITS.nameLength) return bad(`is too long (${v.length} characters; at most ${LIMITS.nameLength})`);
  return ok(v);
}

export function checkText(v: unknown): Check<string> {
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return ok(String(v));
  if (v instanceof Date) return ok(v.toISOString().slice(0, 10));
  if (typeof v !== 'string') return bad(`must be text, got ${describe(v)}`);
  if (v.length > LIMITS.textLength) return bad(`is too long (${v.length} characters; at most ${LIMITS.textLength})`);
  return ok(v);
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment: `dya` → `day` is one
 * edit), for small strings: allowed values, field names and what was typed.
 */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row[j] = d;
    }
    [before, prev] = [prev, row];
  }
  return prev[b.length]!;
}

/**
 * The allowed value (or field name) nearest to what was typed (case and `-`/space ignored):
 * within a quarter of its length (at least 1 edit), and only when no other is as near.
 */
export function nearest<T extends string>(typed: string, allowed: readonly T[]): T | undefined {
  const norm = (x: string) => x.trim().toLowerCase().replace(/[-\s]/g, '_');
  const t = norm(typed);
  let best: T | undefined;
  let bestD = Infinity;
  let tied = false;
  for (const a of allowed) {
    const d = editDistance(t, norm(a));
    if (d < bestD) [best, bestD, tied] = [a, d, false];
    else if (d === bestD && a !== best) tied = true;
  }
  return !tied && bestD <= Math.max(1, Math.floor(t.length / 4)) ? best : undefined;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], what: string): Check<T> {
  const list = allowed.join(', ');
  if (typeof v !== 'string') return bad(`must be one of ${list}; got ${describe(v)}`);
  if ((allowed as readonly string[]).includes(v)) return ok(v as T);
  const near = v.length > 64 ? undefined : nearest(v, allowed);
  const hint = near === undefined ? '' : ` (did you mean ${near}?)`;
  return bad(`unknown ${what} "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"${hint}; allowed: ${list}`);
}

/** One of a few words (a schema `choice` field). */
export const checkChoice = (v: unknown, allowed: readonly string[], what: string): Check<string> =>
  oneOf(v, allowed, what);

export const checkResidency = (v: unknown): Check<Residency> => oneOf(v, RESIDENCIES, 'residency');
export const checkPattern = (v: unknown): Check<WindowPattern> => oneOf(v, WINDOW_PATTERNS, 'pattern');
