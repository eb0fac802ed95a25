import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readBench } from '../bench/read';
import { planBench } from '../core/day';
import { LazyList, lazyMap, streamed, writeJson } from './json-stream';
import { benchPlanJson, failureJson } from './report';
import { largeBench } from '../../bench/large-bench';

/** What writeJson writes, and the chunks it wrote it in. */
function written(value: unknown): { text: string; chunks: string[] } {
  const chunks: string[] = [];
  writeJson(value, (t) => chunks.push(t));
  return { text: chunks.join(''), chunks };
}

describe('writeJson', () => {
  it('writes what JSON.stringify writes, LazyLists item by item and marked objects key by key', () => {
    let made = 0;
    const value = streamed({
      a: 1,
      skipped: undefined,
      fn: () => 1,
      list: new LazyList(3, (i) => {
        made++;
        return i === 1 ? undefined : { i, text: 'é “x”\n', none: undefined };
      }),
      inner: streamed({ names: lazyMap(['a', 'b'], (s) => s.toUpperCase()), n: -0, big: 1e21, nan: NaN }),
      plain: { deep: [1, { x: 'y' }], when: new Date(0) },
      empty: new LazyList(0, () => 1),
    });
    const { text } = written(value);
    expect(made).toBe(3);
    expect(text).toBe(JSON.stringify(value));
    expect(JSON.parse(text).list).toEqual([{ i: 0, text: 'é “x”\n' }, null, { i: 2, text: 'é “x”\n' }]);
    expect(Object.keys(JSON.parse(text))).toEqual(['a', 'list', 'inner', 'plain', 'empty']);
  });

  it('writes a long line in chunks, not as one string', () => {
    const value = streamed({ items: new LazyList(20_000, (i) => ({ name: `card_${i}`, at: i })) });
    const { text, chunks } = written(value);
    expect(text).toBe(JSON.stringify(value));
    expect(chunks.length).toBeGreaterThan(5);
    // 64 K characters, and at most one batch of items more.
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(100_000);
    expect(text.length).toBeGreaterThan(500_000);
  });

  it('writes a planned bench as JSON.stringify does: a fixture, and a generated bench with hundreds of warnings', () => {
    const texts = [
      readFileSync(new URL('../../fixtures/bench_4gb.yaml', import.meta.url), 'utf8'),
      largeBench(600, 7, 'warnings').text,
    ];
    for (const t of texts) {
      const r = readBench(t);
      if (!r.ok) throw new Error('the bench should read');
      if (t === texts[1]) expect(r.warnings.length).toBeGreaterThan(200);
      const line = benchPlanJson(r.bench, 'b.yaml', planBench(r.bench), r.warnings);
      const text = written(line).text;
      expect(text).toBe(JSON.stringify(line));
      // One entry per problem, each with its line and column.
      expect(JSON.parse(text).warnings.length).toBe(r.warnings.length);
    }
    const failed = readBench('hardware: {vram_gb: x}\nmodels: []\n');
    if (failed.ok) throw new Error('the bench should not read');
    const f = failureJson('bad.yaml', failed.errors, failed.warnings);
    expect(written(f).text).toBe(JSON.stringify(f));
  });
});
