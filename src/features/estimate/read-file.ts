import { useCallback, useState } from 'react';
import { vramEstimateOf, type VramEstimate } from '../../core';
import type { ModelFileFormat } from '../../io';

export type FileReading =
  | { readonly state: 'reading'; readonly name: string }
  | { readonly state: 'failed'; readonly name: string; readonly error: string }
  | {
      readonly state: 'done';
      readonly name: string;
      readonly format: ModelFileFormat;
      readonly architecture: string | null;
      readonly bytesRead: number;
      readonly missing: readonly string[];
      readonly notes: readonly string[];
      readonly estimate: VramEstimate;
    };

/**
 * The user's choices an estimate carries over to the next model read: how it runs, not the
 * model's own figures (a new model's context is its own: min(its maximum, 4,096)).
 */
export const CARRIED_CHOICES = [
  'kv_dtype',
  'flash_attention',
  'overhead_gb',
  'margin',
  'training',
  'trainable_parameters',
  'gradient_checkpointing',
] as const;

/**
 * Read a model file's header with `File.slice` (never the weights, nothing uploaded) and
 * make the card's estimate from it, keeping the choices of the estimate before
 * (`CARRIED_CHOICES`).
 */
export async function readModelFile(file: File, before: VramEstimate | null): Promise<FileReading> {
  let r;
  try {
    // The readers (GGUF, safetensors, config) load with the first file, not with the page.
    const { estimateFromFile } = await import('../../io/model-file');
    r = await estimateFromFile(
      file.name,
      file.size,
      async (s, e) => new Uint8Array(await file.slice(s, e).arrayBuffer()),
    );
  } catch (e) {
    return {
      state: 'failed',
      name: file.name,
      error: `could not be read (${e instanceof Error ? e.message : String(e)})`,
    };
  }
  if (!r.ok) return { state: 'failed', name: file.name, error: r.error };
  const v = r.value;
  const base: Record<string, unknown> = { ...vramEstimateOf(v.input, file.name, v.architecture ?? undefined) };
  for (const k of CARRIED_CHOICES) if (before?.[k] !== undefined) base[k] = before[k];
  return {
    state: 'done',
    name: file.name,
    format: v.format,
    architecture: v.architecture,
    bytesRead: v.bytesRead,
    missing: v.missing,
    notes: v.notes,
    estimate: base as unknown as VramEstimate,
  };
}

/** A card's model-file reading: the latest reading and a reader for event handlers (a later file wins). */
export function useModelFileReading(): [FileReading | null, (file: File, before: VramEstimate | null) => void] {
  const [reading, setReading] = useState<FileReading | null>(null);
  const read = useCallback((file: File, before: VramEstimate | null) => {
    const started: FileReading = { state: 'reading', name: file.name };
    setReading(started);
    void readModelFile(file, before).then((r) => setReading((now) => (now === started ? r : now)));
  }, []);
  return [reading, read];
}

/** A file a card reads as a model (the page imports the rest as a bench). */
export function isModelFileName(name: string): boolean {
  return /\.(gguf|safetensors|json)$/i.test(name);
}

/**
 * Whether a file dropped on the page is a model file rather than a bench: GGUF and
 * safetensors by name; a JSON by its first keys (a config's `model_type` or
 * `architectures`, an index's `weight_map`), since a bench may be JSON too.
 */
export async function isModelFile(file: Blob & { name: string }): Promise<boolean> {
  if (/\.(gguf|safetensors)$/i.test(file.name)) return true;
  if (!/\.json$/i.test(file.name)) return false;
  const head = await file.slice(0, 65_536).text();
  if (/"(hardware|models)"\s*:/.test(head)) return false;
  return /"(model_type|architectures|weight_map)"\s*:/.test(head);
}
