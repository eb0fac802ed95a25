import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbBench } from '../test/arbitraries';
import { makeCard } from '../test/cards';
import { defaultDay } from '../test/presets';
import { planBench } from './day';
import { peakCores, savingsHeadline, savingsSentence, timeDay, type DayTiming, type TimedJob } from './timing';
import { dayHeadline, whyThisPlan } from './story';
import { listNames, plural } from './words';
import type { Bench, WindowSpec } from './types';

/** The default preset's day (nvinx's 4 GB bench, composed), without the bandwidths: nvinx's 3–5× for the spill. */
const day4: Bench = defaultDay();

const time = (b: Bench) => timeDay(b, planBench(b));

/** The default co-residency slowdown, said whenever co-resident models share a window. */
const NO_SLOWDOWN =
  'co-resident models run no slower while they share the GPU: no co-residency slowdown (1×, the default; ' +
  'a measured coresidency_slowdown changes it)';

describe('timing the default day', () => {
  it('overlaps CPU work with the GPU job, runs the stack together, and carries the overflow range', () => {
    const d = time(day4);
    const [night, morning, afternoon] = d.windows;
    expect(night!.hours).toEqual({ lo: 6, hi: 6 });
    const fe = night!.jobs.find((j) => j.name === 'feature_extractor')!;
    expect(fe.start).toEqual({ lo: 0, hi: 0 });
    expect(fe.end).toEqual({ lo: 2, hi: 2 });
    expect(morning!.start).toEqual({ lo: 6, hi: 6 });
    expect(morning!.hours).toEqual({ lo: 1, hi: 1 });
    expect(morning!.together).toBe(true);
    expect(afternoon!.hours).toEqual({ lo: 3, hi: 5 });
    expect(d.planned).toEqual({ lo: 10, hi: 12 });
    // Waiting: 6 + 2 + 1 + 1 + 0.5 + 1 + 3..5
    expect(d.waiting).toEqual({ lo: 14.5, hi: 16.5 });
    expect(d.saved).toEqual({ lo: 4.5, hi: 4.5 });
    expect(savingsSentence(d)).toBe(
      '4.5 h saved (27–31% of the day). Planned: 10–12 h instead of 14.5–16.5 h one after another. ' +
        'Why a range: big_folder takes 3–5 h: nvinx states 3–5× slower from RAM. From the cards’ hours.',
    );
    expect(d.basis).toEqual({ jobs: 7, withoutHours: 0, cpuAssumed: 0 });
    // The morning's three models share the GPU: the default slowdown (none) is said.
    expect(d.assumptions).toEqual([NO_SLOWDOWN]);
  });

  it('with the hardware card’s bandwidths, times the overflow from them (a range) and says so', () => {
    // A 4 GB laptop GPU at 192 GB/s on PCIe 3.0 ×8 (6.3 GB/s effective), DDR4-3200 dual channel (51.2 GB/s).
    const hw = { ...day4.hardware, gpu_bandwidth_gbps: 192, pcie_bandwidth_gbps: 6.3, ram_bandwidth_gbps: 51.2 };
    const d = time({ ...day4, hardware: hw });
    const afternoon = d.windows[2]!;
    // big_folder: 3.5 GB in VRAM, 6.5 GB spilled; by hand: (3.5 + 6.5 × 192/51.2) / 10 = 2.7875,
    // (3.5 + 6.5 × 192/6.3) / 10 = 20.1595…; × 1 h.
    expect(afternoon.hours.lo).toBeCloseTo(2.7875, 10);
    expect(afternoon.hours.hi).toBeCloseTo(20.15952, 4);
    expect(d.planned.lo).toBeCloseTo(7 + 2.7875, 10);
    expect(d.planned.hi).toBeCloseTo(7 + 20.15952, 4);
    // The waiting bench carries the same range; the CPU overlap is what is saved (4.5 h at both ends).
    expect(d.waiting.lo).toBeCloseTo(11.5 + 2.7875, 10);
    expect(d.saved.lo).toBeCloseTo(4.5, 10);
    expect(d.saved.hi).toBeCloseTo(4.5, 10);
    expect(afternoon.jobs[0]!.basis).toBe(
      "1 h × 2.79–20.16× (from the hardware card's bandwidths: 2.79× when the spilled layers run on the CPU " +
        'from RAM (llama.cpp style); 20.16× when the spilled weights cross PCIe every forward pass ' +
        '(accelerate\'s device_map="auto"); not nvinx\'s stated 3–5×)',
    );
    expect(d.assumptions).toEqual([
      "big_folder (ram_overflow) is timed from the hardware card's bandwidths, 2.79–20.16× slower than all in VRAM, " +
        "instead of nvinx's stated 3–5×",
      NO_SLOWDOWN,
    ]);
    expect(savingsSentence(d)).toBe(
      '4.5 h saved (14–31% of the day). Planned: 9.79–27.16 h instead of 14.29–31.66 h one after another. ' +
        'Why a range: big_folder takes 2.79–20.16 h: 2.79× if the CPU runs its spilled layers from RAM, ' +
        '20.16× if its spilled weights cross PCIe (device_map="auto"). From the cards’ hours.',
    );
    const b = { ...day4, hardware: hw };
    expect(whyThisPlan(b, planBench(b), d)[2]!.sentences[1]).toBe(
      "It runs 2.79×–20.16× slower from RAM (by the hardware card's bandwidths; nvinx states 3–5×): " +
        '2.79–20.16 h instead of 1 h on a card it fits — slower, but it runs at all on this card.',
    );
  });

  it('keeps nvinx’s 3–5× when a bandwidth the estimate needs is missing', () => {
    const d = time({ ...day4, hardware: { ...day4.hardware, gpu_bandwidth_gbps: 192 } });
    expect(d.windows[2]!.hours).toEqual({ lo: 3, hi: 5 });
    expect(d.assumptions).toEqual([NO_SLOWDOWN]);
    const noGpu = time({ ...day4, hardware: { ...day4.hardware, pcie_bandwidth_gbps: 6.3, ram_bandwidth_gbps: 51.2 } });
    expect(noGpu.windows[2]!.hours).toEqual({ lo: 3, hi: 5 });
  });

  it('writes every assumption next to its number', () => {
    const b: Bench = {
      ...day4,
      models: day4.models.map((m) =>
        m.name === 'report_writer' ? makeCard({ name: 'report_writer', residency: 'CPU_ONLY', cores: 64 }) : m,
      ),
    };
    const d = time(b);
    expect(d.assumptions).toEqual([
      'hours unknown for report_writer: assumed 1 h',
      'report_writer asks for 64 cores; the bench has 8: it runs on 8',
      NO_SLOWDOWN,
    ]);
  });

  it('says an assumption many cards share once, naming every card', () => {
    const cpu = (name: string) => makeCard({ name, residency: 'CPU_ONLY' });
    const b: Bench = {
      hardware: { vram_gb: 4, ram_gb: 32, cpu_cores: 8 },
      models: [
        makeCard({ name: 'job', vram_gb: 3, residency: 'GPU_EXCLUSIVE', hours: 2 }),
        cpu('a'),
        cpu('b'),
        cpu('c'),
        makeCard({ name: 'shared', vram_gb: 1, cpu_fallback_supported: true, hours: 3 }),
        makeCard({ name: 'other', vram_gb: 1, cpu_fallback_supported: true, hours: 0.5 }),
      ],
      windows: [
        { name: 'one', pattern: 'serial_handoff', gpu_job: 'job', candidates: ['a', 'b', 'c', 'shared', 'other'] },
        { name: 'two', pattern: 'serial_handoff', gpu_job: 'job', candidates: ['b', 'c'] },
      ],
    };
    expect(time(b).assumptions).toEqual([
      'hours unknown for 3 cards (a, b and c): assumed 1 h each',
      'cpu_hours unknown for 2 cards: each assumed equal to its hours (shared 3 h and other 0.5 h)',
      '3 cards run 2 times, once in each of the windows “one” and “two” (job, b and c): 2 jobs each, each counted',
    ]);
  });

  it('times a fallen-back card with cpu_hours, or assumes it equals hours', () => {
    const b: Bench = {
      hardware: { vram_gb: 2, ram_gb: 8, cpu_cores: 2 },
      models: [
        makeCard({ name: 'big', vram_gb: 1.4, hours: 1 }),
        makeCard({ name: 'mhc1_binding_predictor', vram_gb: 1, cpu_fallback_supported: true, hours: 2 }),
      ],
      windows: [
        {
          name: 'w',
          pattern: 'fractional_coresidency',
          candidates: ['big', 'mhc1_binding_predictor'],
          headroom_gb: 0.5,
        },
      ],
    };
    const d = time(b);
    // One model on the GPU shares it with no other: no co-residency slowdown to assume.
    expect(d.assumptions).toEqual(['cpu_hours unknown for mhc1_binding_predictor: assumed equal to hours (2 h)']);
    expect(d.windows[0]!.jobs.find((j) => j.name === 'mhc1_binding_predictor')!.lane).toEqual({
      kind: 'cpu',
      cores: [0],
    });
    expect(d.basis).toEqual({ jobs: 2, withoutHours: 0, cpuAssumed: 1 });
    expect(savingsSentence(d)).toBe(
      '1 h saved (33% of the day). Planned: 2 h instead of 3 h one after another. ' +
        'Assumed: the job that falls back to the CPU takes as long there as on the GPU.',
    );
    const withCpu = time({ ...b, models: [b.models[0]!, { ...b.models[1]!, cpu_hours: 5 }] });
    expect(withCpu.windows[0]!.hours).toEqual({ lo: 5, hi: 5 });
    expect(withCpu.basis).toEqual({ jobs: 2, withoutHours: 0, cpuAssumed: 0 });
  });

  it('says what the headline rests on: assumed, partly assumed, or given hours', () => {
    // nvinx's 8 GB bench as nvinx ships it: no card gives hours (the README's "5 h saved, 71%").
    const none: Bench = { ...day4, models: day4.models.map(({ hours: _h, cpu_hours: _c, ...m }) => m) };
    const d0 = time(none);
    expect(d0.basis.withoutHours).toBe(d0.basis.jobs);
    expect(savingsSentence(d0)).toMatch(
      new RegExp(
        `^No card gives its hours, so these are not hours: each of the ${d0.basis.jobs} jobs is assumed to take 1 h\\. \\d`,
      ),
    );
    // Two cards without hours: the sentence counts their jobs and says the assumption first.
    const named = new Set(['report_writer', 'feature_extractor']);
    const some: Bench = {
      ...day4,
      models: day4.models.map((m) => (named.has(m.name) ? (({ hours: _h, ...rest }) => rest)(m) : m)),
    };
    const d1 = time(some);
    expect(d1.basis.withoutHours).toBe(d1.windows.flatMap((w) => w.jobs).filter((j) => named.has(j.name)).length);
    expect(d1.basis.withoutHours).toBe(2);
    expect(savingsSentence(d1)).toMatch(/^[\d.]+ h saved .* Assumed: the 2 jobs without hours take 1 h each\.$/);
    const one: Bench = {
      ...day4,
      models: day4.models.map((m) => (m.name === 'report_writer' ? (({ hours: _h, ...rest }) => rest)(m) : m)),
    };
    expect(savingsSentence(time(one))).toMatch(/^[\d.]+ h saved .* Assumed: the job without hours takes 1 h\.$/);
  });

  it('the headline: the saving as one figure, the two days beside it, why a range, what it rests on', () => {
    const d = time(day4);
    expect(savingsHeadline(d)).toEqual({
      saved: '4.5 h saved',
      share: '27–31% of the day',
      days: 'Planned: 10–12 h instead of 14.5–16.5 h one after another.',
      why: 'Why a range: big_folder takes 3–5 h: nvinx states 3–5× slower from RAM.',
      basis: 'From the cards’ hours.',
    });
    // From the bandwidths: each end is named by the path that gives it.
    const hw = { ...day4.hardware, gpu_bandwidth_gbps: 192, pcie_bandwidth_gbps: 6.3, ram_bandwidth_gbps: 51.2 };
    expect(savingsHeadline(time({ ...day4, hardware: hw })).why).toBe(
      'Why a range: big_folder takes 2.79–20.16 h: 2.79× if the CPU runs its spilled layers from RAM, ' +
        '20.16× if its spilled weights cross PCIe (device_map="auto").',
    );
    // One path known: the spilled model takes a point, and nothing is a range.
    const ramOnly = { ...day4.hardware, gpu_bandwidth_gbps: 192, ram_bandwidth_gbps: 51.2 };
    expect(savingsHeadline(time({ ...day4, hardware: ramOnly })).why).toBeNull();
    // Three spilled models: two are named, the third counted.
    const spill = (name: string): WindowSpec => ({
      name,
      pattern: 'ram_overflow',
      model: 'big_folder',
      headroom_gb: 0.5,
    });
    const three = time({ ...day4, windows: [...day4.windows!, spill('w2'), spill('w3')] });
    expect(savingsHeadline(three).why).toBe(
      'Why a range: big_folder takes 3–5 h: nvinx states 3–5× slower from RAM; ' +
        'big_folder takes 3–5 h: nvinx states 3–5× slower from RAM; and 1 more job takes a range.',
    );
    // The cards that do not run are counted beside the figure.
    const extra = { ...day4, models: [...day4.models, makeCard({ name: 'idle', vram_gb: 1, hours: 1 })] };
    const de = time(extra);
    const h = dayHeadline(extra, de, 1);
    expect(h.notRun).toBe('1 of 8 cards does not run in this day (listed below): these hours are the 7 that run.');
    expect(h.sentence).toBe(
      '4.5 h saved (27–31% of the day). Planned: 10–12 h instead of 14.5–16.5 h one after another. ' +
        'Why a range: big_folder takes 3–5 h: nvinx states 3–5× slower from RAM. From the cards’ hours. ' +
        '1 of 8 cards does not run in this day (listed below): these hours are the 7 that run.',
    );
    expect(dayHeadline(day4, d, 0).notRun).toBeNull();
  });

  it('the headline says the assumed hours', () => {
    const strip = (names: readonly string[]): Bench => ({
      ...day4,
      models: day4.models.map((m) => (names.includes(m.name) ? (({ hours: _h, ...rest }) => rest)(m) : m)),
    });
    expect(savingsHeadline(time(strip(['report_writer']))).basis).toBe('Assumed: the job without hours takes 1 h.');
    expect(savingsHeadline(time(strip(['report_writer', 'feature_extractor']))).basis).toBe(
      'Assumed: the 2 jobs without hours take 1 h each.',
    );
    expect(savingsHeadline(time(strip(day4.models.map((m) => m.name)))).basis).toBe(
      'No card gives its hours, so these are not hours: each of the 7 jobs is assumed to take 1 h.',
    );
    // The figure itself says it, where it stands (a reader stops at the big number); with some
    // hours given, it does not.
    expect(savingsHeadline(time(strip(day4.models.map((m) => m.name)))).saved).toMatch(
      /^[\d.–]+ h saved at 1 h a job$/,
    );
    expect(savingsHeadline(time(strip(['report_writer']))).saved).toMatch(/^[\d.–]+ h saved$/);
    const fallback: Bench = {
      hardware: { vram_gb: 2, ram_gb: 8, cpu_cores: 2 },
      models: [
        makeCard({ name: 'big', vram_gb: 1.4, hours: 1 }),
        makeCard({ name: 'small', vram_gb: 1, cpu_fallback_supported: true, hours: 2 }),
        makeCard({ name: 'other', vram_gb: 0.05 }),
      ],
      windows: [
        { name: 'w', pattern: 'fractional_coresidency', candidates: ['big', 'small', 'other'], headroom_gb: 0.5 },
      ],
    };
    expect(savingsHeadline(time(fallback)).basis).toBe(
      'Assumed: the job without hours takes 1 h; the job that falls back to the CPU takes as long there as on the GPU.',
    );
  });

  it('times co-resident models one after another when the slowdown makes together slower', () => {
    const b: Bench = { ...day4, coresidency_slowdown: 3 };
    const morning = time(b).windows[1]!;
    expect(morning.together).toBe(false);
    expect(morning.hours).toEqual({ lo: 2.5, hi: 2.5 });
    expect(morning.notes[0]).toContain('slower than one after another');
    const mild = time({ ...day4, coresidency_slowdown: 1.5 }).windows[1]!;
    expect(mild.together).toBe(true);
    expect(mild.hours).toEqual({ lo: 1.5, hi: 1.5 });
  });

  it('list-schedules multi-core jobs without exceeding the cores', () => {
    const b: Bench = {
      hardware: { vram_gb: 4, ram_gb: 8, cpu_cores: 4 },
      models: [
        makeCard({ name: 'gpu', vram_gb: 1, residency: 'GPU_EXCLUSIVE', hours: 1 }),
        makeCard({ name: 'a', residency: 'CPU_ONLY', hours: 3, cores: 3 }),
        makeCard({ name: 'b', residency: 'CPU_ONLY', hours: 2, cores: 2 }),
        makeCard({ name: 'c', residency: 'CPU_ONLY', hours: 1, cores: 1 }),
      ],
      windows: [{ name: 'w', pattern: 'serial_handoff', gpu_job: 'gpu', candidates: ['a', 'b', 'c'] }],
    };
    const jobs = time(b).windows[0]!.jobs;
    const at = (n: string) => jobs.find((j) => j.name === n)!;
    expect(at('a').start.lo).toBe(0);
    expect(at('b').start.lo).toBe(3); // needs 2 cores; only 1 is free before 3 h
    expect(at('c').start.lo).toBe(3); // list scheduling: in order, after b has taken its cores
    expect(time(b).windows[0]!.hours.lo).toBe(5);
  });

  it('a refused window runs nothing and takes no time', () => {
    const b: Bench = { ...day4, hardware: { ...day4.hardware, vram_gb: 3 } };
    const night = time(b).windows[0]!;
    expect(night.refused).toContain('long_inference needs 3.5 GB');
    expect(night.hours).toEqual({ lo: 0, hi: 0 });
  });
});

