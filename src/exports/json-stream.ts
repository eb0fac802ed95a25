/**
 * JSON written a piece at a time, byte for byte as `JSON.stringify` writes the same value. A
 * 10,000-card plan is a 7 MB line: built whole, its objects outlive several garbage collections
 * and the line is one string of 7 MB before it is written. Here a `LazyList`'s items are made
 * and written one at a time (each is garbage as soon as it is written), and the text goes out
 * in chunks. `JSON.stringify` of the same value gives the same text (a `LazyList` turns into an
 * array through `toJSON`), so the value has one definition for both.
 */

/** Objects marked with it are written key by key (they hold a `LazyList` somewhere inside). */
const STREAMED = Symbol('streamed');

/** A list whose items are made when they are written (`JSON.stringify` sees an array). */
export class LazyList<T> {
  constructor(
    readonly length: number,
    private readonly at: (i: number) => T,
  ) {}
  item(i: number): T {
    return this.at(i);
  }
  toJSON(): T[] {
    return Array.from({ length: this.length }, (_, i) => this.at(i));
  }
}

/** `list.map(f)` made item by item as it is written. */
export const lazyMap = <A, B>(list: readonly A[], f: (a: A) => B): LazyList<B> =>
  new LazyList(list.length, (i) => f(list[i]!));

/** `obj`, marked to be written key by key: it holds a `LazyList` (directly or in an object so marked). */
export function streamed<T extends object>(obj: T): T {
  Object.defineProperty(obj, STREAMED, { value: true, enumerable: true });
  return obj;
}

/** Small pieces of text are handed to `write` in chunks of about this many characters (a large one on its own). */
const CHUNK = 1 << 16;

/** A LazyList's items are made and written this many at a time. */
const BATCH = 256;

const isStreamed = (v: unknown): v is object => v !== null && typeof v === 'object' && Object.hasOwn(v, STREAMED);

/**
 * Write `value` as one JSON text (no line break) through `write`, as `JSON.stringify(value)`
 * would: `LazyList`s item by item, objects marked `streamed` key by key, everything else by
 * `JSON.stringify` itself.
 */
export function writeJson(value: unknown, write: (text: string) => void): void {
  const pieces: string[] = [];
  let size = 0;
  const flushPieces = () => {
    if (size === 0) return;
    write(pieces.length === 1 ? pieces[0]! : pieces.join(''));
    pieces.length = 0;
    size = 0;
  };
  const put = (s: string) => {
    if (s.length >= CHUNK >> 2) {
      // A batch's text goes out as it is (joining it with small pieces would copy it).
      flushPieces();
      write(s);
      return;
    }
    pieces.push(s);
    size += s.length;
    if (size >= CHUNK) flushPieces();
  };
  const walk = (v: unknown): void => {
    if (v instanceof LazyList) {
      // Items are made a batch at a time and the batch written by JSON.stringify (one call per
      // item costs more than the item); an item marked `streamed` is walked on its own.
      put('[');
      const batch: unknown[] = [];
      const flush = () => {
        if (batch.length === 0) return;
        const text = JSON.stringify(batch);
        put(text.slice(1, -1));
        batch.length = 0;
      };
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v.item(i);
        if (isStreamed(item)) {
          flush();
          if (i > 0) put(',');
          walk(item);
        } else {
          if (batch.length === 0 && i > 0) put(',');
          batch.push(item);
          if (batch.length === BATCH) flush();
        }
      }
      flush();
      put(']');
      return;
    }
    if (isStreamed(v)) {
      put('{');
      let first = true;
      for (const key of Object.keys(v)) {
        const x = (v as Record<string, unknown>)[key];
        if (x === undefined || typeof x === 'function' || typeof x === 'symbol') continue;
        put(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
        first = false;
        walk(x);
      }
      put('}');
      return;
    }
    put(JSON.stringify(v));
  };
  walk(value);
  flushPieces();
}
