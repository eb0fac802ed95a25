/**
 * Fuzzing the import: 10,000+ random and mutated documents through `readBench`, the reader
 * the page's import (in its worker) and the CLI use. No exception escapes; every refusal
 * carries a message; every accepted bench is valid by the same rules; nothing pollutes
 * Object.prototype.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readBench } from './read';

const fixture = (f: string) => readFileSync(new URL(`../../fixtures/${f}`, import.meta.url), 'utf8');
const bases = ['bench_4gb.yaml', 'bench_8gb.yaml', 'bench_24gb.yaml', 'case-study-template.yaml'].map(fixture);

function check(text: string): boolean {
  let r;
  try {
    r = readBench(text);
  } catch (e) {
    throw new Error(`readBench threw on ${JSON.stringify(text.slice(0, 200))}: ${String(e)}`);
  }
  if (r.ok) {
    // An accepted bench passes the same validation again (as a saved state would).
    // JSON is YAML: the strict reader takes the bench as it is.
    expect(readBench(JSON.stringify(r.bench)).ok).toBe(true);
    for (const m of r.bench.models) expect(typeof m.name).toBe('string');
  } else {
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) {
      expect(typeof e.message).toBe('string');
      expect(e.message.length).toBeGreaterThan(0);
      expect(e.line).toBeGreaterThanOrEqual(0);
    }
  }
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  return true;
}

const tokens = fc.constantFrom(
  '',
  ' ',
  '  ',
  '\n',
  '\t',
  '-',
  '- ',
  ':',
  ': ',
  '#',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '!!str ',
  '!!binary ',
  '|',
  '>',
  '? ',
  '---\n',
  '...\n',
  '%YAML 1.1\n',
  '<<: *a',
  'hardware',
  'models',
  'windows',
  'vram_gb',
  'ram_gb',
  'cpu_cores',
  'name',
  'residency',
  'GPU_SHARED',
  'CPU_ONLY',
  '__proto__',
  'constructor',
  'prototype',
  'polluted',
  '.nan',
  '.inf',
  '-.inf',
  '1e309',
  '0x10',
  '0o7',
  '1_000',
  'yes',
  'on',
  '~',
  'null',
  '<script>alert(1)</script>',
  '\u0000',
  '\uFFFD',
  '\u202E',
  '😀',
);

describe('import fuzz', () => {
  it('random token soups (4,000)', () => {
    fc.assert(
      fc.property(fc.array(tokens, { maxLength: 60 }), (ts) => check(ts.join(''))),
      { numRuns: 4000 },
    );
  }, 60_000);

  it('mutated reference benches (4,000)', () => {
    const edit = fc.record({
      at: fc.nat(),
      del: fc.nat({ max: 8 }),
      ins: fc.oneof(tokens, fc.string({ maxLength: 6 })),
    });
    fc.assert(
      fc.property(fc.nat({ max: bases.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), (b, es) => {
        let text = bases[b]!;
        for (const e of es) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.ins + text.slice(at + e.del);
        }
        return check(text);
      }),
      { numRuns: 4000 },
    );
  }, 120_000);

  it('random structured documents (2,000)', () => {
    const key = fc.oneof(
      fc.constantFrom('hardware', 'models', 'windows', 'name', 'vram_gb', 'ram_gb', 'cpu_cores', 'residency'),
      fc.constantFrom('__proto__', 'constructor', 'pattern', 'candidates', 'gpu_job', 'hours', 'cores'),
      fc.string({ maxLength: 8 }),
    );
    const scalar = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.string({ maxLength: 12 }),
      fc.constantFrom('GPU_SHARED', 'GPU_EXCLUSIVE', 'CPU_ONLY', 'GPU_RAM_OVERFLOW', 'serial_handoff'),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 5 }),
      map: fc.dictionary(key, tie('node'), { maxKeys: 6 }),
    })).node;
    fc.assert(
      fc.property(value, fc.boolean(), (v, flow) => {
        const text = stringify(v, { version: '1.1', ...(flow ? { flowLevel: 0 } : {}) });
        return check(text);
      }),
      { numRuns: 2000 },
    );
  }, 60_000);

  it('hostile templates each get a refusal or inert text', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i++)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(',')}]`,
      );
    const cases = [
      bomb.join('\n'),
      '['.repeat(10000),
      '- '.repeat(5000) + 'x',
      `${'  '.repeat(300)}x: 1`,
      'hardware: {vram_gb: .nan, ram_gb: .inf, cpu_cores: -.inf}\nmodels: []',
      '\u0000\u0001\u0002binary\u0003',
      'x'.repeat(9 * 1024 * 1024),
    ];
    for (const c of cases) {
      const r = readBench(c);
      expect(r.ok).toBe(false);
      check(c);
    }
    // __proto__ and constructor keys are ignored with a warning, and pollute nothing.
    for (const k of ['__proto__: {polluted: 1}', 'constructor: {prototype: {polluted: 1}}']) {
      const r = readBench(`${k}\nhardware: {vram_gb: 4, ram_gb: 8, cpu_cores: 2}\nmodels: []`);
      expect(r.ok && r.warnings.map((w) => w.path)).toEqual([k.split(':')[0]]);
      check(k);
    }
    const html = readBench(
      'hardware: {vram_gb: 4, ram_gb: 8, cpu_cores: 2}\nmodels:\n  - {name: "<img src=x onerror=alert(1)>", vram_gb: 1, residency: CPU_ONLY}\n',
    );
    expect(html.ok && html.bench.models[0]?.name).toBe('<img src=x onerror=alert(1)>');
  });
});
