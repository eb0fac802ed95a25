/**
 * A model's VRAM footprint, estimated as a breakdown (issue 10). Pure: no DOM, no Node.
 *
 * Every term carries its name, its size in GB and its formula with the inputs written in,
 * so a user can check it by hand. GB here are GiB (2^30 bytes), as everywhere in the planner
 * (`vram_gb` is read as GiB, as nvinx's `max_memory` strings are).
 *
 * Terms:
 * - weights: parameters × bits per weight ÷ 8, or the exact byte sum of a safetensors header
 *   when one was read (then the formula says so).
 * - KV cache (decoder models only): 2 (K and V) × layers × KV heads × head size × tokens ×
 *   batch × KV bytes. KV heads is `num_key_value_heads` (grouped-query attention), not the
 *   attention heads. A layer with a sliding window keeps at most `window` tokens; the
 *   other layers keep the whole context. An encoder-decoder model's decoder also keeps the
 *   cross-attention K and V over the encoder's tokens. Multi-head latent attention (MLA:
 *   DeepSeek-V2/V3, Kimi K2) caches one latent per layer per token instead: kv_lora_rank +
 *   qk_rope_head_dim elements, shared by every head.
 * - a mixture of experts keeps every expert resident: the weights are the total parameters;
 *   the parameters a token reads (the active ones) set the speed, not the memory. Experts
 *   placed in system RAM (llama.cpp's `--n-cpu-moe N`, `-ot exps=CPU`) leave VRAM and form
 *   the RAM part (`experts_in_ram`, outside the VRAM total).
 * - activations: see `activationsTerm` (the rule is written into the formula).
 * - runtime overhead: CUDA context and the caching allocator, 0.5 GB by default (a parameter).
 * - margin: a fraction (10 % by default, a parameter) of the sum of the terms above.
 */

import { ggmlTypeBits } from './ggml-types';
import { type Confidence, type KvDtype, type TrainingKind, type VramEstimate, type WeightDtype } from './types';

/**
 * Bytes in one GB as the planner reads it (GiB).
 */
export const BYTES_PER_GB = 2 ** 30;

const DEFAULT_OVERHEAD_GB = 0.5;
const DEFAULT_MARGIN_FRACTION = 0.1;
const DEFAULT_CONTEXT = 4096;
const DEFAULT_BATCH = 1;
/** Tokens a decoder processes at once while reading a prompt (llama.cpp's default n_ubatch). */
const DEFAULT_PREFILL_CHUNK = 512;
/** Activations without a shape: EleutherAI's "Transformer Math 101" (2023) inference rule of thumb. */
const ACTIVATIONS_FRACTION_WITHOUT_SHAPE = 0.2;

/** The ggml tensor types a user can pick for a whole model (their bits from `GGML_TYPES`, the one table). */
const GGML_WHOLE_TYPES = [
  'F32',
  'F16',
  'BF16',
  'Q8_0',
  'Q6_K',
  'Q5_1',
  'Q5_0',
  'Q5_K',
  'Q4_1',
  'Q4_0',
  'Q4_K',
  'IQ4_NL',
  'IQ4_XS',
  'Q3_K',
  'Q2_K',
] as const;

/**
 * Bits per weight of each ggml tensor type: the block's bytes × 8 ÷ weights per block, from
 * the one ggml table (`./ggml-types`: Q4_0 is a 2-byte fp16 scale + 16 bytes of 4-bit quants
 * per 32 weights = 18 × 8 ÷ 32 = 4.5). These are exact for a tensor (what a GGUF reader sums).
 */
export const GGML_TYPE_BITS = Object.fromEntries(GGML_WHOLE_TYPES.map((n) => [n, ggmlTypeBits(n)])) as Readonly<
  Record<(typeof GGML_WHOLE_TYPES)[number], number>
>;

/**
 * Bits per weight of what a user picks for a whole model: plain types at their width; the
 * GGUF file types that quantize every tensor alike at their ggml type's exact width
 * (`GGML_TYPE_BITS`); the GGUF mixes (Q4_K_M and the like: llama.cpp gives different tensors
 * different types) at the measured averages of llama.cpp's `tools/quantize/README.md` (its
 * Llama-2-7B table). The Q2_K *file* type is such a mix (3.35), unlike the Q2_K tensor type.
 */
export const BITS_PER_WEIGHT = {
  fp32: 32,
  bf16: 16,
  fp16: 16,
  fp8: 8,
  int8: 8,
  int4: 4,
  F32: GGML_TYPE_BITS.F32,
  F16: GGML_TYPE_BITS.F16,
  BF16: GGML_TYPE_BITS.BF16,
  Q8_0: GGML_TYPE_BITS.Q8_0,
  Q6_K: GGML_TYPE_BITS.Q6_K, // the README's 6.56, exactly
  Q5_1: GGML_TYPE_BITS.Q5_1,
  Q5_0: GGML_TYPE_BITS.Q5_0,
  Q4_1: GGML_TYPE_BITS.Q4_1,
  Q4_0: GGML_TYPE_BITS.Q4_0,
  IQ4_NL: GGML_TYPE_BITS.IQ4_NL,
  IQ4_XS: GGML_TYPE_BITS.IQ4_XS,
  // Mixes: measured averages (llama.cpp tools/quantize/README.md, Llama 2 7B).
  Q5_K_M: 5.68,
  Q5_K_S: 5.52,
  Q4_K_M: 4.84,
  Q4_K_S: 4.58,
  Q3_K_L: 4.27,
  Q3_K_M: 3.91,
  Q3_K_S: 3.5,
  Q2_K: 3.35,
} as const satisfies Readonly<Record<WeightDtype, number>>;

