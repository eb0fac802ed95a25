/**
 * YAML in: nvinx's config files, the planner's bench document (with windows), and
 * nvinx's case-study submissions. Every problem is reported at once, with its field
 * path, line and column. Hostile input gets a clear refusal, never a hang or a crash.
 */
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
  type Pair,
  type ScalarTag,
  type Tags,
  type YAMLMap,
} from 'yaml';
import { listNames } from '../core/words';
import { precheck, validate } from './bench-reader';
import { Reader, refuse, type Issue, type Locate, type PathPart, type ReadResult } from './issues';
import { fastParseWithPositions, type FastPositions } from './fastyaml';
import { LIMITS } from '../core/limits';
import { misplacedIndent, type IndentProblem } from './indentation';
import { PYYAML_EXPLICIT_TAGS } from './pyyaml-tags';

export interface Located {
  readonly doc: Document;
  readonly lines: LineCounter;
}

/**
 * yaml's YAML 1.1 tags, made to read plain scalars as PyYAML does (nvinx's files are read
 * by PyYAML) where yaml's would turn a name into something else: `y`, `Y`, `n` and `N` are
 * text, not booleans (PyYAML's booleans are yes/no, true/false, on/off), and a float needs a
 * digit (`e5` — a card named after the E5 embedders — `E2`, `.` and `-.` are text, where
 * yaml reads NaN). Numbers PyYAML leaves as text but that are numbers to anyone (`1e3`,
 * `-.5`) stay numbers.
 */
const BOOL = 'tag:yaml.org,2002:bool';
const FLOAT = 'tag:yaml.org,2002:float';
function pyyamlTest(t: ScalarTag): RegExp | undefined {
  if (t.tag === BOOL)
    return t.test?.test('true') ? /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/ : /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
  if (t.tag !== FLOAT) return undefined;
  if (t.format === 'EXP') return /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)[eE][-+]?[0-9]+$/;
  if (t.test?.test('1.5') === true) return /^[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/;
  return undefined; // .inf and .nan: as PyYAML
}
const pyyamlTags = (tags: Tags): Tags => [
  ...tags.map((t) => {
    if (typeof t !== 'object' || 'collection' in t) return t;
    const test = pyyamlTest(t);
    return test === undefined ? t : { ...t, test };
  }),
  // Written explicitly (`!!float 32`), a standard tag makes its value as PyYAML's would.
  ...PYYAML_EXPLICIT_TAGS,
];

export function parseWithPositions(text: string, options: { readonly uniqueKeys?: boolean } = {}): Located {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    version: '1.1',
    customTags: pyyamlTags,
    // What yaml would print on its own (a mapping used as a key, in toJS) stays out of the
    // terminal and the console: the reader says every problem itself, with its place.
    logLevel: 'error',
    prettyErrors: false,
    // A key given twice is read as PyYAML reads it, the last value kept (`repeatedKeys` warns);
    // a calibration file (JSON) asks for the error instead.
    uniqueKeys: options.uniqueKeys ?? false,
    intAsBigInt: true,
  });
  return { doc, lines };
}

/** A scalar key as yaml's toJS keys the object it makes (null is ""). */
const jsKey = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/**
 * Every key given more than once in a mapping, said at its first occurrence: PyYAML (nvinx's
 * reader) keeps the last value without a word, and so does the reader, which says it.
 */
function repeatedKeys(r: Reader, doc: Document, lines: LineCounter): void {
  const found: { path: PathPart[]; message: string; line: number; column: number }[] = [];
  const walk = (node: unknown, path: PathPart[]): void => {
    if (isSeq(node)) {
      node.items.forEach((x, i) => walk(x, [...path, i]));
      return;
    }
    if (!isMap(node)) return;
    // By the key's type and text: PyYAML reads `1:` and `"1":` as two keys (a number, a string).
    const seen = new Map<string, { key: string; nodes: Node[]; value: unknown }>();
    for (const p of node.items) {
      if (!isScalar(p.key)) continue;
      const k = jsKey(p.key.value);
      if (k === '<<') continue; // merge keys: yaml merges each
      const id = `${typeof p.key.value}:${k}`;
      const at = seen.get(id);
      if (at === undefined) seen.set(id, { key: k, nodes: [p.key], value: p.value });
      else {
        at.nodes.push(p.key);
        at.value = p.value;
      }
    }
    // Only the value kept is looked into: what a later pair replaces is not read.
    for (const { key, value } of seen.values()) walk(value, [...path, key]);
    for (const { key: k, nodes: keys } of seen.values()) {
      if (keys.length < 2) continue;
      const [first, ...more] = keys.map((n) => lines.linePos(n.range?.[0] ?? 0));
      const last = more[more.length - 1]!;
      const times = keys.length === 2 ? 'twice' : `${keys.length} times`;
      // Several on one line (a flow mapping): each with its column.
      const oneLine = more.some((m) => m.line === first!.line);
      const at = (m: { line: number; col: number }) => (oneLine ? `${m.line} column ${m.col}` : `${m.line}`);
      // A key given thousands of times (a hostile file) names its first lines and how many more.
      const listed =
        more.length > 8
          ? `${more.slice(0, 8).map(at).join(', ')} and ${more.length - 8} more`
          : more.map(at).join(', ');
      const also = more.length === 1 ? `line ${at(last)}` : `lines ${listed}`;
      found.push({
        path: [...path, k],
        message: `is given ${times} (line ${at(first!)}, then ${also}): line ${at(last)}'s value is used, as nvinx's PyYAML keeps the last`,
        line: first!.line,
        column: first!.col,
      });
    }
  };
  walk(doc.contents, []);
  found.sort((a, b) => a.line - b.line || a.column - b.column);
  for (const f of found) r.warnAt(f.path, f.message, f.line, f.column);
}

