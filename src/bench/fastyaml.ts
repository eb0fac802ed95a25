/**
 * A fast reader for the plain subset of YAML that bench files are written in: block
 * mappings and sequences, one-line flow collections, plain and simply quoted scalars,
 * comments. It returns the same value as `yaml` (YAML 1.1, as PyYAML reads nvinx's
 * files, integers as bigint as with yaml's `intAsBigInt`) or `undefined` the moment it meets anything else — anchors, tags, block
 * scalars, escapes, multi-line scalars, unusual numbers, odd indentation, a key given twice — and the
 * caller then reads the text with `yaml`. A differential test holds the two together.
 *
 * Why: `yaml` reads about 1 MB/s on this project's 2-core machines; a 10,000-card bench
 * is ~1 MB. This path is ~10× faster on the files people actually write.
 */

type Value = null | boolean | number | bigint | string | Value[] | { [key: string]: Value };

class Bail extends Error {}
const bail = (): never => {
  throw new Bail();
};

/**
 * The document's lines that hold something, as three lists (no object per line): each line's
 * indentation, its content without indentation and comment (right-trimmed), and its 1-based
 * line number in the document.
 */
interface Lines {
  readonly indent: number[];
  readonly text: string[];
  readonly no: number[];
}

/**
 * Where the entries of every mapping and sequence of one `fastParseWithPositions` are. Kept
 * flat (one list of numbers per container, no object per entry), so that recording them while
 * parsing costs little and the document is parsed once: a sequence's items as
 * [keyLine, keyColumn, line, column] each; a mapping's entries as [key, keyLine, keyColumn,
 * line, column] each, in the order written.
 */
export class FastPositions {
  private readonly lists = new Map<object, (string | number)[]>();
  private readonly indexes = new Map<object, Map<string, number>>();

  /** A new container's list, to record its entries into. */
  track(container: object): (string | number)[] {
    const list: (string | number)[] = [];
    this.lists.set(container, list);
    return list;
  }

  /** The list `find` last found an entry in. */
  private found: readonly (string | number)[] = [];

  /**
   * Where `container[key]`'s four numbers start (`at` reads them), or -1 when the fast path
   * did not read it. No object per look-up: a file with thousands of warnings looks up four
   * entries for each.
   */
  find(container: object, key: string | number): number {
    const l = this.lists.get(container);
    if (l === undefined) return -1;
    this.found = l;
    if (Array.isArray(container)) {
      if (typeof key !== 'number' || !Number.isInteger(key) || key < 0 || key * 4 >= l.length) return -1;
      return key * 4;
    }
    const k = String(key);
    if (l.length <= 5 * 16) {
      for (let j = 0; j < l.length; j += 5) if (l[j] === k) return j + 1;
      return -1;
    }
    // A long mapping: its keys indexed once, so that many look-ups stay linear.
    let index = this.indexes.get(container);
    if (index === undefined) {
      index = new Map();
      for (let j = 0; j < l.length; j += 5) index.set(l[j] as string, j + 1);
      this.indexes.set(container, index);
    }
    return index.get(k) ?? -1;
  }

  /** The `n`-th number (0 keyLine, 1 keyColumn, 2 line, 3 column) of the entry `find` returned `i` for. */
  at(i: number, n: 0 | 1 | 2 | 3): number {
    return this.found[i + n] as number;
  }
}

let positions: FastPositions | null = null;
/** The line and the column before text[0] of the text being read (for flow collections). */
let atNo = 0;
let atBase = 0;

/** The list to record a new container's entries into (null when positions are not kept). */
const track = (container: object) => (positions === null ? null : positions.track(container));

const BOOL_WORDS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;
const NUMBER = /^-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,40})?(?:e[-+]?[0-9]{1,3})?$/;
/** What a plain scalar may not hold: ": ", a final ":", " #" or a tab (one scan; in a flow collection also , [ ] { }). */
const UNSAFE = /: |:$| #|\t/;
const UNSAFE_IN_FLOW = /: |:$| #|\t|[,[\]{}]/;

