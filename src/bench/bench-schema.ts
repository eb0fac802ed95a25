/**
 * The bench's fields, in one table: key, type and rule, whether required, default, how
 * it is written, which export formats carry it, nvinx's keyword for it, and the words
 * the editors show. Each table is typed against its interface in `core/types.ts` (a key
 * the interface has and the table lacks, or the reverse, fails the type check). The
 * reader (`bench-reader.ts`), the YAML writers (`write.ts`), the Python writer
 * (`exports/python.ts`) and the editors' labels, hints and number rules (`numberField`) are
 * derived from it. Adding a field touches the interface, this table and the code that
 * uses the field. Rules that compare fields with each other are in `core/bench-check.ts`.
 */
import {
  DEFAULT_HEADROOM_GB,
  RESIDENCIES,
  WINDOW_PATTERNS,
  type Bench,
  type BenchGpu,
  type CaseStudyInfo,
  type CoresidencyWindow,
  type Hardware,
  type ModelCard,
  type OverflowWindow,
  type Residency,
  type SerialHandoffWindow,
  type SplitWindow,
  type WindowPattern,
  CONFIDENCES,
  KV_DTYPES,
  TRAINING_KINDS,
  VRAM_SOURCES,
  WEIGHT_DTYPES,
  type VramEstimate,
} from '../core/types';
import { NEW_CARD } from '../core/defaults';
import { SLOWDOWN_RULE, type NumberRule } from './field-rules';
import { FORMATS, type FormatName } from './format-names';
import { LIMITS } from '../core/limits';

export type FieldType =
  | { readonly type: 'number'; readonly rule: NumberRule }
  | { readonly type: 'boolean' }
  | { readonly type: 'name' }
  | { readonly type: 'text' }
  | { readonly type: 'residency'; readonly values: readonly Residency[] }
  | { readonly type: 'pattern'; readonly values: readonly WindowPattern[] }
  /** The name of a model card. */
  | { readonly type: 'card' }
  /** A list of model-card names. */
  | { readonly type: 'cards' }
  /** A list of texts (an estimate's notes). */
  | { readonly type: 'texts' }
  /** One of a few words (a dtype, where a number came from). */
  | { readonly type: 'choice'; readonly values: readonly string[]; readonly what: string }
  /** A mapping of its own fields (a card's `vram_estimate`). */
  | { readonly type: 'group'; readonly fields: readonly FieldSpec[]; readonly what: string }
  /** A list of GPU indices (0-based; a split window's `gpus`). */
  | { readonly type: 'gpus' }
  /** The bench's GPUs: a list of mappings of its own fields (`hardware.gpus`). */
  | { readonly type: 'gpu-list'; readonly fields: readonly FieldSpec[] };

export interface FieldSpec<K extends string = string> {
  readonly key: K;
  readonly label: string;
  readonly type: FieldType;
  /** Must be present (nvinx's positional arguments, and the window's own keys). */
  readonly required: boolean;
  /**
   * The value an absent (or null) key means. `undefined`: the field stays absent.
   * Fields whose value equals their default are not written.
   */
  readonly default?: number | boolean | null | readonly string[];
  /** Written with a decimal point (`4.0`), as nvinx's files write GB figures. */
  readonly decimal?: boolean;
  /**
   * A number field whose integer spelling matters: the key that records it was written
   * as an integer (`headroom_gb: 0`). Saved state keeps that key; YAML and Python write the
   * integer (PyYAML then gives nvinx an int, and nvinx's note reads `0 GB`, not `0.0 GB`).
   */
  readonly intKey?: string;
  /** Which export formats carry the field. */
  readonly formats: readonly FormatName[];
  /** The key in the file, when it is not the interface's (`hardware.gpus` holds `more_gpus` and GPU 0). */
  readonly fileKey?: string;
  /** nvinx 0.1's keyword argument for it (`ModelSpec`, `HardwareSpec`, pattern calls). */
  readonly python?: string;
  /** One line for the editors and docs/format.md's field table. */
  readonly help: string;
}

