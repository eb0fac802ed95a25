/**
 * A large bench document shaped like a user's file: nvinx's block style for the hardware
 * and most model cards (as in fixtures/bench_*.yaml), one-line flow cards here and there
 * (as in the planner's presets), comments and blank lines, and a day of windows that name
 * thousands of candidates:
 * - one serial_handoff whose candidates are all the CPU_ONLY cards;
 * - four fractional_coresidency windows sharing the GPU_SHARED cards between them
 *   (thousands each);
 * - one ram_overflow window per GPU_RAM_OVERFLOW card (one of them refuses: it needs more
 *   RAM than the bench has).
 * Every card runs in one window at most, so the file reads without warnings (a warning
 * needs positions, which costs a full YAML parse). Deterministic for a given size. `tsx bench/large-bench.ts 40000 > big.yaml` prints one.
 */

const SHARED = ['classifier', 'embedder', 'reranker', 'tagger', 'segmenter', 'detector'];
const CPU = ['feature_extractor', 'report_writer', 'tokenizer', 'aligner', 'indexer'];

type Residency = 'GPU_EXCLUSIVE' | 'GPU_SHARED' | 'CPU_ONLY' | 'GPU_RAM_OVERFLOW';

interface Card {
  name: string;
  residency: Residency;
  vram: string;
  fallback: boolean;
  ramNeeded: string | null;
  hours: string | null;
}

export interface LargeBench {
  readonly text: string;
  readonly cards: number;
  readonly windows: number;
  /** Candidates named by all windows together. */
  readonly candidates: number;
}

/**
 * - `clean`: every card runs in one window at most (no warnings), as described above.
 * - `warnings`: a user's messier day — the serial_handoff lists every CPU-capable card
 *   and one co-residency window lists every card, so thousands of cards run in two windows
 *   and each is a warning (with its line and column).
 */
export type BenchShape = 'clean' | 'warnings';