/** Positions from yaml's document: walk down the path as far as it exists. */
export function locator(located: () => Located): Locate {
  // Each mapping's keys indexed once, so that thousands of messages stay linear.
  const index = new WeakMap<object, Map<string, Pair>>();
  const pairOf = (map: YAMLMap, key: string): Pair | undefined => {
    let keys = index.get(map);
    if (keys === undefined) {
      keys = new Map();
      // A key given twice points at its last pair, whose value is read (as toJS keys it: null is "").
      for (const p of map.items) if (isScalar(p.key)) keys.set(jsKey(p.key.value), p);
      index.set(map, keys);
    }
    return keys.get(key);
  };
  return (path, atKey) => {
    const { doc, lines } = located();
    // Walk down as far as the path exists; point at the deepest node found.
    let node: unknown = doc.contents;
    let offset = (node as Node | null)?.range?.[0] ?? 0;
    for (const [i, part] of path.entries()) {
      if (isMap(node)) {
        const pair = pairOf(node, String(part));
        if (pair === undefined) break;
        const keyNode = pair.key as Node;
        offset = keyNode.range?.[0] ?? offset;
        if (atKey && i === path.length - 1) break;
        node = pair.value;
        offset = (node as Node | null)?.range?.[0] ?? offset;
      } else if (isSeq(node) && typeof part === 'number') {
        node = node.items[part];
        offset = (node as Node | null)?.range?.[0] ?? offset;
      } else break;
    }
    const pos = lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
}

/** The lines whose indentation holds a tab: 1-based line and the tab's column. */
function tabIndented(text: string): { line: number; column: number }[] {
  const out: { line: number; column: number }[] = [];
  text.split(/\r\n|\r|\n/).forEach((l, i) => {
    const indent = /^[ \t]*/.exec(l)![0];
    const tab = indent.indexOf('\t');
    // A line of only blanks is not indentation.
    if (tab >= 0 && indent.length < l.length) out.push({ line: i + 1, column: tab + 1 });
  });
  return out;
}

/** The YAML library's message, its first line without its own position. */
const parserWords = (message: string) => (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');

/**
 * A tag the reader cannot read, in plain words: its own message when it is one of the standard
 * tags PyYAML constructs (`pyyaml-tags.ts`), else yaml's "Unresolved tag: X" said as PyYAML would
 * answer (a tag it has no constructor for, or a scalar tag on a list or mapping).
 */
function tagWords(message: string): string {
  const m = /^Unresolved tag: (.*)$/.exec(parserWords(message));
  if (m === null) return `YAML tag: ${parserWords(message)}`;
  const tag = m[1]!.replace(/^tag:yaml\.org,2002:/, '!!');
  return (
    `YAML tag: ${tag} cannot be read here: PyYAML's safe_load (nvinx's reader) refuses it ` +
    '(a tag it does not know, or one for another kind of value); remove the tag'
  );
}

/** A misplaced indent, said once: what is wrong, where, and how to fix it (the parser's words kept as a detail). */
function indentIssue(p: IndentProblem, parser: string): Issue {
  const name = p.what === '- ' ? 'the item "- "' : `"${p.what}"`;
  const spaces = (n: number) => `${n} ${n === 1 ? 'space' : 'spaces'}`;
  const like = p.fix.like === '- ' ? `the "- " on line ${p.fix.line}` : `"${p.fix.like}" on line ${p.fix.line}`;
  const wrong =
    p.kind === 'deeper'
      ? `${name} is indented ${spaces(p.spaces)}, deeper than ${like}, which has its value already`
      : p.kind === 'not-item'
        ? `${name} is indented ${spaces(p.spaces)}, at the column of the list's items, without "- "`
        : `${name} is indented ${spaces(p.spaces)}, which lines up with no key or item above it`;
  const fix =
    p.kind === 'not-item'
      ? `Indent it ${spaces(p.fix.spaces)}, as ${like}, to keep it in that item, or start it with "- " for a new one`
      : `Indent it ${spaces(p.fix.spaces)}, as ${like}`;
  return {
    severity: 'error',
    message: `Indentation: ${wrong}. ${fix}. (The YAML parser: "${parser}".)`,
    path: '',
    line: p.line,
    column: p.column,
  };
}

function tabIssue(tabs: readonly { line: number; column: number }[]): Issue {
  const first = tabs[0]!;
  const others = tabs.slice(1).map((t) => String(t.line));
  const also = others.length === 0 ? '' : ` (${others.length === 1 ? 'line' : 'lines'} ${listNames(others, 8)} too)`;
  return {
    severity: 'error',
    message:
      `line ${first.line} is indented with a tab${also}: YAML indents with spaces only. ` +
      'Replace each tab with spaces, lined up with the lines around it.',
    path: '',
    line: first.line,
    column: first.column,
  };
}

/**
 * Positions from the fast path's record: walk down the value along the path, as far as it
 * exists, and point at the deepest entry found (its key when `atKey`), as `locator` does.
 * @internal exported for the test that the fast path's positions equal the full YAML reader's.
 */
export function fastLocator(root: unknown, positions: FastPositions, fallback: () => Locate): Locate {
  return (path, atKey) => {
    let node: unknown = root;
    let line = -1;
    let column = -1;
    for (let i = 0; i < path.length; i++) {
      const part = path[i]!;
      if (node === null || typeof node !== 'object') break;
      const at = positions.find(node, Array.isArray(node) ? Number(part) : String(part));
      if (at < 0) break;
      const onKey = atKey && i === path.length - 1;
      if (onKey) {
        line = positions.at(at, 0);
        column = positions.at(at, 1);
        break;
      }
      line = positions.at(at, 2);
      if (line < 0) return fallback()(path, atKey);
      column = positions.at(at, 3);
      node = (node as Record<string | number, unknown>)[part];
    }
    return line < 0 ? fallback()(path, atKey) : { line, column };
  };
}

/** Read a bench from YAML text. Never throws. */
export function readBench(source: string): ReadResult {
  // A line break may be a lone CR (classic Mac OS; YAML and PyYAML read it so); yaml's lexer
  // does not, so it becomes LF (the same line and column for everything).
  const text = source.includes('\r') && /\r(?!\n)/.test(source) ? source.replace(/\r(?!\n)/g, '\n') : source;
  const pre = precheck(text);
  if (pre !== null) return pre;
  // The fast path reads the plain YAML benches are written in; anything else goes to yaml.
  const fast = fastParseWithPositions(text);
  if (fast !== undefined) {
    // The fast path records where each entry is as it reads (flat lists, cheap), so the text
    // is parsed once whether or not a message needs a position; yaml's positions only where
    // the fast path cannot say.
    let yamlLocate: Locate | null = null;
    let located: Located | null = null;
    const slow = (): Locate => (yamlLocate ??= locator(() => (located ??= parseWithPositions(text))));
    return validate(new Reader(fastLocator(fast.value, fast.positions, slow)), fast.value);
  }
  let located: Located;
  try {
    located = parseWithPositions(text);
  } catch {
    return refuse('the YAML could not be read (the document is too complex)');
  }
  const { doc, lines } = located;
  // A tag yaml could not resolve is a warning to yaml (it keeps the text); PyYAML's safe_load
  // refuses the file, and so do we.
  const tagErrors = doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (doc.errors.length > 0 || tagErrors.length > 0) {
    // A tab in the indentation makes the parser report several errors in its own words;
    // it is one mistake, said once, in plain words.
    const tabs = doc.errors.some((e) => e.code === 'TAB_AS_INDENT') ? tabIndented(text) : [];
    if (tabs.length > 0) return { ok: false, errors: [tabIssue(tabs)], warnings: [] };
    // A misplaced indent: the parser says it in its words, often more than once and at the line
    // above; said once, at the line, with what would fix it (when the parser's first error is there).
    const indent = misplacedIndent(text);
    const first = doc.errors[0] ?? tagErrors[0]!;
    const firstLine = lines.linePos(first.pos[0]).line;
    if (indent !== null && firstLine >= indent.line - 1 && firstLine <= indent.line)
      return { ok: false, errors: [indentIssue(indent, parserWords(first.message))], warnings: [] };
    return {
      ok: false,
      errors: [...doc.errors, ...tagErrors]
        .sort((a, b) => a.pos[0] - b.pos[0])
        .map((e) => {
          const pos = lines.linePos(e.pos[0]);
          return {
            severity: 'error' as const,
            message: e.code === 'TAG_RESOLVE_FAILED' ? tagWords(e.message) : `YAML syntax: ${parserWords(e.message)}`,
            path: '',
            line: pos.line,
            column: pos.col,
          };
        }),
      warnings: [],
    };
  }
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: LIMITS.maxAliasCount });
  } catch (e) {
    const msg =
      e instanceof Error && /alias/i.test(e.message)
        ? 'the document expands too many aliases (a YAML "alias bomb")'
        : 'the YAML could not be read';
    return refuse(msg);
  }
  const r = new Reader(locator(() => located));
  repeatedKeys(r, doc, lines);
  return validate(r, root);
}
