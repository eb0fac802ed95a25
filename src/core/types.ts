/**
 * The planner's domain model. Field names follow nvinx 0.1's `catalog.py` and YAML
 * schema (snake_case) so that a bench document reads the same in Python and here.
 */

export const RESIDENCIES = ['GPU_EXCLUSIVE', 'GPU_SHARED', 'CPU_ONLY', 'GPU_RAM_OVERFLOW'] as const;
export type Residency = (typeof RESIDENCIES)[number];

export const PATTERNS = ['serial_handoff', 'fractional_coresidency', 'ram_overflow'] as const;
export type PatternName = (typeof PATTERNS)[number];

/** nvinx's default VRAM reserved for activations and kernel launches. */
export const DEFAULT_HEADROOM_GB = 0.5;

/** nvinx's stated cost of running layers from system RAM (Pattern C). */
export const OVERFLOW_SLOWDOWN = { min: 3, max: 5, text: '3-5x vs. pure-GPU inference', words: '3–5×' } as const;

/**
 * One GPU of a bench with several (issue 18): its VRAM and, optionally, its model name and
 * bandwidths. Each GPU is planned as nvinx plans a `HardwareSpec(vram_gb=<its VRAM>)`.
 */
export interface BenchGpu {
  readonly vram_gb: number;
  /** Informational GPU model name, never used to plan. */
  readonly model?: string;
  readonly gpu_bandwidth_gbps?: number;
  readonly pcie_bandwidth_gbps?: number;
}

/**
 * `HardwareSpec`: the physical envelope of the bench. GPU 0 is the card's own `vram_gb`,
 * `model` and GPU/PCIe bandwidths (so a one-GPU bench is nvinx's `HardwareSpec` unchanged);
 * `more_gpus` lists GPUs 1, 2, … of a bench with several (the file writes them all under
 * `hardware.gpus`; `core/bench-gpus.ts` reads and edits them as one list).
 */
export interface Hardware {
  readonly vram_gb: number;
  readonly ram_gb: number;
  readonly cpu_cores: number;
  /** Informational GPU model name (case-study format), never used to plan. */
  readonly model?: string;
  /** GPU memory bandwidth, GB/s: times a spilled model (never passed to nvinx). */
  readonly gpu_bandwidth_gbps?: number;
  /** Effective host-to-device PCIe bandwidth, GB/s (accelerate streams spilled weights over it). */
  readonly pcie_bandwidth_gbps?: number;
  /** System RAM bandwidth, GB/s (CPU-run layers read their weights from it). */
  readonly ram_bandwidth_gbps?: number;
  /** GPUs 1, 2, … (absent or empty: one GPU). */
  readonly more_gpus?: readonly BenchGpu[];
  /** GPU-to-GPU bandwidth, GB/s (NVLink or PCIe peer): a split model's hand-offs cross it. */
  readonly interconnect_gbps?: number;
}

/** `ModelSpec`: one workload to schedule, plus the planner's optional timing fields. */
export interface ModelCard {
  readonly name: string;
  readonly vram_gb: number;
  readonly residency: Residency;
  readonly cpu_fallback_supported: boolean;
  readonly ram_overflow_supported: boolean;
  readonly ram_gb_needed: number | null;
  /** Hours the job runs where the plan puts it (GPU, or CPU for CPU_ONLY cards). */
  readonly hours?: number;
  /** Hours the job runs on the CPU when it falls back there. */
  readonly cpu_hours?: number;
  /** CPU cores the job occupies while on the CPU (default 1). */
  readonly cores?: number;
  /** What to run for this card on a cluster (a shell command); only the scheduler exports read it. */
  readonly command?: string;
  /** Where `vram_gb` came from (absent: typed by hand). Never used to plan. */
  readonly vram_source?: VramSource;
  /** The estimate's inputs, kept so its breakdown can be shown anywhere (issue 10). Never used to plan. */
  readonly vram_estimate?: VramEstimate;
}

/** What every window that runs on one GPU carries: which one (0-based; absent: GPU 0). */
interface OnOneGpu {
  readonly gpu?: number;
}

export interface SerialHandoffWindow extends OnOneGpu {
  readonly name: string;
  readonly pattern: 'serial_handoff';
  readonly gpu_job: string;
  readonly candidates: readonly string[];
}