function maxConcurrentCores(d: DayTiming): number {
  let worst = 0;
  for (const w of d.windows) {
    const cpu = w.jobs.filter((j) => j.lane.kind === 'cpu');
    for (const j of cpu) {
      const t = j.start.lo;
      const busy = cpu
        .filter((k) => k.start.lo <= t && t < k.end.lo)
        .reduce((n, k) => n + (k.lane.kind === 'cpu' ? k.lane.cores.length : 0), 0);
      worst = Math.max(worst, busy);
      // No core holds two jobs at once.
      for (const k of cpu) {
        if (k === j || k.lane.kind !== 'cpu' || j.lane.kind !== 'cpu') continue;
        const overlap = k.start.lo < j.end.lo && j.start.lo < k.end.lo;
        if (overlap)
          expect(k.lane.cores.some((c) => (j.lane as { readonly cores: readonly number[] }).cores.includes(c))).toBe(
            false,
          );
      }
    }
  }
  return worst;
}

const arbTimedBench = arbBench.chain((b) =>
  fc
    .record({
      hours: fc.array(fc.option(fc.double({ min: 0, max: 50, noNaN: true }), { nil: undefined }), {
        minLength: b.models.length,
        maxLength: b.models.length,
      }),
      cpu: fc.array(fc.option(fc.double({ min: 0, max: 50, noNaN: true }), { nil: undefined }), {
        minLength: b.models.length,
        maxLength: b.models.length,
      }),
      cores: fc.array(fc.option(fc.integer({ min: 1, max: 16 }), { nil: undefined }), {
        minLength: b.models.length,
        maxLength: b.models.length,
      }),
      slowdown: fc.option(fc.double({ min: 1, max: 4, noNaN: true }), { nil: undefined }),
    })
    .map(({ hours, cpu, cores, slowdown }) => ({
      ...b,
      models: b.models.map((m, i) => ({
        ...m,
        ...(hours[i] === undefined ? {} : { hours: hours[i] }),
        ...(cpu[i] === undefined ? {} : { cpu_hours: cpu[i] }),
        ...(cores[i] === undefined ? {} : { cores: cores[i] }),
      })),
      ...(slowdown === undefined ? {} : { coresidency_slowdown: slowdown }),
    })),
);

