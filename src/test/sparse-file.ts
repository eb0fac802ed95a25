/** Tests' and benchmarks' helper (Node): model files of a user's size without their disk. */
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** A sparse file in `dir`: `head`, then zeros up to `size` (no disk used past the head). */
export function sparseFile(dir: string, name: string, head: Uint8Array, size: number): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  writeSync(fd, head);
  ftruncateSync(fd, size);
  closeSync(fd);
  return path;
}
