import { describe, expect, it } from 'vitest';
import { makeCard } from '../test/cards';
import { checkBench } from './bench-check';
import * as edit from './edits';
import { NEW_CARD } from './defaults';
import { planBench, windowCardNames } from './day';
import { timeDay } from './timing';
import type { Bench, Hardware } from './types';

const bench: Bench = {
  name: 'b',
  hardware: { vram_gb: 4, ram_gb: 32, cpu_cores: 8 },
  models: [
    makeCard({ name: 'job', residency: 'GPU_EXCLUSIVE', vram_gb: 3 }),
    makeCard({ name: 'cpu', residency: 'CPU_ONLY' }),
    makeCard({ name: 'big', residency: 'GPU_RAM_OVERFLOW', ram_overflow_supported: true, ram_gb_needed: 10 }),
  ],
  windows: [
    { name: 'night', pattern: 'serial_handoff', gpu_job: 'job', candidates: ['cpu'] },
    { name: 'day', pattern: 'fractional_coresidency', candidates: [], headroom_gb: 0.5 },
    { name: 'spill', pattern: 'ram_overflow', model: 'big', headroom_gb: 0 },
  ],
};

describe('edits as pure operations', () => {
  it('renaming a card renames it in every window', () => {
    const b = edit.updateCard(bench, 0, { name: 'job2' });
    expect(b.windows?.[0]).toMatchObject({ gpu_job: 'job2' });
    expect(edit.updateCard(bench, 2, { name: 'huge' }).windows?.[2]).toMatchObject({ model: 'huge' });
    expect(edit.updateCard(bench, 1, { name: 'c' }).windows?.[0]).toMatchObject({ candidates: ['c'] });
    expect(bench.windows?.[0]).toMatchObject({ gpu_job: 'job' }); // the input is not changed
  });

  it('deleting a card takes it out of candidate lists, and the windows it ran go with it', () => {
    expect(edit.deleteCard(bench, 1).windows?.[0]).toMatchObject({ candidates: [] });
    expect(edit.windowsLostWith(bench, 'job')).toEqual(['night']);
    const b = edit.deleteCard(bench, 0);
    expect(b.windows?.map((w) => w.name)).toEqual(['day', 'spill']);
    expect(checkBench(b)).toEqual([]);
  });

  it('adds windows with nvinx defaults and a card that suits the pattern', () => {
    expect(edit.addWindow(bench, 'fractional_coresidency').windows?.[3]).toEqual({
      name: 'window_4',
      pattern: 'fractional_coresidency',
      candidates: [],
      headroom_gb: 0.5,
    });
    expect(edit.addWindow(bench, 'serial_handoff').windows?.[3]).toMatchObject({ gpu_job: 'job' });
    expect(edit.addWindow(bench, 'ram_overflow').windows?.[3]).toMatchObject({ model: 'big' });
    const empty: Bench = { hardware: bench.hardware, models: [] };
    expect(edit.addWindow(empty, 'serial_handoff')).toBe(empty); // needs a card
  });

  it('places a card in a window: moved out of the others, or run in both', () => {
    expect(edit.otherWindowsWith(bench, 'cpu', 1)).toEqual([0]);
    const moved = edit.placeCandidate(bench, 1, 'cpu', 'move');
    expect(moved.windows?.map((w) => ('candidates' in w ? w.candidates : []))).toEqual([[], ['cpu'], []]);
    const both = edit.placeCandidate(bench, 1, 'cpu', 'both');
    expect(both.windows?.map((w) => ('candidates' in w ? w.candidates : []))).toEqual([['cpu'], ['cpu'], []]);
    expect(checkBench(both).map((p) => p.code)).toEqual(['card_in_two_windows']);
    // Candidates keep the bench's card order.
    const two = edit.placeCandidate(edit.placeCandidate(bench, 1, 'big', 'both'), 1, 'job', 'both');
    expect(two.windows?.[1]).toMatchObject({ candidates: ['job', 'big'] });
  });

  it('an empty bench name removes the name; optional fields set to undefined are removed', () => {
    expect('name' in edit.setBenchName(bench, '')).toBe(false);
    expect(edit.setBenchName(bench, 'x').name).toBe('x');
    const withHours = edit.updateCard(bench, 0, { hours: 3 });
    expect('hours' in edit.updateCard(withHours, 0, { hours: undefined }).models[0]!).toBe(false);
  });

  it('materializes composed windows on the first window edit', () => {
    const { windows: _w, ...composed } = bench;
    const b = edit.deleteWindow(composed, 0);
    expect(b.windows?.map((w) => w.pattern)).toEqual(['ram_overflow']);
  });

  describe('a composed day of several co-resident stacks, made explicit by an edit', () => {
    // 5.5 GB after headroom: the first stack packs a and b (5.5 GB), the second c and d.
    const shared = (name: string, vram_gb: number) => makeCard({ name, vram_gb, hours: 2 });
    const models = [shared('a', 3), shared('b', 2.5), shared('c', 2.5), shared('d', 2), shared('huge', 5.8)];
    /** Each window's cards that run in it (on the GPU or the CPU), by window name. */
    const runs = (b: Bench) =>
      planBench(b).windows.map((r) => [
        r.window.name,
        r.kind === 'plan' ? [...r.plan.gpu_coresident, ...r.plan.cpu_parallel].map((m) => m.name) : [],
      ]);
    const cases: [string, Hardware][] = [
      ['one GPU', { vram_gb: 6, ram_gb: 32, cpu_cores: 8 }],
      ['several GPUs', { vram_gb: 6, ram_gb: 32, cpu_cores: 8, more_gpus: [{ vram_gb: 6 }] }],
    ];
    it.each(cases)(
      '%s: each card a candidate of the window that runs it; no card warned as in two windows',
      (_, hw) => {
        const composed: Bench = { hardware: hw, models };
        const before = planBench(composed);
        expect(before.windows.map((r) => r.window.name)).toEqual(['co-resident stack', 'co-resident stack 2']);
        // The user edits the second stack (its headroom, typed again as 0.5: the same plan); the
        // windows are now written.
        const stack2 = edit.editableWindows(composed)[1]!;
        expect(stack2.pattern).toBe('fractional_coresidency');
        const b = edit.updateWindow(composed, 1, { ...stack2, headroom_gb: 0.5 } as typeof stack2);
        expect(b.windows?.map((w) => [w.name, windowCardNames(w)])).toEqual([
          ['co-resident stack', ['a', 'b', 'huge']],
          ['co-resident stack 2', ['c', 'd']],
        ]);
        expect(checkBench(b).filter((p) => p.code === 'card_in_two_windows')).toEqual([]);
        // The written day runs what the composed day runs, where it ran it, in the same hours.
        expect(runs(b)).toEqual(runs(composed));
        expect(runs(b)).toEqual([
          ['co-resident stack', ['a', 'b']],
          ['co-resident stack 2', ['c', 'd']],
        ]);
        expect(timeDay(b, planBench(b)).planned).toEqual(timeDay(composed, before).planned);
        // The composed windows as drawn before the edit are the written ones (no warning there either).
        expect(edit.editableWindows(composed)).toEqual(b.windows);
      },
    );
  });

  it('converts a window to another pattern keeping its cards', () => {
    const w = edit.convertWindow(bench, bench.windows![0]!, 'fractional_coresidency');
    expect(w).toEqual({
      name: 'night',
      pattern: 'fractional_coresidency',
      candidates: ['job', 'cpu'],
      headroom_gb: 0.5,
    });
  });
});