function plain(s: string, flow: boolean): Value {
  if (s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL') return null;
  if (s === 'true' || s === 'True' || s === 'TRUE') return true;
  if (s === 'false' || s === 'False' || s === 'FALSE') return false;
  // The tests below by the first character (each pattern can only match from those it names).
  const c = s.charCodeAt(0);
  if ((c === 121 || c === 89 || c === 110 || c === 78 || c === 111 || c === 79) && BOOL_WORDS.test(s)) bail(); // yYnNoO
  if ((c === 45 || (c >= 48 && c <= 57)) && NUMBER.test(s)) {
    if (s.startsWith('-0') && Number(s) === 0) bail(); // negative zero: leave it to yaml
    // Integers come back as bigint, as yaml's `intAsBigInt` gives them: the reader then
    // knows the number was written without a decimal point (PyYAML reads it as an int).
    return s.includes('.') || s.includes('e') ? Number(s) : BigInt(s);
  }
  // A letter, "_" or any non-ASCII character starts a safe plain scalar.
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128)) bail();
  if ((flow ? UNSAFE_IN_FLOW : UNSAFE).test(s)) bail();
  return s;
}

/**
 * Where the last `quoted`, `flowValue` or `flowScalar` stopped (the index after what it read):
 * returned beside the value without an array per call, which cold code pays dearly for.
 */
let end = 0;

/** One quoted scalar starting at text[i]; `end`: the index after it. */
function quoted(text: string, i: number): string {
  const q = text[i]!;
  let out = '';
  let j = i + 1;
  for (;;) {
    const k = text.indexOf(q, j);
    if (k < 0) bail();
    const chunk = text.slice(j, k);
    if (q === '"' && chunk.includes('\\')) bail();
    out += chunk;
    if (q === "'" && text[k + 1] === "'") {
      out += "'";
      j = k + 2;
      continue;
    }
    end = k + 1;
    return out;
  }
}

function skipSpaces(text: string, i: number): number {
  while (text.charCodeAt(i) === 32) i++;
  return i;
}

/** A one-line flow collection starting at text[i]; `end`: the index after it. */
function flowValue(text: string, i: number): Value {
  const c = text.charCodeAt(i);
  if (c === 91 || c === 123) {
    // [ or {, closed by ] or }
    const close = c + 2;
    const seq: Value[] = [];
    const map: Record<string, Value> = {};
    i = skipSpaces(text, i + 1);
    if (text.charCodeAt(i) === close) {
      end = i + 1;
      return c === 91 ? seq : map;
    }
    const pos = track(c === 91 ? seq : map);
    for (;;) {
      if (c === 91) {
        const col = atBase + i + 1;
        const v = flowValue(text, i);
        pos?.push(atNo, col, atNo, col);
        seq.push(v);
        i = end;
      } else {
        const k = flowScalar(text, i, true);
        const j = end;
        if (typeof k !== 'string' || k === '__proto__' || Object.hasOwn(map, k)) bail();
        if (text.charCodeAt(j) !== 58 || text.charCodeAt(j + 1) !== 32) bail(); // ": "
        const vStart = skipSpaces(text, j + 1);
        const v = flowValue(text, vStart);
        pos?.push(k as string, atNo, atBase + i + 1, atNo, atBase + vStart + 1);
        map[k as string] = v;
        i = end;
      }
      i = skipSpaces(text, i);
      if (text.charCodeAt(i) === 44) {
        i = skipSpaces(text, i + 1);
        const d = text.charCodeAt(i);
        if (d === close || d === 44) bail(); // trailing or empty entry
        continue;
      }
      if (text.charCodeAt(i) === close) {
        end = i + 1;
        return c === 91 ? seq : map;
      }
      bail();
    }
  }
  return flowScalar(text, i, false);
}

/** A scalar inside a flow collection: quoted, or plain up to , ] } or ": "; `end`: the index after it. */
function flowScalar(text: string, i: number, isKey: boolean): Value {
  const c = text[i];
  if (c === '"' || c === "'") {
    const s = quoted(text, i);
    end = skipSpaces(text, end);
    return s;
  }
  if (c === undefined || '[]{},:&*!|>%@`#?-'.includes(c)) {
    if (!(c === '-' && /[0-9]/.test(text[i + 1] ?? ''))) bail();
  }
  let j = i;
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (d === 44 || d === 93 || d === 125) break; // , ] }
    if (d === 58) {
      // ":" ends a key before a space or the line's end; in a value it is left to yaml
      if (text.charCodeAt(j + 1) === 32 || (isKey && j + 1 === text.length)) break;
      if (!isKey) bail();
    }
    j++;
  }
  const raw = text.slice(i, j).trimEnd();
  end = j;
  return plain(raw, true);
}

