/**
 * A file opened for slices (Node): its size and reads of byte ranges, so `plan estimate`
 * reads a model file's header without reading its gigabytes of weights.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface FileSlices {
  readonly size: number;
  /** Bytes [start, end); fewer only at the end of the file. */
  read(start: number, end: number): Uint8Array;
  close(): void;
}

/** Opens `path`; throws Node's error (with its `code`: ENOENT, EACCES, EISDIR …) when it cannot. */
export function openFileSlices(path: string): FileSlices {
  const fd = openSync(path, 'r');
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
    return {
      size: st.size,
      read(start, end) {
        const out = new Uint8Array(Math.max(0, end - start));
        let got = 0;
        while (got < out.length) {
          const n = readSync(fd, out, got, out.length - got, start + got);
          if (n === 0) break;
          got += n;
        }
        return got === out.length ? out : out.subarray(0, got);
      },
      close: () => closeSync(fd),
    };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}
