import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planBench } from '../../core/day';
import { timeDay, type DayTiming } from '../../core/timing';
import type { Bench, ModelCard } from '../../core/types';
import { PRESETS } from '../../store/presets';
import { defaultBench } from '../../store/presets/default';
import { arbBench } from '../../test/arbitraries';
import { makeCard } from '../../test/cards';
import { PALETTE } from '../../components/charts/palette';
import {
  GEOMETRY,
  GROUP_COLORS,
  MAX_BARS,
  axisTicks,
  dayRows,
  fitLabel,
  fitOneOf,
  labelColorOn,
  placeMarks,
  timelineLayout,
  uniqueKeys,
  type BarShape,
  type TimelineLayout,
} from './layout';

const dayOf = (bench: Bench): DayTiming => timeDay(bench, planBench(bench));
const preset = (id: string) => PRESETS.find((p) => p.id === id)!.bench();

/** A serial_handoff day: one GPU job and `n` one-hour CPU-only jobs on `cores` cores. */
function cpuDay(n: number, cores: number, gpuHours = 10): Bench {
  const models: ModelCard[] = [
    makeCard({ name: 'gpu', vram_gb: 1, residency: 'GPU_EXCLUSIVE', hours: gpuHours }),
    ...Array.from({ length: n }, (_, i) => makeCard({ name: `cpu_${i}`, residency: 'CPU_ONLY', hours: 1 })),
  ];
  return {
    name: 'cpu day',
    hardware: { vram_gb: 4, ram_gb: 8, cpu_cores: cores },
    models,
    windows: [{ name: 'w', pattern: 'serial_handoff', gpu_job: 'gpu', candidates: models.slice(1).map((m) => m.name) }],
  };
}

/** `w` serial_handoff windows, each a GPU job and `n` CPU-only jobs of 0.5–2 h. */
function windowsDay(w: number, n: number, cores: number): Bench {
  const models: ModelCard[] = [];
  const windows: Bench['windows'] = Array.from({ length: w }, (_, k) => {
    const gpu = makeCard({ name: `gpu_${k}`, vram_gb: 1, residency: 'GPU_EXCLUSIVE', hours: 4 + (k % 3) });
    const cpu = Array.from({ length: n }, (_, i) =>
      makeCard({ name: `cpu_${k}_${i}`, residency: 'CPU_ONLY', hours: 0.5 + (i % 4) / 2 }),
    );
    models.push(gpu, ...cpu);
    return { name: `w${k}`, pattern: 'serial_handoff', gpu_job: gpu.name, candidates: cpu.map((m) => m.name) };
  });
  return { name: 'windows day', hardware: { vram_gb: 4, ram_gb: 8, cpu_cores: cores }, models, windows };
}

const right = (l: TimelineLayout) => l.plot.x0 + l.plot.width;
const shapes = (l: TimelineLayout): BarShape[] => [
  ...l.planned.bars.flatMap((b) => (b.toggled === null ? [b.shape] : [b.shape, b.toggled])),
  ...l.waiting.bars.map((b) => b.shape),
];

/** The invariants every layout keeps, whatever the day and the width. */
function checkInvariants(l: TimelineLayout) {
  const keys = (xs: readonly { key: string }[]) => xs.map((x) => x.key);
  for (const list of [l.planned.bars, l.waiting.bars, l.planned.ticks, l.waiting.ticks, l.planned.marks, l.lanes])
    expect(new Set(keys(list)).size).toBe(list.length);
  for (const ticks of [l.planned.ticks, l.waiting.ticks])
    expect(new Set(ticks.map((t) => t.label)).size).toBe(ticks.length);
  // Each day on its own scale: the waiting bench's is never shorter than the planned day's.
  expect(l.waiting.maxHours).toBeGreaterThanOrEqual(l.planned.maxHours);
  for (const s of shapes(l)) {
    expect(s.x).toBeGreaterThanOrEqual(l.plot.x0 - 1e-9);
    expect(s.solid).toBeGreaterThanOrEqual(1);
    expect(s.range).toBeGreaterThanOrEqual(0);
    expect(s.x + s.solid + s.range).toBeLessThanOrEqual(right(l) + 1e-6);
    if (s.label !== null) {
      expect(s.label.length).toBeGreaterThan(0);
      expect(s.label.length * GEOMETRY.charW + GEOMETRY.labelPad).toBeLessThanOrEqual(s.solid + 1e-9);
    }
  }
  for (const t of [...l.planned.ticks, ...l.waiting.ticks]) {
    expect(t.x).toBeGreaterThanOrEqual(l.plot.x0 - 1e-9);
    expect(t.x).toBeLessThanOrEqual(right(l) + 1e-6);
  }
  for (const b of l.planned.bars) expect(b.lane).toBeLessThan(l.lanes.length);
}