export interface CoresidencyWindow extends OnOneGpu {
  readonly name: string;
  readonly pattern: 'fractional_coresidency';
  readonly candidates: readonly string[];
  readonly headroom_gb: number;
  /**
   * True when headroom_gb was written as an integer (`headroom_gb: 0`): PyYAML then gives
   * nvinx an int, and nvinx's note reads `(+ 0 GB headroom)`, not `(+ 0.0 GB headroom)`.
   */
  readonly headroom_is_int?: boolean;
}

export interface OverflowWindow extends OnOneGpu {
  readonly name: string;
  readonly pattern: 'ram_overflow';
  readonly model: string;
  readonly headroom_gb: number;
  /** As for a co-residency window (nvinx's Pattern C notes do not show it). */
  readonly headroom_is_int?: boolean;
}

/** The planner's own pattern (not nvinx's): one model's weights over several GPUs, the rest to RAM. */
export const SPLIT_PATTERN = 'multi_gpu_split';

/** A model split across GPUs (`multiGpuSplit`): it holds every GPU it names for its window. */
export interface SplitWindow {
  readonly name: string;
  readonly pattern: typeof SPLIT_PATTERN;
  readonly model: string;
  /** The GPUs, in the order the weights fill them (0-based indices). */
  readonly gpus: readonly number[];
  readonly headroom_gb: number;
  readonly headroom_is_int?: boolean;
}

/** One pattern call of the day. */
export type WindowSpec = SerialHandoffWindow | CoresidencyWindow | OverflowWindow | SplitWindow;

/** Every pattern a window may name: nvinx's three, then the planner's split. */
export const WINDOW_PATTERNS = [...PATTERNS, SPLIT_PATTERN] as const;

/** A window with a candidate list (serial_handoff, fractional_coresidency). */
export const hasCandidates = (w: WindowSpec): w is SerialHandoffWindow | CoresidencyWindow =>
  w.pattern === 'serial_handoff' || w.pattern === 'fractional_coresidency';

/** The card a ram_overflow or multi_gpu_split window runs (null for the others). */
export const windowModel = (w: WindowSpec): string | null =>
  w.pattern === 'ram_overflow' || w.pattern === 'multi_gpu_split' ? w.model : null;

/** A window's pattern: nvinx's three, or the split. */
export type WindowPattern = WindowSpec['pattern'];

/** Case-study fields kept from nvinx's submission format (everything but hardware and models). */
export interface CaseStudyInfo {
  readonly submitter?: string;
  readonly date?: string;
  /** The GPU model (the case study's `hardware.model`), typed in its form: informational, never planned. */
  readonly gpu_model?: string;
  readonly domain?: string;
  readonly description?: string;
  readonly pattern_tried?: string;
  readonly old_wall_clock_hours?: number | null;
  readonly new_wall_clock_hours?: number | null;
  readonly what_broke?: string | null;
  readonly suggested_improvements?: string | null;
}

/** `HardwareCoefficients`: the substrate's fitted coefficients. */
export interface HardwareCoefficients {
  readonly idlef_polynomial: readonly number[];
  readonly powerp_linear: readonly number[];
  readonly nominal_freq_mhz: number;
  readonly tdp_watts: number;
  readonly substrate_name: string;
}

/** `InterferenceProfile`: one model's calibrated figures. */
export interface InterferenceProfile {
  readonly name: string;
  readonly kernels: number;
  readonly baseidle_ms: number;
  readonly act_solo_ms: number;
  readonly l2_saturation_pct: number;
  readonly k_l2: number;
  /** Fitted queue-aware coefficient; null when the model was profiled but not fitted. */
  readonly theta: number | null;
  readonly power_w: number;
  readonly architecture_class: string;
}

/** `PairLookupEntry`: a measured co-located pair, used before any formula. */
export interface PairLookupEntry {
  readonly pair: readonly [string, string];
  readonly measured_latency_a_ms: number;
  readonly measured_latency_b_ms: number;
  readonly measured_at: string;
}

/** One `pair_measurements` row of a calibration: (name_a, name_b, meas_a_ms, meas_b_ms). */
export type PairMeasurement = readonly [string, string, number, number];

/**
 * The bench's `interference:` section: a `CalibrationResult` as nvinx-calibrate writes it
 * (`calibration_result.json`), plus the two settings `fractional_coresidency_v2` also takes.
 * `profiles` is the file's mapping: its key is what cards are matched by (nvinx's
 * `interference_profiles[m.name]`), the profile's own name what lookups use. It is read
 * only through `profileMap` (own keys: a model named `__proto__` is a key like any other).
 */
