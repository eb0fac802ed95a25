/* eslint-disable @typescript-eslint/no-explicit-any -- the tests edit parsed JSON documents in place */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { card } from '../test/cards';
import type { Bench } from '../core/types';
import type { Calibration } from '../core/types';
import { restoreBench } from './restore';
import { CALIBRATION_REPAIRS } from './repair';
import { readCalibrationFile } from './calibration-file';
import { readBench } from './read';
import { decodeShareFragment, encodeShareFragment } from './share';
import { writeBench, writeNvinxConfig } from './write';

const exampleText = readFileSync(new URL('../../fixtures/calibration_result.json', import.meta.url), 'utf8');

function example(): Calibration {
  const r = readCalibrationFile(exampleText);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.calibration;
}

const bench = (interference?: Calibration): Bench => ({
  name: 'b',
  hardware: { vram_gb: 4, ram_gb: 32, cpu_cores: 8 },
  models: [card('classifier_a', 0.7, 'GPU_SHARED', { hours: 1 })],
  ...(interference === undefined ? {} : { interference }),
});

/** The example file with one change made to its value. */
function edited(change: (v: Record<string, any>) => void): string {
  const v = JSON.parse(exampleText) as Record<string, any>;
  change(v);
  return JSON.stringify(v, null, 2);
}

const messages = (text: string) => {
  const r = readCalibrationFile(text);
  return r.ok ? [] : r.errors.map((e) => `${e.line}:${e.column} ${e.message}`);
};

describe('calibration_result.json', () => {
  it('reads the file nvinx-calibrate writes, every key', () => {
    const c = example();
    expect(c.hw_coefs).toEqual({
      idlef_polynomial: [6.42, -7.0],
      powerp_linear: [-0.85, 1530.0],
      nominal_freq_mhz: 1530,
      tdp_watts: 40,
      substrate_name: 'rtx_a1000_4gb (example)',
    });
    expect(Object.keys(c.profiles)).toEqual(['classifier_a', 'embedder', 'reranker']);
    expect(c.profiles['embedder']).toEqual({
      name: 'embedder',
      kernels: 410,
      baseidle_ms: 0.03,
      act_solo_ms: 6.5,
      l2_saturation_pct: 9.7,
      k_l2: 0,
      theta: 3.2,
      power_w: 14.5,
      architecture_class: 'encoder_transformer',
    });
    expect(c.pair_measurements).toEqual([
      ['classifier_a', 'embedder', 34.44, 25.16],
      ['classifier_a', 'reranker', 44.24, 64.25],
      ['embedder', 'reranker', 34.03, 52.49],
    ]);
    expect([c.lopo_mean_pct, c.lopo_max_pct, c.gamma_kernel_size, c.lopo_mean_pct_v5, c.lopo_max_pct_v5]).toEqual([
      8.7,
      14.2,
      null,
      null,
      null,
    ]);
    expect(c.notes).toHaveLength(2);
  });

  it('says what is wrong and where (path, line, column), every problem at once', () => {
    const text = edited((v) => {
      v['profiles']['embedder']['act_solo_ms'] = -1;
      v['profiles']['reranker']['theta'] = 'high';
      v['pair_measurements'][1] = ['classifier_a', 'reranker', 0, 5];
    });
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(messages(text)).toEqual([
      `${lineOf('"act_solo_ms": -1')}:22 profiles.embedder.act_solo_ms must be 0 or more, got -1`,
      `${lineOf('"theta": "high"')}:16 profiles.reranker.theta must be a number, got the text "high"`,
      // pair_measurements: row 0 takes six lines, row 1's `[` is the seventh; its item 2 the tenth.
      `${lineOf('"pair_measurements"') + 10}:7 pair_measurements[1][2] must be greater than 0, got 0`,
    ]);
  });

  it('refuses a file without hw_coefs or profiles, or with a non-mapping', () => {
    expect(messages(edited((v) => delete v['hw_coefs']))).toEqual([
      '1:1 the document is missing the required field hw_coefs',
    ]);
    expect(messages(edited((v) => (v['profiles'] = [1, 2])))[0]).toMatch(
      /profiles must be a mapping of model names to profiles, got a list/,
    );
    expect(messages('[1, 2]')).toEqual([
      '1:1 the document must be a mapping of a calibration (hw_coefs, profiles, …), got a list',
    ]);
  });

  it('refuses NaN and Infinity (which Python json writes) with the line', () => {
    const text = exampleText.replace('"lopo_mean_pct": 8.7', '"lopo_mean_pct": NaN');
    const line = text.split('\n').findIndex((l) => l.includes('NaN')) + 1;
    expect(messages(text)[0]).toMatch(new RegExp(`^${line}:\\d+ the file has NaN at line ${line} `));
  });

  it('refuses text that is not JSON, with where it stops', () => {
    expect(messages('{\n  "hw_coefs": {,\n}')[0]).toMatch(
      /^2:16 this is not a calibration_result\.json: the JSON does not read \(line 2, column 16\): Expected property name/,
    );
    expect(messages('')[0]).toMatch(/the JSON does not read/);
  });

  it('refuses a key written twice (JSON.parse would keep the last silently)', () => {
    const text = exampleText.replace('"lopo_max_pct": 14.2,', '"lopo_max_pct": 14.2,\n  "lopo_max_pct": 1,');
    expect(messages(text)[0]).toMatch(/a key is written twice \(line \d+\)/);
  });

  it('warns about keys it does not know, and a profile whose name differs from its key', () => {
    const r = readCalibrationFile(
      edited((v) => {
        v['fit_seconds'] = 3;
        v['profiles']['embedder']['name'] = 'embedder_v2';
      }),
    );
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^fit_seconds is not a field the planner knows; it is ignored/),
      'profiles.embedder.name is "embedder_v2": cards are matched by the key "embedder", pair lookups use the name (as nvinx does)',
    ]);
  });

  it('refuses absurd and hostile figures', () => {
    expect(messages(edited((v) => (v['profiles']['embedder']['kernels'] = 1.5)))[0]).toMatch(
      /profiles\.embedder\.kernels must be a whole number, got 1\.5/,
    );
    expect(messages(edited((v) => (v['hw_coefs']['idlef_polynomial'] = new Array(17).fill(1))))[0]).toMatch(
      /hw_coefs\.idlef_polynomial has 17 coefficients; at most 16/,
    );
    expect(messages(edited((v) => (v['profiles']['embedder']['theta'] = -0.5)))[0]).toMatch(
      /profiles\.embedder\.theta must be 0 or more, got -0\.5/,
    );
    expect(messages('\u0000{}')[0]).toMatch(/not a text file/);
  });

  it('keeps a model named __proto__ as a key like any other', () => {
    const text = exampleText
      .replace('"embedder": {', '"__proto__": {')
      .replace('"name": "embedder"', '"name": "__proto__"');
    const r = readCalibrationFile(text);
    if (!r.ok) throw new Error(r.errors[0]!.message);
    expect(Object.hasOwn(r.calibration.profiles, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(r.calibration.profiles)).toBe(Object.prototype);
  });

  it('pair_lookup: each entry checked; a pair given twice (in any order) is refused', () => {
    const entry = (a: string, b: string) => ({ pair: [a, b], measured_latency_a_ms: 30, measured_latency_b_ms: 20 });
    const ok = readCalibrationFile(edited((v) => (v['pair_lookup'] = [entry('embedder', 'reranker')])));
    expect(ok.ok && ok.calibration.pair_lookup).toEqual([
      { pair: ['embedder', 'reranker'], measured_latency_a_ms: 30, measured_latency_b_ms: 20, measured_at: '' },
    ]);
    expect(
      messages(edited((v) => (v['pair_lookup'] = [entry('embedder', 'reranker'), entry('reranker', 'embedder')])))[0],
    ).toMatch(/pair_lookup\[1\] repeats the pair \(reranker, embedder\) of entry 1/);
  });
});

