/**
 * `npm run bench:estimate [-- --runs 20]`: how long `plan estimate` takes to read a model
 * file's header, on sparse files (the length and header written, then truncated up to the
 * full size: no disk is used for the weights):
 *   - a 15 GiB .safetensors with 291 tensors (Llama 3 8B's names and shapes, BF16);
 *   - a 4.8 GB .gguf with Llama 3 8B's 291 tensor infos and a 128,256-token vocabulary
 *     (a ~2 MB header, read in growing slices).
 * Times the CLI's own code path in process (`runPlanCli(['estimate', '--json', FILE])` with
 * the fd slice reader `main.ts` uses), median of the runs, and the installed command
 * (`node scripts/plan.mjs estimate --json FILE`, process start included) for reference.
 * Prints a table; asserts nothing (timings are not tests).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openFileSlices } from '../src/cli/file-slices';
import { runPlanCli } from '../src/cli/plan';
import { str, u32, writeGguf, type Value } from '../src/model-files/testdata/gguf-writer';
import { sparseFile } from '../src/test/sparse-file';

const root = fileURLToPath(new URL('..', import.meta.url));
const i = process.argv.indexOf('--runs');
const runs = Math.max(1, Number(i >= 0 ? process.argv[i + 1] : 20));

const dir = mkdtempSync(join(tmpdir(), 'nvinx-estimate-bench-'));

const sparse = (name: string, head: Uint8Array, size: number): string => sparseFile(dir, name, head, size);

/** Llama 3 8B's 291 tensors: [name, shape] in PyTorch's order (rows first). */
function llamaTensors(): [string, number[]][] {
  const t: [string, number[]][] = [['model.embed_tokens.weight', [128256, 4096]]];
  for (let l = 0; l < 32; l++) {
    const p = `model.layers.${l}.`;
    t.push(
      [`${p}self_attn.q_proj.weight`, [4096, 4096]],
      [`${p}self_attn.k_proj.weight`, [1024, 4096]],
      [`${p}self_attn.v_proj.weight`, [1024, 4096]],
      [`${p}self_attn.o_proj.weight`, [4096, 4096]],
      [`${p}mlp.gate_proj.weight`, [14336, 4096]],
      [`${p}mlp.up_proj.weight`, [14336, 4096]],
      [`${p}mlp.down_proj.weight`, [4096, 14336]],
      [`${p}input_layernorm.weight`, [4096]],
      [`${p}post_attention_layernorm.weight`, [4096]],
    );
  }
  t.push(['model.norm.weight', [4096]], ['lm_head.weight', [128256, 4096]]);
  return t;
}

function safetensorsFile(): { path: string; size: number; tensors: number } {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  const tensors = llamaTensors();
  for (const [name, shape] of tensors) {
    const bytes = shape.reduce((a, b) => a * b, 1) * 2;
    header[name] = { dtype: 'BF16', shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const body = new TextEncoder().encode(JSON.stringify(header));
  const head = new Uint8Array(8 + body.length);
  new DataView(head.buffer).setBigUint64(0, BigInt(body.length), true);
  head.set(body, 8);
  // 16 GB of BF16 weights: at least the 10 GB asked of the benchmark.
  const size = head.length + offset;
  return { path: sparse('model.safetensors', head, size), size, tensors: tensors.length };
}

function ggufFile(): { path: string; size: number; header: number } {
  const ggml = llamaTensors().map(([name, shape]) => ({
    name,
    type: shape.length === 1 ? 'F32' : name.includes('v_proj') || name.includes('down_proj') ? 'Q6_K' : 'Q4_K',
    dims: [...shape].reverse(),
  }));
  const tokens: Value = { t: 'arr', item: 'str', v: Array.from({ length: 128256 }, (_, k) => str(`<token ${k}>`)) };
  const scores: Value = { t: 'arr', item: 'f32', v: Array.from({ length: 128256 }, (_, k) => ({ t: 'f32', v: -k })) };
  const w = writeGguf(
    {
      'general.architecture': str('llama'),
      'general.name': str('Meta Llama 3 8B (benchmark)'),
      'llama.block_count': u32(32),
      'llama.context_length': u32(8192),
      'llama.embedding_length': u32(4096),
      'llama.feed_forward_length': u32(14336),
      'llama.attention.head_count': u32(32),
      'llama.attention.head_count_kv': u32(8),
      'tokenizer.ggml.model': str('gpt2'),
      'tokenizer.ggml.tokens': tokens,
      'tokenizer.ggml.scores': scores,
    },
    ggml,
    { headerOnly: true },
  );
  return { path: sparse('model.Q4_K_M.gguf', w.bytes, w.size), size: w.size, header: w.dataOffset };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const noWholeRead = (file: string): Uint8Array => {
  throw new Error(`estimate read the whole of ${file}`);
};

function inProcess(path: string): number[] {
  const times: number[] = [];
  for (let k = 0; k < runs + 2; k++) {
    const t0 = performance.now();
    const r = runPlanCli(['estimate', '--json', path], noWholeRead, { open: openFileSlices });
    const t = performance.now() - t0;
    if (r.code !== 0) throw new Error(r.stderr);
    if (k >= 2) times.push(t); // the first two warm the JIT
  }
  return times;
}

function command(path: string): number[] {
  const times: number[] = [];
  for (let k = 0; k < Math.min(runs, 10); k++) {
    const t0 = performance.now();
    const p = spawnSync('node', ['scripts/plan.mjs', 'estimate', '--json', path], { cwd: root, encoding: 'utf8' });
    times.push(performance.now() - t0);
    if (p.status !== 0) throw new Error(p.stderr);
  }
  return times;
}

try {
  const st = safetensorsFile();
  const gg = ggufFile();
  // Warm the CLI's bundle (scripts/plan.mjs rebuilds it when a source is newer).
  spawnSync('node', ['scripts/plan.mjs', '--help'], { cwd: root });
  const rows = [
    [`model.safetensors (${(st.size / 2 ** 30).toFixed(1)} GiB, ${st.tensors} tensors)`, st.path],
    [
      `model.Q4_K_M.gguf (${(gg.size / 2 ** 30).toFixed(1)} GiB, header ${(gg.header / 2 ** 20).toFixed(1)} MiB)`,
      gg.path,
    ],
  ] as const;
  console.log(`runs: ${runs} (median); disk used by the sparse files: ${dir}`);
  console.log('| file | in process (CLI code path) | node scripts/plan.mjs estimate |');
  console.log('| --- | --- | --- |');
  for (const [label, path] of rows) {
    const a = inProcess(path);
    const b = command(path);
    console.log(`| ${label} | ${median(a).toFixed(1)} ms | ${median(b).toFixed(0)} ms |`);
  }
  for (const [, path] of rows) {
    const s = statSync(path);
    console.log(
      `${path}: ${s.size.toLocaleString('en-US')} bytes, ${(s.blocks * 512).toLocaleString('en-US')} on disk`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
