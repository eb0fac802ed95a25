/**
 * The day timed from nvinx 0.3's calibration: each co-resident job's hours × its predicted
 * latency beside its partner ÷ its latency alone; more than two models: 1 + Σ(ratio − 1).
 * The predicted latencies are nvinx 0.3.0a2's (`predict_pair_latency_queue_aware` run with
 * python3 on the profiles of its tests/test_interference.py); the ratios are worked here.
 */
import { describe, expect, it } from 'vitest';
import { card } from '../test/cards';
import { planBench } from './day';
import type { Calibration, InterferenceProfile } from './types';
import { coresidentFactors, timeDay } from './timing';
import type { Bench, ModelCard } from './types';

const prof = (
  name: string,
  kernels: number,
  baseidle_ms: number,
  act_solo_ms: number,
  theta: number | null,
): InterferenceProfile => ({
  name,
  kernels,
  baseidle_ms,
  act_solo_ms,
  l2_saturation_pct: 0,
  k_l2: 0,
  theta,
  power_w: 0,
  architecture_class: 'unknown',
});
const SHORT = prof('short', 1027, 0.077, 21.7, 3.91);
const LONG = prof('long', 1026, 0.149, 114.9, 1.2);
const QWEN = prof('qwen', 1005, 0.022, 12.5, 5.64);

const cal = (profiles: InterferenceProfile[], extra: Partial<Calibration> = {}): Calibration => ({
  hw_coefs: {
    idlef_polynomial: [6.42, -7.0],
    powerp_linear: [0],
    nominal_freq_mhz: 1530,
    tdp_watts: 40,
    substrate_name: 'a1000',
  },
  profiles: Object.fromEntries(profiles.map((p) => [p.name, p])),
  pair_measurements: [],
  gamma_kernel_size: null,
  lopo_mean_pct: 16,
  lopo_max_pct: 30,
  lopo_mean_pct_v5: null,
  lopo_max_pct_v5: null,
  notes: [],
  ...extra,
});

const bench = (models: ModelCard[], extra: Partial<Bench> = {}): Bench => ({
  hardware: { vram_gb: 4, ram_gb: 32, cpu_cores: 8 },
  models,
  windows: [
    { name: 'stack', pattern: 'fractional_coresidency', candidates: models.map((m) => m.name), headroom_gb: 0.5 },
  ],
  ...extra,
});

const day = (b: Bench) => timeDay(b, planBench(b));

// nvinx 0.3.0a2: predict_pair_latency_queue_aware(short, long) and (qwen, short), (qwen, long).
const SHORT_BESIDE_LONG = 98.98537701317716;
const LONG_BESIDE_SHORT = 142.79233821376283;
const QWEN_BESIDE_SHORT = 63.094456140350864;
const SHORT_BESIDE_QWEN = 58.62833040935672;
const QWEN_BESIDE_LONG = 81.94481004709574;
const LONG_BESIDE_QWEN = 134.4172574568289;

