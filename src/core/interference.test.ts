/**
 * nvinx 0.3.0a2's own tests (`tests/test_interference.py`), restated: the same profiles,
 * the same hardware coefficients and the same assertions, plus exact values. The exact
 * values are worked by hand in the comments and agree with nvinx 0.3.0a2 run with python3
 * (printed with repr, the digits below).
 */
import { describe, expect, it } from 'vitest';
import { card } from '../test/cards';
import {
  asymmetryPredictor,
  fractionalCoresidencyV2,
  kernelDurationMs,
  kernelRate,
  lookupPairLatency,
  lookupTable,
  maxKernelRateScore,
  measuredOf,
  MissingTheta,
  predictPairLatency,
  predictQueueAware,
  predictQueueAwareV5,
  profilesOnBench,
  schedulingDelayMs,
  withCalibration,
} from './interference';
import type { Calibration, HardwareCoefficients, InterferenceProfile, PairLookupEntry } from './types';
import { fractionalCoresidency } from './patterns';
import type { Hardware } from './types';

const HW_4GB: Hardware = { vram_gb: 4.0, ram_gb: 32.0, cpu_cores: 8 };
const HW_COEFS: HardwareCoefficients = {
  idlef_polynomial: [6.42, -7.0],
  powerp_linear: [0.0],
  nominal_freq_mhz: 1530.0,
  tdp_watts: 40.0,
  substrate_name: 'rtx_a1000_4gb',
};

const profile = (p: Partial<InterferenceProfile> & Pick<InterferenceProfile, 'name'>): InterferenceProfile => ({
  kernels: 0,
  baseidle_ms: 0,
  act_solo_ms: 0,
  l2_saturation_pct: 0,
  k_l2: 0.0,
  theta: null,
  power_w: 0.0,
  architecture_class: 'unknown',
  ...p,
});

const PROF_LONG = profile({
  name: 'esm2_long',
  kernels: 1026,
  baseidle_ms: 0.149,
  act_solo_ms: 114.9,
  l2_saturation_pct: 37.1,
  theta: 1.2,
  architecture_class: 'encoder_transformer',
});
const PROF_SHORT = profile({
  name: 'esm2_short',
  kernels: 1027,
  baseidle_ms: 0.077,
  act_solo_ms: 21.7,
  l2_saturation_pct: 16.8,
  theta: 3.91,
  architecture_class: 'encoder_transformer',
});
const PROF_QWEN = profile({
  name: 'qwen_05b',
  kernels: 1005,
  baseidle_ms: 0.022,
  act_solo_ms: 12.5,
  l2_saturation_pct: 5.2,
  theta: 5.64,
  architecture_class: 'decoder_transformer',
});
const PROF_WHISPER = profile({
  name: 'whisper_base',
  kernels: 335,
  baseidle_ms: 0.033,
  act_solo_ms: 58.3,
  l2_saturation_pct: 42.0,
  theta: 0.92,
  architecture_class: 'encoder_decoder',
});

const rel = (x: number, y: number) => Math.abs(x - y) / Math.abs(y);

describe('profile properties (test_interference.py)', () => {
  it('kernel_rate is kernels per ms', () => {
    expect(rel(kernelRate(PROF_LONG), 1026 / 114.9)).toBeLessThan(0.01);
    expect(rel(kernelRate(PROF_SHORT), 1027 / 21.7)).toBeLessThan(0.01);
    expect(kernelRate(PROF_QWEN)).toBe(80.4); // 1005 / 12.5, exact
  });
  it('kernel_duration_ms orders the models by kernel size', () => {
    expect(kernelDurationMs(PROF_LONG)).toBeGreaterThan(kernelDurationMs(PROF_SHORT));
    expect(kernelDurationMs(PROF_WHISPER)).toBeGreaterThan(kernelDurationMs(PROF_LONG));
    expect(kernelDurationMs(PROF_QWEN)).toBe(12.5 / 1005);
  });
  it('zero kernels and zero time give 0, not NaN', () => {
    const p = profile({ name: 'empty' });
    expect(kernelRate(p)).toBe(0);
    expect(kernelDurationMs(p)).toBe(0);
  });
});

