import { describe, expect, it } from 'vitest';
import { card } from '../test/cards';
import { footprintInputOf, vramEstimateOf } from '../core/footprint';
import { type VramEstimate } from '../core/types';
import { ESTIMATE_FIELDS, keysOf } from './bench-schema';
import { readBench } from './read';
import { writeBench } from './write';
import { decodeShareFragment, encodeShareFragment } from './share';
import { restoreBench } from './restore';

/** An estimate with every field set: the three places that list them must agree on each. */
const FULL: Required<VramEstimate> = {
  from: 'config.json',
  architecture: 'WhisperForConditionalGeneration',
  parameters: 241_734_912,
  dtype: 'fp16',
  weight_bytes: 483_469_824,
  context: 448,
  batch: 4,
  kv_dtype: 'q8_0',
  flash_attention: true,
  layers: 12,
  kv_heads: 12,
  head_dim: 64,
  sliding_window: 256,
  sliding_layers: 6,
  cross_attention_tokens: 1500,
  kv_latent: 576,
  experts: 128,
  experts_per_token: 8,
  moe_layers: 48,
  expert_parameters: 28_991_029_248,
  expert_bytes: 16_307_453_952,
  cpu_moe_layers: 20,
  fused_cross_entropy: true,
  confidence: 'approximate',
  notes: ['a note: with a colon', 'model_type "x" is not a known family'],
  model_layers: 24,
  hidden_size: 768,
  intermediate_size: 3072,
  attention_heads: 12,
  vocab_size: 51865,
  encoder_only: false,
  logit_softcap: true,
  overhead_gb: 0.75,
  margin: 0.05,
  training: 'lora',
  trainable_parameters: 2_359_296,
  gradient_checkpointing: true,
};

describe('the estimate’s fields, in the schema table, the type and the estimator', () => {
  it('the table lists exactly the fields of VramEstimate', () => {
    expect([...keysOf(ESTIMATE_FIELDS)].sort()).toEqual(Object.keys(FULL).sort());
  });

  it('every field survives the estimator input and back, and a bench document', () => {
    expect(
      vramEstimateOf(footprintInputOf(FULL), FULL.from, FULL.architecture, {
        confidence: FULL.confidence,
        notes: FULL.notes,
      }),
    ).toEqual(FULL);
    const bench = {
      hardware: { vram_gb: 12, ram_gb: 64, cpu_cores: 12 },
      models: [card('whisper', 1, 'GPU_SHARED', { vram_estimate: FULL })],
    };
    const r = readBench(writeBench(bench));
    if (!r.ok) throw new Error(r.errors[0]?.message);
    expect(r.bench.models[0]?.vram_estimate).toEqual(FULL);
    // A share link and saved state (JSON through the repairing reader) keep them too.
    const shared = decodeShareFragment(encodeShareFragment(bench));
    if (!shared.ok) throw new Error(shared.errors[0]?.message);
    expect(shared.bench.models[0]?.vram_estimate).toEqual(FULL);
    const saved = restoreBench(JSON.parse(JSON.stringify(bench)), bench);
    expect(saved.changes).toEqual([]);
    expect(saved.bench.models[0]?.vram_estimate).toEqual(FULL);
  });

  it('a bad note is dropped and said; a bad confidence too, the rest kept', () => {
    const bench = {
      hardware: { vram_gb: 12, ram_gb: 64, cpu_cores: 12 },
      models: [
        {
          name: 'm',
          vram_gb: 1,
          residency: 'GPU_SHARED' as const,
          vram_estimate: { from: 'x', parameters: 1, dtype: 'bf16', confidence: 'sure', notes: ['kept', { a: 1 }] },
        },
      ],
    };
    const saved = restoreBench(bench, bench as never);
    expect(saved.bench.models[0]?.vram_estimate).toEqual({ from: 'x', parameters: 1, dtype: 'bf16', notes: ['kept'] });
    expect(saved.changes.map((c) => c.path)).toEqual([
      'models[0].vram_estimate.confidence',
      'models[0].vram_estimate.notes[1]',
    ]);
  });
});
