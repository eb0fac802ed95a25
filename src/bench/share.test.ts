import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { arbBench } from '../test/arbitraries';
import type { Bench } from '../core/types';
import { EMPTY_BENCH } from '../core/defaults';
import { readBench } from './read';
import { decodeShareFragment, encodeShareFragment, MAX_FRAGMENT_LENGTH, shareLinkAction, shareLinkFor } from './share';
import { benchKey } from './bench-key';
import { isShareFragment } from './share-fragment';

const fixture = (f: string) => readFileSync(new URL(`../../fixtures/${f}`, import.meta.url), 'utf8');
const message = (f: string) => {
  const r = decodeShareFragment(f);
  expect(r.ok).toBe(false);
  return r.ok ? '' : (r.errors[0]?.message ?? '');
};

describe('share links', () => {
  it('encode then decode gives the identical bench (random benches)', () => {
    fc.assert(
      fc.property(arbBench, (b) => {
        const f = encodeShareFragment(b);
        expect(f).toMatch(/^bench=1\.[A-Za-z0-9_-]+$/);
        const r = decodeShareFragment(`#${f}`);
        expect(r.ok && r.bench).toEqual(b);
      }),
      { numRuns: 200 },
    );
  });

  it('carries the 4 GB reference bench in a short link', () => {
    const r = readBench(fixture('bench_4gb.yaml'));
    if (!r.ok) throw new Error('fixture');
    const f = encodeShareFragment(r.bench);
    expect(f.length).toBeLessThan(1000);
    expect(isShareFragment(`#${f}`)).toBe(true);
    expect(benchKey((decodeShareFragment(f) as { bench: typeof r.bench }).bench)).toBe(benchKey(r.bench));
  });

  it('says a truncated link is damaged because it was truncated, at any cut', () => {
    const r = readBench(fixture('bench_8gb.yaml'));
    if (!r.ok) throw new Error('fixture');
    const f = encodeShareFragment(r.bench);
    for (let cut = 'bench=1.'.length; cut < f.length - 1; cut++) {
      const m = message(f.slice(0, cut));
      expect(m).toMatch(/^This share link is damaged: /);
      expect(m).toMatch(/truncated/);
      expect(m).not.toMatch(/never contains|corrupt/);
    }
  });

  it('refuses edited, foreign and oversized fragments with a message', () => {
    expect(message('bench=1.AB@@')).toMatch(/has "@" at character 3, which a share link never contains/);
    expect(message('bench=9.abc')).toMatch(/version/);
    expect(message('bench=1.' + 'A'.repeat(MAX_FRAGMENT_LENGTH))).toMatch(/KB long/);
    expect(message('other=1')).toMatch(/does not carry a bench/);
    const bogus = (json: string) => `bench=1.${Buffer.from(deflateSync(strToU8(json))).toString('base64url')}`;
    expect(message(bogus('not json'))).toMatch(/not a bench/);
    expect(message(bogus('{"__proto__": {"x": 1}, "bench": null}'))).toMatch(/not a bench/);
    expect(message(bogus('{"bench": [1, 2]}'))).toMatch(/not a bench/);
  });

  it('repairs a bench it can read, and says what changed', () => {
    const bogus = (json: string) => `bench=1.${Buffer.from(deflateSync(strToU8(json))).toString('base64url')}`;
    const r = decodeShareFragment(
      bogus(
        JSON.stringify({
          bench: {
            hardware: 3,
            models: [
              { name: 'a', vram_gb: 1, residency: 'GPU_SHARED', cores: 12 },
              { name: 'a', vram_gb: 'big', residency: 'GPU_SHARD' },
            ],
            windows: [{ name: 'w', pattern: 'fractional_coresidency', candidates: ['a', 'gone'] }],
          },
        }),
      ),
    );
    if (!r.ok) throw new Error('a readable bench is repaired, not refused');
    expect(r.bench.hardware).toEqual(EMPTY_BENCH.hardware);
    expect(r.bench.models.map((m) => [m.name, m.vram_gb, m.residency, m.cores])).toEqual([
      ['a', 1, 'GPU_SHARED', 12],
      ['a_2', 0, 'GPU_SHARED', undefined],
    ]);
    expect(r.bench.windows?.[0]).toMatchObject({ candidates: ['a'] });
    expect(r.warnings.map((w) => w.message)).toEqual([
      "hardware must be a mapping of vram_gb, ram_gb and cpu_cores, got 3: the default bench's hardware is used",
      'models[1].vram_gb must be a number, got the text "big": set to 0',
      'models[1].residency unknown residency "GPU_SHARD" (did you mean GPU_SHARED?); allowed: GPU_EXCLUSIVE, GPU_SHARED, CPU_ONLY, GPU_RAM_OVERFLOW: set to "GPU_SHARED"',
      'models[1].name "a" is already the name of models[0]; names must be unique: renamed to "a_2"',
      'windows[0].candidates[1] names "gone", but no model card has that name: removed from the window',
    ]);
  });

  it('stops inflating a link bomb at the size limit', () => {
    // 40 MB of spaces deflate to ~40 KB: a small link that would expand past the limit.
    const bomb = `bench=1.${Buffer.from(deflateSync(new Uint8Array(40 * 1024 * 1024).fill(32), { level: 9 })).toString('base64url')}`;
    expect(bomb.length).toBeLessThan(MAX_FRAGMENT_LENGTH);
    expect(message(bomb)).toMatch(/larger than the planner reads/);
  });

  it('benchKey ignores key order and undefined fields', () => {
    expect(benchKey({ models: [], hardware: { ram_gb: 1, vram_gb: 2, cpu_cores: 1 } })).toBe(
      benchKey({ hardware: { vram_gb: 2, cpu_cores: 1, ram_gb: 1 }, models: [], name: undefined } as unknown as Bench),
    );
  });

  it('decides what opening a link does: nothing, damaged, same, load over an untouched bench, or ask', () => {
    const read = (f: string) => {
      const r = readBench(fixture(f));
      if (!r.ok) throw new Error('fixture');
      return r.bench;
    };
    const [four, eight] = [read('bench_4gb.yaml'), read('bench_8gb.yaml')];
    const link = `#${encodeShareFragment(eight)}`;
    expect(shareLinkAction('', four, [four])).toEqual({ kind: 'none' });
    expect(shareLinkAction('#bench=1.AAAA', four, [four]).kind).toBe('damaged');
    expect(shareLinkAction(link, eight, [four])).toEqual({ kind: 'same' });
    expect(shareLinkAction(link, four, [four])).toEqual({ kind: 'load', bench: eight, changes: [] });
    expect(shareLinkAction(link, { ...four, name: 'edited' }, [four])).toEqual({
      kind: 'ask',
      bench: eight,
      changes: [],
    });
  });
});

describe('the link that carries a bench', () => {
  it('the page’s address and the fragment; none for a bench too large, which is exported instead', () => {
    const r = readBench(fixture('bench_8gb.yaml'));
    if (!r.ok) throw new Error('fixture');
    const made = shareLinkFor(r.bench, 'https://lab.example/planner/');
    expect(made).toEqual({ ok: true, link: `https://lab.example/planner/#${encodeShareFragment(r.bench)}` });
    // Names of random text do not compress: 1,500 cards of 200 such characters pass the limit.
    let seed = 1;
    const noise = () =>
      Array.from({ length: 200 }, () => String.fromCharCode(33 + ((seed = (seed * 48271) % 2147483647) % 90))).join('');
    const big: Bench = {
      ...r.bench,
      models: Array.from({ length: 1500 }, () => ({ ...r.bench.models[0]!, name: noise() })),
    };
    const size = encodeShareFragment(big).length;
    expect(size).toBeGreaterThan(MAX_FRAGMENT_LENGTH);
    expect(shareLinkFor(big, 'x')).toEqual({
      ok: false,
      why: `This bench is too large for a link (${Math.round(size / 1024)} KB); export it as YAML instead.`,
    });
  });
});
