import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbGpusBench } from '../test/arbitraries';
import { makeCard } from '../test/cards';
import { gpuCount, gpuHardware, windowGpus } from './bench-gpus';
import { composeWindows, planBench, planWindow } from './day';
import { peakCores, timeDay, type DayTiming } from './timing';
import type { Bench, Decision, Hardware, WindowSpec } from './types';

const time = (b: Bench) => timeDay(b, planBench(b));
const two: Hardware = { vram_gb: 24, ram_gb: 64, cpu_cores: 2, more_gpus: [{ vram_gb: 24 }] };
const excl = (name: string, hours: number) => makeCard({ name, vram_gb: 20, residency: 'GPU_EXCLUSIVE', hours });
const cpu = (name: string, hours: number) => makeCard({ name, residency: 'CPU_ONLY', hours });

/** Every job of the day, each window's GPUs' busy spans. */
function gpuSpans(d: DayTiming) {
  const by = new Map<number, { lo: number; hi: number; loEnd: number; hiEnd: number }[]>();
  for (const w of d.windows)
    for (const k of w.gpus)
      by.set(k, [...(by.get(k) ?? []), { lo: w.start.lo, hi: w.start.hi, loEnd: w.end.lo, hiEnd: w.end.hi }]);
  return by;
}

describe('a day on several GPUs', () => {
  it('runs two exclusive 6 h jobs on two GPUs side by side: a 6 h day', () => {
    const b: Bench = {
      hardware: two,
      models: [excl('a', 6), excl('b', 6)],
      windows: [
        { name: 'one', pattern: 'serial_handoff', gpu_job: 'a', candidates: [] },
        { name: 'two', pattern: 'serial_handoff', gpu_job: 'b', candidates: [], gpu: 1 },
      ],
    };
    const d = time(b);
    expect(d.planned).toEqual({ lo: 6, hi: 6 });
    expect(d.waiting).toEqual({ lo: 12, hi: 12 });
    expect(d.windows.map((w) => w.gpus)).toEqual([[0], [1]]);
  });

  it('composes the same day from the cards alone: each job on the GPU with the fewest hours', () => {
    const b: Bench = { hardware: two, models: [excl('a', 6), excl('b', 6)] };
    const p = planBench(b);
    expect(p.windows.map((r) => windowGpus(r.window))).toEqual([[0], [1]]);
    expect(timeDay(b, p).planned).toEqual({ lo: 6, hi: 6 });
  });

  it('shares the cores: CPU jobs of windows on two GPUs never hold more cores than the bench has', () => {
    const b: Bench = {
      hardware: two,
      models: [excl('a', 6), excl('b', 6), cpu('c1', 2), cpu('c2', 2), cpu('c3', 2)],
      windows: [
        { name: 'one', pattern: 'serial_handoff', gpu_job: 'a', candidates: ['c1', 'c2'] },
        { name: 'two', pattern: 'serial_handoff', gpu_job: 'b', candidates: ['c3'], gpu: 1 },
      ],
    };
    const d = time(b);
    const c3 = d.windows[1]!.jobs.find((j) => j.name === 'c3')!;
    // Both cores run c1 and c2 from 0 to 2; c3 waits for one of them.
    expect(c3.start).toEqual({ lo: 2, hi: 2 });
    expect(peakCores(d.windows.flatMap((w) => w.jobs))).toBe(2);
    expect(d.planned).toEqual({ lo: 6, hi: 6 });
  });

  it('starts a split when all its GPUs are free', () => {
    const big = makeCard({
      name: 'big',
      vram_gb: 40,
      residency: 'GPU_EXCLUSIVE',
      ram_overflow_supported: true,
      hours: 2,
    });
    const b: Bench = {
      hardware: two,
      models: [excl('a', 3), excl('b', 1), big],
      windows: [
        { name: 'one', pattern: 'serial_handoff', gpu_job: 'a', candidates: [] },
        { name: 'two', pattern: 'serial_handoff', gpu_job: 'b', candidates: [], gpu: 1 },
        { name: 'both', pattern: 'multi_gpu_split', model: 'big', gpus: [0, 1], headroom_gb: 0.5 },
      ],
    };
    const d = time(b);
    expect(d.windows[2]!.start).toEqual({ lo: 3, hi: 3 });
    expect(d.windows[2]!.gpus).toEqual([0, 1]);
    // 40 GB on 2 × 23.5 GB: nothing spills; no bandwidths, so as fast as one GPU.
    expect(d.windows[2]!.hours).toEqual({ lo: 2, hi: 2 });
    expect(d.planned).toEqual({ lo: 5, hi: 5 });
  });

  it('never spills more into RAM at once than the bench has: two 40 GB spills on 64 GB run one after another', () => {
    const over = (name: string) =>
      makeCard({
        name,
        vram_gb: 30,
        residency: 'GPU_RAM_OVERFLOW',
        ram_overflow_supported: true,
        ram_gb_needed: 60,
        hours: 1,
      });
    const b: Bench = {
      hardware: { ...two, vram_gb: 20, more_gpus: [{ vram_gb: 20 }] },
      models: [over('x'), over('y')],
      windows: [
        { name: 'x', pattern: 'ram_overflow', model: 'x', headroom_gb: 0.5 },
        { name: 'y', pattern: 'ram_overflow', model: 'y', headroom_gb: 0.5, gpu: 1 },
      ],
    };
    const d = time(b);
    // Each spills 40.5 GB (60 − 19.5): together 81 GB > 64 GB, so y waits for x (3–5 h, nvinx's range).
    expect(d.windows[1]!.start).toEqual({ lo: 3, hi: 5 });
  });

  it('says why the composed day runs no window for a card too big for every GPU, in whole words', () => {
    const small: Hardware = { vram_gb: 6, ram_gb: 8, cpu_cores: 2, more_gpus: [{ vram_gb: 8 }] };
    const big = makeCard({
      name: 'big',
      vram_gb: 20,
      residency: 'GPU_EXCLUSIVE',
      ram_overflow_supported: true,
      ram_gb_needed: 20,
    });
    const fixed = makeCard({ name: 'fixed', vram_gb: 20, residency: 'GPU_EXCLUSIVE' });
    const { unplaced } = planBench({ hardware: small, models: [big, fixed] });
    expect(unplaced.map((u) => u.reason)).toEqual([
      "big is GPU_EXCLUSIVE but needs 20.0 GB of VRAM; the bench's largest GPU has 8.0 GB, and all 2 GPUs hold " +
        '13.0 GB after headroom, less than its 20.0 GB: too little to split it across them without RAM, and it has no CPU fallback',
      "fixed is GPU_EXCLUSIVE but needs 20.0 GB of VRAM; the bench's largest GPU has 8.0 GB, and the card may not be " +
        'split across GPUs (no ram_overflow_supported), and it has no CPU fallback',
    ]);
  });

  it('refuses a window on a GPU the bench does not have, with the fix', () => {
    const b: Bench = {
      hardware: two,
      models: [excl('a', 1)],
      windows: [{ name: 'w', pattern: 'serial_handoff', gpu_job: 'a', candidates: [], gpu: 2 }],
    };
    const r = planBench(b).windows[0]!;
    expect(r.kind).toBe('refused');
    if (r.kind === 'refused') {
      expect(r.error.message).toBe('window w runs on GPU 2, but the bench has 2 GPUs (0–1)');
      expect(r.error.fix).toMatch(/between 0 and 1/);
    }
    expect(time(b).planned).toEqual({ lo: 0, hi: 0 });
  });
});

