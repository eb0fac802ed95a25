/**
 * A `.gguf` file's header and tensor infos (issue 10), read from a prefix of the file.
 *
 * The layout (ggml's `docs/gguf.md`, versions 2 and 3; all integers little-endian):
 *   magic "GGUF" · u32 version · u64 tensor_count · u64 metadata_kv_count
 *   metadata_kv_count × (string key · u32 value type · value)
 *   tensor_count × (string name · u32 n_dims · n_dims × u64 dims · u32 ggml type · u64 offset)
 *   padding to `general.alignment` (32) · tensor data
 * where a string is a u64 byte length and UTF-8 bytes, and an array is a u32 item type, a
 * u64 count and the items (arrays may nest).
 *
 * Pure: it takes a `Uint8Array` (the file's first bytes) and the file's size when known. When
 * the prefix ends inside the header it answers `needMore` with how many bytes it needs at
 * least, so the caller reads a bigger slice; nothing is read past the tensor infos. Every
 * count and length is checked against the bytes the file can hold before anything is
 * allocated or looped over, so a hostile header is refused at once.
 *
 * Why not `@huggingface/gguf`: its `gguf()` takes a URL (or a local path in Node) and fetches
 * 2 MB chunks itself; it cannot be handed a `Uint8Array` or a `File` slice, it trusts string
 * and array lengths (a header claiming 2^60 items loops), and it pulls in `@huggingface/tasks`.
 * The format is small enough to read here.
 */
import { strFromU8 } from 'fflate';
import { fmtNum, type ActivationShape, type DecoderShape, type MoeShape } from '../../core/footprint';
import { GGML_TYPES } from '../../core/ggml-types';

/** The most header (metadata + tensor infos) read: real ones are a few MB (the tokenizer's vocabulary). */
export const GGUF_MAX_HEADER = 64 * 2 ** 20;
/**
 * Arrays keep at most this many items (a vocabulary of 150,000 tokens is counted, not kept).
 * @internal exported for the test at the limit.
 */
export const GGUF_ARRAY_KEEP = 1024;
/** The spec's default alignment of the tensor data. */
const GGUF_DEFAULT_ALIGNMENT = 32;
/** ggml's GGML_MAX_DIMS. */
const GGML_MAX_DIMS = 4;
/** Deeper nesting than this is refused (real files nest arrays one level at most). */
const MAX_ARRAY_DEPTH = 8;

/** GGUF metadata value types (`enum gguf_type`). */
const GGUF_VALUE_TYPES = [
  'uint8',
  'int8',
  'uint16',
  'int16',
  'uint32',
  'int32',
  'float32',
  'bool',
  'string',
  'array',
  'uint64',
  'int64',
  'float64',
] as const;
type GgufValueType = (typeof GGUF_VALUE_TYPES)[number];

/** Fixed sizes of the scalar types (strings and arrays have none). */
const SCALAR_BYTES: Readonly<Partial<Record<GgufValueType, number>>> = {
  uint8: 1,
  int8: 1,
  uint16: 2,
  int16: 2,
  uint32: 4,
  int32: 4,
  float32: 4,
  bool: 1,
  uint64: 8,
  int64: 8,
  float64: 8,
};

/** @internal tests read a kept array's items through it. */
export interface GgufArray {
  readonly itemType: GgufValueType;
  /** The array's length in the file. */
  readonly length: number;
  /** The first `GGUF_ARRAY_KEEP` items (all of them when the array is no longer). */
  readonly items: readonly GgufValue[];
}
/** 64-bit integers beyond 2^53 stay bigints; every other number is a number. */
type GgufValue = number | bigint | boolean | string | GgufArray;

interface GgufTensorInfo {
  readonly name: string;
  /** ggml's order: dims[0] is the fastest-varying (a row). */
  readonly dims: readonly number[];
  readonly type: string;
  readonly typeId: number;
  /** Offset of the data from the start of the tensor data section. */
  readonly offset: number;
  readonly elements: number;
  readonly bytes: number;
}

