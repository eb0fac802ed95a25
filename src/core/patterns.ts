/**
 * nvinx 0.1's three patterns. Each decides exactly as the Python library does (same
 * order, same float comparisons, same notes); on top, every placement carries a reason.
 * Refusals are thrown as `PlanRefusal`, as nvinx raises `ValueError`.
 */
import { formatFixed, formatRepr, gb, pyNumber } from './pyformat';
import {
  DEFAULT_HEADROOM_GB,
  OVERFLOW_SLOWDOWN,
  PlanRefusal,
  type Decision,
  type Hardware,
  type ModelCard,
  type OverflowHint,
  type Placement,
  type SchedulingPlan,
} from './types';

/** Why a card landed where it did; worded by `explain`. */
type Why =
  | 'holds_gpu'
  | 'cpu_only_meanwhile'
  | 'fallback_meanwhile'
  | 'needs_gpu'
  | 'exclusive_not_shared'
  | 'cpu_only_alongside'
  | 'packed'
  | 'no_fit_fallback'
  | 'no_fit_unscheduled';

/** The reason in plain words, with the card's own numbers. */
function explain(why: Why, c: ModelCard, a: number, b: number): string {
  switch (why) {
    case 'holds_gpu':
      return `${c.name} holds the GPU: ${gb(c.vram_gb)} of ${gb(a)} GB VRAM`;
    case 'cpu_only_meanwhile':
      return `${c.name} is CPU_ONLY → runs on the CPU while the GPU is held`;
    case 'fallback_meanwhile':
      return `${c.name} supports CPU fallback → runs on the CPU while the GPU is held`;
    case 'needs_gpu':
      return `${c.name} needs the GPU (${c.residency}) and has no CPU fallback → cannot run in this window`;
    case 'exclusive_not_shared':
      return `${c.name} is GPU_EXCLUSIVE → never co-resident; give it a serial_handoff window`;
    case 'cpu_only_alongside':
      return `${c.name} is CPU_ONLY → runs on the CPU alongside the stack`;
    case 'packed':
      return `${c.name} packed: ${gb(c.vram_gb)} GB, ${gb(a)} of ${gb(b)} GB used`;
    case 'no_fit_fallback':
      return `${c.name} does not fit (${gb(c.vram_gb)} GB > ${gb(a)} GB left) → CPU fallback`;
    case 'no_fit_unscheduled':
      return `${c.name} does not fit (${gb(c.vram_gb)} GB > ${gb(a)} GB left) and has no CPU fallback → not run`;
  }
}

/**
 * A decision keeps its numbers and words its reason when read: planning 10⁵ cards stays
 * fast, and the UI and the CLI still get the words for every card they show.
 */
class CardDecision implements Decision {
  readonly name: string;
  constructor(
    readonly placement: Placement,
    readonly why: Why,
    private readonly card: ModelCard,
    private readonly a = 0,
    private readonly b = 0,
  ) {
    this.name = card.name;
  }
  get reason(): string {
    return explain(this.why, this.card, this.a, this.b);
  }
}

/**
 * Python's `sorted(key=vram_gb, reverse=True)`: descending, equal footprints in input
 * order. Cards are grouped by footprint and the distinct footprints sorted natively,
 * which is several times faster than a comparator sort on benches of 10⁴ cards.
 */
export function byVramDescending(cards: readonly ModelCard[]): ModelCard[] {
  const groups = new Map<number, ModelCard[]>();
  // Indexed loops (not for…of): no iterator result per card in cold code.
  for (let i = 0; i < cards.length; i++) {
    const c = cards[i]!;
    const g = groups.get(c.vram_gb);
    if (g === undefined) groups.set(c.vram_gb, [c]);
    else g.push(c);
  }
  const keys = Float64Array.from(groups.keys()).sort().reverse();
  const out: ModelCard[] = [];
  for (let i = 0; i < keys.length; i++) {
    const g = groups.get(keys[i]!)!;
    for (let j = 0; j < g.length; j++) out.push(g[j]!);
  }
  return out;
}

const canRunOnCpu = (m: ModelCard): boolean => m.residency === 'CPU_ONLY' || m.cpu_fallback_supported;

/** Pattern A: the GPU job holds the card; CPU-eligible candidates run meanwhile. */
export function serialHandoff(gpuJob: ModelCard, candidates: readonly ModelCard[], hw: Hardware): SchedulingPlan {
  if (gpuJob.residency !== 'GPU_EXCLUSIVE') {
    throw new PlanRefusal(
      'not_exclusive',
      `serial_handoff needs a GPU_EXCLUSIVE job; ${gpuJob.name} is ${gpuJob.residency}`,
      `Mark ${gpuJob.name} GPU_EXCLUSIVE, or plan it in a fractional_coresidency window.`,
    );
  }
  if (gpuJob.vram_gb > hw.vram_gb) {
    throw new PlanRefusal(
      'exceeds_vram',
      `${gpuJob.name} needs ${formatRepr(gpuJob.vram_gb)} GB of VRAM; the card has ${formatRepr(hw.vram_gb)} GB`,
      `Lower ${gpuJob.name}'s vram_gb to ${formatRepr(hw.vram_gb)} or less (quantize it), ` +
        `run it in a ram_overflow window, or use a card with more VRAM.`,
    );
  }
  const cpu: ModelCard[] = [];
  const unscheduled: ModelCard[] = [];
  const decisions: Decision[] = [new CardDecision('gpu_foreground', 'holds_gpu', gpuJob, hw.vram_gb)];
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    if (canRunOnCpu(c)) {
      cpu.push(c);
      const why = c.residency === 'CPU_ONLY' ? 'cpu_only_meanwhile' : 'fallback_meanwhile';
      decisions.push(new CardDecision('cpu_parallel', why, c));
    } else {
      unscheduled.push(c);
      decisions.push(new CardDecision('unscheduled', 'needs_gpu', c));
    }
  }
  return {
    gpu_foreground: gpuJob,
    gpu_coresident: [],
    cpu_parallel: cpu,
    overflow: [],
    unscheduled,
    notes: [
      `Pattern A (serial_handoff): GPU held by ${gpuJob.name}; ` + `${cpu.length} CPU workload(s) run in parallel.`,
    ],
    decisions,
  };
}