describe('the day from a calibration', () => {
  it('two models: hours × predicted ÷ alone (baseidle + act_solo)', () => {
    const b = bench([card('short', 0.6, 'GPU_SHARED', { hours: 1 }), card('long', 0.6, 'GPU_SHARED', { hours: 4 })], {
      interference: cal([SHORT, LONG]),
    });
    const w = day(b).windows[0]!;
    const fShort = SHORT_BESIDE_LONG / (0.077 + 21.7); // ≈ 4.545
    const fLong = LONG_BESIDE_SHORT / (0.149 + 114.9); // ≈ 1.241
    expect(w.together).toBe(true);
    expect(w.jobs.map((j) => [j.name, j.hours.lo])).toEqual([
      ['short', 1 * fShort],
      ['long', 4 * fLong],
    ]);
    expect(w.hours.lo).toBe(4 * fLong);
    expect(w.coresidency?.kind).toBe('calibration');
    expect(w.notes[0]).toMatch(/^co-residency: timed from nvinx 0\.3's calibration/);
    expect(w.jobs[0]!.basis).toBe(
      '1 h × 4.55 predicted slowdown (98.99 ms beside long via queue_aware vs 21.78 ms alone), sharing the GPU',
    );
    // The waiting bench runs each alone: no slowdown there.
    expect(day(b).waiting.lo).toBe(5);
  });

  it('the bench’s single slowdown is not used when the calibration times the window', () => {
    const b = bench([card('short', 0.6, 'GPU_SHARED', { hours: 1 }), card('long', 0.6, 'GPU_SHARED', { hours: 4 })], {
      interference: cal([SHORT, LONG]),
      coresidency_slowdown: 3,
    });
    const d = day(b);
    expect(d.windows[0]!.jobs[1]!.hours.lo).toBe((4 * LONG_BESIDE_SHORT) / (0.149 + 114.9));
    expect(d.assumptions.some((x) => x.includes('co-residency slowdown'))).toBe(false);
  });

  it('three models: each partner’s excess adds up, 1 + Σ(ratio − 1)', () => {
    const models = [
      card('short', 0.6, 'GPU_SHARED', { hours: 1 }),
      card('long', 0.6, 'GPU_SHARED', { hours: 1 }),
      card('qwen', 1.0, 'GPU_SHARED', { hours: 1 }),
    ];
    const b = bench(models, { interference: cal([SHORT, LONG, QWEN]) });
    const plan = planBench(b);
    const r = plan.windows[0]!;
    const got = coresidentFactors(r, r.kind === 'plan' ? r.plan.gpu_coresident : [], b.interference!);
    if (!('factors' in got)) throw new Error(got.reason);
    const solo = { short: 0.077 + 21.7, long: 0.149 + 114.9, qwen: 0.022 + 12.5 };
    // Placement order (by VRAM, descending): qwen, short, long.
    expect(got.factors.map((f) => f.name)).toEqual(['qwen', 'short', 'long']);
    expect(got.factors[0]!.factor).toBe(1 + (QWEN_BESIDE_SHORT / solo.qwen - 1) + (QWEN_BESIDE_LONG / solo.qwen - 1));
    expect(got.factors[1]!.factor).toBe(
      1 + (SHORT_BESIDE_QWEN / solo.short - 1) + (SHORT_BESIDE_LONG / solo.short - 1),
    );
    expect(got.factors[2]!.factor).toBe(1 + (LONG_BESIDE_QWEN / solo.long - 1) + (LONG_BESIDE_SHORT / solo.long - 1));
    // qwen's ≈ 10.6× makes running together (≈ 10.6 h) slower than one after another (3 h).
    const w = timeDay(b, plan).windows[0]!;
    expect(w.together).toBe(false);
    expect(w.hours.lo).toBe(3);
    expect(w.notes.join(' ')).toMatch(/with the calibration's predicted slowdowns \(qwen 10\.\d+×, short/);
    expect(w.notes[0]).toMatch(/1 \+ Σ\(ratio − 1\)/);
  });

  it('a card without a profile: the single slowdown stays, and the window says why', () => {
    const b = bench([card('short', 0.6, 'GPU_SHARED', { hours: 1 }), card('long', 0.6, 'GPU_SHARED', { hours: 4 })], {
      interference: cal([SHORT]),
      coresidency_slowdown: 1.2,
    });
    const w = day(b).windows[0]!;
    expect(w.jobs.map((j) => j.hours.lo)).toEqual([1.2, 4 * 1.2]);
    expect(w.coresidency).toEqual({
      kind: 'single',
      slowdown: 1.2,
      text: "the bench's single co-residency slowdown (1.2×): long has no profile in the calibration",
    });
    expect(w.notes[0]).toBe(`co-residency: ${w.coresidency!.text}`);
  });

  it('a pair with no theta and no lookup: the single slowdown stays', () => {
    const b = bench([card('short', 0.6, 'GPU_SHARED', { hours: 1 }), card('long', 0.6, 'GPU_SHARED', { hours: 4 })], {
      interference: cal([SHORT, { ...LONG, theta: null }]),
    });
    const w = day(b).windows[0]!;
    expect(w.coresidency?.kind).toBe('single');
    expect(w.coresidency?.text).toMatch(/the pair short\+long has no fitted theta and no measured lookup/);
    expect(w.jobs.map((j) => j.hours.lo)).toEqual([1, 4]);
  });

  it('a lookup entry times the pair from the measured latencies', () => {
    const b = bench([card('short', 0.6, 'GPU_SHARED', { hours: 1 }), card('long', 0.6, 'GPU_SHARED', { hours: 4 })], {
      interference: cal([SHORT, LONG], {
        pair_lookup: [
          { pair: ['long', 'short'], measured_latency_a_ms: 120, measured_latency_b_ms: 30, measured_at: '' },
        ],
      }),
    });
    const w = day(b).windows[0]!;
    expect(w.jobs.map((j) => j.hours.lo)).toEqual([30 / (0.077 + 21.7), (4 * 120) / (0.149 + 114.9)]);
    expect(w.jobs[0]!.basis).toMatch(/via lookup/);
  });

  it('without a calibration nothing changes: the single slowdown, no co-residency note', () => {
    const b = bench([card('short', 0.6, 'GPU_SHARED', { hours: 1 }), card('long', 0.6, 'GPU_SHARED', { hours: 4 })], {
      coresidency_slowdown: 1.2,
    });
    const w = day(b).windows[0]!;
    expect(w.jobs.map((j) => j.hours.lo)).toEqual([1.2, 4 * 1.2]);
    expect(w.notes).toEqual([]);
    expect(w.coresidency?.kind).toBe('single');
  });
});
