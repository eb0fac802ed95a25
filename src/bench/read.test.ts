import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { readBench } from './read';
import type { ReadResult } from './issues';
import { writeBench, writeNvinxConfig } from './write';
import { writeExport } from '../exports/write-export';
import { caseStudyFileName } from '../exports/case-study';
import { arbBench } from '../test/arbitraries';

const fixture = (f: string) => readFileSync(new URL(`../../fixtures/${f}`, import.meta.url), 'utf8');
function errors(r: ReadResult) {
  if (r.ok) throw new Error('expected the read to fail');
  return r.errors;
}
function bench(r: ReadResult) {
  if (!r.ok) throw new Error(`expected the read to succeed: ${JSON.stringify(r.errors)}`);
  return r;
}

describe('nvinx files load unchanged', () => {
  it.each(['bench_4gb.yaml', 'bench_8gb.yaml', 'bench_24gb.yaml'])('%s', (f) => {
    const r = bench(readBench(fixture(f)));
    expect(r.format).toBe('nvinx');
    expect(r.warnings).toEqual([]);
    expect(r.bench.windows).toBeUndefined();
  });

  it('reads the 4 GB bench into the cards nvinx declares', () => {
    const b = bench(readBench(fixture('bench_4gb.yaml'))).bench;
    expect(b.hardware).toEqual({ vram_gb: 4, ram_gb: 32, cpu_cores: 8 });
    expect(b.models.map((m) => m.name)).toEqual([
      'long_inference',
      'classifier_a',
      'embedder',
      'reranker',
      'feature_extractor',
      'report_writer',
      'big_folder',
    ]);
    expect(b.models[6]).toEqual({
      name: 'big_folder',
      vram_gb: 6,
      residency: 'GPU_RAM_OVERFLOW',
      cpu_fallback_supported: false,
      ram_overflow_supported: true,
      ram_gb_needed: 10,
    });
  });

  it('reads the case-study template: models under workload, the rest kept', () => {
    const r = bench(readBench(fixture('case-study-template.yaml')));
    expect(r.format).toBe('case-study');
    expect(r.bench.hardware.model).toBe('RTX A1000');
    expect(r.bench.models.map((m) => m.name)).toEqual(['long_inference', 'feature_extractor']);
    expect(r.bench.case_study).toMatchObject({
      submitter: 'your-github-handle',
      date: '2026-04-19',
      domain: 'bioinformatics',
      pattern_tried: 'serial_handoff',
      old_wall_clock_hours: 14,
      new_wall_clock_hours: 8,
      what_broke: null,
    });
    expect(r.bench.case_study?.description).toMatch(/^One-paragraph description/);
  });
});