export interface GgufHeader {
  readonly version: number;
  readonly metadata: ReadonlyMap<string, GgufValue>;
  readonly tensors: readonly GgufTensorInfo[];
  /** Where the tensor data starts (the header's length, padded to the alignment). */
  readonly dataOffset: number;
  readonly alignment: number;
  /** Σ elements over the tensors. */
  readonly parameters: number;
  /** Σ bytes over the tensors: elements ÷ weights per block × bytes per block, exactly. */
  readonly weightBytes: number;
  /** Elements per ggml type name. */
  readonly types: Readonly<Record<string, number>>;
}

export type GgufResult =
  | { readonly ok: true; readonly value: GgufHeader }
  | { readonly ok: false; readonly error: string; readonly needMore?: undefined }
  /** The prefix ends inside the header: read at least `needMore` bytes from the start and call again. */
  | { readonly ok: false; readonly error: string; readonly needMore: number };

/** What is being read, for an error: a text, or a function making it (built only when needed). */
type Desc = string | (() => string);
const d = (what: Desc): string => (typeof what === 'string' ? what : what());

/** A hostile or broken header: refused with its reason. */
class Refused extends Error {}
/** The prefix ended: `need` bytes from the start are needed to go on. */
class Short extends Error {
  constructor(readonly need: number) {
    super('short');
  }
}

class Cursor {
  pos = 0;
  private readonly view: DataView;
  /** How many bytes the header can take: the file (when its size is known), at most the cap. */
  readonly limit: number;
  constructor(
    private readonly bytes: Uint8Array,
    readonly fileSize: number | undefined,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.limit = Math.min(fileSize ?? Number.POSITIVE_INFINITY, GGUF_MAX_HEADER);
  }

  /** Bytes left that the header could still use (claims are checked against this). */
  left(): number {
    return this.limit - this.pos;
  }

  /** Makes sure `n` more bytes are here; `what` names them in the error. */
  need(n: number, what: Desc): void {
    const end = this.pos + n;
    if (end > this.limit) {
      if (this.fileSize !== undefined && end > this.fileSize) {
        throw new Refused(
          `truncated GGUF file: ${d(what)} at byte ${fmtNum(this.pos)}: ${fmtNum(n)} bytes are needed, the file has ${fmtNum(this.fileSize)}`,
        );
      }
      throw new Refused(
        `${d(what)} at byte ${fmtNum(this.pos)} would take the header past ${fmtNum(GGUF_MAX_HEADER)} bytes (64 MiB): not read`,
      );
    }
    if (end > this.bytes.length) throw new Short(end);
  }

  u8(): number {
    this.need(1, 'a byte');
    return this.view.getUint8(this.pos++);
  }
  u32(what: Desc): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  /** A u64 as a number when below 2^53, else a bigint. */
  u64(what: Desc): number | bigint {
    this.need(8, what);
    const lo = this.view.getUint32(this.pos, true);
    const hi = this.view.getUint32(this.pos + 4, true);
    this.pos += 8;
    if (hi < 2 ** 21) return hi * 2 ** 32 + lo;
    return (BigInt(hi) << 32n) | BigInt(lo);
  }
  /** A u64 that must be a count or length no larger than `max`. */
  size(what: Desc, max: number, unit: string): number {
    const at = this.pos;
    const v = this.u64(what);
    if (typeof v === 'bigint' || v > max) {
      throw new Refused(
        `${d(what)} at byte ${fmtNum(at)} claims ${typeof v === 'bigint' ? v.toString() : fmtNum(v)} ${unit}; ` +
          (this.limit === this.fileSize
            ? `the file's ${fmtNum(this.fileSize)} bytes can hold at most ${fmtNum(Math.max(0, max))}: the file is truncated or corrupt`
            : `the 64 MiB header cap can hold at most ${fmtNum(Math.max(0, max))}: not read`),
      );
    }
    return v;
  }
  string(what: Desc): string {
    const n = this.size(() => `the length of ${d(what)}`, this.left() - 8, 'bytes');
    this.need(n, what);
    const s = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    try {
      return strFromU8(s);
    } catch {
      throw new Refused(`${d(what)} at byte ${fmtNum(this.pos - n)} is not UTF-8 text`);
    }
  }
  skip(n: number, what: Desc): void {
    this.need(n, what);
    this.pos += n;
  }

