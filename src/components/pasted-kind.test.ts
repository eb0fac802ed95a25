import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pastedKind } from './pasted-kind';

const file = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');

describe('what pasted text is', () => {
  it('a model’s config.json asks for a card; a calibration is attached; the rest is read as a bench', () => {
    expect(pastedKind(file('src/model-files/testdata/hf-configs/qwen3-30b-a3b-finetune.json'))).toBe('model');
    expect(pastedKind(`\n  ${file('fixtures/calibration_result.json')}`)).toBe('calibration');
    expect(pastedKind(file('fixtures/bench_24gb.yaml'))).toBe('bench');
  });

  it('a bench written as JSON is a bench, even with a model’s keys inside it', () => {
    expect(pastedKind('{"hardware": {"vram_gb": 8}, "models": [{"name": "a", "model_type": "llama"}]}')).toBe('bench');
    expect(pastedKind('{"model_type": "llama", "hidden_size": 4096}')).toBe('model');
    expect(pastedKind('{"profiles": {}}')).toBe('calibration');
    // Not JSON: never a model or a calibration, whatever its words.
    expect(pastedKind('model_type: llama\nprofiles: {}\n')).toBe('bench');
    expect(pastedKind('')).toBe('bench');
  });
});
