// @vitest-environment jsdom
import * as restore from '../bench/restore';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { planBench } from '../core/day';
import { readCalibrationFile } from '../bench/calibration-file';
import { createPlannerStore, SCHEMA_VERSION } from './store';
import { COMMITS } from './commits';
import { defaultBench } from './presets/default';

// jsdom's import.meta.url is not a file URL: the fixture is found from the repository root (vitest's cwd).
const text = readFileSync('fixtures/calibration_result.json', 'utf8');
const read = readCalibrationFile(text);
if (!read.ok) throw new Error('the example calibration does not read');
const calibration = read.calibration;

let n = 0;
beforeEach(() => localStorage.clear());

describe('the calibration in the store', () => {
  it('is set and removed in one undoable step each, and the plan follows', async () => {
    const s = createPlannerStore(defaultBench(), { storageKey: null, commits: COMMITS }).getState;
    expect(await s().setCalibration(calibration)).toEqual({ ok: true });
    expect(s().bench.interference).toBe(calibration);
    const morning = planBench(s().bench).windows[1]!;
    expect(morning.kind === 'plan' && morning.plan.notes).toHaveLength(5);
    s().setCalibration(undefined);
    expect('interference' in s().bench).toBe(false);
    s().undo();
    expect(s().bench.interference).toBe(calibration);
    s().undo();
    expect(s().bench.interference).toBeUndefined();
    expect(s().past).toHaveLength(0);
  });

  it('is persisted with the bench (same schema version) and restored as saved', () => {
    const key = `calibration-test-${++n}`;
    const first = createPlannerStore(defaultBench(), { storageKey: key, restore, commits: COMMITS });
    first.getState().setCalibration(calibration);
    window.dispatchEvent(new Event('pagehide'));
    const saved = JSON.parse(localStorage.getItem(key) ?? '{}');
    expect(saved.version).toBe(SCHEMA_VERSION);
    expect(saved.state.bench.interference.profiles.embedder.theta).toBe(3.2);
    const again = createPlannerStore(defaultBench(), { storageKey: key, restore, commits: COMMITS }).getState();
    expect(again.bench.interference).toEqual(calibration);
    expect(again.notice).toBeNull();
  });
});
