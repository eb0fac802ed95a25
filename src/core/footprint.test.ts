import { describe, expect, it } from 'vitest';
import {
  BITS_PER_WEIGHT,
  BYTES_PER_GB,
  GGML_TYPE_BITS,
  estimateFootprint,
  expertsSplitOf,
  footprintInputOf,
  footprintOf,
  isWeightDtype,
  kvCacheTerm,
  vramEstimateOf,
  vramGbOf,
  weightsTerm,
  withChoicesOf,
  withParameterCount,
  QUICK_ESTIMATE_FROM,
  type DecoderShape,
  type FootprintInput,
} from './footprint';

const MiB = 2 ** 20;

// Llama-3-8B (meta-llama/Meta-Llama-3-8B config.json): 32 layers, 32 attention heads,
// 8 KV heads (GQA), hidden 4096 → head size 128.
const llama3: DecoderShape = { layers: 32, kvHeads: 8, headDim: 128 };
// Mistral-7B-v0.1: the same attention shape, every layer with a 4,096-token sliding window.
const mistral: DecoderShape = { layers: 32, kvHeads: 8, headDim: 128, slidingWindow: 4096 };

describe('KV cache', () => {
  it('Llama-3-8B, f16, 8,192 tokens: exactly 1,024 MiB, as llama.cpp reports', () => {
    // llama.cpp's load log for Llama-3-8B at -c 8192:
    // "llama_kv_cache_init: CUDA0 KV buffer size = 1024.00 MiB"
    // ("KV self size = 1024.00 MiB, K (f16): 512.00 MiB, V (f16): 512.00 MiB").
    const kv = kvCacheTerm({ parameters: 8.03e9, dtype: 'bf16', decoder: llama3, context: 8192 });
    expect(kv.bytes).toBe(1024 * MiB);
    expect(kv.bytes).toBe(2 * 32 * 8 * 128 * 8192 * 1 * 2);
    expect(kv.gb).toBe(1);
    expect(kv.formula).toContain('2 × 8 KV heads × 128 head size × 32 layers × context 8,192 tokens');
    expect(kv.formula).toContain('1,073,741,824 bytes');
  });

  it('uses the KV heads, not the attention heads (GQA is 4× smaller here)', () => {
    const mha = kvCacheTerm({ parameters: 1, dtype: 'bf16', decoder: { ...llama3, kvHeads: 32 }, context: 8192 });
    expect(mha.bytes).toBe(4096 * MiB);
  });

  it('scales with batch and KV dtype', () => {
    const kv = kvCacheTerm({ parameters: 1, dtype: 'bf16', decoder: llama3, context: 8192, batch: 4, kvDtype: 'fp8' });
    expect(kv.bytes).toBe(2048 * MiB);
    const q8 = kvCacheTerm({ parameters: 1, dtype: 'bf16', decoder: llama3, context: 8192, kvDtype: 'q8_0' });
    expect(q8.bytes).toBe(544 * MiB); // 34 bytes per 32 values
  });

  it('Mistral-7B-v0.1: a 4,096 window caps the cache at 8,192 tokens (512 MiB, not 1,024)', () => {
    const kv = kvCacheTerm({ parameters: 7.24e9, dtype: 'bf16', decoder: mistral, context: 8192 });
    expect(kv.bytes).toBe(2 * 32 * 8 * 128 * 4096 * 2);
    expect(kv.bytes).toBe(512 * MiB);
    expect(kv.formula).toContain('32 sliding layers × window 4,096 tokens');
    // Below the window the window changes nothing.
    const short = kvCacheTerm({ parameters: 7.24e9, dtype: 'bf16', decoder: mistral, context: 2048 });
    expect(short.bytes).toBe(256 * MiB);
    expect(short.formula).toContain('no cap');
  });

  it('mixed sliding and full layers (Gemma-2-9B-like: 42 layers, every other one sliding)', () => {
    const d: DecoderShape = { layers: 42, kvHeads: 8, headDim: 256, slidingWindow: 4096, slidingLayers: 21 };
    const kv = kvCacheTerm({ parameters: 1, dtype: 'bf16', decoder: d, context: 8192 });
    expect(kv.bytes).toBe(2 * 8 * 256 * 2 * (21 * 4096 + 21 * 8192));
    expect(kv.formula).toContain('21 sliding layers × window 4,096 tokens + 21 full layers × context 8,192 tokens');
  });

  it('encoder-decoder: cross-attention K and V over the encoder tokens', () => {
    // whisper-small's decoder: 12 layers, 12 heads of 64, 448 target tokens, 1,500 encoder frames.
    const d: DecoderShape = { layers: 12, kvHeads: 12, headDim: 64, crossAttentionTokens: 1500 };
    const kv = kvCacheTerm({ parameters: 1, dtype: 'fp16', decoder: d, context: 448 });
    expect(kv.bytes).toBe(2 * 12 * 64 * 2 * 12 * (448 + 1500));
  });

  it('no decoder, no KV cache', () => {
    expect(kvCacheTerm({ parameters: 1, dtype: 'fp32' }).bytes).toBe(0);
  });

  it('refuses impossible shapes', () => {
    expect(() => kvCacheTerm({ parameters: 1, dtype: 'fp16', decoder: { ...llama3, kvHeads: 0 } })).toThrow(
      /KV heads must be a positive number/,
    );
    expect(() => kvCacheTerm({ parameters: 1, dtype: 'fp16', decoder: llama3, context: Number.NaN })).toThrow(
      /context/,
    );
  });
});

