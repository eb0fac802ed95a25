import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateFootprint, kvCacheTerm } from '../../core/footprint';
import {
  footprintInputFromConfig,
  readHfConfig,
  readSafetensorsHeader,
  readSafetensorsIndex,
  safetensorsHeaderLength,
  SAFETENSORS_DTYPE_BYTES,
  type ModelConfig,
} from './model-files';
import { LLAMA3_8B } from '../testdata/configs';

const MiB = 2 ** 20;

function config(c: object): ModelConfig {
  const r = readHfConfig(JSON.stringify(c));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function refused(r: { ok: boolean; error?: string }): string {
  expect(r.ok).toBe(false);
  return r.error ?? '';
}

// Shapes from each model's config.json on the Hugging Face Hub; parameter counts are the
// models' own (the sum of their checkpoint's tensors, as `model.num_parameters()` prints).
const MISTRAL_7B_V01 = {
  architectures: ['MistralForCausalLM'],
  model_type: 'mistral',
  hidden_size: 4096,
  intermediate_size: 14336,
  num_attention_heads: 32,
  num_hidden_layers: 32,
  num_key_value_heads: 8,
  vocab_size: 32000,
  max_position_embeddings: 32768,
  sliding_window: 4096,
  tie_word_embeddings: false,
  torch_dtype: 'bfloat16',
};

describe('config.json', () => {
  it('Llama-3-8B: 8,030,261,248 parameters, GQA, and 1,024 MiB of f16 KV at 8,192 tokens', () => {
    const c = config(LLAMA3_8B);
    expect(c.kind).toBe('decoder');
    expect(c.architecture).toBe('LlamaForCausalLM');
    expect(c.parameters).toBe(8_030_261_248);
    expect(c.dtype).toBe('bf16');
    expect(c.decoder).toEqual({ layers: 32, kvHeads: 8, headDim: 128 });
    // llama.cpp, Llama-3-8B at -c 8192: "llama_kv_cache_init: CUDA0 KV buffer size = 1024.00 MiB".
    const kv = kvCacheTerm(footprintInputFromConfig(c, { context: 8192 }));
    expect(kv.bytes).toBe(1024 * MiB);
    expect(c.parameterFormula).toContain('= 8,030,261,248');
  });

  it('Mistral-7B-v0.1: 7,241,732,096 parameters, a 4,096 window on every layer', () => {
    const c = config(MISTRAL_7B_V01);
    expect(c.parameters).toBe(7_241_732_096);
    expect(c.decoder).toEqual({ layers: 32, kvHeads: 8, headDim: 128, slidingWindow: 4096, slidingLayers: 32 });
    expect(c.maxContext).toBe(32768);
    const at = (context: number): number => kvCacheTerm(footprintInputFromConfig(c, { context })).bytes;
    expect(at(32768)).toBe(512 * MiB); // capped at 4,096 tokens: 2 × 32 × 8 × 128 × 4096 × 2
    expect(at(4096)).toBe(512 * MiB);
    expect(at(2048)).toBe(256 * MiB);
  });

  it('Qwen2-0.5B: 494,032,768 parameters (q/k/v biases, tied), its window unused', () => {
    const c = config({
      model_type: 'qwen2',
      hidden_size: 896,
      intermediate_size: 4864,
      num_attention_heads: 14,
      num_hidden_layers: 24,
      num_key_value_heads: 2,
      vocab_size: 151936,
      sliding_window: 131072,
      use_sliding_window: false,
      max_window_layers: 24,
      tie_word_embeddings: true,
    });
    expect(c.parameters).toBe(494_032_768);
    expect(c.decoder?.slidingWindow).toBeUndefined();
    expect(c.notes.join(' ')).toContain('use_sliding_window is false');
  });

  it('Gemma-2B: 2,506,172,416 parameters (head_dim 256, one KV head, tied)', () => {
    const c = config({
      model_type: 'gemma',
      hidden_size: 2048,
      intermediate_size: 16384,
      num_attention_heads: 8,
      num_hidden_layers: 18,
      num_key_value_heads: 1,
      head_dim: 256,
      vocab_size: 256000,
    });
    expect(c.parameters).toBe(2_506_172_416);
    expect(c.decoder).toEqual({ layers: 18, kvHeads: 1, headDim: 256 });
  });

  it('Gemma 2: every other layer slides; layer_types counts exactly when given', () => {
    const base = {
      model_type: 'gemma2',
      hidden_size: 3584,
      intermediate_size: 14336,
      num_attention_heads: 16,
      num_hidden_layers: 42,
      num_key_value_heads: 8,
      head_dim: 256,
      vocab_size: 256000,
      sliding_window: 4096,
    };
    expect(config(base).decoder?.slidingLayers).toBe(21);
    const types = Array.from({ length: 42 }, (_, i) => (i % 3 === 0 ? 'full_attention' : 'sliding_attention'));
    expect(config({ ...base, layer_types: types }).decoder?.slidingLayers).toBe(28);
  });

  it('Gemma 3 inside text_config is read', () => {
    const c = config({
      architectures: ['Gemma3ForConditionalGeneration'],
      model_type: 'gemma3',
      text_config: {
        model_type: 'gemma3_text',
        hidden_size: 2560,
        intermediate_size: 10240,
        num_attention_heads: 8,
        num_hidden_layers: 34,
        num_key_value_heads: 4,
        head_dim: 256,
        vocab_size: 262208,
        sliding_window: 1024,
        sliding_window_pattern: 6,
      },
    });
    expect(c.architecture).toBe('Gemma3ForConditionalGeneration');
    expect(c.decoder?.slidingLayers).toBe(34 - 5);
  });

  it('Phi-3-mini: 3,821,079,552 parameters', () => {
    const c = config({
      model_type: 'phi3',
      hidden_size: 3072,
      intermediate_size: 8192,
      num_attention_heads: 32,
      num_hidden_layers: 32,
      num_key_value_heads: 32,
      vocab_size: 32064,
      sliding_window: 2047,
      tie_word_embeddings: false,
    });
    expect(c.parameters).toBe(3_821_079_552);
  });

  it('bert-base-uncased: 109,482,240 parameters, an encoder (no KV cache)', () => {
    const c = config({
      model_type: 'bert',
      hidden_size: 768,
      intermediate_size: 3072,
      num_attention_heads: 12,
      num_hidden_layers: 12,
      vocab_size: 30522,
      max_position_embeddings: 512,
      type_vocab_size: 2,
    });
    expect(c.kind).toBe('encoder');
    expect(c.parameters).toBe(109_482_240);
    expect(c.decoder).toBeUndefined();
    const f = estimateFootprint(footprintInputFromConfig(c, { dtype: 'fp32' }));
    expect(f.kvCacheGb).toBe(0);
    // The encoder reads its whole input (512 tokens) at once.
    expect(f.terms[2]!.formula).toContain('512 tokens (an encoder reads its whole input)');
  });

  it('roberta-base: 124,645,632 parameters', () => {
    const c = config({
      model_type: 'roberta',
      hidden_size: 768,
      intermediate_size: 3072,
      num_attention_heads: 12,
      num_hidden_layers: 12,
      vocab_size: 50265,
      max_position_embeddings: 514,
      type_vocab_size: 1,
    });
    expect(c.parameters).toBe(124_645_632);
  });

  it('ESM-2 8M: rotary positions, about 7.4 M parameters without its LM head', () => {
    const c = config({
      model_type: 'esm',
      hidden_size: 320,
      intermediate_size: 1280,
      num_attention_heads: 20,
      num_hidden_layers: 6,
      vocab_size: 33,
      max_position_embeddings: 1026,
      position_embedding_type: 'rotary',
    });
    expect(c.parameters).toBeGreaterThan(7.3e6);
    expect(c.parameters).toBeLessThan(7.9e6);
    expect(c.notes.join(' ')).toContain('rotary');
  });

  it('t5-small: 60,506,624 parameters; the decoder caches self- and cross-attention', () => {
    const c = config({
      model_type: 't5',
      d_model: 512,
      d_ff: 2048,
      d_kv: 64,
      num_heads: 8,
      num_layers: 6,
      num_decoder_layers: 6,
      vocab_size: 32128,
      feed_forward_proj: 'relu',
      n_positions: 512,
    });
    expect(c.kind).toBe('encoder-decoder');
    expect(c.parameters).toBe(60_506_624);
    expect(c.decoder).toEqual({ layers: 6, kvHeads: 8, headDim: 64, crossAttentionTokens: 512 });
  });

  it('whisper-small: 241,734,912 parameters; cross-attention over 1,500 frames', () => {
    const c = config({
      model_type: 'whisper',
      d_model: 768,
      encoder_layers: 12,
      decoder_layers: 12,
      encoder_attention_heads: 12,
      decoder_attention_heads: 12,
      encoder_ffn_dim: 3072,
      decoder_ffn_dim: 3072,
      vocab_size: 51865,
      num_mel_bins: 80,
      max_source_positions: 1500,
      max_target_positions: 448,
    });
    expect(c.parameters).toBe(241_734_912);
    const kv = kvCacheTerm(footprintInputFromConfig(c, { dtype: 'fp16' }));
    expect(kv.bytes).toBe(2 * 12 * 12 * 64 * 2 * (448 + 1500));
  });

  it('says exactly which keys are missing', () => {
    const { vocab_size: _v, num_hidden_layers: _l, ...noVocab } = LLAMA3_8B;
    expect(refused(readHfConfig(JSON.stringify(noVocab)))).toBe(
      'this llama config.json lacks num_hidden_layers (or n_layer, num_layers), vocab_size',
    );
    const err = refused(readHfConfig(JSON.stringify({ model_type: 'mamba', hidden_size: 768, vocab_size: 50280 })));
    expect(err).toContain('model_type "mamba" is not a family this reader knows');
    expect(err).toContain(
      'lacks num_hidden_layers (or n_layer, num_layers), num_attention_heads (or n_head, num_heads)',
    );
    const t5 = refused(readHfConfig(JSON.stringify({ model_type: 't5', d_model: 512 })));
    expect(t5).toBe('this t5 config.json lacks num_layers, num_heads, d_kv, d_ff, vocab_size');
  });

  it('refuses what is not a config', () => {
    expect(refused(readHfConfig('{"a": '))).toMatch(/^config.json is not JSON: /);
    expect(refused(readHfConfig('[1, 2]'))).toContain('not a JSON object');
    expect(refused(readHfConfig('{"hello": "world"}'))).toBe(
      'not a Hugging Face config.json: it has neither model_type nor architectures',
    );
    expect(refused(readHfConfig('{"metadata": {"total_size": 1}, "weight_map": {}}'))).toContain('safetensors index');
  });
});

describe('model.safetensors.index.json', () => {
  it('reads metadata.total_size, the tensors and the shards', () => {
    const r = readSafetensorsIndex(
      JSON.stringify({
        metadata: { total_size: 16_060_522_496 },
        weight_map: { 'a.weight': 'model-00001-of-00002.safetensors', 'b.weight': 'model-00002-of-00002.safetensors' },
      }),
    );
    expect(r).toEqual({
      ok: true,
      value: {
        totalBytes: 16_060_522_496,
        tensors: 2,
        shards: ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'],
      },
    });
  });

  it('refuses an index without total_size, and non-JSON', () => {
    expect(refused(readSafetensorsIndex('{"weight_map": {}}'))).toContain('metadata.total_size');
    expect(refused(readSafetensorsIndex('nope'))).toMatch(/not JSON/);
  });
});

/** A safetensors file's header part, as the format writes it: u64 LE length, JSON, space padding to 8. */
function safetensors(tensors: Record<string, { dtype: string; shape: number[] }>, metadata?: object): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata) header['__metadata__'] = metadata;
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const size = Math.ceil(t.shape.reduce((a, b) => a * b, 1) * SAFETENSORS_DTYPE_BYTES[t.dtype]!);
    header[name] = { ...t, data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = JSON.stringify(header);
  while ((8 + json.length) % 8 !== 0) json += ' ';
  const body = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + body.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(body.length), true);
  out.set(body, 8);
  return out;
}

