import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GGML_TYPES } from '../../core/ggml-types';
import { GGUF_ARRAY_KEEP, ggufModel, readGguf, type GgufArray, type GgufHeader } from './gguf';
import { BLOCKS, f32, str, u32, writeGguf, type TensorSpec, type Value } from '../testdata/gguf-writer';

function header(bytes: Uint8Array, size?: number): GgufHeader {
  const r = readGguf(bytes, size);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function refused(bytes: Uint8Array, size?: number): string {
  const t0 = performance.now();
  const r = readGguf(bytes, size);
  // Refused at once: no allocation or loop proportional to a claimed count.
  expect(performance.now() - t0).toBeLessThan(50);
  expect(r.ok).toBe(false);
  if (r.ok) return '';
  expect(r.needMore).toBeUndefined();
  return r.error;
}

/** Bytes of a little-endian u64 and u32, to build hostile headers by hand. */
const le64 = (x: bigint): number[] => [...new Uint8Array(new BigUint64Array([x]).buffer)];
const le32 = (x: number): number[] => [...new Uint8Array(new Uint32Array([x]).buffer)];
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const gstr = (s: string): number[] => [...le64(BigInt(s.length)), ...ascii(s)];
/** `bytes`, then zeros up to `size`. */
const pad = (size: number, bytes: number[]): Uint8Array => {
  const out = new Uint8Array(Math.max(size, bytes.length));
  out.set(bytes);
  return out;
};
const preamble = (tensors: bigint, kvs: bigint, version = 3): number[] => [
  ...ascii('GGUF'),
  ...le32(version),
  ...le64(tensors),
  ...le64(kvs),
];

const EVERY_TYPE: Record<string, Value> = {
  'general.architecture': str('llama'),
  'general.name': str('Tiny Ünïcode 🦙'),
  'test.u8': { t: 'u8', v: 255 },
  'test.i8': { t: 'i8', v: -128 },
  'test.u16': { t: 'u16', v: 65535 },
  'test.i16': { t: 'i16', v: -32768 },
  'test.u32': u32(4294967295),
  'test.i32': { t: 'i32', v: -2147483648 },
  'test.f32': f32(0.5),
  'test.f64': { t: 'f64', v: -1.25e300 },
  'test.bool': { t: 'bool', v: true },
  'test.u64': { t: 'u64', v: 2n ** 64n - 1n },
  'test.u64small': { t: 'u64', v: 12345n },
  'test.i64': { t: 'i64', v: -(2n ** 63n) },
  'test.empty': str(''),
  'test.floats': { t: 'arr', item: 'f32', v: [f32(1), f32(-2.5)] },
  'test.strings': { t: 'arr', item: 'str', v: [str('a'), str(''), str('ccc')] },
  'test.nested': {
    t: 'arr',
    item: 'arr',
    v: [
      { t: 'arr', item: 'u8', v: [{ t: 'u8', v: 1 }] },
      { t: 'arr', item: 'str', v: [str('x'), str('yz')] },
    ],
  },
  'test.noitems': { t: 'arr', item: 'u64', v: [] },
};

const MIXED: TensorSpec[] = [
  { name: 'token_embd.weight', type: 'Q4_K', dims: [512, 100] },
  { name: 'blk.0.attn_q.weight', type: 'Q6_K', dims: [512, 512] },
  { name: 'blk.0.attn_k.weight', type: 'Q8_0', dims: [512, 64] },
  { name: 'blk.0.attn_v.weight', type: 'Q4_0', dims: [512, 64] },
  { name: 'blk.0.ffn_up.weight', type: 'IQ4_XS', dims: [512, 3, 2] },
  { name: 'blk.0.ffn_down.weight', type: 'MXFP4', dims: [96, 512] },
  { name: 'blk.0.attn_norm.weight', type: 'F32', dims: [512] },
  { name: 'blk.0.ffn_gate.weight', type: 'BF16', dims: [7, 3] },
  { name: 'output.weight', type: 'F16', dims: [512, 100, 1, 2] },
  { name: 'ternary', type: 'TQ1_0', dims: [256, 2] },
];

describe('GGML type table', () => {
  it("matches the block sizes of ggml-common.h's block structs, type by type", () => {
    const fromStructs = Object.fromEntries(
      Object.entries(BLOCKS).map(([n, [id, block, bytes]]) => [id, { name: n, block, bytes }]),
    );
    expect(GGML_TYPES).toEqual(fromStructs);
    // The well-known ones, spelled out.
    expect(BLOCKS['Q4_K']).toEqual([12, 256, 144]);
    expect(BLOCKS['Q6_K']).toEqual([14, 256, 210]);
    expect(BLOCKS['Q8_0']).toEqual([8, 32, 34]);
    expect(BLOCKS['Q4_0']).toEqual([2, 32, 18]);
    expect(BLOCKS['F16']).toEqual([1, 1, 2]);
  });
});

describe('readGguf', () => {
  it('reads metadata of every value type, nested arrays and UTF-8 strings', () => {
    const h = header(writeGguf(EVERY_TYPE, MIXED).bytes);
    const m = h.metadata;
    expect(h.version).toBe(3);
    expect(m.get('general.name')).toBe('Tiny Ünïcode 🦙');
    expect([m.get('test.u8'), m.get('test.i8'), m.get('test.u16'), m.get('test.i16')]).toEqual([
      255, -128, 65535, -32768,
    ]);
    expect([m.get('test.u32'), m.get('test.i32'), m.get('test.f32'), m.get('test.f64')]).toEqual([
      4294967295, -2147483648, 0.5, -1.25e300,
    ]);
    expect(m.get('test.bool')).toBe(true);
    expect(m.get('test.u64')).toBe(2n ** 64n - 1n); // beyond 2^53: kept exact as a bigint
    expect(m.get('test.u64small')).toBe(12345);
    expect(m.get('test.i64')).toBe(-(2n ** 63n));
    expect(m.get('test.empty')).toBe('');
    expect(m.get('test.floats')).toEqual({ itemType: 'float32', length: 2, items: [1, -2.5] });
    expect(m.get('test.strings')).toEqual({ itemType: 'string', length: 3, items: ['a', '', 'ccc'] });
    expect(m.get('test.nested')).toEqual({
      itemType: 'array',
      length: 2,
      items: [
        { itemType: 'uint8', length: 1, items: [1] },
        { itemType: 'string', length: 2, items: ['x', 'yz'] },
      ],
    });
    expect(m.get('test.noitems')).toEqual({ itemType: 'uint64', length: 0, items: [] });
    expect(m.size).toBe(Object.keys(EVERY_TYPE).length);
  });

  it('weights are the exact byte sum of the tensor data written, over ten ggml types', () => {
    const w = writeGguf(EVERY_TYPE, MIXED);
    const h = header(w.bytes, w.size);
    const written = w.dataBytes.reduce((a, b) => a + b, 0);
    expect(h.weightBytes).toBe(written);
    // By hand: Q4_K 51,200/256 × 144 + Q6_K 262,144/256 × 210 + Q8_0 32,768/32 × 34 + Q4_0 32,768/32 × 18
    //   + IQ4_XS 3,072/256 × 136 + MXFP4 49,152/32 × 17 + F32 512 × 4 + BF16 21 × 2 + F16 102,400 × 2 + TQ1_0 512/256 × 54
    expect(written).toBe(28800 + 215040 + 34816 + 18432 + 1632 + 26112 + 2048 + 42 + 204800 + 108);
    expect(h.parameters).toBe(51200 + 262144 + 32768 + 32768 + 3072 + 49152 + 512 + 21 + 102400 + 512);
    expect(h.tensors.map((t) => t.bytes)).toEqual(w.dataBytes);
    expect(h.tensors[4]).toEqual({
      name: 'blk.0.ffn_up.weight',
      dims: [512, 3, 2],
      type: 'IQ4_XS',
      typeId: 23,
      offset: h.tensors[4]!.offset,
      elements: 3072,
      bytes: 1632,
    });
    expect(h.dataOffset).toBe(w.dataOffset);
    expect(h.dataOffset % 32).toBe(0);
    expect(h.types).toMatchObject({ Q6_K: 262144, F16: 102400, BF16: 21 });
  });

  it('reads version 2 alike, and a custom alignment', () => {
    const meta = { ...EVERY_TYPE, 'general.alignment': u32(64) };
    const w = writeGguf(meta, MIXED, { version: 2 });
    const h = header(w.bytes, w.size);
    expect(h.version).toBe(2);
    expect(h.alignment).toBe(64);
    expect(h.dataOffset).toBe(w.dataOffset);
    expect(h.dataOffset % 64).toBe(0);
    expect(h.weightBytes).toBe(w.dataBytes.reduce((a, b) => a + b, 0));
  });

  it('keeps the first 1,024 items of a long array and counts the rest without keeping them', () => {
    const tokens = Array.from({ length: 5000 }, (_, i) => str(`tok${i}`));
    const scores = Array.from({ length: 5000 }, (_, i) => f32(i));
    const h = header(
      writeGguf(
        {
          'tokenizer.ggml.tokens': { t: 'arr', item: 'str', v: tokens },
          'tokenizer.ggml.scores': { t: 'arr', item: 'f32', v: scores },
          after: str('still read'),
        },
        [],
      ).bytes,
    );
    const t = h.metadata.get('tokenizer.ggml.tokens') as GgufArray;
    expect(t.length).toBe(5000);
    expect(t.items.length).toBe(GGUF_ARRAY_KEEP);
    expect(t.items[1023]).toBe('tok1023');
    expect((h.metadata.get('tokenizer.ggml.scores') as GgufArray).items.length).toBe(GGUF_ARRAY_KEEP);
    expect(h.metadata.get('after')).toBe('still read');
  });

  it('asks for more bytes when the prefix ends inside the header, and never for bytes past it', () => {
    const w = writeGguf(EVERY_TYPE, MIXED);
    const full = header(w.bytes, w.size);
    let have = 24;
    let asks = 0;
    for (;;) {
      const r = readGguf(w.bytes.subarray(0, have), w.size);
      if (r.ok) {
        expect(r.value).toEqual(full);
        break;
      }
      expect(r.needMore).toBeGreaterThan(have);
      expect(r.needMore).toBeLessThanOrEqual(w.dataOffset);
      expect(r.error).toMatch(/^the GGUF header goes on past the [\d,]+ bytes read: read at least [\d,]+$/);
      have = r.needMore!;
      asks++;
    }
    expect(asks).toBeGreaterThan(5);
    // The tensor infos end where the padding before the data starts: nothing of the data is needed.
    expect(have).toBeLessThanOrEqual(w.dataOffset);
  });
});

describe('readGguf refuses hostile and broken files quickly, saying what and where', () => {
  // Warm up (the first number formatting loads ICU) so the timings below measure the reading.
  readGguf(new Uint8Array(preamble(2n ** 60n, 0n)), 100);
  const good = writeGguf({ 'general.architecture': str('llama') }, [{ name: 'w', type: 'F32', dims: [4] }]);

  it('a wrong magic, a big-endian file, version 1 and unknown versions', () => {
    expect(refused(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 1, 2, 3, 4]))).toBe(
      'not a GGUF file: it starts with 7b 22 61 22, not "GGUF" (47 47 55 46)',
    );
    const be = new Uint8Array([...ascii('GGUF'), 0, 0, 0, 3, ...new Array(16).fill(0)]);
    expect(refused(be)).toBe('a big-endian GGUF file (version 3): only little-endian files are read');
    expect(refused(new Uint8Array(preamble(1n, 1n, 1)))).toContain('GGUF version 1 (2023, 32-bit lengths) is not read');
    expect(refused(new Uint8Array(preamble(1n, 1n, 7)))).toBe('GGUF version 7 is not read (versions 2 and 3 are)');
  });

  it('a truncated file: the file size says the header cannot be whole', () => {
    expect(refused(good.bytes.subarray(0, 60), 60)).toBe(
      'truncated GGUF file: the length of metadata "general.architecture" at byte 56: 8 bytes are needed, the file has 60',
    );
    expect(refused(good.bytes.subarray(0, 40), 40)).toBe(
      "the tensor count at byte 8 claims 1 tensors; the file's 40 bytes can hold at most 0: the file is truncated or corrupt",
    );
    // Header whole but the data cut short.
    expect(refused(good.bytes.subarray(0, good.size - 1), good.size - 1)).toBe(
      `truncated GGUF file: tensor "w"'s data ends at byte ${good.size}, the file has ${good.size - 1}`,
    );
  });

  it('counts absurd for the bytes available (2^60 tensors or pairs)', () => {
    expect(refused(new Uint8Array(preamble(2n ** 60n, 0n)), 10_000)).toBe(
      "the tensor count at byte 8 claims 1152921504606846976 tensors; the file's 10,000 bytes can hold at most 312: the file is truncated or corrupt",
    );
    expect(refused(new Uint8Array(preamble(0n, 2n ** 60n)))).toMatch(
      /^the metadata count at byte 16 claims 1152921504606846976 pairs; the 64 MiB header cap can hold at most [\d,]+: not read$/,
    );
    // Large but below 2^53: still more than the file holds.
    expect(refused(new Uint8Array(preamble(0n, 1000n)), 1000)).toContain(
      "claims 1,000 pairs; the file's 1,000 bytes can hold at most 75: the file is truncated or corrupt",
    );
  });

  it('string lengths beyond the file or the 64 MiB header cap', () => {
    const key = new Uint8Array([...preamble(0n, 1n), ...le64(2n ** 40n), ...ascii('abc')]);
    expect(refused(key, 5000)).toBe(
      "the length of metadata key 1 of 1 at byte 24 claims 1,099,511,627,776 bytes; the file's 5,000 bytes can hold at most 4,968: the file is truncated or corrupt",
    );
    // Without the file's size, the cap bounds it (and a length within the cap asks for more).
    expect(refused(key)).toContain('the 64 MiB header cap can hold at most 67,108,832');
    const long = new Uint8Array([...preamble(0n, 1n), ...le64(1000n), ...ascii('abc')]);
    const r = readGguf(long);
    expect(r.ok === false && r.needMore).toBe(24 + 8 + 1000);
    const value = new Uint8Array([...preamble(0n, 1n), ...gstr('k'), ...le32(8), ...le64(2n ** 62n)]);
    expect(refused(value, 100_000)).toContain('the length of metadata "k" at byte 37 claims 4611686018427387904 bytes');
  });

  it('array lengths and nesting beyond reason, unknown value types, bools that are not 0 or 1', () => {
    const arr = (item: number, n: bigint): Uint8Array =>
      new Uint8Array([...preamble(0n, 1n), ...gstr('a'), ...le32(9), ...le32(item), ...le64(n)]);
    expect(refused(arr(0, 2n ** 50n), 1000)).toContain(
      'the length of metadata "a" at byte 41 claims 1,125,899,906,842,624 items',
    );
    expect(refused(arr(12, 200n), 1000)).toContain("claims 200 items; the file's 1,000 bytes can hold at most 118");
    expect(refused(arr(8, 2n ** 61n))).toContain('the 64 MiB header cap can hold at most');
    // Arrays of arrays of arrays …, each one item: refused at depth 8.
    const deep: number[] = [...preamble(0n, 1n), ...gstr('d'), ...le32(9)];
    for (let i = 0; i < 20; i++) deep.push(...le32(9), ...le64(1n));
    expect(refused(new Uint8Array(deep), 10_000)).toBe('metadata "d" nests arrays more than 8 deep: not read');
    expect(refused(new Uint8Array([...preamble(0n, 1n), ...gstr('t'), ...le32(13), 0, 0]), 100)).toBe(
      'the type of metadata "t" at byte 33 is 13, not a GGUF value type (0–12)',
    );
    expect(refused(new Uint8Array([...preamble(0n, 1n), ...gstr('b'), ...le32(7), 2]), 100)).toBe(
      'metadata "b" at byte 37 is a bool of 2, not 0 or 1',
    );
  });

  it('tensor infos: n_dims over 4, dims overflowing, unknown or removed types, partial blocks, bad offsets', () => {
    // Padded to the 1,000 bytes the file is said to have.
    const tensor = (dims: bigint[], type: number, offset = 0n, nDims = dims.length): Uint8Array =>
      pad(1000, [
        ...preamble(1n, 0n),
        ...gstr('w'),
        ...le32(nDims),
        ...dims.flatMap((d) => le64(d)),
        ...le32(type),
        ...le64(offset),
      ]);
    expect(refused(tensor([1n, 1n, 1n, 1n, 1n], 0), 1000)).toBe('tensor "w" has 5 dimensions; ggml allows 1 to 4');
    expect(refused(tensor([], 0), 1000)).toBe('tensor "w" has 0 dimensions; ggml allows 1 to 4');
    expect(refused(tensor([1n], 0, 0n, 2 ** 31), 1000)).toContain('has 2,147,483,648 dimensions');
    expect(refused(tensor([2n ** 40n, 2n ** 20n], 0), 1000)).toBe(
      'tensor "w"\'s dimensions overflow: more than 2^53 elements',
    );
    expect(refused(tensor([2n ** 63n], 0), 1000)).toBe('tensor "w"\'s dimensions overflow: more than 2^53 elements');
    expect(refused(tensor([32n], 4), 1000)).toMatch(
      /^tensor "w" at byte 45 has ggml type 4, which this reader does not know \(known: F32, F16, Q4_0/,
    );
    expect(refused(tensor([32n], 99), 1000)).toContain('has ggml type 99');
    expect(refused(tensor([100n, 2n], 12), 1000)).toBe(
      'tensor "w": its first dimension 100 is not a whole number of Q4_K blocks of 256',
    );
    expect(refused(tensor([4n], 0, 3n), 1000)).toBe(
      'tensor "w"\'s data offset 3 is not a multiple of the alignment 32',
    );
    expect(refused(tensor([4n], 0, 2n ** 60n), 1000)).toBe(
      'tensor "w"\'s data offset 1152921504606846976 is past 2^53 bytes',
    );
    // Data past the end of the file.
    expect(refused(tensor([4n], 0, 1024n), 1000)).toBe(
      'truncated GGUF file: tensor "w"\'s data ends at byte 1,104, the file has 1,000',
    );
  });

  it('overlapping tensor data', () => {
    const bytes = new Uint8Array([
      ...preamble(2n, 0n),
      ...gstr('a'),
      ...le32(1),
      ...le64(64n),
      ...le32(0),
      ...le64(0n),
      ...gstr('b'),
      ...le32(1),
      ...le64(4n),
      ...le32(0),
      ...le64(224n),
    ]);
    expect(refused(bytes, 100_000)).toBe('tensor "b"\'s data (at 224) overlaps tensor "a"\'s (ending at 256)');
  });

  it('a general.alignment that is not a power of two', () => {
    expect(refused(writeGguf({ 'general.alignment': u32(48) }, []).bytes)).toBe(
      'general.alignment is 48, not a power of two',
    );
  });

  it('never throws: any bytes, cut or changed, are read, refused or asked more of', () => {
    const valid = writeGguf(EVERY_TYPE, MIXED).bytes;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.nat(valid.length),
        fc.boolean(),
        (edits, cut, sized) => {
          const b = valid.slice(0, Math.max(cut, 1));
          for (const [at, v] of edits) if (at < b.length) b[at] = v;
          const r = readGguf(b, sized ? b.length : undefined);
          if (!r.ok) {
            expect(r.error.length).toBeGreaterThan(10);
            if (r.needMore !== undefined) expect(r.needMore).toBeGreaterThan(b.length);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('ggufModel: the shape from the metadata', () => {
  const llama = (extra: Record<string, Value> = {}): Record<string, Value> => ({
    'general.architecture': str('llama'),
    'llama.block_count': u32(32),
    'llama.context_length': u32(8192),
    'llama.embedding_length': u32(4096),
    'llama.feed_forward_length': u32(14336),
    'llama.attention.head_count': u32(32),
    'llama.attention.head_count_kv': u32(8),
    'tokenizer.ggml.tokens': { t: 'arr', item: 'str', v: Array.from({ length: 2000 }, (_, i) => str(String(i))) },
    ...extra,
  });
  const model = (meta: Record<string, Value>) => ggufModel(header(writeGguf(meta, []).bytes));

  it('Llama 3 8B: 32 layers × 8 KV heads × 128 (4096 ÷ 32), its context and vocabulary', () => {
    const m = model(llama());
    expect(m.architecture).toBe('llama');
    expect(m.decoder).toEqual({ layers: 32, kvHeads: 8, headDim: 128 });
    expect(m.shape).toEqual({
      layers: 32,
      hiddenSize: 4096,
      intermediateSize: 14336,
      attentionHeads: 32,
      vocabSize: 2000,
    });
    expect(m.maxContext).toBe(8192);
    expect(m.missing).toEqual([]);
  });

  it('key and value lengths when given (their mean per head, exact for the cache)', () => {
    const m = model(llama({ 'llama.attention.key_length': u32(192), 'llama.attention.value_length': u32(128) }));
    expect(m.decoder?.headDim).toBe(160);
    expect(m.notes).toContain('keys of 192 and values of 128 per head: 160 on average');
  });

  it('sliding windows: Gemma 2 every other layer, Gemma 3 five in six, a pattern, else all', () => {
    const gemma = (arch: string, extra: Record<string, Value> = {}) =>
      model({
        'general.architecture': str(arch),
        [`${arch}.block_count`]: u32(42),
        [`${arch}.embedding_length`]: u32(3584),
        [`${arch}.attention.head_count`]: u32(16),
        [`${arch}.attention.head_count_kv`]: u32(8),
        [`${arch}.attention.key_length`]: u32(256),
        [`${arch}.attention.value_length`]: u32(256),
        [`${arch}.attention.sliding_window`]: u32(4096),
        ...extra,
      }).decoder;
    expect(gemma('gemma2')).toEqual({ layers: 42, kvHeads: 8, headDim: 256, slidingWindow: 4096, slidingLayers: 21 });
    expect(gemma('gemma3')?.slidingLayers).toBe(35);
    expect(gemma('x', { 'x.attention.sliding_window_pattern': u32(3) })?.slidingLayers).toBe(28);
    const bools = Array.from({ length: 42 }, (_, i): Value => ({ t: 'bool', v: i % 3 !== 0 }));
    expect(
      gemma('x', { 'x.attention.sliding_window_pattern': { t: 'arr', item: 'bool', v: bools } })?.slidingLayers,
    ).toBe(28);
    expect(gemma('mistral')?.slidingLayers).toBe(42);
  });

  it('per-layer KV heads: layers without attention are not cached', () => {
    const kv = [8, 0, 8, 0].map((n) => u32(n));
    const m = model(
      llama({ 'llama.block_count': u32(4), 'llama.attention.head_count_kv': { t: 'arr', item: 'u32', v: kv } }),
    );
    expect(m.decoder).toEqual({ layers: 2, kvHeads: 8, headDim: 128 });
    expect(m.notes).toContain('2 of 4 layers have attention (head_count_kv is 0 for the others)');
  });

  it('encoders have no KV cache; missing keys are named', () => {
    const bert = model({
      'general.architecture': str('bert'),
      'bert.block_count': u32(12),
      'bert.embedding_length': u32(768),
      'bert.feed_forward_length': u32(3072),
      'bert.attention.head_count': u32(12),
    });
    expect(bert.decoder).toBeUndefined();
    expect(bert.shape).toEqual({
      layers: 12,
      hiddenSize: 768,
      intermediateSize: 3072,
      attentionHeads: 12,
      encoderOnly: true,
    });
    expect(model({ 'general.architecture': str('mamba'), 'mamba.block_count': u32(2) }).missing).toEqual([
      'mamba.embedding_length',
      'mamba.attention.head_count',
      'mamba.feed_forward_length',
    ]);
    expect(model({}).missing).toEqual(['general.architecture']);
  });
});
