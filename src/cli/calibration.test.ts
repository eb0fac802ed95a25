import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readBench } from '../bench/read';
import { runPlanCli } from './plan';

const root = fileURLToPath(new URL('../../', import.meta.url));
const files: Record<string, string> = {};
const read = (f: string) =>
  f in files ? new TextEncoder().encode(files[f]) : readFileSync(new URL(f, `file://${root}`));
const run = (...args: string[]) => runPlanCli(args, read);
const DAY = 'src/store/presets/default-4gb-day.yaml';
const CAL = 'fixtures/calibration_result.json';

describe('plan CLI --calibration', () => {
  it('without it, the notes are nvinx 0.1’s and the morning takes 1 h', () => {
    const r = JSON.parse(run('--json', DAY).stdout);
    expect(r.windows[1].plan.notes).toHaveLength(1);
    expect(r.windows[1].end_hours).toEqual({ min: 7, max: 7 });
    expect(r.windows[1].coresidency).toEqual({
      basis: 'single_slowdown',
      slowdown: 1,
      text: "the bench's single co-residency slowdown (1×)",
    });
  });

  it('attaches the calibration: the v2 notes and the morning timed from the predictions', () => {
    const { code, stdout, stderr } = run('--json', '--calibration', CAL, DAY);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    // nvinx 0.3.0a2's fractional_coresidency_v2 on the same cards and calibration (python3) prints these notes.
    expect(r.windows[1].plan.notes).toEqual([
      'Pattern B (fractional_coresidency): 3 model(s) co-resident; 2.20/3.50 GB VRAM used (+ 0.5 GB headroom).',
      'interference: max_kernel_rate=63.1 k/ms (3/3 placed models have profiles)',
      'interference: pair(reranker+classifier_a) pred_lat=(61.8, 46.6)ms via queue_aware; asymmetry=2.33',
      'interference: pair(reranker+embedder) pred_lat=(54.1, 30.4)ms via queue_aware; asymmetry=6.46',
      'interference: pair(classifier_a+embedder) pred_lat=(32.5, 27.7)ms via queue_aware; asymmetry=2.77',
    ]);
    expect(r.windows[1].coresidency.basis).toBe('calibration');
    expect(r.windows[1].coresidency.factors.map((f: { name: string }) => f.name)).toEqual([
      'reranker',
      'classifier_a',
      'embedder',
    ]);
    // embedder ≈ 7.9× on 0.5 h: together (≈ 3.9 h) is slower than one after another (2.5 h).
    expect(r.windows[1].end_hours).toEqual({ min: 8.5, max: 8.5 });
    // 8.5 h + big_folder's 1 h × 2.7875–20.159524 (the default bench's bandwidths).
    expect(r.day.planned_hours).toEqual({ min: 11.2875, max: 28.659524 });
    const text = run('--calibration', CAL, DAY).stdout;
    expect(text).toContain("    timing: co-residency: timed from nvinx 0.3's calibration");
    expect(text).toContain('    hours: 6 → 8.5 h');
  });

  it('--to bench writes the section into the bench document, which reads back with it', () => {
    const { code, stdout } = run('--to', 'bench', `--calibration=${CAL}`, DAY);
    expect(code).toBe(0);
    const back = readBench(stdout);
    expect(back.ok && Object.keys(back.bench.interference!.profiles)).toEqual(['classifier_a', 'embedder', 'reranker']);
  });

  it('a bad calibration: exit 1, every problem with FILE:LINE:COLUMN, and no bench planned', () => {
    files['bad.json'] =
      '{\n  "hw_coefs": {"idlef_polynomial": [1], "powerp_linear": [], "nominal_freq_mhz": 1, "tdp_watts": -4},\n  "profiles": {"m": {"name": "m"}}\n}\n';
    const { code, stdout, stderr } = run('--calibration', 'bad.json', DAY);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toEqual([
      'bad.json:2:98: error: hw_coefs.tdp_watts must be 0 or more, got -4',
      // The profile's mapping opens at line 3, column 21.
      'bad.json:3:21: error: profiles.m is missing the required field kernels',
      'bad.json:3:21: error: profiles.m is missing the required field baseidle_ms',
      'bad.json:3:21: error: profiles.m is missing the required field act_solo_ms',
      'bad.json:3:21: error: profiles.m is missing the required field l2_saturation_pct',
      'bad.json: the calibration was not read; no bench was planned',
      '',
    ]);
  });

  it('usage errors: no FILE, or two calibrations', () => {
    expect(run('--calibration').code).toBe(2);
    expect(run('--calibration', CAL, '--calibration', CAL, DAY).stderr).toMatch(/given twice/);
    expect(run('--calibration', 'nope.json', DAY)).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^nope\.json: error: no such file/),
    });
  });
});
