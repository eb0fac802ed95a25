/**
 * Field rules shared by the YAML import and the card editors: one source of truth.
 * Each rule takes an unknown value and returns the clean value or a message.
 */
import { PATTERNS, RESIDENCIES, type PatternName, type Residency } from '../core';
import { LIMITS } from './limits';

export type Check<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Check<T> => ({ ok: true, value });
const bad = <T>(message: string): Check<T> => ({ ok: false, message });

export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (typeof v === 'string') return `the text "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  if (typeof v === 'boolean') return String(v);
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

export function checkNumber(v: unknown, rule: NumberRule): Check<number> {
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

export const RULES = {
  hardware: {
    vram_gb: { min: 0, exclusiveMin: true, max: LIMITS.hardwareVramGb, unit: 'GB' },
    ram_gb: { min: 0, exclusiveMin: true, max: LIMITS.hardwareRamGb, unit: 'GB' },
    cpu_cores: { min: 1, max: LIMITS.cpuCores, integer: true },
  },
  model: {
    vram_gb: { min: 0, max: LIMITS.modelGb, unit: 'GB' },
    ram_gb_needed: { min: 0, max: LIMITS.modelGb, unit: 'GB' },
    hours: { min: 0, max: LIMITS.hours, unit: 'h' },
    cpu_hours: { min: 0, max: LIMITS.hours, unit: 'h' },
    cores: { min: 1, max: LIMITS.cpuCores, integer: true },
  },
  headroom_gb: { min: 0, max: LIMITS.headroomGb, unit: 'GB' },
  coresidency_slowdown: { min: 1, max: LIMITS.slowdown },
} as const satisfies Record<string, NumberRule | Record<string, NumberRule>>;

export function checkBoolean(v: unknown): Check<boolean> {
  if (typeof v === 'boolean') return ok(v);
  return bad(`must be true or false, got ${describe(v)}`);
}

export function checkName(v: unknown): Check<string> {
  if (typeof v !== 'string') return bad(`must be text, got ${describe(v)}`);
  const name = v.trim();
  if (name === '') return bad('must not be empty');
  if (name.length > LIMITS.nameLength)
    return bad(`is too long (${name.length} characters; at most ${LIMITS.nameLength})`);
  return ok(name);
}

export function checkText(v: unknown): Check<string> {
  if (typeof v === 'number' || typeof v === 'boolean') return ok(String(v));
  if (v instanceof Date) return ok(v.toISOString().slice(0, 10));
  if (typeof v !== 'string') return bad(`must be text, got ${describe(v)}`);
  if (v.length > LIMITS.textLength) return bad(`is too long (${v.length} characters; at most ${LIMITS.textLength})`);
  return ok(v);
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], what: string): Check<T> {
  const list = allowed.join(', ');
  if (typeof v !== 'string') return bad(`must be one of ${list}; got ${describe(v)}`);
  if ((allowed as readonly string[]).includes(v)) return ok(v as T);
  const near = allowed.find((a) => a.toLowerCase() === v.trim().toLowerCase().replace(/[-\s]/g, '_'));
  const hint = near === undefined ? '' : ` (did you mean ${near}?)`;
  return bad(`unknown ${what} "${v}"${hint}; allowed: ${list}`);
}

export const checkResidency = (v: unknown): Check<Residency> => oneOf(v, RESIDENCIES, 'residency');
export const checkPattern = (v: unknown): Check<PatternName> => oneOf(v, PATTERNS, 'pattern');

/** What each residency uses, for editors that explain fields rather than hide them. */
export function fieldRelevance(residency: Residency): {
  vram: string | null;
  cpuFallback: string | null;
  ramOverflow: string | null;
} {
  switch (residency) {
    case 'CPU_ONLY':
      return {
        vram: 'CPU_ONLY cards never use VRAM; vram_gb is kept but not planned.',
        cpuFallback: 'CPU_ONLY cards always run on the CPU; CPU fallback changes nothing.',
        ramOverflow: 'Only a ram_overflow window reads RAM overflow settings.',
      };
    case 'GPU_EXCLUSIVE':
      return {
        vram: null,
        cpuFallback: null,
        ramOverflow: 'Only a ram_overflow window reads RAM overflow settings.',
      };
    case 'GPU_SHARED':
      return {
        vram: null,
        cpuFallback: null,
        ramOverflow: 'Only a ram_overflow window reads RAM overflow settings.',
      };
    case 'GPU_RAM_OVERFLOW':
      return { vram: null, cpuFallback: null, ramOverflow: null };
  }
}