describe('weights', () => {
  it('parameters × bits per weight ÷ 8, for plain and GGUF types', () => {
    const p = 8_000_000_000;
    const w = (dtype: keyof typeof BITS_PER_WEIGHT): number =>
      estimateFootprint({ parameters: p, dtype }).terms[0]!.bytes;
    expect(w('fp32')).toBe(32e9);
    expect(w('bf16')).toBe(16e9);
    expect(w('fp16')).toBe(16e9);
    expect(w('fp8')).toBe(8e9);
    expect(w('int8')).toBe(8e9);
    expect(w('int4')).toBe(4e9);
    expect(w('Q8_0')).toBe(8.5e9);
    expect(w('Q4_0')).toBe(4.5e9);
    expect(w('Q4_K_M')).toBe(4.84e9);
    expect(w('Q6_K')).toBe(6.5625e9);
    expect(w('Q2_K')).toBe(3.35e9); // the file type, a mix; the Q2_K tensor type is 2.625
    expect(GGML_TYPE_BITS.Q2_K).toBe(2.625);
  });

  it('the formula writes its inputs in', () => {
    const f = estimateFootprint({ parameters: 8_030_261_248, dtype: 'Q4_0' });
    expect(f.terms[0]!.formula).toBe(
      '8,030,261,248 parameters × 4.5 bits (Q4_0) ÷ 8 = 4,517,021,952 bytes = 4.207 GiB',
    );
  });

  it('exact bytes from a file replace parameters × dtype', () => {
    const f = estimateFootprint({
      parameters: 0,
      dtype: 'bf16',
      weightBytes: 3 * BYTES_PER_GB,
      weightSource: 'x.safetensors',
    });
    expect(f.weightsGb).toBe(3);
    expect(f.terms[0]!.formula).toContain('summed from x.safetensors');
  });

  it('knows its dtypes', () => {
    expect(isWeightDtype('Q4_K_M')).toBe(true);
    expect(isWeightDtype('toString')).toBe(false);
    expect(isWeightDtype('q4_k_m')).toBe(false);
  });
});