function withLength(length: bigint, rest: Uint8Array = new Uint8Array()): Uint8Array {
  const out = new Uint8Array(8 + rest.length);
  new DataView(out.buffer).setBigUint64(0, length, true);
  out.set(rest, 8);
  return out;
}

describe('.safetensors header', () => {
  it('weights are the exact byte sum of the tensors (dtype × shape)', () => {
    const bytes = safetensors(
      {
        'model.embed_tokens.weight': { dtype: 'BF16', shape: [32000, 4096] },
        'model.layers.0.self_attn.q_proj.weight': { dtype: 'F32', shape: [4096, 4096] },
        'model.layers.0.mlp.up_proj.weight': { dtype: 'F8_E4M3', shape: [14336, 4096] },
        'model.norm.weight': { dtype: 'F16', shape: [4096] },
        step: { dtype: 'I64', shape: [] },
        packed: { dtype: 'F4', shape: [8, 2] },
      },
      { format: 'pt' },
    );
    const r = readSafetensorsHeader(bytes);
    if (!r.ok) throw new Error(r.error);
    const expected = 32000 * 4096 * 2 + 4096 * 4096 * 4 + 14336 * 4096 * 1 + 4096 * 2 + 8 + 16 / 2;
    expect(r.value.weightBytes).toBe(expected);
    expect(r.value.parameters).toBe(32000 * 4096 + 4096 * 4096 + 14336 * 4096 + 4096 + 1 + 16);
    expect(r.value.tensors).toBe(6);
    expect(r.value.dtypes['BF16']).toBe(32000 * 4096);
    expect(r.value.metadata).toEqual({ format: 'pt' });
    expect(r.value.headerLength).toBe(bytes.length - 8);
    // Bytes past the header (the weights) are never needed, and never read.
    const more = new Uint8Array(bytes.length + 1000);
    more.set(bytes);
    expect(readSafetensorsHeader(more)).toEqual(r);
    // And the estimator takes those bytes as they are.
    const f = estimateFootprint({ parameters: r.value.parameters, dtype: 'bf16', weightBytes: r.value.weightBytes });
    expect(f.terms[0]!.bytes).toBe(expected);
  });

  it('refuses a header length over 100 MB at once, from the first 8 bytes', () => {
    const t0 = performance.now();
    expect(refused(safetensorsHeaderLength(withLength(10_000_000_000n)))).toBe(
      'the safetensors header claims 10,000,000,000 bytes; the format allows at most 100,000,000 (100 MB): not read',
    );
    expect(refused(readSafetensorsHeader(withLength(2n ** 64n - 1n)))).toContain('100 MB');
    expect(refused(readSafetensorsHeader(withLength(100_000_001n)))).toContain('100 MB');
    expect(performance.now() - t0).toBeLessThan(50);
  });

  it('refuses truncated files and headers', () => {
    expect(refused(readSafetensorsHeader(new Uint8Array(5)))).toBe(
      'truncated safetensors file: 5 bytes, but the header length alone takes 8',
    );
    const good = safetensors({ w: { dtype: 'F32', shape: [2, 2] } });
    expect(refused(readSafetensorsHeader(good.subarray(0, 20)))).toMatch(
      /^truncated safetensors header: it claims \d+ bytes, only 12 are here$/,
    );
    expect(refused(safetensorsHeaderLength(good.subarray(0, 8), 30))).toMatch(/the file has only 30$/);
  });

  it('refuses a header that is not JSON, or not a safetensors header', () => {
    expect(refused(readSafetensorsHeader(withLength(8n, new TextEncoder().encode('{"w": {x'))))).toMatch(
      /^the safetensors header is not JSON: /,
    );
    const bad = (h: object): string => {
      const body = new TextEncoder().encode(JSON.stringify(h));
      return refused(readSafetensorsHeader(withLength(BigInt(body.length), body)));
    };
    expect(bad([1])).toContain('not a JSON object');
    expect(bad({ w: { dtype: 'F33', shape: [1] } })).toContain('unknown dtype "F33"');
    expect(bad({ w: { dtype: 'F32', shape: [-1] } })).toContain('not a list of whole numbers');
    expect(bad({ w: { dtype: 'F32', shape: [4], data_offsets: [0, 8] } })).toBe(
      'tensor "w": data_offsets span 8 bytes, but F32 × [4] is 16',
    );
  });
});

describe('hostile bytes', () => {
  it('never throw: any bytes are read or refused with a message', () => {
    const valid = safetensors({ a: { dtype: 'BF16', shape: [3, 5] }, b: { dtype: 'F32', shape: [7] } });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 64 }),
          // A valid header with a few bytes changed or cut.
          fc
            .tuple(
              fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
              fc.nat(valid.length),
            )
            .map(([edits, cut]) => {
              const b = valid.slice(0, Math.max(cut, 1));
              for (const [at, v] of edits) if (at < b.length) b[at] = v;
              return b;
            }),
        ),
        (bytes) => {
          for (const r of [readSafetensorsHeader(bytes), readHfConfig(new TextDecoder().decode(bytes))]) {
            if (!r.ok) expect(r.error.length).toBeGreaterThan(10);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
