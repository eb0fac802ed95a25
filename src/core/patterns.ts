/**
 * nvinx 0.1's three patterns. Each decides exactly as the Python library does (same
 * order, same float comparisons, same notes); on top, every placement carries a reason.
 * Refusals are thrown as `PlanRefusal`, as nvinx raises `ValueError`.
 */
import { formatFixed, formatRepr, gb } from './pyformat';
import {
  DEFAULT_HEADROOM_GB,
  OVERFLOW_SLOWDOWN,
  PlanRefusal,
  type Decision,
  type Hardware,
  type ModelCard,
  type OverflowHint,
  type SchedulingPlan,
} from './types';

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
  const decisions: Decision[] = [
    {
      name: gpuJob.name,
      placement: 'gpu_foreground',
      reason: `${gpuJob.name} holds the GPU: ${gb(gpuJob.vram_gb)} of ${gb(hw.vram_gb)} GB VRAM`,
    },
  ];
  for (const c of candidates) {
    if (canRunOnCpu(c)) {
      cpu.push(c);
      decisions.push({
        name: c.name,
        placement: 'cpu_parallel',
        reason:
          c.residency === 'CPU_ONLY'
            ? `${c.name} is CPU_ONLY → runs on the CPU while the GPU is held`
            : `${c.name} supports CPU fallback → runs on the CPU while the GPU is held`,
      });
    } else {
      unscheduled.push(c);
      decisions.push({
        name: c.name,
        placement: 'unscheduled',
        reason: `${c.name} needs the GPU (${c.residency}) and has no CPU fallback → cannot run in this window`,
      });
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
  // Array.prototype.sort is stable: equal footprints keep their input order, as in Python.
  const sorted = [...candidates].sort((a, b) => b.vram_gb - a.vram_gb);
  const coresident: ModelCard[] = [];
  const cpu: ModelCard[] = [];
  const unscheduled: ModelCard[] = [];
  const decisions: Decision[] = [];
  let used = 0.0;
  for (const c of sorted) {
    if (c.residency === 'GPU_EXCLUSIVE') {
      unscheduled.push(c);
      decisions.push({
        name: c.name,
        placement: 'unscheduled',
        reason: `${c.name} is GPU_EXCLUSIVE → never co-resident; give it a serial_handoff window`,
      });
      continue;
    }
    if (c.residency === 'CPU_ONLY') {
      cpu.push(c);
      decisions.push({
        name: c.name,
        placement: 'cpu_parallel',
        reason: `${c.name} is CPU_ONLY → runs on the CPU alongside the stack`,
      });
      continue;
    }
    if (used + c.vram_gb <= budget) {
      coresident.push(c);
      used += c.vram_gb;
      decisions.push({
        name: c.name,
        placement: 'gpu_coresident',
        reason: `${c.name} packed: ${gb(c.vram_gb)} GB, ${gb(used)} of ${gb(budget)} GB used`,
      });
      continue;
    }
    const left = `${gb(c.vram_gb)} GB > ${gb(budget - used)} GB left`;
    if (c.cpu_fallback_supported) {
      cpu.push(c);
      decisions.push({
        name: c.name,
        placement: 'cpu_parallel',
        reason: `${c.name} does not fit (${left}) → CPU fallback`,
      });
    } else {
      unscheduled.push(c);
      decisions.push({
        name: c.name,
        placement: 'unscheduled',
        reason: `${c.name} does not fit (${left}) and has no CPU fallback → not run`,
      });
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
        `(+ ${formatRepr(headroomGb)} GB headroom).`,
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