describe('the breakdown', () => {
  it('has the five terms, in order, and they add up to the total', () => {
    const f = estimateFootprint({
      parameters: 8_030_261_248,
      dtype: 'bf16',
      decoder: llama3,
      shape: { hiddenSize: 4096, intermediateSize: 14336, attentionHeads: 32, vocabSize: 128256 },
      context: 8192,
    });
    expect(f.terms.map((t) => t.name)).toEqual(['weights', 'kv_cache', 'activations', 'overhead', 'margin']);
    const sum = f.terms.reduce((a, t) => a + t.gb, 0);
    expect(f.totalGb).toBeCloseTo(sum, 12);
    expect(f.kvCacheGb).toBe(1);
    expect(f.overheadGb).toBe(0.5);
    expect(f.terms[3]!.formula).toContain('CUDA context');
    expect(f.terms[3]!.formula).toContain('the default');
    expect(f.terms[4]!.formula).toContain('margin 10% (the default');
    const subtotal = f.weightsGb + f.kvCacheGb + f.activationsGb + f.overheadGb;
    expect(f.marginGb).toBeCloseTo(0.1 * subtotal, 12);
    // Activations: 512-token chunk × (4 × 4096 + 2 × 14336) × 2 + 32 heads × 512 × 8192 × 4 + 512 × 128256 × 4.
    expect(f.terms[2]!.bytes).toBe(512 * (4 * 4096 + 2 * 14336) * 2 + 32 * 512 * 8192 * 4 + 512 * 128256 * 4);
    expect(f.terms[2]!.formula).toContain('rule of thumb');
    // Bf16 Llama-3-8B at 8k: weights 14.96 + KV 1 + activations 0.80 + overhead 0.5 = 17.26, + 10% ≈ 18.99 GB.
    expect(f.totalGb).toBeGreaterThan(18);
    expect(f.totalGb).toBeLessThan(19.5);
  });

  it('flash attention drops the attention scores', () => {
    const base = {
      parameters: 1e9,
      dtype: 'fp16' as const,
      shape: { hiddenSize: 2048, intermediateSize: 8192, attentionHeads: 16 },
    };
    const a = estimateFootprint(base).terms[2]!;
    const b = estimateFootprint({ ...base, flashAttention: true }).terms[2]!;
    expect(a.bytes - b.bytes).toBe(16 * 512 * 4096 * 4);
    expect(b.formula).toContain('flash attention');
  });

  it('without a shape, activations are 20% of the weights, and say so', () => {
    const f = estimateFootprint({ parameters: 1e9, dtype: 'fp16' });
    expect(f.terms[2]!.bytes).toBeCloseTo(0.2 * 2e9, 3);
    expect(f.terms[2]!.formula).toContain('Transformer Math 101');
  });

  it('overhead and margin are parameters', () => {
    const f = estimateFootprint({ parameters: 1e9, dtype: 'fp16', overheadGb: 1.25, marginFraction: 0 });
    expect(f.overheadGb).toBe(1.25);
    expect(f.marginGb).toBe(0);
    expect(f.terms[4]!.formula).toContain('margin 0%');
    expect(() => estimateFootprint({ parameters: 1e9, dtype: 'fp16', marginFraction: -0.1 })).toThrow(/margin/);
  });
});

describe('the estimate a card keeps', () => {
  it('fills vram_gb with the total rounded up to 0.01 GB, never below it', () => {
    expect(vramGbOf(3.0086)).toBe(3.01);
    expect(vramGbOf(3.01)).toBe(3.01);
    expect(vramGbOf(0.001)).toBe(0.01);
    expect(vramGbOf(0)).toBe(0);
  });

  it('keeps every input, so the breakdown is the same without the file', () => {
    // Whisper-small-like (cross-attention) and Gemma-2-like (half the layers sliding) inputs.
    const inputs: FootprintInput[] = [
      {
        parameters: 241_734_912,
        dtype: 'fp16',
        decoder: { layers: 12, kvHeads: 12, headDim: 64, crossAttentionTokens: 1500 },
        shape: { hiddenSize: 768, intermediateSize: 3072, attentionHeads: 12, vocabSize: 51865 },
        context: 448,
      },
      {
        parameters: 9_241_705_984,
        dtype: 'Q4_K_M',
        weightBytes: 5_761_057_728,
        weightSource: 'gemma-2-9b.Q4_K_M.gguf',
        decoder: { layers: 42, kvHeads: 8, headDim: 256, slidingWindow: 4096, slidingLayers: 21 },
        shape: { hiddenSize: 3584, intermediateSize: 14336, attentionHeads: 16, vocabSize: 256000, encoderOnly: false },
        context: 8192,
        batch: 2,
        kvDtype: 'q8_0',
        flashAttention: true,
        overheadGb: 0.75,
        marginFraction: 0.05,
      },
    ];
    for (const input of inputs) {
      const kept = vramEstimateOf(input, input.weightSource ?? 'config.json', 'x');
      expect(footprintInputOf(kept)).toEqual(input);
      expect(estimateFootprint(footprintInputOf(kept))).toEqual(estimateFootprint(input));
    }
    expect(vramEstimateOf(inputs[1]!, 'gemma-2-9b.Q4_K_M.gguf')).toMatchObject({
      weight_bytes: 5_761_057_728,
      sliding_window: 4096,
      sliding_layers: 21,
      kv_dtype: 'q8_0',
      margin: 0.05,
    });
  });

  it('says why a kept estimate cannot be estimated', () => {
    const r = footprintOf({ from: 'x', parameters: 1e9, dtype: 'fp16', layers: 0, kv_heads: 8, head_dim: 128 });
    expect(r).toEqual({ error: 'layers must be a positive number, not 0' });
  });
});

