import { describe, expect, it } from 'vitest';
import { card } from '../test/cards';
import { composeWindows, planBench } from './day';
import { notRun, whyThisPlan } from './story';
import { timeDay } from './timing';
import type { Bench, Hardware } from './types';

const hardware = { vram_gb: 4.0, ram_gb: 32.0, cpu_cores: 8 };

/** Shared cards that a 6 GB card (5.5 GB after headroom) packs in two stacks, and one too big for any stack. */
const stacked = () => [
  card('a', 3.0, 'GPU_SHARED'),
  card('b', 2.5, 'GPU_SHARED'),
  card('c', 2.5, 'GPU_SHARED'),
  card('d', 2.0, 'GPU_SHARED'),
  card('huge', 5.8, 'GPU_SHARED'),
];

describe('composeWindows', () => {
  it('composes serial_handoff per fitting exclusive card, one co-residency window, one overflow per card', () => {
    const models = [
      card('long', 3.5, 'GPU_EXCLUSIVE'),
      card('long2', 2.0, 'GPU_EXCLUSIVE'),
      card('too_big', 9.0, 'GPU_EXCLUSIVE'),
      card('big_fb', 9.0, 'GPU_EXCLUSIVE', { cpu_fallback_supported: true }),
      card('a', 0.7, 'GPU_SHARED'),
      card('cpu', 0, 'CPU_ONLY'),
      card('fold', 6, 'GPU_RAM_OVERFLOW', { ram_overflow_supported: true, ram_gb_needed: 10 }),
    ];
    const { windows, unplaced } = composeWindows({ hardware, models });
    expect(windows.map((w) => w.pattern)).toEqual([
      'serial_handoff',
      'serial_handoff',
      'fractional_coresidency',
      'ram_overflow',
    ]);
    expect(windows[0]).toMatchObject({ gpu_job: 'long', candidates: ['big_fb', 'cpu'] });
    expect(windows[1]).toMatchObject({ gpu_job: 'long2', candidates: [] });
    expect(windows[2]).toMatchObject({ candidates: ['a'], headroom_gb: 0.5 });
    expect(unplaced.map((u) => u.name)).toEqual(['too_big']);
    expect(unplaced[0]?.reason).toMatch(/needs 9.0 GB of VRAM; the card has 4.0 GB/);
  });

  it('puts CPU_ONLY cards in the co-residency window when no exclusive window exists', () => {
    const { windows, unplaced } = composeWindows({ hardware, models: [card('cpu', 0, 'CPU_ONLY')] });
    expect(windows).toEqual([
      { name: 'co-resident stack', pattern: 'fractional_coresidency', candidates: ['cpu'], headroom_gb: 0.5 },
    ]);
    expect(unplaced).toEqual([]);
  });

  it('runs every shared card that fits the card alone: what a stack leaves out is the next stack', () => {
    // 5.5 GB after the 0.5 GB headroom.
    const six = { vram_gb: 6.0, ram_gb: 32.0, cpu_cores: 8 };
    const models = [...stacked(), card('cpu', 0, 'CPU_ONLY')];
    const bench: Bench = { hardware: six, models };
    const { windows, unplaced } = composeWindows(bench);
    expect(windows).toEqual([
      {
        name: 'co-resident stack',
        pattern: 'fractional_coresidency',
        candidates: ['a', 'b', 'c', 'd', 'huge', 'cpu'],
        headroom_gb: 0.5,
      },
      { name: 'co-resident stack 2', pattern: 'fractional_coresidency', candidates: ['c', 'd'], headroom_gb: 0.5 },
    ]);
    expect(unplaced).toEqual([]);
    const plan = planBench(bench);
    const placed = (k: number) => {
      const w = plan.windows[k]!;
      return w.kind === 'plan' ? w.plan.gpu_coresident.map((m) => m.name) : w.kind;
    };
    // nvinx packs 3.0 + 2.5 = 5.5 GB in the first and leaves c, d (and huge, 5.8 > 5.5 GB) out;
    // the second packs c and d (4.5 GB). huge fits no stack: it stays unscheduled in the first.
    expect(placed(0)).toEqual(['a', 'b']);
    expect(placed(1)).toEqual(['c', 'd']);
    const w0 = plan.windows[0]!;
    expect(w0.kind === 'plan' && w0.plan.unscheduled.map((m) => m.name)).toEqual(['huge', 'c', 'd']);
    expect(plan.windows).toHaveLength(2);
  });
});

