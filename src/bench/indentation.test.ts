import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { misplacedIndent } from './indentation';

describe('misplacedIndent', () => {
  it('finds nothing in well-indented YAML of every block form it follows', () => {
    const ok = [
      'a: 1\nb:\n  c: 2\n  d:\n    - 1\n    - e: 3\n      f: 4\ng: x\n',
      'key:\n- a\n- b\nnext: 1\n', // a list at its key's column
      'text: |\n  line one\n    indented more\n  line two\nafter: 1\n', // a block scalar's lines are its text
      'folded: >-\n   x\n y: not a key\nafter: 1\n'.replace(' y:', '   y:'),
      'plain: a long\n  value on two lines\nnext: 2\n', // a plain scalar's next line
      '# comment\n\nm:\n  # indented comment\n    # deeper comment\n  n: 1\n',
      'models:\n  - {name: a, vram_gb: 1}\n  - name: b\n    vram_gb: 2\n',
      'base: &b\n  x: 1\nother: *b\n',
      '- - 1\n  - 2\n- 3\n',
    ];
    for (const text of ok) {
      expect(parseDocument(text).errors, text).toEqual([]);
      expect(misplacedIndent(text), text).toBeNull();
    }
  });

  it('finds nothing in the presets and nvinx reference benches', () => {
    const dirs = ['src/store/presets', '/work/shared/reference'];
    let files = 0;
    for (const d of dirs) {
      let names: string[];
      try {
        names = readdirSync(d);
      } catch {
        continue; // the reference benches live outside the repository
      }
      for (const f of names.filter((n) => n.endsWith('.yaml'))) {
        files++;
        expect(misplacedIndent(readFileSync(`${d}/${f}`, 'utf8')), f).toBeNull();
      }
    }
    expect(files).toBeGreaterThanOrEqual(4);
  });

  it('gives no answer for text it does not follow (a flow collection over lines, documents)', () => {
    expect(misplacedIndent('a: [1,\n  2]\n b: 3\n')).toBeNull();
    expect(misplacedIndent('---\na: 1\n---\nb: 2\n')).toBeNull();
  });

  it('says where the line belongs: the nearest level, the deeper one on a tie', () => {
    expect(misplacedIndent('a:\n  b:\n    c: 1\n   d: 2\n')).toMatchObject({
      line: 4,
      kind: 'between',
      fix: { spaces: 4, like: 'c', line: 3 },
    });
    expect(misplacedIndent('a:\n  b:\n    c: 1\n d: 2\n')).toMatchObject({
      line: 4,
      kind: 'between',
      fix: { spaces: 2, like: 'b', line: 2 },
    });
    expect(misplacedIndent('a:\n  b: 1\n    - x\n')).toMatchObject({ line: 3, kind: 'deeper', what: '- ' });
  });
});
