/**
 * The standard scalar tags written explicitly (`!!float 32`, `!!int "4"`, `!!bool YES`,
 * `!!null x`), read as PyYAML's SafeLoader constructs them (`construct_yaml_float`, `_int`,
 * `_bool`, `_null` in PyYAML 6's constructor.py): nvinx reads its files with `yaml.safe_load`.
 * `yaml` resolves an explicit tag only when the text matches the tag's own implicit pattern,
 * so `!!float 32` stayed the text "32" where PyYAML reads 32.0. A value PyYAML cannot construct
 * (`!!float abc`, `!!int 4.0`, `!!bool maybe`) is refused, as PyYAML refuses it.
 *
 * These tags are never chosen implicitly (`default: false`): plain scalars keep the
 * PyYAML-shaped implicit tags of `read.ts`.
 */
import type { ScalarTag } from 'yaml';

const FLOAT = 'tag:yaml.org,2002:float';
const INT = 'tag:yaml.org,2002:int';
const BOOL = 'tag:yaml.org,2002:bool';
const NULL = 'tag:yaml.org,2002:null';

/** Python's `float(text)`: surrounding blanks, a sign, digits with a point and exponent, inf, infinity, nan; else null. */
function pythonFloat(text: string): number | null {
  const t = text.trim();
  if (!/^[-+]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|inf|infinity|nan)$/i.test(t)) return null;
  const sign = t.startsWith('-') ? -1 : 1;
  const body = t.replace(/^[-+]/, '').toLowerCase();
  if (body === 'inf' || body === 'infinity') return sign * Infinity;
  if (body === 'nan') return NaN;
  return sign * Number(body);
}

/** Python's `int(text, base)` (2, 8, 10 or 16; the base's own prefix allowed): else null. */
function pythonInt(text: string, base: 2 | 8 | 10 | 16): bigint | null {
  let t = text.trim();
  let sign = 1n;
  if (t.startsWith('-') || t.startsWith('+')) {
    if (t.startsWith('-')) sign = -1n;
    t = t.slice(1);
  }
  const prefix = { 2: '0b', 8: '0o', 10: '', 16: '0x' }[base];
  if (prefix !== '' && t.toLowerCase().startsWith(prefix)) t = t.slice(2);
  const digit = { 2: '[01]', 8: '[0-7]', 10: '[0-9]', 16: '[0-9a-fA-F]' }[base];
  if (!new RegExp(`^${digit}+$`).test(t)) return null;
  let n = 0n;
  for (const c of t.toLowerCase()) n = n * BigInt(base) + BigInt(parseInt(c, 16));
  return sign * n;
}

/** PyYAML's sign handling: a leading "-" or "+" is taken off, the sign kept. */
function signOf(value: string): { sign: 1 | -1; rest: string } {
  const sign = value[0] === '-' ? -1 : 1;
  return { sign, rest: value[0] === '-' || value[0] === '+' ? value.slice(1) : value };
}

/** Base-60 parts (`1:30`), as PyYAML sums them: the last part is units, each before it 60 times more. */
function sexagesimal<T extends number | bigint>(parts: readonly T[], zero: T, sixty: T): T {
  let value = zero;
  let base = (typeof zero === 'bigint' ? 1n : 1) as T;
  for (const d of [...parts].reverse()) {
    value = ((value as number) + (d as number) * (base as number)) as T;
    base = ((base as number) * (sixty as number)) as T;
  }
  return value;
}

const refused = (tag: string, text: string, what: string) =>
  `${tag} cannot make ${what} of ${JSON.stringify(text)} (PyYAML's safe_load refuses it too)`;

/** `construct_yaml_float`. */
function resolveFloat(source: string, onError: (message: string) => void): unknown {
  const value = source.replaceAll('_', '').toLowerCase();
  const fail = () => {
    onError(refused('!!float', source, 'a number'));
    return source;
  };
  if (value === '') return fail();
  const { sign, rest } = signOf(value);
  if (rest === '.inf') return sign * Infinity;
  if (rest === '.nan') return NaN;
  if (rest.includes(':')) {
    const parts = rest.split(':').map(pythonFloat);
    if (parts.some((p) => p === null)) return fail();
    return sign * sexagesimal(parts as number[], 0, 60);
  }
  const n = pythonFloat(rest);
  return n === null ? fail() : sign * n;
}

/** `construct_yaml_int`. */
function resolveInt(source: string, onError: (message: string) => void): unknown {
  const value = source.replaceAll('_', '');
  const fail = () => {
    onError(refused('!!int', source, 'a whole number'));
    return source;
  };
  if (value === '') return fail();
  const { sign, rest } = signOf(value);
  const s = BigInt(sign);
  if (rest === '0') return 0n;
  let n: bigint | null;
  if (rest.startsWith('0b')) n = pythonInt(rest.slice(2), 2);
  else if (rest.startsWith('0x')) n = pythonInt(rest.slice(2), 16);
  else if (rest.startsWith('0')) n = pythonInt(rest, 8);
  else if (rest.includes(':')) {
    const parts = rest.split(':').map((p) => pythonInt(p, 10));
    n = parts.some((p) => p === null) ? null : sexagesimal(parts as bigint[], 0n, 60n);
  } else n = pythonInt(rest, 10);
  return n === null ? fail() : s * n;
}

const BOOL_VALUES: Readonly<Record<string, boolean>> = {
  yes: true,
  no: false,
  true: true,
  false: false,
  on: true,
  off: false,
};

/** `construct_yaml_bool`: the word, in any case. */
function resolveBool(source: string, onError: (message: string) => void): unknown {
  const b = Object.hasOwn(BOOL_VALUES, source.toLowerCase()) ? BOOL_VALUES[source.toLowerCase()] : undefined;
  if (b !== undefined) return b;
  onError(refused('!!bool', source, 'true or false'));
  return source;
}

const explicit = (tag: string, resolve: ScalarTag['resolve']): ScalarTag => ({ tag, default: false, resolve });

/** The explicit scalar tags, to put beside yaml's YAML 1.1 tags (`customTags`). */
export const PYYAML_EXPLICIT_TAGS: readonly ScalarTag[] = [
  explicit(FLOAT, resolveFloat),
  explicit(INT, resolveInt),
  explicit(BOOL, resolveBool),
  // `construct_yaml_null`: whatever the text, None.
  explicit(NULL, () => null),
];