/** A key `T` requires is required in the table or has a default of its type; an optional key has none. */
type DefaultRule<T, K extends keyof T> =
  object extends Pick<T, K>
    ? { readonly default?: never }
    : { readonly required: true; readonly default?: never } | { readonly required: false; readonly default: T[K] };

/**
 * A field of the record type `T`: one of its keys, with a default its type allows.
 * @internal exported for the type-level test of the tables' typing.
 */
export type FieldOf<T> = {
  [K in keyof T & string]-?: FieldSpec<K> & DefaultRule<T, K> & { readonly intKey?: keyof T & string };
}[keyof T & string];

/**
 * The keys of `T` a table does not list (as a field, or as a field's `intKey`).
 * @internal exported for the type-level test of the tables' typing.
 */
export type MissingKeys<T, F extends readonly { readonly key: string }[]> = Exclude<
  keyof T,
  F[number]['key'] | IntKeys<F[number]>
>;
type IntKeys<E> = E extends { readonly intKey: infer I extends string } ? I : never;

/**
 * A field table for the record type `T`, checked by the type checker: every field's key is
 * one of `T`'s (an extra key fails), and every key of `T` is listed (a missing one fails,
 * naming it).
 * @internal exported for the type-level test that a missing or extra key fails the type check.
 */
export function tableOf<T>() {
  return <const F extends readonly FieldOf<T>[]>(
    fields: F &
      ([MissingKeys<T, F>] extends [never] ? unknown : { readonly 'keys missing from the table': MissingKeys<T, F> }),
  ): F => fields;
}

/**
 * The keys of `T`, all of them, in an order (the order a document is written in); a key
 * missing or extra fails the type check.
 * @internal exported for the type-level test of the tables' typing.
 */
export function allKeysOf<T>() {
  return <const K extends readonly (keyof T & string)[]>(
    keys: K &
      ([Exclude<keyof T, K[number]>] extends [never]
        ? unknown
        : { readonly 'keys missing from the list': Exclude<keyof T, K[number]> }),
  ): K => keys;
}

const ALL: readonly FormatName[] = FORMATS;
const PLANNER: readonly FormatName[] = ['bench'];
const WITH_CASE: readonly FormatName[] = ['bench', 'case-study'];

const num = (rule: NumberRule): FieldType => ({ type: 'number', rule });

const GPU_VRAM = {
  key: 'vram_gb',
  label: 'VRAM',
  type: num({ min: 0, exclusiveMin: true, max: LIMITS.hardwareVramGb, unit: 'GB' }),
  required: true,
  decimal: true,
  formats: ALL,
  python: 'vram_gb',
  help: 'The GPU memory of the card, in GB.',
} as const;
const GPU_MODEL = {
  key: 'model',
  label: 'GPU model',
  type: { type: 'text' },
  required: false,
  formats: WITH_CASE,
  help: 'The GPU model, for a case study; never used to plan.',
} as const;
// Bandwidths time a ram_overflow window (core/overflow-time.ts); nvinx's HardwareSpec has no such argument.
const GPU_BANDWIDTH = {
  key: 'gpu_bandwidth_gbps',
  label: 'GPU bandwidth',
  type: num({ min: 0, exclusiveMin: true, max: LIMITS.bandwidthGbps, unit: 'GB/s' }),
  required: false,
  formats: WITH_CASE,
  help: 'How fast the GPU reads its VRAM (spec sheet). Times a spilled model.',
} as const;
const PCIE_BANDWIDTH = {
  key: 'pcie_bandwidth_gbps',
  label: 'PCIe bandwidth',
  type: num({ min: 0, exclusiveMin: true, max: LIMITS.bandwidthGbps, unit: 'GB/s' }),
  required: false,
  formats: WITH_CASE,
  help: 'The link’s effective host-to-device rate (≈ 80% of theoretical): device_map="auto" streams spilled weights over it.',
} as const;

