import { describe, expect, it } from 'vitest';
import { LLAMA3_8B } from './testdata/configs';
import { isModelFileName, looksLikeModelFile } from './kind';

describe('a dropped file: a model or a bench', () => {
  it('GGUF and safetensors by name; a JSON by its keys; YAML never', () => {
    expect(looksLikeModelFile('m.Q4_K_M.gguf', '')).toBe(true);
    expect(looksLikeModelFile('model-00001-of-00004.safetensors', '')).toBe(true);
    expect(looksLikeModelFile('config.json', JSON.stringify(LLAMA3_8B))).toBe(true);
    expect(
      looksLikeModelFile('model.safetensors.index.json', '{"metadata": {"total_size": 1}, "weight_map": {}}'),
    ).toBe(true);
    expect(looksLikeModelFile('bench.json', '{"hardware": {"vram_gb": 4}, "models": []}')).toBe(false);
    // A bench whose card carries a key the planner ignores (a warning, not a model file).
    const bench = '{"hardware": {"vram_gb": 4}, "models": [{"name": "a", "architectures": ["Bert"]}]}';
    expect(looksLikeModelFile('bench.json', bench)).toBe(false);
    expect(looksLikeModelFile('calibration_result.json', '{"hw_coefs": {}, "profiles": {}}')).toBe(false);
    expect(looksLikeModelFile('bench.yaml', 'model_type: x')).toBe(false);
    expect(isModelFileName('CONFIG.JSON')).toBe(true);
    expect(isModelFileName('bench.yml')).toBe(false);
  });
});