describe('the timeline layout', () => {
  it('lays out the default day: five lanes, one bar per job and core lane, the overflow range hatched', () => {
    // Timed with nvinx's 3–5× (the default bench without its bandwidths), so the axis figures below stay hand-checkable.
    const b = defaultBench();
    const { gpu_bandwidth_gbps: _g, pcie_bandwidth_gbps: _p, ram_bandwidth_gbps: _r, ...hardware } = b.hardware;
    const day = dayOf({ ...b, hardware });
    const l = timelineLayout(day, 720);
    checkInvariants(l);
    // One GPU: the co-resident models share it in slots, never "GPU 1, GPU 2" (which reads as several cards).
    expect(l.lanes.map((r) => r.label)).toEqual(['GPU slot 1', 'GPU slot 2', 'GPU slot 3', 'CPU core 1', 'CPU core 2']);
    expect(l.gpuSlots).toBe(3);
    expect(l.planned.bars).toHaveLength(7);
    expect(l.waiting.bars).toHaveLength(7);
    expect(l.note).toBeNull();
    // Each day on its own scale: the planned day's runs to 12 h, the waiting bench's to 16.5 h.
    expect(l.planned.maxHours).toBe(12);
    expect(l.waiting.maxHours).toBe(16.5);
    // Ranges (lo/hi) are hatched extents: big_folder runs 3–5 h after 7 h.
    const x = (h: number) => l.plot.x0 + (h / l.planned.maxHours) * l.plot.width;
    const wx = (h: number) => l.plot.x0 + (h / l.waiting.maxHours) * l.plot.width;
    const big = l.planned.bars.find((b) => b.key === '2:big_folder')!;
    expect(big.shape.x).toBeCloseTo(x(7));
    expect(big.shape.solid).toBeCloseTo(x(10) - x(7));
    expect(big.shape.range).toBeCloseTo(x(12) - x(10));
    expect(big.shape.title).toBe(
      "big_folder: 7–10–12 h (1 h × 3–5 (layers run from system RAM; nvinx's stated slowdown))",
    );
    // Point jobs have no hatched part.
    expect(l.planned.bars.filter((b) => b.shape.range > 0).map((b) => b.key)).toEqual(['2:big_folder']);
    // On the waiting bench the same range runs from 13.5 h (after the 7 other jobs' hours).
    const alone = l.waiting.bars.find((b) => b.key === '2:big_folder')!;
    expect(alone.shape.range).toBeCloseTo(wx(16.5) - wx(14.5));
    // The axes: the planned day 0 to 12 h every 2 h, the waiting bench 0 to 16.5 h every 2.5 h (at 720 px).
    expect(l.planned.ticks.map((t) => t.label)).toEqual(['0 h', '2 h', '4 h', '6 h', '8 h', '10 h', '12 h']);
    expect(l.waiting.ticks.map((t) => t.label)).toEqual(['0 h', '2.5 h', '5 h', '7.5 h', '10 h', '12.5 h', '15 h']);
    expect(l.planned.ticks[0]!.anchor).toBe('start');
    expect(l.planned.marks.map((m) => m.label)).toEqual(['overnight', 'morni…', 'afternoon']);
    // The waiting bench marks where the planned day ends, on its own scale.
    expect(l.waiting.plannedEnd).toEqual({ x: wx(12), xLo: wx(10), label: 'planned day ends: 10–12 h', anchor: 'end' });
  });

  it('a day of very unequal lengths: the planned day fills its chart, not a sliver of the waiting bench', () => {
    const l = timelineLayout(dayOf(cpuDay(140, 32, 2)), 720); // 2 h planned, 142 h one after another
    checkInvariants(l);
    expect(l.planned.maxHours).toBe(5);
    expect(l.waiting.maxHours).toBe(142);
    const right = l.plot.x0 + l.plot.width;
    expect(Math.max(...l.planned.bars.map((b) => b.shape.x + b.shape.solid))).toBeCloseTo(right);
    expect(l.waiting.plannedEnd!.anchor).toBe('start');
  });

  it("colours each card as the caller says (the plan's charts use the same colours)", () => {
    const colors = new Map([['long_inference', '#0072B2']]);
    const l = timelineLayout(dayOf(defaultBench()), 720, (n) => colors.get(n) ?? '#E69F00');
    expect(l.planned.bars.find((b) => b.key === '0:long_inference')!.color).toBe('#0072B2');
    expect(l.waiting.bars.find((b) => b.key === '0:long_inference')!.color).toBe('#0072B2');
    expect(l.planned.bars.find((b) => b.key === '0:long_inference')!.labelColor).toBe('#fff');
  });

  it('toggles every job to its place on the waiting bench, on the first lane', () => {
    const l = timelineLayout(dayOf(defaultBench()), 720);
    const waiting = new Map(l.waiting.bars.map((b) => [b.key, b.shape]));
    for (const b of l.planned.bars) {
      expect(b.toggled).toEqual({ ...waiting.get(b.key)!, y: l.lanes[0]!.y });
    }
  });

  it("a bar's label is whole, shortened with an ellipsis, or omitted when it does not fit", () => {
    expect(fitLabel('long_inference', 200)).toBe('long_inference');
    expect(fitLabel('long_inference', 60)).toBe('long_in…'); // (60 - 8) / 6.5 = 8 characters
    expect(fitLabel('long_inference', 25)).toBeNull();
    expect(fitLabel('gpu', 28)).toBe('gpu');
    expect(fitLabel('x', 0)).toBeNull();
    expect(fitLabel('', 500)).toBeNull();
    // Group labels: the longest text that fits whole; a count is never cut.
    const texts = ['exclusive_0: 227 jobs, 141.25 h', 'exclusive_0: 227 jobs', '227 jobs, 141.25 h', '227 jobs'];
    expect(fitOneOf(texts, 300, false)).toBe(texts[0]);
    expect(fitOneOf(texts, 150, false)).toBe('exclusive_0: 227 jobs');
    expect(fitOneOf(texts, 115, false)).toBe('227 jobs');
    expect(fitOneOf(texts, 40, false)).toBeNull();
    expect(fitOneOf(['long_inference'], 60, true)).toBe('long_in…');
    // Narrow: every label shortened or omitted, none wider than its bar.
    const narrow = timelineLayout(dayOf(defaultBench()), 300);
    checkInvariants(narrow);
    const labels = narrow.planned.bars.map((b) => b.shape.label);
    expect(labels).toContain(null);
    expect(labels.some((s) => s !== null && s.endsWith('…'))).toBe(true);
    // Wide: the long names fit whole.
    const wide = timelineLayout(dayOf(defaultBench()), 2400);
    expect(wide.planned.bars.map((b) => b.shape.label)).toContain('feature_extractor');
  });

  it('a zero-length job is a 1 px sliver without a label', () => {
    const b = cpuDay(2, 2);
    const bench = { ...b, models: b.models.map((m) => (m.name === 'cpu_0' ? { ...m, hours: 0 } : m)) };
    const l = timelineLayout(dayOf(bench), 720);
    checkInvariants(l);
    const zero = l.planned.bars.find((x) => x.key === '0:cpu_0')!;
    expect(zero.shape.solid).toBe(1);
    expect(zero.shape.label).toBeNull();
    expect(l.waiting.bars.find((x) => x.key === '0:cpu_0')!.shape.label).toBeNull();
  });

  it.each([
    [1, 4, ['GPU', 'CPU core 1']],
    [3, 4, ['GPU', 'CPU core 1', 'CPU core 2', 'CPU core 3']],
    [9, 4, ['GPU', 'CPU core 1', 'CPU core 2', 'CPU core 3', 'CPU core 4']],
    [20, 16, ['GPU', ...Array.from({ length: 11 }, (_, i) => `CPU core ${i + 1}`), 'CPU 12–16']],
  ])('a day with a GPU job and %i CPU jobs on %i cores has the expected lanes', (n, cores, lanes) => {
    const l = timelineLayout(dayOf(cpuDay(n, cores)), 720);
    checkInvariants(l);
    expect(l.lanes.map((r) => r.label)).toEqual(lanes);
    expect(l.planned.bars).toHaveLength(n + 1);
    expect(l.waiting.bars).toHaveLength(n + 1);
    expect(l.planned.height).toBe(GEOMETRY.top + lanes.length * (GEOMETRY.laneH + GEOMETRY.gap) + GEOMETRY.axisH);
  });

  it('a multi-core job has a bar on each of its lanes; only the first is labelled and moves', () => {
    const b = cpuDay(1, 4);
    const bench = { ...b, models: b.models.map((m) => (m.name === 'cpu_0' ? { ...m, cores: 3 } : m)) };
    const l = timelineLayout(dayOf(bench), 720);
    checkInvariants(l);
    const bars = l.planned.bars.filter((x) => x.key.startsWith('0:cpu_0'));
    expect(bars.map((x) => x.key)).toEqual(['0:cpu_0', '0:cpu_0@cpu1', '0:cpu_0@cpu2']);
    expect(bars.map((x) => x.shape.label !== null)).toEqual([true, false, false]);
    expect(bars.map((x) => x.toggled !== null)).toEqual([true, false, false]);
  });

  it('a card named twice in a window still gives unique keys, and the table pairs each with its twin', () => {
    const b = defaultBench();
    const bench: Bench = {
      ...b,
      windows: [
        {
          name: 'x',
          pattern: 'serial_handoff',
          gpu_job: 'long_inference',
          candidates: ['feature_extractor', 'feature_extractor'],
        },
      ],
    };
    const day = dayOf(bench);
    expect(day.waitingJobs.map((j) => j.id)).toContain('0:feature_extractor');
    const l = timelineLayout(day, 720);
    checkInvariants(l);
    const rows = dayRows(day);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    for (const r of rows) expect(r.alone?.name).toBe(r.job.name);
  });

  it('an empty day has no bars, no ticks and no window marks (no "0 h" labels)', () => {
    const l = timelineLayout(dayOf({ ...preset('empty'), windows: [] }), 720);
    checkInvariants(l);
    expect(l.planned.bars).toEqual([]);
    expect(l.waiting.bars).toEqual([]);
    expect(l.planned.ticks).toEqual([]);
    expect(l.waiting.ticks).toEqual([]);
    expect(l.waiting.plannedEnd).toBeNull();
    expect(l.planned.marks).toEqual([]);
    expect(l.lanes.map((r) => r.label)).toEqual(['GPU']);
  });

  it('ticks are unique, labelled once each, and none for a day of 0 h', () => {
    expect(axisTicks(0, 96, 600)).toEqual([]);
    expect(axisTicks(1e-6, 96, 600).map((t) => t.label)).toEqual(['0 h']);
    for (const max of [0.001, 0.01, 0.037, 0.5, 1, 7, 16.5, 99.99, 1234.5])
      for (const w of [120, 600, 2000]) {
        const ticks = axisTicks(max, 96, w);
        expect(new Set(ticks.map((t) => t.key)).size).toBe(ticks.length);
        expect(new Set(ticks.map((t) => t.label)).size).toBe(ticks.length);
        expect(ticks[0]!.label).toBe('0 h');
        expect(ticks.length).toBeLessThanOrEqual(Math.max(2, Math.floor(w / 80)) + 1);
      }
  });

  it('label colours contrast with the bar (white on the palette black and dark blue)', () => {
    expect(labelColorOn('#000000')).toBe('#fff');
    expect(labelColorOn('#0072B2')).toBe('#fff');
    expect(labelColorOn('#E69F00')).toBe('#000');
    expect(labelColorOn('#F0E442')).toBe('#000');
  });

  it('uniqueKeys suffixes repeats', () => {
    expect(uniqueKeys(['a', 'b', 'a', 'a'])).toEqual(['a', 'b', 'a~2', 'a~3']);
  });

  it('keeps its invariants on random benches and widths', () => {
    fc.assert(
      fc.property(arbBench, fc.integer({ min: 0, max: 2400 }), (bench, width) => {
        checkInvariants(timelineLayout(dayOf(bench), width));
      }),
      { numRuns: 300 },
    );
  });
});

