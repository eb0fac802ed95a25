import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { fastParse, fastParseWithPositions } from './fastyaml';
import { fastLocator, locator, parseWithPositions } from './read';
import { writeBench, writeNvinxConfig } from './write';
import { writeExport } from '../exports/write-export';
import { arbBench } from '../test/arbitraries';

/** What `yaml` makes of the text (as readBench reads it), or undefined when it refuses. */
function reference(text: string): unknown {
  try {
    const { doc } = parseWithPositions(text);
    return doc.errors.length > 0 ? undefined : doc.toJS();
  } catch {
    return undefined;
  }
}

/** The contract: the fast path either gives up, or agrees with yaml exactly. */
function agrees(text: string): boolean {
  const fast = fastParse(text);
  if (fast === undefined) return true;
  expect(fast, text).toEqual(reference(text));
  // toEqual treats -0 and 0 alike and ignores prototypes; check those too.
  // (bigints, the integers, are written with an `n` so 1 and 1.0 differ.)
  const json = (v: unknown) => JSON.stringify(v, (_, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));
  expect(json(fast)).toBe(json(reference(text)));
  // Where each entry is: the fast path's positions point where yaml's do, key and value.
  const withPos = fastParseWithPositions(text);
  if (withPos === undefined) throw new Error('positions: the fast path gave up the second time');
  const doc = parseWithPositions(text);
  const slow = locator(() => doc);
  const quick = fastLocator(withPos.value, withPos.positions, () => slow);
  const walk = (v: unknown, path: (string | number)[]) => {
    if (v === null || typeof v !== 'object') return;
    const entries: [string | number, unknown][] = Array.isArray(v)
      ? v.map((x, i) => [i, x])
      : Object.entries(v as Record<string, unknown>);
    for (const [k, x] of entries) {
      const p = [...path, k];
      for (const atKey of Array.isArray(v) ? [false] : [false, true]) {
        expect(quick(p, atKey), `${JSON.stringify(p)} atKey=${atKey} in\n${text}`).toEqual(slow(p, atKey));
      }
      walk(x, p);
    }
  };
  walk(withPos.value, []);
  return true;
}

const fixture = (f: string) => readFileSync(new URL(`../../fixtures/${f}`, import.meta.url), 'utf8');

describe('fast YAML path', () => {
  it.each(['bench_4gb.yaml', 'bench_8gb.yaml', 'bench_24gb.yaml'])('reads nvinx %s itself, as yaml does', (f) => {
    expect(fastParse(fixture(f))).toBeDefined();
    agrees(fixture(f));
  });

  it('reads what the planner writes, as yaml does', () => {
    fc.assert(
      fc.property(arbBench, (b) => {
        for (const text of [
          writeBench(b),
          writeNvinxConfig(b),
          writeExport('case-study', b, { submitter: 'x', date: '2026-01-02' }),
        ]) {
          expect(fastParse(text)).toBeDefined();
          agrees(text);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with yaml on arbitrary documents in many styles', () => {
    const key = fc.oneof(
      fc.constantFrom('name', 'vram_gb', 'a b', 'x-y', 'yes', 'null', '1', 'é'),
      fc.string({ maxLength: 6 }),
    );
    const scalar = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        'yes',
        'No',
        'on',
        '~',
        'null',
        'true',
        '0.0',
        '-0',
        '1e3',
        '0x1F',
        '1_000',
        '12:30',
        '2026-01-02',
        '.inf',
        'a: b',
        'a #b',
        "it's",
        '"q"',
        '- x',
        '[x]',
        'x,y',
      ),
      fc.integer({ min: -1e6, max: 1e6 }),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
      fc.boolean(),
      fc.constant(null),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 4 }),
      map: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
    })).node;
    const options = fc.record({
      flowLevel: fc.constantFrom(undefined, 0, 1, 2),
      defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE'),
      indentSeq: fc.boolean(),
      indent: fc.constantFrom(2, 4),
    });
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), options, fc.boolean(), (doc, o, comments) => {
        const { flowLevel, ...rest } = o;
        let text = stringify(doc, { version: '1.1', ...rest, ...(flowLevel === undefined ? {} : { flowLevel }) });
        if (comments)
          text = text
            .split('\n')
            .map((l, i) => (i % 3 === 1 && !l.includes("'") && !l.includes('"') ? `${l} # note` : l))
            .join('\n');
        return agrees(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with yaml when a key is given twice (yaml keeps the last, as PyYAML)', () => {
    const lines = fixture('bench_4gb.yaml').split('\n');
    fc.assert(
      fc.property(fc.nat({ max: lines.length - 1 }), fc.nat({ max: lines.length }), (from, to) => {
        // A line copied elsewhere: often a key given twice in its mapping, or a card's keys in another card.
        const copy = [...lines];
        copy.splice(to, 0, lines[from]!);
        return agrees(copy.join('\n'));
      }),
      { numRuns: 500 },
    );
    const twice = 'hardware:\n  vram_gb: 4\n  ram_gb: 32\n  vram_gb: 6\nmodels: {a: 1, a: 2}\n';
    expect(reference(twice)).toEqual({ hardware: { vram_gb: 6n, ram_gb: 32n }, models: { a: 2n } });
    agrees(twice);
  });

  it('agrees with yaml on mutated bench files (or gives up)', () => {
    const base = fixture('bench_4gb.yaml');
    const edits = fc.array(
      fc.record({
        at: fc.nat({ max: base.length }),
        del: fc.nat({ max: 3 }),
        ins: fc.constantFrom(
          '',
          ' ',
          '\n',
          '-',
          ':',
          '#',
          '"',
          "'",
          '[',
          '{',
          ',',
          '  ',
          '\t',
          'x',
          '0',
          '&a',
          '*a',
          '|',
          '? ',
        ),
      }),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(edits, (es) => {
        let text = base;
        for (const e of es) {
          const at = Math.min(e.at, text.length);
          text = text.slice(0, at) + e.ins + text.slice(at + e.del);
        }
        return agrees(text);
      }),
      { numRuns: 3000 },
    );
  });
});