export function isWeightDtype(s: string): s is WeightDtype {
  return Object.prototype.hasOwnProperty.call(BITS_PER_WEIGHT, s);
}

/** Bytes per element of the KV cache (llama.cpp's --cache-type-k/v q8_0 and q4_0 are block types). */
const KV_BYTES = { fp32: 4, fp16: 2, bf16: 2, fp8: 1, q8_0: 34 / 32, q4_0: 18 / 32 } as const satisfies Readonly<
  Record<KvDtype, number>
>;

/** What the KV cache needs to know of a decoder. */
export interface DecoderShape {
  /** Decoder layers that keep a KV cache. */
  readonly layers: number;
  /** `num_key_value_heads` (grouped-query attention); equal to the attention heads without GQA. */
  readonly kvHeads: number;
  /** Head size (`head_dim`, or hidden size ÷ attention heads). */
  readonly headDim: number;
  /** Tokens a sliding-window layer keeps. */
  readonly slidingWindow?: number;
  /** How many of the layers use the window (all of them when not given). */
  readonly slidingLayers?: number;
  /** Encoder tokens each decoder layer attends to (encoder-decoder models: cross-attention K and V). */
  readonly crossAttentionTokens?: number;
  /**
   * Multi-head latent attention (MLA): elements cached per layer per token, kv_lora_rank +
   * qk_rope_head_dim; replaces 2 × KV heads × head size.
   */
  readonly kvLatent?: number;
}

/** A mixture of experts: what the active parameters and the experts-in-RAM option need. */
export interface MoeShape {
  /** Routed experts in each MoE layer. */
  readonly experts: number;
  /** Routed experts each token uses (`num_experts_per_tok`). */
  readonly expertsPerToken: number;
  /** Layers with routed experts. */
  readonly moeLayers: number;
  /** Parameters of the routed experts over all MoE layers (shared experts and routers not included). */
  readonly expertParameters: number;
  /** Their exact bytes (a GGUF's `_exps` tensors); else expert parameters × the weights' bits. */
  readonly expertBytes?: number;
}

/**
 * Parameters a token reads: the total less the routed experts it does not use.
 */
export function activeParameters(parameters: number, moe: MoeShape): number {
  return Math.round(parameters - moe.expertParameters * (1 - moe.expertsPerToken / moe.experts));
}

/** What the activations rule needs to know of the model's shape. */
export interface ActivationShape {
  /** Transformer layers, encoder and decoder (a fine-tune keeps every layer's activations). */
  readonly layers?: number;
  readonly hiddenSize: number;
  readonly intermediateSize: number;
  readonly attentionHeads: number;
  readonly vocabSize?: number;
  /** An encoder reads its whole input at once; a decoder reads a prompt in chunks. */
  readonly encoderOnly?: boolean;
  /**
   * The model soft-caps its logits (`final_logit_softcapping`, Gemma 2): a fine-tune keeps the
   * cap's tanh output, in the model's dtype, for its backward pass.
   */
  readonly logitSoftcap?: boolean;
}

export interface FootprintInput {
  /** Parameter count. */
  readonly parameters: number;
  readonly dtype: WeightDtype;
  /** Exact weight bytes (a safetensors header's sum); replaces parameters × dtype when given. */
  readonly weightBytes?: number;
  /** Where `weightBytes` came from, written into the formula. */
  readonly weightSource?: string;
  readonly decoder?: DecoderShape;
  readonly shape?: ActivationShape;
  /** Tokens of context (prompt + generated), default 4096. */
  readonly context?: number;
  readonly batch?: number;
  readonly kvDtype?: KvDtype;
  /** With flash attention the attention scores are never materialised. Default false. */
  readonly flashAttention?: boolean;
  readonly overheadGb?: number;
  readonly marginFraction?: number;
  /**
   * Fine-tuning instead of inference: `full` trains every weight, `lora` trains adapters
   * over frozen weights. Training keeps gradients and AdamW's states for what it trains, no
   * KV cache, and every layer's activations for the backward pass.
   */
  readonly training?: TrainingKind;
  /** Parameters a LoRA fine-tune trains (default 1 % of the model's). */
  readonly trainableParameters?: number;
  /** Gradient checkpointing: keep each layer's input only, recompute the rest. */
  readonly gradientCheckpointing?: boolean;
  /** A mixture of experts' shape (every expert counts in the weights). */
  readonly moe?: MoeShape;
  /**
   * MoE layers whose routed experts stay in system RAM (llama.cpp `--n-cpu-moe N`; all of them:
   * `--cpu-moe`, `-ot exps=CPU`). Their bytes leave the VRAM and form the RAM part.
   */
  readonly cpuMoeLayers?: number;
  /**
   * A fused or chunked cross-entropy (Liger's FusedLinearCrossEntropy, Apple's Cut
   * Cross-Entropy, Unsloth's): a fine-tune never holds the whole logits and their gradient.
   */
  readonly fusedCrossEntropy?: boolean;
}

/** LoRA adapters as a fraction of the model's parameters when not given (rank 16 on a 7B model's attention ≈ 0.1–1 %). */
const DEFAULT_LORA_FRACTION = 0.01;
/**
 * What a fine-tune keeps per trained parameter, and per activation value, by the weights' dtype.
 * Mixed precision (16-bit weights, and quantized frozen weights under LoRA): bf16 gradients (2)
 * and AdamW's fp32 master copy, momentum and variance (4 + 4 + 4), 16-bit activations. fp32
 * weights (transformers' Trainer without `bf16`/`fp16`, the default for a float32 checkpoint):
 * fp32 gradients (4) and AdamW's momentum and variance only (4 + 4: the weights are the fp32
 * copy), fp32 activations.
 */