describe('hardware coefficients', () => {
  it('no scheduling delay at N = 1', () => {
    expect(schedulingDelayMs(HW_COEFS, 1)).toBe(0);
  });
  it('at N = 2 the polynomial (6.42, -7.0) highest order first: 6.42 × 2 − 7.0 = 5.84', () => {
    expect(schedulingDelayMs(HW_COEFS, 2)).toBe(6.42 * 2 - 7.0);
    expect(schedulingDelayMs(HW_COEFS, 2)).toBeCloseTo(5.84, 12);
  });
  it('a negative polynomial value is floored at 0', () => {
    expect(schedulingDelayMs({ ...HW_COEFS, idlef_polynomial: [1, -5] }, 2)).toBe(0);
    expect(schedulingDelayMs({ ...HW_COEFS, idlef_polynomial: [1, 2, 3] }, 3)).toBe(18); // (1·3 + 2)·3 + 3
  });
});

describe('queue-aware prediction', () => {
  it('long+qwen: long modestly slower than alone, qwen more than 3× (and the exact figures)', () => {
    const [lLong, lQwen] = predictQueueAware(PROF_LONG, PROF_QWEN, HW_COEFS);
    expect(lLong).toBeGreaterThan(PROF_LONG.act_solo_ms);
    expect(lLong).toBeLessThan(PROF_LONG.act_solo_ms * 2.0);
    expect(lQwen).toBeGreaterThan(PROF_QWEN.act_solo_ms * 3.0);
    // By hand: sum = 127.4; long: 0.149 + 5.84 + 114.9 (1 + 1.2 · 12.5/127.4) ≈ 134.4173;
    // qwen: 0.022 + 5.84 + 12.5 (1 + 5.64 · 114.9/127.4) ≈ 81.9448. nvinx 0.3.0a2 prints:
    expect(lLong).toBe(134.4172574568289);
    expect(lQwen).toBe(81.94481004709574);
  });
  it('needs theta on both profiles (nvinx raises ValueError)', () => {
    const p = profile({ name: 'x', kernels: 100, act_solo_ms: 10, l2_saturation_pct: 10 });
    expect(() => predictQueueAware(p, PROF_LONG, HW_COEFS)).toThrow(MissingTheta);
    expect(() => predictQueueAware(p, PROF_LONG, HW_COEFS)).toThrow(/theta_a=None, theta_b=1.2/);
  });
  it('zero active time on both sides gives (0, 0)', () => {
    const p = profile({ name: 'x', theta: 1.0 });
    expect(predictQueueAware(p, p, HW_COEFS)).toEqual([0, 0]);
  });
});

describe('heuristics', () => {
  it('max_kernel_rate: qwen has the highest rate', () => {
    expect(maxKernelRateScore([PROF_LONG, PROF_QWEN])).toBe(kernelRate(PROF_QWEN));
    expect(maxKernelRateScore([PROF_LONG, PROF_WHISPER])).toBeLessThan(maxKernelRateScore([PROF_LONG, PROF_QWEN]));
    expect(maxKernelRateScore([])).toBe(0);
  });
  it('asymmetry: long+qwen more asymmetric than long+whisper; symmetric in order; infinite with a 0', () => {
    expect(asymmetryPredictor(PROF_LONG, PROF_QWEN)).toBeGreaterThan(asymmetryPredictor(PROF_LONG, PROF_WHISPER));
    expect(asymmetryPredictor(PROF_LONG, PROF_QWEN)).toBe(asymmetryPredictor(PROF_QWEN, PROF_LONG));
    expect(asymmetryPredictor(PROF_LONG, PROF_QWEN)).toBe(114.9 / 12.5);
    expect(asymmetryPredictor(PROF_LONG, profile({ name: 'z' }))).toBe(Infinity);
  });
});

