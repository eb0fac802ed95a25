import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ramOverflow } from './patterns';
import { PlanRefusal } from './types';
import { makeCard } from '../test/cards';
import {
  cardsOverCores,
  checkBench,
  hasErrors,
  overflowProblems,
  runTwiceByWindow,
  type BenchProblem,
} from './bench-check';
import type { Bench } from './types';

const hw = { vram_gb: 4, ram_gb: 32, cpu_cores: 8 };
const show = (ps: readonly BenchProblem[]) => ps.map((p) => `${p.severity} ${p.code} ${p.path.join('.')}`);

describe('the bench check (cross-field rules)', () => {
  it('passes a clean bench', () => {
    const bench: Bench = {
      hardware: hw,
      models: [makeCard({ name: 'a', cores: 8 }), makeCard({ name: 'b' })],
      windows: [{ name: 'w', pattern: 'fractional_coresidency', candidates: ['a', 'b'], headroom_gb: 0.5 }],
    };
    expect(checkBench(bench)).toEqual([]);
  });

  it('finds blank and duplicate card names, spaced names and cores above the bench', () => {
    const ps = checkBench({
      hardware: hw,
      models: [
        makeCard({ name: 'a' }),
        makeCard({ name: ' ' }),
        makeCard({ name: 'a' }),
        makeCard({ name: 'padded job ' }),
        makeCard({ name: 'big', cores: 12 }),
      ],
    });
    expect(show(ps)).toEqual([
      'error blank_name models.1.name',
      'error duplicate_card models.2.name',
      'warning name_spaces models.3.name',
      'warning cores_over_bench models.4.cores',
    ]);
    expect(ps[1]?.message).toBe('"a" is already the name of models[0]; names must be unique');
    expect(ps[3]?.message).toBe("is 12, more than the bench's 8 CPU cores; the day gives it all 8");
    expect(hasErrors(ps)).toBe(true);
    expect(hasErrors(ps.filter((p) => p.severity === 'warning'))).toBe(false);
  });

  it('reads a zero-width joiner or non-joiner between non-ASCII characters as writing (emoji, Persian), not hiding', () => {
    const writing = ['coder \u{1f469}\u200d\u{1f4bb}', '\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645'];
    const hiding = ['a\u200db', '\u200dabc', 'abc\u200c', '\u{1f469}\u200dx'];
    const ps = checkBench({ hardware: hw, models: [...writing, ...hiding].map((name) => makeCard({ name })) });
    expect(show(ps)).toEqual(hiding.map((_, i) => `warning invisible_chars models.${writing.length + i}.name`));
  });

  it('warns of names holding invisible or direction-changing characters (bidi, zero-width, tags), cards and windows', () => {
    const hidden = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
    const others = ['\u200b', '\u200e', '\u200f', '\ufeff', '\u00ad', '\u2028', '\u{e0041}'];
    const names = [...hidden, ...others].map((c) => `job${c}1`);
    const ps = checkBench({
      hardware: hw,
      models: [makeCard({ name: 'plain é ü 名' }), ...names.map((name) => makeCard({ name }))],
      windows: [{ name: 'night\u202efdp.exe', pattern: 'fractional_coresidency', candidates: names, headroom_gb: 0.5 }],
    });
    expect(show(ps)).toEqual([
      ...names.map((_, i) => `warning invisible_chars models.${i + 1}.name`),
      'warning invisible_chars windows.0.name',
    ]);
    expect(ps[4]?.message).toBe(
      '"job\\u202e1" holds invisible or direction-changing characters (U+202E): it displays differently from what it is; kept as written',
    );
    expect(ps[names.length - 1]?.message).toContain(
      '"job\\u{e0041}1" holds invisible or direction-changing characters (U+E0041)',
    );
    // The message itself holds none: it can go to a terminal or a page as it is.
    for (const p of ps) expect(p.message).not.toMatch(/[\p{Cf}\u2028\u2029]/u);
  });

  it('finds window problems: duplicate and blank names, missing cards, repeats, a card in two windows', () => {
    const ps = checkBench({
      hardware: hw,
      models: [makeCard({ name: 'job', residency: 'GPU_EXCLUSIVE' }), makeCard({ name: 'x' })],
      windows: [
        { name: 'w', pattern: 'serial_handoff', gpu_job: 'job', candidates: ['x', 'job'] },
        { name: 'w', pattern: 'fractional_coresidency', candidates: ['x', 'gone', 'x'], headroom_gb: 0.5 },
        { name: '', pattern: 'ram_overflow', model: 'nothing', headroom_gb: 0.5 },
      ],
    });
    expect(show(ps)).toEqual([
      'warning job_is_candidate windows.0.candidates.1',
      'error duplicate_window windows.1.name',
      'warning card_in_two_windows windows.1.candidates.0',
      'error missing_card windows.1.candidates.1',
      'error repeated_candidate windows.1.candidates.2',
      'error blank_name windows.2.name',
      'error missing_card windows.2.model',
    ]);
    expect(ps[2]?.message).toBe('names "x", which window "w" runs too: it runs in both windows (twice in the day)');
  });

  it('does not check windows a bench does not have (they are composed)', () => {
    expect(checkBench({ hardware: hw, models: [makeCard({ name: 'a' })] })).toEqual([]);
  });

  it('is linear: 40,000 cards in windows of thousands are checked at once', () => {
    const models = Array.from({ length: 40_000 }, (_, i) => makeCard({ name: `m${i}` }));
    const windows = Array.from({ length: 8 }, (_, k) => ({
      name: `w${k}`,
      pattern: 'fractional_coresidency' as const,
      candidates: models.slice(k * 5000, (k + 1) * 5000).map((m) => m.name),
      headroom_gb: 0.5,
    }));
    expect(checkBench({ hardware: hw, models, windows })).toEqual([]);
  });
});

