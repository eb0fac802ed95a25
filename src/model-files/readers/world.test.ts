/**
 * The estimate checked against the world (issue 20): real config.json files
 * (`../testdata/hf-configs`, each with its source in that folder's README) counted against
 * the parameter counts their publishers state, and KV caches against published sizes.
 * Each figure below names where it was published.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BYTES_PER_GB, activeParameters, estimateFootprint, kvCacheTerm } from '../../core/footprint';
import { footprintInputFromConfig, readHfConfig, type ModelConfig } from './model-files';

const dir = fileURLToPath(new URL('../testdata/hf-configs/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

function config(file: string): ModelConfig {
  const r = readHfConfig(readFileSync(dir + file, 'utf8'));
  if (!r.ok) throw new Error(`${file}: ${r.error}`);
  return r.value;
}

interface Published {
  readonly file: string;
  /** The published total, and the unit of its last digit (a card's "30.5B" is to 0.1 B). */
  readonly parameters: number;
  readonly unit: number;
  /** Parameters a token uses, where published (the same convention: embeddings included). */
  readonly active?: number;
  readonly activeUnit?: number;
  readonly source: string;
}

const B = 1e9;

/** Published parameter counts, each with its source. */
const PUBLISHED: readonly Published[] = [
  {
    file: 'qwen2.5-3b.json',
    parameters: 3_085_938_688,
    unit: 1,
    source:
      'metadata.total_size 6,171,877,376 bytes of bf16 (÷ 2) in https://huggingface.co/Qwen/Qwen2.5-3B-Instruct/raw/main/model.safetensors.index.json',
  },
  {
    file: 'qwen3-30b-a3b-finetune.json',
    parameters: 30.53 * B,
    unit: 0.01 * B,
    // The card truncates: 3,353,032,704 active is written "3.3B" (a unit of 0.2 B covers it).
    active: 3.3 * B,
    activeUnit: 0.2 * B,
    source:
      'llama.cpp\'s "model params = 30.53 B" for Qwen3-30B-A3B (ggml-org/llama.cpp#14235); the Qwen3-30B-A3B card: "30.5B in total and 3.3B activated"',
  },
  {
    file: 'gpt-oss-20b.json',
    parameters: 20.91 * B,
    unit: 0.01 * B,
    source: 'llama.cpp\'s "model params = 20.91 B" for gpt-oss-20b (ikawrakow/ik_llama.cpp#822, janhq/jan#6091)',
  },
  {
    file: 'olmoe-1b-7b-0924.json',
    parameters: 6.9 * B,
    unit: 0.1 * B,
    active: 1.3 * B,
    activeUnit: 0.1 * B,
    source: 'the OLMoE paper (arXiv:2409.02060): 6.9B total, 1.3B active per token',
  },
  {
    file: 'deepseek-v2-lite.json',
    parameters: 15.7 * B,
    unit: 0.1 * B,
    source:
      'the DeepSeek-V2 paper and model page: DeepSeek-V2-Lite has 15.7B parameters (quoted in deepseek-ai/DeepSeek-V2#73)',
  },
  {
    file: 'mixtral-8x7b-v0.1.json',
    parameters: 46.7 * B,
    unit: 0.1 * B,
    active: 12.9 * B,
    activeUnit: 0.1 * B,
    source: "Mistral AI's Mixtral 8x7B card: 46.7B total parameters, 12.9B used per token",
  },
  {
    file: 'qwen2.5-0.5b-instruct.json',
    parameters: 0.49 * B,
    unit: 0.01 * B,
    source: 'the Qwen2.5-0.5B-Instruct card: "Number of Parameters: 0.49B"',
  },
];

/** Within 0.1 %, or within the published figure's own rounding when that is coarser. */
const tolerance = (published: number, unit: number) => Math.max(published * 0.001, unit / 2 + 1e-9 * unit);

/** A size as published to `digits` decimals (15.625 is written 15.62 or 15.63). */
const asPublished = (x: number, published: number, digits: number) =>
  expect(Math.abs(x - published)).toBeLessThanOrEqual(0.5 * 10 ** -digits + 1e-12);