describe('totals against published llama.cpp load logs', () => {
  const GiB = 2 ** 30;
  const within = (got: number, want: number, frac: number) => expect(Math.abs(got - want) / want).toBeLessThan(frac);

  it('weights of parameters × a quant type match the model sizes llama.cpp prints', () => {
    // github.com/ggml-org/llama.cpp/issues/8730: Meta Llama 3.1 8B Instruct Q6_K —
    // "model params = 8.03 B", "model size = 6.14 GiB (6.56 BPW)".
    within(weightsTerm({ parameters: 8.03e9, dtype: 'Q6_K' }).gb, 6.14, 0.01);
    // github.com/ollama/ollama/pull/6279: Meta Llama 3.1 70B Instruct Q4_0 —
    // "model params = 70.55 B", "model size = 37.22 GiB (4.53 BPW)" (a few tensors are not Q4_0).
    within(weightsTerm({ parameters: 70.55e9, dtype: 'Q4_0' }).gb, 37.22, 0.01);
    // An Ollama server log of Meta Llama 3.1 8B Instruct Q4_K_M (quoted below): 4.58 GiB (4.89 BPW);
    // Q4_K_M's 4.84 is the quantize README's Llama-2-7B average: 1.2 % under.
    within(weightsTerm({ parameters: 8.03e9, dtype: 'Q4_K_M' }).gb, 4.58, 0.02);
  });

  it('Llama 3.1 8B Q4_K_M at 8,192 tokens: weights, KV cache and activations near llama.cpp’s buffers, the total above them', () => {
    // The same log (llama.cpp inside Ollama, n_ctx = 8192, n_ubatch = 512, flash_attn = 0):
    //   "model size = 4.58 GiB (4.89 BPW)"
    //   "CUDA0 KV buffer size = 1024.00 MiB"
    //   "CUDA0 compute buffer size = 560.00 MiB"
    const measured = 4.58 * GiB + 1024 * MiB + 560 * MiB;
    const f = estimateFootprint({
      parameters: 8.03e9,
      dtype: 'Q4_K_M',
      decoder: { layers: 32, kvHeads: 8, headDim: 128 },
      shape: { hiddenSize: 4096, intermediateSize: 14336, attentionHeads: 32, vocabSize: 128256 },
      context: 8192,
    });
    const [weights, kv, act] = f.terms;
    expect(kv!.bytes).toBe(1024 * MiB);
    // The activations rule (806 MiB) is above llama.cpp's compute buffer (560 MiB), which reuses memory between ops.
    expect(act!.bytes).toBeGreaterThan(560 * MiB);
    within(weights!.bytes + kv!.bytes + act!.bytes, measured, 0.05);
    // With the CUDA context and the margin the estimate never falls below what llama.cpp allocates.
    expect(f.totalGb * GiB).toBeGreaterThan(measured);
    within(f.totalGb * GiB, measured, 0.25);
  });
});

