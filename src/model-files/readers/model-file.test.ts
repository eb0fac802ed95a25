import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BYTES_PER_GB, estimateFootprint } from '../../core/footprint';
import {
  estimateFromFile,
  estimateFromFileSync,
  MODEL_JSON_MAX,
  type ModelFileEstimate,
  type ModelFileResult,
} from './model-file';
import { str, u32, writeGguf, type Value } from '../testdata/gguf-writer';
import { LLAMA3_8B } from '../testdata/configs';

/**
 * A file of `size` bytes whose first bytes are `head` (zeros after: a sparse file), read through
 * slices that are recorded.
 */
function file(head: Uint8Array, size = head.length) {
  const reads: [number, number][] = [];
  const read = (start: number, end: number): Uint8Array => {
    reads.push([start, end]);
    const out = new Uint8Array(Math.max(0, Math.min(end, size) - start));
    out.set(head.subarray(Math.min(start, head.length), Math.min(end, head.length)));
    return out;
  };
  return { size, read, reads, readAsync: async (s: number, e: number) => read(s, e) };
}

function ok(r: ModelFileResult): ModelFileEstimate {
  if (!r.ok) throw new Error(r.error);
  return r.value;
}
function error(r: ModelFileResult): string {
  expect(r.ok).toBe(false);
  return r.ok ? '' : r.error;
}

const LLAMA3_8B_META: Record<string, Value> = {
  'general.architecture': str('llama'),
  'general.name': str('Meta Llama 3 8B Instruct'),
  'llama.block_count': u32(32),
  'llama.context_length': u32(8192),
  'llama.embedding_length': u32(4096),
  'llama.feed_forward_length': u32(14336),
  'llama.attention.head_count': u32(32),
  'llama.attention.head_count_kv': u32(8),
  'llama.vocab_size': u32(128256),
};

function safetensors(tensors: Record<string, { dtype: string; shape: number[]; bytes: number }>): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.bytes] };
    offset += t.bytes;
  }
  const body = strToU8(JSON.stringify(header));
  const out = new Uint8Array(8 + body.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(body.length), true);
  out.set(body, 8);
  return out;
}