/** One GPU of `hardware.gpus` (issue 18): GPU 0's fields are the hardware card's own. */
export const GPU_FIELDS = tableOf<BenchGpu>()([GPU_VRAM, GPU_MODEL, GPU_BANDWIDTH, PCIE_BANDWIDTH]);

/** The hardware keys that are GPU 0's (written inside `hardware.gpus` on a bench of several GPUs). */
export const GPU_KEYS: readonly string[] = GPU_FIELDS.map((f) => f.key);

export const HARDWARE_FIELDS = tableOf<Hardware>()([
  GPU_VRAM,
  {
    key: 'ram_gb',
    label: 'RAM',
    type: num({ min: 0, exclusiveMin: true, max: LIMITS.hardwareRamGb, unit: 'GB' }),
    required: true,
    decimal: true,
    formats: ALL,
    python: 'ram_gb',
    help: 'System RAM, in GB (what a ram_overflow window may spill into).',
  },
  {
    key: 'cpu_cores',
    label: 'CPU cores',
    type: num({ min: 1, max: LIMITS.cpuCores, integer: true }),
    required: true,
    formats: ALL,
    python: 'cpu_cores',
    help: 'CPU cores the CPU jobs share while the GPU is held.',
  },
  GPU_MODEL,
  GPU_BANDWIDTH,
  PCIE_BANDWIDTH,
  {
    key: 'ram_bandwidth_gbps',
    label: 'RAM bandwidth',
    type: num({ min: 0, exclusiveMin: true, max: LIMITS.bandwidthGbps, unit: 'GB/s' }),
    required: false,
    formats: WITH_CASE,
    help: 'MT/s × 8 bytes × channels: what layers run on the CPU (llama.cpp style) read at.',
  },
  {
    key: 'more_gpus',
    fileKey: 'gpus',
    label: 'GPUs',
    type: { type: 'gpu-list', fields: GPU_FIELDS },
    required: false,
    formats: WITH_CASE,
    help:
      'Every GPU of a bench with several, GPU 0 first: each {vram_gb, model?, gpu_bandwidth_gbps?, pcie_bandwidth_gbps?}, ' +
      'instead of those keys on the hardware card (both at once is an error).',
  },
  {
    key: 'interconnect_gbps',
    label: 'GPU interconnect',
    type: num({ min: 0, exclusiveMin: true, max: LIMITS.bandwidthGbps, unit: 'GB/s' }),
    required: false,
    formats: WITH_CASE,
    help: 'GPU-to-GPU bandwidth (NVLink or PCIe peer): a split model hands its hidden state over it.',
  },
]);

const count = (max: number): FieldType => num({ min: 0, max, integer: true });
const positiveCount = (max: number): FieldType => num({ min: 1, max, integer: true });
function estimateField<K extends keyof VramEstimate & string, R extends boolean = false>(
  key: K,
  label: string,
  type: FieldType,
  help: string,
  required?: R,
  decimal?: true,
) {
  return {
    key,
    label,
    type,
    required: (required ?? false) as R,
    formats: WITH_CASE,
    help,
    ...(decimal === undefined ? {} : { decimal }),
  };
}

/**
 * A card's `vram_estimate`: the inputs of the footprint estimate (core/footprint.ts), kept
 * with the card so a shared bench or case study shows the breakdown and which numbers
 * are guesses. Never used to plan (the plan reads `vram_gb`).
 */
