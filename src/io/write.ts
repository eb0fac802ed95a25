/**
 * YAML out: the planner's bench document, nvinx's config format, and nvinx's
 * case-study submission. Defaults are left out, as in nvinx's own files; GB figures
 * keep one decimal ("4.0") as nvinx writes them.
 */
import { Document, isScalar, visit } from 'yaml';
import type { Bench, CaseStudyInfo, ModelCard, WindowSpec } from '../core';
import {
  BENCH_FIELDS,
  CASE_STUDY_FIELDS,
  DECIMAL_KEYS,
  HARDWARE_FIELDS,
  MODEL_FIELDS,
  WINDOW_FIELDS,
  type FieldSpec,
  type FormatName,
} from './bench-schema';
import { submitterOf } from './case-study';
import { interferenceOut } from './interference-reader';

const sameAsDefault = (f: FieldSpec, v: unknown): boolean =>
  'default' in f && (Array.isArray(v) ? false : v === f.default);

/** The fields of `obj` the table lists for `format`, in table order; defaults left out. */
function fieldsOut(fields: readonly FieldSpec[], obj: object, format: FormatName, keepDefaults = false) {
  const out: Record<string, unknown> = {};
  const rec = obj as Record<string, unknown>;
  for (const f of fields) {
    const v = rec[f.key];
    if (v === undefined || !f.formats.includes(format)) continue;
    if (!f.required && !keepDefaults && sameAsDefault(f, v)) continue;
    out[f.key] =
      f.type.type === 'group'
        ? fieldsOut(f.type.fields, v as object, format)
        : Array.isArray(v)
          ? [...(v as unknown[])]
          : v;
  }
  return out;
}

const modelOut = (m: ModelCard, format: FormatName) => fieldsOut(MODEL_FIELDS, m, format);

// Every window key is written, defaults included (a window's candidates and headroom are its point).
const windowOut = (w: WindowSpec, format: FormatName) => fieldsOut(WINDOW_FIELDS[w.pattern], w, format, true);

/** Where an integer headroom sits (written `0`, not `0.0`: PyYAML then reads an int, as nvinx's notes show). */
function intHeadrooms(windows: readonly WindowSpec[] | undefined, at: readonly (string | number)[]) {
  return (windows ?? []).flatMap((w, k) =>
    w.pattern !== 'serial_handoff' && w.headroom_is_int === true ? [[...at, k, 'headroom_gb']] : [],
  );
}

const hardwareOut = (b: Bench, format: FormatName) => fieldsOut(HARDWARE_FIELDS, b.hardware, format);

function render(
  value: Record<string, unknown>,
  header: string,
  intPaths: readonly (readonly (string | number)[])[] = [],
): string {
  const doc = new Document(value, { version: '1.1' });
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && DECIMAL_KEYS.has(String(pair.key.value)) && isScalar(pair.value)) {
        pair.value.minFractionDigits = 1;
      }
    },
    Seq(_, seq) {
      // Short name lists read best on one line, as in the bench document examples.
      if (seq.items.every((i) => isScalar(i))) seq.flow = seq.items.length <= 8;
    },
  });
  for (const path of intPaths) {
    const node = doc.getIn(path, true);
    if (isScalar(node)) node.minFractionDigits = 0;
  }
  doc.commentBefore = header;
  return doc.toString({ lineWidth: 100 });
}

/** The planner's own document: hardware, models and windows. */
export function writeBench(b: Bench): string {
  const top = fieldsOut(BENCH_FIELDS, b, 'bench');
  return render(
    {
      ...(top['name'] === undefined ? {} : { name: top['name'] }),
      hardware: hardwareOut(b, 'bench'),
      models: b.models.map((m) => modelOut(m, 'bench')),
      ...(b.windows === undefined ? {} : { windows: b.windows.map((w) => windowOut(w, 'bench')) }),
      ...(top['coresidency_slowdown'] === undefined ? {} : { coresidency_slowdown: top['coresidency_slowdown'] }),
      ...(b.interference === undefined ? {} : { interference: interferenceOut(b.interference) }),
      ...(b.case_study === undefined ? {} : { case_study: fieldsOut(CASE_STUDY_FIELDS, b.case_study, 'bench', true) }),
    },
    " nvinx planner bench document: hardware card, model cards and the day's windows.",
    intHeadrooms(b.windows, ['windows']),
  );
}

/** nvinx's config format: hardware and models only, as in nvinx's configs/bench_*.yaml. */
export function writeNvinxConfig(b: Bench): string {
  const models = b.models.map((m) => modelOut(m, 'nvinx'));
  return render(
    { hardware: hardwareOut(b, 'nvinx'), models },
    ` ${b.name ?? 'Bench'}: nvinx config (hardware + models), exported by nvinx planner.`,
  );
}

/**
 * nvinx's case-study submission format, as its template (`fixtures/case-study-template.yaml`):
 * the submitter (the placeholder until a GitHub handle is given, as the file name says),
 * the hardware with the GPU model typed in the form, the models without the planner's
 * timing fields (as the nvinx config), and the experience.
 */
export function writeCaseStudy(b: Bench, info: CaseStudyInfo): string {
  const model = info.gpu_model ?? b.hardware.model;
  // nvinx's template's keys first, in its order (HardwareSpec's, then model); the planner's own after.
  const hw = hardwareOut(b, 'case-study');
  const fields: readonly FieldSpec[] = HARDWARE_FIELDS;
  const pick = (keep: (f: FieldSpec) => boolean) =>
    Object.fromEntries(fields.filter((f) => keep(f) && f.key in hw).map((f) => [f.key, hw[f.key]]));
  const nvinxHw = pick((f) => f.python !== undefined);
  const own = pick((f) => f.python === undefined && f.key !== 'model');
  return render(
    {
      submitter: submitterOf(info),
      date: info.date ?? '',
      hardware: { ...nvinxHw, ...(model === undefined ? {} : { model }), ...own },
      workload: {
        domain: info.domain ?? 'other',
        description: info.description ?? '',
        models: b.models.map((m) => modelOut(m, 'case-study')),
        ...(b.windows === undefined ? {} : { windows: b.windows.map((w) => windowOut(w, 'case-study')) }),
      },
      experience: {
        pattern_tried: info.pattern_tried ?? null,
        old_wall_clock_hours: info.old_wall_clock_hours ?? null,
        new_wall_clock_hours: info.new_wall_clock_hours ?? null,
        what_broke: info.what_broke ?? null,
        suggested_improvements: info.suggested_improvements ?? null,
      },
    },
    ' nvinx case study, exported by nvinx planner.',
    intHeadrooms(b.windows, ['workload', 'windows']),
  );
}

export type ExportFormat = 'bench' | 'nvinx' | 'case-study';

/** Write a bench in one of the YAML export formats. */
export function writeExport(format: ExportFormat, bench: Bench, info: CaseStudyInfo): string {
  switch (format) {
    case 'bench':
      return writeBench(bench);
    case 'nvinx':
      return writeNvinxConfig(bench);
    case 'case-study':
      return writeCaseStudy(bench, info);
  }
}
