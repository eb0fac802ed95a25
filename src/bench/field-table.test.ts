import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldRows, fieldTableIn, fieldTableMarkdown, ruleWords, sectionFormats, withFieldTable } from './field-table';
import { ESTIMATE_FIELDS, HARDWARE_FIELDS, MODEL_FIELDS, WINDOW_FIELDS, type FieldSpec } from './bench-schema';
import { type FormatName } from './format-names';
import { WINDOW_PATTERNS } from '../core/types';

const formatMd = () => readFileSync(join(__dirname, '..', '..', 'docs', 'format.md'), 'utf8');

describe('the field table of docs/format.md', () => {
  it('is the one generated from the schema (run `npm run docs:fields` after changing a table)', () => {
    expect(fieldTableIn(formatMd())).toBe(fieldTableMarkdown());
  });

  it('has a row for every field of every table, nested estimate fields included', () => {
    const where = fieldRows().map((r) => r.where);
    for (const f of HARDWARE_FIELDS) expect(where).toContain(`hardware.${'fileKey' in f ? f.fileKey : f.key}`);
    expect(where).toContain('hardware.gpus[].vram_gb');
    for (const f of MODEL_FIELDS) expect(where).toContain(`models[].${f.key}`);
    for (const f of ESTIMATE_FIELDS) expect(where).toContain(`models[].vram_estimate.${f.key}`);
    for (const k of ['training', 'trainable_parameters', 'gradient_checkpointing', 'model_layers'])
      expect(where).toContain(`models[].vram_estimate.${k}`);
    expect(new Set(where.map((w, k) => `${w} ${fieldRows()[k]!.patterns?.join() ?? ''}`)).size).toBe(where.length);
  });

  it('states each row from its field', () => {
    const table = fieldTableMarkdown();
    expect(table).toContain(
      '| `hardware.cpu_cores` | whole number ≥ 1, ≤ 4096 |  | yes | bench, nvinx, case-study | `cpu_cores` | CPU cores |',
    );
    expect(table).toContain('| `windows[].headroom_gb` (fractional_coresidency, ram_overflow, multi_gpu_split) |');
    expect(table).toContain('| `windows[].gpu` (serial_handoff, fractional_coresidency, ram_overflow) |');
    expect(table).toMatch(/\| `models\[\]\.cpu_fallback_supported` \| true or false \| `false` \|/);
    // nvinx's config has no windows; the case study writes them (under workload) and the GPU model at hardware.model.
    expect(sectionFormats('windows')).toEqual(['bench', 'case-study']);
    expect(sectionFormats('models')).toEqual(['bench', 'nvinx', 'case-study']);
    expect(table).toMatch(/\| `windows\[\]\.name` \| [^|]+ \| {2}\| yes \| bench, case-study \|/);
    expect(table).toContain('| bench, case-study (`hardware.model`) |');
    expect(table).toContain('| bench, case-study (`experience.what_broke`) |');
    expect(ruleWords({ min: 0, exclusiveMin: true, max: 1024, unit: 'GB' })).toBe('number > 0, ≤ 1024 GB');
  });

  it('lists for each field only formats that carry its section (the schema says it, the table does not filter)', () => {
    const wrong: string[] = [];
    const check = (where: string, fields: readonly FieldSpec[], carriers: readonly FormatName[]) => {
      for (const f of fields) {
        const extra = f.formats.filter((x) => !carriers.includes(x));
        if (extra.length > 0) wrong.push(`${where}${f.key}: ${extra.join(', ')}`);
        // (A GPU list's fields are the hardware's own, shared: the table narrows them to the list's formats.)
        if (f.type.type === 'group') check(`${where}${f.key}.`, f.type.fields, f.formats);
      }
    };
    check('hardware.', HARDWARE_FIELDS, sectionFormats('hardware'));
    check('models[].', MODEL_FIELDS, sectionFormats('models'));
    for (const p of WINDOW_PATTERNS) check(`windows[${p}].`, WINDOW_FIELDS[p], sectionFormats('windows'));
    expect(wrong).toEqual([]);
  });

  it('is replaced between its markers only, and refuses a document without them', () => {
    const md = formatMd();
    const swapped = withFieldTable(md, '| x |');
    expect(fieldTableIn(swapped)).toBe('| x |');
    expect(withFieldTable(swapped, fieldTableMarkdown())).toBe(md);
    expect(() => withFieldTable('# no table here', '| x |')).toThrow(/markers/);
  });
});