describe('the bench document carries the interference section', () => {
  it('round-trips through YAML exactly (with lookup and threshold)', () => {
    const cal: Calibration = {
      ...example(),
      gamma_kernel_size: 0.44,
      pair_lookup: [
        {
          pair: ['reranker', 'embedder'],
          measured_latency_a_ms: 50,
          measured_latency_b_ms: 30.5,
          measured_at: '2026-05-01T00:00:00Z',
        },
      ],
      max_kernel_rate_threshold: 40,
    };
    const text = writeBench(bench(cal));
    expect(text).toMatch(/^interference:\n {2}hw_coefs:\n {4}idlef_polynomial: \[ 6\.42, -7 \]/m);
    const back = readBench(text);
    if (!back.ok) throw new Error(back.errors[0]!.message);
    expect(back.warnings).toEqual([]);
    expect(back.bench.interference).toEqual(cal);
    expect(back.format).toBe('bench');
  });

  it('the nvinx export leaves it out', () => {
    expect(writeNvinxConfig(bench(example()))).not.toContain('interference');
  });

  it('a bench document with a bad section is refused with the path', () => {
    const text = writeBench(bench(example())).replace('act_solo_ms: 6.5', 'act_solo_ms: lots');
    const r = readBench(text);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors[0]!.message).toBe(
        'interference.profiles.embedder.act_solo_ms must be a number, got the text "lots"',
      );
  });

  it('restoring saved state keeps what it can: a bad profile is dropped, the rest kept, and said', () => {
    const cal = example();
    const saved = JSON.parse(JSON.stringify(bench(cal))) as Record<string, any>;
    saved['interference']['profiles']['embedder']['act_solo_ms'] = 'x';
    saved['interference']['lopo_mean_pct'] = -3;
    const r = restoreBench(saved, bench());
    expect(Object.keys(r.bench.interference!.profiles)).toEqual(['classifier_a', 'reranker']);
    expect(r.bench.interference!.lopo_mean_pct).toBeNull();
    expect(r.changes.map((c) => c.message)).toEqual([
      'interference.profiles.embedder.act_solo_ms must be a number, got the text "x": the profile is dropped',
      'interference.lopo_mean_pct must be 0 or more, got -3: set to null',
    ]);
    const noHw = JSON.parse(JSON.stringify(bench(cal))) as Record<string, any>;
    delete noHw['interference']['hw_coefs'];
    const r2 = restoreBench(noHw, bench());
    expect(r2.bench.interference).toBeUndefined();
    expect(r2.bench.models).toHaveLength(1);
    expect(r2.changes.map((c) => c.message)).toEqual([
      'interference is missing the required field hw_coefs: the calibration is dropped',
    ]);
  });

  it('each bad value is repaired as the repair table says: optional figures take their default, bad items leave their list', () => {
    const saved = JSON.parse(JSON.stringify(bench(example()))) as Record<string, any>;
    const cal = saved['interference'];
    cal['hw_coefs']['substrate_name'] = { a: 1 };
    cal['profiles']['embedder']['k_l2'] = 'high';
    cal['profiles']['embedder']['architecture_class'] = [3];
    cal['profiles']['reranker']['power_w'] = -1;
    cal['pair_measurements'][1] = ['embedder', 'reranker', 0, 1];
    cal['notes'] = 'one note';
    cal['pair_lookup'] = [
      { pair: ['embedder', 'reranker'], measured_latency_a_ms: 2, measured_latency_b_ms: 3, measured_at: { at: 5 } },
      { pair: ['embedder'], measured_latency_a_ms: 2, measured_latency_b_ms: 3 },
    ];
    const r = restoreBench(saved, bench());
    const got = r.bench.interference!;
    expect(got.hw_coefs.substrate_name).toBe(CALIBRATION_REPAIRS.hw_coefs.fields.substrate_name.becomes);
    expect(got.profiles['embedder']!.k_l2).toBe(0);
    expect(got.profiles['embedder']!.architecture_class).toBe('unknown');
    expect(got.profiles['reranker']!.power_w).toBe(0);
    expect(got.pair_measurements).toHaveLength(example().pair_measurements.length - 1);
    expect(got.notes).toEqual([]);
    expect(got.pair_lookup).toEqual([
      { pair: ['embedder', 'reranker'], measured_latency_a_ms: 2, measured_latency_b_ms: 3, measured_at: '' },
    ]);
    expect(r.changes.map((c) => c.message.replace(/^.*: /, ''))).toEqual([
      'set to "unknown"',
      'set to 0',
      'set to "unknown"',
      'set to 0',
      'set to ""',
      'the entry is dropped',
      'the pair is dropped',
      'set to none',
    ]);
    // A pair_lookup that is not a list is removed; one note that is not text leaves the list.
    const again = JSON.parse(JSON.stringify(bench(example()))) as Record<string, any>;
    again['interference']['pair_lookup'] = 'none';
    again['interference']['notes'] = ['kept', { n: 4 }];
    const r2 = restoreBench(again, bench());
    expect(r2.bench.interference!.pair_lookup).toBeUndefined();
    expect(r2.bench.interference!.notes).toEqual(['kept']);
    expect(r2.changes.map((c) => c.message.replace(/^.*: /, ''))).toEqual(['removed', 'the note is dropped']);
  });

  it('share links carry it, and stay small', () => {
    const plain = encodeShareFragment(bench());
    const withCal = encodeShareFragment(bench(example()));
    const back = decodeShareFragment(withCal);
    expect(back.ok && back.bench.interference).toEqual(example());
    // Measured: the example calibration (3 profiles, 3 pairs, 2 notes) adds about 0.8 KB to the link.
    expect(withCal.length - plain.length).toBeLessThan(1200);
  });
});

describe('a NaN inside a note is not a NaN value', () => {
  it('the refusal points at the broken JSON, not at a note that says NaN', () => {
    const withNote = exampleText.replace('"notes": [', '"notes": ["the loss went NaN once, then recovered", ');
    expect(readCalibrationFile(withNote).ok).toBe(true);
    const broken = withNote.replace('"lopo_mean_pct": 8.7', '"lopo_mean_pct": 8.7,,');
    const m = messages(broken)[0] ?? '';
    expect(m).not.toContain('the file has NaN');
    const valueNaN = withNote.replace('"lopo_mean_pct": 8.7', '"lopo_mean_pct": NaN');
    expect(messages(valueNaN)[0]).toContain('the file has NaN at line');
  });
});