describe('where a card’s VRAM came from', () => {
  const estimate = { from: 'config.json', parameters: 1e9, dtype: 'fp16' as const };
  const est: Bench = {
    hardware: { vram_gb: 8, ram_gb: 32, cpu_cores: 8 },
    models: [makeCard({ name: 'a', vram_gb: 3.01, vram_source: 'estimated', vram_estimate: estimate })],
  };

  it('a figure typed over an estimated one is typed, and the estimate is kept', () => {
    const typed = edit.updateCard(est, 0, { vram_gb: 2.5 }).models[0]!;
    expect(typed).toMatchObject({ vram_gb: 2.5, vram_source: 'typed', vram_estimate: estimate });
    // The same figure, or a patch that says its source, changes no source.
    expect(edit.updateCard(est, 0, { vram_gb: 3.01 }).models[0]?.vram_source).toBe('estimated');
    expect(edit.updateCard(est, 0, { vram_gb: 1.5, vram_source: 'measured' }).models[0]?.vram_source).toBe('measured');
    // A card never estimated stays without a source.
    const plain = { ...est, models: [makeCard({ name: 'b' })] };
    expect(edit.updateCard(plain, 0, { vram_gb: 2 }).models[0]).not.toHaveProperty('vram_source');
  });

  it('a new card for a model file is named after it, made unique', () => {
    const b = edit.addCard(edit.addCard(est, 'llama-3-8b', { vram_gb: 5 }), 'llama-3-8b');
    expect(b.models.map((m) => [m.name, m.vram_gb])).toEqual([
      ['a', 3.01],
      ['llama-3-8b', 5],
      ['llama-3-8b_2', NEW_CARD.vram_gb],
    ]);
  });
});