describe('fine-tuning', () => {
  // A 1B model of 16 layers, hidden 2,048, 32 heads, trained on 2,048-token sequences.
  const shape = { hiddenSize: 2048, intermediateSize: 8192, attentionHeads: 32 };
  const decoder = { layers: 16, kvHeads: 8, headDim: 64 };
  const base = { parameters: 1e9, dtype: 'bf16' as const, decoder, shape, context: 2048 };

  it('a full fine-tune keeps bf16 gradients and AdamW’s 12 bytes per parameter: 16 bytes per parameter before activations', () => {
    const f = estimateFootprint({ ...base, training: 'full' });
    expect(f.terms.map((t) => t.name)).toEqual([
      'weights',
      'gradients',
      'optimizer',
      'kv_cache',
      'activations',
      'overhead',
      'margin',
    ]);
    const [w, g, o, kv] = f.terms;
    // EleutherAI "Transformer Math 101": mixed-precision AdamW training takes 16 bytes per parameter
    // (2 weights + 2 gradients + 4 fp32 copy + 4 momentum + 4 variance) before activations.
    expect(w!.bytes + g!.bytes + o!.bytes).toBe(16 * 1e9);
    expect(kv!.bytes).toBe(0);
    expect(f.trainingStateGb).toBeCloseTo((14 * 1e9) / 2 ** 30, 9);
  });

  it('training activations follow Korthikanti et al.: s·b·h·(34 + 5·a·s/h) per layer, or a layer’s input with checkpointing', () => {
    const perLayer = 2048 * 1 * 2048 * (34 + (5 * 32 * 2048) / 2048); // 813,694,976
    expect(perLayer).toBe(813_694_976);
    const all = estimateFootprint({ ...base, training: 'full' }).terms.find((t) => t.name === 'activations')!;
    expect(all.bytes).toBe(16 * perLayer);
    const ckpt = estimateFootprint({ ...base, training: 'full', gradientCheckpointing: true }).terms.find(
      (t) => t.name === 'activations',
    )!;
    expect(ckpt.bytes).toBe(16 * 2 * 2048 * 2048 + perLayer);
    const flash = estimateFootprint({ ...base, training: 'lora', flashAttention: true }).terms.find(
      (t) => t.name === 'activations',
    )!;
    expect(flash.bytes).toBe(16 * 2048 * 2048 * 34);
    // Without the shape the activations are not counted, and the formula says so.
    const bare = estimateFootprint({ parameters: 1e9, dtype: 'bf16', training: 'full' }).terms.find(
      (t) => t.name === 'activations',
    )!;
    expect(bare.bytes).toBe(0);
    expect(bare.formula).toContain("need the model's shape");
  });

  it('LoRA trains adapters only: 1 % of the model by default, or the count given', () => {
    const f = estimateFootprint({ ...base, dtype: 'int4', training: 'lora' });
    const [w, g, o] = f.terms;
    expect(w!.bytes).toBe(0.5e9);
    expect(g!.bytes).toBe(1e7 * 2);
    expect(o!.bytes).toBe(1e7 * 12);
    expect(g!.formula).toContain('10,000,000 LoRA parameters (1 % of the model, the default; editable)');
    const given = estimateFootprint({ ...base, training: 'lora', trainableParameters: 4_194_304 });
    expect(given.terms[2]!.bytes).toBe(4_194_304 * 12);
  });

  it('a kept estimate carries the fine-tune', () => {
    const input = { ...base, training: 'lora' as const, trainableParameters: 5e6, gradientCheckpointing: true };
    const kept = vramEstimateOf(input, 'config.json');
    expect(kept).toMatchObject({ training: 'lora', trainable_parameters: 5e6, gradient_checkpointing: true });
    expect(footprintInputOf(kept)).toEqual(input);
  });
});

