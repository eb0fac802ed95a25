/**
 * The bench document's field table for docs/format.md, generated from the schema's tables
 * (`bench-schema.ts`): one row per field, with its place in the document, type and rule,
 * default, whether required, the formats that carry it, nvinx's keyword, the editors' label
 * and help. `npm run docs:fields` writes it between the markers; a test fails when the
 * document's table differs from this one.
 */
import {
  BENCH_FIELDS,
  CASE_LAYOUT,
  CASE_STUDY_FIELDS,
  HARDWARE_FIELDS,
  MODEL_FIELDS,
  NVINX_KEYS,
  WINDOW_FIELDS,
  type CaseFieldSpec,
  type FieldSpec,
  type FieldType,
} from './bench-schema';
import { FORMATS, type FormatName } from './format-names';
import type { NumberRule } from './field-rules';
import { WINDOW_PATTERNS } from '../core/types';

const FIELD_TABLE_START =
  '<!-- fields:start (generated from src/bench/bench-schema.ts by `npm run docs:fields`; do not edit by hand) -->';
const FIELD_TABLE_END = '<!-- fields:end -->';

const plain = (n: number): string => (Number.isInteger(n) && Math.abs(n) >= 1e5 ? n.toExponential() : String(n));

/**
 * A number rule in words: `number > 0, ≤ 1024 GB`, `whole number 1–4096`.
 * @internal exported for the tests of the generated table's words.
 */
export function ruleWords(rule: NumberRule): string {
  const unit = rule.unit === undefined ? '' : ` ${rule.unit}`;
  const kind = rule.integer === true ? 'whole number' : 'number';
  const low = rule.exclusiveMin === true ? `> ${plain(rule.min)}` : `≥ ${plain(rule.min)}`;
  return `${kind} ${low}, ≤ ${plain(rule.max)}${unit}`;
}

/** A field's type and rule, in words. */
function typeWords(type: FieldType, decimal: boolean): string {
  switch (type.type) {
    case 'number':
      return ruleWords(type.rule) + (decimal ? ', written with a decimal point' : '');
    case 'boolean':
      return 'true or false';
    case 'name':
      return 'name (not blank; kept as written)';
    case 'text':
      return 'text';
    case 'residency':
    case 'pattern':
      return `one of ${type.values.join(', ')}`;
    case 'choice':
      return `${type.what}: one of ${type.values.join(', ')}`;
    case 'card':
      return "a card's name";
    case 'cards':
      return 'a list of card names';
    case 'texts':
      return 'a list of texts';
    case 'group':
      return `mapping of ${type.what}`;
    case 'gpus':
      return 'a list of GPU indices (whole numbers from 0)';
    case 'gpu-list':
      return 'a list of GPUs, each a mapping of vram_gb (required), model, gpu_bandwidth_gbps, pcie_bandwidth_gbps';
  }
}

