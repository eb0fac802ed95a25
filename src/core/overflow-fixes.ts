/**
 * What would stop a model's spill to RAM: quantized sizes, and the GPU catalog's smallest cards
 * that hold it (the plan view's advice; apart from `overflow-time.ts` so that the day's timing
 * does not carry the catalog).
 */
import { GPU_CATALOG, smallestGpusHolding, type GpuSpec } from './gpus';

/**
 * What a 16-bit model weighs quantized: int8 half, int4 a quarter (weights only).
 * @internal exported for the test of the int8/int4 sizes the fix names.
 */
export function quantizedSizes(total_gb: number): { readonly int8: number; readonly int4: number } {
  return { int8: total_gb / 2, int4: total_gb / 4 };
}

export interface OverflowFixes {
  /** The model quantized (read as 16-bit weights), and whether it then fits the VRAM budget. */
  readonly quantized: readonly { readonly name: 'int8' | 'int4'; readonly gb: number; readonly fits: boolean }[];
  /** The catalog's smallest cards that hold the whole model with the window's headroom. */
  readonly cards: readonly GpuSpec[];
}

/** What would stop the spill: quantizing to fit `budget_gb` (VRAM − headroom), or a bigger card. */
export function overflowFixes(
  total_gb: number,
  budget_gb: number,
  headroom_gb: number,
  catalog: readonly GpuSpec[] = GPU_CATALOG,
): OverflowFixes {
  const q = quantizedSizes(total_gb);
  return {
    quantized: [
      { name: 'int8', gb: q.int8, fits: q.int8 <= budget_gb },
      { name: 'int4', gb: q.int4, fits: q.int4 <= budget_gb },
    ],
    cards: smallestGpusHolding(total_gb, headroom_gb, catalog),
  };
}