  scalar(type: GgufValueType, what: Desc): number | bigint | boolean {
    const at = this.pos;
    this.need(SCALAR_BYTES[type] ?? 0, what);
    const v = this.view;
    this.pos += SCALAR_BYTES[type] ?? 0;
    switch (type) {
      case 'uint8':
        return v.getUint8(at);
      case 'int8':
        return v.getInt8(at);
      case 'uint16':
        return v.getUint16(at, true);
      case 'int16':
        return v.getInt16(at, true);
      case 'uint32':
        return v.getUint32(at, true);
      case 'int32':
        return v.getInt32(at, true);
      case 'float32':
        return v.getFloat32(at, true);
      case 'float64':
        return v.getFloat64(at, true);
      case 'bool': {
        const b = v.getUint8(at);
        if (b > 1) throw new Refused(`${d(what)} at byte ${fmtNum(at)} is a bool of ${b}, not 0 or 1`);
        return b === 1;
      }
      case 'uint64': {
        const x = v.getBigUint64(at, true);
        return x <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(x) : x;
      }
      case 'int64': {
        const x = v.getBigInt64(at, true);
        return x <= BigInt(Number.MAX_SAFE_INTEGER) && x >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(x) : x;
      }
      default:
        throw new Refused(`${d(what)}: ${type} is not a scalar`);
    }
  }

  valueType(what: Desc): GgufValueType {
    const at = this.pos;
    const id = this.u32(what);
    const t = GGUF_VALUE_TYPES[id];
    if (t === undefined) {
      throw new Refused(
        `${d(what)} at byte ${fmtNum(at)} is ${id}, not a GGUF value type (0–${GGUF_VALUE_TYPES.length - 1})`,
      );
    }
    return t;
  }

  /** A value of `type`; `root` names the metadata pair it is in (for nested arrays). */
  value(type: GgufValueType, what: Desc, depth: number, root: Desc = what): GgufValue {
    if (type === 'string') return this.string(what);
    if (type !== 'array') return this.scalar(type, what);
    if (depth >= MAX_ARRAY_DEPTH) {
      throw new Refused(`${d(root)} nests arrays more than ${MAX_ARRAY_DEPTH} deep: not read`);
    }
    const itemType = this.valueType(() => `the item type of ${d(what)}`);
    // Each item takes at least its fixed size, 8 bytes (a string's length) or 12 (an array's type and count).
    const least = itemType === 'string' ? 8 : itemType === 'array' ? 12 : SCALAR_BYTES[itemType]!;
    const length = this.size(() => `the length of ${d(what)}`, Math.floor((this.left() - 8) / least), 'items');
    // All its items must be here: ask for at least that much at once (a vocabulary is megabytes).
    this.need(length * least, () => `the items of ${d(what)}`);
    const keep = Math.min(length, GGUF_ARRAY_KEEP);
    const items: GgufValue[] = [];
    const fixed = SCALAR_BYTES[itemType];
    for (let i = 0; i < keep; i++) items.push(this.value(itemType, () => `item ${i} of ${d(what)}`, depth + 1, root));
    if (length > keep) {
      if (fixed !== undefined) this.skip((length - keep) * fixed, () => `the items of ${d(what)}`);
      else if (itemType === 'string') {
        for (let i = keep; i < length; i++) {
          const n = this.size(() => `the length of item ${i} of ${d(what)}`, this.left() - 8, 'bytes');
          this.skip(n, () => `item ${i} of ${d(what)}`);
        }
      } else for (let i = keep; i < length; i++) this.value(itemType, () => `item ${i} of ${d(what)}`, depth + 1, root);
    }
    return { itemType, length, items };
  }
}