describe('several GPUs, on any bench', () => {
  it('plans every one-GPU window exactly as the one-GPU bench of that GPU would', () => {
    fc.assert(
      fc.property(arbGpusBench, (b) => {
        const plan = planBench(b);
        const c = b.windows === undefined ? composeWindows(b) : null;
        const byName = new Map(b.models.map((m) => [m.name, m] as const));
        plan.windows.forEach((r) => {
          const w = r.window;
          if (w.pattern === 'multi_gpu_split') return;
          const k = w.gpu ?? 0;
          const spec = gpuHardware(b.hardware, k);
          if (spec === null) {
            expect(r.kind).toBe('refused');
            return;
          }
          expect(spec.more_gpus).toBeUndefined();
          const { gpu: _gpu, ...alone } = w;
          const one = planWindow(alone as WindowSpec, spec, byName, b.interference ?? null);
          // A composed day's first stack words a card a later stack runs by where it runs
          // (planBench), nvinx's "→ not run" otherwise: the same plan, those reasons aside. Which
          // cards, and where, come from the composition itself (not from the plan under test).
          const later = c !== null && w.name === c.stack?.name ? c.runsLater : new Map<string, string>();
          const said = (x: Decision) =>
            x.placement === 'unscheduled' && later.has(x.name)
              ? x.reason.replace(/ → not run$/, ` → runs in ${later.get(x.name)!}`)
              : x.reason;
          const nvinx =
            one.kind === 'plan'
              ? {
                  ...one,
                  plan: { ...one.plan, decisions: one.plan.decisions.map((x) => ({ ...x, reason: said(x) })) },
                }
              : one;
          expect(JSON.stringify(r, replacer)).toBe(JSON.stringify({ ...nvinx, window: w }, replacer));
          if (r.kind === 'plan' && one.kind === 'plan')
            expect(r.plan.decisions.map((x) => x.reason)).toEqual(one.plan.decisions.map(said));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never has more cores busy than the bench, nor a GPU running two windows at once', () => {
    fc.assert(
      fc.property(arbGpusBench, (b) => {
        const d = time(b);
        expect(peakCores(d.windows.flatMap((w) => w.jobs))).toBeLessThanOrEqual(b.hardware.cpu_cores);
        for (const [k, spans] of gpuSpans(d)) {
          expect(k).toBeLessThan(gpuCount(b.hardware));
          const lo = [...spans].sort((x, y) => x.lo - y.lo);
          for (let i = 1; i < lo.length; i++) expect(lo[i]!.lo).toBeGreaterThanOrEqual(lo[i - 1]!.loEnd);
          const hi = [...spans].sort((x, y) => x.hi - y.hi);
          for (let i = 1; i < hi.length; i++) expect(hi[i]!.hi).toBeGreaterThanOrEqual(hi[i - 1]!.hiEnd);
        }
        // The day is the last window's end, and never longer than the waiting bench but for what
        // a split slower than its one-GPU spill loses (the waiting bench runs it on one GPU).
        expect(d.planned.lo).toBe(Math.max(0, ...d.windows.map((w) => w.end.lo)));
        let lost = 0;
        for (const w of d.windows)
          if (w.pattern === 'multi_gpu_split')
            for (const j of w.jobs) lost += Math.max(0, j.hours.lo - j.aloneHours.lo);
        expect(d.planned.lo).toBeLessThanOrEqual(d.waiting.lo + lost + 1e-9);
      }),
      { numRuns: 300 },
    );
  });
});

/** Decisions word their reasons when read (a getter): compare the words, not the objects' fields. */
function replacer(this: unknown, key: string, value: unknown) {
  return key === 'decisions' ? (value as { reason: string }[]).map((d) => d.reason) : value;
}
