import fc from 'fast-check';
import { footprintOf, vramGbOf } from '../core/footprint';
import {
  RESIDENCIES,
  type Bench,
  type BenchGpu,
  type Hardware,
  type ModelCard,
  type WindowSpec,
  KV_DTYPES,
  WEIGHT_DTYPES,
  type VramEstimate,
} from '../core/types';
import { LIMITS } from '../core/limits';

const gbValue = (max: number) =>
  fc.oneof(
    fc.integer({ min: 0, max: max * 10 }).map((n) => n / 10),
    fc.double({ min: 0, max, noNaN: true, noDefaultInfinity: true }),
  );

/**
 * A card's command: shell text with quotes, colons, dashes, brackets and non-ASCII, which YAML,
 * shells and Python quote differently. (Commands with `$`, `#`, both kinds of quotes, tabs,
 * backslashes or several lines round-trip too, through `yaml` rather than the fast path:
 * `schedulers.test.ts` covers them.)
 */
const arbCommand = fc
  .array(fc.constantFrom('python run.py', ' --x 1', "'a b'", ': ', '- ', 'é→', '`x`', 'a:b', '[1]', '{k}'), {
    minLength: 1,
    maxLength: 6,
  })
  .map((parts) => parts.join(''));

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

/** A card's kept estimate: some shape fields, some of the user's choices. */
const arbEstimate: fc.Arbitrary<VramEstimate> = fc
  .record({
    from: fc.constantFrom('config.json', 'Qwen/Qwen2.5-7B', 'model.Q4_K_M.gguf', 'parameters × dtype'),
    architecture: opt(fc.constantFrom('llama', 'bert', 'whisper')),
    parameters: fc.integer({ min: 0, max: 100_000_000_000 }),
    dtype: fc.constantFrom(...WEIGHT_DTYPES),
    weight_bytes: opt(fc.integer({ min: 0, max: 2 ** 40 })),
    context: opt(fc.integer({ min: 1, max: 131_072 })),
    batch: opt(fc.integer({ min: 1, max: 64 })),
    kv_dtype: opt(fc.constantFrom(...KV_DTYPES)),
    decoder: opt(
      fc.record({
        layers: fc.integer({ min: 1, max: 128 }),
        kv_heads: fc.integer({ min: 1, max: 64 }),
        head_dim: fc.integer({ min: 1, max: 256 }),
      }),
    ),
    overhead_gb: opt(fc.integer({ min: 0, max: 20 }).map((n) => n / 10)),
    margin: opt(fc.integer({ min: 0, max: 50 }).map((n) => n / 100)),
    training: opt(fc.constantFrom('full' as const, 'lora' as const)),
    trainable_parameters: opt(fc.integer({ min: 0, max: 1_000_000_000 })),
    gradient_checkpointing: opt(fc.boolean()),
  })
  .map(({ decoder, ...rest }) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries({ ...rest, ...decoder })) if (v !== undefined) out[k] = v;
    return out as unknown as VramEstimate;
  });

/** A bandwidth in GB/s, one decimal (optional on the card: each present or not). */
const bandwidth = fc.integer({ min: 1, max: 40000 }).map((n) => n / 10);

export const arbHardware: fc.Arbitrary<Hardware> = fc.record(
  {
    vram_gb: fc.integer({ min: 1, max: 480 }).map((n) => n / 10 + 0.5),
    ram_gb: fc.integer({ min: 1, max: 256 }),
    cpu_cores: fc.integer({ min: 1, max: 64 }),
    gpu_bandwidth_gbps: bandwidth,
    pcie_bandwidth_gbps: bandwidth,
    ram_bandwidth_gbps: bandwidth,
  },
  { requiredKeys: ['vram_gb', 'ram_gb', 'cpu_cores'] },
);

export const arbCard = (name: string): fc.Arbitrary<ModelCard> =>
  fc
    .record({
      vram_gb: gbValue(40),
      residency: fc.constantFrom(...RESIDENCIES),
      cpu_fallback_supported: fc.boolean(),
      ram_overflow_supported: fc.boolean(),
      ram_gb_needed: fc.option(gbValue(200), { nil: null }),
      hours: fc.option(
        fc.integer({ min: 0, max: 240 }).map((n) => n / 4),
        { nil: undefined },
      ),
      cpu_hours: fc.option(
        fc.integer({ min: 0, max: 240 }).map((n) => n / 4),
        { nil: undefined },
      ),
      cores: fc.option(fc.integer({ min: 1, max: 1 }), { nil: undefined }),
      command: fc.option(arbCommand, { nil: undefined }),
      vram_source: opt(fc.constantFrom('typed' as const, 'estimated' as const, 'measured' as const)),
      vram_estimate: fc.option(arbEstimate, { nil: undefined, freq: 4 }),
    })
    .map(({ hours, cpu_hours, cores, command, vram_source: asked, vram_estimate, ...rest }) => {
      // An estimated card carries its estimate and the total it fills in (what the editor does),
      // when that total is a VRAM figure the bench allows.
      const r = vram_estimate === undefined ? undefined : footprintOf(vram_estimate);
      const total = r === undefined || 'error' in r ? undefined : vramGbOf(r.footprint.totalGb);
      const vram_source = asked === 'estimated' && (total === undefined || total > LIMITS.modelGb) ? undefined : asked;
      return {
        name,
        ...rest,
        ...(hours === undefined ? {} : { hours }),
        ...(cpu_hours === undefined ? {} : { cpu_hours }),
        ...(cores === undefined ? {} : { cores }),
        ...(command === undefined ? {} : { command }),
        ...(vram_source === undefined ? {} : { vram_source }),
        ...(vram_estimate === undefined ? {} : { vram_estimate }),
        ...(vram_source === 'estimated' && total !== undefined ? { vram_gb: total } : {}),
      };
    });