describe('validation reports every problem with its path, line and column', () => {
  const text = [
    'hardware:', //                         1
    '  vram_gb: four', //                   2
    '  ram_gb: -3', //                      3
    '  cpu_cores: 2.5', //                  4
    'models:', //                           5
    '  - name: a', //                       6
    '    vram_gb: .inf', //                 7
    '    residency: gpu_shared', //         8
    '    colour: red', //                   9
    '  - name: a', //                       10
    '    vram_gb: 1.0', //                  11
    '    residency: SOMETIMES', //          12
    'windows:', //                          13
    '  - {name: w, pattern: teleport}', //  14
    '  - {name: v, pattern: ram_overflow, model: ghost}', // 15
  ].join('\n');

  it('lists all of them at once', () => {
    const r = readBench(text);
    const errs = errors(r);
    const at = (path: string) => errs.find((e) => e.path === path);
    expect(at('hardware.vram_gb')).toMatchObject({ line: 2, column: 12 });
    expect(at('hardware.vram_gb')?.message).toMatch(/must be a number, got the text "four"/);
    expect(at('hardware.ram_gb')).toMatchObject({ line: 3, column: 11 });
    expect(at('hardware.cpu_cores')?.message).toMatch(/whole number/);
    expect(at('models[0].vram_gb')?.message).toMatch(/finite/);
    expect(at('models[0].residency')?.message).toMatch(
      /unknown residency "gpu_shared" \(did you mean GPU_SHARED\?\); allowed: GPU_EXCLUSIVE, GPU_SHARED, CPU_ONLY, GPU_RAM_OVERFLOW/,
    );
    expect(at('models[1].name')).toMatchObject({ line: 10, column: 11 });
    expect(at('models[1].name')?.message).toMatch(/already the name of models\[0\]/);
    expect(at('models[1].residency')).toMatchObject({ line: 12, column: 16 });
    expect(at('windows[0].pattern')?.message).toMatch(/unknown pattern "teleport"/);
    expect(at('windows[1].model')?.message).toMatch(/no model card has that name/);
    if (r.ok) throw new Error('unreachable');
    expect(r.warnings).toEqual([
      expect.objectContaining({ path: 'models[0].colour', line: 9, column: 5, severity: 'warning' }),
    ]);
  });

  const HW = 'hardware: {vram_gb: 4, ram_gb: 32, cpu_cores: 8}\n';

  it('explains a tab in the indentation once, in plain words, at the tab', () => {
    const one = errors(readBench('hardware:\n  vram_gb: 4\n\tram_gb: 8\n  cpu_cores: 2\nmodels: []\n'));
    expect(one).toEqual([
      expect.objectContaining({
        message:
          'line 3 is indented with a tab: YAML indents with spaces only. ' +
          'Replace each tab with spaces, lined up with the lines around it.',
        line: 3,
        column: 1,
        path: '',
      }),
    ]);
    const three = errors(readBench('hardware:\n\tvram_gb: 4\n\tram_gb: 8\n  \tcpu_cores: 2\nmodels: []\n'));
    expect(three).toHaveLength(1);
    expect(three[0]).toMatchObject({ line: 2, column: 1 });
    expect(three[0]!.message).toMatch(/^line 2 is indented with a tab \(lines 3 and 4 too\)/);
    expect(three[0]!.message).not.toMatch(/YAML syntax|mapping|implicit/i);
  });

  describe('a misplaced indent is said once, at its line, with the fix', () => {
    const card = (fields: string) =>
      `hardware:\n  vram_gb: 4\n  ram_gb: 8\n  cpu_cores: 2\nmodels:\n  - name: a\n${fields}  - name: b\n    vram_gb: 0.5\n`;
    it.each([
      [
        "a card's field one space less",
        card('   vram_gb: 1\n    residency: GPU_SHARED\n'),
        7,
        4,
        'Indentation: "vram_gb" is indented 3 spaces, which lines up with no key or item above it. Indent it 4 spaces, as "name" on line 6.',
      ],
      [
        "a card's field one space more",
        card('     vram_gb: 1\n    residency: GPU_SHARED\n'),
        7,
        6,
        'Indentation: "vram_gb" is indented 5 spaces, deeper than "name" on line 6, which has its value already. Indent it 4 spaces, as "name" on line 6.',
      ],
      [
        "a card's field at the list's column",
        card('    vram_gb: 1\n  residency: GPU_SHARED\n'),
        8,
        3,
        'Indentation: "residency" is indented 2 spaces, at the column of the list\'s items, without "- ". Indent it 4 spaces, as "vram_gb" on line 7, to keep it in that item, or start it with "- " for a new one.',
      ],
      [
        'a hardware field one space less',
        'hardware:\n  vram_gb: 4\n ram_gb: 8\n  cpu_cores: 2\nmodels: []\n',
        3,
        2,
        'Indentation: "ram_gb" is indented 1 space, which lines up with no key or item above it. Indent it 2 spaces, as "vram_gb" on line 2.',
      ],
    ])('%s', (_, text, line, column, words) => {
      const e = errors(readBench(text));
      expect(e).toHaveLength(1);
      expect(e[0]).toMatchObject({ line, column, path: '' });
      // Ours first; the parser's words kept after it, as a detail.
      expect(e[0]!.message.startsWith(`${words} (The YAML parser: "`)).toBe(true);
    });

    it('leaves the parser its own words for a mistake that is not an indent', () => {
      const e = errors(readBench('hardware: {vram_gb: 4, ram_gb: 8\nmodels: []\n'));
      expect(e.length).toBeGreaterThan(0);
      expect(e[0]!.message).toMatch(/^YAML syntax: /);
    });
  });

  it.each([
    ['GPU_SHRED', 'GPU_SHARED'],
    ['GPU_SHARD', 'GPU_SHARED'],
    ['gpu_shared', 'GPU_SHARED'],
    ['CPU_ONYL', 'CPU_ONLY'],
  ])('suggests the nearest residency for %s', (typed, near) => {
    const errs = errors(readBench(`${HW}models:\n  - {name: a, vram_gb: 1, residency: ${typed}}\n`));
    expect(errs[0]?.message).toContain(`(did you mean ${near}?)`);
    // The path is the message's subject, once.
    expect(errs[0]?.message.match(/models\[0\]\.residency/g)).toHaveLength(1);
  });

  it('suggests the nearest pattern', () => {
    const text = `${HW}models:\n  - {name: a, vram_gb: 1, residency: GPU_SHARED}\nwindows:\n  - {name: w, pattern: fractional_coresidncy, candidates: [a]}\n`;
    expect(errors(readBench(text))[0]?.message).toContain('(did you mean fractional_coresidency?)');
  });

  it('reports YAML syntax errors with their place', () => {
    const errs = errors(readBench('hardware:\n  vram_gb: 4\n  ram_gb: [1, 2\nmodels: []\n'));
    expect(errs[0]?.message).toMatch(/^YAML syntax/);
    expect(errs[0]?.line).toBeGreaterThan(0);
  });

  it('reports missing fields on the mapping that lacks them', () => {
    const errs = errors(readBench('hardware:\n  vram_gb: 4\nmodels:\n  - name: x\n'));
    expect(errs.map((e) => e.message)).toEqual([
      'hardware is missing the required field ram_gb',
      'hardware is missing the required field cpu_cores',
      'models[0] is missing the required field vram_gb',
      'models[0] is missing the required field residency',
    ]);
    expect(errs[2]).toMatchObject({ line: 4, column: 5 });
  });

  it('refuses absurd numbers; cores beyond the bench are a warning (the day gives it them all)', () => {
    const r = readBench(
      'hardware: {vram_gb: 4, ram_gb: 32, cpu_cores: 8}\nmodels:\n  - {name: x, vram_gb: 1e9, residency: CPU_ONLY, cores: 9}\n',
    );
    expect(errors(r).map((e) => e.path)).toEqual(['models[0].vram_gb']);
    expect(r.warnings.map((w) => [w.path, w.line, w.column])).toEqual([['models[0].cores', 3, 57]]);
    const ok = readBench(
      'hardware: {vram_gb: 4, ram_gb: 32, cpu_cores: 8}\nmodels:\n  - {name: x, vram_gb: 1, residency: CPU_ONLY, cores: 9}\n',
    );
    expect(ok.ok && ok.bench.models[0]?.cores).toBe(9);
    expect(ok.warnings[0]?.message).toMatch(/models\[0\]\.cores is 9, more than the bench's 8 CPU cores/);
  });

  it('accepts YAML 1.1 booleans as PyYAML does', () => {
    const r = bench(
      readBench(
        'hardware: {vram_gb: 4, ram_gb: 32, cpu_cores: 8}\nmodels:\n  - {name: x, vram_gb: 1, residency: GPU_SHARED, cpu_fallback_supported: yes}\n',
      ),
    );
    expect(r.bench.models[0]?.cpu_fallback_supported).toBe(true);
  });

  it('reads y, n, e5, E2 and "." as text, as PyYAML does (yaml alone reads booleans and NaN)', () => {
    const names = ['y', 'Y', 'n', 'N', 'e5', 'E2', '.', '-.', 'e-1'];
    // The first list is read by the fast path when it can; the anchor sends the second to yaml's.
    for (const anchor of ['', '&a ']) {
      const cards = names.map(
        (n) => `  - ${anchor && `&c${names.indexOf(n)} `}{name: ${n}, vram_gb: 1, residency: CPU_ONLY}\n`,
      );
      const r = bench(
        readBench(`hardware: ${anchor}{vram_gb: 4, ram_gb: 32, cpu_cores: 8}\nmodels:\n${cards.join('')}`),
      );
      expect(r.bench.models.map((m) => m.name)).toEqual(names);
    }
    // PyYAML's booleans stay booleans, and numbers stay numbers.
    const r = readBench(
      'hardware: &h {vram_gb: 1e1, ram_gb: .5e2, cpu_cores: 8}\nmodels:\n  - {name: on, vram_gb: 1, residency: CPU_ONLY}\n',
    );
    expect(errors(r).map((e) => e.message)).toEqual(['models[0].name must be text, got true']);
  });
});

describe('hostile input is refused quickly and cleanly', () => {
  const ok = 'hardware: {vram_gb: 4, ram_gb: 32, cpu_cores: 8}\nmodels: []\n';
  it.each([
    [
      'an alias bomb',
      `${ok}x: &a [1,1,1,1,1,1,1,1,1,1]\ny: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nz: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nw: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`,
      /alias/,
    ],
    ['deep flow nesting', `${ok}x: ${'['.repeat(100000)}${']'.repeat(100000)}\n`, /nested too deeply/],
    [
      'deep block nesting',
      `${ok}x:\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n')}\n`,
      /nested too deeply/,
    ],
    ['compact sequences', `${ok}x: ${'- '.repeat(1)}\n${'- '.repeat(200)}1\n`, /nested too deeply/],
    [
      'deep nesting after a stray quote',
      `${ok}y: it's\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
      /nested too deeply/,
    ],
    ['a huge file', `${ok}#${'x'.repeat(9 * 1024 * 1024)}\n`, /too large/],
    ['binary', `${ok}\u0000\u0001\u0002`, /not a text file/],
    ['a scalar document', 'just text', /must be a mapping/],
    ['an empty document', '', /empty/],
    ['two documents', `${ok}---\n${ok}`, /YAML syntax/],
  ])('%s', (_, text, message) => {
    const errs = errors(readBench(text));
    expect(errs.length).toBeGreaterThan(0);
    expect(errs.map((e) => e.message).join(' ')).toMatch(message);
  });

  it('reads line breaks written as CR alone, as PyYAML does', () => {
    const lines = [
      'hardware:',
      '  vram_gb: 4.0',
      '  ram_gb: 32.0',
      '  cpu_cores: 8',
      'models:',
      '  - {name: a, vram_gb: 1.0, residency: GPU_SHARED}',
      '  - {name: b, vram_gb: "1", residency: GPU_SHARED}',
    ];
    for (const eol of ['\r', '\r\n', '\n']) {
      const r = errors(readBench(lines.join(eol) + eol));
      expect(r.map((e) => [e.message, e.line, e.column])).toEqual([
        ['models[1].vram_gb must be a number, got the text "1"', 7, 24],
      ]);
    }
  });

  it('prints nothing of its own for a mapping used as a key (yaml would warn on the console)', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const r = bench(readBench(`? [a, b]\n: 1\n${ok}`));
      expect(r.warnings.map((w) => [w.message.split(';')[0], w.line, w.column])).toEqual([
        ['[ a, b ] is not a field the planner knows', 1, 1],
      ]);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('ignores __proto__ and constructor keys without polluting anything', () => {
    const r = bench(readBench(`__proto__: {polluted: 1}\nconstructor: 2\n${ok}`));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getPrototypeOf(r.bench)).toBe(Object.prototype);
    expect(r.warnings.map((w) => w.path)).toEqual(['__proto__', 'constructor']);
  });

  it('keeps a name with HTML as plain text', () => {
    const r = bench(
      readBench(`${ok.replace('[]', '')}  - {name: "<img src=x onerror=alert(1)>", vram_gb: 1, residency: CPU_ONLY}\n`),
    );
    expect(r.bench.models[0]?.name).toBe('<img src=x onerror=alert(1)>');
  });
});

describe('round trips', () => {
  it.runIf(spawnSync('python3', ['-c', 'import yaml']).status === 0)(
    'PyYAML (nvinx) reads the names the planner writes as the planner does, "=" and "<<" too',
    () => {
      const names = ['=', '<<', 'y', 'e5', '1e3', '~', 'yes', '-.5', '09', '12:30', '0o17', '!x', '%x', '@x', 'a: b'];
      const b = bench(readBench(fixture('bench_4gb.yaml'))).bench;
      const models = names.map((name) => ({ ...b.models[0]!, name }));
      for (const text of [writeBench({ ...b, models }), writeNvinxConfig({ ...b, models })]) {
        expect(bench(readBench(text)).bench.models.map((m) => m.name)).toEqual(names);
        const py = spawnSync(
          'python3',
          ['-c', 'import json, sys, yaml; print(json.dumps([m["name"] for m in yaml.safe_load(sys.stdin)["models"]]))'],
          { input: text, encoding: 'utf8' },
        );
        expect(py.stderr).toBe('');
        expect(JSON.parse(py.stdout)).toEqual(names);
      }
    },
  );

  it('bench document: write then read gives the identical bench', () => {
    fc.assert(
      fc.property(arbBench, (b) => {
        const r = bench(readBench(writeBench(b)));
        expect(r.bench).toEqual(b);
      }),
      { numRuns: 200 },
    );
  });

  it.each(['bench_4gb.yaml', 'bench_8gb.yaml', 'bench_24gb.yaml'])('%s: import, export, import keeps the data', (f) => {
    const first = bench(readBench(fixture(f))).bench;
    const nvinx = bench(readBench(writeNvinxConfig(first)));
    expect(nvinx.format).toBe('nvinx');
    expect(nvinx.bench).toEqual(first);
    expect(bench(readBench(writeBench(first))).bench).toEqual(first);
  });

  it('writes GB figures with a decimal point, as nvinx does', () => {
    const text = writeNvinxConfig(bench(readBench(fixture('bench_4gb.yaml'))).bench);
    expect(text).toContain('vram_gb: 4.0');
    expect(text).toContain('cpu_cores: 8\n');
    expect(text).toContain('ram_gb_needed: 10.0');
  });

  it('case study: write then read keeps the bench and the submission fields', () => {
    const first = bench(readBench(fixture('case-study-template.yaml'))).bench;
    const text = writeExport('case-study', first, first.case_study ?? {});
    const again = bench(readBench(text));
    expect(again.format).toBe('case-study');
    expect(again.bench).toEqual(first);
  });

  it('names the case-study file <submitter>_<bench-name>.yaml with safe characters', () => {
    expect(caseStudyFileName({ submitter: 'ada' }, '4 GB bench')).toBe('ada_4-GB-bench.yaml');
    // Not a handle: the file is named as the YAML says, your-github-handle.
    expect(caseStudyFileName({ submitter: '../x' }, '')).toBe('your-github-handle_bench.yaml');
  });
});

describe('the bench document keeps case-study fields', () => {
  it('round-trips case_study', () => {
    const b = bench(
      readBench(readFileSync(new URL('../../fixtures/case-study-template.yaml', import.meta.url), 'utf8')),
    ).bench;
    const again = bench(readBench(writeBench(b)));
    expect(again.format).toBe('bench');
    expect(again.bench).toEqual(b);
  });
});

describe('unknown fields say the field they most likely misspell', () => {
  const text = [
    'hardware:',
    '  vram_gb: 8',
    '  ram_gb: 32',
    '  cpu_cores: 8',
    '  rma_gb: 32',
    '  rram_gb: 16',
    'models:',
    '  - name: a',
    '    vram_gb: 2',
    '    vram_gbb: 3',
    '    residency: GPU_SHARED',
    '    hours_per_dya: 2',
    '    Hour: 2',
    '    cours: 2',
    'windows:',
    '  - name: w',
    '    pattern: fractional_coresidency',
    '    candidates: [a]',
    '    headrom_gb: 0.5',
    '',
  ].join('\n');

  it("names the record's nearest key, at the key's line and column, only when one is nearest", () => {
    const r = bench(readBench(text));
    expect(r.warnings.map((w) => `${w.line}:${w.column} ${w.message}`)).toEqual([
      // Two letters swapped are one edit.
      '5:3 hardware.rma_gb is not a field the planner knows (did you mean ram_gb?); it is ignored',
      // As near to ram_gb as to vram_gb: no guess, the known keys are listed.
      expect.stringMatching(
        /^6:3 hardware\.rram_gb is not a field the planner knows; it is ignored \(known: vram_gb, /,
      ),
      '10:5 models[0].vram_gbb is not a field the planner knows (did you mean vram_gb?); it is ignored',
      // Nothing is near enough.
      expect.stringMatching(
        /^12:5 models\[0\]\.hours_per_dya is not a field the planner knows; it is ignored \(known: name, vram_gb, residency, .*\)$/,
      ),
      // Case is no edit; one letter in five is near enough.
      '13:5 models[0].Hour is not a field the planner knows (did you mean hours?); it is ignored',
      '14:5 models[0].cours is not a field the planner knows (did you mean hours?); it is ignored',
      '19:5 windows[0].headrom_gb is not a field the planner knows (did you mean headroom_gb?); it is ignored',
    ]);
    // Ignored: the card keeps its own vram_gb.
    expect(r.bench.models[0]?.vram_gb).toBe(2);
  });

  it('names a misspelt pattern, though the window cannot be read without it', () => {
    const w = text.replace('    pattern: fractional', '    patern: fractional');
    const r = readBench(w);
    expect(errors(r).map((e) => e.message)).toEqual(['windows[0] is missing the required field pattern']);
    expect(r.warnings.map((x) => x.message)).toContain(
      'windows[0].patern is not a field the planner knows (did you mean pattern?); it is ignored',
    );
  });
});

describe('a key given twice is read as PyYAML reads it: the last value kept, and said', () => {
  const hw = 'hardware:\n  vram_gb: 4\n  ram_gb: 32\n  cpu_cores: 8\n  vram_gb: 6.0\n';
  const cards =
    'models:\n  - {name: a, vram_gb: 1, residency: CPU_ONLY, name: b}\n  - name: c\n    vram_gb: 1\n    residency: CPU_ONLY\n    name: d\n    name: e\n';

  it('keeps the last value and warns at the first occurrence, with the line whose value is used', () => {
    const r = bench(readBench(hw + cards));
    const second = cards.split('\n')[1]!.lastIndexOf('name') + 1;
    expect(r.bench.hardware.vram_gb).toBe(6);
    expect(r.bench.models.map((m) => m.name)).toEqual(['b', 'e']);
    expect(r.warnings.map((w) => [w.line, w.column, w.message])).toEqual([
      [
        2,
        3,
        "hardware.vram_gb is given twice (line 2, then line 5): line 5's value is used, as nvinx's PyYAML keeps the last",
      ],
      [
        7,
        6,
        `models[0].name is given twice (line 7 column 6, then line 7 column ${second}): line 7 column ${second}'s value is used, as nvinx's PyYAML keeps the last`,
      ],
      [
        8,
        5,
        "models[1].name is given 3 times (line 8, then lines 11, 12): line 12's value is used, as nvinx's PyYAML keeps the last",
      ],
    ]);
  });

  it('looks only into the value kept, and reads 1: and "1": as two keys as PyYAML does', () => {
    const text =
      'hardware: {vram_gb: 1.0, vram_gb: 2.0}\n' +
      'hardware:\n  vram_gb: 4.0\n  ram_gb: 16.0\n  cpu_cores: 4\n  1: a\n  "1": b\n' +
      'models: []\n';
    const r = bench(readBench(text));
    expect(r.bench.hardware.vram_gb).toBe(4);
    const said = r.warnings.map((w) => `${w.line}:${w.column} ${w.message}`);
    // The first hardware line is replaced whole: its own repeated key is not said.
    expect(said.filter((m) => m.includes('given'))).toEqual([
      "1:1 hardware is given twice (line 1, then line 2): line 2's value is used, as nvinx's PyYAML keeps the last",
    ]);
  });

  it('a key given thousands of times is one short warning', () => {
    const n = 5000;
    const text = `${hw}models: []\nx:\n${Array.from({ length: n }, (_, i) => `  k: ${i}\n`).join('')}`;
    const w = bench(readBench(text)).warnings;
    expect(w.map((x) => x.path)).toEqual(['hardware.vram_gb', 'x.k', 'x']);
    expect(w[1]!.message).toBe(
      `x.k is given ${n} times (line 8, then lines 9, 10, 11, 12, 13, 14, 15, 16 and ${n - 9} more): line ${n + 7}'s value is used, as nvinx's PyYAML keeps the last`,
    );
  });

  it('a message about the value points at the value that is used', () => {
    const r = errors(readBench(hw.replace('vram_gb: 6.0', 'vram_gb: lots') + 'models: []\n'));
    expect(r.map((e) => [e.line, e.column, e.message])).toEqual([
      [5, 12, 'hardware.vram_gb must be a number, got the text "lots"'],
    ]);
  });

  it.runIf(spawnSync('python3', ['-c', 'import yaml']).status === 0)('reads the same values as PyYAML', () => {
    const text = hw + cards;
    const py = spawnSync(
      'python3',
      [
        '-c',
        'import json, sys, yaml; d = yaml.safe_load(sys.stdin); print(json.dumps([d["hardware"]["vram_gb"], [m["name"] for m in d["models"]]]))',
      ],
      { input: text, encoding: 'utf8' },
    );
    expect(py.stderr).toBe('');
    const b = bench(readBench(text)).bench;
    expect([b.hardware.vram_gb, b.models.map((m) => m.name)]).toEqual(JSON.parse(py.stdout));
  });
});

describe('a null or empty key says what it is', () => {
  it.each([
    ['null:', 'null: 1\n'],
    ['~:', '~: 1\n'],
    ['"":', '"": 1\n'],
  ])('%s at the top, in the hardware card and in a card: the mapping that has it, at the key', (_, key) => {
    const text = `${key}hardware:\n  vram_gb: 4\n  ram_gb: 32\n  cpu_cores: 8\n  ${key}models:\n  - name: a\n    ${key}    vram_gb: 1\n    residency: CPU_ONLY\n`;
    const r = bench(readBench(text));
    const said = 'has a key that is null or empty (null:, ~: or "":), which names no field; it is ignored';
    expect(r.warnings.map((w) => [w.line, w.column, w.path, w.message])).toEqual([
      [1, 1, '', `the document ${said}`],
      [6, 3, 'hardware', `hardware ${said}`],
      [9, 5, 'models[0]', `models[0] ${said}`],
    ]);
  });
});