describe('a fine-tune holds the logits and their gradients at the loss', () => {
  // Qwen2.5-0.5B (24 layers, hidden 896, 14 heads, vocabulary 151,936), full fine-tune at 4,096
  // tokens with gradient checkpointing and flash attention (issue 20's example).
  const shape = { layers: 24, hiddenSize: 896, intermediateSize: 4864, attentionHeads: 14, vocabSize: 151_936 };
  const base = {
    parameters: 494_032_768,
    dtype: 'bf16' as const,
    shape,
    context: 4096,
    training: 'full' as const,
    gradientCheckpointing: true,
    flashAttention: true,
  };
  const acts = (input: FootprintInput) => estimateFootprint(input).terms.find((t) => t.name === 'activations')!;
  const layers = 24 * 2 * 4096 * 896 + 4096 * 896 * 34;

  it('4,096 × 151,936 × 12 bytes (the fp32 log-softmax, its gradient, the fp32 logits’ gradient) ≈ 7.0 GiB, beside 0.28 GB of layer activations', () => {
    const logits = 4096 * 151_936 * 12;
    expect(logits / BYTES_PER_GB).toBeCloseTo(6.955, 3);
    const a = acts(base);
    expect(a.bytes).toBe(layers + logits);
    expect(a.formula).toContain(
      "logits 4,096 tokens × batch 1 × vocab 151,936 × 12 bytes (fp32 log-softmax 4 + its gradient 4 + the fp32 logits' gradient 4)",
    );
  });

  it('a soft-capped model (Gemma 2) keeps the cap’s tanh output too: 14 bytes a logit', () => {
    const capped = acts({ ...base, shape: { ...shape, logitSoftcap: true } });
    expect(capped.bytes).toBe(layers + 4096 * 151_936 * 14);
    expect(capped.formula).toContain("+ the soft-cap's tanh output 2)");
    // The flag survives the card's estimate.
    const kept = vramEstimateOf({ ...base, shape: { ...shape, logitSoftcap: true } }, 'x');
    expect(kept.logit_softcap).toBe(true);
    expect(footprintInputOf(kept).shape?.logitSoftcap).toBe(true);
  });

  it('a fused or chunked cross-entropy holds one 1,024-token chunk of logits; an encoder none', () => {
    const fused = acts({ ...base, fusedCrossEntropy: true });
    expect(fused.bytes).toBe(layers + 1024 * 151_936 * 12);
    expect(fused.formula).toContain('logits of one chunk (fused cross-entropy)');
    const encoder = acts({ ...base, shape: { ...shape, encoderOnly: true } });
    expect(encoder.bytes).toBe(layers);
    // The choice survives the card's estimate.
    expect(footprintInputOf(vramEstimateOf({ ...base, fusedCrossEntropy: true }, 'x')).fusedCrossEntropy).toBe(true);
  });
});

describe('experts placed in system RAM', () => {
  const moe = { experts: 8, expertsPerToken: 2, moeLayers: 4, expertParameters: 4e9 };
  const base = { parameters: 5e9, dtype: 'bf16' as const, moe };

  it('the VRAM keeps the rest; the RAM part is the experts of the layers placed there', () => {
    const all = estimateFootprint(base);
    expect(all.ram).toBeNull();
    expect(all.activeParameters).toBe(5e9 - 4e9 * 0.75);
    const half = estimateFootprint({ ...base, cpuMoeLayers: 2 });
    // 2 of 4 MoE layers: half of 4e9 expert parameters × 2 bytes.
    expect(half.ram?.bytes).toBe(4e9);
    expect(half.weightsGb).toBeCloseTo(all.weightsGb - 4e9 / BYTES_PER_GB, 12);
    expect(half.totalGb).toBeLessThan(all.totalGb);
    // With a file's exact bytes the experts take their share of them.
    const exact = estimateFootprint({ ...base, weightBytes: 2.5e9, cpuMoeLayers: 4 });
    expect(exact.ram?.bytes).toBe(2e9);
  });

  it('the split a token reads: dense weights, all experts, those in RAM, the share used', () => {
    const e = vramEstimateOf({ ...base, cpuMoeLayers: 1 }, 'x');
    const split = expertsSplitOf(e, estimateFootprint(footprintInputOf(e)))!;
    expect(split.experts_gb * BYTES_PER_GB).toBeCloseTo(8e9, 3);
    expect(split.dense_gb * BYTES_PER_GB).toBeCloseTo(2e9, 3);
    expect(split.ram_experts_gb * BYTES_PER_GB).toBeCloseTo(2e9, 3);
    expect(split.active_fraction).toBe(0.25);
    expect(expertsSplitOf(vramEstimateOf(base, 'x'), estimateFootprint(base))).toBeNull();
  });

  it('a dense model has no RAM part, whatever the option says', () => {
    const dense = estimateFootprint({ parameters: 5e9, dtype: 'bf16', cpuMoeLayers: 4 });
    expect(dense.ram).toBeNull();
    expect(dense.activeParameters).toBeNull();
  });
});