export interface Calibration {
  readonly hw_coefs: HardwareCoefficients;
  readonly profiles: Readonly<Record<string, InterferenceProfile>>;
  readonly pair_measurements: readonly PairMeasurement[];
  readonly gamma_kernel_size: number | null;
  readonly lopo_mean_pct: number | null;
  readonly lopo_max_pct: number | null;
  readonly lopo_mean_pct_v5: number | null;
  readonly lopo_max_pct_v5: number | null;
  readonly notes: readonly string[];
  readonly pair_lookup?: readonly PairLookupEntry[];
  readonly max_kernel_rate_threshold?: number | null;
}

/** The bench document: hardware card, model cards, and the day's windows. */
export interface Bench {
  readonly name?: string;
  readonly hardware: Hardware;
  readonly models: readonly ModelCard[];
  /** The day's pattern calls in order; absent means "compose them from the cards". */
  readonly windows?: readonly WindowSpec[];
  /** Slowdown factor applied to co-resident models' hours (default 1.0). */
  readonly coresidency_slowdown?: number;
  /** nvinx 0.3's interference calibration (`calibration_result.json`); absent: the single slowdown. */
  readonly interference?: Calibration;
  readonly case_study?: CaseStudyInfo;
}

export type Placement = 'gpu_foreground' | 'gpu_coresident' | 'cpu_parallel' | 'overflow' | 'unscheduled';

/** Why one card landed where it did, in plain words. */
export interface Decision {
  readonly name: string;
  readonly placement: Placement;
  readonly reason: string;
  /** A composed day's card left unscheduled here that a later co-resident stack runs: that window's name (the reason says so). */
  readonly runsIn?: string;
}

/** `SchedulingPlan`, plus the reasons the planner gives for each placement. */
export interface SchedulingPlan {
  readonly gpu_foreground: ModelCard | null;
  readonly gpu_coresident: readonly ModelCard[];
  readonly cpu_parallel: readonly ModelCard[];
  readonly overflow: readonly ModelCard[];
  readonly unscheduled: readonly ModelCard[];
  /** nvinx 0.1's own notes, byte for byte. */
  readonly notes: readonly string[];
  readonly decisions: readonly Decision[];
  /** Pattern B only: the VRAM budget after headroom and what the packed models use. */
  readonly budget_gb?: number;
  readonly used_gb?: number;
  readonly headroom_gb?: number;
}

/** Pattern C's hint: keyword arguments for `from_pretrained`. */
export interface OverflowHint {
  readonly device_map: 'auto';
  readonly max_memory: { readonly '0': string; readonly cpu: string };
  readonly estimated_slowdown: string;
  readonly notes: string;
  readonly model: ModelCard;
  readonly gpu_gb: number;
  readonly cpu_gb: number;
  readonly headroom_gb: number;
}

/** The split's hint: `from_pretrained`'s keyword arguments and llama.cpp's `--tensor-split`. */
export interface SplitHint {
  readonly device_map: 'auto';
  /** One key per GPU index (a string) in fill order, then "cpu": `"11.5GiB"` as nvinx writes GiB. */
  readonly max_memory: Readonly<Record<string, string>>;
  /** llama.cpp's `--tensor-split` (proportions): each GPU's part in GB, in index order, comma-separated. */
  readonly tensor_split: string;
  readonly notes: string;
  readonly model: ModelCard;
  /** The GPUs in fill order, each with its cap (VRAM − headroom) and the part it gets, GB. */
  readonly parts: readonly { readonly gpu: number; readonly cap_gb: number; readonly gb: number }[];
  /** The model's whole footprint (its `ram_gb_needed`, else its `vram_gb`) and the part left to RAM. */
  readonly total_gb: number;
  readonly cpu_gb: number;
  readonly headroom_gb: number;
}

export type RefusalCode =
  | 'not_exclusive'
  | 'not_splittable'
  | 'unknown_gpu'
  | 'split_gpus'
  | 'exceeds_vram'
  | 'budget_nonpositive'
  | 'no_overflow_support'
  | 'no_ram_needed'
  | 'exceeds_ram'
  | 'unknown_card';

/** A pattern's refusal: what is wrong, with the numbers, and what would fix it. */
export class PlanRefusal extends Error {
  readonly code: RefusalCode;
  readonly fix: string;
  constructor(code: RefusalCode, message: string, fix: string) {
    super(message);
    this.name = 'PlanRefusal';
    this.code = code;
    this.fix = fix;
  }
}

// ---------------------------------------------------------------------------------------
// The estimate a card carries (`vram_estimate` in the bench document); core/footprint.ts
// computes with it (its tables are typed against these lists).

