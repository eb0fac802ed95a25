/**
 * A small GGUF writer for tests and the benchmark: the layout of ggml's `docs/gguf.md`
 * (little-endian), with tensor data of the exact size each ggml type's blocks take.
 *
 * Its block table is written from the block structs of `ggml/src/ggml-common.h` (their
 * `static_assert` sums), apart from the reader's `GGML_TYPES`, so a test compares the two.
 */
import { strToU8 } from 'fflate';

/** [type id, weights per block, bytes per block] as ggml-common.h's structs add up. */
export const BLOCKS: Readonly<Record<string, readonly [id: number, block: number, bytes: number]>> = {
  F32: [0, 1, 4],
  F16: [1, 1, 2],
  Q4_0: [2, 32, 2 + 32 / 2],
  Q4_1: [3, 32, 2 * 2 + 32 / 2],
  Q5_0: [6, 32, 2 + 4 + 32 / 2],
  Q5_1: [7, 32, 2 * 2 + 4 + 32 / 2],
  Q8_0: [8, 32, 2 + 32],
  Q8_1: [9, 32, 2 * 2 + 32],
  Q2_K: [10, 256, 2 * 2 + 256 / 16 + 256 / 4],
  Q3_K: [11, 256, 2 + 256 / 4 + 256 / 8 + 12],
  Q4_K: [12, 256, 2 * 2 + 12 + 256 / 2],
  Q5_K: [13, 256, 2 * 2 + 12 + 256 / 2 + 256 / 8],
  Q6_K: [14, 256, 2 + 256 / 16 + (3 * 256) / 4],
  Q8_K: [15, 256, 4 + 256 + (256 / 16) * 2],
  IQ2_XXS: [16, 256, 2 + (256 / 8) * 2],
  IQ2_XS: [17, 256, 2 + (256 / 8) * 2 + 256 / 32],
  IQ3_XXS: [18, 256, 2 + 3 * (256 / 8)],
  IQ1_S: [19, 256, 2 + 256 / 8 + 256 / 16],
  IQ4_NL: [20, 32, 2 + 32 / 2],
  IQ3_S: [21, 256, 2 + 13 * (256 / 32) + 256 / 64],
  IQ2_S: [22, 256, 2 + 256 / 4 + 256 / 16],
  IQ4_XS: [23, 256, 2 + 2 + 256 / 64 + 256 / 2],
  I8: [24, 1, 1],
  I16: [25, 1, 2],
  I32: [26, 1, 4],
  I64: [27, 1, 8],
  F64: [28, 1, 8],
  IQ1_M: [29, 256, 256 / 8 + 256 / 16 + 256 / 32],
  BF16: [30, 1, 2],
  TQ1_0: [34, 256, 2 + 256 / 64 + (256 - (4 * 256) / 64) / 5],
  TQ2_0: [35, 256, 2 + 256 / 4],
  MXFP4: [39, 32, 1 + 32 / 2],
  NVFP4: [40, 64, 64 / 16 + 64 / 2],
  Q1_0: [41, 128, 2 + 128 / 8],
};

export type Value =
  | { t: 'u8' | 'i8' | 'u16' | 'i16' | 'u32' | 'i32' | 'f32' | 'f64'; v: number }
  | { t: 'u64' | 'i64'; v: bigint }
  | { t: 'bool'; v: boolean }
  | { t: 'str'; v: string }
  | { t: 'arr'; item: Value['t']; v: Value[] };

const TYPE_ID: Record<Value['t'], number> = {
  u8: 0,
  i8: 1,
  u16: 2,
  i16: 3,
  u32: 4,
  i32: 5,
  f32: 6,
  bool: 7,
  str: 8,
  arr: 9,
  u64: 10,
  i64: 11,
  f64: 12,
};

export interface TensorSpec {
  readonly name: string;
  readonly type: string;
  readonly dims: readonly number[];
}

export interface WrittenGguf {
  /** The whole file, or only the header when `headerOnly` (data then lies past the end). */
  readonly bytes: Uint8Array;
  /** The file's size with its data (what a sparse file would be truncated to). */
  readonly size: number;
  readonly dataOffset: number;
  /** Bytes of each tensor's data as written. */
  readonly dataBytes: readonly number[];
}

