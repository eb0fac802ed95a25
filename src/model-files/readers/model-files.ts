/**
 * Reading a model's own files for its footprint (issue 10), locally and purely: these
 * functions take text or a Uint8Array (the caller slices the file: `File.slice` in the
 * page, a read of the first bytes in the CLI); nothing here touches a File, the DOM or Node.
 *
 * - A Hugging Face `config.json`: the shape (layers, heads, KV heads, head size, hidden,
 *   intermediate, vocabulary, sliding windows, tied embeddings, encoder and decoder layers)
 *   and a parameter count estimated from it.
 * - `model.safetensors.index.json`: `metadata.total_size` (the weights' bytes).
 * - A `.safetensors` header: the 8-byte little-endian length, then the JSON header; the
 *   tensors' bytes summed from dtype × shape. Only the header is read, never the weights.
 * - A `.gguf` file: `readGgufPreamble` checks its first 24 bytes only; `./gguf` reads the
 *   whole header and tensor infos, and `./model-file` reads any of these from a file.
 */
import { strFromU8 } from 'fflate';
import {
  fmtNum,
  type ActivationShape,
  type DecoderShape,
  type FootprintInput,
  type MoeShape,
} from '../../core/footprint';
import { type Confidence, type WeightDtype } from '../../core/types';

export type ReadResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const ok = <T>(value: T): ReadResult<T> => ({ ok: true, value });
const fail = <T>(error: string): ReadResult<T> => ({ ok: false, error });

type Json = Record<string, unknown>;