export const ESTIMATE_FIELDS = tableOf<VramEstimate>()([
  estimateField(
    'from',
    'From',
    { type: 'text' },
    'What the estimate was made from (a file, a Hub id, parameters × dtype).',
    true,
  ),
  estimateField('architecture', 'Architecture', { type: 'text' }, 'The model family the file names (llama, bert, …).'),
  estimateField('parameters', 'Parameters', count(1e14), 'Parameter count.', true),
  estimateField(
    'dtype',
    'Weights dtype',
    { type: 'choice', values: WEIGHT_DTYPES, what: 'dtype' },
    'Bits per weight: fp32, bf16/fp16, fp8, int8, int4, or a GGUF quant type.',
    true,
  ),
  estimateField(
    'weight_bytes',
    'Weight bytes',
    count(2 ** 53),
    "Exact weight bytes from a file's header (replaces parameters × dtype).",
  ),
  estimateField('context', 'Context', positiveCount(1e8), 'Tokens of context (prompt + generated); 4096 when absent.'),
  estimateField('batch', 'Batch', positiveCount(1e6), 'Sequences at once; 1 when absent.'),
  estimateField(
    'kv_dtype',
    'KV cache dtype',
    { type: 'choice', values: KV_DTYPES, what: 'KV cache dtype' },
    'fp16 when absent.',
  ),
  estimateField('flash_attention', 'Flash attention', { type: 'boolean' }, 'No attention scores are kept.'),
  estimateField('layers', 'Layers', positiveCount(1e5), 'Decoder layers that keep a KV cache.'),
  estimateField('kv_heads', 'KV heads', positiveCount(1e5), 'num_key_value_heads (grouped-query attention).'),
  estimateField('head_dim', 'Head size', positiveCount(1e6), 'Size of one attention head.'),
  estimateField('sliding_window', 'Sliding window', positiveCount(1e8), 'Tokens a sliding-window layer keeps.'),
  estimateField('sliding_layers', 'Sliding layers', count(1e5), 'How many layers use the window (all when absent).'),
  estimateField(
    'cross_attention_tokens',
    'Cross-attention tokens',
    count(1e8),
    'Encoder tokens the decoder attends to.',
  ),
  estimateField(
    'kv_latent',
    'KV latent',
    positiveCount(1e6),
    'Multi-head latent attention: values cached per layer per token (kv_lora_rank + qk_rope_head_dim).',
  ),
  estimateField('experts', 'Experts', positiveCount(1e5), 'A mixture of experts: routed experts in each MoE layer.'),
  estimateField('experts_per_token', 'Experts per token', positiveCount(1e5), 'Routed experts each token uses.'),
  estimateField('moe_layers', 'MoE layers', positiveCount(1e5), 'Layers with routed experts.'),
  estimateField(
    'expert_parameters',
    'Expert parameters',
    count(1e14),
    'Parameters of the routed experts over all MoE layers (all resident; a token reads experts_per_token of them).',
  ),
  estimateField(
    'expert_bytes',
    'Expert bytes',
    count(2 ** 53),
    "The routed experts' exact bytes, from a file's tensors.",
  ),
  estimateField(
    'cpu_moe_layers',
    'MoE layers with experts in RAM',
    count(1e5),
    "MoE layers whose routed experts stay in system RAM (llama.cpp's --n-cpu-moe); 0 when absent.",
  ),
  estimateField(
    'fused_cross_entropy',
    'Fused cross-entropy',
    { type: 'boolean' },
    'A fine-tune computes the loss in chunks (Liger, Cut Cross-Entropy): no whole logits.',
  ),
  estimateField(
    'confidence',
    'Confidence',
    { type: 'choice', values: CONFIDENCES, what: 'confidence' },
    'exact (bytes from the file), counted (an architecture the reader knows) or approximate (a generic decoder or a part not counted).',
  ),
  estimateField('notes', 'Notes', { type: 'texts' }, 'What was assumed while reading the model.'),
  estimateField(
    'model_layers',
    'Model layers',
    positiveCount(1e5),
    "Transformer layers, encoder and decoder (a fine-tune's activations count each).",
  ),
  estimateField('hidden_size', 'Hidden size', positiveCount(1e7), 'The model width.'),
  estimateField('intermediate_size', 'Intermediate size', positiveCount(1e8), 'The feed-forward width.'),
  estimateField('attention_heads', 'Attention heads', positiveCount(1e5), 'Query heads.'),
  estimateField('vocab_size', 'Vocabulary', positiveCount(1e8), 'Tokens in the vocabulary (the logits).'),
  estimateField('encoder_only', 'Encoder only', { type: 'boolean' }, 'Reads its whole input at once (BERT, ESM).'),
  estimateField(
    'logit_softcap',
    'Logit soft-capping',
    { type: 'boolean' },
    "The model soft-caps its logits (Gemma 2's `final_logit_softcapping`): a fine-tune keeps the cap's output.",
  ),
  estimateField(
    'overhead_gb',
    'Runtime overhead',
    num({ min: 0, max: LIMITS.headroomGb, unit: 'GB' }),
    'CUDA context and allocator; 0.5 GB when absent.',
    false,
    true,
  ),
  estimateField(
    'margin',
    'Margin',
    num({ min: 0, max: 10 }),
    'A fraction of the sum added for safety; 0.1 (10 %) when absent.',
    false,
    true,
  ),
  estimateField(
    'training',
    'Use',
    { type: 'choice', values: TRAINING_KINDS, what: 'fine-tune kind' },
    'full (every weight, AdamW) or lora (adapters over frozen weights); absent: inference.',
  ),
  estimateField(
    'trainable_parameters',
    'Trained parameters',
    count(1e14),
    'Parameters a LoRA fine-tune trains (1 % of the model when absent).',
  ),
  estimateField(
    'gradient_checkpointing',
    'Gradient checkpointing',
    { type: 'boolean' },
    'Each layer keeps only its input; the rest is recomputed.',
  ),
]);