/** The value after "key: " or "- " on one line (`no`, `base`: its line, and its column − 1). */
function inlineValue(text: string, no = 0, base = 0): Value {
  atNo = no;
  atBase = base;
  const c = text[0]!;
  if (c === '[' || c === '{') {
    const v = flowValue(text, 0);
    if (skipSpaces(text, end) !== text.length) bail();
    return v;
  }
  if (c === '"' || c === "'") {
    const s = quoted(text, 0);
    if (skipSpaces(text, end) !== text.length) bail();
    return s;
  }
  if ('&*!|>%@`?'.includes(c) || text.startsWith('- ') || text === '-') bail();
  return plain(text, false);
}

/** Where "key:" ends in a block mapping line, or -1 when the line is not a key line. */
function keyEnd(text: string): number {
  if (text[0] === '"' || text[0] === "'") {
    quoted(text, 0);
    const j = end;
    return text[j] === ':' && (text[j + 1] === ' ' || j + 1 === text.length) ? j : -1;
  }
  const k = text.indexOf(':');
  if (k <= 0) return -1;
  if (text[k + 1] !== ' ' && k + 1 !== text.length) return -1;
  return k;
}

class FastReader {
  i = 0;
  /** Plain keys read so far, as read. */
  private readonly keys = new Map<string, string>();
  private readonly indent: number[];
  private readonly text: string[];
  private readonly no: number[];
  private readonly count: number;
  constructor(lines: Lines) {
    this.indent = lines.indent;
    this.text = lines.text;
    this.no = lines.no;
    this.count = lines.text.length;
  }

  /** The indentation of the line at `i` (-1 past the last line). */
  private indentAt(i: number): number {
    return i < this.count ? this.indent[i]! : -1;
  }

  /** Whether the line at `i` is a sequence item ("-" alone or "- …"). */
  private isItem(i: number): boolean {
    const t = this.text[i]!;
    return t === '-' || t.startsWith('- ');
  }

  block(indent: number): Value {
    const i = this.i;
    if (this.indentAt(i) !== indent) return bail();
    const text = this.text[i]!;
    if (text[0] === '[' || text[0] === '{') {
      // A flow collection on a line of its own ("key:" then "  []").
      this.i++;
      const value = inlineValue(text, this.no[i]!, indent);
      if (this.indentAt(this.i) > indent) bail();
      return value;
    }
    return this.isItem(i) ? this.sequence(indent) : this.mapping(indent);
  }

  /** A value whose text starts on the next lines (after "key:" or "-"). */
  child(parentIndent: number, allowSameIndentSeq: boolean): Value {
    const next = this.indentAt(this.i);
    if (next < parentIndent) return null;
    if (next > parentIndent) return this.block(next);
    if (allowSameIndentSeq && this.isItem(this.i)) return this.sequence(parentIndent);
    return null;
  }

  sequence(indent: number): Value[] {
    const out: Value[] = [];
    const pos = track(out);
    while (this.indentAt(this.i) === indent) {
      const i = this.i;
      const text = this.text[i]!;
      if (text !== '-' && !text.startsWith('- ')) break;
      const no = this.no[i]!;
      const restStart = text === '-' ? 1 : skipSpaces(text, 2);
      const rest = text.slice(restStart);
      if (rest === '') {
        this.i++;
        // A "-" alone on the last line has nothing to point at: nothing recorded (it is the
        // last item, so the items before it keep their places in the list).
        if (this.i < this.count) pos?.push(no, indent + 1, this.no[this.i]!, this.indent[this.i]! + 1);
        out.push(this.child(indent, false));
      } else if (rest === '-' || rest.startsWith('- ')) {
        bail();
      } else if (rest[0] !== '[' && rest[0] !== '{' && keyEnd(rest) > 0) {
        // "- key: value": a mapping whose column is that of "key".
        this.indent[i] = indent + restStart;
        this.text[i] = rest;
        pos?.push(no, indent + restStart + 1, no, indent + restStart + 1);
        out.push(this.mapping(indent + restStart));
      } else {
        this.i++;
        pos?.push(no, indent + restStart + 1, no, indent + restStart + 1);
        out.push(inlineValue(rest, no, indent + restStart));
        if (this.indentAt(this.i) > indent) bail(); // multi-line scalar
      }
    }
    if (this.indentAt(this.i) > indent) bail();
    return out;
  }