function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function parseJson(text: string, what: string): ReadResult<unknown> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch (e) {
    return fail(`${what} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

// ---------------------------------------------------------------------------------------
// config.json

type ConfigKind = 'decoder' | 'encoder' | 'encoder-decoder';

/** One part of a model (the text model, a vision tower, its projector), counted on its own. */
interface ModelPart {
  readonly name: 'model' | 'text model' | 'vision tower' | 'projector';
  readonly parameters: number;
  readonly formula: string;
}

export interface ModelConfig {
  /** `model_type` (for Gemma 3 and the like, the text model's). */
  readonly modelType: string;
  /** `architectures[0]` when given, else the model type. */
  readonly architecture: string;
  readonly kind: ConfigKind;
  /** Estimated from the shape (configs rarely state it): the sum of `parts`. */
  readonly parameters: number;
  readonly parameterFormula: string;
  /** The text model, and for a multimodal model its vision tower and projector. */
  readonly parts: readonly ModelPart[];
  /** The checkpoint's dtype (`torch_dtype` / `dtype`), when it is one the estimator knows. */
  readonly dtype?: WeightDtype;
  /** What the KV cache needs (decoder and encoder-decoder models). */
  readonly decoder?: DecoderShape;
  readonly shape: ActivationShape;
  /** A mixture of experts. */
  readonly moe?: MoeShape;
  /** The longest context the model takes (`max_position_embeddings` and the like). */
  readonly maxContext?: number;
  /** `counted` for a family the reader knows; `approximate` for a generic decoder or a part it cannot count. */
  readonly confidence: Confidence;
  /** Assumptions made while reading, in words. */
  readonly notes: readonly string[];
}

/** Decoder families whose every parameter the reader counts. */
const DECODER_FAMILIES = [
  'llama',
  'mistral',
  'qwen2',
  'qwen3',
  'gemma',
  'gemma2',
  'gemma3_text',
  'phi',
  'phi3',
  'gpt2',
  'mixtral',
  'qwen2_moe',
  'qwen3_moe',
  'deepseek_v2',
  'deepseek_v3',
  'olmoe',
  'llama4_text',
  'gpt_oss',
  'mllama_text_model',
] as const;
const ENCODER_FAMILIES = ['bert', 'roberta', 'xlm-roberta', 'esm'] as const;
/** Multimodal wrappers: the text model, a vision tower and a projector. */
const MULTIMODAL_FAMILIES = [
  'gemma3',
  'paligemma',
  'llava',
  'mllama',
  'qwen2_vl',
  'qwen2_5_vl',
  'idefics3',
  'smolvlm',
  'llama4',
] as const;
const KNOWN_FAMILIES: readonly string[] = [
  ...DECODER_FAMILIES,
  ...ENCODER_FAMILIES,
  ...MULTIMODAL_FAMILIES,
  't5',
  'whisper',
];

/** Text models' own names for a family the reader counts alike. */
const TEXT_ALIASES: Readonly<Record<string, string>> = {
  qwen2_vl: 'qwen2',
  qwen2_vl_text: 'qwen2',
  qwen2_5_vl: 'qwen2',
  qwen2_5_vl_text: 'qwen2',
  smollm3: 'llama',
};

/** The text model's family when a wrapper's text_config does not name it (transformers' own choice). */
const WRAPPER_TEXT: Readonly<Record<string, string>> = {
  gemma3: 'gemma3_text',
  paligemma: 'gemma',
  llava: 'llama',
  mllama: 'mllama_text_model',
  qwen2_vl: 'qwen2',
  qwen2_5_vl: 'qwen2',
  idefics3: 'llama',
  smolvlm: 'llama',
  llama4: 'llama4_text',
};

/**
 * transformers' defaults for the keys a saved sub-config leaves out (a `text_config` or
 * `vision_config` is written as its difference from these): LlamaConfig, Gemma3TextConfig,
 * CLIPVisionConfig, SiglipVisionConfig, Idefics3VisionConfig.
 */
const SUBCONFIG_DEFAULTS: Readonly<Record<string, Json>> = {
  llama: {
    vocab_size: 32000,
    hidden_size: 4096,
    intermediate_size: 11008,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    max_position_embeddings: 2048,
  },
  gemma3_text: {
    vocab_size: 262208,
    hidden_size: 2304,
    intermediate_size: 9216,
    num_hidden_layers: 26,
    num_attention_heads: 8,
    num_key_value_heads: 4,
    head_dim: 256,
    max_position_embeddings: 131072,
    sliding_window: 4096,
    sliding_window_pattern: 6,
  },
  clip_vision_model: {
    hidden_size: 768,
    intermediate_size: 3072,
    num_hidden_layers: 12,
    num_attention_heads: 12,
    num_channels: 3,
    image_size: 224,
    patch_size: 32,
  },
  siglip_vision_model: {
    hidden_size: 768,
    intermediate_size: 3072,
    num_hidden_layers: 12,
    num_attention_heads: 12,
    num_channels: 3,
    image_size: 224,
    patch_size: 16,
  },
  idefics3_vision: {
    hidden_size: 1152,
    intermediate_size: 3072,
    num_hidden_layers: 12,
    num_attention_heads: 16,
    num_channels: 3,
    image_size: 224,
    patch_size: 32,
  },
};

/** Decoder families whose MLP is not gated (up and down projections: 2 matrices). */
const UNGATED_DECODERS: readonly string[] = ['phi', 'gpt2'] satisfies readonly (typeof DECODER_FAMILIES)[number][];
/** Families whose MLP is gated (gate, up and down projections: 3 matrices): every other decoder. */
const GATED: ReadonlySet<string> = new Set(DECODER_FAMILIES.filter((f) => !UNGATED_DECODERS.includes(f)));

/** Reads numbers from a config, remembering which keys were missing. */
class Keys {
  readonly missing: string[] = [];
  constructor(private readonly c: Json) {}

  /** The first of `names` that holds a positive number; `undefined` (and noted missing) otherwise. */
  need(...names: string[]): number {
    const v = this.opt(...names);
    if (v === undefined) {
      this.missing.push(names.length > 1 ? `${names[0]} (or ${names.slice(1).join(', ')})` : names[0]!);
      return Number.NaN;
    }
    return v;
  }

  opt(...names: string[]): number | undefined {
    for (const n of names) {
      const v = this.c[n];
      if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
    }
    return undefined;
  }

  /** A whole number ≥ 0 (0 allowed, unlike `opt`). */
  count(name: string): number | undefined {
    const v = this.c[name];
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.c[name];
    return typeof v === 'boolean' ? v : fallback;
  }

  list(name: string): number[] | undefined {
    const v = this.c[name];
    return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : undefined;
  }
}

function dtypeOf(c: Json): WeightDtype | undefined {
  const d = c['torch_dtype'] ?? c['dtype'];
  const map: Record<string, WeightDtype> = { float32: 'fp32', bfloat16: 'bf16', float16: 'fp16' };
  return typeof d === 'string' ? map[d] : undefined;
}

type Read = Omit<ModelConfig, 'modelType' | 'architecture' | 'dtype' | 'parts' | 'confidence'>;

/** A sub-config with transformers' defaults under it, and a note when any were used. */
function withDefaults(sub: Json, type: string, where: string, notes: string[]): Json {
  const d = SUBCONFIG_DEFAULTS[type];
  if (d === undefined) return sub;
  const used = Object.keys(d).filter((k) => sub[k] === undefined);
  if (used.length > 0) notes.push(`${where} leaves out ${used.join(', ')}: transformers' ${type} defaults are used`);
  return { ...d, ...sub };
}

/** Reads a Hugging Face `config.json` (its text). */
export function readHfConfig(text: string): ReadResult<ModelConfig> {
  const parsed = parseJson(text, 'config.json');
  if (!parsed.ok) return parsed;
  const outer = parsed.value;
  if (!isObject(outer)) return fail('config.json is not a JSON object, so not a Hugging Face config');
  if ('weight_map' in outer) return fail('this is a safetensors index (it has weight_map), not a config.json');
  const outerType = typeof outer['model_type'] === 'string' ? outer['model_type'] : undefined;
  const outerArchs = outer['architectures'];
  const outerArch = Array.isArray(outerArchs) && typeof outerArchs[0] === 'string' ? outerArchs[0] : undefined;
  const notes: string[] = [];
  // Multimodal wrappers keep the language model's shape in text_config (older Qwen2-VL and the
  // like at the top level, beside a vision_config).
  const vision = isObject(outer['vision_config']) ? outer['vision_config'] : undefined;
  let cfg: Json = outer;
  let textWhere = 'config.json';
  if (isObject(outer['text_config']) && outer['num_hidden_layers'] === undefined) {
    const sub = outer['text_config'];
    const subType =
      typeof sub['model_type'] === 'string'
        ? sub['model_type']
        : outerType !== undefined
          ? WRAPPER_TEXT[outerType]
          : undefined;
    cfg = withDefaults(sub, subType ?? '', 'text_config', notes);
    if (subType !== undefined) cfg = { ...cfg, model_type: subType };
    textWhere = 'text_config';
  }
  const multimodal = vision !== undefined || cfg !== outer;
  const innerType = typeof cfg['model_type'] === 'string' ? cfg['model_type'] : undefined;
  let modelType = innerType;
  if (cfg === outer && vision !== undefined && outerType !== undefined)
    modelType = WRAPPER_TEXT[outerType] ?? outerType;
  const archs = cfg['architectures'];
  const architecture =
    (cfg === outer ? outerArch : undefined) ??
    (Array.isArray(archs) && typeof archs[0] === 'string' ? archs[0] : undefined) ??
    outerArch ??
    outerType ??
    modelType;
  if (modelType === undefined && architecture === undefined) {
    return fail('not a Hugging Face config.json: it has neither model_type nor architectures');
  }
  const type = modelType ?? 'unknown';
  const family = TEXT_ALIASES[type] ?? type;
  const k = new Keys(cfg);
  let result: Read;
  if (type === 't5' || type === 'mt5') result = readT5(cfg, k);
  else if (type === 'whisper') result = readWhisper(k);
  else if ((ENCODER_FAMILIES as readonly string[]).includes(type)) result = readEncoder(cfg, k, type);
  else result = readDecoder(cfg, k, family);
  const known = KNOWN_FAMILIES.includes(family);
  if (k.missing.length > 0) {
    const who = known
      ? `this ${type} ${textWhere}`
      : `model_type ${JSON.stringify(type)} is not a family this reader knows (${KNOWN_FAMILIES.join(', ')}); read as a generic decoder, it`;
    return fail(`${who} lacks ${k.missing.join(', ')}`);
  }
  notes.push(...result.notes);
  let confidence: Confidence = 'counted';
  if (!known) {
    confidence = 'approximate';
    notes.unshift(
      `model_type ${JSON.stringify(type)} is not a known family: read as a generic decoder (attention, ${GATED.has(family) ? 'a gated' : 'an'} MLP, 2 norms a layer)` +
        (result.moe ? ', with the experts its config names' : ''),
    );
  }
  const textPart: ModelPart = {
    name: multimodal ? 'text model' : 'model',
    parameters: result.parameters,
    formula: result.parameterFormula,
  };
  const parts: ModelPart[] = [textPart];
  if (multimodal) {
    const wrapper = outerType ?? 'unknown';
    const vt = vision === undefined ? undefined : visionTower(wrapper, vision, notes);
    if (vision === undefined) {
      confidence = 'approximate';
      notes.push(`a ${wrapper} wrapper without a vision_config: its vision tower is not counted`);
    } else if (vt === undefined) {
      confidence = 'approximate';
      notes.push(`the vision tower of a ${wrapper} model is not a kind this reader counts: not counted`);
    } else {
      parts.push(vt.tower);
      const proj = projector(wrapper, outer, vt.width, result.shape.hiddenSize, notes);
      if (proj === undefined) {
        confidence = 'approximate';
        notes.push(`the ${wrapper} projector is not counted`);
      } else parts.push(proj);
    }
  }
  const parameters = parts.reduce((t, p) => t + p.parameters, 0);
  const parameterFormula =
    parts.length === 1
      ? result.parameterFormula
      : parts.map((p) => `${p.name} ${fmtNum(p.parameters)}`).join(' + ') + ` = ${fmtNum(parameters)}`;
  const dtype = dtypeOf(outer) ?? dtypeOf(cfg);
  return ok({
    ...result,
    parameters,
    parameterFormula,
    parts,
    notes,
    confidence,
    modelType: type,
    architecture: architecture ?? type,
    ...(dtype ? { dtype } : {}),
  });
}

function slidingOf(
  cfg: Json,
  k: Keys,
  type: string,
  layers: number,
): Pick<DecoderShape, 'slidingWindow' | 'slidingLayers'> & { note?: string } {
  const window = k.opt('sliding_window');
  if (window === undefined) return {};
  if (type === 'qwen2' || type === 'qwen3' || type === 'qwen2_moe' || type === 'qwen3_moe') {
    if (!k.bool('use_sliding_window', false))
      return { note: 'sliding_window is set but use_sliding_window is false: not used' };
    const full = Math.min(layers, k.opt('max_window_layers') ?? 0);
    return {
      slidingWindow: window,
      slidingLayers: layers - full,
      note: `layers ${full} and up use the window (max_window_layers)`,
    };
  }
  const types = cfg['layer_types'];
  if (Array.isArray(types)) {
    const n = types.filter((t) => t === 'sliding_attention').length;
    return { slidingWindow: window, slidingLayers: n, note: `${n} of ${layers} layers slide (layer_types)` };
  }
  if (type === 'gemma2') {
    const n = Math.ceil(layers / 2);
    return { slidingWindow: window, slidingLayers: n, note: `every other layer slides (Gemma 2): ${n} of ${layers}` };
  }
  if (type === 'gemma3_text') {
    const pattern = k.opt('sliding_window_pattern') ?? 6;
    const n = layers - Math.floor(layers / pattern);
    return {
      slidingWindow: window,
      slidingLayers: n,
      note: `${n} of ${layers} layers slide (one global layer in ${pattern})`,
    };
  }
  if (type === 'gpt_oss') {
    const n = Math.ceil(layers / 2);
    return { slidingWindow: window, slidingLayers: n, note: `every other layer slides (gpt-oss): ${n} of ${layers}` };
  }
  return {
    slidingWindow: window,
    slidingLayers: layers,
    note: `all ${layers} layers slide (window ${fmtNum(window)})`,
  };
}

/** Which layers carry routed experts, and the experts' shape, from the config's own keys. */
interface MoeRead {
  readonly experts: number;
  readonly perToken: number;
  /** One routed expert's intermediate size. */
  readonly inter: number;
  /** Shared experts' total intermediate size (0: none). */
  readonly sharedInter: number;
  /** A gate on the shared expert's output (Qwen2-MoE: hidden × 1). */
  readonly sharedGate: boolean;
  /** The router's bias (gpt-oss) and correction bias (DeepSeek-V3): E values each. */
  readonly routerBiases: number;
  /** Biases inside each expert (gpt-oss: 2 × inter + hidden). */
  readonly expertBias: boolean;
  readonly isMoe: (layer: number) => boolean;
  readonly why: string;
}

function moeOf(cfg: Json, k: Keys, type: string, layers: number): MoeRead | undefined {
  const experts = k.opt('num_local_experts', 'num_experts', 'n_routed_experts', 'moe_num_experts');
  const perToken = k.opt('num_experts_per_tok', 'num_experts_per_token', 'moe_top_k', 'top_k');
  if (experts === undefined || experts <= 1 || perToken === undefined) return undefined;
  const inter = (
    type === 'mixtral' || type === 'olmoe' || type === 'gpt_oss' || type === 'llama4_text'
      ? k.opt('intermediate_size', 'moe_intermediate_size')
      : k.opt('moe_intermediate_size', 'intermediate_size')
  )!;
  if (inter === undefined) return undefined;
  const base = { experts, perToken, inter, sharedInter: 0, sharedGate: false, routerBiases: 0, expertBias: false };
  if (type === 'deepseek_v2' || type === 'deepseek_v3' || cfg['first_k_dense_replace'] !== undefined) {
    const first = k.count('first_k_dense_replace') ?? 0;
    const freq = k.opt('moe_layer_freq') ?? 1;
    const shared = k.count('n_shared_experts') ?? 0;
    const correction = type === 'deepseek_v3' || cfg['topk_method'] === 'noaux_tc';
    return {
      ...base,
      sharedInter: shared * inter,
      routerBiases: correction ? experts : 0,
      isMoe: (i) => i >= first && i % freq === 0,
      why: `layers ${first} and up${freq > 1 ? `, every ${freq}th,` : ''} carry experts (first_k_dense_replace ${first}); ${shared} shared expert${shared === 1 ? '' : 's'} of ${fmtNum(inter)}`,
    };
  }
  if (type === 'llama4_text') {
    const listed = k.list('moe_layers');
    const step = k.opt('interleave_moe_layer_step') ?? 1;
    const set = new Set(listed ?? Array.from({ length: layers }, (_, i) => i).filter((i) => (i + 1) % step === 0));
    return {
      ...base,
      sharedInter: inter,
      isMoe: (i) => set.has(i),
      why: `${set.size} of ${layers} layers carry experts (${listed ? 'moe_layers' : `interleave_moe_layer_step ${step}`}), each with one shared expert of ${fmtNum(inter)}`,
    };
  }
  const onlyMlp = new Set(k.list('mlp_only_layers') ?? []);
  const step = k.opt('decoder_sparse_step') ?? 1;
  const sharedInter = k.opt('shared_expert_intermediate_size') ?? 0;
  return {
    ...base,
    sharedInter,
    sharedGate: sharedInter > 0 && type === 'qwen2_moe',
    routerBiases: type === 'gpt_oss' ? experts : 0,
    expertBias: type === 'gpt_oss',
    isMoe: (i) => !onlyMlp.has(i) && (i + 1) % step === 0,
    why:
      `every ${step === 1 ? '' : `${step}th `}layer carries experts` +
      (onlyMlp.size > 0 ? ` but the ${onlyMlp.size} mlp_only_layers` : '') +
      (sharedInter > 0 ? `; a shared expert of ${fmtNum(sharedInter)}` : ''),
  };
}

function readDecoder(cfg: Json, k: Keys, type: string): Read {
  const layers = k.need('num_hidden_layers', 'n_layer', 'num_layers');
  const hidden = k.need('hidden_size', 'n_embd', 'd_model');
  const heads = k.need('num_attention_heads', 'n_head', 'num_heads');
  const vocab = k.need('vocab_size');
  const notes: string[] = [];
  const moe = Number.isFinite(layers) ? moeOf(cfg, k, type, layers) : undefined;
  let inter =
    type === 'llama4_text' ? k.opt('intermediate_size_mlp') : k.opt('intermediate_size', 'n_inner', 'ffn_dim', 'd_ff');
  if (inter === undefined) {
    if (type === 'gpt2') {
      inter = 4 * hidden;
      notes.push('n_inner is null: 4 × hidden (GPT-2)');
    } else if (moe !== undefined) inter = moe.inter;
    else inter = k.need('intermediate_size', 'n_inner', 'ffn_dim', 'd_ff');
  }
  let kvHeads = k.opt('num_key_value_heads', 'num_kv_heads', 'multi_query_group_num');
  const mla = k.opt('kv_lora_rank');
  if (kvHeads === undefined) {
    kvHeads = heads;
    if (mla === undefined) notes.push('no num_key_value_heads: as many KV heads as attention heads (no GQA)');
  }
  let headDim = k.opt('head_dim');
  if (headDim === undefined) headDim = hidden / heads;
  // Gemma ties its embeddings; the others say so or default to untied (GPT-2 and Phi tie / untie as HF does).
  const tie = k.bool('tie_word_embeddings', type.startsWith('gemma') || type === 'gpt2');
  const gated = GATED.has(type);
  // Attention
  let attn: number;
  let attnText: string;
  let kvLatent: number | undefined;
  if (mla !== undefined) {
    const qLora = k.opt('q_lora_rank');
    const rope = k.need('qk_rope_head_dim');
    const nope = k.need('qk_nope_head_dim');
    const v = k.need('v_head_dim');
    const qHead = nope + rope;
    const q = qLora !== undefined ? hidden * qLora + qLora + qLora * heads * qHead : hidden * heads * qHead;
    attn = q + hidden * (mla + rope) + mla + mla * heads * (nope + v) + heads * v * hidden;
    attnText = `MLA attention ${fmtNum(attn)} (q${qLora !== undefined ? ` through rank ${fmtNum(qLora)}` : ''}, kv through rank ${fmtNum(mla)})`;
    kvLatent = mla + rope;
    notes.push(
      `multi-head latent attention: the KV cache keeps kv_lora_rank ${fmtNum(mla)} + qk_rope_head_dim ${fmtNum(rope)} = ${fmtNum(kvLatent)} values per layer per token`,
    );
  } else {
    const q = heads * headDim;
    const kv = kvHeads * headDim;
    // Qwen2 and Qwen2-MoE bias q, k and v (not the output); Phi, GPT-2 and gpt-oss all four.
    const qkvBiasOnly = type === 'qwen2' || type === 'qwen2_moe';
    const bias =
      qkvBiasOnly || type === 'phi' || type === 'gpt2' || type === 'gpt_oss' || k.bool('attention_bias', false);
    attn = hidden * q + 2 * hidden * kv + q * hidden + (bias ? q + 2 * kv + (qkvBiasOnly ? 0 : hidden) : 0);
    // Per-head norms of the queries and keys: Qwen3 and Gemma 3 over a head, OLMoE over all heads.
    if (type === 'qwen3' || type === 'qwen3_moe' || type === 'gemma3_text') attn += 2 * headDim;
    if (type === 'olmoe') attn += q + kv;
    if (type === 'gpt_oss') attn += heads; // attention sinks
    attnText = `attention ${fmtNum(attn)}`;
  }
  // Feed-forward
  const mlpOf = (i: number) => (gated ? 3 : 2) * hidden * i + (gated ? 0 : i + hidden);
  const dense = mlpOf(inter);
  let expertParams = 0;
  let moeLayers = 0;
  let ffnTotal = 0;
  let perExpert = 0;
  let moePerLayer = 0;
  if (moe !== undefined) {
    perExpert = 3 * hidden * moe.inter + (moe.expertBias ? 2 * moe.inter + hidden : 0);
    const router = hidden * moe.experts + moe.routerBiases;
    const shared = moe.sharedInter > 0 ? 3 * hidden * moe.sharedInter + (moe.sharedGate ? hidden : 0) : 0;
    moePerLayer = moe.experts * perExpert + router + shared;
    for (let i = 0; i < layers; i++) {
      if (moe.isMoe(i)) {
        moeLayers++;
        ffnTotal += moePerLayer;
      } else ffnTotal += dense;
    }
    expertParams = moeLayers * moe.experts * perExpert;
    notes.push(
      `mixture of experts: ${fmtNum(moe.experts)} routed experts of ${fmtNum(moe.inter)}, ${fmtNum(moe.perToken)} per token; ${moe.why}`,
    );
  } else ffnTotal = layers * dense;
  // Norms: two a layer; Gemma 2 and 3 four (before and after attention and feed-forward);
  // LayerNorms with a bias (Phi, GPT-2) twice that; Phi one LayerNorm a layer.
  const layerNorm = type === 'phi' || type === 'gpt2';
  const normsPerLayer =
    type === 'gemma2' || type === 'gemma3_text'
      ? 4 * hidden
      : type === 'phi'
        ? 2 * hidden
        : layerNorm
          ? 4 * hidden
          : 2 * hidden;
  const finalNorm = layerNorm ? 2 * hidden : hidden;
  const positions = type === 'gpt2' ? (k.opt('n_positions') ?? 1024) * hidden : 0;
  const embedRows = type === 'mllama_text_model' ? vocab + 8 : vocab;
  const embed = embedRows * hidden;
  const headBias = type === 'phi' ? vocab : 0;
  const head = (tie ? 0 : vocab * hidden) + headBias;
  let crossLayers = 0;
  let cross = 0;
  if (type === 'mllama_text_model') {
    // Llama 3.2 Vision: cross_attention_layers are cross-attention blocks (q, k, v, o, their
    // q and k norms, two tanh gates, the MLP and two norms) instead of self-attention ones.
    const list = k.list('cross_attention_layers') ?? [];
    crossLayers = list.length;
    cross = crossLayers * (2 * headDim + 2);
  }
  const parameters = embed + head + positions + layers * attn + ffnTotal + layers * normsPerLayer + cross + finalNorm;
  const mlpText =
    moe !== undefined
      ? `feed-forward ${fmtNum(ffnTotal)} (${fmtNum(moeLayers)} MoE layers × ${fmtNum(moePerLayer)}: ${fmtNum(moe.experts)} experts × ${fmtNum(perExpert)} + router${moe.sharedInter > 0 ? ' + shared expert' : ''}; ${fmtNum(layers - moeLayers)} dense layers × ${fmtNum(dense)})`
      : `MLP ${gated ? '3' : '2'} × ${fmtNum(hidden)} × ${fmtNum(inter)}${gated ? '' : ' + biases'} per layer`;
  const parameterFormula =
    `embeddings ${fmtNum(embedRows)} × ${fmtNum(hidden)}${tie ? ' (tied with the output)' : ' + output head ' + fmtNum(vocab) + ' × ' + fmtNum(hidden)}` +
    (headBias ? ` + output bias ${fmtNum(headBias)}` : '') +
    (positions ? ` + positions ${fmtNum(positions)}` : '') +
    ` + ${fmtNum(layers)} layers × (${attnText} + norms ${fmtNum(normsPerLayer)}) + ${mlpText}` +
    (cross ? ` + ${crossLayers} cross-attention layers' norms and gates ${fmtNum(cross)}` : '') +
    ` + final norm ${fmtNum(finalNorm)} = ${fmtNum(parameters)}`;
  const sliding = slidingOf(cfg, k, type, layers);
  if (sliding.note) notes.push(sliding.note);
  if (type === 'deepseek_v3' && (k.count('num_nextn_predict_layers') ?? 0) > 0)
    notes.push(
      `num_nextn_predict_layers ${k.count('num_nextn_predict_layers')}: the checkpoint also holds multi-token-prediction layers, which transformers does not load; not counted`,
    );
  const maxContext = k.opt('max_position_embeddings', 'n_positions', 'n_ctx', 'seq_length');
  const decoder: DecoderShape = {
    layers: layers - crossLayers,
    kvHeads,
    headDim,
    ...(sliding.slidingWindow !== undefined ? { slidingWindow: sliding.slidingWindow } : {}),
    ...(sliding.slidingLayers !== undefined ? { slidingLayers: sliding.slidingLayers } : {}),
    ...(kvLatent !== undefined ? { kvLatent } : {}),
  };
  if (crossLayers > 0)
    notes.push(`${crossLayers} cross-attention layers keep the image's K and V, not the text's: not in the KV cache`);
  const softcap = k.opt('final_logit_softcapping');
  const logitSoftcap = softcap !== undefined && softcap > 0;
  if (logitSoftcap)
    notes.push(
      `final_logit_softcapping ${softcap}: a fine-tune also keeps the cap's tanh output at the loss (2 bytes a logit)`,
    );
  return {
    kind: 'decoder',
    parameters,
    parameterFormula,
    decoder,
    shape: {
      layers,
      hiddenSize: hidden,
      intermediateSize: moe !== undefined ? moe.inter * moe.perToken + moe.sharedInter : inter,
      attentionHeads: heads,
      vocabSize: vocab,
      ...(logitSoftcap ? { logitSoftcap: true } : {}),
    },
    ...(moe !== undefined && moeLayers > 0
      ? { moe: { experts: moe.experts, expertsPerToken: moe.perToken, moeLayers, expertParameters: expertParams } }
      : {}),
    ...(maxContext !== undefined ? { maxContext } : {}),
    notes,
  };
}

// ---------------------------------------------------------------------------------------
// Vision towers and projectors of the multimodal wrappers

const LINEAR = (i: number, o: number, bias = true) => i * o + (bias ? o : 0);

/** A ViT encoder layer: q, k, v, o with biases, two LayerNorms, a two-matrix MLP with biases. */
const vitLayer = (h: number, i: number) => 4 * LINEAR(h, h) + 2 * 2 * h + LINEAR(h, i) + LINEAR(i, h);

/** The vision tower's parameters and its output width (what the projector reads). */
function visionTower(wrapper: string, raw: Json, notes: string[]): { tower: ModelPart; width: number } | undefined {
  const vType = typeof raw['model_type'] === 'string' ? raw['model_type'] : '';
  const siglipLike = vType === 'siglip_vision_model' || vType === 'idefics3_vision' || vType === 'smolvlm_vision';
  if (
    siglipLike ||
    vType === 'clip_vision_model' ||
    (vType === '' && (wrapper === 'paligemma' || wrapper === 'gemma3'))
  ) {
    const defType = vType === 'smolvlm_vision' ? 'idefics3_vision' : vType === '' ? 'siglip_vision_model' : vType;
    const v = withDefaults(raw, defType, 'vision_config', notes);
    const k = new Keys(v);
    const h = k.need('hidden_size');
    const i = k.need('intermediate_size');
    const L = k.need('num_hidden_layers');
    const p = k.need('patch_size');
    const img = k.need('image_size');
    const ch = k.opt('num_channels') ?? 3;
    if (k.missing.length > 0) {
      notes.push(`vision_config lacks ${k.missing.join(', ')}`);
      return undefined;
    }
    const patches = (img / p) ** 2;
    const clip = vType === 'clip_vision_model';
    // CLIP: a class token, patch conv without bias, positions for patches + 1, LayerNorms before and after.
    const embed = clip ? h + ch * p * p * h + (patches + 1) * h + 2 * h : ch * p * p * h + h + patches * h;
    const layersP = L * vitLayer(h, i);
    const post = 2 * h;
    const parameters = embed + layersP + post;
    return {
      width: h,
      tower: {
        name: 'vision tower',
        parameters,
        formula:
          `${clip ? 'CLIP' : 'SigLIP'} vision tower: patch embedding and ${fmtNum(patches)} positions ${fmtNum(embed)} + ` +
          `${fmtNum(L)} layers × ${fmtNum(vitLayer(h, i))} (hidden ${fmtNum(h)}, MLP ${fmtNum(i)}) + final norm ${fmtNum(post)} = ${fmtNum(parameters)}`,
      },
    };
  }
  if (wrapper === 'qwen2_vl' || wrapper === 'qwen2_5_vl') {
    const k = new Keys(raw);
    const qwen25 = wrapper === 'qwen2_5_vl';
    const e = qwen25 ? k.need('hidden_size') : k.need('embed_dim');
    const depth = k.need('depth');
    const p = k.opt('patch_size', 'spatial_patch_size') ?? 14;
    const tp = k.opt('temporal_patch_size') ?? 2;
    const ch = k.opt('in_channels', 'in_chans') ?? 3;
    const merge = k.opt('spatial_merge_size') ?? 2;
    const out = qwen25 ? k.need('out_hidden_size') : k.need('hidden_size');
    const mlpI = qwen25 ? k.need('intermediate_size') : e * (k.opt('mlp_ratio') ?? 4);
    if (k.missing.length > 0) {
      notes.push(`vision_config lacks ${k.missing.join(', ')}`);
      return undefined;
    }
    const patch = ch * tp * p * p * e;
    const norms = qwen25 ? 2 * e : 4 * e; // RMSNorm (weight) in 2.5, LayerNorm (weight and bias) in 2
    const mlp = qwen25 ? 2 * LINEAR(e, mlpI) + LINEAR(mlpI, e) : LINEAR(e, mlpI) + LINEAR(mlpI, e);
    const block = norms + LINEAR(e, 3 * e) + LINEAR(e, e) + mlp;
    const m = e * merge * merge;
    const merger = (qwen25 ? e : 2 * e) + LINEAR(m, m) + LINEAR(m, out);
    const parameters = patch + depth * block + merger;
    return {
      width: out,
      tower: {
        name: 'vision tower',
        parameters,
        formula:
          `Qwen${qwen25 ? '2.5' : '2'}-VL vision tower: patch embedding ${fmtNum(patch)} + ${fmtNum(depth)} blocks × ${fmtNum(block)} ` +
          `(width ${fmtNum(e)}, MLP ${fmtNum(mlpI)}) + patch merger ${fmtNum(merger)} (${merge}×${merge} patches → ${fmtNum(out)}) = ${fmtNum(parameters)}`,
      },
    };
  }
  if (wrapper === 'mllama') {
    const k = new Keys(raw);
    const h = k.need('hidden_size');
    const i = k.need('intermediate_size');
    const L = k.need('num_hidden_layers');
    const G = k.need('num_global_layers');
    const p = k.need('patch_size');
    const img = k.need('image_size');
    const tiles = k.need('max_num_tiles');
    const ch = k.opt('num_channels') ?? 3;
    const ratios = Array.isArray(raw['supported_aspect_ratios']) ? raw['supported_aspect_ratios'].length : undefined;
    const outDim = k.need('vision_output_dim');
    if (k.missing.length > 0 || ratios === undefined) {
      notes.push(
        `vision_config lacks ${[...k.missing, ...(ratios === undefined ? ['supported_aspect_ratios'] : [])].join(', ')}`,
      );
      return undefined;
    }
    const patches = (img / p) ** 2 + 1;
    const aspects = ratios + 1;
    // patch conv (no bias), class token, gated positions and tile positions, two gated tile embeddings, 2 LayerNorms
    const embed =
      ch * p * p * h +
      h +
      (patches * h + aspects * tiles * patches * h + 1) +
      2 * (aspects * tiles * h + 1) +
      2 * 2 * h;
    const layer = 4 * h * h + 2 * 2 * h + LINEAR(h, i) + LINEAR(i, h);
    const parameters = embed + L * layer + G * (layer + 2);
    return {
      width: outDim,
      tower: {
        name: 'vision tower',
        parameters,
        formula:
          `Mllama vision tower: patch, class, position and tile embeddings ${fmtNum(embed)} + ${fmtNum(L)} local layers × ${fmtNum(layer)} + ` +
          `${fmtNum(G)} gated global layers × ${fmtNum(layer + 2)} = ${fmtNum(parameters)}`,
      },
    };
  }
  return undefined;
}

/** The projector from the vision tower's width into the text model's. */
function projector(
  wrapper: string,
  outer: Json,
  visionWidth: number,
  textWidth: number,
  notes: string[],
): ModelPart | undefined {
  const k = new Keys(outer);
  let parameters: number;
  let formula: string;
  switch (wrapper) {
    case 'llava': {
      const bias = k.bool('multimodal_projector_bias', true);
      parameters = LINEAR(visionWidth, textWidth, bias) + LINEAR(textWidth, textWidth, bias);
      formula = `two linear layers ${fmtNum(visionWidth)} → ${fmtNum(textWidth)} → ${fmtNum(textWidth)}${bias ? ' with biases' : ''}`;
      break;
    }
    case 'paligemma': {
      const vc = isObject(outer['vision_config']) ? new Keys(outer['vision_config']) : k;
      const dim = vc.opt('projection_dim') ?? k.opt('projection_dim') ?? textWidth;
      parameters = LINEAR(visionWidth, dim);
      formula = `a linear layer ${fmtNum(visionWidth)} → ${fmtNum(dim)} with bias`;
      break;
    }
    case 'gemma3':
      parameters = visionWidth * textWidth + visionWidth;
      formula = `mm_input_projection ${fmtNum(visionWidth)} × ${fmtNum(textWidth)} + soft-embedding norm ${fmtNum(visionWidth)}`;
      break;
    case 'idefics3':
    case 'smolvlm': {
      const scale = k.opt('scale_factor') ?? 2;
      parameters = visionWidth * scale * scale * textWidth;
      formula = `pixel shuffle ${scale}×${scale}, then a linear layer ${fmtNum(visionWidth * scale * scale)} → ${fmtNum(textWidth)} without bias`;
      break;
    }
    case 'mllama':
      parameters = LINEAR(visionWidth, textWidth);
      formula = `a linear layer ${fmtNum(visionWidth)} → ${fmtNum(textWidth)} with bias`;
      break;
    case 'qwen2_vl':
    case 'qwen2_5_vl':
      // The patch merger is the projector; it is counted in the vision tower.
      return { name: 'projector', parameters: 0, formula: 'the patch merger (counted in the vision tower)' };
    default:
      notes.push(`no projector rule for ${wrapper}`);
      return undefined;
  }
  return { name: 'projector', parameters, formula: `${formula} = ${fmtNum(parameters)}` };
}

function readEncoder(cfg: Json, k: Keys, type: string): Read {
  const layers = k.need('num_hidden_layers');
  const hidden = k.need('hidden_size');
  const heads = k.need('num_attention_heads');
  const vocab = k.need('vocab_size');
  const inter = k.need('intermediate_size');
  const notes: string[] = [];
  const maxPos = k.opt('max_position_embeddings') ?? 512;
  const absolute = (cfg['position_embedding_type'] ?? 'absolute') === 'absolute';
  const typeVocab = type === 'esm' ? 0 : (k.opt('type_vocab_size') ?? (type === 'bert' ? 2 : 1));
  const embed = vocab * hidden + (absolute ? maxPos * hidden : 0) + typeVocab * hidden + 2 * hidden;
  const layer =
    4 * (hidden * hidden + hidden) + 2 * hidden + (hidden * inter + inter) + (inter * hidden + hidden) + 2 * hidden;
  const pooler = type === 'esm' ? 0 : hidden * hidden + hidden;
  if (type === 'esm')
    notes.push('ESM: no pooler, no token types' + (absolute ? '' : ', rotary positions (no position table)'));
  else notes.push('with the pooler (AutoModel); a task head adds its own small layer');
  const finalNorm = type === 'esm' ? 2 * hidden : 0; // ESM's emb_layer_norm_after
  const parameters = embed + layers * layer + pooler + finalNorm;
  const parameterFormula =
    `embeddings ${fmtNum(embed)} (vocab ${fmtNum(vocab)}${absolute ? ` + ${fmtNum(maxPos)} positions` : ''}${typeVocab ? ` + ${typeVocab} token types` : ''}, × ${fmtNum(hidden)}, + norm)` +
    ` + ${fmtNum(layers)} layers × ${fmtNum(layer)} (attention 4 × (${fmtNum(hidden)}² + bias), MLP ${fmtNum(hidden)} × ${fmtNum(inter)} × 2 + biases, 2 norms)` +
    (pooler ? ` + pooler ${fmtNum(pooler)}` : '') +
    (finalNorm ? ` + final norm ${fmtNum(finalNorm)}` : '') +
    ` = ${fmtNum(parameters)}`;
  return {
    kind: 'encoder',
    parameters,
    parameterFormula,
    shape: { layers, hiddenSize: hidden, intermediateSize: inter, attentionHeads: heads, encoderOnly: true },
    maxContext: maxPos,
    notes,
  };
}

function readT5(cfg: Json, k: Keys): Read {
  const encLayers = k.need('num_layers');
  const d = k.need('d_model');
  const heads = k.need('num_heads');
  const dkv = k.need('d_kv');
  const dff = k.need('d_ff');
  const vocab = k.need('vocab_size');
  const decLayers = k.opt('num_decoder_layers') ?? encLayers;
  const buckets = k.opt('relative_attention_num_buckets') ?? 32;
  const proj = typeof cfg['feed_forward_proj'] === 'string' ? cfg['feed_forward_proj'] : 'relu';
  const gated = proj.startsWith('gated');
  const tie = k.bool('tie_word_embeddings', true);
  const inner = heads * dkv;
  const attn = 4 * d * inner;
  const ff = (gated ? 3 : 2) * d * dff;
  const enc = encLayers * (attn + ff + 2 * d) + buckets * heads + d;
  const dec = decLayers * (2 * attn + ff + 3 * d) + buckets * heads + d;
  const parameters = vocab * d + (tie ? 0 : vocab * d) + enc + dec;
  const parameterFormula =
    `shared embeddings ${fmtNum(vocab)} × ${fmtNum(d)}${tie ? ' (tied)' : ' + output head ' + fmtNum(vocab) + ' × ' + fmtNum(d)}` +
    ` + encoder ${fmtNum(encLayers)} × (attention 4 × ${fmtNum(d)} × ${fmtNum(inner)} + FF ${gated ? 3 : 2} × ${fmtNum(d)} × ${fmtNum(dff)} + 2 norms)` +
    ` + decoder ${fmtNum(decLayers)} × (2 attentions + FF + 3 norms) + relative position buckets = ${fmtNum(parameters)}`;
  const encoderTokens = k.opt('n_positions') ?? 512;
  return {
    kind: 'encoder-decoder',
    parameters,
    parameterFormula,
    decoder: { layers: decLayers, kvHeads: heads, headDim: dkv, crossAttentionTokens: encoderTokens },
    shape: {
      layers: encLayers + decLayers,
      hiddenSize: d,
      intermediateSize: dff,
      attentionHeads: heads,
      vocabSize: vocab,
    },
    maxContext: encoderTokens,
    notes: [`cross-attention over ${fmtNum(encoderTokens)} encoder tokens (n_positions, else 512)`],
  };
}

function readWhisper(k: Keys): Read {
  const d = k.need('d_model');
  const encLayers = k.need('encoder_layers');
  const decLayers = k.need('decoder_layers');
  const encFfn = k.need('encoder_ffn_dim');
  const decFfn = k.need('decoder_ffn_dim');
  const decHeads = k.need('decoder_attention_heads');
  const vocab = k.need('vocab_size');
  const mels = k.opt('num_mel_bins') ?? 80;
  const src = k.opt('max_source_positions') ?? 1500;
  const tgt = k.opt('max_target_positions') ?? 448;
  const attn = 4 * d * d + 3 * d; // q, k, v, out; k has no bias
  const conv = mels * d * 3 + d + d * d * 3 + d;
  const enc = conv + src * d + encLayers * (attn + 2 * d + 2 * d * encFfn + encFfn + d + 2 * d) + 2 * d;
  const dec = vocab * d + tgt * d + decLayers * (2 * attn + 4 * d + 2 * d * decFfn + decFfn + d + 2 * d) + 2 * d;
  const parameters = enc + dec;
  const parameterFormula =
    `encoder (2 convolutions over ${fmtNum(mels)} mel bins + ${fmtNum(src)} positions + ${fmtNum(encLayers)} layers of ${fmtNum(d)} wide, FF ${fmtNum(encFfn)})` +
    ` + decoder (embeddings ${fmtNum(vocab)} × ${fmtNum(d)}, tied with the output, + ${fmtNum(tgt)} positions + ${fmtNum(decLayers)} layers with self- and cross-attention, FF ${fmtNum(decFfn)}) = ${fmtNum(parameters)}`;
  return {
    kind: 'encoder-decoder',
    parameters,
    parameterFormula,
    decoder: { layers: decLayers, kvHeads: decHeads, headDim: d / decHeads, crossAttentionTokens: src },
    shape: {
      layers: encLayers + decLayers,
      hiddenSize: d,
      intermediateSize: decFfn,
      attentionHeads: decHeads,
      vocabSize: vocab,
    },
    maxContext: tgt,
    notes: [
      `cross-attention over the encoder's ${fmtNum(src)} frames (30 s of audio); context is at most ${fmtNum(tgt)} tokens`,
    ],
  };
}

/** The estimator's input for a config, with the user's choices; context defaults to min(model's, 4096). */
export function footprintInputFromConfig(
  cfg: ModelConfig,
  opts: { readonly dtype?: WeightDtype; readonly context?: number; readonly batch?: number } = {},
): FootprintInput {
  const context = opts.context ?? Math.min(cfg.maxContext ?? 4096, 4096);
  return {
    parameters: cfg.parameters,
    // No torch_dtype: transformers 4 loads float32, transformers 5 (dtype="auto") the
    // checkpoint's own dtype, float32 for the older uploads that leave it out.
    dtype: opts.dtype ?? cfg.dtype ?? 'fp32',
    context,
    ...(opts.batch !== undefined ? { batch: opts.batch } : {}),
    ...(cfg.decoder ? { decoder: cfg.decoder } : {}),
    ...(cfg.moe ? { moe: cfg.moe } : {}),
    shape: cfg.shape,
  };
}

// ---------------------------------------------------------------------------------------
// model.safetensors.index.json

export interface SafetensorsIndex {
  readonly totalBytes: number;
  readonly tensors: number;
  readonly shards: readonly string[];
}

export function readSafetensorsIndex(text: string): ReadResult<SafetensorsIndex> {
  const parsed = parseJson(text, 'the safetensors index');
  if (!parsed.ok) return parsed;
  const j = parsed.value;
  if (!isObject(j)) return fail('the safetensors index is not a JSON object');
  const meta = j['metadata'];
  const total = isObject(meta) ? meta['total_size'] : undefined;
  if (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 0) {
    return fail('not a safetensors index: metadata.total_size (a whole number of bytes) is missing');
  }
  const map = isObject(j['weight_map']) ? j['weight_map'] : {};
  const shards = [...new Set(Object.values(map).filter((v): v is string => typeof v === 'string'))].sort();
  return ok({ totalBytes: total, tensors: Object.keys(map).length, shards });
}

// ---------------------------------------------------------------------------------------
// .safetensors header

/** The safetensors format's own limit on the header (safetensors' MAX_HEADER_SIZE, 100 MB). */
const SAFETENSORS_MAX_HEADER = 100_000_000;

/** Bytes per element of each safetensors dtype (F4 and the like pack two values in a byte). */
export const SAFETENSORS_DTYPE_BYTES: Readonly<Record<string, number>> = {
  F64: 8,
  I64: 8,
  U64: 8,
  F32: 4,
  I32: 4,
  U32: 4,
  F16: 2,
  BF16: 2,
  I16: 2,
  U16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
  F8_E8M0: 1,
  F6_E2M3: 0.75,
  F6_E3M2: 0.75,
  F4: 0.5,
};

export interface SafetensorsHeader {
  /** The JSON header's length in bytes (the first 8 bytes, little-endian). */
  readonly headerLength: number;
  readonly tensors: number;
  /** Elements over all tensors (the parameter count when every tensor is a weight). */
  readonly parameters: number;
  /** Bytes over all tensors, from dtype × shape. */
  readonly weightBytes: number;
  /** Elements per dtype. */
  readonly dtypes: Readonly<Record<string, number>>;
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * The JSON header's length from a file's first 8 bytes (u64 little-endian), refused when over
 * 100 MB or when more than `fileSize` (if known) can hold. Call this on an 8-byte slice first,
 * then slice 8 + length bytes for `readSafetensorsHeader`.
 */
export function safetensorsHeaderLength(bytes: Uint8Array, fileSize?: number): ReadResult<number> {
  if (bytes.length < 8) {
    return fail(`truncated safetensors file: ${bytes.length} bytes, but the header length alone takes 8`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const lo = view.getUint32(0, true);
  const hi = view.getUint32(4, true);
  const length = hi * 2 ** 32 + lo; // exact below 2^53; anything that large is refused anyway
  if (length > SAFETENSORS_MAX_HEADER) {
    return fail(
      `the safetensors header claims ${fmtNum(length)} bytes; the format allows at most ${fmtNum(SAFETENSORS_MAX_HEADER)} (100 MB): not read`,
    );
  }
  if (length < 2) return fail(`the safetensors header claims ${length} bytes: too short for a JSON header`);
  if (fileSize !== undefined && 8 + length > fileSize) {
    return fail(
      `truncated safetensors file: the header claims ${fmtNum(length)} bytes but the file has only ${fmtNum(fileSize)}`,
    );
  }
  return ok(length);
}

/** Reads the header from the file's first 8 + header-length bytes (more is fine, never read). */
export function readSafetensorsHeader(bytes: Uint8Array, fileSize?: number): ReadResult<SafetensorsHeader> {
  const len = safetensorsHeaderLength(bytes, fileSize);
  if (!len.ok) return len;
  const n = len.value;
  if (bytes.length < 8 + n) {
    return fail(
      `truncated safetensors header: it claims ${fmtNum(n)} bytes, only ${fmtNum(bytes.length - 8)} are here`,
    );
  }
  let text: string;
  try {
    text = strFromU8(bytes.subarray(8, 8 + n));
  } catch {
    return fail('the safetensors header is not UTF-8 text');
  }
  const parsed = parseJson(text, 'the safetensors header');
  if (!parsed.ok) return parsed;
  const h = parsed.value;
  if (!isObject(h)) return fail('the safetensors header is not a JSON object');
  let tensors = 0;
  let parameters = 0;
  let weightBytes = 0;
  const dtypes: Record<string, number> = {};
  let metadata: Record<string, string> = {};
  for (const [name, info] of Object.entries(h)) {
    if (name === '__metadata__') {
      if (isObject(info)) {
        metadata = Object.fromEntries(
          Object.entries(info).filter((e): e is [string, string] => typeof e[1] === 'string'),
        );
      }
      continue;
    }
    if (!isObject(info)) return fail(`tensor ${JSON.stringify(name)}: not an object in the safetensors header`);
    const dtype = info['dtype'];
    const shape = info['shape'];
    if (typeof dtype !== 'string' || !(dtype in SAFETENSORS_DTYPE_BYTES)) {
      return fail(
        `tensor ${JSON.stringify(name)}: unknown dtype ${JSON.stringify(dtype)} (known: ${Object.keys(SAFETENSORS_DTYPE_BYTES).join(', ')})`,
      );
    }
    if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
      return fail(`tensor ${JSON.stringify(name)}: its shape is not a list of whole numbers`);
    }
    const elements = (shape as number[]).reduce((a, b) => a * b, 1);
    const size = elements * SAFETENSORS_DTYPE_BYTES[dtype]!;
    const offsets = info['data_offsets'];
    if (
      Array.isArray(offsets) &&
      offsets.length === 2 &&
      typeof offsets[0] === 'number' &&
      typeof offsets[1] === 'number'
    ) {
      if (offsets[1] - offsets[0] !== Math.ceil(size)) {
        return fail(
          `tensor ${JSON.stringify(name)}: data_offsets span ${fmtNum(offsets[1] - offsets[0])} bytes, but ${dtype} × [${shape.join(', ')}] is ${fmtNum(size)}`,
        );
      }
    }
    tensors += 1;
    parameters += elements;
    weightBytes += size;
    dtypes[dtype] = (dtypes[dtype] ?? 0) + elements;
  }
  if (!Number.isSafeInteger(parameters) || !Number.isFinite(weightBytes)) {
    return fail('the safetensors header describes more elements than can be counted exactly');
  }
  return ok({ headerLength: n, tensors, parameters, weightBytes, dtypes, metadata });
}
