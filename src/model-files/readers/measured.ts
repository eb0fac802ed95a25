/**
 * A measured VRAM figure, pasted as the tool printed it (issue 10: a measured value wins
 * over an estimate). Read, in this order:
 * - llama.cpp's `llama-fit-params --fit-print on`: lines `DEVICE MODEL CONTEXT COMPUTE`
 *   in MiB ("MTL0 7401 814 517", "host 1280 0 154"; llama.cpp PR #22171); the GPU lines
 *   (every device but `host`) are summed;
 * - `nvidia-smi`'s table: the first `USED MiB / TOTAL MiB` pair (the GPU's memory in use);
 * - a figure with a unit: `5123 MiB` (nvidia-smi --query-gpu=memory.used --format=csv),
 *   `5.2 GB`, `5.2 GiB`, `5300 MB`, `5G`; MB/MiB are read as MiB, GB/GiB as the
 *   planner's GB (GiB, as nvinx's max_memory strings);
 * - a bare number: bytes when it is 100,000 or more (`torch.cuda.max_memory_allocated()`
 *   returns bytes), GB up to 64; in between it could be MiB (`nvidia-smi … nounits`) and
 *   its unit is asked for.
 */
import { LIMITS } from '../../core/limits';

export type Measured =
  | { readonly ok: true; readonly gb: number; readonly how: string; readonly note?: string }
  | { readonly ok: false; readonly error: string };

const MIB_PER_GB = 1024;
const BYTES_PER_GB = 2 ** 30;
/** Longest paste read (an nvidia-smi table with its process list is a few KB). */
const MAX_PASTE = 100_000;

/** A bare number up to this is GB; above it, up to 100,000, it could be MiB and needs its unit. */
const BARE_GB_MAX = 64;

const TORCH_NOTE =
  'torch.cuda.max_memory_allocated() leaves out the CUDA context and the allocator’s cached blocks ' +
  '(max_memory_reserved() and nvidia-smi include them): the card may need about 0.3–0.5 GB more.';

const round = (x: number) => Math.round(x * 1000) / 1000;
/**
 * A number as people write it: `1,536` (thousands) or `12,5` (a decimal comma, as much of
 * Europe writes it). Commas are thousands only when every group after one has 3 digits.
 */
const num = (s: string) => Number(/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s) ? s.replace(/,/g, '') : s.replace(',', '.'));

function fitPrint(lines: readonly string[]): Measured | null {
  const rows = lines
    .map((l) => /^\s*([A-Za-z][\w.:-]*)\s+(\d+)\s+(\d+)\s+(\d+)\s*$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null);
  if (rows.length === 0) return null;
  const gpus = rows.filter((m) => m[1]!.toLowerCase() !== 'host');
  if (gpus.length === 0)
    return { ok: false, error: 'the llama.cpp --fit-print lines name only the host: nothing is on the GPU' };
  const parts = gpus.map((m) => ({ dev: m[1]!, mib: num(m[2]!) + num(m[3]!) + num(m[4]!), m }));
  const total = parts.reduce((s, p) => s + p.mib, 0);
  const each = parts.map((p) => `${p.dev} ${p.m[2]} + ${p.m[3]} + ${p.m[4]} MiB`).join(', ');
  return {
    ok: true,
    gb: round(total / MIB_PER_GB),
    how: `llama.cpp --fit-print (model + context + compute): ${each} = ${total} MiB`,
  };
}

function withUnit(text: string): Measured | null {
  const m = /(\d[\d,]*(?:\.\d+)?(?:e\d+)?)\s*(GiB|GB|G|MiB|MB|M|bytes|B)\b/i.exec(text);
  if (m === null) return null;
  const x = num(m[1]!);
  const unit = m[2]!;
  const u = unit.toLowerCase();
  if (u === 'b' || u === 'bytes')
    return { ok: true, gb: round(x / BYTES_PER_GB), how: `${m[1]} bytes ÷ 2^30`, note: TORCH_NOTE };
  if (u.startsWith('m')) return { ok: true, gb: round(x / MIB_PER_GB), how: `${m[1]} ${unit} ÷ 1024 (read as MiB)` };
  return { ok: true, gb: round(x), how: `${m[1]} ${unit} (the planner’s GB are GiB)` };
}

/** Read a pasted measurement; the figure in GB and how it was read, or what is wrong. */
export function readMeasuredVram(pasted: string): Measured {
  if (pasted.length > MAX_PASTE) return { ok: false, error: `the text is longer than ${MAX_PASTE} characters` };
  const text = pasted.trim();
  if (text === '') return { ok: false, error: 'paste a figure (for example 5123 MiB) or a tool’s output' };
  const lines = text.split(/\r?\n/);
  const out = fitPrint(lines) ?? nvidiaSmi(text) ?? bare(text) ?? withUnit(text);
  if (out === null)
    return {
      ok: false,
      error:
        'no memory figure found: paste nvidia-smi’s output, a figure with its unit (5123 MiB, 5.2 GB), ' +
        'torch.cuda.max_memory_allocated()’s bytes, or llama-fit-params --fit-print lines',
    };
  if (!out.ok) return out;
  if (!(out.gb > 0)) return { ok: false, error: `the figure read is ${out.gb} GB; a measured footprint is above 0` };
  if (out.gb > LIMITS.modelGb) return { ok: false, error: `${out.gb} GB is more than ${LIMITS.modelGb} GB` };
  return out;
}

function nvidiaSmi(text: string): Measured | null {
  const m = /(\d+)\s*MiB\s*\/\s*(\d+)\s*MiB/.exec(text);
  if (m === null) return null;
  const used = num(m[1]!);
  return {
    ok: true,
    gb: round(used / MIB_PER_GB),
    how: `nvidia-smi: ${used} MiB in use of ${m[2]} MiB (the first GPU listed), ÷ 1024`,
    note: 'nvidia-smi counts everything on the GPU: run the model alone to measure it.',
  };
}

function bare(text: string): Measured | null {
  // `5368709120`, `torch.cuda.max_memory_allocated() = 5368709120`, `max_memory_allocated: 5.2e9`
  const m = /^(?:[\w.()]*\s*[:=]\s*)?(\d[\d,_]*(?:\.\d+)?(?:e\d+)?)$/i.exec(text);
  if (m === null) return null;
  const x = num(m[1]!.replace(/_/g, ''));
  if (!Number.isFinite(x)) return null;
  if (x >= 100_000) return { ok: true, gb: round(x / BYTES_PER_GB), how: `${m[1]} bytes ÷ 2^30`, note: TORCH_NOTE };
  // 5123 could be MiB (nvidia-smi --format=csv,noheader,nounits) as well as GB: ask.
  if (x > BARE_GB_MAX)
    return {
      ok: false,
      error: `a bare ${m[1]} could be MiB (nvidia-smi's nounits output) or GB: write its unit (${m[1]} MiB)`,
    };
  return { ok: true, gb: round(x), how: `${m[1]} GB` };
}