describe('a large day', () => {
  it(`past ${MAX_BARS} jobs, is drawn per window and lane, and the waiting bench per window`, () => {
    const l = timelineLayout(dayOf(cpuDay(300, 32)), 720);
    checkInvariants(l);
    expect(l.note).toBe(
      '301 jobs: drawn per window and lane, the waiting bench per window (each bar says how many jobs it stands for); ' +
        'the table below lists every job.',
    );
    expect(l.planned.bars).toHaveLength(13); // GPU and 12 CPU lanes (cores 12–32 share the last)
    // The GPU lane holds one job: it is drawn as that job (its name, its card's colour); the
    // lanes of many jobs are grey, never a card's colour.
    const [gpu, ...cpu] = l.planned.bars;
    expect(gpu!.shape.label).toBe('gpu');
    expect(gpu!.jobs).toBe(1);
    expect(gpu!.color).toBe(PALETTE[0]);
    for (const b of cpu) expect(GROUP_COLORS).toContain(b.color);
    expect(l.waiting.bars).toHaveLength(1);
    expect(l.waiting.bars[0]!.jobs).toBe(301);
    expect(l.waiting.bars[0]!.shape.title).toBe('w: 301 jobs, 310 h one after another (0–310 h)');
    expect(l.planned.bars.reduce((n, b) => n + b.jobs, 0)).toBe(301);
    expect(l.planned.bars.filter((b) => b.toggled !== null)).toHaveLength(1);
  });

  it(`at exactly ${MAX_BARS} jobs, still draws one bar per job`, () => {
    const l = timelineLayout(dayOf(cpuDay(MAX_BARS - 1, 4)), 720);
    expect(l.waiting.bars).toHaveLength(MAX_BARS);
    expect(l.note).toBeNull();
  });

  it.each([
    ['a GPU job and 1,999 CPU jobs on 16 cores', () => cpuDay(1999, 16), ['w']],
    ['20 windows of a GPU job and 99 CPU jobs on 16 cores', () => windowsDay(20, 99, 16), null],
  ] as const)(
    'a 2,000-card day (%s) draws a few hundred bars at most; the table keeps every job',
    (_, bench, names) => {
      const day = dayOf(bench());
      expect(day.waitingJobs.length).toBe(2000);
      const l = timelineLayout(day, 1280);
      checkInvariants(l);
      expect(l.planned.bars.length + l.waiting.bars.length).toBeLessThanOrEqual(300);
      if (names !== null) expect(l.waiting.bars.map((b) => b.shape.title.split(':')[0])).toEqual(names);
      expect(l.waiting.bars.reduce((n, b) => n + b.jobs, 0)).toBe(2000);
      expect(dayRows(day)).toHaveLength(2000);
    },
  );

  it('a 2,000-window day groups consecutive windows, so the bars stay bounded', () => {
    const models = Array.from({ length: 2000 }, (_, i) =>
      makeCard({ name: `g${i}`, vram_gb: 1, residency: 'GPU_EXCLUSIVE', hours: 0.5 }),
    );
    const bench: Bench = {
      name: 'many windows',
      hardware: { vram_gb: 4, ram_gb: 8, cpu_cores: 4 },
      models,
      windows: models.map((m) => ({ name: m.name, pattern: 'serial_handoff', gpu_job: m.name, candidates: [] })),
    };
    const l = timelineLayout(dayOf(bench), 1280);
    checkInvariants(l);
    expect(l.planned.bars.length + l.waiting.bars.length).toBeLessThanOrEqual(300);
    expect(l.note).toMatch(/^2000 jobs: drawn per group of 84 windows and lane/);
    expect(l.waiting.bars[0]!.shape.title).toMatch(/^windows 1–84: 84 jobs, 42 h/);
    expect(l.waiting.bars.reduce((n, b) => n + b.jobs, 0)).toBe(2000);
  });
});