function trainingPrecision(dtype: WeightDtype): {
  gradient: number;
  adamw: number;
  activation: number;
  name: string;
} {
  return dtype === 'fp32'
    ? { gradient: 4, adamw: 8, activation: 4, name: 'fp32' }
    : { gradient: 2, adamw: 12, activation: 2, name: 'mixed precision' };
}

export interface FootprintTerm {
  readonly name:
    'weights' | 'gradients' | 'optimizer' | 'kv_cache' | 'activations' | 'overhead' | 'margin' | 'experts_in_ram';
  readonly gb: number;
  readonly bytes: number;
  readonly formula: string;
}

/** Each term's name in words (the page's breakdown and the CLI's). */
export const TERM_LABELS: Readonly<Record<FootprintTerm['name'], string>> = {
  weights: 'weights',
  gradients: 'gradients',
  optimizer: 'optimizer states',
  kv_cache: 'KV cache',
  activations: 'activations',
  overhead: 'runtime overhead',
  margin: 'margin',
  experts_in_ram: 'experts in RAM',
};

export interface Footprint {
  readonly terms: readonly FootprintTerm[];
  readonly totalGb: number;
  readonly weightsGb: number;
  /** Gradients and optimizer states (training only; 0 for inference). */
  readonly trainingStateGb: number;
  readonly kvCacheGb: number;
  readonly activationsGb: number;
  readonly overheadGb: number;
  readonly marginGb: number;
  /** The experts placed in system RAM (outside `terms` and the VRAM total); null when none are. */
  readonly ram: FootprintTerm | null;
  readonly ramGb: number;
  /** Parameters a token reads (a mixture of experts); null for a dense model. */
  readonly activeParameters: number | null;
}

/** A number as a person writes it: 8,030,261,248; 4.5; 0.1. */
export function fmtNum(x: number): string {
  if (Number.isInteger(x)) return x.toLocaleString('en-US');
  return String(Number(x.toPrecision(6)));
}

/**
 * A figure of 2^30 bytes with three decimals, written GiB: a file of 16,060,522,496 bytes is
 * 14.958 GiB (the Hub's "16.1 GB" counts 10^9). The planner's GB fields (vram_gb, ram_gb_needed)
 * are these units, as nvinx's max_memory strings ("11.5GiB") read them.
 */
export function fmtGb(gb: number): string {
  return `${gb.toFixed(3)} GiB`;
}

function term(name: FootprintTerm['name'], bytes: number, formula: string): FootprintTerm {
  return { name, bytes, gb: bytes / BYTES_PER_GB, formula };
}

function positive(name: string, x: number, allowZero = false): void {
  if (!Number.isFinite(x) || x < 0 || (!allowZero && x === 0)) {
    throw new RangeError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, not ${String(x)}`);
  }
}

/** The bytes of the experts placed in RAM, with their formula; null when none are. */
function expertsInRamTerm(input: FootprintInput): FootprintTerm | null {
  const moe = input.moe;
  const n = input.cpuMoeLayers ?? 0;
  if (moe === undefined || n <= 0) return null;
  positive('MoE layers', moe.moeLayers);
  positive('expert parameters', moe.expertParameters);
  const layers = Math.min(n, moe.moeLayers);
  let all: number;
  let how: string;
  if (moe.expertBytes !== undefined) {
    all = moe.expertBytes;
    how = `${fmtNum(moe.expertBytes)} bytes of routed experts (their tensors)`;
  } else if (input.weightBytes !== undefined && input.parameters > 0) {
    all = (moe.expertParameters * input.weightBytes) / input.parameters;
    how = `${fmtNum(moe.expertParameters)} expert parameters × the file's ${fmtNum((input.weightBytes * 8) / input.parameters)} bits ÷ 8`;
  } else {
    const bits = BITS_PER_WEIGHT[input.dtype];
    all = (moe.expertParameters * bits) / 8;
    how = `${fmtNum(moe.expertParameters)} expert parameters × ${fmtNum(bits)} bits (${input.dtype}) ÷ 8`;
  }
  const bytes = (all * layers) / moe.moeLayers;
  const flag = layers >= moe.moeLayers ? '--cpu-moe, -ot exps=CPU' : `--n-cpu-moe ${fmtNum(layers)}`;
  return term(
    'experts_in_ram',
    bytes,
    `routed experts of ${fmtNum(layers)} of ${fmtNum(moe.moeLayers)} MoE layers in system RAM (llama.cpp ${flag}): ` +
      `${how} × ${fmtNum(layers)} ÷ ${fmtNum(moe.moeLayers)} = ${fmtNum(Math.round(bytes))} bytes = ${fmtGb(bytes / BYTES_PER_GB)}`,
  );
}

/**
 * The weights in VRAM: the whole model's, less the experts placed in RAM (`expertsInRamTerm`).
 */
export function weightsTerm(input: FootprintInput): FootprintTerm {
  const whole = wholeWeightsTerm(input);
  const ram = expertsInRamTerm(input);
  if (ram === null) return whole;
  const bytes = Math.max(0, whole.bytes - ram.bytes);
  return term(
    'weights',
    bytes,
    `${whole.formula}; less the experts in RAM ${fmtGb(ram.gb)} = ${fmtGb(bytes / BYTES_PER_GB)} in VRAM`,
  );
}