export const arbCards = (min = 0, max = 12): fc.Arbitrary<ModelCard[]> =>
  fc
    .integer({ min, max })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbCard(`model_${i}`))))
    .map((cards) => [...cards]);

const arbWindow = (names: readonly string[], i: number): fc.Arbitrary<WindowSpec> => {
  const pick = fc.constantFrom(...names);
  const subset = fc.shuffledSubarray([...names]);
  // Integer headrooms are sometimes written as integers (`headroom_gb: 0`), as PyYAML gives nvinx an int.
  const headroom = fc
    .integer({ min: 0, max: 20 })
    .map((n) => n / 10)
    .chain((h) =>
      Number.isInteger(h)
        ? fc.boolean().map((int) => (int ? { headroom_gb: h, headroom_is_int: true } : { headroom_gb: h }))
        : fc.constant({ headroom_gb: h }),
    );
  return fc.oneof(
    fc.record({ gpu_job: pick, candidates: subset }).map((w) => ({
      name: `w${i}`,
      pattern: 'serial_handoff' as const,
      gpu_job: w.gpu_job,
      candidates: w.candidates.filter((c) => c !== w.gpu_job),
    })),
    fc.record({ candidates: subset, headroom }).map(({ candidates, headroom: h }) => ({
      name: `w${i}`,
      pattern: 'fractional_coresidency' as const,
      candidates,
      ...h,
    })),
    fc
      .record({ model: pick, headroom })
      .map(({ model, headroom: h }) => ({ name: `w${i}`, pattern: 'ram_overflow' as const, model, ...h })),
  );
};

export const arbBench: fc.Arbitrary<Bench> = fc
  .record({
    hardware: arbHardware,
    models: arbCards(1, 10),
    withWindows: fc.boolean(),
    nw: fc.integer({ min: 0, max: 4 }),
  })
  .chain(({ hardware, models, withWindows, nw }) => {
    const names = models.map((m) => m.name);
    const windows = fc.tuple(...Array.from({ length: nw }, (_, i) => arbWindow(names, i)));
    return windows.map((ws) => ({
      name: 'random bench',
      hardware,
      models,
      ...(withWindows ? { windows: [...ws] } : {}),
    }));
  });

/** A GPU of a bench with several: VRAM of 1–48 GB, the optional model name and bandwidths. */
export const arbBenchGpu: fc.Arbitrary<BenchGpu> = fc.record(
  {
    vram_gb: fc.integer({ min: 1, max: 480 }).map((n) => n / 10 + 0.5),
    model: fc.constantFrom('RTX 3090', 'RTX 3060', 'T4'),
    gpu_bandwidth_gbps: bandwidth,
    pcie_bandwidth_gbps: bandwidth,
  },
  { requiredKeys: ['vram_gb'] },
);

/** A window on one of `n` GPUs (its `gpu`, absent for GPU 0 half the time), or a split over some of them. */
const arbGpuWindow = (names: readonly string[], i: number, n: number): fc.Arbitrary<WindowSpec> =>
  fc.oneof(
    fc
      .record({ w: arbWindow(names, i), k: fc.integer({ min: 0, max: n - 1 }), bare: fc.boolean() })
      .map(({ w, k, bare }) => (k === 0 && bare ? w : { ...w, gpu: k })),
    fc
      .record({
        model: fc.constantFrom(...names),
        gpus: fc.shuffledSubarray(
          Array.from({ length: n }, (_, k) => k),
          { minLength: 1 },
        ),
      })
      .map(({ model, gpus }) => ({
        name: `w${i}`,
        pattern: 'multi_gpu_split' as const,
        model,
        gpus,
        headroom_gb: 0.5,
      })),
  );

/** A bench of 2–4 GPUs (and an interconnect or not), its windows on them. */
export const arbGpusBench: fc.Arbitrary<Bench> = fc
  .record({
    hardware: arbHardware,
    more: fc.array(arbBenchGpu, { minLength: 1, maxLength: 3 }),
    interconnect: opt(bandwidth),
    models: arbCards(1, 10),
    withWindows: fc.boolean(),
    nw: fc.integer({ min: 0, max: 6 }),
  })
  .chain(({ hardware, more, interconnect, models, withWindows, nw }) => {
    const names = models.map((m) => m.name);
    const n = more.length + 1;
    const windows = fc.tuple(...Array.from({ length: nw }, (_, i) => arbGpuWindow(names, i, n)));
    return windows.map((ws) => ({
      name: 'random bench',
      hardware: {
        ...hardware,
        more_gpus: more,
        ...(interconnect === undefined ? {} : { interconnect_gbps: interconnect }),
      },
      models,
      ...(withWindows ? { windows: [...ws] } : {}),
    }));
  });