describe('estimateFromFile: GGUF', () => {
  // A 32-layer model's tensor infos (7 per layer, Q4_K and Q6_K and F32), the data left sparse.
  const tensors = [
    { name: 'token_embd.weight', type: 'Q4_K', dims: [4096, 128256] },
    ...Array.from({ length: 32 }, (_, i) => [
      { name: `blk.${i}.attn_q.weight`, type: 'Q4_K', dims: [4096, 4096] },
      { name: `blk.${i}.attn_k.weight`, type: 'Q4_K', dims: [4096, 1024] },
      { name: `blk.${i}.attn_output.weight`, type: 'Q4_K', dims: [4096, 4096] },
      { name: `blk.${i}.attn_v.weight`, type: 'Q6_K', dims: [4096, 1024] },
      { name: `blk.${i}.ffn_up.weight`, type: 'Q4_K', dims: [4096, 14336] },
      { name: `blk.${i}.ffn_gate.weight`, type: 'Q4_K', dims: [4096, 14336] },
      { name: `blk.${i}.ffn_down.weight`, type: 'Q6_K', dims: [14336, 4096] },
      { name: `blk.${i}.attn_norm.weight`, type: 'F32', dims: [4096] },
      { name: `blk.${i}.ffn_norm.weight`, type: 'F32', dims: [4096] },
    ]).flat(),
    { name: 'output_norm.weight', type: 'F32', dims: [4096] },
    { name: 'output.weight', type: 'Q6_K', dims: [4096, 128256] },
  ];
  const w = writeGguf(LLAMA3_8B_META, tensors, { headerOnly: true });

  it('weights are the exact sum of the tensor data, the KV cache comes from the metadata, the data is never read', async () => {
    const f = file(w.bytes, w.size);
    const e = ok(
      await estimateFromFile('Meta-Llama-3-8B-Instruct.Q4_K_M.gguf', f.size, f.readAsync, { context: 8192 }),
    );
    expect(e.format).toBe('gguf');
    expect(e.architecture).toBe('llama');
    const written = w.dataBytes.reduce((a, b) => a + b, 0);
    // By hand: per layer q, o 16,777,216 + k 4,194,304 + up, gate 58,720,256 (Q4_K: 144 B per 256)
    // = 155,189,248 weights × 144/256; v 4,194,304 + down 58,720,256 (Q6_K: 210 B per 256); 2 norms 4,096 × 4.
    const layer = (155_189_248 / 256) * 144 + (62_914_560 / 256) * 210 + 2 * 4096 * 4;
    const embeddings = ((4096 * 128256) / 256) * 144 + ((4096 * 128256) / 256) * 210 + 4096 * 4;
    expect(written).toBe(32 * layer + embeddings);
    expect(e.input.weightBytes).toBe(written);
    expect(e.footprint.terms[0]!.bytes).toBe(written);
    expect(e.parameters).toBe(8_030_261_248); // Llama 3 8B's own count
    // Its main tensor type, Q4_K, is no file type: the dtype kept is the GGUF type nearest its
    // bits per weight, 5,172,420,608 × 8 ÷ 8,030,261,248 = 5.15 → Q4_K_M (4.84), so an estimate
    // whose parameter count is edited stays a 4-bit one.
    expect((written * 8) / 8_030_261_248).toBeCloseTo(5.153, 3);
    expect(e.input.dtype).toBe('Q4_K_M');
    // llama.cpp, Llama-3-8B at -c 8192: "llama_kv_cache_init: CUDA0 KV buffer size = 1024.00 MiB".
    expect(e.footprint.kvCacheGb).toBe(1);
    expect(e.missing).toEqual([]);
    // Only the header was read (the first 64 KiB slice at most past it), never the ~4.6 GB of data.
    expect(w.size).toBeGreaterThan(4e9);
    for (const [, end] of f.reads) expect(end).toBeLessThanOrEqual(Math.max(w.dataOffset, 64 * 1024));
    expect(e.bytesRead).toBeLessThanOrEqual(Math.max(w.dataOffset, 64 * 1024));
  });

  it('grows the slice until a large header is whole, and the sync reader gives the same answer', async () => {
    const tokens: Value = { t: 'arr', item: 'str', v: Array.from({ length: 30000 }, (_, i) => str(`token-${i}`)) };
    const big = writeGguf({ ...LLAMA3_8B_META, 'tokenizer.ggml.tokens': tokens }, tensors.slice(0, 20), {
      headerOnly: true,
    });
    expect(big.dataOffset).toBeGreaterThan(300_000);
    const f = file(big.bytes, big.size);
    const a = ok(await estimateFromFile('m.gguf', f.size, f.readAsync));
    expect(f.reads.length).toBeGreaterThan(2);
    // Each slice continues where the last ended; no byte is read twice.
    for (let i = 1; i < f.reads.length; i++) expect(f.reads[i]![0]).toBe(f.reads[i - 1]![1]);
    const g = file(big.bytes, big.size);
    expect(estimateFromFileSync('m.gguf', g.size, g.read)).toEqual({ ok: true, value: a });
    // Context defaults to min(the model's 8,192, 4,096).
    expect(a.input.context).toBe(4096);
    expect(a.footprint.kvCacheGb).toBe(0.5);
  });

  it('the content decides, not the name; --dtype is noted as ignored', () => {
    const f = file(w.bytes, w.size);
    const e = ok(estimateFromFileSync('weights.bin', f.size, f.read, { dtype: 'fp16' }));
    expect(e.format).toBe('gguf');
    expect(e.notes).toContain("the dtype fp16 is ignored: a GGUF's tensors carry their own ggml types");
    const st = safetensors({ w: { dtype: 'F16', shape: [8], bytes: 16 } });
    const s = file(st, st.length + 16);
    expect(ok(estimateFromFileSync('misnamed.gguf', s.size, s.read)).format).toBe('safetensors');
  });

  it('a GGUF cut short, or with a header past 64 MiB, is refused with the reason', () => {
    const f = file(w.bytes.subarray(0, 12000), 12000);
    const r = estimateFromFileSync('m.gguf', f.size, f.read);
    expect(error(r)).toMatch(/^truncated GGUF file: .* at byte [\d,]+: [\d,]+ bytes are needed, the file has 12,000$/);
    expect(r.ok === false && r.format).toBe('gguf');
    // A string claiming 100 MiB in a 10 GB file: over the header cap.
    const hostile = new Uint8Array(40);
    hostile.set(strToU8('GGUF'));
    const v = new DataView(hostile.buffer);
    v.setUint32(4, 3, true);
    v.setBigUint64(16, 1n, true);
    v.setBigUint64(24, 100n * 2n ** 20n, true);
    const h = file(hostile, 10e9);
    expect(error(estimateFromFileSync('m.gguf', h.size, h.read))).toContain('64 MiB');
    expect(h.reads.reduce((n, [s, e]) => n + e - s, 0)).toBeLessThanOrEqual(64 * 1024);
  });
});