describe('fine-tuning what is not a decoder, or without a parameter count', () => {
  it('an encoder’s activations count its own layers (BERT-base in fp32: 12 × 512 tokens × 768, 4-byte activations)', () => {
    const f = estimateFootprint({
      parameters: 109_482_240,
      dtype: 'fp32',
      shape: { layers: 12, hiddenSize: 768, intermediateSize: 3072, attentionHeads: 12, encoderOnly: true },
      context: 512,
      batch: 8,
      training: 'full',
    });
    const act = f.terms.find((t) => t.name === 'activations')!;
    // fp32: (16 × 4 + 2) = 66 bytes per token and hidden unit, (2 × 4 + 1) = 9 per attention score.
    expect(act.bytes).toBe(12 * 512 * 8 * 768 * (66 + (9 * 12 * 512) / 768));
  });

  it('an fp32 fine-tune keeps fp32 gradients and AdamW’s momentum and variance: 16 bytes per parameter with the weights, no master copy', () => {
    const shape = { layers: 12, hiddenSize: 768, intermediateSize: 3072, attentionHeads: 12, encoderOnly: true };
    const f = estimateFootprint({ parameters: 1e8, dtype: 'fp32', shape, context: 512, training: 'full' });
    const [w, g, o] = f.terms;
    expect([w!.bytes, g!.bytes, o!.bytes]).toEqual([4e8, 4e8, 8e8]);
    expect(o!.formula).toContain('momentum 4 + variance 4');
    // With checkpointing each layer keeps its fp32 input: 4 bytes per value.
    const ckpt = estimateFootprint({
      parameters: 1e8,
      dtype: 'fp32',
      shape,
      context: 512,
      training: 'full',
      gradientCheckpointing: true,
    }).terms.find((t) => t.name === 'activations')!;
    expect(ckpt.bytes).toBe(12 * 4 * 512 * 768 + 512 * 768 * (66 + (9 * 12 * 512) / 768));
    // A bf16 model keeps the mixed-precision rule (2 + 12 bytes).
    const bf = estimateFootprint({ parameters: 1e8, dtype: 'bf16', shape, context: 512, training: 'full' }).terms;
    expect([bf[1]!.bytes, bf[2]!.bytes]).toEqual([2e8, 12e8]);
  });

  it('a safetensors index has bytes but no parameter count: a fine-tune of it is refused, with why', () => {
    const r = footprintOf({
      from: 'model.safetensors.index.json',
      parameters: 0,
      dtype: 'bf16',
      weight_bytes: 16e9,
      training: 'full',
    });
    expect(r).toEqual({ error: expect.stringContaining('need the parameter count') });
    // Inference from the same index is fine.
    expect('footprint' in footprintOf({ from: 'x', parameters: 0, dtype: 'bf16', weight_bytes: 16e9 })).toBe(true);
  });
});

describe('editing a kept estimate', () => {
  const fromFile = vramEstimateOf(
    {
      parameters: 8_030_261_248,
      dtype: 'Q4_K_M',
      weightBytes: 4_920_734_016,
      decoder: { layers: 32, kvHeads: 8, headDim: 128 },
      context: 8192,
      kvDtype: 'q8_0',
      marginFraction: 0.2,
    },
    'llama.gguf',
    'llama',
  );

  it('a count typed over a file’s keeps the shape and the choices, drops only the exact bytes, and says so', () => {
    const e = withParameterCount(fromFile, 7e9);
    const { weight_bytes: _b, ...shape } = fromFile;
    expect(e).toEqual({ ...shape, parameters: 7e9, from: 'llama.gguf, parameter count typed' });
    expect(e).not.toHaveProperty('weight_bytes');
    expect(withParameterCount(e, 6e9).from).toBe('llama.gguf, parameter count typed');
    expect(withParameterCount(null, 1e9)).toEqual({ from: QUICK_ESTIMATE_FROM, parameters: 1e9, dtype: 'bf16' });
    expect(withParameterCount(fromFile, fromFile.parameters)).toBe(fromFile);
  });

  it('a new model keeps how it runs, not the old model’s context or shape', () => {
    const next = vramEstimateOf({ parameters: 1e9, dtype: 'fp16', context: 512 }, 'config.json');
    const e = withChoicesOf(next, { ...fromFile, training: 'lora', flash_attention: true });
    expect(e).toEqual({ ...next, kv_dtype: 'q8_0', margin: 0.2, training: 'lora', flash_attention: true });
    expect(withChoicesOf(next, null)).toEqual(next);
  });
});
