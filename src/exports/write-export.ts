/**
 * The YAML exports: the planner's bench, nvinx's config, and nvinx's case-study submission
 * (written here, with the bench format's writers). Loaded with `yaml`, never at start.
 */
import type { Bench, CaseStudyInfo } from '../core/types';
import { HARDWARE_FIELDS, type FieldSpec } from '../bench/bench-schema';
import { hardwareOut, intHeadrooms, modelOut, render, windowOut, writeBench, writeNvinxConfig } from '../bench/write';
import { submitterOf } from './case-study';

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
