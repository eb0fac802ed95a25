/**
 * Issue 20's reading rules, each on a config or file built to isolate it: the experts of a
 * mixture of experts (and which layers carry them), MLA's latent cache, a multimodal wrapper's
 * parts, the dtype of a config without one, a family the reader does not know, and a GGUF's
 * expert tensors counted exactly (with the experts-in-RAM option).
 */
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { BYTES_PER_GB } from '../../core/footprint';
import { estimateFromFileSync, type ModelFileEstimate, type ModelFileResult } from './model-file';
import { readHfConfig, type ModelConfig } from './model-files';
import { str, u32, writeGguf } from '../testdata/gguf-writer';

function config(c: object): ModelConfig {
  const r = readHfConfig(JSON.stringify(c));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}
function ok(r: ModelFileResult): ModelFileEstimate {
  if (!r.ok) throw new Error(r.error);
  return r.value;
}
const fromText = (name: string, text: string, opts = {}) => {
  const bytes = strToU8(text);
  return ok(estimateFromFileSync(name, bytes.length, (s, e) => bytes.subarray(s, e), opts));
};

// A small Qwen2-MoE-like shape (every number chosen to make each term visible).
const QWEN2_MOE = {
  model_type: 'qwen2_moe',
  hidden_size: 64,
  intermediate_size: 256,
  moe_intermediate_size: 32,
  shared_expert_intermediate_size: 128,
  num_experts: 8,
  num_experts_per_tok: 2,
  num_hidden_layers: 4,
  num_attention_heads: 4,
  num_key_value_heads: 2,
  vocab_size: 100,
  tie_word_embeddings: false,
  torch_dtype: 'bfloat16',
};

describe('a mixture of experts, from the config’s own keys', () => {
  it('Qwen2-MoE: every expert, the router, the shared expert and its gate, in every layer', () => {
    const c = config(QWEN2_MOE);
    const h = 64;
    const attn = h * h + 2 * h * 32 + h * h + (h + 2 * 32); // q, k, v, o + q/k/v biases
    const experts = 8 * 3 * h * 32;
    const layer = attn + experts + h * 8 + (3 * h * 128 + h) + 2 * h;
    expect(c.parameters).toBe(2 * 100 * h + 4 * layer + h);
    expect(c.moe).toEqual({ experts: 8, expertsPerToken: 2, moeLayers: 4, expertParameters: 4 * experts });
  });

  it('decoder_sparse_step and mlp_only_layers make dense layers of intermediate_size', () => {
    const all = config(QWEN2_MOE);
    const step = config({ ...QWEN2_MOE, decoder_sparse_step: 2 });
    const only = config({ ...QWEN2_MOE, mlp_only_layers: [0] });
    expect(step.moe?.moeLayers).toBe(2);
    expect(only.moe?.moeLayers).toBe(3);
    const h = 64;
    const moeFfn = 8 * 3 * h * 32 + h * 8 + 3 * h * 128 + h;
    expect(all.parameters - step.parameters).toBe(2 * (moeFfn - 3 * h * 256));
    expect(all.parameters - only.parameters).toBe(moeFfn - 3 * h * 256);
  });

  it('DeepSeek: dense layers before first_k_dense_replace, shared experts of moe_intermediate_size, MLA', () => {
    const base = {
      model_type: 'deepseek_v3',
      hidden_size: 64,
      intermediate_size: 256,
      moe_intermediate_size: 32,
      n_routed_experts: 8,
      n_shared_experts: 1,
      num_experts_per_tok: 2,
      first_k_dense_replace: 1,
      moe_layer_freq: 1,
      num_hidden_layers: 3,
      num_attention_heads: 4,
      num_key_value_heads: 4,
      q_lora_rank: 48,
      kv_lora_rank: 16,
      qk_nope_head_dim: 8,
      qk_rope_head_dim: 4,
      v_head_dim: 8,
      vocab_size: 100,
      tie_word_embeddings: false,
    };
    const c = config(base);
    expect(c.moe?.moeLayers).toBe(2);
    expect(c.decoder?.kvLatent).toBe(16 + 4);
    const h = 64;
    const q = h * 48 + 48 + 48 * 4 * 12;
    const attn = q + h * (16 + 4) + 16 + 16 * 4 * (8 + 8) + 4 * 8 * h;
    const dense = 3 * h * 256;
    const moe = 8 * 3 * h * 32 + (h * 8 + 8) + 3 * h * 32; // experts, router + V3's correction bias, shared
    expect(c.parameters).toBe(2 * 100 * h + 3 * (attn + 2 * h) + dense + 2 * moe + h);
    // Without q_lora_rank (V2-Lite), queries are one matrix.
    const lite = config({ ...base, q_lora_rank: null, model_type: 'deepseek_v2' });
    expect(c.parameters - lite.parameters).toBe(3 * (q - h * 4 * 12) + 2 * 8);
  });

  it('gpt-oss: biases inside every expert and on the router, attention sinks', () => {
    const c = config({
      model_type: 'gpt_oss',
      hidden_size: 16,
      intermediate_size: 8,
      num_local_experts: 4,
      num_experts_per_tok: 2,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      head_dim: 4,
      vocab_size: 10,
      tie_word_embeddings: false,
    });
    const h = 16;
    const attn = h * 16 + 16 + 2 * (h * 8 + 8) + 16 * h + h + 4;
    const experts = 4 * (3 * h * 8 + 2 * 8 + h);
    expect(c.parameters).toBe(2 * 10 * h + 2 * (attn + experts + h * 4 + 4 + 2 * h) + h);
  });

  it('Llama 4: interleaved MoE layers, a shared expert each, intermediate_size_mlp for the dense ones', () => {
    const c = config({
      model_type: 'llama4_text',
      hidden_size: 16,
      intermediate_size: 8,
      intermediate_size_mlp: 32,
      num_local_experts: 4,
      num_experts_per_tok: 1,
      interleave_moe_layer_step: 2,
      num_hidden_layers: 4,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      head_dim: 4,
      vocab_size: 10,
      tie_word_embeddings: false,
    });
    expect(c.moe?.moeLayers).toBe(2);
    const h = 16;
    const attn = h * 16 + 2 * h * 8 + 16 * h;
    const dense = 3 * h * 32;
    const moe = 4 * 3 * h * 8 + h * 4 + 3 * h * 8;
    expect(c.parameters).toBe(2 * 10 * h + 4 * (attn + 2 * h) + 2 * dense + 2 * moe + h);
  });
});