function wholeWeightsTerm(input: FootprintInput): FootprintTerm {
  if (input.weightBytes !== undefined) {
    positive('weight bytes', input.weightBytes, true);
    const src = input.weightSource ?? 'the file';
    return term(
      'weights',
      input.weightBytes,
      `${fmtNum(input.weightBytes)} bytes summed from ${src} ÷ 2^30 = ${fmtGb(input.weightBytes / BYTES_PER_GB)}`,
    );
  }
  positive('parameters', input.parameters, true);
  const bits = BITS_PER_WEIGHT[input.dtype];
  const bytes = (input.parameters * bits) / 8;
  return term(
    'weights',
    bytes,
    `${fmtNum(input.parameters)} parameters × ${fmtNum(bits)} bits (${input.dtype}) ÷ 8 = ` +
      `${fmtNum(Math.round(bytes))} bytes = ${fmtGb(bytes / BYTES_PER_GB)}`,
  );
}

/**
 * KV cache: 2 × layers × KV heads × head size × tokens × batch × KV bytes, where a
 * sliding-window layer keeps min(context, window) tokens. Zero for models without a decoder.
 */
export function kvCacheTerm(input: FootprintInput): FootprintTerm {
  if (input.training !== undefined) return term('kv_cache', 0, 'training keeps no KV cache (0 GiB)');
  const d = input.decoder;
  if (d === undefined)
    return term(
      'kv_cache',
      0,
      'no decoder shape given: no KV cache counted (an encoder keeps none; for a decoder, read its config.json or GGUF to count it)',
    );
  const context = input.context ?? DEFAULT_CONTEXT;
  const batch = input.batch ?? DEFAULT_BATCH;
  const kvDtype = input.kvDtype ?? 'fp16';
  const kvBytes = KV_BYTES[kvDtype];
  positive('layers', d.layers);
  positive('KV heads', d.kvHeads);
  positive('head size', d.headDim);
  positive('context', context);
  positive('batch', batch);
  const latent = d.kvLatent !== undefined && d.kvLatent > 0 ? d.kvLatent : undefined;
  const perToken = (latent ?? 2 * d.kvHeads * d.headDim) * batch * kvBytes; // one layer, one token
  const head =
    latent !== undefined
      ? `latent ${fmtNum(latent)} (MLA: kv_lora_rank + qk_rope_head_dim, one per layer per token)`
      : `2 × ${fmtNum(d.kvHeads)} KV heads × ${fmtNum(d.headDim)} head size`;
  const tail = `× batch ${fmtNum(batch)} × ${fmtNum(kvBytes)} bytes (${kvDtype})`;
  const parts: string[] = [];
  let layerTokens: number;
  if (d.slidingWindow !== undefined && d.slidingWindow > 0 && d.slidingWindow < context) {
    const sliding = Math.min(d.layers, d.slidingLayers ?? d.layers);
    const full = d.layers - sliding;
    layerTokens = sliding * d.slidingWindow + full * context;
    const pieces = [`${fmtNum(sliding)} sliding layers × window ${fmtNum(d.slidingWindow)} tokens`];
    if (full > 0) pieces.push(`${fmtNum(full)} full layers × context ${fmtNum(context)} tokens`);
    parts.push(`${head} × (${pieces.join(' + ')}) ${tail}`);
  } else {
    layerTokens = d.layers * context;
    const note =
      d.slidingWindow !== undefined && d.slidingWindow > 0
        ? ` (window ${fmtNum(d.slidingWindow)} ≥ context: no cap)`
        : '';
    parts.push(`${head} × ${fmtNum(d.layers)} layers × context ${fmtNum(context)} tokens${note} ${tail}`);
  }
  let bytes = perToken * layerTokens;
  if (d.crossAttentionTokens !== undefined && d.crossAttentionTokens > 0) {
    bytes += perToken * d.layers * d.crossAttentionTokens;
    parts.push(
      `cross-attention ${head} × ${fmtNum(d.layers)} layers × ${fmtNum(d.crossAttentionTokens)} encoder tokens ${tail}`,
    );
  }
  return term(
    'kv_cache',
    bytes,
    `${parts.join(' + ')} = ${fmtNum(Math.round(bytes))} bytes = ${fmtGb(bytes / BYTES_PER_GB)}`,
  );
}

/**
 * Activations at inference, a rule of thumb stated in the formula:
 * - with the model's shape: one layer's live tensors for the tokens read at once (a
 *   decoder: a prefill chunk of min(context, 512) tokens, llama.cpp's default n_ubatch; an
 *   encoder: the whole input) — (4 × hidden + 2 × intermediate) values per token at 2 bytes
 *   — plus the attention scores (heads × chunk × context, fp32) unless flash attention is
 *   on, plus the fp32 logits of the chunk (chunk × vocab) for a decoder;
 * - without a shape: 20 % of the weights (EleutherAI, "Transformer Math 101": inference
 *   needs about 1.2 × the model's memory).
 */