export function largeBench(n: number, seed = 7, shape: BenchShape = 'clean'): LargeBench {
  let x = seed;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const tenth = (lo: number, hi: number) => (Math.round((lo + rnd() * (hi - lo)) * 10) / 10).toFixed(1);

  const cards: Card[] = [];
  let overflowCount = 0;
  for (let i = 0; i < n; i++) {
    const r = rnd();
    // About 1% exclusive jobs, 48% shared models, 50% CPU work, 1% overflow (at most 8).
    const residency: Residency =
      i === 0 || r < 0.01
        ? 'GPU_EXCLUSIVE'
        : r < 0.02 && overflowCount < 8
          ? 'GPU_RAM_OVERFLOW'
          : r < 0.5
            ? 'GPU_SHARED'
            : 'CPU_ONLY';
    const base =
      residency === 'GPU_SHARED' ? pick(SHARED) : residency === 'CPU_ONLY' ? pick(CPU) : residency.toLowerCase();
    cards.push({
      name: `${base}_${String(i).padStart(5, '0')}`,
      residency,
      vram:
        residency === 'CPU_ONLY'
          ? '0.0'
          : residency === 'GPU_SHARED'
            ? tenth(0.1, 4)
            : residency === 'GPU_EXCLUSIVE'
              ? tenth(12, 22)
              : tenth(30, 70),
      fallback: residency === 'GPU_SHARED' && rnd() < 0.6,
      ramNeeded: residency === 'GPU_RAM_OVERFLOW' ? (overflowCount === 3 ? '900.0' : tenth(40, 120)) : null,
      hours: rnd() < 0.7 ? tenth(0.2, 6) : null,
    });
    if (residency === 'GPU_RAM_OVERFLOW') overflowCount++;
  }

  const out: string[] = [
    `# A generated ${n.toLocaleString('en-US')}-card bench for the CLI benchmark (bench/large-bench.ts).`,
    '#',
    '# One workstation, a day of windows: the long GPU job overnight with the CPU work',
    '# beside it, the shared models packed in four shifts, and the big models spilled to RAM.',
    '',
    `name: "Generated bench — ${n} cards"`,
    '',
    'hardware:',
    '  vram_gb: 24.0',
    '  ram_gb: 512.0',
    '  cpu_cores: 32',
    '',
    'models:',
  ];
  let lastKind: Residency | null = null;
  cards.forEach((c, i) => {
    if (c.residency !== lastKind && i % 50 === 0) {
      out.push('', `  # ${c.residency === 'CPU_ONLY' ? 'CPU-only post-processing' : `${c.residency} models`}`);
    }
    lastKind = c.residency;
    const fields: [string, string][] = [
      ['name', c.name],
      ['vram_gb', c.vram],
      ['residency', c.residency],
    ];
    if (c.fallback) fields.push(['cpu_fallback_supported', 'true']);
    if (c.ramNeeded !== null) fields.push(['ram_overflow_supported', 'true'], ['ram_gb_needed', c.ramNeeded]);
    if (c.hours !== null) fields.push(['hours', c.hours]);
    if (i % 3 === 2) {
      // A one-line card, as in the planner's presets.
      out.push(`  - {${fields.map(([k, v]) => `${k}: ${v}`).join(', ')}}`);
    } else {
      out.push(`  - ${fields[0]![0]}: ${fields[0]![1]}`, ...fields.slice(1).map(([k, v]) => `    ${k}: ${v}`));
      if (i % 3 === 1) out.push('');
    }
  });

  const of = (r: Residency) => cards.filter((c) => c.residency === r).map((c) => c.name);
  const exclusive = of('GPU_EXCLUSIVE');
  const shared = of('GPU_SHARED');
  const cpu = of('CPU_ONLY');
  const overflow = of('GPU_RAM_OVERFLOW');
  const block = (names: readonly string[]) => names.map((name) => `      - ${name}`);
  let windows = 0;
  let candidates = 0;
  if (shape === 'warnings') {
    const cpuCapable = cards.filter((c) => c.residency === 'CPU_ONLY' || c.fallback).map((c) => c.name);
    const all = cards.filter((c) => c.name !== exclusive[0]).map((c) => c.name);
    out.push('', 'windows:', '  - name: overnight', '    pattern: serial_handoff', `    gpu_job: ${exclusive[0]}`);
    out.push(
      '    candidates:',
      ...block(cpuCapable),
      '',
      '  - name: everything else',
      '    pattern: fractional_coresidency',
    );
    out.push('    candidates:', ...block(all));
    return { text: `${out.join('\n')}\n`, cards: n, windows: 2, candidates: cpuCapable.length + all.length };
  }
  out.push('', 'windows:', '  # Overnight: the long job holds the GPU, every CPU-only card runs beside it.');
  out.push('  - name: overnight', '    pattern: serial_handoff', `    gpu_job: ${exclusive[0]}`, '    candidates:');
  out.push(...block(cpu));
  windows++;
  candidates += cpu.length;
  const shifts = ['early', 'morning', 'afternoon', 'evening'];
  shifts.forEach((shift, s) => {
    const names = shared.filter((_, i) => i % shifts.length === s);
    out.push('', `  - name: ${shift} shift`, '    pattern: fractional_coresidency');
    if (s === 3) out.push('    headroom_gb: 1.0');
    out.push('    candidates:', ...block(names));
    windows++;
    candidates += names.length;
  });
  out.push('');
  for (const name of overflow) {
    out.push(`  - {name: spill ${name}, pattern: ram_overflow, model: ${name}, headroom_gb: 0.5}`);
    windows++;
    candidates++;
  }
  return { text: `${out.join('\n')}\n`, cards: n, windows, candidates };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const shape = process.argv[3] === 'warnings' ? 'warnings' : 'clean';
  process.stdout.write(largeBench(Number(process.argv[2] ?? 10000), 7, shape).text);
}
