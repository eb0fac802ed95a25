/**
 * Share links: the bench travels in the URL fragment (never sent to a server), as
 * `#bench=1.<base64url of deflate(JSON)>`. Decoding is bounded: the fragment's length is
 * checked first and inflation stops as soon as the output passes the reader's size
 * limit, so a hostile link cannot hang the tab (deflate expands at most ~1,000×; LZW-style
 * codecs such as lz-string can expand quadratically, which is why this one is not used).
 * The decoded value goes through `restoreBench`: the same rules as any import, but what
 * cannot be kept is repaired (and said) rather than refused.
 */
import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate';
import type { Bench } from '../core/types';
import { EMPTY_BENCH } from '../core/defaults';
import { type ReadResult } from './issues';
import { restoreBench } from './restore';
import { LIMITS } from '../core/limits';
import { benchKey } from './bench-key';
import { isShareFragment, SHARE_PREFIX } from './share-fragment';

const VERSION = '1';
/** Longest fragment accepted, in characters (well above a 2,000-card bench's link). */
export const MAX_FRAGMENT_LENGTH = 256 * 1024;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

/** base64url without padding (RFC 4648 §5); written here because core/io have no DOM `btoa`. */
function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let j = 0; j < chars; j++) out += ALPHABET[(n >> (18 - 6 * j)) & 63];
  }
  return out;
}

/** The bytes of base64url text, or why there are none (a cut or a foreign character). */
function fromBase64Url(text: string): Uint8Array | { readonly bad: string } {
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let acc = 0;
  let bits = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const v = INDEX.get(c);
    if (v === undefined) {
      return {
        bad: `its text has ${JSON.stringify(c)} at character ${i + 1}, which a share link never contains (was it edited?)`,
      };
    }
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >> bits) & 0xff;
    }
  }
  // Whole bytes need 2, 3 or 4 characters per group of 4: one left over means a cut.
  if (text.length % 4 === 1) return { bad: TRUNCATED };
  return out;
}

const TRUNCATED = 'it is cut short (was the link truncated when it was copied?)';

/** The fragment (without `#`) that carries this bench. */
export function encodeShareFragment(bench: Bench): string {
  const json = JSON.stringify({ bench });
  return `${SHARE_PREFIX}${VERSION}.${toBase64Url(deflateSync(strToU8(json), { level: 9 }))}`;
}

/**
 * The link that carries this bench (`base` is the page's address without its fragment), or
 * why there is none: a bench too large for a link (over `MAX_FRAGMENT_LENGTH`) is exported instead.
 */
export function shareLinkFor(bench: Bench, base: string): { ok: true; link: string } | { ok: false; why: string } {
  const fragment = encodeShareFragment(bench);
  if (fragment.length > MAX_FRAGMENT_LENGTH)
    return {
      ok: false,
      why: `This bench is too large for a link (${Math.round(fragment.length / 1024)} KB); export it as YAML instead.`,
    };
  return { ok: true, link: `${base}#${fragment}` };
}

class TooLarge extends Error {}

function inflateBounded(bytes: Uint8Array, limit: number): Uint8Array | null {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    size += chunk.length;
    if (size > limit) throw new TooLarge();
    chunks.push(chunk);
    if (final) done = true;
  });
  inflater.push(bytes, true);
  if (!done) return null;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const damaged = (why: string): ReadResult => ({
  ok: false,
  errors: [{ severity: 'error', message: `This share link is damaged: ${why}.`, path: '', line: 0, column: 0 }],
  warnings: [],
});

/** Read a bench from a share fragment (with or without `#`). Never throws. */
export function decodeShareFragment(fragment: string, fallback: Bench = EMPTY_BENCH): ReadResult {
  const f = fragment.replace(/^#/, '');
  if (f.length > MAX_FRAGMENT_LENGTH) {
    return damaged(
      `it is ${Math.round(f.length / 1024)} KB long, more than the ${MAX_FRAGMENT_LENGTH / 1024} KB a link may carry`,
    );
  }
  if (!f.startsWith(SHARE_PREFIX)) return damaged('it does not carry a bench');
  const body = f.slice(SHARE_PREFIX.length);
  const dot = body.indexOf('.');
  if (dot < 0 || body.slice(0, dot) !== VERSION) {
    return damaged('it was made by a version of the planner this page does not know');
  }
  const data = body.slice(dot + 1);
  if (data === '') return damaged('it ends where the bench should begin (was the link truncated when it was copied?)');
  const bytes = fromBase64Url(data);
  if (!(bytes instanceof Uint8Array)) return damaged(bytes.bad);
  let json: string;
  try {
    const raw = inflateBounded(bytes, LIMITS.maxTextLength);
    if (raw === null) return damaged(TRUNCATED);
    json = strFromU8(raw);
  } catch (e) {
    if (e instanceof TooLarge) return damaged('the bench inside is larger than the planner reads');
    // fflate's code 0: "unexpected EOF", the data stops mid-stream.
    if ((e as { code?: unknown }).code === 0) return damaged(TRUNCATED);
    return damaged('its compressed data is corrupt (was the link truncated or edited?)');
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return damaged('its data is not a bench (cut short or edited?)');
  }
  const bench = typeof value === 'object' && value !== null ? (value as { bench?: unknown }).bench : undefined;
  if (bench === null || typeof bench !== 'object' || Array.isArray(bench)) return damaged('its data is not a bench');
  // What the planner wrote is repaired, never refused: every valid part is kept, and the
  // repairs are said (as `warnings`) where the link is opened.
  const r = restoreBench(bench, fallback);
  return { ok: true, bench: r.bench, format: 'bench', warnings: r.changes };
}

/** What opening a page with this fragment should do. */
export type ShareLinkAction =
  | { readonly kind: 'none' }
  | { readonly kind: 'damaged'; readonly message: string }
  | { readonly kind: 'same' }
  | { readonly kind: 'load'; readonly bench: Bench; readonly changes: readonly string[] }
  | { readonly kind: 'ask'; readonly bench: Bench; readonly changes: readonly string[] };

/**
 * Decide what a share link does: nothing (no share fragment); say it is damaged; nothing
 * to do (the same bench is open); load it (the open bench is one of `untouched`, e.g. the
 * presets, so nothing of the user's is lost); or ask first (the user has edited theirs).
 */
export function shareLinkAction(fragment: string, current: Bench, untouched: readonly Bench[]): ShareLinkAction {
  if (!isShareFragment(fragment)) return { kind: 'none' };
  const r = decodeShareFragment(fragment, current);
  if (!r.ok) return { kind: 'damaged', message: r.errors[0]?.message ?? 'This share link is damaged.' };
  const key = benchKey(r.bench);
  if (benchKey(current) === key) return { kind: 'same' };
  const currentKey = benchKey(current);
  const changes = r.warnings.map((w) => w.message);
  return untouched.some((b) => benchKey(b) === currentKey)
    ? { kind: 'load', bench: r.bench, changes }
    : { kind: 'ask', bench: r.bench, changes };
}