function activationsTerm(input: FootprintInput, weightBytes: number): FootprintTerm {
  if (input.training !== undefined) return trainingActivationsTerm(input);
  const s = input.shape;
  if (s === undefined) {
    const bytes = weightBytes * ACTIVATIONS_FRACTION_WITHOUT_SHAPE;
    return term(
      'activations',
      bytes,
      `rule of thumb without the model's shape: 20% of weights (EleutherAI "Transformer Math 101": ` +
        `inference ≈ 1.2 × model memory) = 0.2 × ${fmtGb(weightBytes / BYTES_PER_GB)} = ${fmtGb(bytes / BYTES_PER_GB)}`,
    );
  }
  const context = input.context ?? DEFAULT_CONTEXT;
  const batch = input.batch ?? DEFAULT_BATCH;
  const chunk = s.encoderOnly ? context : Math.min(context, DEFAULT_PREFILL_CHUNK);
  const hidden = batch * chunk * (4 * s.hiddenSize + 2 * s.intermediateSize) * 2;
  const scores = input.flashAttention ? 0 : batch * s.attentionHeads * chunk * context * 4;
  const logits = s.encoderOnly || s.vocabSize === undefined ? 0 : batch * chunk * s.vocabSize * 4;
  const bytes = hidden + scores + logits;
  const chunkText = s.encoderOnly
    ? `${fmtNum(chunk)} tokens (an encoder reads its whole input)`
    : `${fmtNum(chunk)} tokens (prefill chunk min(context, 512), llama.cpp's n_ubatch)`;
  let formula =
    `rule of thumb, one layer's live tensors: batch ${fmtNum(batch)} × ${chunkText} × ` +
    `(4 × hidden ${fmtNum(s.hiddenSize)} + 2 × intermediate ${fmtNum(s.intermediateSize)}) × 2 bytes`;
  formula += input.flashAttention
    ? ' (flash attention: no attention scores)'
    : ` + attention scores batch ${fmtNum(batch)} × ${fmtNum(s.attentionHeads)} heads × ${fmtNum(chunk)} × ${fmtNum(context)} × 4 bytes`;
  if (logits > 0)
    formula += ` + logits batch ${fmtNum(batch)} × ${fmtNum(chunk)} × vocab ${fmtNum(s.vocabSize ?? 0)} × 4 bytes`;
  formula += ` = ${fmtNum(Math.round(bytes))} bytes = ${fmtGb(bytes / BYTES_PER_GB)}`;
  return term('activations', bytes, formula);
}

/**
 * Bytes per logit a fine-tune holds at its peak, in the backward pass of the loss as PyTorch runs
 * it eagerly (transformers' `ForCausalLMLoss`: the logits upcast with `.float()`, then
 * `cross_entropy`): the fp32 log-softmax kept for the backward (4), the gradient reaching it (4)
 * and the gradient of the fp32 logits it computes (4). The model-dtype logits and their fp32 copy
 * are freed by then (the forward's own peak, 2 + 4 + 4 = 10, is lower).
 */
const TRAINING_LOGIT_BYTES = 12;
/** Per logit more when the model soft-caps its logits: the cap's tanh output kept in 16 bits. */
const SOFTCAP_LOGIT_BYTES = 2;
/** Tokens of logits a fused or chunked cross-entropy holds at once (Liger's chunks are about this size). */
const FUSED_CE_CHUNK = 1024;

/**
 * The logits a fine-tune holds at the loss: tokens × batch × vocabulary × bytes per logit
 * (`TRAINING_LOGIT_BYTES`, + `SOFTCAP_LOGIT_BYTES` for a soft-capped model). Checked against
 * Cut Cross-Entropy's measured peak for Gemma 2 (2B): 8,192 tokens × 256,000 × 14 bytes =
 * 28,000 MiB, as apple/ml-cross-entropy's benchmark reports for PyTorch's eager loss. A fused or
 * chunked cross-entropy (Liger, Cut Cross-Entropy) holds a chunk of at most 1,024 tokens
 * instead. Zero without a vocabulary.
 */
export function trainingLogits(input: FootprintInput): { bytes: number; formula: string } {
  const vocab = input.shape?.vocabSize;
  if (vocab === undefined || input.shape?.encoderOnly) return { bytes: 0, formula: '' };
  const seq = input.context ?? DEFAULT_CONTEXT;
  const batch = input.batch ?? DEFAULT_BATCH;
  const tokens = seq * batch;
  const softcap = input.shape?.logitSoftcap === true;
  const perLogit = TRAINING_LOGIT_BYTES + (softcap ? SOFTCAP_LOGIT_BYTES : 0);
  const why =
    `(fp32 log-softmax 4 + its gradient 4 + the fp32 logits' gradient 4` +
    (softcap ? ` + the soft-cap's tanh output ${SOFTCAP_LOGIT_BYTES}` : '') +
    ')';
  if (input.fusedCrossEntropy) {
    const chunk = Math.min(tokens, FUSED_CE_CHUNK);
    const bytes = chunk * vocab * perLogit;
    return {
      bytes,
      formula: ` + logits of one chunk (fused cross-entropy) ${fmtNum(chunk)} tokens × vocab ${fmtNum(vocab)} × ${perLogit} bytes ${why}`,
    };
  }
  const bytes = tokens * vocab * perLogit;
  return {
    bytes,
    formula:
      ` + logits ${fmtNum(seq)} tokens × batch ${fmtNum(batch)} × vocab ${fmtNum(vocab)} × ${perLogit} bytes ${why}; ` +
      `a fused or chunked cross-entropy holds a ${fmtNum(FUSED_CE_CHUNK)}-token chunk instead`,
  };
}

/**
 * Training activations, kept for the backward pass (Korthikanti et al. 2022, "Reducing
 * Activation Recomputation in Large Transformer Models", eq. 1, without recomputation): per
 * layer s·b·h·(34 + 5·a·s/h) bytes of 16-bit activations for s tokens, batch b, hidden h and a
 * heads. Their terms, with e bytes per activation value and 1 per dropout mask: the attention's
 * inputs (QKV 1, Q and K 2, V 1, output projection 1: 5e·sbh) and its dropout mask (sbh), the
 * MLP's (first linear 1, GeLU input 4, second linear 4: 9e·sbh) and mask (sbh), two layer norms'
 * inputs (2e·sbh), the scores' softmax output and dropout output (2e·as²b) and mask (as²b):
 * (16e + 2)·sbh + (2e + 1)·as²b — 34 and 5 for 16-bit (e = 2), 66 and 9 for fp32 (e = 4).
 * Flash attention drops the as²b term. With gradient checkpointing each layer keeps only its
 * input (e·s·b·h bytes) and one layer's tensors are live at a time. Plus the logits at the loss
 * (`trainingLogits`).
 */
