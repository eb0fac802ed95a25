/**
 * The estimate checked against the world (issue 20): real config.json files
 * (`../testdata/hf-configs`, each with its source in that folder's README) counted against
 * the parameter counts their publishers state, and KV caches against published sizes.
 * Each figure below names where it was published.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BYTES_PER_GB, activeParameters, estimateFootprint, kvCacheTerm, trainingLogits } from '../../core/footprint';
import { footprintInputFromConfig, readHfConfig, type ModelConfig } from './model-files';
import { estimateFromFileSync } from './model-file';
import { readGguf } from './gguf';
import { f32, str, u32, writeGguf, type TensorSpec, type Value } from '../testdata/gguf-writer';

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
  /**
   * The publisher's active count leaves the input embedding out (a token looks its row up; no
   * matrix is multiplied): DeepSeek's and OpenAI's convention. Compared as active − vocab × hidden.
   */
  readonly activeWithoutEmbedding?: true;
  readonly source: string;
}

const B = 1e9;

/**
 * keras-hub's presets state each converted checkpoint's parameter count ("params"), counted by
 * Keras on the loaded model. Cited as `KERAS(path, preset)`.
 */
const KERAS = (path: string, preset: string) =>
  `keras-team/keras-hub @71453d0 \`keras_hub/src/models/${path}_presets.py\`, preset \`${preset}\` "params"`;

/**
 * Published parameter counts, each with where it comes from. `unit: 1` means published to the
 * parameter (an index's total_size ÷ bytes per parameter, a library's count of the loaded
 * model) and is met exactly; otherwise within 0.1 % or the figure's own rounding.
 */
