import { describe, expect, it } from 'vitest';
import { card } from '../test/cards';
import { fractionalCoresidency, ramOverflow, serialHandoff } from './patterns';
import { PlanRefusal, type Hardware, type ModelCard } from './types';

const HW: Hardware = { vram_gb: 4.0, ram_gb: 32.0, cpu_cores: 8 };
const names = (ms: readonly ModelCard[]) => ms.map((m) => m.name);

function refusal(f: () => unknown): PlanRefusal {
  try {
    f();
  } catch (e) {
    if (e instanceof PlanRefusal) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('Pattern A — serial_handoff (nvinx README and smoke tests)', () => {
  it('runs the README example: every CPU_ONLY candidate in parallel', () => {
    const job = card('long_inference', 3.5, 'GPU_EXCLUSIVE');
    const plan = serialHandoff(
      job,
      [
        card('feature_extractor', 0, 'CPU_ONLY'),
        card('report_writer', 0, 'CPU_ONLY'),
        card('vector_index_build', 0, 'CPU_ONLY'),
      ],
      HW,
    );
    expect(plan.gpu_foreground?.name).toBe('long_inference');
    expect(names(plan.cpu_parallel)).toEqual(['feature_extractor', 'report_writer', 'vector_index_build']);
    expect(plan.unscheduled).toEqual([]);
    expect(plan.notes).toEqual([
      'Pattern A (serial_handoff): GPU held by long_inference; 3 CPU workload(s) run in parallel.',
    ]);
  });

  it('keeps input order; GPU cards without fallback are unscheduled, with fallback run on the CPU', () => {
    const plan = serialHandoff(
      card('basecaller', 3.0, 'GPU_EXCLUSIVE'),
      [
        card('shared_no_fb', 0.5, 'GPU_SHARED'),
        card('cpu_a', 0, 'CPU_ONLY'),
        card('shared_fb', 0.5, 'GPU_SHARED', { cpu_fallback_supported: true }),
      ],
      HW,
    );
    expect(names(plan.cpu_parallel)).toEqual(['cpu_a', 'shared_fb']);
    expect(names(plan.unscheduled)).toEqual(['shared_no_fb']);
    expect(plan.decisions.find((d) => d.name === 'shared_no_fb')?.reason).toMatch(/no CPU fallback/);
  });

  it('refuses a job that is not GPU_EXCLUSIVE', () => {
    const e = refusal(() => serialHandoff(card('embed', 0.2, 'GPU_SHARED'), [], HW));
    expect(e.code).toBe('not_exclusive');
    expect(e.message).toMatch(/GPU_EXCLUSIVE/);
  });

  it('refuses a job larger than the card, naming the numbers; equal to the card is fine (no headroom)', () => {
    const e = refusal(() => serialHandoff(card('long_inference', 8.0, 'GPU_EXCLUSIVE'), [], HW));
    expect(e.message).toBe('long_inference needs 8.0 GB of VRAM; the card has 4.0 GB');
    expect(e.fix).toMatch(/ram_overflow/);
    expect(serialHandoff(card('exact', 4.0, 'GPU_EXCLUSIVE'), [], HW).gpu_foreground?.name).toBe('exact');
  });
});

describe('Pattern B — fractional_coresidency', () => {
  it('reproduces the README example exactly', () => {
    const plan = fractionalCoresidency(
      [
        card('classifier_a', 0.7, 'GPU_SHARED'),
        card('embedder', 0.3, 'GPU_SHARED'),
        card('reranker', 1.2, 'GPU_SHARED'),
        card('oversized_model', 4.0, 'GPU_SHARED', { cpu_fallback_supported: true }),
      ],
      HW,
    );
    expect(names(plan.gpu_coresident)).toEqual(['reranker', 'classifier_a', 'embedder']);
    expect(names(plan.cpu_parallel)).toEqual(['oversized_model']);
    expect(plan.notes).toEqual([
      'Pattern B (fractional_coresidency): 3 model(s) co-resident; 2.20/3.50 GB VRAM used (+ 0.5 GB headroom).',
    ]);
    expect(plan.decisions.map((d) => d.reason)).toEqual([
      'oversized_model does not fit (4.0 GB > 3.5 GB left) → CPU fallback',
      'reranker packed: 1.2 GB, 1.2 of 3.5 GB used',
      'classifier_a packed: 0.7 GB, 1.9 of 3.5 GB used',
      'embedder packed: 0.3 GB, 2.2 of 3.5 GB used',
    ]);
    expect(plan.decisions.find((d) => d.name === 'oversized_model')?.reason).toBe(
      'oversized_model does not fit (4.0 GB > 3.5 GB left) → CPU fallback',
    );
  });

  it('sends a GPU card without fallback that does not fit to unscheduled', () => {
    const plan = fractionalCoresidency([card('big_no_fallback', 5.0, 'GPU_SHARED')], HW);
    expect(plan.gpu_coresident).toEqual([]);
    expect(names(plan.unscheduled)).toEqual(['big_no_fallback']);
  });

  it('never co-locates GPU_EXCLUSIVE; CPU_ONLY always to the CPU; overflow cards are packed like shared ones', () => {
    const plan = fractionalCoresidency(
      [card('ex', 0.1, 'GPU_EXCLUSIVE'), card('cpu', 0, 'CPU_ONLY'), card('ovf', 1.0, 'GPU_RAM_OVERFLOW')],
      HW,
    );
    expect(names(plan.unscheduled)).toEqual(['ex']);
    expect(names(plan.cpu_parallel)).toEqual(['cpu']);
    expect(names(plan.gpu_coresident)).toEqual(['ovf']);
  });

  it('packs by descending VRAM, equal footprints in input order, and keeps packing smaller cards after a miss', () => {
    const plan = fractionalCoresidency(
      [
        card('a', 1.0, 'GPU_SHARED'),
        card('b', 2.0, 'GPU_SHARED'),
        card('c', 1.0, 'GPU_SHARED'),
        card('d', 0.5, 'GPU_SHARED'),
      ],
      HW,
    );
    // 2.0 + 1.0 = 3.0; c (1.0) would make 4.0 > 3.5; d (0.5) still fits: 3.5 <= 3.5.
    expect(names(plan.gpu_coresident)).toEqual(['b', 'a', 'd']);
    expect(names(plan.unscheduled)).toEqual(['c']);
  });

  it('compares the running float sum with no tolerance, as Python does', () => {
    // 0.1 + 0.2 = 0.30000000000000004 > 0.3: the second card does not fit a 0.3 budget.
    const hw = { vram_gb: 0.3, ram_gb: 8, cpu_cores: 2 };
    const plan = fractionalCoresidency([card('x', 0.2, 'GPU_SHARED'), card('y', 0.1, 'GPU_SHARED')], hw, 0);
    expect(names(plan.gpu_coresident)).toEqual(['x']);
    expect(names(plan.unscheduled)).toEqual(['y']);
  });

  it('refuses a budget that is not positive', () => {
    const e = refusal(() => fractionalCoresidency([], { vram_gb: 0.5, ram_gb: 8, cpu_cores: 2 }));
    expect(e.code).toBe('budget_nonpositive');
    expect(() => fractionalCoresidency([], { vram_gb: 0.6, ram_gb: 8, cpu_cores: 2 })).not.toThrow();
  });
});

describe('Pattern C — ram_overflow', () => {
  const big = card('big_folder', 6.0, 'GPU_RAM_OVERFLOW', { ram_overflow_supported: true, ram_gb_needed: 10.0 });

  it('reproduces the README hint byte for byte', () => {
    const hint = ramOverflow(big, HW);
    expect(hint.device_map).toBe('auto');
    expect(hint.max_memory).toEqual({ '0': '3.5GiB', cpu: '6.5GiB' });
    expect(hint.estimated_slowdown).toBe('3-5x vs. pure-GPU inference');
    expect(hint.notes).toBe('Pattern C (ram_overflow): big_folder split across GPU (3.5 GB) and system RAM (6.5 GB).');
  });

  it('clamps both parts at zero and formats ties as Python does', () => {
    expect(ramOverflow(big, { vram_gb: 0.4, ram_gb: 32, cpu_cores: 8 }).max_memory).toEqual({
      '0': '0.0GiB',
      cpu: '10.0GiB',
    });
    expect(ramOverflow({ ...big, ram_gb_needed: 2 }, HW).max_memory).toEqual({ '0': '3.5GiB', cpu: '0.0GiB' });
    // 4.0 - 1.75 = 2.25 exactly: Python prints 2.2, not 2.3.
    expect(ramOverflow(big, HW, 1.75).max_memory['0']).toBe('2.2GiB');
  });

  it('refuses without ram_overflow_supported, without ram_gb_needed, or beyond the RAM', () => {
    expect(refusal(() => ramOverflow({ ...big, ram_overflow_supported: false }, HW)).message).toMatch(
      /ram_overflow_supported/,
    );
    expect(refusal(() => ramOverflow({ ...big, ram_gb_needed: null }, HW)).code).toBe('no_ram_needed');
    const e = refusal(() => ramOverflow({ ...big, name: 'needs_too_much_ram', ram_gb_needed: 64 }, HW));
    expect(e.message).toBe('needs_too_much_ram needs 64.0 GB of RAM; the bench has 32.0 GB');
    expect(() => ramOverflow({ ...big, ram_gb_needed: 32 }, HW)).not.toThrow();
  });
});
