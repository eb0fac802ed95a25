/**
 * Differential test against nvinx 0.3.0a2 itself: `fractional_coresidency_v2`'s notes and
 * `predict_pair_latency`'s figures, byte for byte, on generated benches and calibrations.
 * - Always: the checked-in fixture (testdata/interference-v2.json, written by
 *   scripts/interference_fixture.py running nvinx 0.3.0a2).
 * - When python3 and nvinx 0.3.0a2's source are at hand (NVINX03_SRC, or the project's
 *   nvinx mirror), the script runs again with other seeds and the answers are compared live.
 * Each calibration goes through the bench reader (strict), as an imported file would.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCard } from '../test/cards';
import { lookupTable, predictPairLatency, profileMap } from './interference';
import { planBench } from './day';
import type { Bench, Residency } from './types';
import { Reader } from '../bench/issues';
import { readInterference } from '../bench/interference-reader';

interface Case {
  readonly hardware: { vram_gb: number; ram_gb: number; cpu_cores: number };
  readonly cards: readonly { name: string; vram_gb: number; residency: Residency; cpu_fallback_supported: boolean }[];
  readonly headroom_gb: number;
  readonly headroom_is_int: boolean;
  readonly calibration: unknown;
  readonly notes: readonly string[];
  readonly measured_predictions: readonly [number, number, string][];
}

interface Fixture {
  readonly nvinx: string;
  readonly seed: number;
  readonly cases: readonly Case[];
}

const script = new URL('../../scripts/interference_fixture.py', import.meta.url).pathname;
const fixture = JSON.parse(
  readFileSync(new URL('./testdata/interference-v2.json', import.meta.url), 'utf8'),
) as Fixture;

/** What the planner gives for one case: the window's notes and the measured pairs' predictions. */
function planner(c: Case): { notes: readonly string[]; measured: [number, number, string][] } {
  const r = new Reader(null, 'strict');
  const calibration = readInterference(r, c.calibration, ['interference']);
  if (calibration === undefined || r.errors.length > 0) {
    throw new Error(`calibration refused: ${r.errors.map((e) => e.message).join('; ')}`);
  }
  const models = c.cards.map((m) => makeCard(m));
  const bench: Bench = {
    hardware: c.hardware,
    models,
    windows: [
      {
        name: 'w',
        pattern: 'fractional_coresidency',
        candidates: models.map((m) => m.name),
        headroom_gb: c.headroom_gb,
        ...(c.headroom_is_int ? { headroom_is_int: true } : {}),
      },
    ],
    interference: calibration,
  };
  const w = planBench(bench).windows[0]!;
  if (w.kind !== 'plan') throw new Error(`window refused: ${w.kind === 'refused' ? w.error.message : w.kind}`);
  // nvinx's predict_pair_latency for each pair the calibration measured (by the profiles' names, else keys).
  const profiles = profileMap(calibration);
  const byName = new Map([...profiles.values()].map((p) => [p.name, p]));
  const table = lookupTable(calibration.pair_lookup);
  const measured = calibration.pair_measurements.map(([a, b]) => {
    const pa = byName.get(a) ?? profiles.get(a);
    const pb = byName.get(b) ?? profiles.get(b);
    if (pa === undefined || pb === undefined) throw new Error(`no profile for ${a}+${b}`);
    const p = predictPairLatency(pa, pb, calibration.hw_coefs, table, calibration.gamma_kernel_size);
    return [p.a, p.b, p.source] as [number, number, string];
  });
  return { notes: w.plan.notes, measured };
}

function compare(cases: readonly Case[]) {
  let pairs = 0;
  cases.forEach((c, i) => {
    const got = planner(c);
    expect(got.notes, `case ${i}`).toEqual(c.notes);
    expect(got.measured, `case ${i} measured pairs`).toEqual(c.measured_predictions);
    pairs += c.notes.filter((n) => n.includes('pair(')).length;
  });
  return pairs;
}

describe('fractional_coresidency_v2 against nvinx 0.3.0a2', () => {
  it(`the checked-in fixture (${fixture.cases.length} benches, seed ${fixture.seed}) matches byte for byte`, () => {
    expect(fixture.nvinx).toBe('v0.3.0a2');
    const pairs = compare(fixture.cases);
    // The fixture exercises every source and the warning (a fixture that did not would prove little).
    const all = fixture.cases.flatMap((c) => c.notes).join('\n');
    for (const s of [
      'via lookup',
      'via queue_aware;',
      'via queue_aware_v5',
      'via fallback_unknown',
      'WARNING',
      'asymmetry=inf',
    ]) {
      expect(all).toContain(s);
    }
    expect(pairs).toBeGreaterThan(50);
  });

  const src = nvinx03Source();
  it.runIf(src !== null)(
    `live: nvinx 0.3.0a2 run now on fresh seeds${src === null ? ' [skipped: no python3 or nvinx 0.3 source]' : ''}`,
    () => {
      for (const seed of [11, 12]) {
        const out = spawnSync('python3', [script, '--seed', String(seed), '--cases', '40'], {
          env: { ...process.env, PYTHONPATH: src!, PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' },
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        });
        expect(out.status, out.stderr).toBe(0);
        const live = JSON.parse(out.stdout) as Fixture;
        compare(live.cases);
      }
    },
  );
});

/** nvinx 0.3.0a2's `src` directory: NVINX03_SRC, or extracted from the project's nvinx mirror. */
function nvinx03Source(): string | null {
  if (spawnSync('python3', ['--version']).status !== 0) return null;
  const env = process.env['NVINX03_SRC'];
  if (env !== undefined && existsSync(join(env, 'nvinx', 'patterns.py'))) return env;
  const mirror = '/work/.mirror/aki1770-del+nvinx/repo';
  if (!existsSync(mirror)) return null;
  const dir = mkdtempSync(join(tmpdir(), 'nvinx03-'));
  const archive = spawnSync('git', ['-C', mirror, 'archive', '--format=tar', 'v0.3.0a2', 'src/nvinx'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  if (archive.status !== 0) return null;
  const untar = spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  return untar.status === 0 ? join(dir, 'src') : null;
}
