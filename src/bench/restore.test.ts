import { describe, expect, it } from 'vitest';
import { makeCard } from '../test/cards';
import { planBench } from '../core/day';
import type { Bench } from '../core/types';
import { restoreBench } from './restore';
import { readBench } from './read';
import { writeBench } from './write';
import { writeExport } from '../exports/write-export';

const fallback: Bench = { hardware: { vram_gb: 4, ram_gb: 32, cpu_cores: 8 }, models: [] };
const json = (b: unknown) => JSON.parse(JSON.stringify(b)) as unknown;

describe('restoring saved state repairs instead of refusing', () => {
  const bench: Bench = {
    name: 'mine',
    hardware: { vram_gb: 8, ram_gb: 16, cpu_cores: 8 },
    models: [makeCard({ name: 'a', cores: 12 }), makeCard({ name: 'b ', vram_gb: 1 })],
    windows: [
      { name: 'w', pattern: 'fractional_coresidency', candidates: ['a', 'b '], headroom_gb: 0.5 },
      { name: 'v', pattern: 'fractional_coresidency', candidates: ['a'], headroom_gb: 1 },
    ],
  };

  it('keeps what the editors allow exactly as it was, with nothing to say', () => {
    const r = restoreBench(json(bench), fallback);
    expect(r.changes).toEqual([]);
    expect(r.bench).toEqual(bench);
    // Warnings are said, not repaired: cores above the bench, a spaced name, a card in two windows.
    expect(r.warnings.map((w) => w.path)).toEqual(['models[0].cores', 'models[1].name', 'windows[1].candidates[0]']);
  });

  it('repairs what an older version saved, and says each change', () => {
    const saved = {
      name: '',
      hardware: { vram_gb: 8, ram_gb: -1, cpu_cores: 8.5 },
      models: [
        { name: 'a', vram_gb: 1, residency: 'GPU_SHARED', hours: 'soon' },
        { name: '  ', vram_gb: 1e9, residency: 'gpu_shared' },
        'not a card',
      ],
      windows: [
        { name: 'w', pattern: 'fractional_coresidency', candidates: ['a'] },
        { name: 'w', pattern: 'serial_handoff', gpu_job: 'missing', candidates: [] },
        { name: 'w', pattern: 'fractional_coresidncy', candidates: ['a', 7] },
      ],
    };
    const r = restoreBench(saved, fallback);
    expect(r.changes.map((c) => c.message)).toEqual([
      'hardware.ram_gb must be greater than 0, got -1: set to 32',
      'hardware.cpu_cores must be a whole number, got 8.5: set to 9',
      'models[0].hours must be a number, got the text "soon": removed',
      'models[1].name must not be empty: set to "card_2"',
      'models[1].vram_gb 1000000000 GB is not plausible here (at most 65536 GB): set to 65536',
      'models[1].residency unknown residency "gpu_shared" (did you mean GPU_SHARED?); allowed: GPU_EXCLUSIVE, GPU_SHARED, CPU_ONLY, GPU_RAM_OVERFLOW: set to "GPU_SHARED"',
      'models[2] must be a mapping of model fields (name, vram_gb, residency, …), got the text "not a card": the card is dropped',
      'windows[2].pattern unknown pattern "fractional_coresidncy" (did you mean fractional_coresidency?); allowed: serial_handoff, fractional_coresidency, ram_overflow, multi_gpu_split: set to "fractional_coresidency"',
      'windows[2].candidates[1] must be text, got 7: removed from the list',
      'windows[1].name "w" is already the name of windows[0]; window names must be unique: renamed to "w 2"',
      'windows[1].gpu_job names "missing", but no model card has that name: the window is dropped',
      'windows[2].name "w" is already the name of windows[0]; window names must be unique: renamed to "w 3"',
    ]);
    expect(r.bench.name).toBeUndefined();
    expect(r.bench.hardware).toEqual({ vram_gb: 8, ram_gb: 32, cpu_cores: 9 });
    expect(r.bench.models.map((m) => m.name)).toEqual(['a', 'card_2']);
    expect(r.bench.windows?.map((w) => w.name)).toEqual(['w', 'w 3']);
    // What comes out is a bench the strict reader accepts.
    expect(readBench(JSON.stringify(r.bench)).ok).toBe(true);
  });

  it('keeps a misspelt field under the field it most likely means, and says each unknown field', () => {
    const saved = {
      hardware: { vram_gb: 8, ram_gb: 16, cpu_cores: 8, extra_note: 'mine' },
      models: [
        { name: 'a', vram_gbb: 3, residency: 'GPU_SHARED', hour: 2 },
        { name: 'b', vram_gb: 1, vram_gbb: 5, residency: 'GPU_SHARED' },
        { name: 'c', vram_gbb: 3, vram_g: 7, residency: 'GPU_SHARED' },
      ],
      windows: [{ name: 'w', patern: 'fractional_coresidency', candidates: ['a', 'b'] }],
    };
    const r = restoreBench(saved, fallback);
    expect(r.changes.map((c) => c.message)).toEqual([
      'hardware.extra_note is not a field the planner knows: left out (the saved text keeps it)',
      'models[0].vram_gbb is not a field the planner knows (did you mean vram_gb?): read as vram_gb',
      'models[0].hour is not a field the planner knows (did you mean hours?): read as hours',
      // The card has its vram_gb: the misspelt one is not read over it.
      'models[1].vram_gbb is not a field the planner knows (did you mean vram_gb?): left out (the saved text keeps it)',
      // Two misspellings of one field: the first is read, the second is not read over it.
      'models[2].vram_gbb is not a field the planner knows (did you mean vram_gb?): read as vram_gb',
      'models[2].vram_g is not a field the planner knows (did you mean vram_gb?): left out (the saved text keeps it)',
      'windows[0].patern is not a field the planner knows (did you mean pattern?): read as pattern',
    ]);
    expect(r.bench.models.map((m) => [m.vram_gb, m.hours])).toEqual([
      [3, 2],
      [1, undefined],
      [3, undefined],
    ]);
    expect(r.bench.windows).toEqual([
      { name: 'w', pattern: 'fractional_coresidency', candidates: ['a', 'b'], headroom_gb: 0.5 },
    ]);
    expect(readBench(JSON.stringify(r.bench)).ok).toBe(true);
  });

  it('gives the fallback for a value that is not a bench, and says so', () => {
    for (const v of [null, 3, 'text', [1]]) {
      const r = restoreBench(v, fallback);
      expect(r.bench).toBe(fallback);
      expect(r.changes.length).toBe(1);
    }
  });
});