function trainingActivationsTerm(input: FootprintInput): FootprintTerm {
  const sh = input.shape;
  const layers = sh?.layers ?? input.decoder?.layers;
  if (sh === undefined || layers === undefined)
    return term(
      'activations',
      0,
      "training activations need the model's shape (layers, hidden size, heads: read its config.json or GGUF); not counted",
    );
  const seq = input.context ?? DEFAULT_CONTEXT;
  const batch = input.batch ?? DEFAULT_BATCH;
  const p = trainingPrecision(input.dtype);
  const e = p.activation;
  const linear = 16 * e + 2;
  const scores = 2 * e + 1;
  const attention = input.flashAttention ? 0 : (scores * sh.attentionHeads * seq) / sh.hiddenSize;
  const perLayer = seq * batch * sh.hiddenSize * (linear + attention);
  const perLayerText =
    `${fmtNum(seq)} tokens × batch ${fmtNum(batch)} × hidden ${fmtNum(sh.hiddenSize)} × ` +
    (input.flashAttention
      ? `${linear} bytes (${p.name} activations; flash attention: no attention scores)`
      : `(${linear} + ${scores} × ${fmtNum(sh.attentionHeads)} heads × ${fmtNum(seq)} ÷ ${fmtNum(sh.hiddenSize)}) bytes (${p.name} activations)`);
  const logits = trainingLogits(input);
  if (input.gradientCheckpointing) {
    const kept = layers * e * seq * batch * sh.hiddenSize;
    const bytes = kept + perLayer + logits.bytes;
    return term(
      'activations',
      bytes,
      `training with gradient checkpointing (each layer keeps its input): ${fmtNum(layers)} layers × ${e} × ` +
        `${fmtNum(seq)} tokens × batch ${fmtNum(batch)} × hidden ${fmtNum(sh.hiddenSize)} bytes + one layer's tensors ` +
        `${perLayerText} (Korthikanti et al. 2022)${logits.formula} = ${fmtNum(Math.round(bytes))} bytes = ${fmtGb(bytes / BYTES_PER_GB)}`,
    );
  }
  const bytes = layers * perLayer + logits.bytes;
  return term(
    'activations',
    bytes,
    `training, every layer's tensors kept for the backward pass (Korthikanti et al. 2022): ${fmtNum(layers)} layers × ` +
      `${perLayerText}${logits.formula} = ${fmtNum(Math.round(bytes))} bytes = ${fmtGb(bytes / BYTES_PER_GB)}`,
  );
}

/** Gradients and AdamW states of what a fine-tune trains (EleutherAI, "Transformer Math 101"). */
function trainingTerms(input: FootprintInput): FootprintTerm[] {
  if (input.training === undefined) return [];
  if (input.parameters === 0 && input.weightBytes !== undefined && input.weightBytes > 0)
    throw new RangeError(
      "a fine-tune's gradients and optimizer states need the parameter count, and this estimate has only the weights' bytes " +
        '(a safetensors index): read the model’s config.json or a .safetensors file instead',
    );
  const trained =
    input.training === 'full'
      ? input.parameters
      : (input.trainableParameters ?? Math.round(input.parameters * DEFAULT_LORA_FRACTION));
  positive('trained parameters', trained, true);
  const what =
    input.training === 'full'
      ? `${fmtNum(trained)} parameters (a full fine-tune trains all)`
      : `${fmtNum(trained)} LoRA parameters` +
        (input.trainableParameters === undefined ? ' (1 % of the model, the default; editable)' : '');
  const p = trainingPrecision(input.dtype);
  const g = trained * p.gradient;
  const o = trained * p.adamw;
  return [
    term(
      'gradients',
      g,
      `${what} × ${p.gradient} bytes (${p.gradient === 4 ? 'fp32' : 'bf16'} gradients) = ${fmtNum(g)} bytes = ${fmtGb(g / BYTES_PER_GB)}`,
    ),
    term(
      'optimizer',
      o,
      `${what} × ${p.adamw} bytes (` +
        (p.adamw === 8
          ? 'AdamW over fp32 weights: momentum 4 + variance 4'
          : 'mixed-precision AdamW: fp32 master copy 4 + momentum 4 + variance 4') +
        `; EleutherAI "Transformer Math 101") = ${fmtNum(o)} bytes = ${fmtGb(o / BYTES_PER_GB)}`,
    ),
  ];
}

