/**
 * Telling a model file from a bench before reading it (a bench may be JSON too), for the
 * page's drop targets. Kept apart from the readers so the page can ask at start without
 * loading them.
 */

/** A name a card reads as a model file (a card's drop takes these; the page imports the rest). */
export function isModelFileName(name: string): boolean {
  return /\.(gguf|safetensors|json)$/i.test(name);
}

/** How much of a JSON file's head `looksLikeModelFile` is given (a config's first keys are within it). */
export const MODEL_FILE_HEAD = 65_536;

/**
 * Whether a file dropped on the page is a model file rather than a bench: GGUF and
 * safetensors by name; a JSON by its first keys (a config's `model_type` or `architectures`,
 * an index's `weight_map`; a bench's `hardware` or `models` say it is not one).
 */
export function looksLikeModelFile(name: string, head: string): boolean {
  if (/\.(gguf|safetensors)$/i.test(name)) return true;
  if (!/\.json$/i.test(name)) return false;
  if (/"(hardware|models)"\s*:/.test(head)) return false;
  return /"(model_type|architectures|weight_map)"\s*:/.test(head);
}
