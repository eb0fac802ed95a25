/**
 * A misplaced indent in block YAML, found in the text: one line whose indentation lines up with
 * nothing above it, or that goes deeper under a key that already has its value, or that sits at a
 * list's column without "- ". The YAML library reports such a line in its own words, often
 * several times and at the line above it; the reader says it once, here, at the line itself.
 * Only the block structure is followed (keys, "- " items, block scalars skipped); text it does
 * not follow (a flow collection or a quoted scalar over several lines, documents, complex keys)
 * gives no answer, and the library's own messages stand.
 */

/** Where a misplaced indent is, what the line lines up with instead, and which case it is. */
export interface IndentProblem {
  /** 1-based line and column (the column of the line's first character). */
  readonly line: number;
  readonly column: number;
  /** The line's indentation, in spaces. */
  readonly spaces: number;
  /** What it starts with: a key's name, or "- " for an item. */
  readonly what: string;
  /** `deeper`: below a key that has its value; `between`: lines up with no key or item; `not-item`: at a list's column without "- ". */
  readonly kind: 'deeper' | 'between' | 'not-item';
  /** The indentation that would place it (in spaces), and the key or item that has it (its line). */
  readonly fix: { readonly spaces: number; readonly like: string; readonly line: number };
}

interface Level {
  readonly col: number;
  readonly kind: 'map' | 'seq';
  /** The last key at this level (a mapping), or "- " (a list), and its line. */
  like: string;
  line: number;
}

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"[\]{},&*!|>?%@`-][^#]*?|-[^\s#][^#]*?)[ \t]*:(?:[ \t]+|$)/;

/** Whether brackets and quotes close on the line (a flow collection or quoted scalar over several lines is not followed). */
function closes(value: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quote !== null) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === '#' && (i === 0 || value[i - 1] === ' ')) break;
  }
  return depth === 0 && quote === null;
}

/** The first misplaced indent of a block YAML text, or null (none found, or text it does not follow). */
export function misplacedIndent(text: string): IndentProblem | null {
  const lines = text.split(/\r\n|\r|\n/);
  const stack: Level[] = [];
  /** The column under which the line above opened a block (a key or "-" with nothing after it), or -1. */
  let opened = -1;
  /** Inside a block scalar: lines deeper than this column are its text. */
  let scalarAt = -1;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const indent = /^ */.exec(raw)![0].length;
    const rest = raw.slice(indent);
    if (rest === '' || rest.startsWith('#')) continue;
    if (scalarAt >= 0) {
      if (indent > scalarAt) continue;
      scalarAt = -1;
    }
    // Tabs, documents, directives and complex keys: not followed.
    if (rest.startsWith('\t') || /^(---|\.\.\.)(\s|$)/.test(rest) || rest.startsWith('%') || rest.startsWith('? '))
      return null;
    const item = rest === '-' || rest.startsWith('- ');
    const key = item ? null : KEY.exec(rest);
    const what = item ? '- ' : key !== null ? key[1]! : null;
    // Where the line goes: pop what it is not inside of.
    const wasOpened = opened;
    opened = -1;
    const innermost = stack[stack.length - 1]?.col ?? -1;
    // The shallowest level the line leaves (the nearest one deeper than it).
    let left: Level | undefined;
    while (stack.length > 0 && stack[stack.length - 1]!.col > indent) left = stack.pop();
    const leftFix = left === undefined ? null : { spaces: left.col, like: left.like, line: left.line };
    let top = stack[stack.length - 1];
    // A key at the column of a list that stands at its mapping's column ("key:" then "- a" under it): the mapping's.
    if (top !== undefined && top.col === indent && top.kind === 'seq' && !item) {
      const below = stack[stack.length - 2];
      if (below !== undefined && below.col === indent && below.kind === 'map') {
        stack.pop();
        top = below;
      }
    }
    const at = { line: i + 1, column: indent + 1, spaces: indent };
    if (top !== undefined && top.col < indent) {
      const nested = wasOpened >= 0 && indent > wasOpened;
      if (!nested) {
        if (what === null) return null; // a plain scalar's next line, or text not followed
        // Deeper than the line above, whose key has its value already; or between two levels.
        return indent > innermost
          ? { ...at, what, kind: 'deeper', fix: { spaces: top.col, like: top.like, line: top.line } }
          : { ...at, what, kind: 'between', fix: nearest(top, indent, leftFix) };
      }
    } else if (top !== undefined && top.col === indent) {
      if (top.kind === 'seq' && !item) {
        if (what === null) return null;
        return {
          ...at,
          what,
          kind: 'not-item',
          fix: leftFix ?? { spaces: indent + 2, like: top.like, line: top.line },
        };
      }
      if (top.kind === 'map' && item && !(wasOpened >= 0 && wasOpened === indent)) {
        if (what === null) return null;
        return { ...at, what, kind: 'between', fix: { spaces: top.col, like: top.like, line: top.line } };
      }
    }
    if (what === null) return null;
    // The levels this line opens or continues, then what follows on it.
    let col = indent;
    let body = rest;
    while (body === '-' || body.startsWith('- ')) {
      const t = stack[stack.length - 1];
      if (t !== undefined && t.col === col && t.kind === 'seq') {
        t.like = '- ';
        t.line = i + 1;
      } else stack.push({ col, kind: 'seq', like: '- ', line: i + 1 });
      if (body === '-') {
        opened = col;
        body = '';
        break;
      }
      const after = /^- +/.exec(body)![0].length;
      col += after;
      body = body.slice(after);
    }
    if (body === '' || body.startsWith('#')) {
      if (opened < 0) opened = col;
      continue;
    }
    const k = KEY.exec(body);
    if (k === null) {
      if (!closes(body)) return null;
      if (/^[|>][-+0-9]*[ \t]*(#.*)?$/.test(body)) scalarAt = col - 1;
      continue;
    }
    const t = stack[stack.length - 1];
    if (t !== undefined && t.col === col && t.kind === 'map') {
      t.like = k[1]!;
      t.line = i + 1;
    } else stack.push({ col, kind: 'map', like: k[1]!, line: i + 1 });
    const value = body.slice(k[0].length);
    if (value === '' || value.startsWith('#')) opened = col;
    else if (/^[|>][-+0-9]*[ \t]*(#.*)?$/.test(value)) scalarAt = col;
    else if (/^[&!]\S*[ \t]*(#.*)?$/.test(value))
      opened = col; // an anchor or a tag, its value below
    else if (!closes(value)) return null;
  }
  return null;
}

/** The level nearest `indent` (the deeper one when two are as near): where the line most likely belongs. */
function nearest(top: Level, indent: number, left: IndentProblem['fix'] | null): IndentProblem['fix'] {
  const under = { spaces: top.col, like: top.like, line: top.line };
  if (left === null) return under;
  return left.spaces - indent <= indent - top.col ? left : under;
}
