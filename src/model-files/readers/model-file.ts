/**
 * One model file in, its VRAM estimate out (issue 10): the page (a file dropped on a card)
 * and the CLI (`plan estimate FILE`) both come here.
 *
 * The caller hands over the file's name, its size and a slice reader — `(start, end)` →
 * the bytes [start, end), synchronous or a promise:
 *   page:  estimateFromFile(file.name, file.size,
 *            async (s, e) => new Uint8Array(await file.slice(s, e).arrayBuffer()))
 *   Node:  estimateFromFileSync(path, size, (s, e) => { …fs.readSync(fd, buf, 0, e - s, s)… })
 * The format is told by the content first (the "GGUF" magic; a JSON text; a safetensors
 * length followed by "{"), the name's extension second. Only what the format needs is read:
 *   .gguf         the header and tensor infos (a prefix grown until they are whole; ≤ 64 MiB)
 *   .safetensors  the 8-byte length and the JSON header (≤ 100 MB, the format's own limit)
 *   .json         the whole text (≤ 5 MiB): a config.json or a model.safetensors.index.json
 * and never the weights.
 */
import {
  fmtNum,
  BITS_PER_WEIGHT,
  estimateFootprint,
  isWeightDtype,
  type Footprint,
  type FootprintInput,
} from '../../core/footprint';
import { type Confidence, type WeightDtype } from '../../core/types';
import { strFromU8 } from 'fflate';
import { GGUF_MAX_HEADER, ggufModel, readGguf } from './gguf';
import {
  footprintInputFromConfig,
  readHfConfig,
  readSafetensorsHeader,
  readSafetensorsIndex,
  safetensorsHeaderLength,
} from './model-files';

export type ModelFileFormat = 'gguf' | 'safetensors' | 'safetensors-index' | 'config';

/**
 * The largest JSON read whole (a config.json is a few KB, a safetensors index well under 1 MB).
 * @internal exported for the test at the limit.
 */
export const MODEL_JSON_MAX = 5 * 2 ** 20;
/** The first slice read, enough to tell the format (and often the whole header). */
const FIRST_SLICE = 64 * 2 ** 10;

export interface ModelFileOptions {
  /**
   * Weights dtype for a config.json (which has no weights to measure); a GGUF's or a
   * safetensors file's own tensor types always count, and this is noted as ignored.
   */
  readonly dtype?: WeightDtype;
  /** Tokens of context; default min(the model's, 4096). */
  readonly context?: number;
  readonly batch?: number;
  /**
   * MoE layers whose routed experts stay in system RAM (llama.cpp `--n-cpu-moe N`); a number
   * past the model's MoE layers means all of them (`--cpu-moe`). Ignored for a dense model (noted).
   */
  readonly cpuMoeLayers?: number;
  /**
   * The dtype of the checkpoint's weights as a safetensors header beside a config.json says
   * (its most common tensor dtype), and the file it came from: it settles a config's dtype
   * unless `dtype` is given.
   */
  readonly weightsDtype?: { readonly dtype: WeightDtype; readonly from: string };
}

export interface ModelFileEstimate {
  readonly format: ModelFileFormat;
  /** `general.architecture` (GGUF), `architectures[0]` or `model_type` (config.json); null when the file does not say. */
  readonly architecture: string | null;
  /** Counted (GGUF, safetensors: Σ elements) or estimated from the shape (config.json); null for an index. */
  readonly parameters: number | null;
  /** What went into the estimate (hand it to `estimateFootprint` again with other choices). */
  readonly input: FootprintInput;
  readonly footprint: Footprint;
  /** What the file lacks for a full estimate, in words. */
  readonly missing: readonly string[];
  /** How numbers were read and what was assumed, in words. */
  readonly notes: readonly string[];
  /** `exact` (bytes from the file), `counted` (a known architecture), `approximate` (a generic decoder, a part not counted). */
  readonly confidence: Confidence;
  /** Parameters a token reads (a mixture of experts); null for a dense model. */
  readonly activeParameters: number | null;
  /** A safetensors file's elements per dtype (what settles a config.json's dtype beside it). */
  readonly dtypes?: Readonly<Record<string, number>>;
  /** Bytes read from the file. */
  readonly bytesRead: number;
}

export type ModelFileResult =
  | { readonly ok: true; readonly value: ModelFileEstimate }
  | {
      readonly ok: false;
      /** The format the file was taken for, when it got that far. */
      readonly format: ModelFileFormat | null;
      readonly error: string;
      readonly bytesRead: number;
    };

/** A slice of the file: bytes [start, end); fewer only at the end of the file. */
export type SliceReader = (start: number, end: number) => Uint8Array | Promise<Uint8Array>;
export type SyncSliceReader = (start: number, end: number) => Uint8Array;

