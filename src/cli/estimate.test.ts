import { spawnSync } from 'node:child_process';
import { strToU8 } from 'fflate';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BITS_PER_WEIGHT, BYTES_PER_GB } from '../core/footprint';
import { str, u32, writeGguf } from '../model-files/testdata/gguf-writer';
import { openFileSlices } from './file-slices';
import { runPlanCli } from './plan';
import { LLAMA3_8B } from '../model-files/testdata/configs';
import { sparseFile } from '../test/sparse-file';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'nvinx-estimate-'));

/** `read` must never be called: estimate opens files for slices. */
const noWholeRead = (file: string): Uint8Array => {
  throw new Error(`read the whole of ${file}`);
};
const run = (...args: string[]) => runPlanCli(['estimate', ...args], noWholeRead, { open: openFileSlices });

const sparse = (name: string, head: Uint8Array, size: number): string => sparseFile(dir, name, head, size);

// A Llama-like GGUF: 4 layers, 8 KV heads of 128, all Q8_0 (34 bytes per 32 weights) but the norms.
const layers = 4;
const tensors = [
  { name: 'token_embd.weight', type: 'Q8_0', dims: [4096, 32000] },
  ...Array.from({ length: layers }, (_, i) => [
    { name: `blk.${i}.attn_q.weight`, type: 'Q8_0', dims: [4096, 4096] },
    { name: `blk.${i}.attn_k.weight`, type: 'Q8_0', dims: [4096, 1024] },
    { name: `blk.${i}.attn_norm.weight`, type: 'F32', dims: [4096] },
  ]).flat(),
];
const gguf = writeGguf(
  {
    'general.architecture': str('llama'),
    'llama.block_count': u32(layers),
    'llama.context_length': u32(32768),
    'llama.embedding_length': u32(4096),
    'llama.feed_forward_length': u32(14336),
    'llama.attention.head_count': u32(32),
    'llama.attention.head_count_kv': u32(8),
  },
  tensors,
  { headerOnly: true },
);
const ggufPath = sparse('tiny-llama.Q8_0.gguf', gguf.bytes, gguf.size);
const params = 4096 * 32000 + layers * (4096 * 4096 + 4096 * 1024 + 4096);
const weightBytes = ((4096 * 32000 + layers * (4096 * 4096 + 4096 * 1024)) / 32) * 34 + layers * 4096 * 4;

