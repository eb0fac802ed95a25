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
import { type ActivationShape, type DecoderShape, type FootprintInput, type WeightDtype } from '../../core/footprint';

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

export type ConfigKind = 'decoder' | 'encoder' | 'encoder-decoder';

export interface ModelConfig {
  /** `model_type` (for Gemma 3 and the like, the text model's). */
  readonly modelType: string;
  /** `architectures[0]` when given, else the model type. */
  readonly architecture: string;
  readonly kind: ConfigKind;
  /** Estimated from the shape (configs rarely state it); see `parameterFormula`. */
  readonly parameters: number;
  readonly parameterFormula: string;
  /** The checkpoint's dtype (`torch_dtype` / `dtype`), when it is one the estimator knows. */
  readonly dtype?: WeightDtype;
  /** What the KV cache needs (decoder and encoder-decoder models). */
  readonly decoder?: DecoderShape;
  readonly shape: ActivationShape;
  /** The longest context the model takes (`max_position_embeddings` and the like). */
  readonly maxContext?: number;
  /** Assumptions made while reading, in words. */
  readonly notes: readonly string[];
}

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
] as const;
const ENCODER_FAMILIES = ['bert', 'roberta', 'xlm-roberta', 'esm'] as const;
export const KNOWN_FAMILIES: readonly string[] = [...DECODER_FAMILIES, ...ENCODER_FAMILIES, 't5', 'whisper'];

/** Families whose MLP is gated (gate, up and down projections: 3 matrices). */
const GATED = new Set(['llama', 'mistral', 'qwen2', 'qwen3', 'gemma', 'gemma2', 'gemma3_text', 'phi3']);

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

  bool(name: string, fallback: boolean): boolean {
    const v = this.c[name];
    return typeof v === 'boolean' ? v : fallback;
  }
}