describe('the composed day says where a card the first stack leaves out runs', () => {
  const models = stacked();
  const cases: [string, Hardware][] = [
    ['one GPU', { vram_gb: 6.0, ram_gb: 32.0, cpu_cores: 8 }],
    ['several GPUs', { vram_gb: 6.0, ram_gb: 32.0, cpu_cores: 8, more_gpus: [{ vram_gb: 6.0 }] }],
  ];
  it.each(cases)('%s: "runs in co-resident stack 2", not "not run"; nvinx\'s placements kept', (_, hw) => {
    const bench: Bench = { hardware: hw, models };
    const plan = planBench(bench);
    const first = plan.windows[0]!;
    expect(first.window.name).toBe('co-resident stack');
    expect(plan.windows[1]!.window.name).toBe('co-resident stack 2');
    if (first.kind !== 'plan') throw new Error('the first stack plans');
    // nvinx's plan of the first stack: c and d unscheduled there, its notes as they are.
    expect(first.plan.unscheduled.map((m) => m.name)).toEqual(['huge', 'c', 'd']);
    const why = new Map(first.plan.decisions.map((d) => [d.name, d.reason]));
    expect(why.get('c')).toBe(
      'c does not fit (2.5 GB > 0.0 GB left) and has no CPU fallback → runs in co-resident stack 2',
    );
    expect(why.get('d')).toBe(
      'd does not fit (2.0 GB > 0.0 GB left) and has no CPU fallback → runs in co-resident stack 2',
    );
    // huge runs nowhere: still "not run".
    expect(why.get('huge')).toBe('huge does not fit (5.8 GB > 5.5 GB left) and has no CPU fallback → not run');
    // The app's words: the window's story and what does not run in the day.
    const day = timeDay(bench, plan);
    const story = whyThisPlan(bench, plan, day)[0]!.sentences;
    expect(story).toContain(
      'c cannot run in this window: c does not fit (2.5 GB > 0.0 GB left) and has no CPU fallback → runs in co-resident stack 2.',
    );
    expect(story.join(' ')).not.toMatch(/\b[cd] does not fit.*→ not run/);
    expect(notRun(bench, plan, day).lines).toEqual([
      'In window co-resident stack: huge does not fit (5.8 GB > 5.5 GB left) and has no CPU fallback → not run.',
      'In window co-resident stack: c does not fit (2.5 GB > 0.0 GB left) and has no CPU fallback → runs in co-resident stack 2.',
      'In window co-resident stack: d does not fit (2.0 GB > 0.0 GB left) and has no CPU fallback → runs in co-resident stack 2.',
    ]);
  });
});

describe('planBench', () => {
  const bench: Bench = {
    hardware,
    models: [card('long', 3.5, 'GPU_EXCLUSIVE'), card('a', 0.7, 'GPU_SHARED'), card('idle', 0, 'CPU_ONLY')],
    windows: [
      { name: 'overnight', pattern: 'serial_handoff', gpu_job: 'a', candidates: [] },
      { name: 'ghost', pattern: 'ram_overflow', model: 'missing', headroom_gb: 0.5 },
      { name: 'morning', pattern: 'fractional_coresidency', candidates: ['a'], headroom_gb: 0.5 },
    ],
  };

  it('runs the windows in order; refusals are answers with a fix; idle cards are reported', () => {
    const plan = planBench(bench);
    expect(plan.composed).toBe(false);
    expect(plan.windows.map((w) => (w.kind === 'refused' ? w.error.code : 'ok'))).toEqual([
      'not_exclusive',
      'unknown_card',
      'ok',
    ]);
    const second = plan.windows[1];
    expect(second?.kind === 'refused' ? second.error.fix : null).toMatch(/Add a card named missing/);
    expect(plan.unplaced.map((u) => u.name)).toEqual(['long', 'idle']);
    // A card no window names is said as the card's own note says it (ModelCards).
    expect(plan.unplaced[1]!.reason).toBe('idle is in no window: the day does not run it');
  });
});