export const MODEL_FIELDS = tableOf<ModelCard>()([
  {
    key: 'name',
    label: 'Name',
    type: { type: 'name' },
    required: true,
    formats: ALL,
    python: 'name',
    help: 'Unique; windows refer to the card by it.',
  },
  {
    key: 'vram_gb',
    label: 'VRAM',
    type: num({ min: 0, max: LIMITS.modelGb, unit: 'GB' }),
    required: true,
    decimal: true,
    formats: ALL,
    python: 'vram_gb',
    help: 'VRAM the model takes on the GPU, in GB.',
  },
  {
    key: 'residency',
    label: 'Residency',
    type: { type: 'residency', values: RESIDENCIES },
    required: true,
    formats: ALL,
    python: 'residency',
    help: 'How it may use the GPU: GPU_EXCLUSIVE, GPU_SHARED, CPU_ONLY or GPU_RAM_OVERFLOW.',
  },
  {
    key: 'cpu_fallback_supported',
    label: 'CPU fallback',
    type: { type: 'boolean' },
    required: false,
    default: NEW_CARD.cpu_fallback_supported,
    formats: ALL,
    python: 'cpu_fallback_supported',
    help: 'It can run on the CPU when it does not get the GPU.',
  },
  {
    key: 'ram_overflow_supported',
    label: 'RAM overflow',
    type: { type: 'boolean' },
    required: false,
    default: NEW_CARD.ram_overflow_supported,
    formats: ALL,
    python: 'ram_overflow_supported',
    help: 'Its runtime can offload layers to system RAM (device_map="auto").',
  },
  {
    key: 'ram_gb_needed',
    label: 'RAM needed',
    type: num({ min: 0, max: LIMITS.modelGb, unit: 'GB' }),
    required: false,
    default: NEW_CARD.ram_gb_needed,
    decimal: true,
    formats: ALL,
    python: 'ram_gb_needed',
    help: 'Its whole footprint in GB (VRAM part plus spilled part), for ram_overflow.',
  },
  {
    key: 'hours',
    label: 'Hours',
    type: num({ min: 0, max: LIMITS.hours, unit: 'h' }),
    required: false,
    decimal: true,
    formats: PLANNER,
    help: 'How long it runs where the plan puts it (timing only; unknown: 1 h).',
  },
  {
    key: 'cpu_hours',
    label: 'CPU hours',
    type: num({ min: 0, max: LIMITS.hours, unit: 'h' }),
    required: false,
    decimal: true,
    formats: PLANNER,
    help: 'Its time on the CPU when it falls back there (unknown: equal to Hours).',
  },
  {
    key: 'cores',
    label: 'Cores',
    type: num({ min: 1, max: LIMITS.cpuCores, integer: true }),
    required: false,
    formats: PLANNER,
    help: 'CPU cores it holds while on the CPU (unknown: 1).',
  },
  {
    key: 'command',
    label: 'Command',
    type: { type: 'text' },
    required: false,
    formats: PLANNER,
    help: 'What to run for this card on a cluster (a shell command); the Slurm, Kubernetes, Ray and SkyPilot exports use it.',
  },
  {
    key: 'vram_source',
    label: 'VRAM from',
    type: { type: 'choice', values: VRAM_SOURCES, what: 'VRAM source' },
    required: false,
    formats: WITH_CASE,
    help: 'Where vram_gb came from: typed (by hand; also when absent), estimated (from the model) or measured (on the GPU).',
  },
  {
    key: 'vram_estimate',
    label: 'VRAM estimate',
    type: { type: 'group', fields: ESTIMATE_FIELDS, what: 'estimate fields (from, parameters, dtype, …)' },
    required: false,
    formats: WITH_CASE,
    help: "The estimate's inputs (from the model file, the Hub or parameters × dtype), so its breakdown can be shown anywhere.",
  },
]);

