/**
 * One spelling per weights dtype in the menu. A GGUF file names its plain types F32, F16 and
 * BF16; a checkpoint names them fp32, fp16 and bf16: the same widths (32, 16 and 16 bits, bf16
 * with fp32's exponent). The menu lists each once, in the checkpoint's spelling; a value read as
 * the GGUF spelling (from a file, or a bench) shows as that entry, its own spelling said beside it.
 */
import type { WeightDtype } from './types';

/** The GGUF spellings of the plain dtypes, and the menu's spelling of each. */
const GGUF_SPELLINGS = { F32: 'fp32', F16: 'fp16', BF16: 'bf16' } as const satisfies Partial<
  Record<WeightDtype, WeightDtype>
>;

const isGgufSpelling = (d: WeightDtype): d is keyof typeof GGUF_SPELLINGS => Object.hasOwn(GGUF_SPELLINGS, d);

/** The menu's entry for a dtype: itself, or the checkpoint spelling of a plain type spelled as GGUF spells it. */
export function menuDtype(d: WeightDtype): WeightDtype {
  return isGgufSpelling(d) ? GGUF_SPELLINGS[d] : d;
}

/** Whether a dtype has an entry of its own in the menu (a GGUF spelling of a plain type has not). */
export const inMenu = (d: WeightDtype): boolean => !isGgufSpelling(d);