  mapping(indent: number): Record<string, Value> {
    const out: Record<string, Value> = {};
    const pos = track(out);
    while (this.indentAt(this.i) === indent) {
      const i = this.i;
      const text = this.text[i]!;
      if (text === '-' || text.startsWith('- ')) break;
      const no = this.no[i]!;
      const k = keyEnd(text);
      if (k <= 0) bail();
      const keyText = text.slice(0, k).trimEnd();
      // A bench repeats a few keys thousands of times: each plain key is checked once.
      let key: Value | undefined = this.keys.get(keyText);
      if (key === undefined) {
        key = keyText[0] === '"' || keyText[0] === "'" ? quoted(keyText, 0) : plain(keyText, false);
        if (typeof key === 'string' && keyText[0] !== '"' && keyText[0] !== "'") this.keys.set(keyText, key);
      }
      if (typeof key !== 'string' || key === '__proto__' || Object.hasOwn(out, key)) bail();
      const restStart = skipSpaces(text, k + 1);
      this.i++;
      if (restStart === text.length) {
        const next = this.indentAt(this.i);
        const child = next > indent || (next === indent && this.isItem(this.i));
        if (child) pos?.push(key as string, no, indent + 1, this.no[this.i]!, next + 1);
        // An empty value before a dedent: where yaml points depends on trailing spaces, which
        // are gone here (-1: ask yaml).
        else pos?.push(key as string, no, indent + 1, -1, -1);
        out[key as string] = this.child(indent, true);
      } else {
        pos?.push(key as string, no, indent + 1, no, indent + restStart + 1);
        out[key as string] = inlineValue(text.slice(restStart), no, indent + restStart);
        if (this.indentAt(this.i) > indent) bail(); // multi-line scalar
      }
    }
    if (this.indentAt(this.i) > indent) bail();
    return out;
  }
}

function splitLines(text: string): Lines {
  const lines: Lines = { indent: [], text: [], no: [] };
  const n = text.length;
  let start = 0;
  let no = 0;
  while (start <= n) {
    no++;
    // One pass over the line's characters finds its end, its first "#" and whether it holds a
    // tab. (Node 20's optimising compiler may move a search of the whole text, such as
    // `text.includes('#')` before this loop, into the loop: the third read of a 10,000-card
    // file took 4 s instead of 0.1, in about one process in three.)
    let end = start;
    let hashAt = -1;
    let tab = false;
    for (; end < n; end++) {
      const d = text.charCodeAt(end);
      if (d === 10) break;
      if (d === 35) {
        if (hashAt < 0) hashAt = end;
      } else if (d === 9) tab = true;
    }
    const lineStart = start;
    start = end + 1;
    if (end > lineStart && text.charCodeAt(end - 1) === 13) end--; // \r\n
    let indent = 0;
    while (lineStart + indent < end && text.charCodeAt(lineStart + indent) === 32) indent++;
    const first = text.charCodeAt(lineStart + indent);
    if (lineStart + indent === end || first === 35) continue; // blank, or a comment
    let body = text.slice(lineStart + indent, end);
    if (first === 9 || first === 37) bail(); // a tab, or a directive (%)
    if ((first === 45 && body.startsWith('---')) || (first === 46 && body.startsWith('...'))) bail();
    if (hashAt > 0) {
      if (body.includes('"') || body.includes("'")) bail();
      const cut = body.search(/[ \t]#/);
      if (cut >= 0) body = body.slice(0, cut);
      else if (/[[{]/.test(body)) bail();
    }
    body = body.trimEnd();
    if (tab && body.includes('\t')) bail();
    lines.indent.push(indent);
    lines.text.push(body);
    lines.no.push(no);
  }
  return lines;
}

/**
 * The document's value and where each entry of each mapping and sequence is (what a
 * message needs to point at a field), or undefined when the text is outside the fast subset.
 */
export function fastParseWithPositions(text: string): { value: unknown; positions: FastPositions } | undefined {
  positions = new FastPositions();
  try {
    const found = positions;
    const value = fastParse(text);
    return value === undefined ? undefined : { value, positions: found };
  } finally {
    positions = null;
  }
}

/** The document's value, or undefined when the text is outside the fast subset. */
export function fastParse(text: string): unknown {
  try {
    const lines = splitLines(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    if (lines.text.length === 0) return undefined;
    if (lines.indent[0] !== 0) return undefined;
    const r = new FastReader(lines);
    const value = r.block(0);
    if (r.i !== lines.text.length) return undefined;
    return value;
  } catch (e) {
    if (e instanceof Bail) return undefined;
    throw e;
  }
}