const HEADROOM = {
  key: 'headroom_gb',
  label: 'Headroom',
  type: num({ min: 0, max: LIMITS.headroomGb, unit: 'GB' }),
  required: false,
  default: DEFAULT_HEADROOM_GB,
  decimal: true,
  intKey: 'headroom_is_int',
  formats: WITH_CASE,
  python: 'headroom_gb',
  help: "VRAM kept free for activations and kernel launches (nvinx's default 0.5 GB).",
} as const;

const WINDOW_NAME = {
  key: 'name',
  label: 'Window name',
  type: { type: 'name' },
  required: true,
  formats: WITH_CASE,
  help: 'Unique among the windows.',
} as const;
const WINDOW_PATTERN = {
  key: 'pattern',
  label: 'Pattern',
  type: { type: 'pattern', values: WINDOW_PATTERNS },
  required: true,
  formats: WITH_CASE,
  help: 'serial_handoff, fractional_coresidency, ram_overflow (nvinx) or multi_gpu_split (the planner’s, several GPUs).',
} as const;
/** The GPU a one-GPU window runs on (issue 18); the nvinx config has one GPU per file. */
const WINDOW_GPU = {
  key: 'gpu',
  label: 'GPU',
  type: num({ min: 0, max: LIMITS.gpus - 1, integer: true }),
  required: false,
  formats: WITH_CASE,
  help: 'The GPU the window runs on (0-based; absent: GPU 0).',
} as const;

/**
 * Each pattern's window fields, in the order they are written. The card fields (`card`,
 * `cards`) are nvinx's positional arguments of the pattern call, in this order, before
 * the hardware; fields with a `python` keyword follow it.
 */
export const WINDOW_FIELDS = {
  serial_handoff: tableOf<SerialHandoffWindow>()([
    WINDOW_NAME,
    WINDOW_PATTERN,
    {
      key: 'gpu_job',
      label: 'GPU job',
      type: { type: 'card' },
      required: true,
      formats: WITH_CASE,
      help: 'The GPU_EXCLUSIVE card that holds the GPU.',
    },
    {
      key: 'candidates',
      label: 'CPU candidates',
      type: { type: 'cards' },
      required: false,
      default: [],
      formats: WITH_CASE,
      help: 'Cards that may run on the CPU meanwhile.',
    },
    WINDOW_GPU,
  ]),
  fractional_coresidency: tableOf<CoresidencyWindow>()([
    WINDOW_NAME,
    WINDOW_PATTERN,
    {
      key: 'candidates',
      label: 'Candidates',
      type: { type: 'cards' },
      required: true,
      formats: WITH_CASE,
      help: 'Cards to pack into the VRAM budget.',
    },
    HEADROOM,
    WINDOW_GPU,
  ]),
  ram_overflow: tableOf<OverflowWindow>()([
    WINDOW_NAME,
    WINDOW_PATTERN,
    {
      key: 'model',
      label: 'Model',
      type: { type: 'card' },
      required: true,
      formats: WITH_CASE,
      help: 'The card split between VRAM and RAM.',
    },
    HEADROOM,
    WINDOW_GPU,
  ]),
  multi_gpu_split: tableOf<SplitWindow>()([
    WINDOW_NAME,
    WINDOW_PATTERN,
    {
      key: 'model',
      label: 'Model',
      type: { type: 'card' },
      required: true,
      formats: WITH_CASE,
      help: 'The card whose weights are split across the GPUs (the rest to RAM).',
    },
    {
      key: 'gpus',
      label: 'GPUs',
      type: { type: 'gpus' },
      required: true,
      formats: WITH_CASE,
      help: 'The GPUs it holds, by index (filled in index order).',
    },
    HEADROOM,
  ]),
} as const satisfies Record<WindowPattern, readonly FieldSpec[]>;