describe('a multimodal wrapper: the text model, the vision tower and the projector', () => {
  it('Qwen2-VL (text at the top level, beside a vision_config): the tower and its patch merger', () => {
    const c = config({
      architectures: ['Qwen2VLForConditionalGeneration'],
      model_type: 'qwen2_vl',
      hidden_size: 64,
      intermediate_size: 128,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      vocab_size: 100,
      tie_word_embeddings: true,
      vision_config: { depth: 2, embed_dim: 16, hidden_size: 64, mlp_ratio: 4, num_heads: 2, patch_size: 2 },
    });
    expect(c.parts.map((p) => p.name)).toEqual(['text model', 'vision tower', 'projector']);
    const e = 16;
    const block = 4 * e + (e * 3 * e + 3 * e) + (e * e + e) + (e * 64 + 64) + (64 * e + e);
    const merger = 2 * e + (64 * 64 + 64) + (64 * 64 + 64);
    expect(c.parts[1]!.parameters).toBe(3 * 2 * 2 * 2 * e + 2 * block + merger);
    expect(c.confidence).toBe('counted');
  });

  it('a wrapper without a vision_config, or with a tower it cannot count, is approximate and says so', () => {
    const textOnly = config({
      model_type: 'gemma3',
      text_config: { model_type: 'gemma3_text', hidden_size: 64, intermediate_size: 128, num_hidden_layers: 2 },
    });
    expect(textOnly.confidence).toBe('approximate');
    expect(textOnly.notes).toContain('a gemma3 wrapper without a vision_config: its vision tower is not counted');
    const odd = config({
      model_type: 'llava',
      text_config: { model_type: 'llama' },
      vision_config: { model_type: 'pixtral' },
    });
    expect(odd.confidence).toBe('approximate');
    expect(odd.notes).toContain('the vision tower of a llava model is not a kind this reader counts: not counted');
  });
});

