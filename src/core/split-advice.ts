/**
 * What a one-GPU window whose card is too big for its GPU can do on a bench of several GPUs
 * (issue 18): move to a GPU that holds the card, split the card across GPUs that hold it
 * together (the planner's multi_gpu_split), or, when neither works, why not — in numbers.
 * The windows editor offers the move or the split as one click; the plan shows the same words
 * under a refusal (nvinx's refusal and fix stay as nvinx's rules give them).
 *
 * "Holds": a serial_handoff job needs its `vram_gb` within the GPU's VRAM (nvinx's rule); a
 * ram_overflow model needs its whole footprint (`ram_gb_needed`, else `vram_gb`) within the
 * GPU's VRAM − headroom to run without spilling. A split holds the footprint when the GPUs'
 * VRAM − headroom add up to it (each GPU is filled up to that, in index order).
 */
import { gpuCount, gpusOf } from './bench-gpus';
import { splitTotal } from './split';
import { formatRepr, gb } from './pyformat';
import { DEFAULT_HEADROOM_GB, type Bench, type Hardware, type ModelCard, type WindowSpec } from './types';
import { listNames } from './words';

export type SplitAdvice =
  /** Another GPU holds the card alone: run the window there. */
  | { readonly kind: 'move'; readonly model: string; readonly gpu: number; readonly text: string }
  /** These GPUs (index order) hold the card together: split it across them. */
  | {
      readonly kind: 'split';
      readonly model: string;
      readonly gpus: readonly number[];
      readonly headroom_gb: number;
      readonly text: string;
    }
  /** No GPU nor any split holds it: why. */
  | { readonly kind: 'none'; readonly model: string; readonly text: string };

const gpuWords = (ks: readonly number[]) => `GPU${ks.length === 1 ? '' : 's'} ${listNames(ks.map(String))}`;

/**
 * The fewest GPUs whose VRAM − headroom add up to `total` (the window's own GPU among them
 * when that does not take more GPUs), in index order; null when all of them together fall short.
 */
export function fewestGpusHolding(caps: readonly number[], total: number, own: number): readonly number[] | null {
  const byCap = caps.map((c, k) => ({ c, k })).sort((a, b) => b.c - a.c || a.k - b.k);
  let sum = 0;
  let n = 0;
  while (n < byCap.length && sum < total) sum += byCap[n++]!.c;
  if (sum < total) return null;
  // With the own GPU: it, then the largest others, as many as the fewest take.
  const withOwn = [own, ...byCap.filter((g) => g.k !== own).map((g) => g.k)].slice(0, n);
  const chosen = withOwn.reduce((s, k) => s + (caps[k] ?? 0), 0) >= total ? withOwn : byCap.slice(0, n).map((g) => g.k);
  return [...chosen].sort((a, b) => a - b);
}

/** The card a one-GPU window's advice is about: a serial_handoff's GPU job, a ram_overflow's model. */
export const adviceCard = (w: WindowSpec): string | null =>
  w.pattern === 'serial_handoff' ? w.gpu_job : w.pattern === 'ram_overflow' ? w.model : null;

/** `splitAdviceOn` for a window of `bench`. */
export function splitAdvice(bench: Bench, w: WindowSpec): SplitAdvice | null {
  const name = adviceCard(w);
  return splitAdviceOn(
    bench.hardware,
    w,
    bench.models.find((m) => m.name === name),
  );
}

/**
 * The advice for window `w` (its card `card`) on hardware `hw`: null when the bench has one
 * GPU, the window is not a one-GPU serial_handoff or ram_overflow window, its card is unknown
 * or its GPU holds it.
 */
export function splitAdviceOn(hw: Hardware, w: WindowSpec, card: ModelCard | undefined): SplitAdvice | null {
  if (gpuCount(hw) < 2 || card === undefined) return null;
  if (w.pattern !== 'serial_handoff' && w.pattern !== 'ram_overflow') return null;
  const name = card.name;
  const gpus = gpusOf(hw);
  const own = w.gpu ?? 0;
  const ownGpu = gpus[own];
  if (ownGpu === undefined) return null;
  const handoff = w.pattern === 'serial_handoff';
  const headroom = handoff ? DEFAULT_HEADROOM_GB : w.headroom_gb;
  const need = handoff ? card.vram_gb : splitTotal(card);
  const room = (vram: number) => (handoff ? vram : vram - headroom);
  if (need <= room(ownGpu.vram_gb)) return null;
  const elsewhere = gpus.findIndex((g, k) => k !== own && need <= room(g.vram_gb));
  const held = `${name} needs ${formatRepr(need)} GB`;
  if (elsewhere >= 0) {
    return {
      kind: 'move',
      model: name,
      gpu: elsewhere,
      text: `${held}; GPU ${own} has ${formatRepr(room(ownGpu.vram_gb))} GB for it and GPU ${elsewhere} has ${formatRepr(room(gpus[elsewhere]!.vram_gb))} GB: run this window on GPU ${elsewhere}.`,
    };
  }
  const caps = gpus.map((g) => Math.max(0, g.vram_gb - headroom));
  const across = caps.reduce((a, b) => a + b, 0);
  if (card.residency === 'CPU_ONLY' || card.residency === 'GPU_SHARED') {
    return {
      kind: 'none',
      model: name,
      text: `${held}, more than any one GPU holds; a split needs a GPU_EXCLUSIVE or GPU_RAM_OVERFLOW card and ${name} is ${card.residency}.`,
    };
  }
  if (!card.ram_overflow_supported) {
    return {
      kind: 'none',
      model: name,
      text:
        `${held}, more than any one GPU holds. Split across GPUs (${gb(across)} GB together after ${formatRepr(headroom)} GB headroom each) ` +
        `needs ram_overflow_supported: true on ${name} (its runtime places layers on several devices: accelerate's device_map="auto", llama.cpp's --tensor-split).`,
    };
  }
  const fit = fewestGpusHolding(caps, need, own);
  if (fit === null) {
    return {
      kind: 'none',
      model: name,
      text:
        `${held}; all ${gpus.length} GPUs together hold ${gb(across)} GB (each its VRAM − ${formatRepr(headroom)} GB headroom), ` +
        `so even a split spills ${gb(need - across)} GB to RAM. Quantize ${name}, or add VRAM.`,
    };
  }
  return {
    kind: 'split',
    model: name,
    gpus: fit,
    headroom_gb: headroom,
    text:
      `${held}, more than any one GPU holds; ${gpuWords(fit)} hold ${gb(fit.reduce((s, k) => s + caps[k]!, 0))} GB together ` +
      `(each its VRAM − ${formatRepr(headroom)} GB headroom): split it across them, with nothing spilled to RAM.` +
      (handoff && w.candidates.length > 0
        ? ` A split window runs no CPU candidates: this window's ${w.candidates.length} would need another window.`
        : ''),
  };
}