/** Pattern B: greedy bin-packing by descending VRAM into `vram_gb − headroom_gb`. */
export function fractionalCoresidency(
  candidates: readonly ModelCard[],
  hw: Hardware,
  headroomGb: number = DEFAULT_HEADROOM_GB,
  /** The headroom is a Python int (written `0`, not `0.0`): its repr has no decimal point. */
  headroomIsInt = false,
): SchedulingPlan {
  const budget = hw.vram_gb - headroomGb;
  if (budget <= 0) {
    throw new PlanRefusal(
      'budget_nonpositive',
      `the VRAM budget after ${formatRepr(headroomGb)} GB headroom is ${gb(budget)} GB ` +
        `(the card has ${formatRepr(hw.vram_gb)} GB); nothing can be packed`,
      `Lower headroom_gb below ${formatRepr(hw.vram_gb)}, or use a card with more VRAM.`,
    );
  }
  const sorted = byVramDescending(candidates);
  const coresident: ModelCard[] = [];
  const cpu: ModelCard[] = [];
  const unscheduled: ModelCard[] = [];
  const decisions: Decision[] = [];
  let used = 0.0;
  for (let i = 0; i < sorted.length; i++) {
    const c = sorted[i]!;
    if (c.residency === 'GPU_EXCLUSIVE') {
      unscheduled.push(c);
      decisions.push(new CardDecision('unscheduled', 'exclusive_not_shared', c));
    } else if (c.residency === 'CPU_ONLY') {
      cpu.push(c);
      decisions.push(new CardDecision('cpu_parallel', 'cpu_only_alongside', c));
    } else if (used + c.vram_gb <= budget) {
      coresident.push(c);
      used += c.vram_gb;
      decisions.push(new CardDecision('gpu_coresident', 'packed', c, used, budget));
    } else if (c.cpu_fallback_supported) {
      cpu.push(c);
      decisions.push(new CardDecision('cpu_parallel', 'no_fit_fallback', c, budget - used));
    } else {
      unscheduled.push(c);
      decisions.push(new CardDecision('unscheduled', 'no_fit_unscheduled', c, budget - used));
    }
  }
  return {
    gpu_foreground: null,
    gpu_coresident: coresident,
    cpu_parallel: cpu,
    overflow: [],
    unscheduled,
    notes: [
      `Pattern B (fractional_coresidency): ${coresident.length} model(s) ` +
        `co-resident; ${formatFixed(used, 2)}/${formatFixed(budget, 2)} GB VRAM used ` +
        `(+ ${pyNumber(headroomGb, headroomIsInt)} GB headroom).`,
    ],
    decisions,
    budget_gb: budget,
    used_gb: used,
    headroom_gb: headroomGb,
  };
}

/** Pattern C: split one model between VRAM and system RAM with `device_map="auto"`. */
export function ramOverflow(model: ModelCard, hw: Hardware, headroomGb: number = DEFAULT_HEADROOM_GB): OverflowHint {
  if (!model.ram_overflow_supported) {
    throw new PlanRefusal(
      'no_overflow_support',
      `${model.name} does not declare ram_overflow_supported: true`,
      `Set ram_overflow_supported: true if its runtime can offload layers (accelerate's device_map="auto"), ` +
        `or quantize it to fit ${gb(hw.vram_gb)} GB.`,
    );
  }
  if (model.ram_gb_needed === null) {
    throw new PlanRefusal(
      'no_ram_needed',
      `${model.name} has ram_overflow_supported: true but no ram_gb_needed declared`,
      `Give ${model.name} a ram_gb_needed: its whole footprint in GB (VRAM part plus the spilled part).`,
    );
  }
  if (model.ram_gb_needed > hw.ram_gb) {
    throw new PlanRefusal(
      'exceeds_ram',
      `${model.name} needs ${formatRepr(model.ram_gb_needed)} GB of RAM; the bench has ${formatRepr(hw.ram_gb)} GB`,
      `Add system RAM (at least ${formatRepr(model.ram_gb_needed)} GB), quantize the model, or switch models.`,
    );
  }
  const gpuGb = Math.max(0.0, hw.vram_gb - headroomGb);
  const cpuGb = Math.max(0.0, model.ram_gb_needed - gpuGb);
  return {
    device_map: 'auto',
    max_memory: { '0': `${formatFixed(gpuGb, 1)}GiB`, cpu: `${formatFixed(cpuGb, 1)}GiB` },
    estimated_slowdown: OVERFLOW_SLOWDOWN.text,
    notes:
      `Pattern C (ram_overflow): ${model.name} split across GPU ` +
      `(${formatFixed(gpuGb, 1)} GB) and system RAM (${formatFixed(cpuGb, 1)} GB).`,
    model,
    gpu_gb: gpuGb,
    cpu_gb: cpuGb,
    headroom_gb: headroomGb,
  };
}