class Out {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  length = 0;
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.length));
    this.buf = b;
    this.view = new DataView(b.buffer);
  }
  u8(x: number): void {
    this.room(1);
    this.view.setUint8(this.length, x);
    this.length += 1;
  }
  u32(x: number): void {
    this.room(4);
    this.view.setUint32(this.length, x, true);
    this.length += 4;
  }
  u64(x: bigint | number): void {
    this.room(8);
    this.view.setBigUint64(this.length, BigInt(x), true);
    this.length += 8;
  }
  raw(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }
  str(s: string): void {
    const b = strToU8(s);
    this.u64(b.length);
    this.raw(b);
  }
  value(x: Value): void {
    const v = this.view;
    switch (x.t) {
      case 'u8':
      case 'bool':
        return this.u8(x.t === 'bool' ? (x.v ? 1 : 0) : x.v);
      case 'i8':
        this.room(1);
        v.setInt8(this.length, x.v);
        this.length += 1;
        return;
      case 'u16':
      case 'i16':
        this.room(2);
        if (x.t === 'u16') v.setUint16(this.length, x.v, true);
        else v.setInt16(this.length, x.v, true);
        this.length += 2;
        return;
      case 'u32':
        return this.u32(x.v);
      case 'i32':
        this.room(4);
        v.setInt32(this.length, x.v, true);
        this.length += 4;
        return;
      case 'f32':
        this.room(4);
        v.setFloat32(this.length, x.v, true);
        this.length += 4;
        return;
      case 'f64':
        this.room(8);
        v.setFloat64(this.length, x.v, true);
        this.length += 8;
        return;
      case 'u64':
        return this.u64(x.v);
      case 'i64':
        this.room(8);
        v.setBigInt64(this.length, x.v, true);
        this.length += 8;
        return;
      case 'str':
        return this.str(x.v);
      case 'arr':
        this.u32(TYPE_ID[x.item]);
        this.u64(x.v.length);
        for (const item of x.v) this.value(item);
    }
  }
  pad(to: number): void {
    while (this.length % to !== 0) this.u8(0);
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

export const u32 = (v: number): Value => ({ t: 'u32', v });
export const str = (v: string): Value => ({ t: 'str', v });
export const f32 = (v: number): Value => ({ t: 'f32', v });

/**
 * A GGUF file. Tensor data are zero bytes of each tensor's exact size, each aligned to
 * `alignment` (32, or `general.alignment` when the metadata gives it as a u32).
 */
export function writeGguf(
  metadata: Readonly<Record<string, Value>>,
  tensors: readonly TensorSpec[],
  opts: { version?: number; headerOnly?: boolean } = {},
): WrittenGguf {
  const o = new Out();
  o.raw(strToU8('GGUF'));
  o.u32(opts.version ?? 3);
  o.u64(tensors.length);
  o.u64(Object.keys(metadata).length);
  for (const [k, v] of Object.entries(metadata)) {
    o.str(k);
    o.u32(TYPE_ID[v.t]);
    o.value(v);
  }
  const a = metadata['general.alignment'];
  const alignment = a !== undefined && a.t === 'u32' ? a.v : 32;
  const dataBytes: number[] = [];
  let offset = 0;
  for (const t of tensors) {
    const [id, block, bytes] = BLOCKS[t.type]!;
    const elements = t.dims.reduce((x, y) => x * y, 1);
    const size = (elements / block) * bytes;
    o.str(t.name);
    o.u32(t.dims.length);
    for (const d of t.dims) o.u64(d);
    o.u32(id);
    o.u64(offset);
    dataBytes.push(size);
    offset += Math.ceil(size / alignment) * alignment;
  }
  o.pad(alignment);
  const dataOffset = o.length;
  const header = o.bytes();
  const lastEnd =
    dataBytes.length === 0 ? 0 : offset - Math.ceil(dataBytes.at(-1)! / alignment) * alignment + dataBytes.at(-1)!;
  const size = dataOffset + lastEnd;
  if (opts.headerOnly) return { bytes: header, size, dataOffset, dataBytes };
  const file = new Uint8Array(size);
  file.set(header);
  return { bytes: file, size, dataOffset, dataBytes };
}