describe("the check's helpers for the editors", () => {
  it('name the cards an earlier window runs, per window, and the cards over the bench cores', () => {
    const bench: Bench = {
      hardware: hw,
      models: [makeCard({ name: 'a', cores: 9 }), makeCard({ name: 'b', cores: 8 }), makeCard({ name: 'c' })],
      windows: [
        { name: 'w', pattern: 'fractional_coresidency', candidates: ['a', 'b'], headroom_gb: 0.5 },
        { name: 'v', pattern: 'fractional_coresidency', candidates: ['c', 'b', 'a'], headroom_gb: 0.5 },
      ],
    };
    expect(runTwiceByWindow(bench)).toEqual([[], ['b', 'a']]);
    expect([...cardsOverCores(bench)]).toEqual([0]);
  });
});

describe('a card whose VRAM was estimated', () => {
  // 1e9 parameters at fp16 = 2,000,000,000 bytes = 1.8626 GiB; no shape: activations 20 % =
  // 0.37253 GiB; overhead 0.5; margin 10 % of 2.73516 = 0.27352; total 3.00868 → 3.01 GB.
  const estimate = { from: 'config.json', parameters: 1e9, dtype: 'fp16' as const };

  it('agrees when vram_gb is the estimate’s total rounded up to 0.01 GB', () => {
    const card = makeCard({ name: 'a', vram_gb: 3.01, vram_source: 'estimated', vram_estimate: estimate });
    expect(checkBench({ hardware: hw, models: [card] })).toEqual([]);
  });

  it('warns when vram_gb is not the estimate’s total, and when an estimated card keeps no estimate', () => {
    const ps = checkBench({
      hardware: hw,
      models: [
        makeCard({ name: 'a', vram_gb: 3.0, vram_source: 'estimated', vram_estimate: estimate }),
        makeCard({ name: 'b', vram_gb: 3.0, vram_source: 'estimated' }),
        // Typed or measured: the estimate is kept beside the number, and differs without a word.
        makeCard({ name: 'c', vram_gb: 2.5, vram_source: 'measured', vram_estimate: estimate }),
        makeCard({ name: 'd', vram_gb: 1, vram_estimate: estimate }),
      ],
    });
    expect(show(ps)).toEqual([
      'warning estimate_differs models.0.vram_gb',
      'warning estimate_missing models.1.vram_source',
    ]);
    expect(ps[0]?.message).toBe(
      'is 3 GB, but its estimate (from config.json) totals 3.01 GB; it is planned as written',
    );
    expect(ps[0]?.card).toBe('a');
    expect(hasErrors(ps)).toBe(false);
  });
});