/** The bench document's own top-level fields (besides hardware, models and windows). */
export const BENCH_FIELDS = tableOf<Pick<Bench, 'name' | 'coresidency_slowdown'>>()([
  {
    key: 'name',
    label: 'Bench name',
    type: { type: 'name' },
    required: false,
    formats: PLANNER,
    help: 'The bench’s name (file names are made from it). Empty: no name.',
  },
  {
    key: 'coresidency_slowdown',
    label: 'Co-residency slowdown',
    type: num(SLOWDOWN_RULE),
    required: false,
    decimal: true,
    formats: PLANNER,
    help: 'How much slower a model runs while others share the card (1.0: none).',
  },
]);

/**
 * The bench document's nested sections, each read and written by its own module
 * (`interference`: nvinx 0.3's calibration, `interference-reader.ts`). Bench format only.
 */
const BENCH_SECTIONS = ['interference'] as const;

/** The bench document's top-level keys, in the order they are written (every key of `Bench`). */
export const BENCH_KEYS = allKeysOf<Bench>()([
  'name',
  'hardware',
  'models',
  'windows',
  'coresidency_slowdown',
  'interference',
  'case_study',
]);

/** The top-level keys nvinx's config format has; a document with any other bench key is the planner's. */
export const NVINX_KEYS = ['hardware', 'models'] as const satisfies readonly (typeof BENCH_KEYS)[number][];

/** Where a case-study field sits in nvinx's submission format. */
export type CaseSection = 'root' | 'workload' | 'experience';

export type CaseFieldSpec = FieldOf<CaseStudyInfo> & {
  readonly section: CaseSection;
  /** Where nvinx's template writes it instead of its section (the GPU model: `hardware.model`). */
  readonly writtenAt?: readonly string[];
  /** What the case study writes when the field is empty, as nvinx's template (absent: the key is left out). */
  readonly blank?: string | null;
};

function caseField<K extends keyof CaseStudyInfo & string>(
  key: K,
  label: string,
  section: CaseSection,
  help: string,
  more: { type?: FieldType; writtenAt?: readonly string[]; blank?: string | null } = {},
) {
  return { key, label, type: { type: 'text' }, required: false, formats: WITH_CASE, section, help, ...more } as const;
}
const hours = num({ min: 0, max: LIMITS.hours, unit: 'h' });

/** The case-study fields (flat under `case_study` in the bench document), in nvinx's template's order. */
export const CASE_STUDY_FIELDS = tableOf<CaseStudyInfo>()([
  caseField('submitter', 'Submitter', 'root', 'Your GitHub handle.'),
  caseField('date', 'Date', 'root', 'When the day was run (YYYY-MM-DD).', { blank: '' }),
  caseField('gpu_model', 'GPU model', 'root', 'The GPU model, for the case study; never used to plan.', {
    writtenAt: ['hardware', 'model'],
  }),
  caseField('domain', 'Domain', 'workload', 'bioinformatics, imaging, nlp, other …', { blank: 'other' }),
  caseField('description', 'Description', 'workload', 'What the day’s work is.', { blank: '' }),
  caseField('pattern_tried', 'Pattern tried', 'experience', 'The pattern you tried (one, as nvinx’s template asks).', {
    blank: null,
  }),
  caseField('old_wall_clock_hours', 'Old wall-clock', 'experience', 'Hours the day took before.', {
    type: hours,
    blank: null,
  }),
  caseField('new_wall_clock_hours', 'New wall-clock', 'experience', 'Hours it takes with the plan.', {
    type: hours,
    blank: null,
  }),
  caseField('what_broke', 'What broke', 'experience', 'Anything that went wrong.', { blank: null }),
  caseField('suggested_improvements', 'Suggested improvements', 'experience', 'What nvinx could do better.', {
    blank: null,
  }),
]) satisfies readonly CaseFieldSpec[];

