import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbBench, makeCard } from '../test/arbitraries';
import { planBench } from './day';
import { suggestDay } from './suggest';
import { timeDay } from './timing';
import type { Bench, SerialHandoffWindow } from './types';

const card = makeCard;
const hw = { vram_gb: 4, ram_gb: 32, cpu_cores: 1 };
const planned = (b: Bench) => timeDay(b, planBench(b)).planned;

describe('suggest a day', () => {
  it('sends a model that does not fit to a further window when the CPU would finish later', () => {
    const b: Bench = {
      hardware: hw,
      models: [
        card({ name: 'a', vram_gb: 3 }),
        card({ name: 'b', vram_gb: 3, cpu_fallback_supported: true, cpu_hours: 10 }),
      ],
    };
    const s = suggestDay(b);
    expect(s.windows.map((w) => w.name)).toEqual(['co-resident stack 1', 'co-resident stack 2']);
    expect(s.planned).toEqual({ lo: 2, hi: 2 });
    expect(s.reasons[0]).toBe('Chosen: every co-resident model stays on the GPU — a planned day of 2 h.');
    expect(planned({ ...b, windows: s.windows })).toEqual({ lo: 2, hi: 2 });
  });

  it('sends it to the CPU when that finishes sooner', () => {
    const b: Bench = {
      hardware: hw,
      models: [
        card({ name: 'a', vram_gb: 3 }),
        card({ name: 'b', vram_gb: 3, cpu_fallback_supported: true, cpu_hours: 0.5 }),
      ],
    };
    const s = suggestDay(b);
    expect(s.windows).toHaveLength(1);
    expect(s.planned).toEqual({ lo: 1, hi: 1 });
  });

  it('gives the longest GPU-exclusive window the most CPU work', () => {
    const b: Bench = {
      hardware: hw,
      models: [
        card({ name: 'short', vram_gb: 3, residency: 'GPU_EXCLUSIVE', hours: 2 }),
        card({ name: 'long', vram_gb: 3, residency: 'GPU_EXCLUSIVE', hours: 6 }),
        card({ name: 'c3', residency: 'CPU_ONLY', hours: 3 }),
        card({ name: 'c2', residency: 'CPU_ONLY', hours: 2 }),
        card({ name: 'c1', residency: 'CPU_ONLY', hours: 1 }),
      ],
    };
    const s = suggestDay(b);
    const [first, second] = s.windows as SerialHandoffWindow[];
    expect(first!.gpu_job).toBe('long');
    expect(first!.candidates).toEqual(['c3', 'c2']);
    expect(second!.candidates).toEqual(['c1']);
    expect(s.planned).toEqual({ lo: 8, hi: 8 });
  });

  it('is never longer than the composed day, and accounts for every card', () => {
    fc.assert(
      fc.property(arbBench, (raw) => {
        const { windows: _w, ...b } = raw;
        const s = suggestDay(b);
        expect(s.planned.hi).toBeLessThanOrEqual(planned(b).hi + 1e-9);
        expect(planned({ ...b, windows: s.windows })).toEqual(s.planned);
        const named = new Set([
          ...s.windows.flatMap((w) =>
            w.pattern === 'serial_handoff'
              ? [w.gpu_job, ...w.candidates]
              : w.pattern === 'ram_overflow'
                ? [w.model]
                : w.candidates,
          ),
          ...s.unplaced.map((u) => u.name),
        ]);
        for (const m of b.models) expect(named.has(m.name)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
