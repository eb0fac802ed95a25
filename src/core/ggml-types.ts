/**
 * ggml's tensor types, the one table (the GGUF reader sizes each tensor with it; the
 * estimator's bits per weight of the GGUF types derive from it). Pure: no DOM, no Node.
 *
 * id (the `enum ggml_type` in `ggml/include/ggml.h`) → weights per block (`blck_size` in
 * `type_traits`, `ggml/src/ggml.c`) and bytes per block (`type_size`: the block structs of
 * `ggml/src/ggml-common.h`, whose `static_assert`s give the sums below). Ids 4, 5 and 31–33,
 * 36–38 are types ggml removed; a file using them is refused. (gguf-py's GGML_QUANT_SIZES
 * agrees on every type a GGUF file holds; it gives Q8_1, an intermediate type never stored in
 * a file, 40 bytes, from when its d and s were floats: ggml's 36 is kept.)
 */
export interface GgmlType {
  readonly name: string;
  /** Weights per block. */
  readonly block: number;
  /** Bytes per block. */
  readonly bytes: number;
}

export const GGML_TYPES: Readonly<Record<number, GgmlType>> = {
  0: { name: 'F32', block: 1, bytes: 4 },
  1: { name: 'F16', block: 1, bytes: 2 },
  2: { name: 'Q4_0', block: 32, bytes: 18 }, // half d + 16 nibble bytes
  3: { name: 'Q4_1', block: 32, bytes: 20 }, // half d, m + 16
  6: { name: 'Q5_0', block: 32, bytes: 22 }, // half d + u32 qh + 16
  7: { name: 'Q5_1', block: 32, bytes: 24 }, // half d, m + u32 qh + 16
  8: { name: 'Q8_0', block: 32, bytes: 34 }, // half d + 32
  9: { name: 'Q8_1', block: 32, bytes: 36 }, // half d, s + 32
  10: { name: 'Q2_K', block: 256, bytes: 84 }, // 2 halves + 16 scales + 64 quants
  11: { name: 'Q3_K', block: 256, bytes: 110 }, // half + 64 + 32 + 12
  12: { name: 'Q4_K', block: 256, bytes: 144 }, // 2 halves + 12 + 128
  13: { name: 'Q5_K', block: 256, bytes: 176 }, // 2 halves + 12 + 128 + 32
  14: { name: 'Q6_K', block: 256, bytes: 210 }, // half + 16 + 192
  15: { name: 'Q8_K', block: 256, bytes: 292 }, // float + 256 + 16 × i16
  16: { name: 'IQ2_XXS', block: 256, bytes: 66 }, // half + 32 × u16
  17: { name: 'IQ2_XS', block: 256, bytes: 74 }, // half + 32 × u16 + 8
  18: { name: 'IQ3_XXS', block: 256, bytes: 98 }, // half + 96
  19: { name: 'IQ1_S', block: 256, bytes: 50 }, // half + 32 + 8 × u16
  20: { name: 'IQ4_NL', block: 32, bytes: 18 }, // half + 16
  21: { name: 'IQ3_S', block: 256, bytes: 110 }, // half + 13 × 8 + 4
  22: { name: 'IQ2_S', block: 256, bytes: 82 }, // half + 64 + 16
  23: { name: 'IQ4_XS', block: 256, bytes: 136 }, // half + u16 + 4 + 128
  24: { name: 'I8', block: 1, bytes: 1 },
  25: { name: 'I16', block: 1, bytes: 2 },
  26: { name: 'I32', block: 1, bytes: 4 },
  27: { name: 'I64', block: 1, bytes: 8 },
  28: { name: 'F64', block: 1, bytes: 8 },
  29: { name: 'IQ1_M', block: 256, bytes: 56 }, // 32 + 16 + 8
  30: { name: 'BF16', block: 1, bytes: 2 },
  34: { name: 'TQ1_0', block: 256, bytes: 54 }, // 48 + 4 + half
  35: { name: 'TQ2_0', block: 256, bytes: 66 }, // 64 + half
  39: { name: 'MXFP4', block: 32, bytes: 17 }, // E8M0 byte + 16
  40: { name: 'NVFP4', block: 64, bytes: 36 }, // 4 UE4M3 scales + 32
  41: { name: 'Q1_0', block: 128, bytes: 18 }, // half + 16
};

const BY_NAME: ReadonlyMap<string, GgmlType> = new Map(Object.values(GGML_TYPES).map((t) => [t.name, t]));

/** Bits per weight of a ggml type by name: bytes per block × 8 ÷ weights per block (Q4_0: 18 × 8 ÷ 32 = 4.5). */
export function ggmlTypeBits(name: string): number {
  const t = BY_NAME.get(name);
  if (t === undefined) throw new RangeError(`${name} is not a ggml type`);
  return (t.bytes * 8) / t.block;
}