describe('plan estimate', () => {
  it('--json prints exactly the documented keys, from the header alone', () => {
    const r = run('--json', ggufPath);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual([
      'file',
      'format',
      'architecture',
      'parameters',
      'active_parameters',
      'confidence',
      'weights_gb',
      'kv_cache_gb',
      'activations_gb',
      'overhead_gb',
      'total_gb',
      'experts_in_ram_gb',
      'terms',
      'notes',
      'missing',
    ]);
    expect(j).toMatchObject({
      file: ggufPath,
      format: 'gguf',
      architecture: 'llama',
      parameters: params,
      active_parameters: null,
      confidence: 'exact',
      experts_in_ram_gb: 0,
      missing: [],
    });
    expect(j.weights_gb).toBe(weightBytes / BYTES_PER_GB);
    // 2 × 4 layers × 8 KV heads × 128 × 4,096 tokens (the model's 32,768 capped at 4,096) × 2 bytes = 64 MiB.
    expect(j.kv_cache_gb).toBe((2 * 4 * 8 * 128 * 4096 * 2) / BYTES_PER_GB);
    expect(j.kv_cache_gb).toBe(1 / 16);
    expect(j.overhead_gb).toBe(0.5);
    expect(j.terms.map((t: { name: string }) => t.name)).toEqual([
      'weights',
      'kv_cache',
      'activations',
      'overhead',
      'margin',
    ]);
    for (const t of j.terms) expect(Object.keys(t)).toEqual(['name', 'gb', 'formula']);
    const margin = j.terms[4].gb;
    expect(j.total_gb).toBeCloseTo(j.weights_gb + j.kv_cache_gb + j.activations_gb + j.overhead_gb + margin, 12);
    expect(margin).toBeCloseTo(0.1 * (j.weights_gb + j.kv_cache_gb + j.activations_gb + j.overhead_gb), 12);
  });

  it('the text shows each term with its formula; --context and --batch reach the KV cache', () => {
    const r = run('--context', '8192', '--batch=2', ggufPath);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`${ggufPath}: GGUF, llama, ${params.toLocaleString('en-US')} parameters`);
    expect(lines[1]).toBe('  confidence: exact');
    expect(lines[2]).toMatch(/^ {2}total \d+\.\d{3} GiB$/);
    expect(r.stdout).toContain('  KV cache            0.250 GiB\n');
    expect(r.stdout).toContain(
      '      2 × 8 KV heads × 128 head size × 4 layers × context 8,192 tokens × batch 2 × 2 bytes (fp16) = 268,435,456 bytes = 0.250 GiB\n',
    );
    expect(r.stdout).toContain(
      `      ${weightBytes.toLocaleString('en-US')} bytes summed from the GGUF's 13 tensor infos`,
    );
  });

  it("--dtype sets a config.json's weights, and is said to be ignored for a GGUF", () => {
    const cfg = join(dir, 'config.json');
    writeFileSync(cfg, JSON.stringify(LLAMA3_8B));
    const q = JSON.parse(run('--json', '--dtype', 'Q4_K_M', cfg).stdout);
    expect(q.format).toBe('config');
    expect(q.weights_gb).toBe((8_030_261_248 * BITS_PER_WEIGHT.Q4_K_M) / 8 / BYTES_PER_GB);
    const bf16 = JSON.parse(run('--json', cfg).stdout);
    expect(bf16.weights_gb).toBe((8_030_261_248 * 2) / BYTES_PER_GB);
    const g = run('--dtype', 'fp16', ggufPath);
    expect(g.code).toBe(0);
    expect(g.stdout).toContain("  note: the dtype fp16 is ignored: a GGUF's tensors carry their own ggml types");
  });

  it('a file it cannot read: exit 1, FILE: error: … on stderr, nothing on stdout', () => {
    const errorOf = (path: string) => {
      const r = run('--json', path);
      expect([r.code, r.stdout]).toEqual([1, '']);
      return r.stderr;
    };
    expect(errorOf(join(dir, 'nowhere.gguf'))).toBe(`${join(dir, 'nowhere.gguf')}: error: no such file\n`);
    mkdirSync(join(dir, 'a-dir.gguf'), { recursive: true });
    expect(errorOf(join(dir, 'a-dir.gguf'))).toBe(`${join(dir, 'a-dir.gguf')}: error: is a directory\n`);
    const cut = sparse('cut.gguf', gguf.bytes.subarray(0, 500), 500);
    expect(errorOf(cut)).toBe(
      `${cut}: error: truncated GGUF file: the tensor infos at byte 304: 416 bytes are needed, the file has 500\n`,
    );
    const head = new Uint8Array(16);
    new DataView(head.buffer).setBigUint64(0, 10n * 2n ** 30n, true);
    head[8] = 0x7b;
    const huge = sparse('huge.safetensors', head, 11 * 2 ** 30);
    expect(errorOf(huge)).toBe(
      `${huge}: error: the safetensors header claims 10,737,418,240 bytes; the format allows at most 100,000,000 (100 MB): not read\n`,
    );
    const notConfig = join(dir, 'tokenizer_config.json');
    writeFileSync(notConfig, '{"bos_token": "<s>"}');
    expect(errorOf(notConfig)).toBe(
      `${notConfig}: error: not a Hugging Face config.json: it has neither model_type nor architectures\n`,
    );
    // One bad file among good ones: the good ones print, the exit is 1.
    const both = run('--json', ggufPath, notConfig);
    expect(both.code).toBe(1);
    expect(both.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('usage errors exit 2', () => {
    for (const args of [
      [],
      ['--dtype', 'fp12', ggufPath],
      ['--context', '0', ggufPath],
      ['--batch', '1.5', ggufPath],
      ['--dtype'],
      ['--frob', ggufPath],
    ]) {
      const r = run(...args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
    }
    expect(run('--dtype', 'fp12', ggufPath).stderr).toMatch(
      /^unknown dtype "fp12" for --dtype; the dtypes are fp32, bf16, fp16, /,
    );
    expect(run('--context', '0', ggufPath).stderr).toMatch(/^--context takes a whole number ≥ 1, not "0"/);
    expect(run('--help').stdout).toContain(
      'nvinx-plan estimate [--json] [--strict] [--dtype D] [--context N] [--batch N]\n' +
        '                           [--cpu-moe | --n-cpu-moe N] MODEL_FILE...',
    );
  });

  it('the installed command reads a 10 GB sparse file by its header', () => {
    const big = writeGguf({ 'general.architecture': str('llama') }, [{ name: 'w', type: 'F16', dims: [5 * 2 ** 30] }], {
      headerOnly: true,
    });
    const path = sparse('ten-gb.gguf', big.bytes, big.size);
    expect(big.size).toBeGreaterThan(10 * 2 ** 30);
    const p = spawnSync('node', ['scripts/plan.mjs', 'estimate', '--json', path], { cwd: root, encoding: 'utf8' });
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    expect(JSON.parse(p.stdout).weights_gb).toBe(10);
    const missing = spawnSync('node', ['scripts/plan.mjs', 'estimate', join(dir, 'nope.gguf')], {
      cwd: root,
      encoding: 'utf8',
    });
    expect([missing.status, missing.stderr]).toEqual([1, `${join(dir, 'nope.gguf')}: error: no such file\n`]);
  }, 30000);

  it('an unknown architecture: a generic decoder, a warning on stderr, exit 0; --strict makes it 1', () => {
    const folder = join(dir, 'unknown');
    mkdirSync(folder, { recursive: true });
    const cfg = join(folder, 'config.json');
    writeFileSync(cfg, JSON.stringify({ ...LLAMA3_8B, model_type: 'brand_new', architectures: ['BrandNew'] }));
    const r = run('--json', cfg);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^.*config\.json: warning: an approximate estimate: model_type "brand_new" is not a known family/,
    );
    const j = JSON.parse(r.stdout);
    expect(j.confidence).toBe('approximate');
    expect(j.notes[0]).toMatch(/^model_type "brand_new" is not a known family: read as a generic decoder/);
    expect(j.notes).toContain("weights in the config's dtype, bf16");
    const strict = run('--strict', cfg);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('  confidence: approximate\n');
    expect(strict.stderr).toContain('warning: an approximate estimate');
  });

  it('a .safetensors file beside a config.json settles its dtype; --n-cpu-moe moves experts to the RAM part', () => {
    const folder = join(dir, 'pair');
    mkdirSync(folder, { recursive: true });
    const cfg = join(folder, 'config.json');
    const moe = {
      model_type: 'qwen3_moe',
      hidden_size: 64,
      intermediate_size: 256,
      moe_intermediate_size: 32,
      num_experts: 8,
      num_experts_per_tok: 2,
      num_hidden_layers: 4,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      head_dim: 16,
      vocab_size: 100,
    };
    writeFileSync(cfg, JSON.stringify(moe));
    const header = strToU8(JSON.stringify({ w: { dtype: 'F16', shape: [4], data_offsets: [0, 8] } }));
    const st = new Uint8Array(8 + header.length + 8);
    new DataView(st.buffer).setBigUint64(0, BigInt(header.length), true);
    st.set(header, 8);
    const stPath = join(folder, 'model.safetensors');
    writeFileSync(stPath, st);
    const alone = JSON.parse(run('--json', cfg).stdout);
    expect(alone.notes.join('\n')).toContain('no torch_dtype in the config: weights taken as float32');
    const pair = run('--json', cfg, stPath)
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(pair[0].notes).toContain(`weights as fp16, the dtype of ${stPath}'s tensors`);
    expect(pair[0].weights_gb).toBeCloseTo(alone.weights_gb / 2, 12);
    const off = JSON.parse(run('--json', '--n-cpu-moe', '2', cfg).stdout);
    const experts = 4 * 8 * 3 * 64 * 32;
    expect(off.experts_in_ram_gb * BYTES_PER_GB).toBe((experts * 4 * 2) / 4);
    expect(off.weights_gb).toBeCloseTo(alone.weights_gb - off.experts_in_ram_gb, 12);
    expect(off.terms.at(-1).name).toBe('experts_in_ram');
    expect(off.active_parameters).toBe(alone.parameters - experts * (6 / 8));
    const all = JSON.parse(run('--json', '--cpu-moe', cfg).stdout);
    expect(all.experts_in_ram_gb * BYTES_PER_GB).toBe(experts * 4);
  });
});
