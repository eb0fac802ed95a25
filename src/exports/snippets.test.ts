import { describe, expect, it } from 'vitest';
import { card } from '../test/cards';
import { ramOverflow } from '../core/patterns';
import { fromPretrainedSnippet } from './snippets';

describe('fromPretrainedSnippet', () => {
  it('passes Pattern C hint to from_pretrained with nvinx strings', () => {
    const hint = ramOverflow(
      card('big"folder', 6, 'GPU_RAM_OVERFLOW', { ram_overflow_supported: true, ram_gb_needed: 10 }),
      { vram_gb: 4, ram_gb: 32, cpu_cores: 8 },
    );
    const code = fromPretrainedSnippet(hint);
    expect(code).toContain('    "bigfolder",  # your model id');
    expect(code).toContain('device_map="auto",');
    expect(code).toContain('max_memory={0: "3.5GiB", "cpu": "6.5GiB"},');
  });
});