describe('pair lookup', () => {
  const entry: PairLookupEntry = {
    pair: ['esm2_short', 'qwen_05b'],
    measured_latency_a_ms: 76.5,
    measured_latency_b_ms: 77.9,
    measured_at: '',
  };
  it('a hit, in either order', () => {
    const t = lookupTable([entry])!;
    expect(lookupPairLatency('esm2_short', 'qwen_05b', t)).toEqual([76.5, 77.9]);
    expect(lookupPairLatency('qwen_05b', 'esm2_short', t)).toEqual([77.9, 76.5]);
  });
  it('a miss', () => {
    expect(lookupPairLatency('a', 'b', lookupTable([])!)).toBeNull();
  });
  it('an entry written in reverse order is found by its sorted pair and re-oriented', () => {
    const t = lookupTable([{ ...entry, pair: ['qwen_05b', 'esm2_short'] }])!;
    expect(lookupPairLatency('esm2_short', 'qwen_05b', t)).toEqual([77.9, 76.5]);
  });
  it('sorts as Python does (by code point, not UTF-16 unit)', () => {
    // U+FF5E sorts after U+1F600 in UTF-16 units (0xFF5E > 0xD83D) but before it by code point.
    const t = lookupTable([{ ...entry, pair: ['\u{FF5E}', '\u{1F600}'] }])!;
    expect(lookupPairLatency('\u{FF5E}', '\u{1F600}', t)).toEqual([76.5, 77.9]);
  });
});

describe('tiered prediction (predict_pair_latency)', () => {
  const lookup = lookupTable([
    { pair: ['esm2_short', 'qwen_05b'], measured_latency_a_ms: 76.5, measured_latency_b_ms: 77.9, measured_at: '' },
  ]);
  it('lookup first', () => {
    const p = predictPairLatency(PROF_SHORT, PROF_QWEN, HW_COEFS, lookup, null);
    expect(p).toEqual({ a: 76.5, b: 77.9, source: 'lookup' });
  });
  it('then queue-aware', () => {
    const p = predictPairLatency(PROF_LONG, PROF_QWEN, HW_COEFS, null, null);
    expect(p).toEqual({ a: 134.4172574568289, b: 81.94481004709574, source: 'queue_aware' });
  });
  it('without theta and lookup: the solo active times, fallback_unknown', () => {
    const noTheta = profile({ name: 'x', kernels: 100, act_solo_ms: 10, l2_saturation_pct: 10 });
    expect(predictPairLatency(noTheta, PROF_LONG, HW_COEFS, null, null)).toEqual({
      a: 10,
      b: 114.9,
      source: 'fallback_unknown',
    });
  });
  it('routes to V5 when γ is given and non-zero, to queue-aware for None and 0.0', () => {
    expect(predictPairLatency(PROF_LONG, PROF_QWEN, HW_COEFS, null, 0.75).source).toBe('queue_aware_v5');
    expect(predictPairLatency(PROF_LONG, PROF_QWEN, HW_COEFS, null, null).source).toBe('queue_aware');
    expect(predictPairLatency(PROF_LONG, PROF_QWEN, HW_COEFS, null, 0).source).toBe('queue_aware');
  });
});