describe('timing properties (random benches)', () => {
  it('the planned day is never longer than the waiting bench', () => {
    fc.assert(
      fc.property(arbTimedBench, (b) => {
        const d = time(b);
        expect(d.planned.lo).toBeLessThanOrEqual(d.waiting.lo + 1e-9);
        expect(d.planned.hi).toBeLessThanOrEqual(d.waiting.hi + 1e-9);
        expect(d.planned.lo).toBeLessThanOrEqual(d.planned.hi);
      }),
      { numRuns: 500 },
    );
  });

  it('a window lasts at least as long as its longest job, and windows follow one another', () => {
    fc.assert(
      fc.property(arbTimedBench, (b) => {
        const d = time(b);
        let t = 0;
        for (const w of d.windows) {
          expect(w.start.lo).toBeCloseTo(t, 9);
          for (const j of w.jobs) {
            expect(w.hours.lo + 1e-9).toBeGreaterThanOrEqual(j.hours.lo);
            expect(w.hours.hi + 1e-9).toBeGreaterThanOrEqual(j.hours.hi);
            expect(j.end.hi).toBeLessThanOrEqual(w.end.hi + 1e-9);
          }
          t = w.end.lo;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('no CPU lane holds more jobs at once than the bench has cores', () => {
    fc.assert(
      fc.property(arbTimedBench, (b) => {
        expect(maxConcurrentCores(time(b))).toBeLessThanOrEqual(b.hardware.cpu_cores);
      }),
      { numRuns: 500 },
    );
  });
});

describe('why this plan', () => {
  it('tells each window of the default day in its own numbers', () => {
    const plan = planBench(day4);
    const stories = whyThisPlan(day4, plan, timeDay(day4, plan));
    expect(stories.map((s) => s.title)).toEqual([
      '1. overnight (serial_handoff), 6 h',
      '2. morning (fractional_coresidency), 1 h',
      '3. afternoon (ram_overflow), 3–5 h',
    ]);
    expect(stories[0]!.sentences).toEqual([
      'long_inference holds the GPU for 6 h (3.5 of 4.0 GB); as GPU_EXCLUSIVE, nothing else shares the card.',
      'Meanwhile the CPU runs feature_extractor (2 h, 1 core) and report_writer (1 h, 1 core): at most 2 of 8 cores busy at once. It is done 4 h before the GPU work — free time, not waiting.',
    ]);
    expect(stories[1]!.sentences.slice(0, 2)).toEqual([
      'reranker (1.2 GB), classifier_a (0.7 GB) and embedder (0.3 GB) share the GPU: 2.2 of a 3.5 GB budget (4.0 GB − 0.5 GB headroom).',
      'Together they take 1 h instead of 2.5 h one after another.',
    ]);
    expect(stories[2]!.sentences.join(' ')).toContain(
      'big_folder needs 10.0 GB; the card has 4.0 GB. 3.5 GB stays in VRAM (4.0 − 0.5 GB headroom) and 6.5 GB spills to system RAM (of 32.0 GB)',
    );
    expect(stories[2]!.sentences[1]).toBe(
      'It runs 3–5× slower from RAM: 3–5 h instead of 1 h on a card it fits — slower, but it runs at all on this card.',
    );
  });

  it('says why a refused window runs nothing and what would fix it', () => {
    const b: Bench = { ...day4, hardware: { ...day4.hardware, vram_gb: 3 } };
    const plan = planBench(b);
    const s = whyThisPlan(b, plan, timeDay(b, plan))[0]!;
    expect(s.sentences[0]).toMatch(/^Refused: long_inference needs 3.5 GB/);
    expect(s.sentences[1]).toMatch(/^What would fix it: /);
  });
});

describe('why this plan on a large day', () => {
  it('names the first twelve and counts the rest', () => {
    const models = [
      makeCard({ name: 'gpu', vram_gb: 1, residency: 'GPU_EXCLUSIVE', hours: 2 }),
      ...Array.from({ length: 20 }, (_, i) => makeCard({ name: `c${i}`, residency: 'CPU_ONLY', hours: 1 })),
    ];
    const b: Bench = {
      hardware: { vram_gb: 4, ram_gb: 8, cpu_cores: 32 },
      models,
      windows: [
        { name: 'w', pattern: 'serial_handoff', gpu_job: 'gpu', candidates: models.slice(1).map((m) => m.name) },
      ],
    };
    const plan = planBench(b);
    const text = whyThisPlan(b, plan, timeDay(b, plan))[0]!.sentences[1]!;
    expect(text).toMatch(
      /^Meanwhile the CPU runs c0 \(1 h, 1 core\), .*c11 \(1 h, 1 core\) and 8 more: at most 20 of 32 cores/,
    );
  });
});

describe('words', () => {
  it('pluralizes and lists names, counting the rest past a maximum', () => {
    expect([plural(1, 'core'), plural(2, 'core'), plural(0, 'window')]).toEqual(['1 core', '2 cores', '0 windows']);
    expect([listNames([]), listNames(['a']), listNames(['a', 'b', 'c'])]).toEqual(['', 'a', 'a, b and c']);
    expect(listNames(['a', 'b', 'c', 'd'], 2)).toBe('a, b and 2 more');
  });
});

describe('peakCores', () => {
  /** The definition: the most cores held at the start of any CPU job, by jobs running then. */
  const byDefinition = (jobs: readonly TimedJob[]) => {
    const cpu = jobs.filter((j) => j.lane.kind === 'cpu');
    let peak = 0;
    for (const j of cpu) {
      const t = j.start.lo;
      const busy = cpu
        .filter((k) => k.start.lo <= t && t < k.end.lo)
        .reduce((n, k) => n + (k.lane.kind === 'cpu' ? k.lane.cores.length : 0), 0);
      peak = Math.max(peak, busy);
    }
    return peak;
  };
  const job = (start: number, length: number, cores: number, gpu: boolean): TimedJob => ({
    id: `${start}:${length}`,
    name: 'j',
    window: 0,
    lane: gpu ? { kind: 'gpu', slot: 0 } : { kind: 'cpu', cores: Array.from({ length: cores }, (_, i) => i) },
    start: { lo: start, hi: start },
    end: { lo: start + length, hi: start + length },
    hours: { lo: length, hi: length },
    aloneHours: { lo: length, hi: length },
    basis: '',
  });

  it('equals its definition on random jobs (touching, zero-length and GPU jobs included)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 12 }),
            fc.integer({ min: 0, max: 6 }),
            fc.integer({ min: 1, max: 4 }),
            fc.boolean(),
          ),
          { maxLength: 40 },
        ),
        (specs) => {
          const jobs = specs.map(([s, l, c, g]) => job(s / 2, l / 2, c, g));
          expect(peakCores(jobs)).toBe(byDefinition(jobs));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('handles ten thousand jobs (a sweep, not every pair)', () => {
    const jobs = Array.from({ length: 10_000 }, (_, i) => job(i % 97, 1 + (i % 5), 1, false));
    expect(peakCores(jobs)).toBeGreaterThan(0);
  });
});