describe('fidelity to nvinx', () => {
  const doc = (headroom: string, name = 'padded job ') =>
    [
      'hardware: {vram_gb: 4, ram_gb: 32, cpu_cores: 8}',
      'models:',
      `  - {name: '${name}', vram_gb: 1.0, residency: GPU_SHARED}`,
      'windows:',
      `  - {name: w, pattern: fractional_coresidency, candidates: ['${name}'], headroom_gb: ${headroom}}`,
      '',
    ].join('\n');

  it('a headroom written as an integer keeps its repr in the note, as PyYAML gives nvinx an int', () => {
    const note = (text: string) => {
      const r = readBench(text);
      if (!r.ok) throw new Error(r.errors[0]?.message);
      const w = planBench(r.bench).windows[0]!;
      return w.kind === 'plan' ? w.plan.notes[0] : '';
    };
    expect(note(doc('0'))).toMatch(/\(\+ 0 GB headroom\)\.$/);
    expect(note(doc('0.0'))).toMatch(/\(\+ 0\.0 GB headroom\)\.$/);
    expect(note(doc('1'))).toMatch(/\(\+ 1 GB headroom\)\.$/);
    expect(note(doc('0.5'))).toMatch(/\(\+ 0\.5 GB headroom\)\.$/);
  });

  it('an integer headroom survives writing, reading, saving and restoring', () => {
    const r = readBench(doc('0'));
    if (!r.ok) throw new Error('reads');
    expect(r.bench.windows?.[0]).toMatchObject({ headroom_gb: 0, headroom_is_int: true });
    expect(writeBench(r.bench)).toMatch(/headroom_gb: 0 }|headroom_gb: 0\n/);
    expect(writeExport('case-study', r.bench, {})).toMatch(/headroom_gb: 0[ }\n]/);
    const again = readBench(writeBench(r.bench));
    expect(again.ok && again.bench).toEqual(r.bench);
    expect(restoreBench(json(r.bench), fallback).bench).toEqual(r.bench);
    const float = readBench(doc('0.0'));
    expect(float.ok && float.bench.windows?.[0]).not.toHaveProperty('headroom_is_int');
    expect(float.ok && writeBench(float.bench)).toMatch(/headroom_gb: 0\.0/);
  });

  it("keeps a name exactly as written ('padded job '), with a warning", () => {
    const r = readBench(doc('0.5'));
    if (!r.ok) throw new Error('reads');
    expect(r.bench.models[0]?.name).toBe('padded job ');
    expect(r.warnings.map((w) => w.message)).toEqual([
      'models[0].name "padded job " has spaces at its start or end; kept as written',
    ]);
    const w = planBench(r.bench).windows[0]!;
    expect(w.kind === 'plan' && w.plan.gpu_coresident.map((m) => m.name)).toEqual(['padded job ']);
  });
});
