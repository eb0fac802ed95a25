/**
 * The YAML exports: the planner's bench, nvinx's config, and nvinx's case-study submission
 * (written here, with the bench format's writers). Loaded with `yaml`, never at start.
 */
import type { Bench, CaseStudyInfo } from '../core/types';
import { gpuCount } from '../core/bench-gpus';
import {
  CASE_LAYOUT,
  CASE_STUDY_FIELDS,
  HARDWARE_FIELDS,
  type CaseFieldSpec,
  type FieldSpec,
} from '../bench/bench-schema';
import { type FormatName } from '../bench/format-names';
import { hardwareOut, intPaths, modelOut, render, windowOut, writeBench, writeNvinxConfig } from '../bench/write';
import { submitterOf } from './case-study';

/**
 * nvinx's case-study submission format, as its template (`fixtures/case-study-template.yaml`),
 * laid out by the schema's `CASE_LAYOUT`: the submitter (the placeholder until a GitHub
 * handle is given, as the file name says), the hardware with the GPU model typed in the
 * form, the models without the planner's timing fields (as the nvinx config), and the
 * experience; an empty field is written as the template's blank.
 */
function writeCaseStudy(b: Bench, info: CaseStudyInfo): string {
  // Several GPUs: each GPU's model is in `hardware.gpus`; the card has no model of its own then.
  const model = gpuCount(b.hardware) > 1 ? undefined : (info.gpu_model ?? b.hardware.model);
  // nvinx's template's keys first, in its order (HardwareSpec's, then model); the planner's own after.
  const hw = hardwareOut(b, 'case-study');
  const fields: readonly FieldSpec[] = HARDWARE_FIELDS;
  const pick = (keep: (f: FieldSpec) => boolean) =>
    Object.fromEntries(
      fields
        .filter((f) => keep(f) && (f.fileKey ?? f.key) in hw)
        .map((f) => [f.fileKey ?? f.key, hw[f.fileKey ?? f.key]]),
    );
  // A bench of several GPUs lists them (`gpus`) with the template's keys, in place of vram_gb.
  const nvinxHw = pick((f) => f.python !== undefined || f.key === 'more_gpus');
  const own = pick((f) => f.python === undefined && f.key !== 'model' && f.key !== 'more_gpus');
  const parts: Record<string, unknown> = {
    hardware: { ...nvinxHw, ...(model === undefined ? {} : { model }), ...own },
    models: b.models.map((m) => modelOut(m, 'case-study')),
    windows: b.windows?.map((w) => windowOut(w, 'case-study')),
  };
  const byKey = new Map<string, CaseFieldSpec>(CASE_STUDY_FIELDS.map((f: CaseFieldSpec) => [f.key, f]));
  const section = (keys: readonly string[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const f = byKey.get(key);
      const v = f === undefined ? parts[key] : key === 'submitter' ? submitterOf(info) : (info[f.key] ?? f.blank);
      if (v !== undefined) out[key] = v;
    }
    return out;
  };
  parts['workload'] = section(CASE_LAYOUT.workload);
  parts['experience'] = section(CASE_LAYOUT.experience);
  return render(
    section(CASE_LAYOUT.root),
    ' nvinx case study, exported by nvinx planner.',
    intPaths(b.windows, ['workload', 'windows']),
  );
}

/**
 * Write a bench in one of the YAML export formats. `gpu`: which GPU's nvinx config, for a
 * bench of several GPUs (without it the nvinx config is refused: an Error says why).
 */
export function writeExport(format: FormatName, bench: Bench, info: CaseStudyInfo, gpu?: number): string {
  switch (format) {
    case 'bench':
      return writeBench(bench);
    case 'nvinx':
      return writeNvinxConfig(bench, gpu);
    case 'case-study':
      return writeCaseStudy(bench, info);
  }
}
