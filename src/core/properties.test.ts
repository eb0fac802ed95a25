import { describe, expect, it } from 'vitest';
import { card } from '../test/cards';
import fc from 'fast-check';
import { byVramDescending, fractionalCoresidency, serialHandoff } from './patterns';
import { composeWindows, planBench, replanBench, windowCardNames } from './day';
import { checkBench } from './bench-check';
import { timeDay } from './timing';
import { arbBench, arbCards, arbGpusBench, arbHardware } from '../test/arbitraries';
import { gpusOf } from './bench-gpus';
import { DEFAULT_HEADROOM_GB, type Bench, type ModelCard, type SchedulingPlan } from './types';

const lists = (p: SchedulingPlan) => [p.gpu_coresident, p.cpu_parallel, p.overflow, p.unscheduled];
const indexOf = (cards: readonly ModelCard[]) => (m: ModelCard) => cards.indexOf(m);

describe('fractional_coresidency invariants', () => {
  it('places each candidate in exactly one list, never over the budget, in descending stable order', () => {
    fc.assert(
      fc.property(arbCards(0, 20), arbHardware, fc.integer({ min: 0, max: 10 }), (cards, hw, h) => {
        const headroom = h / 10;
        fc.pre(hw.vram_gb - headroom > 0);
        const plan = fractionalCoresidency(cards, hw, headroom);
        const all = lists(plan).flat();
        expect(all).toHaveLength(cards.length);
        expect(new Set(all)).toEqual(new Set(cards));
        // The packed sum, accumulated as nvinx does, stays within the budget.
        let sum = 0;
        for (const m of plan.gpu_coresident) sum += m.vram_gb;
        expect(sum).toBeLessThanOrEqual(hw.vram_gb - headroom);
        expect(plan.used_gb).toBe(sum);
        // Each list is in descending VRAM; ties keep input order.
        const pos = indexOf(cards);
        for (const list of lists(plan)) {
          for (let i = 1; i < list.length; i++) {
            const a = list[i - 1]!;
            const b = list[i]!;
            expect(a.vram_gb > b.vram_gb || (a.vram_gb === b.vram_gb && pos(a) < pos(b))).toBe(true);
          }
        }
        // Residency rules.
        for (const m of plan.gpu_coresident) expect(['GPU_SHARED', 'GPU_RAM_OVERFLOW']).toContain(m.residency);
        for (const m of cards.filter((c) => c.residency === 'CPU_ONLY')) expect(plan.cpu_parallel).toContain(m);
        for (const m of cards.filter((c) => c.residency === 'GPU_EXCLUSIVE')) expect(plan.unscheduled).toContain(m);
        // A GPU card left unscheduled is one without CPU fallback.
        for (const m of plan.unscheduled)
          if (m.residency !== 'GPU_EXCLUSIVE') expect(m.cpu_fallback_supported).toBe(false);
        expect(plan.decisions).toHaveLength(cards.length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('serial_handoff invariants', () => {
  it('splits candidates between cpu_parallel and unscheduled in input order', () => {
    fc.assert(
      fc.property(arbCards(0, 20), (cards) => {
        const job = card('job', 1, 'GPU_EXCLUSIVE');
        const plan = serialHandoff(job, cards, { vram_gb: 4, ram_gb: 8, cpu_cores: 4 });
        const eligible = cards.filter((c) => c.residency === 'CPU_ONLY' || c.cpu_fallback_supported);
        expect(plan.cpu_parallel).toEqual(eligible);
        expect(plan.unscheduled).toEqual(cards.filter((c) => !eligible.includes(c)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('planBench', () => {
  it('never throws on a valid bench, and every window has exactly one of plan, hint or error', () => {
    fc.assert(
      fc.property(arbBench, (bench) => {
        const result = planBench(bench);
        for (const w of result.windows) {
          expect(['plan', 'overflow', 'refused']).toContain(w.kind);
          expect(w.kind === 'overflow').toBe(w.pattern === 'ram_overflow' && w.kind !== 'refused');
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the composed day', () => {
  // Every GPU_SHARED card that fits the (largest) GPU alone with the default headroom runs in a
  // stack (on the GPU, or on the CPU where nvinx's plan sends a card with CPU fallback); each
  // stack after the first names only cards the first left unscheduled, none named by another,
  // and nvinx's plan of it packs every one (so a card runs once in the day).
  const check = (bench: Bench) => {
    const plan = planBench(bench);
    const most = Math.max(...gpusOf(bench.hardware).map((g) => g.vram_gb));
    const ran = new Set<string>();
    const names = plan.windows.map((w) => w.window.name);
    expect(new Set(names).size).toBe(names.length);
    const stacks = plan.windows.filter((w) => w.window.name.startsWith('co-resident stack'));
    const first = stacks[0];
    const leftOut = first?.kind === 'plan' ? first.plan.unscheduled.map((m) => m.name) : [];
    const later = new Set<string>();
    stacks.forEach((w, k) => {
      expect(w.window.name).toBe(k === 0 ? 'co-resident stack' : `co-resident stack ${k + 1}`);
      if (w.kind !== 'plan') return;
      for (const m of [...w.plan.gpu_coresident, ...w.plan.cpu_parallel]) ran.add(m.name);
      if (k === 0) return;
      const cands = windowCardNames(w.window);
      expect(w.plan.gpu_coresident.map((m) => m.name).sort()).toEqual([...cands].sort());
      for (const n of cands) {
        expect(leftOut).toContain(n);
        expect(later.has(n)).toBe(false);
        later.add(n);
      }
    });
    for (const m of bench.models)
      if (m.residency === 'GPU_SHARED' && m.vram_gb <= most - DEFAULT_HEADROOM_GB) expect(ran).toContain(m.name);
  };

  it('runs every shared card that fits the GPU alone (one GPU)', () => {
    fc.assert(
      fc.property(arbBench, (b) => {
        const { windows: _, ...bench } = b;
        check(bench);
      }),
      { numRuns: 300 },
    );
  });

  it('runs every shared card that fits the largest GPU alone (several GPUs)', () => {
    fc.assert(
      fc.property(arbGpusBench, (b) => {
        const { windows: _, ...bench } = b;
        check(bench);
      }),
      { numRuns: 300 },
    );
  });

  // Made explicit (the windows an edit writes), the composed day is the same day: each window runs
  // the same cards in the same places and the same hours, its unscheduled cards are the composed
  // ones but those a later stack runs, and no card is named by two windows (no false warning).
  const sameWhenWritten = (bench: Bench) => {
    const c = composeWindows(bench);
    const written: Bench = { ...bench, windows: c.written };
    const a = planBench(bench);
    const b = planBench(written);
    expect(b.windows.map((r) => r.window.name)).toEqual(a.windows.map((r) => r.window.name));
    const places = (r: (typeof a.windows)[number], drop: ReadonlyMap<string, string>) =>
      r.kind !== 'plan'
        ? r.kind
        : [r.plan.gpu_foreground, r.plan.gpu_coresident, r.plan.cpu_parallel, r.plan.overflow, r.plan.notes].concat([
            r.plan.unscheduled.filter((m) => !drop.has(m.name)),
          ]);
    a.windows.forEach((r, i) => expect(places(b.windows[i]!, new Map())).toEqual(places(r, c.runsLater)));
    expect(b.unplaced.map((u) => u.name)).toEqual(a.unplaced.map((u) => u.name));
    expect(checkBench(written).filter((p) => p.code === 'card_in_two_windows')).toEqual([]);
    const ta = timeDay(bench, a);
    const tb = timeDay(written, b);
    expect(tb.planned).toEqual(ta.planned);
    expect(tb.waiting).toEqual(ta.waiting);
  };
  /** Benches of mostly shared cards that often need several stacks. */
  const arbShared = (gpus: fc.Arbitrary<readonly { vram_gb: number }[]>) =>
    fc
      .record({
        hardware: arbHardware,
        more: gpus,
        models: fc.array(
          fc.record({
            vram_gb: fc.integer({ min: 0, max: 80 }).map((n) => n / 10),
            residency: fc.constantFrom(
              'GPU_SHARED',
              'GPU_SHARED',
              'GPU_SHARED',
              'CPU_ONLY',
              'GPU_EXCLUSIVE',
            ) as fc.Arbitrary<ModelCard['residency']>,
            cpu_fallback_supported: fc.boolean(),
            hours: fc.integer({ min: 1, max: 12 }),
          }),
          { minLength: 1, maxLength: 14 },
        ),
      })
      .map(({ hardware, more, models }): Bench => ({
        hardware: more.length === 0 ? hardware : { ...hardware, more_gpus: [...more] },
        models: models.map((m, i) => card(`m${i}`, m.vram_gb, m.residency, m)),
      }));

  it('made explicit, is the same day without a card in two windows (one GPU)', () => {
    fc.assert(
      fc.property(fc.oneof(arbBench, arbShared(fc.constant([]))), (b) => {
        const { windows: _, ...bench } = b;
        sameWhenWritten(bench);
      }),
      { numRuns: 300 },
    );
  });

  it('made explicit, is the same day without a card in two windows (several GPUs)', () => {
    const more = fc.array(fc.record({ vram_gb: fc.integer({ min: 10, max: 120 }).map((n) => n / 10) }), {
      minLength: 1,
      maxLength: 3,
    });
    fc.assert(
      fc.property(fc.oneof(arbGpusBench, arbShared(more)), (b) => {
        const { windows: _, ...bench } = b;
        sameWhenWritten(bench);
      }),
      { numRuns: 300 },
    );
  });
});

describe('byVramDescending', () => {
  it('is the stable descending sort Python gives', () => {
    fc.assert(
      fc.property(arbCards(0, 150), (cards) => {
        const want = cards
          .map((c, i) => [c, i] as const)
          .sort((a, b) => b[0].vram_gb - a[0].vram_gb || a[1] - b[1])
          .map(([c]) => c);
        expect(byVramDescending(cards)).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});

describe('replanBench', () => {
  it('gives what planBench gives after any single-card edit, reusing untouched windows', () => {
    fc.assert(
      fc.property(arbBench, fc.nat(), fc.integer({ min: 0, max: 80 }), (bench, pick, tenths) => {
        const prev = { bench, plan: planBench(bench) };
        const i = pick % bench.models.length;
        const models = bench.models.map((m, j) => (j === i ? { ...m, vram_gb: tenths / 10 } : m));
        const next = { ...bench, models };
        const again = replanBench(next, prev);
        expect(JSON.parse(JSON.stringify(again))).toEqual(JSON.parse(JSON.stringify(planBench(next))));
        if (next.windows !== undefined) {
          next.windows.forEach((w, k) => {
            if (!windowCardNames(w).includes(bench.models[i]!.name))
              expect(again.windows[k]).toBe(prev.plan.windows[k]);
          });
        }
      }),
      { numRuns: 300 },
    );
  });
});