describe('a day on several GPUs', () => {
  const card = (name: string, hours: number, over: Partial<ModelCard> = {}) =>
    makeCard({ name, vram_gb: 20, residency: 'GPU_EXCLUSIVE', hours, ...over });
  const bench: Bench = {
    name: 'two GPUs',
    hardware: { vram_gb: 24, ram_gb: 64, cpu_cores: 2, more_gpus: [{ vram_gb: 24 }, { vram_gb: 12 }] },
    models: [
      card('a', 6),
      card('b', 2),
      card('big', 1, { vram_gb: 40, ram_overflow_supported: true }),
      makeCard({ name: 'cpu', residency: 'CPU_ONLY', hours: 1 }),
      makeCard({ name: 's1', vram_gb: 2, hours: 1 }),
      makeCard({ name: 's2', vram_gb: 2, hours: 1 }),
    ],
    windows: [
      { name: 'a', pattern: 'serial_handoff', gpu_job: 'a', candidates: ['cpu'] },
      { name: 'b', pattern: 'serial_handoff', gpu_job: 'b', candidates: [], gpu: 1 },
      { name: 'stack', pattern: 'fractional_coresidency', candidates: ['s1', 's2'], headroom_gb: 0.5, gpu: 2 },
      { name: 'both', pattern: 'multi_gpu_split', model: 'big', gpus: [0, 1], headroom_gb: 0.5 },
    ],
  };

  it('groups the GPU lanes by GPU (an idle GPU keeps its lane), a split drawn on each GPU it holds', () => {
    const l = timelineLayout(dayOf(bench), 720);
    checkInvariants(l);
    expect(l.lanes.map((r) => r.label)).toEqual(['GPU 0', 'GPU 1', 'GPU 2 slot 1', 'GPU 2 slot 2', 'CPU core 1']);
    const on = (name: string) =>
      l.planned.bars.filter((b) => new RegExp(`^\\d+:${name}(@|$)`).test(b.key)).map((b) => l.lanes[b.lane]!.label);
    expect(on('a')).toEqual(['GPU 0']);
    expect(on('b')).toEqual(['GPU 1']);
    expect(on('big')).toEqual(['GPU 0', 'GPU 1']);
    expect(on('s2').concat(on('s1')).sort()).toEqual(['GPU 2 slot 1', 'GPU 2 slot 2']);
  });

  it('never draws window names over one another: windows that start together share one label', () => {
    const l = timelineLayout(dayOf(bench), 720);
    // a, b and stack start at 0 h on GPUs 0, 1 and 2; the split starts when GPUs 0 and 1 are free.
    const labelled = l.planned.marks.filter((m) => m.label !== null);
    expect(labelled).toHaveLength(2);
    expect('a · b · stack'.startsWith(labelled[0]!.label!.replace(/…$/, ''))).toBe(true);
    expect(labelled[0]!.label!.startsWith('a · b')).toBe(true);
    expect('both'.startsWith(labelled[1]!.label!.replace(/…$/, ''))).toBe(true);
    expect(new Set(labelled.map((m) => m.x)).size).toBe(labelled.length);
    // Each label ends before the next mark starts.
    const xs = labelled.map((m) => m.x).sort((p, q) => p - q);
    labelled.forEach((m) => {
      const next = xs.find((x) => x > m.x) ?? Infinity;
      expect(m.x + GEOMETRY.labelPad + m.label!.length * GEOMETRY.markCharW).toBeLessThanOrEqual(
        next + GEOMETRY.labelPad,
      );
    });
  });
});

describe('placeMarks', () => {
  const m = (key: string, x: number, xEnd: number) => ({ key, name: key, x, x2: xEnd, xEnd, windows: [] });
  it('joins the names of marks at one point, and stops a label where the next mark starts', () => {
    const out = placeMarks([m('serve', 100, 400), m('tune', 100, 300), m('next', 160, 500)], 6);
    expect(out.map((o) => o.label)).toEqual(['serve ·…', null, 'next']);
    expect(placeMarks([m('serve', 100, 400), m('tune', 100, 300)], 6)[0]!.label).toBe('serve · tune');
    // One GPU: windows one after another keep their own labels, as before.
    expect(placeMarks([m('a', 0, 100), m('b', 100, 200)], 6).map((o) => o.label)).toEqual(['a', 'b']);
    // A window of no length alone has no label.
    expect(placeMarks([m('z', 50, 50)], 6).map((o) => o.label)).toEqual([null]);
  });
});