function defaultWords(f: FieldSpec): string {
  if (!('default' in f) || f.default === undefined) return '';
  if (f.default === null) return 'none';
  if (Array.isArray(f.default)) return f.default.length === 0 ? '[]' : `[${f.default.join(', ')}]`;
  return String(f.default);
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (s: string): string => (s === '' ? '' : `\`${s}\``);

interface Row {
  /** The field's path in the bench document. */
  readonly where: string;
  /** Which windows have it, when not all. */
  readonly patterns?: readonly string[];
  readonly field: FieldSpec;
  /** The formats that write it: the field's own, among those that write its section. */
  readonly formats: readonly FormatName[];
  /** Where the case study writes it, when that is not where the bench document does. */
  readonly inCaseStudy?: string;
}

type Section = 'hardware' | 'models' | 'windows';

/**
 * The formats that write a section of the bench: nvinx's config its keys, the case study its layout's.
 * @internal exported for the test that a row's formats are its field's.
 */
export function sectionFormats(section: Section): readonly FormatName[] {
  const inCase = [...CASE_LAYOUT.root, ...CASE_LAYOUT.workload] as readonly string[];
  return FORMATS.filter(
    (f) =>
      f === 'bench' ||
      (f === 'nvinx' && (NVINX_KEYS as readonly string[]).includes(section)) ||
      (f === 'case-study' && inCase.includes(section)),
  );
}

/** Where nvinx's case-study template puts a case-study field. */
function caseStudyPath(f: CaseFieldSpec): string {
  if (f.writtenAt !== undefined) return f.writtenAt.join('.');
  return f.section === 'root' ? f.key : `${f.section}.${f.key}`;
}

/**
 * Every field with its place in the bench document, in the order the document is written.
 * @internal exported for the tests of the generated rows.
 */
export function fieldRows(): Row[] {
  const rows: Row[] = [];
  // A field's formats are the schema's (a test holds each within its section's). A GPU list's
  // fields are the hardware's own GPU fields, shared: inside the list, only where the list goes.
  const add = (prefix: string, fields: readonly FieldSpec[], within?: readonly FormatName[]) => {
    for (const f of fields) {
      const formats = within === undefined ? f.formats : f.formats.filter((x) => within.includes(x));
      rows.push({ where: `${prefix}${f.fileKey ?? f.key}`, field: f, formats });
      if (f.type.type === 'group') add(`${prefix}${f.key}.`, f.type.fields);
      if (f.type.type === 'gpu-list') add(`${prefix}${f.fileKey ?? f.key}[].`, f.type.fields, f.formats);
    }
  };
  add('', BENCH_FIELDS);
  add('hardware.', HARDWARE_FIELDS);
  add('models[].', MODEL_FIELDS);
  // A window's fields depend on its pattern; a field the patterns share is one row.
  const seen = new Map<FieldSpec, string[]>();
  for (const p of WINDOW_PATTERNS)
    for (const f of WINDOW_FIELDS[p] as readonly FieldSpec[]) seen.set(f, [...(seen.get(f) ?? []), p]);
  for (const [f, patterns] of seen) {
    const row = { where: `windows[].${f.key}`, field: f, formats: f.formats };
    rows.push(patterns.length === WINDOW_PATTERNS.length ? row : { ...row, patterns });
  }
  for (const f of CASE_STUDY_FIELDS as readonly CaseFieldSpec[])
    rows.push({ where: `case_study.${f.key}`, field: f, formats: f.formats, inCaseStudy: caseStudyPath(f) });
  return rows;
}

/** The field table, as Markdown (the text between the markers in docs/format.md). */
export function fieldTableMarkdown(): string {
  const head = '| field | type and rule | default | required | formats | nvinx keyword | label | what it is |';
  const rule = '| --- | --- | --- | --- | --- | --- | --- | --- |';
  const body = fieldRows().map(({ where, patterns, field: f, formats, inCaseStudy }) => {
    const cells = [
      code(where) + (patterns === undefined ? '' : ` (${patterns.join(', ')})`),
      typeWords(f.type, f.decimal === true) +
        (f.intKey === undefined ? '' : '; an integer is kept an integer (`0`, not `0.0`), as nvinx gets it'),
      code(defaultWords(f)),
      f.required ? 'yes' : '',
      formats
        .map((x) => (x === 'case-study' && inCaseStudy !== undefined ? `${x} (\`${inCaseStudy}\`)` : x))
        .join(', '),
      code(f.python ?? ''),
      f.label,
      f.help,
    ];
    return `| ${cells.map(cell).join(' | ')} |`;
  });
  return [head, rule, ...body].join('\n');
}

/**
 * `markdown` with its field table replaced by `table` (between the markers, kept); throws when
 * the markers are missing or out of order.
 */
export function withFieldTable(markdown: string, table: string): string {
  const start = markdown.indexOf(FIELD_TABLE_START);
  const end = markdown.indexOf(FIELD_TABLE_END);
  if (start < 0 || end < start) throw new Error(`the field table's markers are missing: ${FIELD_TABLE_START}`);
  return `${markdown.slice(0, start + FIELD_TABLE_START.length)}\n${table}\n${markdown.slice(end)}`;
}

/**
 * The table between the markers of `markdown` (undefined without them).
 * @internal exported for the test that docs/format.md holds the generated table.
 */
export function fieldTableIn(markdown: string): string | undefined {
  const start = markdown.indexOf(FIELD_TABLE_START);
  const end = markdown.indexOf(FIELD_TABLE_END);
  if (start < 0 || end < start) return undefined;
  return markdown.slice(start + FIELD_TABLE_START.length, end).trim();
}