describe("a card nvinx's ram_overflow would refuse, or split unexpectedly", () => {
  const spill = { residency: 'GPU_RAM_OVERFLOW' as const, vram_gb: 6 };

  it('is warned on the field to change: no ram_overflow_supported, no ram_gb_needed, more RAM than the bench, less than its VRAM', () => {
    const ps = checkBench({
      hardware: { vram_gb: 4, ram_gb: 16, cpu_cores: 8 },
      models: [
        makeCard({ name: 'a', ...spill }),
        makeCard({ name: 'b', ...spill, ram_overflow_supported: true }),
        makeCard({ name: 'c', ...spill, ram_overflow_supported: true, ram_gb_needed: 20 }),
        makeCard({ name: 'd', ...spill, ram_overflow_supported: true, ram_gb_needed: 3 }),
        makeCard({ name: 'ok', ...spill, ram_overflow_supported: true, ram_gb_needed: 10 }),
        makeCard({ name: 'job', vram_gb: 2, residency: 'GPU_EXCLUSIVE' }),
      ],
      windows: [{ name: 'late', pattern: 'ram_overflow', model: 'job', headroom_gb: 0.5 }],
    });
    expect(show(ps).filter((p) => p.includes('overflow'))).toEqual([
      'warning overflow_refused models.0.ram_overflow_supported',
      'warning overflow_refused models.1.ram_gb_needed',
      'warning overflow_refused models.2.ram_gb_needed',
      'warning overflow_surprise models.3.ram_gb_needed',
      'warning overflow_refused models.5.ram_overflow_supported',
    ]);
    expect(ps[0]?.message).toBe(
      "is not true on a card spilled to RAM (GPU_RAM_OVERFLOW): nvinx's ram_overflow refuses the card, so its window plans nothing",
    );
    expect(ps.find((p) => p.card === 'c')?.message).toBe(
      "is 20 GB, more than the bench's 16 GB of RAM: nvinx's ram_overflow refuses the card, so its window plans nothing",
    );
  });

  it('warns of a refusal exactly when ram_overflow refuses (one GPU)', () => {
    const num = fc.double({ min: 0, max: 64, noNaN: true });
    fc.assert(
      fc.property(fc.boolean(), fc.option(num), num, num, (supported, need, vram, ram) => {
        const hardware = { vram_gb: 4, ram_gb: ram, cpu_cores: 8 };
        const m = makeCard({
          name: 'm',
          ...spill,
          vram_gb: vram,
          ram_overflow_supported: supported,
          ram_gb_needed: need,
        });
        let refused = false;
        try {
          ramOverflow(m, hardware);
        } catch (e) {
          if (!(e instanceof PlanRefusal)) throw e;
          refused = true;
        }
        expect(overflowProblems(m, hardware, true).some((p) => p.code === 'overflow_refused')).toBe(refused);
      }),
    );
  });

  it('says nothing of a card no ram_overflow takes, and on several GPUs only of the missing support', () => {
    const m = makeCard({ name: 'm', ...spill, ram_overflow_supported: true });
    expect(overflowProblems(makeCard({ name: 'x', vram_gb: 6, residency: 'GPU_SHARED' }), hw, false)).toEqual([]);
    expect(overflowProblems(m, { ...hw, more_gpus: [{ vram_gb: 4 }] }, true)).toEqual([]);
    expect(
      overflowProblems({ ...m, ram_overflow_supported: false }, { ...hw, more_gpus: [{ vram_gb: 4 }] }, true),
    ).toHaveLength(1);
  });
});