/** The case-study fields of a section that are written there. */
const caseFieldsIn = (section: CaseSection): readonly CaseFieldSpec[] =>
  CASE_STUDY_FIELDS.filter((f: CaseFieldSpec) => f.section === section && f.writtenAt === undefined);

/**
 * The case-study document's layout (nvinx's template): each section's keys in order, its
 * fields and the bench's parts. The planner's own top-level keys are read there too.
 */
export const CASE_LAYOUT = {
  root: [...caseFieldsIn('root').map((f) => f.key), 'hardware', 'workload', 'experience'],
  workload: [...caseFieldsIn('workload').map((f) => f.key), 'models', 'windows'],
  experience: caseFieldsIn('experience').map((f) => f.key),
  /** Bench keys a case study may carry at its top level besides its own. */
  plannerRoot: BENCH_KEYS.filter((k) => !['hardware', 'models', 'case_study', ...BENCH_SECTIONS].includes(k)),
} as const;

type Fields = readonly FieldSpec[];

/** The keys of a table as the file spells them, for unknown-key warnings. */
export const keysOf = (fields: Fields): readonly string[] => fields.map((f) => f.fileKey ?? f.key);

/** Look a field up by key (the type checker knows the table's keys). */
export function fieldOf<F extends Fields>(fields: F, key: F[number]['key']): FieldSpec {
  const f = fields.find((x) => x.key === key);
  if (f === undefined) throw new Error(`no field ${key}`);
  return f;
}

/** Keys written with a decimal point, in every table. */
export const DECIMAL_KEYS: ReadonlySet<string> = new Set(
  [
    ...HARDWARE_FIELDS,
    ...MODEL_FIELDS,
    ...ESTIMATE_FIELDS,
    ...Object.values(WINDOW_FIELDS).flat(),
    ...BENCH_FIELDS,
    ...CASE_STUDY_FIELDS,
  ]
    .filter((f) => 'decimal' in f && f.decimal === true)
    .map((f) => f.key),
);

/** An editor's props for a number field of a table: label, unit and rule, from the table. */
export function numberField<F extends Fields>(
  fields: F,
  key: F[number]['key'],
): { label: string; unit?: string; rule: NumberRule } {
  const f = fieldOf(fields, key);
  if (f.type.type !== 'number') throw new Error(`${key} is not a number field`);
  const unit = f.type.rule.unit;
  return unit === undefined ? { label: f.label, rule: f.type.rule } : { label: f.label, unit, rule: f.type.rule };
}

/** What each residency uses, so editors explain fields rather than hide them. */
export function fieldRelevance(residency: Residency): {
  vram: string | null;
  cpuFallback: string | null;
  ramOverflow: string | null;
} {
  const overflowOnly = 'Only a ram_overflow window reads RAM overflow settings.';
  switch (residency) {
    case 'CPU_ONLY':
      return {
        vram: 'CPU_ONLY cards never use VRAM; vram_gb is kept but not planned.',
        cpuFallback: 'CPU_ONLY cards always run on the CPU; CPU fallback changes nothing.',
        ramOverflow: overflowOnly,
      };
    case 'GPU_EXCLUSIVE':
    case 'GPU_SHARED':
      return { vram: null, cpuFallback: null, ramOverflow: overflowOnly };
    case 'GPU_RAM_OVERFLOW':
      return { vram: null, cpuFallback: null, ramOverflow: null };
  }
}
