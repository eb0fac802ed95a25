import { describe, expect, it } from 'vitest';
import { benchOrigin, defaultBench, PRESETS } from './presets';

describe('benchOrigin', () => {
  it('tells a preset as it loads, the same preset edited, and a bench of the user’s own', () => {
    for (const p of PRESETS) expect(benchOrigin(p.bench())).toEqual({ kind: 'preset', preset: p });
    const b = defaultBench();
    const edited = { ...b, models: b.models.map((m, i) => (i === 0 ? { ...m, vram_gb: 2 } : m)) };
    expect(benchOrigin(edited)).toEqual({ kind: 'edited', preset: PRESETS[0] });
    expect(benchOrigin({ ...edited, models: edited.models.slice(1) })).toMatchObject({ kind: 'edited' });
    expect(benchOrigin({ ...b, name: 'mine' })).toEqual({ kind: 'yours' });
    const { name: _n, ...unnamed } = b;
    expect(benchOrigin(unnamed)).toEqual({ kind: 'yours' });
  });
});
