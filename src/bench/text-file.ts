/**
 * A file's bytes as text, as PyYAML reads a YAML file (nvinx's reader): UTF-16 when it starts
 * with a UTF-16 byte-order mark (Windows PowerShell 5's `>` and Notepad's "Unicode" write it),
 * else UTF-8, a UTF-8 byte-order mark dropped. Bytes that are not text in that encoding become
 * U+FFFD, which the reader refuses at their line and column (`NOT_UTF8`).
 */
// Both the page and Node have the WHATWG TextDecoder; the middle layers are typed without DOM or Node.
declare const TextDecoder: new (label: string) => { decode(bytes: Uint8Array): string };

export function decodeText(bytes: Uint8Array): string {
  const encoding =
    bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
  // The decoder drops the byte-order mark of its own encoding.
  return new TextDecoder(encoding).decode(bytes);
}