type Need = { readonly start: number; readonly end: number };
type Steps = Generator<Need, ModelFileResult, Uint8Array>;

/** Reads what the file's format needs through `read` (async: `File.slice`) and estimates. */
export async function estimateFromFile(
  name: string,
  size: number,
  read: SliceReader,
  opts: ModelFileOptions = {},
): Promise<ModelFileResult> {
  const steps = modelFileSteps(name, size, opts);
  let next = steps.next();
  while (!next.done) next = steps.next(await read(next.value.start, next.value.end));
  return next.value;
}

/** The same, with a synchronous reader (Node's `fs.readSync` on an open file). */
export function estimateFromFileSync(
  name: string,
  size: number,
  read: SyncSliceReader,
  opts: ModelFileOptions = {},
): ModelFileResult {
  const steps = modelFileSteps(name, size, opts);
  let next = steps.next();
  while (!next.done) next = steps.next(read(next.value.start, next.value.end));
  return next.value;
}

const MiB = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MiB`;

function extension(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).toLowerCase();
  const dot = base.lastIndexOf('.');
  return dot < 0 ? '' : base.slice(dot + 1);
}

function firstNonSpace(b: Uint8Array): number | undefined {
  let i = 0;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3; // a UTF-8 byte order mark
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  return b[i];
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * The reading as a sequence of slice requests (yielded) and the answer (returned), so one
 * body serves both the async and the sync driver.
 */
function* modelFileSteps(name: string, size: number, opts: ModelFileOptions): Steps {
  let bytesRead = 0;
  const fail = (format: ModelFileFormat | null, error: string): ModelFileResult => ({
    ok: false,
    format,
    error,
    bytesRead,
  });
  function* slice(start: number, end: number): Generator<Need, Uint8Array, Uint8Array> {
    const got = yield { start, end };
    bytesRead += got.length;
    return got;
  }
  if (!Number.isSafeInteger(size) || size < 0) return fail(null, `the file's size ${String(size)} is not a byte count`);
  if (size === 0) return fail(null, 'the file is empty');
  let head = yield* slice(0, Math.min(size, FIRST_SLICE));
  if (head.length < Math.min(size, 4)) {
    return fail(null, `the file gave ${head.length} bytes where ${Math.min(size, FIRST_SLICE)} were asked for`);
  }
  const ext = extension(name);

  // GGUF: a prefix grown until the header and tensor infos are whole.
  const isGguf = head[0] === 0x47 && head[1] === 0x47 && head[2] === 0x55 && head[3] === 0x46;
  const len = safetensorsHeaderLength(head, size);
  // A safetensors file's first 8 bytes are its header's length, whose low byte may well be
  // "{" (0x7b) or a space: the length and the "{" after it tell it first. A JSON text's
  // first 8 bytes read as a length are far beyond the 100 MB limit (its bytes are text).
  const isSafetensors = len.ok && head.length > 8 && head[8] === 0x7b;
  const isJson = !isSafetensors && firstNonSpace(head) === 0x7b;
  const known = isGguf || isJson || isSafetensors;
  if (isGguf || (!known && ext === 'gguf')) {
    for (;;) {
      const r = readGguf(head, size);
      if (r.ok) return done('gguf', r.value, opts, bytesRead);
      if (r.needMore === undefined) return fail('gguf', r.error);
      const want = Math.min(size, GGUF_MAX_HEADER, Math.max(r.needMore, head.length * 4));
      if (want <= head.length) return fail('gguf', r.error);
      const more = yield* slice(head.length, want);
      if (more.length === 0)
        return fail('gguf', `the file ended at byte ${fmtNum(head.length)}, inside the GGUF header`);
      head = concat(head, more);
    }
  }

  // JSON: a config.json or a safetensors index, read whole.
  if (isJson || (!known && ext === 'json')) {
    if (size > MODEL_JSON_MAX) {
      return fail(
        ext === 'json' ? 'config' : null,
        `a JSON file of ${MiB(size)} is neither a config.json nor a safetensors index (those are well under ${MiB(MODEL_JSON_MAX)}): not read`,
      );
    }
    const rest = size > head.length ? yield* slice(head.length, size) : new Uint8Array(0);
    const all = rest.length > 0 ? concat(head, rest) : head;
    let text: string;
    try {
      text = strFromU8(all).replace(/^\uFEFF/, '');
    } catch {
      return fail(null, `${name} is not UTF-8 text`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      return fail(null, `${name} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    const isIndex =
      typeof json === 'object' &&
      json !== null &&
      ('weight_map' in json || ('metadata' in json && !('model_type' in json)));
    if (isIndex) {
      const idx = readSafetensorsIndex(text);
      if (!idx.ok) return fail('safetensors-index', idx.error);
      const input: FootprintInput = {
        parameters: 0,
        dtype: 'bf16',
        weightBytes: idx.value.totalBytes,
        weightSource: `the safetensors index's metadata.total_size (${fmtNum(idx.value.tensors)} tensors in ${fmtNum(idx.value.shards.length)} shards)`,
        ...context(opts),
      };
      return estimate(
        'safetensors-index',
        null,
        null,
        input,
        [SHAPE_MISSING],
        [...dtypeIgnored(opts, 'an index states its bytes'), ...cpuMoeIgnored(opts, input)],
        'exact',
        bytesRead,
      );
    }
    const cfg = readHfConfig(text);
    if (!cfg.ok) return fail('config', cfg.error);
    const c = cfg.value;
    const dtype = opts.dtype ?? opts.weightsDtype?.dtype;
    const base = footprintInputFromConfig(c, {
      ...(dtype !== undefined ? { dtype } : {}),
      ...(opts.context !== undefined ? { context: opts.context } : {}),
      ...(opts.batch !== undefined ? { batch: opts.batch } : {}),
    });
    const input = withCpuMoe(base, opts);
    // What was assumed first (a warning quotes the first notes), then how each part was counted.
    const notes = [...c.notes, ...c.parts.map((p) => `${p.name} parameters counted from the shape: ${p.formula}`)];
    if (opts.dtype !== undefined) notes.push(`weights as ${opts.dtype} (--dtype)`);
    else if (opts.weightsDtype !== undefined)
      notes.push(
        `weights as ${opts.weightsDtype.dtype}, the dtype of ${opts.weightsDtype.from}'s tensors` +
          (c.dtype !== undefined && c.dtype !== opts.weightsDtype.dtype ? ` (the config says ${c.dtype})` : ''),
      );
    else
      notes.push(
        c.dtype !== undefined
          ? `weights in the config's dtype, ${c.dtype}`
          : 'no torch_dtype in the config: weights taken as float32, as transformers 4 loads such a checkpoint and transformers 5 ' +
              '(dtype="auto") does for these older float32 uploads; give --dtype or a .safetensors file to settle it',
      );
    notes.push(...cpuMoeIgnored(opts, input));
    return estimate('config', c.architecture, c.parameters, input, [], notes, c.confidence, bytesRead);
  }

  // safetensors: the 8-byte length, then the JSON header.
  if (isSafetensors || ext === 'safetensors') {
    if (!len.ok) return fail('safetensors', len.error);
    if (!isSafetensors)
      return fail('safetensors', 'not a safetensors file: its JSON header (byte 8 on) does not start with "{"');
    const total = 8 + len.value;
    if (head.length < total) head = concat(head, yield* slice(head.length, total));
    const h = readSafetensorsHeader(head, size);
    if (!h.ok) return fail('safetensors', h.error);
    const st = h.value;
    const types = Object.entries(st.dtypes)
      .sort((a, b) => b[1] - a[1])
      .map(([t, n]) => `${t} ${fmtNum(n)}`)
      .join(', ');
    const input: FootprintInput = {
      parameters: st.parameters,
      dtype: 'bf16',
      weightBytes: st.weightBytes,
      weightSource: `the safetensors header (${fmtNum(st.tensors)} tensors: ${types} elements)`,
      ...context(opts),
    };
    return estimate(
      'safetensors',
      null,
      st.parameters,
      input,
      [SHAPE_MISSING],
      [...dtypeIgnored(opts, 'its tensors carry their own dtypes'), ...cpuMoeIgnored(opts, input)],
      'exact',
      bytesRead,
      st.dtypes,
    );
  }
  const shown = [...head.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return fail(
    null,
    `${name} is not a model file this reader knows (a .gguf, a .safetensors, a config.json or a model.safetensors.index.json): it starts with ${shown}`,
  );
}

const SHAPE_MISSING =
  "the model's shape (layers, KV heads, head size): add its config.json for the KV cache; activations are a rule of thumb without it";

function context(opts: ModelFileOptions): Pick<FootprintInput, 'context' | 'batch'> {
  return {
    ...(opts.context !== undefined ? { context: opts.context } : {}),
    ...(opts.batch !== undefined ? { batch: opts.batch } : {}),
  };
}

function dtypeIgnored(opts: ModelFileOptions, why: string): string[] {
  return opts.dtype !== undefined ? [`the dtype ${opts.dtype} is ignored: ${why}`] : [];
}

/** The input with the experts-in-RAM option, for a mixture of experts (capped at its MoE layers). */
function withCpuMoe(input: FootprintInput, opts: ModelFileOptions): FootprintInput {
  const n = opts.cpuMoeLayers;
  if (n === undefined || n <= 0 || input.moe === undefined) return input;
  return { ...input, cpuMoeLayers: Math.min(n, input.moe.moeLayers) };
}

function cpuMoeIgnored(opts: ModelFileOptions, input: FootprintInput): string[] {
  return opts.cpuMoeLayers !== undefined && opts.cpuMoeLayers > 0 && input.moe === undefined
    ? ['experts in RAM asked for, but this is not a mixture of experts the file describes: ignored']
    : [];
}

/** The dtype most of a safetensors header's elements are in, as the estimator names it. */
export function safetensorsMainDtype(dtypes: Readonly<Record<string, number>>): WeightDtype | undefined {
  const main = Object.entries(dtypes).sort((a, b) => b[1] - a[1])[0]?.[0];
  const map: Record<string, WeightDtype> = {
    F32: 'fp32',
    BF16: 'bf16',
    F16: 'fp16',
    F8_E4M3: 'fp8',
    F8_E5M2: 'fp8',
    I8: 'int8',
  };
  return main === undefined ? undefined : map[main];
}

/**
 * The estimator's GGUF type nearest the file's own bits per weight (a Q4_K_M file's main type,
 * Q4_K, is a tensor type, not a file type): what parameters × dtype uses if the bytes go.
 */
function nearestGgufDtype(weightBytes: number, parameters: number): WeightDtype {
  if (!(parameters > 0)) return 'F16';
  const bits = (weightBytes * 8) / parameters;
  let best: WeightDtype = 'F16';
  for (const [d, b] of Object.entries(BITS_PER_WEIGHT) as [WeightDtype, number][]) {
    // The GGUF file types people pick (K-quant mixes, Q8_0, Q6_K, IQ4_XS, 16/32-bit), not the
    // legacy Q4_0/Q4_1/Q5_0/Q5_1 or IQ4_NL, which would win on a mix's average by accident.
    if (d !== d.toUpperCase() || /^Q[45]_[01]$|^IQ4_NL$/.test(d)) continue;
    if (Math.abs(b - bits) < Math.abs(BITS_PER_WEIGHT[best] - bits)) best = d;
  }
  return best;
}

function done(
  format: 'gguf',
  header: Extract<ReturnType<typeof readGguf>, { ok: true }>['value'],
  opts: ModelFileOptions,
  bytesRead: number,
): ModelFileResult {
  const model = ggufModel(header);
  const types = Object.entries(header.types)
    .sort((a, b) => b[1] - a[1])
    .map(([t, n]) => `${t} ${fmtNum(n)}`)
    .join(', ');
  const main = Object.entries(header.types).sort((a, b) => b[1] - a[1])[0]?.[0];
  const input: FootprintInput = withCpuMoe(
    {
      parameters: header.parameters,
      dtype: main !== undefined && isWeightDtype(main) ? main : nearestGgufDtype(header.weightBytes, header.parameters),
      weightBytes: header.weightBytes,
      weightSource: `the GGUF's ${fmtNum(header.tensors.length)} tensor infos (${types} elements)`,
      context: opts.context ?? Math.min(model.maxContext ?? 4096, 4096),
      ...(opts.batch !== undefined ? { batch: opts.batch } : {}),
      ...(model.decoder ? { decoder: model.decoder } : {}),
      ...(model.shape ? { shape: model.shape } : {}),
      ...(model.moe ? { moe: model.moe } : {}),
    },
    opts,
  );
  const missing = model.missing.map((k) => `metadata ${k}`);
  return estimate(
    format,
    model.architecture === 'unknown' ? null : model.architecture,
    header.parameters,
    input,
    missing,
    [
      ...model.notes,
      ...dtypeIgnored(opts, "a GGUF's tensors carry their own ggml types"),
      ...cpuMoeIgnored(opts, input),
    ],
    'exact',
    bytesRead,
  );
}

function estimate(
  format: ModelFileFormat,
  architecture: string | null,
  parameters: number | null,
  input: FootprintInput,
  missing: readonly string[],
  notes: readonly string[],
  confidence: Confidence,
  bytesRead: number,
  dtypes?: Readonly<Record<string, number>>,
): ModelFileResult {
  try {
    const footprint = estimateFootprint(input);
    const activeParameters = footprint.activeParameters;
    return {
      ok: true,
      value: {
        format,
        architecture,
        parameters,
        input,
        footprint,
        missing,
        notes,
        confidence,
        activeParameters,
        bytesRead,
        ...(dtypes !== undefined ? { dtypes } : {}),
      },
    };
  } catch (e) {
    return { ok: false, format, error: `no estimate: ${e instanceof Error ? e.message : String(e)}`, bytesRead };
  }
}