describe('V5 kernel-size-ratio correction', () => {
  it('γ None or 0.0 equals queue-aware exactly', () => {
    const base = predictQueueAware(PROF_LONG, PROF_QWEN, HW_COEFS);
    expect(predictQueueAwareV5(PROF_LONG, PROF_QWEN, HW_COEFS, null)).toEqual(base);
    expect(predictQueueAwareV5(PROF_LONG, PROF_QWEN, HW_COEFS, 0)).toEqual(base);
  });
  it('γ = 0.75 inflates the small-kernel self (qwen) more than the large-kernel one (long)', () => {
    const [bLong, bQwen] = predictQueueAware(PROF_LONG, PROF_QWEN, HW_COEFS);
    const [vLong, vQwen] = predictQueueAwareV5(PROF_LONG, PROF_QWEN, HW_COEFS, 0.75);
    expect(vQwen).toBeGreaterThan(bQwen);
    expect(vLong).toBeGreaterThan(bLong);
    expect((vQwen - bQwen) / bQwen).toBeGreaterThan((vLong - bLong) / bLong);
    // qwen's kernel_size_ratio = (114.9/1026) / (12.5/1005) ≈ 9.004: factor 1 + 0.75 · 9.004 ≈ 7.753.
    expect(vLong).toBe(135.54412898615246);
    expect(vQwen).toBe(511.31283336776);
  });
  it('needs theta', () => {
    const p = profile({ name: 'no_theta', kernels: 100, act_solo_ms: 10, l2_saturation_pct: 10 });
    expect(() => predictQueueAwareV5(p, PROF_LONG, HW_COEFS, 0.5)).toThrow(/requires fitted theta/);
  });
  it('zero kernels: no correction (no division by zero)', () => {
    const z = profile({ name: 'zero_k', act_solo_ms: 10, l2_saturation_pct: 10, theta: 1.0 });
    expect(predictQueueAwareV5(z, PROF_LONG, HW_COEFS, 0.75)).toEqual(predictQueueAware(z, PROF_LONG, HW_COEFS));
  });
});

const SHORT_SPEC = card('esm2_short', 0.6);
const LONG_SPEC = card('esm2_long', 0.6);
const QWEN_SPEC = card('qwen_05b', 1.0);

const calibration = (profiles: InterferenceProfile[], extra: Partial<Calibration> = {}): Calibration => ({
  hw_coefs: HW_COEFS,
  profiles: Object.fromEntries(profiles.map((p) => [p.name, p])),
  pair_measurements: [],
  gamma_kernel_size: null,
  lopo_mean_pct: null,
  lopo_max_pct: null,
  lopo_mean_pct_v5: null,
  lopo_max_pct_v5: null,
  notes: [],
  ...extra,
});

describe('fractional_coresidency_v2', () => {
  it('without profiles: exactly 0.1', () => {
    const cands = [SHORT_SPEC, LONG_SPEC, QWEN_SPEC];
    const v1 = fractionalCoresidency(cands, HW_4GB);
    const v2 = fractionalCoresidencyV2(cands, HW_4GB);
    expect(v2.plan).toEqual(v1);
    expect(v2.interference).toBeNull();
  });
  it('with profiles: the notes nvinx 0.3.0a2 prints, byte for byte', () => {
    const v2 = fractionalCoresidencyV2(
      [SHORT_SPEC, LONG_SPEC],
      HW_4GB,
      0.5,
      false,
      calibration([PROF_SHORT, PROF_LONG]),
    );
    // python3: fractional_coresidency_v2([SHORT_SPEC, LONG_SPEC], HW_4GB, interference_profiles=…, hw_coefs=HW_COEFS).notes
    expect(v2.plan.notes).toEqual([
      'Pattern B (fractional_coresidency): 2 model(s) co-resident; 1.20/3.50 GB VRAM used (+ 0.5 GB headroom).',
      'interference: max_kernel_rate=47.3 k/ms (2/2 placed models have profiles)',
      'interference: pair(esm2_short+esm2_long) pred_lat=(99.0, 142.8)ms via queue_aware; asymmetry=5.29',
    ]);
  });
  it('a threshold below the max kernel rate adds the warning', () => {
    const cal = calibration([PROF_SHORT, PROF_QWEN], { max_kernel_rate_threshold: 10 });
    const v2 = fractionalCoresidencyV2([SHORT_SPEC, QWEN_SPEC], HW_4GB, 0.5, false, cal);
    expect(v2.plan.notes).toContain(
      'interference: WARNING max_kernel_rate 80.4 > threshold 10.0; expect queue contention',
    );
    const high = fractionalCoresidencyV2([SHORT_SPEC, QWEN_SPEC], HW_4GB, 0.5, false, {
      ...cal,
      max_kernel_rate_threshold: 80.4,
    });
    expect(high.plan.notes.some((n) => n.includes('WARNING'))).toBe(false);
  });
  it('a lookup hit says via lookup', () => {
    const cal = calibration([PROF_SHORT, PROF_QWEN], {
      pair_lookup: [
        { pair: ['esm2_short', 'qwen_05b'], measured_latency_a_ms: 76.5, measured_latency_b_ms: 77.9, measured_at: '' },
      ],
    });
    const v2 = fractionalCoresidencyV2([SHORT_SPEC, QWEN_SPEC], HW_4GB, 0.5, false, cal);
    // Placement puts qwen (1.0 GB) first: the pair is (qwen_05b+esm2_short), the lookup re-oriented.
    expect(v2.plan.notes[2]).toBe(
      'interference: pair(qwen_05b+esm2_short) pred_lat=(77.9, 76.5)ms via lookup; asymmetry=1.74',
    );
  });
  it('γ routes the pair notes through V5', () => {
    const cal = calibration([PROF_SHORT, PROF_LONG], { gamma_kernel_size: 0.75 });
    const v2 = fractionalCoresidencyV2([SHORT_SPEC, LONG_SPEC], HW_4GB, 0.5, false, cal);
    expect(v2.plan.notes.filter((n) => n.includes('queue_aware_v5'))).toHaveLength(1);
  });
  it('cards without a profile are counted but not paired', () => {
    const v2 = fractionalCoresidencyV2(
      [SHORT_SPEC, LONG_SPEC, QWEN_SPEC],
      HW_4GB,
      0.5,
      false,
      calibration([PROF_QWEN]),
    );
    expect(v2.plan.notes.slice(1)).toEqual([
      'interference: max_kernel_rate=80.4 k/ms (1/3 placed models have profiles)',
    ]);
    expect(v2.interference?.pairs).toEqual([]);
  });
});

