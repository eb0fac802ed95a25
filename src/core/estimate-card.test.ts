import { describe, expect, it } from 'vitest';
import {
  confidenceOf,
  estimateAdvice,
  estimateOutcome,
  ramNeededWith,
  ramNeededWords,
  takeEstimate,
  takeMeasured,
} from './estimate-card';
import { QUICK_ESTIMATE_FROM } from './footprint';
import type { VramEstimate } from './types';

// 7e9 bf16 parameters: weights 14e9 bytes = 13.0385 GiB, activations 20 % of them 2.6077, overhead
// 0.5, margin 10 % of the 16.1462 before it: 17.7608 GiB in all, which a card takes as 17.77.
const quick: VramEstimate = { from: QUICK_ESTIMATE_FROM, parameters: 7e9, dtype: 'bf16' };
// A mixture of experts with the routed experts of 2 of its 4 MoE layers in system RAM:
// 7.926 GiB in VRAM (→ 7.93) and 4e9 bytes = 3.725 GiB of experts in RAM: 11.651 (→ 11.66) needed there.
const moe: VramEstimate = {
  from: 'moe.gguf',
  parameters: 5e9,
  dtype: 'bf16',
  experts: 8,
  experts_per_token: 2,
  moe_layers: 4,
  expert_parameters: 4e9,
  cpu_moe_layers: 2,
};
const worked = (e: VramEstimate, bw = {}) => {
  const o = estimateOutcome(e, bw);
  if (!o.ok) throw new Error(o.error);
  return o;
};
const card = (ram_overflow_supported: boolean) => ({ name: 'llm', ram_overflow_supported });

describe('an estimate worked out', () => {
  it('a card takes the total rounded up to the next 0.01 GB', () => {
    const o = worked(quick);
    expect(o.footprint.totalGb).toBeCloseTo(17.7608, 4);
    expect(o.vramGb).toBe(17.77);
    expect(o.ramGb).toBeNull();
    expect(o.slowdown).toBeNull();
  });

  it('experts in RAM: the RAM need is the VRAM part and the RAM part; the slowdown needs both bandwidths', () => {
    const o = worked(moe);
    expect(o.vramGb).toBe(7.93);
    expect(o.ramGb).toBe(11.66);
    expect(o.slowdown).toBeNull();
    expect(worked(moe, { gpu_bandwidth_gbps: 900 }).slowdown).toBeNull();
    expect(worked(moe, { gpu_bandwidth_gbps: 900, ram_bandwidth_gbps: 50 }).slowdown?.slowdown).toBeCloseTo(5.25, 2);
  });

  it('an estimate that cannot be made says why', () => {
    const o = estimateOutcome({ ...quick, parameters: -1 }, {});
    expect(o.ok).toBe(false);
    expect(!o.ok && o.error).toMatch(/\S/);
  });
});

describe('what a card takes from a figure', () => {
  it('ram_gb_needed: the RAM need of experts in RAM; else the whole footprint of a card that may spill; else untouched', () => {
    expect(ramNeededWith(card(false), 8, 11.66)).toBe(11.66);
    expect(ramNeededWith(card(true), 8, 11.66)).toBe(11.66);
    expect(ramNeededWith(card(true), 8)).toBe(8);
    expect(ramNeededWith(card(false), 8)).toBeUndefined();
  });

  it('an estimate: its figure, its source, the estimate itself, and for a spilling card the total as RAM needed', () => {
    const o = worked(quick);
    expect(takeEstimate(card(true), quick, o)).toEqual({
      patch: { vram_gb: 17.77, vram_source: 'estimated', vram_estimate: quick, ram_gb_needed: 17.77 },
      said: `llm now plans with 17.77 GB, estimated from ${QUICK_ESTIMATE_FROM}.`,
    });
    expect(takeEstimate(card(false), quick, o).patch).toEqual({
      vram_gb: 17.77,
      vram_source: 'estimated',
      vram_estimate: quick,
    });
    expect(takeEstimate(card(false), moe, worked(moe)).patch.ram_gb_needed).toBe(11.66);
  });

  it('a measurement: its figure and source, the estimate kept beside it when there is one', () => {
    expect(takeMeasured(card(true), 5.2, null)).toEqual({
      patch: { vram_gb: 5.2, vram_source: 'measured', ram_gb_needed: 5.2 },
      said: 'llm now plans with 5.2 GB, measured.',
    });
    expect(takeMeasured(card(false), 5.2, quick).patch).toEqual({
      vram_gb: 5.2,
      vram_source: 'measured',
      vram_estimate: quick,
    });
  });

  it('the button says what happens to the RAM need', () => {
    expect(ramNeededWords(card(false), 11.66)).toBe(', 11.66 GB as RAM needed');
    expect(ramNeededWords(card(true))).toBe(', also as RAM needed');
    expect(ramNeededWords(card(false))).toBe('');
  });
});

describe('what the panel says about an estimate', () => {
  it('more than the bench’s VRAM: the card fits no window unless it may spill', () => {
    const o = worked(quick);
    expect(estimateAdvice(quick, o.footprint, o.vramGb, 24)).toEqual([]);
    expect(estimateAdvice(quick, o.footprint, o.vramGb, 16)).toEqual([
      '17.77 GB is more than this bench’s 16 GB of VRAM: the card will not fit a window unless it may spill to RAM (ram_overflow).',
    ]);
  });

  it('a fine-tune mostly activations: the ways to cut them, less those already on', () => {
    // A 1B decoder of 16 layers, hidden 2,048, trained on 8,192-token sequences: activations far above the weights.
    const tune: VramEstimate = {
      from: 'config.json',
      parameters: 1e9,
      dtype: 'bf16',
      layers: 16,
      kv_heads: 8,
      head_dim: 64,
      hidden_size: 2048,
      intermediate_size: 8192,
      attention_heads: 32,
      context: 8192,
      training: 'full',
    };
    const o = worked(tune);
    expect(o.footprint.activationsGb).toBeGreaterThan(o.footprint.weightsGb);
    const said = estimateAdvice(tune, o.footprint, o.vramGb, 1000);
    expect(said).toEqual([
      `Most of this is activations (${o.footprint.activationsGb.toFixed(1)} GB): gradient checkpointing, flash attention, a shorter context or a smaller batch would cut them.`,
    ]);
    const on = { ...tune, flash_attention: true, gradient_checkpointing: true };
    const less = worked(on);
    expect(estimateAdvice(on, { ...less.footprint, activationsGb: 99 }, less.vramGb, 1000)).toEqual([
      'Most of this is activations (99.0 GB): a shorter context or a smaller batch would cut them.',
    ]);
    // Inference says nothing of activations.
    const { training: _training, ...inference } = tune;
    expect(estimateAdvice(inference, o.footprint, o.vramGb, 1000)).toEqual([]);
  });

  it('confidence: the estimate’s own, else approximate for parameters × dtype, else unsaid', () => {
    expect(confidenceOf(quick)).toBe('approximate');
    expect(confidenceOf({ ...quick, confidence: 'exact' })).toBe('exact');
    expect(confidenceOf({ ...quick, from: 'config.json' })).toBeUndefined();
    expect(confidenceOf({ ...quick, from: 'config.json', confidence: 'counted' })).toBe('counted');
  });
});
