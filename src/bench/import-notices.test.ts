import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NEW_CARD } from '../core/defaults';
import type { Bench } from '../core/types';
import { readCalibrationFile } from './calibration-file';
import {
  calibrationAttached,
  calibrationRefused,
  issueLine,
  namedFromSource,
  sharedBenchOpened,
} from './import-notices';
import type { Issue } from './issues';

// nvinx-calibrate's example: profiles classifier_a, embedder and reranker, 3 measured pairs.
const read = readCalibrationFile(
  readFileSync(new URL('../../fixtures/calibration_result.json', import.meta.url), 'utf8'),
);
if (!read.ok) throw new Error('the example calibration does not read');
const calibration = read.calibration;
const bench = (...names: string[]): Bench => ({
  name: 'b',
  hardware: { vram_gb: 8, ram_gb: 32, cpu_cores: 8 },
  models: names.map((name) => ({ name, ...NEW_CARD })),
});
const issue = (message: string, line = 0, column = 0): Issue => ({
  severity: 'error',
  message,
  path: '',
  line,
  column,
});

describe('what the page says after an import', () => {
  it('an issue: where it is when known, then what', () => {
    expect(issueLine(issue('x must be a number', 3, 11))).toBe('line 3, column 11: x must be a number');
    expect(issueLine(issue('the file is empty'))).toBe('the file is empty');
  });

  it('a bench from a file takes the file’s name without its extension, unless it has its own', () => {
    const { name: _name, ...unnamed } = bench();
    expect(namedFromSource(unnamed, 'lab day.yaml').name).toBe('lab day');
    expect(namedFromSource(unnamed, 'a.YML').name).toBe('a');
    expect(namedFromSource(unnamed, 'notes.txt').name).toBe('notes');
    expect(namedFromSource(unnamed, 'bench.json').name).toBe('bench.json');
    expect(namedFromSource(bench(), 'lab.yaml').name).toBe('b');
  });

  it('a calibration attached: profiles matched to the bench’s cards by name, the others named', () => {
    const n = calibrationAttached('calibration_result.json', calibration, bench('embedder', 'reranker', 'llm').models, [
      issue('unknown key: extra', 4, 3),
    ]);
    expect(n.text).toBe(
      'Calibration imported from calibration_result.json: 3 profiles, 2 matched to cards (not on this bench: classifier_a), 3 measured pairs. ' +
        "Co-residency windows now carry nvinx 0.3's interference predictions and are timed from them. Undo removes it.",
    );
    expect(n.tone).toBe('info');
    expect(n.details).toEqual(['line 4, column 3: unknown key: extra']);
    const all = calibrationAttached('f', calibration, bench('classifier_a', 'embedder', 'reranker').models, []);
    expect(all.text).toContain(': 3 profiles, 3 matched to cards, 3 measured pairs.');
  });

  it('a calibration refused: the count of problems, each listed with the warnings after them', () => {
    const n = calibrationRefused('c.json', [issue('a', 2, 5)], [issue('b')]);
    expect(n).toEqual({
      text: 'c.json was not imported as a calibration: 1 problem (listed). Your bench is unchanged.',
      tone: 'error',
      details: ['line 2, column 5: a', 'b'],
    });
  });

  it('a shared bench opened at once, or after asking; a repaired one says so as an error', () => {
    const shared = bench('a', 'b');
    expect(sharedBenchOpened(shared, [], false)).toEqual({
      text: 'Opened the shared bench “b”: 2 cards. Undo brings back the previous one.',
      tone: 'info',
      details: [],
    });
    expect(sharedBenchOpened(shared, ['x was repaired'], false)).toEqual({
      text: 'Opened the shared bench “b”: 2 cards. Some of it could not be kept as it was, and was repaired (1 change, listed). Undo brings back the previous one.',
      tone: 'error',
      details: ['x was repaired'],
    });
    const { name: _name, ...unnamed } = shared;
    expect(sharedBenchOpened(unnamed, ['x', 'y'], true)).toEqual({
      text: 'Opened the shared bench “unnamed”. It was repaired (2 changes, listed). Undo brings back yours.',
      tone: 'error',
      details: ['x', 'y'],
    });
    expect(sharedBenchOpened(shared, [], true).text).toBe('Opened the shared bench “b”. Undo brings back yours.');
  });
});