/** Where a card's `vram_gb` came from: typed by hand, estimated here, or measured on the GPU. */
export const VRAM_SOURCES = ['typed', 'estimated', 'measured'] as const;
type VramSource = (typeof VRAM_SOURCES)[number];

/** Weight dtypes, checkpoint kinds then GGUF types (the bits of each: `BITS_PER_WEIGHT` in core/footprint.ts). */
// prettier-ignore
export const WEIGHT_DTYPES = [
  'fp32', 'bf16', 'fp16', 'fp8', 'int8', 'int4',
  'F32', 'F16', 'BF16', 'Q8_0', 'Q6_K', 'Q5_1', 'Q5_0', 'Q4_1', 'Q4_0', 'IQ4_NL', 'IQ4_XS',
  // llama.cpp's mixes
  'Q5_K_M', 'Q5_K_S', 'Q4_K_M', 'Q4_K_S', 'Q3_K_L', 'Q3_K_M', 'Q3_K_S', 'Q2_K',
] as const;
export type WeightDtype = (typeof WEIGHT_DTYPES)[number];

/** KV cache dtypes (the bytes of each: `KV_BYTES` in core/footprint.ts). */
export const KV_DTYPES = ['fp32', 'fp16', 'bf16', 'fp8', 'q8_0', 'q4_0'] as const;
export type KvDtype = (typeof KV_DTYPES)[number];

export const TRAINING_KINDS = ['full', 'lora'] as const;
export type TrainingKind = (typeof TRAINING_KINDS)[number];

/**
 * How far an estimate's parameter count can be trusted:
 * - `exact`: the weights' bytes were read from the file (a safetensors header or index, a GGUF's tensor infos);
 * - `counted`: counted from the config of an architecture the reader knows, term by term;
 * - `approximate`: read as a generic decoder (an architecture it does not know), or a part it
 *   cannot count (its notes say which), or typed by hand as parameters × dtype.
 */
export const CONFIDENCES = ['exact', 'counted', 'approximate'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/**
 * An estimate's inputs as a card keeps them (snake_case, as the bench document writes
 * them): enough to recompute the breakdown anywhere — a shared link, a case study, the
 * CLI — without the model file it was read from.
 */
export interface VramEstimate {
  /** What it was made from: a file name, a Hub id, or "parameters × dtype". */
  readonly from: string;
  readonly architecture?: string;
  readonly parameters: number;
  readonly dtype: WeightDtype;
  /** Exact weight bytes read from a file's header (safetensors, GGUF). */
  readonly weight_bytes?: number;
  readonly context?: number;
  readonly batch?: number;
  readonly kv_dtype?: KvDtype;
  readonly flash_attention?: boolean;
  readonly layers?: number;
  readonly kv_heads?: number;
  readonly head_dim?: number;
  readonly sliding_window?: number;
  readonly sliding_layers?: number;
  readonly cross_attention_tokens?: number;
  /** MLA: elements cached per layer per token (kv_lora_rank + qk_rope_head_dim). */
  readonly kv_latent?: number;
  /** A mixture of experts: routed experts per MoE layer. */
  readonly experts?: number;
  readonly experts_per_token?: number;
  readonly moe_layers?: number;
  /** Parameters of the routed experts over all MoE layers. */
  readonly expert_parameters?: number;
  /** Their exact bytes, read from a file's tensors. */
  readonly expert_bytes?: number;
  /** MoE layers whose routed experts are placed in system RAM (llama.cpp --n-cpu-moe). */
  readonly cpu_moe_layers?: number;
  /** A fused or chunked cross-entropy in a fine-tune (no whole logits). */
  readonly fused_cross_entropy?: boolean;
  /** How far the count can be trusted (see `CONFIDENCES`). */
  readonly confidence?: Confidence;
  /** What was assumed while reading the model, in words. */
  readonly notes?: readonly string[];
  /** Transformer layers, encoder and decoder, for a fine-tune's activations. */
  readonly model_layers?: number;
  readonly hidden_size?: number;
  readonly intermediate_size?: number;
  readonly attention_heads?: number;
  readonly vocab_size?: number;
  readonly encoder_only?: boolean;
  /** The model soft-caps its logits (Gemma 2): a fine-tune keeps the cap's output. */
  readonly logit_softcap?: boolean;
  readonly overhead_gb?: number;
  /** The margin as a fraction (0.1 = 10 %). */
  readonly margin?: number;
  /** A fine-tune instead of inference. */
  readonly training?: TrainingKind;
  readonly trainable_parameters?: number;
  readonly gradient_checkpointing?: boolean;
}