/** The footprint of one model: the terms and their total (GB are GiB). */
export function estimateFootprint(input: FootprintInput): Footprint {
  const overheadGb = input.overheadGb ?? DEFAULT_OVERHEAD_GB;
  const margin = input.marginFraction ?? DEFAULT_MARGIN_FRACTION;
  positive('runtime overhead', overheadGb, true);
  positive('margin', margin, true);
  const weights = weightsTerm(input);
  const train = trainingTerms(input);
  const kv = kvCacheTerm(input);
  const act = activationsTerm(input, weights.bytes);
  const overhead = term(
    'overhead',
    overheadGb * BYTES_PER_GB,
    `runtime overhead (CUDA context and caching allocator): ${fmtNum(overheadGb)} GB` +
      (input.overheadGb === undefined ? ' (the default; editable)' : ''),
  );
  const trainBytes = train.reduce((t, x) => t + x.bytes, 0);
  const subtotal = weights.bytes + trainBytes + kv.bytes + act.bytes + overhead.bytes;
  const marginBytes = subtotal * margin;
  const marginTerm = term(
    'margin',
    marginBytes,
    `margin ${fmtNum(margin * 100)}%${input.marginFraction === undefined ? ' (the default; editable)' : ''} × ` +
      `(weights + ${train.length > 0 ? 'gradients + optimizer + ' : ''}KV cache + activations + overhead = ` +
      `${fmtGb(subtotal / BYTES_PER_GB)}) = ${fmtGb(marginBytes / BYTES_PER_GB)}`,
  );
  const terms = [weights, ...train, kv, act, overhead, marginTerm];
  const ram = expertsInRamTerm(input);
  return {
    terms,
    ram,
    ramGb: ram?.gb ?? 0,
    activeParameters: input.moe !== undefined ? activeParameters(input.parameters, input.moe) : null,
    totalGb: (subtotal + marginBytes) / BYTES_PER_GB,
    weightsGb: weights.gb,
    trainingStateGb: trainBytes / BYTES_PER_GB,
    kvCacheGb: kv.gb,
    activationsGb: act.gb,
    overheadGb: overhead.gb,
    marginGb: marginTerm.gb,
  };
}

// ---------------------------------------------------------------------------------------
// The estimate a card carries (`vram_estimate` in the bench document)

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The estimator's input for a kept estimate (a decoder shape only with layers, KV heads and head size).
 */
export function footprintInputOf(e: VramEstimate): FootprintInput {
  const input: Mutable<FootprintInput> = { parameters: e.parameters, dtype: e.dtype };
  if (e.weight_bytes !== undefined) {
    input.weightBytes = e.weight_bytes;
    input.weightSource = e.from;
  }
  if (e.layers !== undefined && e.kv_heads !== undefined && e.head_dim !== undefined) {
    const d: Mutable<DecoderShape> = { layers: e.layers, kvHeads: e.kv_heads, headDim: e.head_dim };
    if (e.sliding_window !== undefined) d.slidingWindow = e.sliding_window;
    if (e.sliding_layers !== undefined) d.slidingLayers = e.sliding_layers;
    if (e.cross_attention_tokens !== undefined) d.crossAttentionTokens = e.cross_attention_tokens;
    if (e.kv_latent !== undefined) d.kvLatent = e.kv_latent;
    input.decoder = d;
  }
  if (
    e.experts !== undefined &&
    e.experts_per_token !== undefined &&
    e.moe_layers !== undefined &&
    e.expert_parameters !== undefined
  ) {
    const m: Mutable<MoeShape> = {
      experts: e.experts,
      expertsPerToken: e.experts_per_token,
      moeLayers: e.moe_layers,
      expertParameters: e.expert_parameters,
    };
    if (e.expert_bytes !== undefined) m.expertBytes = e.expert_bytes;
    input.moe = m;
    if (e.cpu_moe_layers !== undefined) input.cpuMoeLayers = e.cpu_moe_layers;
  }
  if (e.fused_cross_entropy !== undefined) input.fusedCrossEntropy = e.fused_cross_entropy;
  if (e.hidden_size !== undefined && e.intermediate_size !== undefined && e.attention_heads !== undefined) {
    const s: Mutable<ActivationShape> = {
      hiddenSize: e.hidden_size,
      intermediateSize: e.intermediate_size,
      attentionHeads: e.attention_heads,
    };
    if (e.vocab_size !== undefined) s.vocabSize = e.vocab_size;
    if (e.model_layers !== undefined) s.layers = e.model_layers;
    if (e.encoder_only !== undefined) s.encoderOnly = e.encoder_only;
    if (e.logit_softcap !== undefined) s.logitSoftcap = e.logit_softcap;
    input.shape = s;
  }
  if (e.context !== undefined) input.context = e.context;
  if (e.batch !== undefined) input.batch = e.batch;
  if (e.kv_dtype !== undefined) input.kvDtype = e.kv_dtype;
  if (e.flash_attention !== undefined) input.flashAttention = e.flash_attention;
  if (e.overhead_gb !== undefined) input.overheadGb = e.overhead_gb;
  if (e.margin !== undefined) input.marginFraction = e.margin;
  if (e.training !== undefined) input.training = e.training;
  if (e.trainable_parameters !== undefined) input.trainableParameters = e.trainable_parameters;
  if (e.gradient_checkpointing !== undefined) input.gradientCheckpointing = e.gradient_checkpointing;
  return input;
}