const PUBLISHED: readonly Published[] = [
  {
    file: 'deepseek-v2-lite.json',
    parameters: 15.7 * B,
    unit: 0.1 * B,
    source:
      'the DeepSeek-V2 paper and model page: DeepSeek-V2-Lite has 15.7B parameters (quoted in deepseek-ai/DeepSeek-V2#73)',
  },
  {
    // The main model as transformers loads it; the checkpoint's multi-token-prediction layer
    // (model.layers.61: 11.5B more, DeepSeek's README) is not loaded and not counted (said in the notes).
    file: 'deepseek-v3.json',
    parameters: 671 * B,
    unit: 1 * B,
    active: 36.6 * B,
    activeUnit: 0.1 * B,
    activeWithoutEmbedding: true,
    source:
      "deepseek-ai/DeepSeek-V3's README_WEIGHTS.md (as tenstorrent/tt-metal vendors it @f3712cc, models/demos/deepseek_v3/reference/): the main model's 671B total, 36.6B activated counting the output head but not the input embedding",
  },
  { file: 'gemma-2b.json', parameters: 2_506_172_416, unit: 1, source: KERAS('gemma/gemma', 'gemma_2b_en') },
  {
    file: 'gemma-2-2b.json',
    parameters: 2_614_341_888,
    unit: 1,
    source: `${KERAS('gemma/gemma', 'gemma2_2b_en')}; total_size 5,228,683,776 B of bf16 (÷ 2) in https://huggingface.co/google/gemma-2-2b-it/blob/main/model.safetensors.index.json`,
  },
  {
    file: 'gemma-2-9b.json',
    parameters: 9_241_705_984,
    unit: 1,
    source: `${KERAS('gemma/gemma', 'gemma2_9b_en')}; total_size 18,483,411,968 B of bf16 (÷ 2) in google/gemma-2-9b-it's model.safetensors.index.json`,
  },
  {
    file: 'gemma-2-27b.json',
    parameters: 27_227_128_320,
    unit: 1,
    source: KERAS('gemma/gemma', 'gemma2_27b_en'),
  },
  {
    file: 'gemma-3-1b-it.json',
    parameters: 999_885_952,
    unit: 1,
    source: `${KERAS('gemma3/gemma3', 'gemma3_instruct_1b')}; llama.cpp's n_params for ggml-org/gemma-3-1b-it-GGUF`,
  },
  {
    // Text model, SigLIP tower and projector together, as transformers' Gemma3ForConditionalGeneration
    // holds them. keras-hub's own gemma3_instruct_4b says 4,299,915,632 (−0.004 %: its vision
    // encoder keeps 163,840 fewer); its medgemma_instruct_4b (the same architecture and config
    // as google/gemma-3-4b-it) says 4,300,079,472.
    file: 'gemma-3-4b-it.json',
    parameters: 4_300_079_472,
    unit: 1,
    source: `${KERAS('gemma3/gemma3', 'medgemma_instruct_4b')}; transformers' sum of p.numel() for google/gemma-3-4b-it, asserted == 4300079472 in public load scripts`,
  },
  {
    file: 'gpt-oss-20b.json',
    parameters: 20_914_757_184,
    unit: 1,
    source: `${KERAS('gpt_oss/gpt_oss', 'gpt_oss_20b_en')}; llama.cpp's "model params = 20.91 B" (ikawrakow/ik_llama.cpp#822, janhq/jan#6091)`,
  },
  {
    // The Hub shows 137 M for openai-community/gpt2: its checkpoint also stores each layer's
    // 1,024 × 1,024 causal-mask buffer (12 × 1,048,576 values), which are not parameters.
    file: 'gpt2.json',
    parameters: 124_439_808,
    unit: 1,
    source: KERAS('gpt2/gpt2', 'gpt2_base_en'),
  },
  {
    file: 'llama-3.1-8b.json',
    parameters: 8_030_261_248,
    unit: 1,
    source: `${KERAS('llama3/llama3', 'llama3.1_8b')}; total_size 16,060,522,496 B of bf16 (÷ 2) in meta-llama/Llama-3.1-8B's model.safetensors.index.json`,
  },
  {
    file: 'llama-3.1-70b.json',
    parameters: 70_553_706_496,
    unit: 1,
    source: "total_size 141,107,412,992 B of bf16 (÷ 2) in meta-llama/Llama-3.1-70B's model.safetensors.index.json",
  },
  {
    // Tied embeddings counted once, as the checkpoint stores them. keras-hub's llama3.2_1b
    // (1,498,482,688) builds a separate output matrix: 128,256 × 2,048 more.
    file: 'llama-3.2-1b.json',
    parameters: 1_235_814_400,
    unit: 1,
    source:
      "ModelCloud/GPTQModel's tests/test_parameter_count.py (LLAMA_3_2_1B_PARAMETER_COUNT = 1235814400); Meta's Llama 3.2 card: 1.23B",
  },
  {
    file: 'llama-3.2-3b.json',
    parameters: 3_212_749_824,
    unit: 1,
    source:
      "the Hub's safetensors.parameters.BF16 = 3212749824 for meta-llama/Llama-3.2-3B-Instruct; Meta's Llama 3.2 card: 3.21B",
  },
  {
    file: 'llava-1.5-7b.json',
    parameters: 7_063_427_072,
    unit: 1,
    source:
      "transformers' sum of p.numel() for LlavaForConditionalGeneration(llava-hf/llava-1.5-7b-hf's config) = 7063427072, printed in public notes",
  },
  {
    file: 'mistral-7b.json',
    parameters: 7_241_732_096,
    unit: 1,
    source: `${KERAS('mistral/mistral', 'mistral_7b_en')}; total_size 14,483,464,192 B of bf16 (÷ 2) in Mistral-7B's model.safetensors.index.json`,
  },
  {
    file: 'mistral-7b-v0.3.json',
    parameters: 7_248_023_552,
    unit: 1,
    source: `${KERAS('mistral/mistral', 'mistral_0.3_7b_en')}; total_size 14,496,047,104 B of bf16 (÷ 2) in Mistral-7B-v0.3's model.safetensors.index.json`,
  },
  {
    file: 'mixtral-8x7b-v0.1.json',
    parameters: 46_702_792_704,
    unit: 1,
    active: 12.9 * B,
    activeUnit: 0.1 * B,
    source: `${KERAS('mixtral/mixtral', 'mixtral_8_7b_en')}; Mistral AI's Mixtral 8x7B card: 46.7B total, 12.9B used per token`,
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
    file: 'phi-2.json',
    parameters: 2_779_683_840,
    unit: 1,
    source:
      "total_size 5,559,367,680 B of fp16 (÷ 2) in microsoft/phi-2's model.safetensors.index.json; the card: 2.7 billion",
  },
  {
    file: 'phi-3.5-mini.json',
    parameters: 3_821_079_552,
    unit: 1,
    source: `total_size 7,642,159,104 B of bf16 (÷ 2) in microsoft/Phi-3.5-mini-instruct's model.safetensors.index.json; ${KERAS('phi3/phi3', 'phi3_mini_4k_instruct_en')} (the same shape)`,
  },
  {
    file: 'qwen1.5-moe-a2.7b.json',
    parameters: 14_315_784_192,
    unit: 1,
    source: `${KERAS('qwen_moe/qwen_moe', 'qwen1.5_moe_2.7b_en')}; total_size 28,631,568,384 B of bf16 (÷ 2) in Qwen1.5-MoE-A2.7B's index`,
  },
  {
    // No figure of Qwen2-0.5B's own to the parameter was found; Qwen2.5-0.5B has the same shape
    // (every key that sizes a tensor is equal: checked below), and its count is published.
    file: 'qwen2-0.5b.json',
    parameters: 494_032_768,
    unit: 1,
    source: `${KERAS('qwen/qwen', 'qwen2.5_0.5b_en')} (Qwen2.5-0.5B: the same shape)`,
  },
  {
    // As Qwen2-0.5B: Qwen2.5-7B has Qwen2-7B's shape.
    file: 'qwen2-7b.json',
    parameters: 7_615_616_512,
    unit: 1,
    source: `${KERAS('qwen/qwen', 'qwen2.5_math_7b_en')}; total_size 15,231,233,024 B (÷ 2) in Qwen2.5-7B-Instruct's index, "7.61B" on its card (Qwen2.5-7B: the same shape)`,
  },
  {
    file: 'qwen2.5-0.5b-instruct.json',
    parameters: 494_032_768,
    unit: 1,
    source: `${KERAS('qwen/qwen', 'qwen2.5_instruct_0.5b_en')}; the Qwen2.5-0.5B-Instruct card: "Number of Parameters: 0.49B"`,
  },
  {
    // Text model 7,615,616,512 (Qwen2.5-7B's own count: floschne/gimmick @81c06a5
    // src/gimmick/models/__init__.py, from the Hub's safetensors metadata) + the vision tower with
    // its patch merger, 676,550,144 (transformers' `visual` module, printed in public fine-tuning notes).
    file: 'qwen2.5-vl-7b-instruct.json',
    parameters: 8_292_166_656,
    unit: 1,
    source:
      "the Hub's numParameters for Qwen/Qwen2.5-VL-7B-Instruct (8292166656); 16,584,333,312 bytes of bf16 (÷ 2) as exo-explore/exo's model cards give Qwen-Image's text encoder, this model",
  },
  {
    file: 'qwen2.5-3b.json',
    parameters: 3_085_938_688,
    unit: 1,
    source: `metadata.total_size 6,171,877,376 bytes of bf16 (÷ 2) in https://huggingface.co/Qwen/Qwen2.5-3B-Instruct/raw/main/model.safetensors.index.json; ${KERAS('qwen/qwen', 'qwen2.5_3b_en')}`,
  },
  { file: 'qwen3-0.6b.json', parameters: 596_049_920, unit: 1, source: KERAS('qwen3/qwen3', 'qwen3_0.6b_en') },
  { file: 'qwen3-1.7b.json', parameters: 1_720_574_976, unit: 1, source: KERAS('qwen3/qwen3', 'qwen3_1.7b_en') },
  {
    file: 'qwen3-30b-a3b-finetune.json',
    parameters: 30_532_122_624,
    unit: 1,
    // The card truncates: 3,353,032,704 active is written "3.3B" (a unit of 0.2 B covers it).
    active: 3.3 * B,
    activeUnit: 0.2 * B,
    source: `${KERAS('qwen3_moe/qwen3_moe', 'qwen3_moe_30b_a3b_en')}; llama.cpp's "model params = 30.53 B" (ggml-org/llama.cpp#14235); the Qwen3-30B-A3B card: "30.5B in total and 3.3B activated"`,
  },
  {
    file: 'smollm2-135m.json',
    parameters: 134_515_008,
    unit: 1,
    source:
      "the Hub's safetensors.total for HuggingFaceTB/SmolLM2-135M (134,515,008, quoted in public code); the card: 135M",
  },
  {
    file: 'smollm2-360m.json',
    parameters: 361_821_120,
    unit: 1,
    source: "llama.cpp's n_params for SmolLM2-360M-Instruct (llama-server /v1/models 'meta'); the card: 360M",
  },
  {
    file: 'tinyllama-1.1b-chat-v1.0.json',
    parameters: 1_100_048_384,
    unit: 1,
    source: "llama.cpp's model_n_params for tinyllama-1.1b-chat-v1.0 Q4_0 (1100048384); the name: 1.1B",
  },
  {
    // Text, SigLIP tower and projector. keras-hub's figure is 131,072 lower (−0.004 %).
    file: 'paligemma-3b-pt-224.json',
    parameters: 2_923_335_408,
    unit: 0,
    source: KERAS('pali_gemma/pali_gemma', 'pali_gemma_3b_224'),
  },
  {
    file: 'all-minilm-l6-v2.json',
    parameters: 22_713_216,
    unit: 1,
    source: KERAS('bert/bert', 'all_minilm_l6_v2_en'),
  },
  {
    // No count of this checkpoint's own was found: it is BERT-base key by key (vocabulary 30,522,
    // 12 × 768, 3,072, 512 positions, 2 token types), whose count keras-hub publishes.
    file: 'snowflake-arctic-embed-m.json',
    parameters: 109_482_240,
    unit: 1,
    source: `${KERAS('bert/bert', 'bert_base_en_uncased')} (BERT-base: the same shape)`,
  },
  {
    // The encoder without the masked-LM head (EsmModel); keras-hub's figure is 960 lower (−0.003 %).
    file: 'esm2-t12-35m.json',
    parameters: 33_269_280,
    unit: 0,
    source: KERAS('esm/esm', 'esm2_t12_35M'),
  },
  { file: 't5-small.json', parameters: 60_506_624, unit: 1, source: KERAS('t5/t5', 't5_small_multi') },
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

  it('every one is held to a published count (each with its source)', () => {
    expect(files.filter((f) => !PUBLISHED.some((p) => p.file === f))).toEqual([]);
    expect(PUBLISHED.filter((p) => !files.includes(p.file))).toEqual([]);
  });

  it("Qwen2-0.5B has Qwen2.5-0.5B's shape (so Qwen2.5-0.5B's published count is Qwen2-0.5B's)", () => {
    const shape = (file: string) => {
      const j = JSON.parse(readFileSync(dir + file, 'utf8')) as Record<string, unknown>;
      return [
        'hidden_size',
        'intermediate_size',
        'num_hidden_layers',
        'num_attention_heads',
        'num_key_value_heads',
        'vocab_size',
        'tie_word_embeddings',
      ].map((k) => j[k]);
    };
    expect(shape('qwen2-0.5b.json')).toEqual(shape('qwen2.5-0.5b-instruct.json'));
  });

  for (const p of PUBLISHED) {
    it(`${p.file}: ${p.parameters.toLocaleString('en-US')} parameters (${p.source})`, () => {
      const c = config(p.file);
      // A figure published to the parameter (an index's total_size) is met exactly.
      if (p.unit === 1) expect(c.parameters).toBe(p.parameters);
      else expect(Math.abs(c.parameters - p.parameters)).toBeLessThanOrEqual(tolerance(p.parameters, p.unit));
      if (p.active !== undefined) {
        expect(c.moe).toBeDefined();
        const embedding = p.activeWithoutEmbedding ? c.shape!.vocabSize! * c.shape!.hiddenSize : 0;
        const active = activeParameters(c.parameters, c.moe!) - embedding;
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
    // Qwen2.5-VL-7B: the text model is Qwen2.5-7B's 7,615,616,512 (floschne/gimmick's Hub count), the
    // vision tower with its patch merger the 676,550,144 of transformers' `visual` module.
    const q = config('qwen2.5-vl-7b-instruct.json');
    expect(q.parts.map((p) => [p.name, p.parameters])).toEqual([
      ['text model', 7_615_616_512],
      ['vision tower', 676_550_144],
      ['projector', 0],
    ]);
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

  // llama.cpp's load logs ("KV self size = … MiB") as ik_llama.cpp's issues quote them (its
  // repository keeps each thread under github-data/, read @8337e4c). The log prints MiB to two
  // decimals; the estimate from the real config.json matches each to that precision.
  const mib = (file: string, tokens: number, kvDtype: 'fp16' | 'q8_0' = 'fp16') =>
    (gib(file, tokens, kvDtype) * BYTES_PER_GB) / 2 ** 20;

  it('Qwen3-0.6B, f16, --ctx-size 4096: 448.00 MiB (ikawrakow/ik_llama.cpp#575)', () => {
    // https://github.com/ikawrakow/ik_llama.cpp/issues/575: "n_ctx = 4096 … KV self size = 448.00 MiB,
    // K (f16): 224.00 MiB, V (f16): 224.00 MiB" for Qwen_Qwen3-0.6B-Q6_K.gguf.
    asPublished(mib('qwen3-0.6b.json', 4096), 448.0, 2);
  });

  it('Qwen3-30B-A3B (MoE), f16: 384.00 MiB at 4,096 tokens and 3,072.00 MiB at 32,768', () => {
    // https://github.com/ikawrakow/ik_llama.cpp/issues/380: "n_ctx = 4096 … KV self size = 384.00 MiB"
    // (general.name Qwen3-30B-A3B); https://github.com/ikawrakow/ik_llama.cpp/issues/398:
    // "-c 32768 … KV self size = 3072.00 MiB, K (f16): 1536.00 MiB" (Qwen3-30B-A3B-UD-Q4_K_XL.gguf).
    // The experts add nothing to the cache: 48 layers × 4 KV heads × 128.
    asPublished(mib('qwen3-30b-a3b-finetune.json', 4096), 384.0, 2);
    asPublished(mib('qwen3-30b-a3b-finetune.json', 32_768), 3072.0, 2);
  });

  it('gemma-2-2b-it, f16, n_ctx 2048: 208.00 MiB (ikawrakow/ik_llama.cpp#60)', () => {
    // https://github.com/ikawrakow/ik_llama.cpp/issues/60: gemma-2-2b-it-Q4_0_4_4.gguf, "n_ctx = 2048
    // … KV self size = 208.00 MiB, K (f16): 104.00 MiB". 26 layers × 4 KV heads × head size 256;
    // the 4,096-token sliding window of every other layer is longer than the context here.
    asPublished(mib('gemma-2-2b.json', 2048), 208.0, 2);
  });

  it('Llama 3.1 8B Instruct, n_ctx 1024: the f16 V half is 64.00 MiB (ikawrakow/ik_llama.cpp#103)', () => {
    // https://github.com/ikawrakow/ik_llama.cpp/issues/103: general.name Meta_Llama_3.1_8b_it,
    // "n_ctx = 1024 … KV self size = 82.00 MiB, K (iq4_nl): 18.00 MiB, V (f16): 64.00 MiB". The
    // K half is in iq4_nl, a type the estimator does not offer; K and V are the same size, so
    // the f16 V half is half of the f16 estimate.
    asPublished(mib('llama-3.1-8b.json', 1024) / 2, 64.0, 2);
  });

  it('DeepSeek-V3 (MLA, 61 layers) from its config: 1,166.62 MiB of q8_0 latent cache at 32,768 tokens, as ik_llama.cpp logs', () => {
    // https://github.com/ikawrakow/ik_llama.cpp/pull/259: "n_ctx = 32768 … KV self size = 1166.62 MiB, c^KV (q8_0): 1166.62 MiB" with
    // "n_embd_head_qk_rope = 64, kv_lora_rank = 512" for layers 0–60 and n_ctx_slot = 32768.
    const c = config('deepseek-v3.json');
    expect(c.decoder).toMatchObject({ layers: 61, kvLatent: 576 });
    asPublished(mib('deepseek-v3.json', 32_768, 'q8_0'), 1166.62, 2);
  });

  it('DeepSeek-V2-Lite from its config: the latent is kv_lora_rank + qk_rope_head_dim = 576, not heads × head size', () => {
    const c = config('deepseek-v2-lite.json');
    expect(c.decoder?.kvLatent).toBe(576);
    // 27 layers × 576 × 2 bytes per token.
    expect(gib('deepseek-v2-lite.json', 4096) * BYTES_PER_GB).toBe(27 * 576 * 2 * 4096);
  });
});

describe('the training estimate against a measured peak', () => {
  // apple/ml-cross-entropy @d42911f, README "Benchmarking" (A100-SXM4 80 GB, PyTorch 2.4.1, CUDA
  // 12.4; benchmark/memory.py: the peak of torch.cuda.memory_stats()["allocated_bytes.all.peak"]
  // over the call, ÷ 2^20): Gemma 2 (2B)'s loss over 8,192 tokens (benchmark/data/models.py,
  // M = 8 × 1024) of its 256,000-token vocabulary, bf16 embeddings and classifier, soft-capped
  // at 30 — "baseline loss-fw-bw 28000.0" MiB for PyTorch's eager loss (benchmark/__main__.py's
  // baseline: tanh soft-cap, .float(), F.cross_entropy, as transformers computes it). Published
  // in Wijmans et al., "Cut Your Losses in Large-Vocabulary Language Models" (ICLR 2025).
  it('Gemma 2 (2B), 8,192 tokens, eager loss: the logits term is the measured 28,000 MiB (14 bytes a logit)', () => {
    const c = config('gemma-2-2b.json');
    expect(c.shape?.logitSoftcap).toBe(true);
    expect(c.shape?.vocabSize).toBe(256_000);
    const input = { ...footprintInputFromConfig(c, { context: 8192 }), training: 'full' as const };
    const logits = trainingLogits(input);
    // Within 1 % of the measurement (the figure is rounded to 0.1 MiB); here exact.
    expect(Math.abs(logits.bytes / 2 ** 20 - 28_000) / 28_000).toBeLessThanOrEqual(0.01);
    expect(logits.bytes).toBe(8192 * 256_000 * 14);
    // The same loss without the soft-cap's tanh output is 12 bytes a logit (24,000 MiB).
    const plain = trainingLogits({ ...input, shape: { ...input.shape!, logitSoftcap: false } });
    expect(plain.bytes / 2 ** 20).toBe(24_000);
  });
});

describe('a whole fine-tune against its measured peak (BERT-large, the transformers docs)', () => {
  // huggingface/transformers docs "Model training anatomy" (docs/source/en/model_memory_anatomy.md
  // @249ef81) and "Efficient training on a single GPU" (perf_train_gpu_one, v4.27; the same runs in
  // its zh translation): google-bert/bert-large-uncased as AutoModelForSequenceClassification (2
  // labels), 512 random sequences of 512 tokens, Trainer defaults (AdamW, dropout on, eager
  // attention), a V100 16 GB, "GPU memory occupied" from NVML (`info.used // 1024**2`: MiB) after
  // training. The CUDA context alone measures 1,343 MiB there ("torch.ones((1, 1)).to('cuda')"),
  // the loaded fp32 model 2,631 MiB in all.
  const parameters = 335_141_888 + 1024 * 2 + 2; // keras-hub bert_large_en_uncased (with the pooler) + the classifier
  const shape = {
    layers: 24,
    hiddenSize: 1024,
    intermediateSize: 4096,
    attentionHeads: 16,
    encoderOnly: true,
    vocabSize: 30522,
  } as const;
  const estimate = (batch: number, gradientCheckpointing: boolean) =>
    estimateFootprint({
      parameters,
      dtype: 'fp32',
      shape,
      context: 512,
      batch,
      training: 'full',
      gradientCheckpointing,
      overheadGb: 1343 / 1024, // the context as measured in the same run
    });
  const MiB = 2 ** 20;

  it('the fp32 weights are the 1,288 MiB the loaded model adds (2,631 − 1,343), to 1 %', () => {
    const w = estimate(1, false).terms[0]!.bytes / MiB;
    expect(Math.abs(w - 1288) / 1288).toBeLessThanOrEqual(0.01);
  });

  // The runs (per_device_train_batch_size, gradient_checkpointing, fp16) and what NVML showed.
  // fp16 = True is torch.amp over fp32 weights: fp32 weights, gradients and AdamW states, its
  // activations a mix of fp16 and fp32 (softmax and layer norms run in fp32) — estimated with
  // the fp32 rule, the nearest it has.
  const runs = [
    { batch: 4, ckpt: false, fp16: false, measured: 14949 },
    { batch: 1, ckpt: false, fp16: false, measured: 8681 },
    { batch: 1, ckpt: true, fp16: false, measured: 6775 },
    { batch: 4, ckpt: false, fp16: true, measured: 13939 },
    { batch: 1, ckpt: true, fp16: true, measured: 7275 },
  ];
  for (const r of runs) {
    it(`batch ${r.batch}${r.ckpt ? ', gradient checkpointing' : ''}${r.fp16 ? ', fp16 (amp)' : ''}: within 8 % of the measured ${r.measured.toLocaleString('en-US')} MiB`, () => {
      const f = estimate(r.batch, r.ckpt);
      // The whole estimate: weights, fp32 gradients, AdamW (8 bytes), fp32 activations, the context
      // and the default 10 % margin (the caching allocator's reserve, which NVML counts).
      const total = f.totalGb * 1024;
      expect(Math.abs(total - r.measured) / r.measured).toBeLessThanOrEqual(0.08);
    });
  }
});

describe('a MoE GGUF against llama.cpp load log', () => {
  // unsloth's Qwen3-30B-A3B-Q5_K_M.gguf as ik_llama.cpp's load log prints it
  // (https://github.com/ikawrakow/ik_llama.cpp/issues/380, read in its github-data/ @8337e4c):
  // "loaded meta data with 35 key-value pairs and 579 tensors", the 35 keys (kv 0–34), "type f32:
  // 241 tensors, type q5_K: 289 tensors, type q6_K: 49 tensors", "model params = 30.532 B",
  // "model size = 20.228 GiB (5.691 BPW)", "repeating layers = 19.791 GiB (5.684 BPW, 29.910 B
  // parameters)". The header is rebuilt from that log: its metadata as logged (the tokenizer's
  // arrays at their logged lengths, their items and the chat template stand-ins), and its 579
  // tensors as llama.cpp's converter names and shapes them for this config (ggml order: the
  // inner dimension first), typed as llama-quantize types a Q5_K_M file (ffn_gate_inp and 1-D
  // tensors stay F32; output Q6_K; attn_v and ffn_down Q6_K in the layers `use_more_bits` picks,
  // i < n/8 or i ≥ 7n/8 or (i − n/8) % 3 = 2; the rest Q5_K) — the type counts come out as logged.
  const L = 48;
  const more = (i: number) => i < L / 8 || i >= (7 * L) / 8 || (i - L / 8) % 3 === 2;
  const tensors: TensorSpec[] = [
    { name: 'token_embd.weight', type: 'Q5_K', dims: [2048, 151936] },
    ...Array.from({ length: L }, (_, i): TensorSpec[] => [
      { name: `blk.${i}.attn_norm.weight`, type: 'F32', dims: [2048] },
      { name: `blk.${i}.attn_q.weight`, type: 'Q5_K', dims: [2048, 4096] },
      { name: `blk.${i}.attn_k.weight`, type: 'Q5_K', dims: [2048, 512] },
      { name: `blk.${i}.attn_v.weight`, type: more(i) ? 'Q6_K' : 'Q5_K', dims: [2048, 512] },
      { name: `blk.${i}.attn_output.weight`, type: 'Q5_K', dims: [4096, 2048] },
      { name: `blk.${i}.attn_q_norm.weight`, type: 'F32', dims: [128] },
      { name: `blk.${i}.attn_k_norm.weight`, type: 'F32', dims: [128] },
      { name: `blk.${i}.ffn_norm.weight`, type: 'F32', dims: [2048] },
      { name: `blk.${i}.ffn_gate_inp.weight`, type: 'F32', dims: [2048, 128] },
      { name: `blk.${i}.ffn_gate_exps.weight`, type: 'Q5_K', dims: [2048, 768, 128] },
      { name: `blk.${i}.ffn_up_exps.weight`, type: 'Q5_K', dims: [2048, 768, 128] },
      { name: `blk.${i}.ffn_down_exps.weight`, type: more(i) ? 'Q6_K' : 'Q5_K', dims: [768, 2048, 128] },
    ]).flat(),
    { name: 'output_norm.weight', type: 'F32', dims: [2048] },
    { name: 'output.weight', type: 'Q6_K', dims: [2048, 151936] },
  ];
  const arr = (item: 'str' | 'i32', n: number): Value => ({
    t: 'arr',
    item,
    v: Array.from({ length: n }, (_, k): Value => (item === 'str' ? str(`t${k}`) : { t: 'i32', v: 1 })),
  });
  const meta: Record<string, Value> = {
    'general.architecture': str('qwen3moe'),
    'general.type': str('model'),
    'general.name': str('Qwen3-30B-A3B'),
    'general.basename': str('Qwen3-30B-A3B'),
    'general.quantized_by': str('Unsloth'),
    'general.size_label': str('30B-A3B'),
    'general.repo_url': str('https://huggingface.co/unsloth'),
    'qwen3moe.block_count': u32(48),
    'qwen3moe.context_length': u32(40960),
    'qwen3moe.embedding_length': u32(2048),
    'qwen3moe.feed_forward_length': u32(6144),
    'qwen3moe.attention.head_count': u32(32),
    'qwen3moe.attention.head_count_kv': u32(4),
    'qwen3moe.rope.freq_base': f32(1000000),
    'qwen3moe.attention.layer_norm_rms_epsilon': f32(0.000001),
    'qwen3moe.expert_used_count': u32(8),
    'qwen3moe.attention.key_length': u32(128),
    'qwen3moe.attention.value_length': u32(128),
    'qwen3moe.expert_count': u32(128),
    'qwen3moe.expert_feed_forward_length': u32(768),
    'tokenizer.ggml.model': str('gpt2'),
    'tokenizer.ggml.pre': str('qwen2'),
    'tokenizer.ggml.tokens': arr('str', 151936),
    'tokenizer.ggml.token_type': arr('i32', 151936),
    'tokenizer.ggml.merges': arr('str', 151387),
    'tokenizer.ggml.eos_token_id': u32(151645),
    'tokenizer.ggml.padding_token_id': u32(151654),
    'tokenizer.ggml.add_bos_token': { t: 'bool', v: false },
    'tokenizer.chat_template': str('{%- if tools %}…'),
    'general.quantization_version': u32(2),
    'general.file_type': u32(17),
    'quantize.imatrix.file': str('Qwen3-30B-A3B-GGUF/imatrix_unsloth.dat'),
    'quantize.imatrix.dataset': str('unsloth_calibration_Qwen3-30B-A3B.txt'),
    'quantize.imatrix.entries_count': { t: 'i32', v: 384 },
    'quantize.imatrix.chunks_count': { t: 'i32', v: 32 },
  };
  const w = writeGguf(meta, tensors, { headerOnly: true });
  const read = (start: number, end: number): Uint8Array => {
    const out = new Uint8Array(Math.max(0, Math.min(end, w.size) - start));
    out.set(w.bytes.subarray(Math.min(start, w.bytes.length), Math.min(end, w.bytes.length)));
    return out;
  };
  const GiB = 2 ** 30;
  /** ggml's block sizes (ggml-common.h): Q5_K 176 bytes and Q6_K 210 bytes per 256 weights. */
  const q5k = (n: number) => (n / 256) * 176;
  const q6k = (n: number) => (n / 256) * 210;

  it('is the logged file: 35 keys, 579 tensors, 241 F32 + 289 Q5_K + 49 Q6_K', () => {
    const r = readGguf(w.bytes, w.size);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.metadata.size).toBe(35);
    const count = (t: string) => r.value.tensors.filter((x) => x.type === t).length;
    expect([r.value.tensors.length, count('F32'), count('Q5_K'), count('Q6_K')]).toEqual([579, 241, 289, 49]);
  });

  it('weights: 20.228 GiB (5.691 BPW) of 30.532 B parameters, the repeating layers 19.791 GiB of 29.910 B, as llama.cpp prints', () => {
    const e = estimateFromFileSync('Qwen3-30B-A3B-Q5_K_M.gguf', w.size, read);
    if (!e.ok) throw new Error(e.error);
    expect(e.value.confidence).toBe('exact');
    expect(e.value.parameters).toBe(30_532_122_624);
    // The same model's config.json counts the same parameters.
    expect(e.value.parameters).toBe(config('qwen3-30b-a3b-finetune.json').parameters);
    const bytes = e.value.input.weightBytes!;
    asPublished(bytes / GiB, 20.228, 3);
    asPublished((bytes * 8) / e.value.parameters!, 5.691, 3);
    const h = readGguf(w.bytes, w.size);
    if (!h.ok) throw new Error(h.error);
    const blk = h.value.tensors.filter((t) => t.name.startsWith('blk.'));
    asPublished(blk.reduce((a, t) => a + t.bytes, 0) / GiB, 19.791, 3);
    asPublished(blk.reduce((a, t) => a + t.elements, 0) / 1e9, 29.91, 3);
  });

  it('its experts are counted exactly from the _exps tensors: 128 per layer in 48 layers, 8 per token', () => {
    const e = estimateFromFileSync('Qwen3-30B-A3B-Q5_K_M.gguf', w.size, read);
    if (!e.ok) throw new Error(e.error);
    const moe = e.value.input.moe!;
    expect(moe).toMatchObject({ experts: 128, expertsPerToken: 8, moeLayers: 48 });
    const perTensor = 2048 * 768 * 128;
    expect(moe.expertParameters).toBe(48 * 3 * perTensor);
    // gate and up in Q5_K in every layer; down in Q6_K in the 24 layers use_more_bits picks.
    expect(moe.expertBytes).toBe(48 * 2 * q5k(perTensor) + 24 * q6k(perTensor) + 24 * q5k(perTensor));
    expect(moe.expertBytes).toBe(20_573_061_120);
    // 3,353,032,704 read per token, as the config's count gives.
    expect(e.value.activeParameters).toBe(3_353_032_704);
    // All experts in RAM (--cpu-moe): the RAM part is their bytes, the rest stays in VRAM.
    const f = estimateFootprint({ ...e.value.input, cpuMoeLayers: 48 });
    expect(f.ram!.bytes).toBe(20_573_061_120);
    expect(f.terms[0]!.bytes).toBe(21_719_611_392 - 20_573_061_120);
  });
});
