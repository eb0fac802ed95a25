import { spawnSync } from 'node:child_process';
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
    expect(lines[2]).toMatch(/^ {2}total \d+\.\d{3} GB$/);
    expect(r.stdout).toContain('  KV cache             0.250 GB\n');
    expect(r.stdout).toContain(
      '      2 × 8 KV heads × 128 head size × 4 layers × context 8,192 tokens × batch 2 × 2 bytes (fp16) = 268,435,456 bytes = 0.250 GB\n',
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
});
