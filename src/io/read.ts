/**
 * YAML in: nvinx's config files, the planner's bench document (with windows), and
 * nvinx's case-study submissions. Every problem is reported at once, with its field
 * path, line and column. Hostile input gets a clear refusal, never a hang or a crash.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { precheck, Reader, refuse, validate, type Locate, type ReadResult } from './bench-reader';
import { fastParse } from './fastyaml';
import { LIMITS } from './limits';

interface Located {
  readonly doc: Document;
  readonly lines: LineCounter;
}

function parseWithPositions(text: string): Located {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    version: '1.1',
    prettyErrors: false,
    uniqueKeys: true,
    intAsBigInt: true,
  });
  return { doc, lines };
}

/** Positions from yaml's document: walk down the path as far as it exists. */
function locator(located: () => Located): Locate {
  return (path, atKey) => {
    const { doc, lines } = located();
    // Walk down as far as the path exists; point at the deepest node found.
    let node: unknown = doc.contents;
    let offset = (node as Node | null)?.range?.[0] ?? 0;
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
        if (pair === undefined) break;
        const keyNode = pair.key as Node;
        offset = keyNode.range?.[0] ?? offset;
        if (atKey && part === path[path.length - 1]) break;
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

/** Read a bench from YAML text. Never throws. */
export function readBench(text: string): ReadResult {
  const pre = precheck(text);
  if (pre !== null) return pre;
  // The fast path reads the plain YAML benches are written in; anything else goes to yaml.
  const fast = fastParse(text);
  if (fast !== undefined) {
    // Positions are needed only for messages: parse with yaml only when there is one.
    let located: Located | null = null;
    return validate(new Reader(locator(() => (located ??= parseWithPositions(text)))), fast);
  }
  let located: Located;
  try {
    located = parseWithPositions(text);
  } catch {
    return refuse('the YAML could not be read (the document is too complex)');
  }
  const { doc, lines } = located;
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        const first = e.message.split('\n')[0] ?? e.message;
        return {
          severity: 'error' as const,
          message: `YAML syntax: ${first.replace(/ at line \d+, column \d+:?$/, '')}`,
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
  return validate(new Reader(locator(() => located)), root);
}