function dtypeOf(c: Json): WeightDtype | undefined {
  const d = c['torch_dtype'] ?? c['dtype'];
  const map: Record<string, WeightDtype> = { float32: 'fp32', bfloat16: 'bf16', float16: 'fp16' };
  return typeof d === 'string' ? map[d] : undefined;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/** Reads a Hugging Face `config.json` (its text). */
export function readHfConfig(text: string): ReadResult<ModelConfig> {
  const parsed = parseJson(text, 'config.json');
  if (!parsed.ok) return parsed;
  let c = parsed.value;
  if (!isObject(c)) return fail('config.json is not a JSON object, so not a Hugging Face config');
  if ('weight_map' in c) return fail('this is a safetensors index (it has weight_map), not a config.json');
  // Multimodal wrappers (Gemma 3, …) keep the language model's shape in text_config.
  const outerArch = Array.isArray(c['architectures']) ? c['architectures'][0] : undefined;
  if (isObject(c['text_config']) && c['num_hidden_layers'] === undefined) c = c['text_config'];
  const cfg = c as Json;
  const modelType = typeof cfg['model_type'] === 'string' ? cfg['model_type'] : undefined;
  const archs = cfg['architectures'];
  const architecture =
    (Array.isArray(archs) && typeof archs[0] === 'string' ? archs[0] : undefined) ??
    (typeof outerArch === 'string' ? outerArch : undefined) ??
    modelType;
  if (modelType === undefined && architecture === undefined) {
    return fail('not a Hugging Face config.json: it has neither model_type nor architectures');
  }
  const type = modelType ?? 'unknown';
  const k = new Keys(cfg);
  let result: Omit<ModelConfig, 'modelType' | 'architecture' | 'dtype'>;
  if (type === 't5' || type === 'mt5') result = readT5(cfg, k);
  else if (type === 'whisper') result = readWhisper(k);
  else if ((ENCODER_FAMILIES as readonly string[]).includes(type)) result = readEncoder(cfg, k, type);
  else result = readDecoder(cfg, k, type);
  if (k.missing.length > 0) {
    const known = KNOWN_FAMILIES.includes(type);
    const who = known
      ? `this ${type} config.json`
      : `model_type ${JSON.stringify(type)} is not a family this reader knows (${KNOWN_FAMILIES.join(', ')}); read as a generic decoder, it`;
    return fail(`${who} lacks ${k.missing.join(', ')}`);
  }
  const notes = [...result.notes];
  if (!KNOWN_FAMILIES.includes(type)) {
    notes.unshift(
      `model_type ${JSON.stringify(type)} is not a known family: read as a generic decoder (an MLP of 2 matrices)`,
    );
  }
  const dtype = dtypeOf(cfg);
  return ok({ ...result, notes, modelType: type, architecture: architecture ?? type, ...(dtype ? { dtype } : {}) });
}

function slidingOf(
  cfg: Json,
  k: Keys,
  type: string,
  layers: number,
): Pick<DecoderShape, 'slidingWindow' | 'slidingLayers'> & { note?: string } {
  const window = k.opt('sliding_window');
  if (window === undefined) return {};
  if (type === 'qwen2' || type === 'qwen3') {
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
  return { slidingWindow: window, slidingLayers: layers, note: `all ${layers} layers slide (window ${fmt(window)})` };
}

function readDecoder(cfg: Json, k: Keys, type: string): Omit<ModelConfig, 'modelType' | 'architecture' | 'dtype'> {
  const layers = k.need('num_hidden_layers', 'n_layer', 'num_layers');
  const hidden = k.need('hidden_size', 'n_embd', 'd_model');
  const heads = k.need('num_attention_heads', 'n_head', 'num_heads');
  const vocab = k.need('vocab_size');
  const notes: string[] = [];
  let inter = k.opt('intermediate_size', 'n_inner', 'ffn_dim', 'd_ff');
  if (inter === undefined) {
    if (type === 'gpt2') {
      inter = 4 * hidden;
      notes.push('n_inner is null: 4 × hidden (GPT-2)');
    } else inter = k.need('intermediate_size', 'n_inner', 'ffn_dim', 'd_ff');
  }
  let kvHeads = k.opt('num_key_value_heads', 'num_kv_heads', 'multi_query_group_num');
  if (kvHeads === undefined) {
    kvHeads = heads;
    notes.push('no num_key_value_heads: as many KV heads as attention heads (no GQA)');
  }
  let headDim = k.opt('head_dim');
  if (headDim === undefined) headDim = hidden / heads;
  // Gemma ties its embeddings; the others say so or default to untied (GPT-2 and Phi tie / untie as HF does).
  const tie = k.bool('tie_word_embeddings', type.startsWith('gemma') || type === 'gpt2');
  const gated = GATED.has(type);
  const q = heads * headDim;
  const kv = kvHeads * headDim;
  const bias = type === 'qwen2' || type === 'phi' || type === 'gpt2' || k.bool('attention_bias', false);
  const attn = hidden * q + 2 * hidden * kv + q * hidden + (bias ? q + 2 * kv + (type === 'qwen2' ? 0 : hidden) : 0);
  const mlp = (gated ? 3 : 2) * hidden * inter + (gated ? 0 : inter + hidden);
  const norms = 2 * hidden;
  const positions = type === 'gpt2' ? (k.opt('n_positions') ?? 1024) * hidden : 0;
  const embed = vocab * hidden;
  const head = tie ? 0 : vocab * hidden;
  const parameters = embed + head + positions + layers * (attn + mlp + norms) + hidden;
  const parameterFormula =
    `embeddings ${fmt(vocab)} × ${fmt(hidden)}${tie ? ' (tied with the output)' : ' + output head ' + fmt(vocab) + ' × ' + fmt(hidden)}` +
    (positions ? ` + positions ${fmt(positions)}` : '') +
    ` + ${fmt(layers)} layers × (attention ${fmt(attn)} + MLP ${gated ? '3' : '2'} × ${fmt(hidden)} × ${fmt(inter)}${gated ? '' : ' + biases'} + norms ${fmt(norms)})` +
    ` + final norm ${fmt(hidden)} = ${fmt(parameters)}`;
  const sliding = slidingOf(cfg, k, type, layers);
  if (sliding.note) notes.push(sliding.note);
  const maxContext = k.opt('max_position_embeddings', 'n_positions', 'n_ctx', 'seq_length');
  const decoder: DecoderShape = {
    layers,
    kvHeads,
    headDim,
    ...(sliding.slidingWindow !== undefined ? { slidingWindow: sliding.slidingWindow } : {}),
    ...(sliding.slidingLayers !== undefined ? { slidingLayers: sliding.slidingLayers } : {}),
  };
  return {
    kind: 'decoder',
    parameters,
    parameterFormula,
    decoder,
    shape: { layers, hiddenSize: hidden, intermediateSize: inter, attentionHeads: heads, vocabSize: vocab },
    ...(maxContext !== undefined ? { maxContext } : {}),
    notes,
  };
}

function readEncoder(cfg: Json, k: Keys, type: string): Omit<ModelConfig, 'modelType' | 'architecture' | 'dtype'> {
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
    `embeddings ${fmt(embed)} (vocab ${fmt(vocab)}${absolute ? ` + ${fmt(maxPos)} positions` : ''}${typeVocab ? ` + ${typeVocab} token types` : ''}, × ${fmt(hidden)}, + norm)` +
    ` + ${fmt(layers)} layers × ${fmt(layer)} (attention 4 × (${fmt(hidden)}² + bias), MLP ${fmt(hidden)} × ${fmt(inter)} × 2 + biases, 2 norms)` +
    (pooler ? ` + pooler ${fmt(pooler)}` : '') +
    (finalNorm ? ` + final norm ${fmt(finalNorm)}` : '') +
    ` = ${fmt(parameters)}`;
  return {
    kind: 'encoder',
    parameters,
    parameterFormula,
    shape: { layers, hiddenSize: hidden, intermediateSize: inter, attentionHeads: heads, encoderOnly: true },
    maxContext: maxPos,
    notes,
  };
}

function readT5(cfg: Json, k: Keys): Omit<ModelConfig, 'modelType' | 'architecture' | 'dtype'> {
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
    `shared embeddings ${fmt(vocab)} × ${fmt(d)}${tie ? ' (tied)' : ' + output head ' + fmt(vocab) + ' × ' + fmt(d)}` +
    ` + encoder ${fmt(encLayers)} × (attention 4 × ${fmt(d)} × ${fmt(inner)} + FF ${gated ? 3 : 2} × ${fmt(d)} × ${fmt(dff)} + 2 norms)` +
    ` + decoder ${fmt(decLayers)} × (2 attentions + FF + 3 norms) + relative position buckets = ${fmt(parameters)}`;
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
    notes: [`cross-attention over ${fmt(encoderTokens)} encoder tokens (n_positions, else 512)`],
  };
}

function readWhisper(k: Keys): Omit<ModelConfig, 'modelType' | 'architecture' | 'dtype'> {
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
    `encoder (2 convolutions over ${fmt(mels)} mel bins + ${fmt(src)} positions + ${fmt(encLayers)} layers of ${fmt(d)} wide, FF ${fmt(encFfn)})` +
    ` + decoder (embeddings ${fmt(vocab)} × ${fmt(d)}, tied with the output, + ${fmt(tgt)} positions + ${fmt(decLayers)} layers with self- and cross-attention, FF ${fmt(decFfn)}) = ${fmt(parameters)}`;
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
      `cross-attention over the encoder's ${fmt(src)} frames (30 s of audio); context is at most ${fmt(tgt)} tokens`,
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
    dtype: opts.dtype ?? cfg.dtype ?? 'bf16',
    context,
    ...(opts.batch !== undefined ? { batch: opts.batch } : {}),
    ...(cfg.decoder ? { decoder: cfg.decoder } : {}),
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
export const SAFETENSORS_MAX_HEADER = 100_000_000;

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
      `the safetensors header claims ${fmt(length)} bytes; the format allows at most ${fmt(SAFETENSORS_MAX_HEADER)} (100 MB): not read`,
    );
  }
  if (length < 2) return fail(`the safetensors header claims ${length} bytes: too short for a JSON header`);
  if (fileSize !== undefined && 8 + length > fileSize) {
    return fail(
      `truncated safetensors file: the header claims ${fmt(length)} bytes but the file has only ${fmt(fileSize)}`,
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
    return fail(`truncated safetensors header: it claims ${fmt(n)} bytes, only ${fmt(bytes.length - 8)} are here`);
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
          `tensor ${JSON.stringify(name)}: data_offsets span ${fmt(offsets[1] - offsets[0])} bytes, but ${dtype} × [${shape.join(', ')}] is ${fmt(size)}`,
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

// ---------------------------------------------------------------------------------------
// .gguf preamble (the header and tensor infos: ./gguf)

export interface GgufPreamble {
  readonly version: number;
  readonly tensorCount: number;
  readonly kvCount: number;
}

/** Checks a `.gguf` file's first 24 bytes: magic "GGUF", version (2 or 3), tensor and metadata counts. */
export function readGgufPreamble(bytes: Uint8Array): ReadResult<GgufPreamble> {
  if (bytes.length < 4) return fail(`truncated GGUF file: ${bytes.length} bytes, the magic alone takes 4`);
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== 'GGUF') {
    const shown = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    return fail(`not a GGUF file: it starts with ${shown}, not "GGUF" (47 47 55 46)`);
  }
  if (bytes.length < 24) return fail(`truncated GGUF header: ${bytes.length} bytes, the preamble takes 24`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, 24);
  const version = view.getUint32(4, true);
  if (version !== 2 && version !== 3) return fail(`GGUF version ${version} is not read (versions 2 and 3 are)`);
  const u64 = (at: number): number => view.getUint32(at + 4, true) * 2 ** 32 + view.getUint32(at, true);
  const tensorCount = u64(8);
  const kvCount = u64(16);
  // A real model has thousands of tensors and tens of metadata keys, not billions.
  if (tensorCount > 1_000_000)
    return fail(`the GGUF header claims ${fmt(tensorCount)} tensors: not believable, not read`);
  if (kvCount > 1_000_000)
    return fail(`the GGUF header claims ${fmt(kvCount)} metadata keys: not believable, not read`);
  return ok({ version, tensorCount, kvCount });
}