describe('real config.json files', () => {
  it('are at least 30, across at least 14 families, every one read and counted', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    const families = new Set<string>();
    for (const f of files) {
      const c = config(f);
      families.add(c.modelType);
      expect(c.confidence, f).toBe('counted');
      expect(
        c.parts.reduce((t, p) => t + p.parameters, 0),
        f,
      ).toBe(c.parameters);
    }
    expect(families.size).toBeGreaterThanOrEqual(14);
  });

  for (const p of PUBLISHED) {
    it(`${p.file}: ${p.parameters.toLocaleString('en-US')} parameters (${p.source})`, () => {
      const c = config(p.file);
      // A figure published to the parameter (an index's total_size) is met exactly.
      if (p.unit === 1) expect(c.parameters).toBe(p.parameters);
      else expect(Math.abs(c.parameters - p.parameters)).toBeLessThanOrEqual(tolerance(p.parameters, p.unit));
      if (p.active !== undefined) {
        expect(c.moe).toBeDefined();
        const active = activeParameters(c.parameters, c.moe!);
        expect(Math.abs(active - p.active)).toBeLessThanOrEqual(tolerance(p.active, p.activeUnit!));
      }
    });
  }

  it('Qwen3-30B-A3B: about 57 GiB of bf16 weights, every expert resident; 3.35 B read per token', () => {
    const c = config('qwen3-30b-a3b-finetune.json');
    expect(c.parameters).toBe(30_532_122_624);
    const f = estimateFootprint(footprintInputFromConfig(c));
    expect(f.weightsGb).toBeCloseTo(56.87, 2);
    expect(f.activeParameters).toBe(3_353_032_704);
  });

  it('a multimodal config counts its vision tower and projector (Gemma 3 4B, LLaVA-1.5-7B)', () => {
    const g = config('gemma-3-4b-it.json');
    expect(g.parts.map((p) => p.name)).toEqual(['text model', 'vision tower', 'projector']);
    // Gemma3TextConfig's defaults fill the keys the saved text_config leaves out.
    expect(g.notes.join(' ')).toContain("transformers' gemma3_text defaults");
    expect(g.parameters).toBe(4_300_079_472);
    const l = config('llava-1.5-7b.json');
    expect(l.parts.map((p) => [p.name, p.parameters])).toEqual([
      ['text model', 6_738_939_904],
      ['vision tower', 303_507_456],
      ['projector', 20_979_712],
    ]);
  });
});

describe('KV cache against published sizes', () => {
  const gib = (file: string, tokens: number, kvDtype: 'fp16' | 'q8_0' = 'fp16') =>
    kvCacheTerm({ ...footprintInputFromConfig(config(file), { context: tokens }), kvDtype }).bytes / BYTES_PER_GB;

  // https://huggingface.co/blog/llama31#inference-memory-requirements (the table is quoted in
  // huggingface/blog#2345): fp16 KV cache of Llama 3.1 8B and 70B; "16k" and "128k" there are
  // 16,000 and 128,000 tokens, "1k" 1,024.
  it('Llama 3.1 8B: 0.125 GB at 1k tokens, 1.95 GB at 16k, 15.62 GB at 128k', () => {
    asPublished(gib('llama-3.1-8b.json', 1024), 0.125, 3);
    asPublished(gib('llama-3.1-8b.json', 16_000), 1.95, 2);
    asPublished(gib('llama-3.1-8b.json', 128_000), 15.62, 2);
  });

  it('Llama 3.1 70B: 0.313 GB at 1k tokens, 4.88 GB at 16k, 39.06 GB at 128k', () => {
    asPublished(gib('llama-3.1-70b.json', 1024), 0.313, 3);
    asPublished(gib('llama-3.1-70b.json', 16_000), 4.88, 2);
    asPublished(gib('llama-3.1-70b.json', 128_000), 39.06, 2);
  });

  it('DeepSeek (MLA, 61 layers): 1,166.62 MiB of q8_0 latent cache at 32,768 tokens, as ik_llama.cpp logs', () => {
    // ikawrakow/ik_llama.cpp#259: "KV self size = 1166.62 MiB, c^KV (q8_0): 1166.62 MiB" with
    // "n_embd_head_qk_rope = 64, kv_lora_rank = 512" for layers 0–60 and n_ctx_slot = 32768.
    const bytes = kvCacheTerm({
      parameters: 1,
      dtype: 'bf16',
      context: 32_768,
      kvDtype: 'q8_0',
      decoder: { layers: 61, kvHeads: 128, headDim: 128, kvLatent: 512 + 64 },
    }).bytes;
    asPublished(bytes / 2 ** 20, 1166.62, 2);
  });

  it('DeepSeek-V2-Lite from its config: the latent is kv_lora_rank + qk_rope_head_dim = 576, not heads × head size', () => {
    const c = config('deepseek-v2-lite.json');
    expect(c.decoder?.kvLatent).toBe(576);
    // 27 layers × 576 × 2 bytes per token.
    expect(gib('deepseek-v2-lite.json', 4096) * BYTES_PER_GB).toBe(27 * 576 * 2 * 4096);
  });
});