function describeMagic(bytes: Uint8Array): string {
  return [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/**
 * Reads a GGUF header from the file's first bytes. `fileSize`, when known, bounds every claim
 * (and catches a file cut short); without it the 64 MiB header cap does.
 */
export function readGguf(bytes: Uint8Array, fileSize?: number): GgufResult {
  try {
    return { ok: true, value: parse(bytes, fileSize) };
  } catch (e) {
    if (e instanceof Short) {
      return {
        ok: false,
        needMore: e.need,
        error: `the GGUF header goes on past the ${fmtNum(bytes.length)} bytes read: read at least ${fmtNum(e.need)}`,
      };
    }
    if (e instanceof Refused) return { ok: false, error: e.message };
    throw e;
  }
}

function parse(bytes: Uint8Array, fileSize: number | undefined): GgufHeader {
  const c = new Cursor(bytes, fileSize);
  c.need(4, 'the magic');
  if (bytes[0] !== 0x47 || bytes[1] !== 0x47 || bytes[2] !== 0x55 || bytes[3] !== 0x46) {
    throw new Refused(`not a GGUF file: it starts with ${describeMagic(bytes)}, not "GGUF" (47 47 55 46)`);
  }
  c.pos = 4;
  const version = c.u32('the version');
  if (version !== 2 && version !== 3) {
    const swapped =
      ((version & 0xff) << 24) | ((version & 0xff00) << 8) | ((version >>> 8) & 0xff00) | (version >>> 24);
    if (version > 0xffff && swapped >>> 0 >= 1 && swapped >>> 0 <= 3) {
      throw new Refused(`a big-endian GGUF file (version ${swapped >>> 0}): only little-endian files are read`);
    }
    throw new Refused(
      version === 1
        ? 'GGUF version 1 (2023, 32-bit lengths) is not read: versions 2 and 3 are; convert it with a current llama.cpp'
        : `GGUF version ${version} is not read (versions 2 and 3 are)`,
    );
  }
  // Each tensor info takes at least 8 (name length) + 4 (n_dims) + 8 (one dim) + 4 (type) + 8 (offset) bytes;
  // each metadata pair 8 (key length) + 4 (type) + 1 (the smallest value).
  const tensorCount = c.size('the tensor count', Math.floor((c.left() - 8) / 32), 'tensors');
  const kvCount = c.size('the metadata count', Math.floor((c.left() - 8) / 13), 'pairs');
  const metadata = new Map<string, GgufValue>();
  for (let i = 0; i < kvCount; i++) {
    const key = c.string(() => `metadata key ${i + 1} of ${fmtNum(kvCount)}`);
    const what = () => `metadata ${JSON.stringify(key)}`;
    const type = c.valueType(() => `the type of ${d(what)}`);
    metadata.set(key, c.value(type, what, 0));
  }
  const alignValue = metadata.get('general.alignment');
  let alignment = GGUF_DEFAULT_ALIGNMENT;
  if (alignValue !== undefined) {
    if (
      typeof alignValue !== 'number' ||
      !Number.isInteger(alignValue) ||
      alignValue <= 0 ||
      (alignValue & (alignValue - 1)) !== 0
    ) {
      throw new Refused(`general.alignment is ${String(alignValue)}, not a power of two`);
    }
    alignment = alignValue;
  }
  c.need(tensorCount * 32, 'the tensor infos');
  const tensors: GgufTensorInfo[] = [];
  const types: Record<string, number> = {};
  let parameters = 0;
  let weightBytes = 0;
  for (let i = 0; i < tensorCount; i++) {
    const name = c.string(() => `the name of tensor ${i + 1} of ${fmtNum(tensorCount)}`);
    const what = () => `tensor ${JSON.stringify(name)}`;
    const nDims = c.u32(() => `the n_dims of ${d(what)}`);
    if (nDims < 1 || nDims > GGML_MAX_DIMS) {
      throw new Refused(`${d(what)} has ${fmtNum(nDims)} dimensions; ggml allows 1 to ${GGML_MAX_DIMS}`);
    }
    const dims: number[] = [];
    let elements = 1;
    for (let k = 0; k < nDims; k++) {
      const v = c.u64(() => `dimension ${k} of ${d(what)}`);
      if (typeof v === 'bigint' || v * elements > Number.MAX_SAFE_INTEGER) {
        throw new Refused(`${d(what)}'s dimensions overflow: more than 2^53 elements`);
      }
      dims.push(v);
      elements *= v;
    }
    const typeAt = c.pos;
    const typeId = c.u32(() => `the type of ${d(what)}`);
    const t = GGML_TYPES[typeId];
    if (t === undefined) {
      throw new Refused(
        `${d(what)} at byte ${fmtNum(typeAt)} has ggml type ${typeId}, which this reader does not know ` +
          `(known: ${Object.values(GGML_TYPES)
            .map((x) => x.name)
            .join(', ')})`,
      );
    }
    if (dims[0]! % t.block !== 0) {
      throw new Refused(
        `${d(what)}: its first dimension ${fmtNum(dims[0]!)} is not a whole number of ${t.name} blocks of ${t.block}`,
      );
    }
    const offset = c.u64(() => `the offset of ${d(what)}`);
    if (typeof offset === 'bigint')
      throw new Refused(`${d(what)}'s data offset ${offset.toString()} is past 2^53 bytes`);
    if (offset % alignment !== 0) {
      throw new Refused(`${d(what)}'s data offset ${fmtNum(offset)} is not a multiple of the alignment ${alignment}`);
    }
    const size = (elements / t.block) * t.bytes;
    tensors.push({ name, dims, type: t.name, typeId, offset, elements, bytes: size });
    parameters += elements;
    weightBytes += size;
    types[t.name] = (types[t.name] ?? 0) + elements;
  }
  if (!Number.isSafeInteger(parameters) || !Number.isSafeInteger(weightBytes)) {
    throw new Refused('the tensors hold more than 2^53 elements or bytes: not believable, not read');
  }
  const dataOffset = Math.ceil(c.pos / alignment) * alignment;
  // The tensors' data must not overlap and must lie inside the file.
  const byOffset = [...tensors].sort((a, b) => a.offset - b.offset);
  let end = 0;
  let last: GgufTensorInfo | undefined;
  for (const t of byOffset) {
    if (t.offset < end && last !== undefined) {
      throw new Refused(
        `tensor ${JSON.stringify(t.name)}'s data (at ${fmtNum(t.offset)}) overlaps tensor ${JSON.stringify(last.name)}'s (ending at ${fmtNum(end)})`,
      );
    }
    end = t.offset + t.bytes;
    last = t;
  }
  if (fileSize !== undefined && last !== undefined && dataOffset + end > fileSize) {
    throw new Refused(
      `truncated GGUF file: tensor ${JSON.stringify(last.name)}'s data ends at byte ${fmtNum(dataOffset + end)}, the file has ${fmtNum(fileSize)}`,
    );
  }
  return { version, metadata, tensors, dataOffset, alignment, parameters, weightBytes, types };
}

// ---------------------------------------------------------------------------------------
// The model's shape from the metadata

/** Architectures llama.cpp runs as encoders (no KV cache) when `<arch>.attention.causal` is not given. */
const ENCODER_ARCHITECTURES = new Set([
  'bert',
  'nomic-bert',
  'nomic-bert-moe',
  'jina-bert-v2',
  'jina-bert-v3',
  'neo-bert',
  't5encoder',
]);

export interface GgufModel {
  /** `general.architecture`. */
  readonly architecture: string;
  /** `general.name`, when given. */
  readonly name?: string;
  /** What the KV cache needs (decoders whose metadata gives the attention's shape). */
  readonly decoder?: DecoderShape;
  readonly shape?: ActivationShape;
  /** `<arch>.context_length`: the longest context the model was trained for. */
  readonly maxContext?: number;
  /** A mixture of experts: its routed experts counted from the `_exps` tensors, exactly. */
  readonly moe?: MoeShape;
  /** How each number was read, in words. */
  readonly notes: readonly string[];
  /** Metadata keys the estimate would have used but the file lacks. */
  readonly missing: readonly string[];
}

function positiveNumber(v: GgufValue | undefined): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

/**
 * A per-layer value: a number, or an array with one item per layer (llama.cpp allows
 * `head_count_kv` and the like per layer; 0 marks a layer without attention).
 */
function perLayer(v: GgufValue | undefined): { value: number; layers?: number; varies: boolean } | undefined {
  const n = positiveNumber(v);
  if (n !== undefined) return { value: n, varies: false };
  if (typeof v === 'object' && v !== null && typeof v !== 'bigint' && v.length === v.items.length) {
    const nums = v.items.filter((x): x is number => typeof x === 'number' && x > 0);
    if (nums.length === 0) return undefined;
    const max = Math.max(...nums);
    return { value: max, layers: nums.length, varies: nums.some((x) => x !== max) };
  }
  return undefined;
}

/** The shape the footprint needs, from a GGUF header's metadata (llama.cpp's key names). */
export function ggufModel(h: GgufHeader): GgufModel {
  const m = h.metadata;
  const archValue = m.get('general.architecture');
  const architecture = typeof archValue === 'string' && archValue !== '' ? archValue : 'unknown';
  const notes: string[] = [];
  const missing: string[] = [];
  const key = (k: string): string => `${architecture}.${k}`;
  const get = (k: string): GgufValue | undefined => m.get(key(k));
  const nameValue = m.get('general.name');
  const base = { architecture, ...(typeof nameValue === 'string' ? { name: nameValue } : {}) };
  if (architecture === 'unknown') {
    return { ...base, notes, missing: ['general.architecture'] };
  }
  const layers = positiveNumber(get('block_count'));
  const hidden = positiveNumber(get('embedding_length'));
  const heads = perLayer(get('attention.head_count'));
  const kv = perLayer(get('attention.head_count_kv'));
  const ffn = perLayer(get('feed_forward_length'));
  const maxContext = positiveNumber(get('context_length'));
  const tokens = m.get('tokenizer.ggml.tokens');
  const vocab =
    positiveNumber(get('vocab_size')) ??
    (typeof tokens === 'object' && typeof tokens !== 'bigint' ? tokens.length : undefined);
  for (const [k, v] of [
    ['block_count', layers],
    ['embedding_length', hidden],
    ['attention.head_count', heads],
  ] as const) {
    if (v === undefined) missing.push(key(k));
  }
  const causal = m.get(key('attention.causal'));
  const encoder = causal === false || (causal === undefined && ENCODER_ARCHITECTURES.has(architecture));
  let decoder: GgufModel['decoder'];
  if (
    !encoder &&
    layers !== undefined &&
    heads !== undefined &&
    (hidden !== undefined || get('attention.key_length') !== undefined)
  ) {
    let kvHeads = heads.value;
    let kvLayers = layers;
    if (kv === undefined) notes.push(`no ${key('attention.head_count_kv')}: as many KV heads as attention heads`);
    else {
      kvHeads = kv.value;
      if (kv.layers !== undefined) {
        kvLayers = Math.min(layers, kv.layers);
        if (kvLayers < layers)
          notes.push(`${kvLayers} of ${layers} layers have attention (head_count_kv is 0 for the others)`);
      }
      if (kv.varies)
        notes.push(`KV heads vary per layer: the largest, ${kvHeads}, is used for every layer (an overestimate)`);
    }
    const keyLength = positiveNumber(get('attention.key_length'));
    const valueLength = positiveNumber(get('attention.value_length'));
    let headDim: number;
    if (keyLength !== undefined || valueLength !== undefined) {
      const k = keyLength ?? valueLength!;
      const v = valueLength ?? keyLength!;
      headDim = (k + v) / 2;
      if (k !== v) notes.push(`keys of ${k} and values of ${v} per head: ${headDim} on average`);
    } else headDim = hidden! / heads.value;
    const window = positiveNumber(get('attention.sliding_window'));
    let sliding: Pick<DecoderShape, 'slidingWindow' | 'slidingLayers'> = {};
    if (window !== undefined) {
      const pattern = get('attention.sliding_window_pattern');
      let n: number;
      if (typeof pattern === 'number' && pattern > 0) {
        n = kvLayers - Math.floor(kvLayers / pattern);
        notes.push(`${n} of ${kvLayers} layers slide (one global layer in ${pattern})`);
      } else if (typeof pattern === 'object' && typeof pattern !== 'bigint' && pattern.itemType === 'bool') {
        n = pattern.items.filter((x) => x === true).length;
        notes.push(`${n} of ${kvLayers} layers slide (sliding_window_pattern)`);
      } else if (architecture === 'gemma2') {
        n = Math.ceil(kvLayers / 2);
        notes.push(`every other layer slides (Gemma 2): ${n} of ${kvLayers}`);
      } else if (architecture === 'gemma3') {
        n = kvLayers - Math.floor(kvLayers / 6);
        notes.push(`${n} of ${kvLayers} layers slide (Gemma 3: one global layer in 6)`);
      } else {
        n = kvLayers;
        notes.push(`all ${kvLayers} layers slide (window ${fmtNum(window)})`);
      }
      sliding = { slidingWindow: window, slidingLayers: Math.min(n, kvLayers) };
    }
    const kvLora = positiveNumber(get('attention.kv_lora_rank'));
    const rope = positiveNumber(get('rope.dimension_count'));
    let latent: { kvLatent?: number } = {};
    if (kvLora !== undefined && rope !== undefined) {
      latent = { kvLatent: kvLora + rope };
      notes.push(
        `multi-head latent attention: ${fmtNum(kvLora)} (kv_lora_rank) + ${fmtNum(rope)} (rope dimensions) = ${fmtNum(kvLora + rope)} cached per layer per token`,
      );
    }
    decoder = { layers: kvLayers, kvHeads, headDim, ...sliding, ...latent };
  } else if (encoder) notes.push(`${architecture} is an encoder: no KV cache`);
  let shape: GgufModel['shape'];
  if (hidden !== undefined && heads !== undefined && ffn !== undefined) {
    shape = {
      ...(layers !== undefined ? { layers } : {}),
      hiddenSize: hidden,
      intermediateSize: ffn.value,
      attentionHeads: heads.value,
      ...(vocab !== undefined && !encoder ? { vocabSize: vocab } : {}),
      ...(encoder ? { encoderOnly: true } : {}),
      ...(!encoder && (positiveNumber(get('final_logit_softcapping')) ?? 0) > 0 ? { logitSoftcap: true } : {}),
    };
  } else if (ffn === undefined) missing.push(key('feed_forward_length'));
  const moe = ggufExperts(h, positiveNumber(get('expert_count')), positiveNumber(get('expert_used_count')));
  if (moe !== undefined) {
    notes.push(
      `mixture of experts: ${fmtNum(moe.experts)} routed experts in each of ${fmtNum(moe.moeLayers)} layers, ${fmtNum(moe.expertsPerToken)} per token; ` +
        `their ${fmtNum(moe.expertParameters)} parameters (${fmtNum(moe.expertBytes ?? 0)} bytes) counted from the _exps tensors`,
    );
  } else if (positiveNumber(get('expert_count')) !== undefined) {
    notes.push(
      `${key('expert_count')} is set but the file has no _exps tensors (or no expert_used_count): read as dense`,
    );
  }
  return {
    ...base,
    ...(decoder ? { decoder } : {}),
    ...(shape ? { shape } : {}),
    ...(moe ? { moe } : {}),
    ...(maxContext !== undefined ? { maxContext } : {}),
    notes,
    missing,
  };
}

/** llama.cpp's routed-expert tensors: `blk.N.ffn_{gate,up,down,gate_up}_exps.{weight,bias}` (shared experts are `_shexp`). */
const EXPERT_TENSOR = /^blk\.(\d+)\.ffn_[a-z_]*_exps\./;

/** The routed experts counted from the tensor infos (elements and bytes, exactly). */
function ggufExperts(h: GgufHeader, experts: number | undefined, used: number | undefined): MoeShape | undefined {
  if (experts === undefined || used === undefined) return undefined;
  const layers = new Set<string>();
  let parameters = 0;
  let bytes = 0;
  for (const t of h.tensors) {
    const m = EXPERT_TENSOR.exec(t.name);
    if (m === null) continue;
    layers.add(m[1]!);
    parameters += t.elements;
    bytes += t.bytes;
  }
  if (layers.size === 0) return undefined;
  return {
    experts,
    expertsPerToken: Math.min(used, experts),
    moeLayers: layers.size,
    expertParameters: parameters,
    expertBytes: bytes,
  };
}
