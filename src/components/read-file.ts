import { useCallback, useState } from 'react';
import { type VramEstimate } from '../core/types';
import { looksLikeModelFile, MODEL_FILE_HEAD } from '../model-files/kind';
import type { ModelFileFormat } from '../model-files/readers/model-file';

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
 * Read a model file's header with `File.slice` (never the weights, nothing uploaded) and
 * make the card's estimate from it, keeping the choices of the estimate before
 * (`withChoicesOf`).
 */
async function readModelFile(file: File, before: VramEstimate | null): Promise<FileReading> {
  let r, footprint;
  try {
    // The readers (GGUF, safetensors, config) and the estimate load with the first file, not with the page.
    const [{ estimateFromFile }, f] = await Promise.all([
      import('../model-files/readers/model-file'),
      import('../core/footprint'),
    ]);
    footprint = f;
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
  const { withChoicesOf, vramEstimateOf } = footprint;
  const estimate = withChoicesOf(
    vramEstimateOf(v.input, file.name, v.architecture ?? undefined, {
      confidence: v.confidence,
      notes: [...v.missing.map((m) => `missing: ${m}`), ...v.notes],
    }),
    before,
  );
  return {
    state: 'done',
    name: file.name,
    format: v.format,
    architecture: v.architecture,
    bytesRead: v.bytesRead,
    missing: v.missing,
    notes: v.notes,
    estimate,
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

/** Whether a file dropped on the page is a model file rather than a bench (`looksLikeModelFile`). */
export async function isModelFile(file: Blob & { name: string }): Promise<boolean> {
  const json = /\.json$/i.test(file.name);
  return looksLikeModelFile(file.name, json ? await file.slice(0, MODEL_FILE_HEAD).text() : '');
}