describe('what the estimate assumed, said in notes and a confidence', () => {
  it('a config without torch_dtype is read as float32, said; --dtype and a safetensors beside it settle it', () => {
    const bert = JSON.stringify({
      model_type: 'bert',
      hidden_size: 64,
      intermediate_size: 128,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      vocab_size: 100,
    });
    const plain = fromText('config.json', bert);
    expect(plain.input.dtype).toBe('fp32');
    expect(plain.notes.join('\n')).toContain('no torch_dtype in the config: weights taken as float32');
    expect(plain.confidence).toBe('counted');
    expect(fromText('config.json', bert, { dtype: 'fp16' }).input.dtype).toBe('fp16');
    const beside = fromText('config.json', bert, { weightsDtype: { dtype: 'bf16', from: 'model.safetensors' } });
    expect(beside.input.dtype).toBe('bf16');
    expect(beside.notes).toContain("weights as bf16, the dtype of model.safetensors's tensors");
  });

  it('an unknown model_type is a generic decoder, approximate, with its experts when the config names them', () => {
    const e = fromText(
      'config.json',
      JSON.stringify({ ...QWEN2_MOE, model_type: 'brand_new_moe', shared_expert_intermediate_size: undefined }),
    );
    expect(e.confidence).toBe('approximate');
    expect(e.notes[0]).toMatch(/^model_type "brand_new_moe" is not a known family: read as a generic decoder/);
    expect(e.input.moe?.experts).toBe(8);
  });
});

describe('a GGUF mixture of experts: the expert tensors counted exactly', () => {
  const layers = 3;
  const tensors = [
    { name: 'token_embd.weight', type: 'Q8_0', dims: [256, 1000] },
    ...Array.from({ length: layers }, (_, i) => [
      { name: `blk.${i}.attn_q.weight`, type: 'Q8_0', dims: [256, 256] },
      { name: `blk.${i}.ffn_gate_inp.weight`, type: 'F32', dims: [256, 8] },
      { name: `blk.${i}.ffn_gate_exps.weight`, type: 'Q4_K', dims: [256, 512, 8] },
      { name: `blk.${i}.ffn_up_exps.weight`, type: 'Q4_K', dims: [256, 512, 8] },
      { name: `blk.${i}.ffn_down_exps.weight`, type: 'Q6_K', dims: [512, 256, 8] },
      { name: `blk.${i}.ffn_up_shexp.weight`, type: 'Q8_0', dims: [256, 512] },
    ]).flat(),
  ];
  const g = writeGguf(
    {
      'general.architecture': str('qwen2moe'),
      'qwen2moe.block_count': u32(layers),
      'qwen2moe.context_length': u32(4096),
      'qwen2moe.embedding_length': u32(256),
      'qwen2moe.feed_forward_length': u32(512),
      'qwen2moe.attention.head_count': u32(4),
      'qwen2moe.attention.head_count_kv': u32(2),
      'qwen2moe.expert_count': u32(8),
      'qwen2moe.expert_used_count': u32(2),
    },
    tensors,
    { headerOnly: true },
  );
  const read = (opts = {}) => ok(estimateFromFileSync('moe.gguf', g.size, (s, e) => g.bytes.subarray(s, e), opts));
  const expertElements = layers * 3 * 256 * 512 * 8;
  const expertBytes = layers * 8 * (((256 * 512) / 256) * 144 * 2 + ((512 * 256) / 256) * 210);

  it('their elements and bytes, the active parameters, and no shared expert taken for a routed one', () => {
    const e = read();
    expect(e.input.moe).toEqual({
      experts: 8,
      expertsPerToken: 2,
      moeLayers: 3,
      expertParameters: expertElements,
      expertBytes,
    });
    expect(e.activeParameters).toBe(e.parameters! - expertElements * (6 / 8));
    expect(e.confidence).toBe('exact');
  });

  it('experts in RAM (--n-cpu-moe 2, --cpu-moe): their exact bytes leave the VRAM for the RAM part', () => {
    const all = read();
    const two = read({ cpuMoeLayers: 2 });
    expect(two.footprint.ram?.bytes).toBe((expertBytes * 2) / 3);
    expect(two.footprint.weightsGb).toBeCloseTo(all.footprint.weightsGb - (expertBytes * 2) / 3 / BYTES_PER_GB, 12);
    expect(two.footprint.ram?.formula).toContain('llama.cpp --n-cpu-moe 2');
    const every = read({ cpuMoeLayers: 99 });
    expect(every.footprint.ramGb * BYTES_PER_GB).toBe(expertBytes);
    expect(every.footprint.ram?.formula).toContain('--cpu-moe');
    expect(all.footprint.ram).toBeNull();
  });
});
