/**
 * Python's float formatting, reproduced exactly, because nvinx's `max_memory` strings
 * (formatted with `:.1f`) go straight into `from_pretrained` and must match byte for byte.
 *
 * JavaScript's `toFixed` rounds exact ties away from zero (0.25 → "0.3"); Python rounds
 * the exact binary value half to even (0.25 → "0.2"). We expand the double exactly with
 * BigInt and round it the way Python does.
 */

function decompose(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  if (biased === 0) return { mantissa: fraction, exponent: -1074 };
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}

/** Python's `f"{x:.{digits}f}"` for a float. */
export function formatFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = isNegative(x) ? '-' : '';
  // Fast path. toFixed is exact except on exact ties. A tie needs x·2^(d+1) to be an odd
  // integer M (x·10^d = M·5^d / 2); anything else is no tie, and toFixed is right.
  const m = Math.abs(x) * 2 ** (digits + 1);
  if (!Number.isInteger(m) || m % 2 === 0 || digits > 20) {
    const text = Math.abs(x).toFixed(digits);
    if (text.length <= 21 && !text.includes('e')) return sign + text;
  }
  const { mantissa, exponent } = decompose(x);
  let scaled: bigint; // the value times 10**digits, rounded half to even
  if (exponent >= 0) {
    scaled = (mantissa << BigInt(exponent)) * 10n ** BigInt(digits);
  } else {
    // x = mantissa / 2^k = mantissa * 5^k / 10^k
    const k = -exponent;
    const numerator = mantissa * 5n ** BigInt(k);
    if (k <= digits) {
      scaled = numerator * 10n ** BigInt(digits - k);
    } else {
      const divisor = 10n ** BigInt(k - digits);
      const quotient = numerator / divisor;
      const twiceRest = (numerator % divisor) * 2n;
      const up = twiceRest > divisor || (twiceRest === divisor && quotient % 2n === 1n);
      scaled = up ? quotient + 1n : quotient;
    }
  }
  const text = scaled.toString().padStart(digits + 1, '0');
  if (digits === 0) return sign + text;
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Python's `repr(x)` / `f"{x}"` for a float (shortest round-trip digits). */
export function formatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const sign = isNegative(x) ? '-' : '';
  const [mant = '0', expText = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mant.replace('.', '');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const expSign = exp < 0 ? '-' : '+';
    return `${sign}${body}e${expSign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const fracPart = digits.slice(exp + 1);
  return `${sign}${intPart}.${fracPart === '' ? '0' : fracPart}`;
}

/** A readable GB figure for explanations: at most two decimals, at least one. */
export function gb(x: number): string {
  const rounded = Math.round(x * 100) / 100;
  const text = String(rounded);
  return text.includes('.') || text.includes('e') ? text : `${text}.0`;
}

/** Python's `repr` of a number that is an `int` when `isInt` (e.g. `0`), else a float (`0.0`). */
export function pyNumber(x: number, isInt: boolean): string {
  return isInt && Number.isInteger(x) ? BigInt(x).toString() : formatRepr(x);
}

/**
 * A Python string literal: JSON's escapes are valid Python escapes; U+2028 and U+2029, which
 * JSON leaves raw, are escaped too, so an editor or a tool that takes them for line breaks
 * cannot cut the literal.
 */
export function pyStr(s: string): string {
  return JSON.stringify(s).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