describe('a measured pair when a profile’s key is not its name', () => {
  it('finds the measurement by the profiles’ own names, as nvinx-calibrate writes them, either way round', () => {
    // Cards match the key ("short_card"); the measurement names the profile ("esm2_short").
    const c: Calibration = {
      ...calibration([]),
      profiles: { short_card: PROF_SHORT, long_card: PROF_LONG },
      pair_measurements: [[PROF_SHORT.name, PROF_LONG.name, 12.5, 20.25]],
    };
    expect(measuredOf(c, 'short_card', 'long_card')).toEqual([12.5, 20.25]);
    expect(measuredOf(c, 'long_card', 'short_card')).toEqual([20.25, 12.5]);
    expect(measuredOf(c, 'short_card', 'other')).toBeNull();
  });
});

describe('a calibration imported onto a bench', () => {
  it('a new file keeps the bench’s own lookup and threshold, unless it brings its own', () => {
    const old = calibration([PROF_SHORT], { max_kernel_rate_threshold: 12, pair_lookup: [] });
    const merged = withCalibration(old, calibration([PROF_LONG], { lopo_mean_pct: 1 }));
    expect(merged.max_kernel_rate_threshold).toBe(12);
    expect(merged.pair_lookup).toEqual([]);
    expect(merged.lopo_mean_pct).toBe(1);
    expect(Object.keys(merged.profiles)).toEqual(['esm2_long']);
    const own = withCalibration(old, calibration([], { max_kernel_rate_threshold: 30 }));
    expect(own.max_kernel_rate_threshold).toBe(30);
    expect(withCalibration(undefined, calibration([]))).toEqual(calibration([]));
  });

  it('profiles match the cards of their name; the rest are for cards not on the bench', () => {
    const c = { ...calibration([]), profiles: { esm2_short: PROF_SHORT, qwen_05b: PROF_QWEN, whisper: PROF_WHISPER } };
    expect(profilesOnBench(c, [SHORT_SPEC, LONG_SPEC, QWEN_SPEC])).toEqual({
      matched: ['esm2_short', 'qwen_05b'],
      elsewhere: ['whisper'],
    });
    expect(profilesOnBench(c, [])).toEqual({ matched: [], elsewhere: ['esm2_short', 'qwen_05b', 'whisper'] });
  });
});