describe('estimateFromFile: safetensors, index, config.json', () => {
  it('a .safetensors file: the header only, weights its exact byte sum, the missing shape named', () => {
    const bytes = safetensors({
      'model.embed_tokens.weight': { dtype: 'BF16', shape: [1000, 64], bytes: 128_000 },
      'model.norm.weight': { dtype: 'F32', shape: [64], bytes: 256 },
    });
    const f = file(bytes, bytes.length + 128_256);
    const e = ok(estimateFromFileSync('model.safetensors', f.size, f.read));
    expect(e.format).toBe('safetensors');
    expect(e.parameters).toBe(64_064);
    expect(e.input.weightBytes).toBe(128_256);
    expect(e.footprint.kvCacheGb).toBe(0);
    expect(e.missing[0]).toContain("the model's shape");
    expect(e.footprint.terms[0]!.formula).toContain('the safetensors header (2 tensors: BF16 64,000, F32 64 elements)');
  });

  it('a safetensors header claiming 10 GB is refused from its first 8 bytes', () => {
    const head = new Uint8Array(16);
    new DataView(head.buffer).setBigUint64(0, 10_000_000_000n, true);
    head[8] = 0x7b;
    const f = file(head, 20e9);
    expect(error(estimateFromFileSync('model.safetensors', f.size, f.read))).toBe(
      'the safetensors header claims 10,000,000,000 bytes; the format allows at most 100,000,000 (100 MB): not read',
    );
  });

  it('an index: metadata.total_size', () => {
    const text = JSON.stringify({
      metadata: { total_size: 16_060_522_496 },
      weight_map: { a: 'model-00001-of-00004.safetensors', b: 'model-00002-of-00004.safetensors' },
    });
    const f = file(strToU8(text));
    const e = ok(estimateFromFileSync('model.safetensors.index.json', f.size, f.read));
    expect(e.format).toBe('safetensors-index');
    expect(e.parameters).toBeNull();
    expect(e.footprint.weightsGb).toBe(16_060_522_496 / BYTES_PER_GB);
  });

  it('a config.json: the shape, the dtype chosen, the same numbers as estimateFootprint on them', () => {
    const config = LLAMA3_8B;
    const f = file(strToU8(`\uFEFF  ${JSON.stringify(config)}`));
    const e = ok(estimateFromFileSync('config.json', f.size, f.read, { dtype: 'Q4_K_M', context: 8192, batch: 2 }));
    expect(e.format).toBe('config');
    expect(e.architecture).toBe('LlamaForCausalLM');
    expect(e.parameters).toBe(8_030_261_248);
    expect(e.input).toMatchObject({ dtype: 'Q4_K_M', context: 8192, batch: 2 });
    expect(e.footprint.kvCacheGb).toBe(2); // 1 GiB per sequence at 8,192 tokens, batch 2
    expect(e.footprint).toEqual(estimateFootprint(e.input));
    const plain = ok(estimateFromFileSync('config.json', f.size, f.read));
    expect(plain.input.dtype).toBe('bf16');
    expect(plain.notes).toContain("weights in the config's dtype, bf16");
  });

  it('refuses what it cannot read, saying why', () => {
    const big = file(strToU8('{"a": 1}'), MODEL_JSON_MAX + 1);
    const r = estimateFromFileSync('tokenizer.json', big.size, big.read);
    expect(error(r)).toBe(
      'a JSON file of 5.0 MiB is neither a config.json nor a safetensors index (those are well under 5.0 MiB): not read',
    );
    expect(!r.ok && r.bytesRead).toBe(64 * 1024);
    const notConfig = file(strToU8('{"tokenizer_class": "LlamaTokenizer"}'));
    expect(error(estimateFromFileSync('tokenizer_config.json', notConfig.size, notConfig.read))).toBe(
      'not a Hugging Face config.json: it has neither model_type nor architectures',
    );
    const broken = file(strToU8('{"model_type": '));
    expect(error(estimateFromFileSync('config.json', broken.size, broken.read))).toMatch(/^config\.json is not JSON: /);
    const empty = file(new Uint8Array(0));
    expect(error(estimateFromFileSync('x.gguf', 0, empty.read))).toBe('the file is empty');
    const zip = file(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0, 9, 9]));
    expect(error(estimateFromFileSync('model.zip', zip.size, zip.read))).toBe(
      'model.zip is not a model file this reader knows (a .gguf, a .safetensors, a config.json or a model.safetensors.index.json): it starts with 50 4b 03 04 00 00 00 00',
    );
    expect(error(estimateFromFileSync('model.gguf', zip.size, zip.read))).toBe(
      'not a GGUF file: it starts with 50 4b 03 04, not "GGUF" (47 47 55 46)',
    );
  });
});

describe('a safetensors header whose length starts with "{" or a space', () => {
  it('is read as safetensors, not as JSON (any header length, as real files have)', () => {
    // 0x17b = 379: the length's low byte is "{" (0x7b); 0x120 = 288: a space (0x20) then 0x01.
    for (const want of [0x17b, 0x7b + 256 * 123, 0x120]) {
      const padded = (n: number) => {
        const base = safetensors({ w: { dtype: 'F16', shape: [4, 8], bytes: 64 } });
        const len = base.length - 8;
        // Pad the JSON header with spaces (the format allows trailing whitespace) to `n` bytes.
        const body = new Uint8Array(n).fill(0x20);
        body.set(base.subarray(8, 8 + len));
        const out = new Uint8Array(8 + n + 64);
        new DataView(out.buffer).setBigUint64(0, BigInt(n), true);
        out.set(body, 8);
        return out;
      };
      const bytes = padded(want);
      expect(bytes[0]).toBe(want & 0xff);
      const f = file(bytes);
      const e = ok(estimateFromFileSync('model.safetensors', f.size, f.read));
      expect(e.format).toBe('safetensors');
      expect(e.input.weightBytes).toBe(64);
    }
  });
});