/** The estimate a card keeps for an estimator input (the inverse of `footprintInputOf`). */
export function vramEstimateOf(
  input: FootprintInput,
  from: string,
  architecture?: string,
  about: { readonly confidence?: Confidence; readonly notes?: readonly string[] } = {},
): VramEstimate {
  const e: Mutable<VramEstimate> = { from, parameters: input.parameters, dtype: input.dtype };
  if (architecture !== undefined) e.architecture = architecture;
  if (about.confidence !== undefined) e.confidence = about.confidence;
  if (about.notes !== undefined && about.notes.length > 0) e.notes = [...about.notes];
  if (input.weightBytes !== undefined) e.weight_bytes = input.weightBytes;
  if (input.context !== undefined) e.context = input.context;
  if (input.batch !== undefined) e.batch = input.batch;
  if (input.kvDtype !== undefined) e.kv_dtype = input.kvDtype;
  if (input.flashAttention !== undefined) e.flash_attention = input.flashAttention;
  const d = input.decoder;
  if (d !== undefined) {
    e.layers = d.layers;
    e.kv_heads = d.kvHeads;
    e.head_dim = d.headDim;
    if (d.slidingWindow !== undefined) e.sliding_window = d.slidingWindow;
    if (d.slidingLayers !== undefined) e.sliding_layers = d.slidingLayers;
    if (d.crossAttentionTokens !== undefined) e.cross_attention_tokens = d.crossAttentionTokens;
    if (d.kvLatent !== undefined) e.kv_latent = d.kvLatent;
  }
  const m = input.moe;
  if (m !== undefined) {
    e.experts = m.experts;
    e.experts_per_token = m.expertsPerToken;
    e.moe_layers = m.moeLayers;
    e.expert_parameters = m.expertParameters;
    if (m.expertBytes !== undefined) e.expert_bytes = m.expertBytes;
    if (input.cpuMoeLayers !== undefined) e.cpu_moe_layers = input.cpuMoeLayers;
  }
  if (input.fusedCrossEntropy !== undefined) e.fused_cross_entropy = input.fusedCrossEntropy;
  const s = input.shape;
  if (s !== undefined) {
    e.hidden_size = s.hiddenSize;
    e.intermediate_size = s.intermediateSize;
    e.attention_heads = s.attentionHeads;
    if (s.vocabSize !== undefined) e.vocab_size = s.vocabSize;
    if (s.layers !== undefined) e.model_layers = s.layers;
    if (s.encoderOnly !== undefined) e.encoder_only = s.encoderOnly;
    if (s.logitSoftcap !== undefined) e.logit_softcap = s.logitSoftcap;
  }
  if (input.overheadGb !== undefined) e.overhead_gb = input.overheadGb;
  if (input.marginFraction !== undefined) e.margin = input.marginFraction;
  if (input.training !== undefined) e.training = input.training;
  if (input.trainableParameters !== undefined) e.trainable_parameters = input.trainableParameters;
  if (input.gradientCheckpointing !== undefined) e.gradient_checkpointing = input.gradientCheckpointing;
  return e;
}

/** The breakdown of a kept estimate; null when its inputs cannot be estimated (a reason instead). */
export function footprintOf(e: VramEstimate): { footprint: Footprint } | { error: string } {
  try {
    return { footprint: estimateFootprint(footprintInputOf(e)) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

/** The `vram_gb` an estimate fills in: its total rounded up to 0.01 GB (never below what it needs). */
export function vramGbOf(totalGb: number): number {
  return Math.ceil(Math.max(0, totalGb * 100 - 1e-9)) / 100;
}

/** `from` of an estimate typed as parameters × dtype. */
export const QUICK_ESTIMATE_FROM = 'parameters × dtype';
/** Said after a file's name once its parameter count was typed over. */
const COUNT_TYPED = ', parameter count typed';

/**
 * The choices an estimate carries over to the next model read (a file or a Hub id): how it
 * runs, not the model's own figures — a new model's context is its own.
 */
const CARRIED_CHOICES = [
  'kv_dtype',
  'flash_attention',
  'overhead_gb',
  'margin',
  'training',
  'trainable_parameters',
  'gradient_checkpointing',
  'fused_cross_entropy',
] as const satisfies readonly (keyof VramEstimate)[];

/** A new model's estimate, with the choices (`CARRIED_CHOICES`) of the estimate before it. */
export function withChoicesOf(next: VramEstimate, before: VramEstimate | null): VramEstimate {
  const out: Record<string, unknown> = { ...next };
  for (const k of CARRIED_CHOICES) if (before?.[k] !== undefined) out[k] = before[k];
  return out as unknown as VramEstimate;
}

/**
 * An estimate with a parameter count typed in: a new parameters × dtype estimate when there
 * was none; else the shape and the choices kept and only a file's exact bytes dropped (the
 * weights are then parameters × dtype), which its `from` then says.
 */
export function withParameterCount(e: VramEstimate | null, parameters: number): VramEstimate {
  if (e === null) return { from: QUICK_ESTIMATE_FROM, parameters, dtype: 'bf16' };
  if (e.parameters === parameters) return e;
  const { weight_bytes: _bytes, expert_bytes: _experts, ...rest } = e;
  const fromFile = e.from !== QUICK_ESTIMATE_FROM && !e.from.endsWith(COUNT_TYPED);
  const typed: Mutable<VramEstimate> = { ...rest, parameters, from: fromFile ? `${e.from}${COUNT_TYPED}` : e.from };
  // A count typed by hand is the user's figure: the file's exactness no longer holds.
  if (typed.confidence === 'exact') typed.confidence = 'counted';
  return typed;
}

/**
 * What a token reads of a mixture of experts with experts in RAM (for overflow-time's
 * `expertsInRamSlowdown`): the dense weights, all routed experts, those in RAM (GB) and the
 * share a token uses. Null when no experts are placed in RAM.
 */
export function expertsSplitOf(
  e: VramEstimate,
  f: Footprint,
): { dense_gb: number; experts_gb: number; ram_experts_gb: number; active_fraction: number } | null {
  const { moe_layers: moeLayers, cpu_moe_layers: cpu, experts, experts_per_token: perToken } = e;
  if (f.ram === null || moeLayers === undefined || cpu === undefined || experts === undefined) return null;
  if (perToken === undefined || cpu <= 0) return null;
  const all = (f.ramGb * moeLayers) / Math.min(cpu, moeLayers);
  return {
    dense_gb: f.weightsGb + f.ramGb - all,
    experts_gb: all,
    ram_experts_gb: f.ramGb,
    active_fraction: perToken / experts,
  };
}
