/**
 * YAML out: the planner's bench document, nvinx's config format, and nvinx's
 * case-study submission. Defaults are left out, as in nvinx's own files; GB figures
 * keep one decimal ("4.0") as nvinx writes them.
 */
import { Document, isScalar, visit } from 'yaml';
import type { Bench, CaseStudyInfo, ModelCard, WindowSpec } from '../core';

const DECIMAL_KEYS = new Set([
  'vram_gb',
  'ram_gb',
  'ram_gb_needed',
  'headroom_gb',
  'hours',
  'cpu_hours',
  'coresidency_slowdown',
]);

function modelOut(m: ModelCard): Record<string, unknown> {
  return {
    name: m.name,
    vram_gb: m.vram_gb,
    residency: m.residency,
    ...(m.cpu_fallback_supported ? { cpu_fallback_supported: true } : {}),
    ...(m.ram_overflow_supported ? { ram_overflow_supported: true } : {}),
    ...(m.ram_gb_needed === null ? {} : { ram_gb_needed: m.ram_gb_needed }),
    ...(m.hours === undefined ? {} : { hours: m.hours }),
    ...(m.cpu_hours === undefined ? {} : { cpu_hours: m.cpu_hours }),
    ...(m.cores === undefined ? {} : { cores: m.cores }),
  };
}

function windowOut(w: WindowSpec): Record<string, unknown> {
  switch (w.pattern) {
    case 'serial_handoff':
      return { name: w.name, pattern: w.pattern, gpu_job: w.gpu_job, candidates: [...w.candidates] };
    case 'fractional_coresidency':
      return { name: w.name, pattern: w.pattern, candidates: [...w.candidates], headroom_gb: w.headroom_gb };
    case 'ram_overflow':
      return { name: w.name, pattern: w.pattern, model: w.model, headroom_gb: w.headroom_gb };
  }
}

function hardwareOut(b: Bench, withModel: boolean): Record<string, unknown> {
  const { vram_gb, ram_gb, cpu_cores, model } = b.hardware;
  return { vram_gb, ram_gb, cpu_cores, ...(withModel && model !== undefined ? { model } : {}) };
}

function render(value: Record<string, unknown>, header: string): string {
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
  doc.commentBefore = header;
  return doc.toString({ lineWidth: 100 });
}

/** The planner's own document: hardware, models and windows. */
export function writeBench(b: Bench): string {
  return render(
    {
      ...(b.name === undefined ? {} : { name: b.name }),
      hardware: hardwareOut(b, true),
      models: b.models.map(modelOut),
      ...(b.windows === undefined ? {} : { windows: b.windows.map(windowOut) }),
      ...(b.coresidency_slowdown === undefined ? {} : { coresidency_slowdown: b.coresidency_slowdown }),
      ...(b.case_study === undefined ? {} : { case_study: { ...b.case_study } }),
    },
    " nvinx planner bench document: hardware card, model cards and the day's windows.",
  );
}

/** nvinx's config format: hardware and models only, as in nvinx's configs/bench_*.yaml. */
export function writeNvinxConfig(b: Bench): string {
  const models = b.models.map((m) => {
    const out = modelOut(m);
    delete out['hours'];
    delete out['cpu_hours'];
    delete out['cores'];
    return out;
  });
  return render(
    { hardware: hardwareOut(b, false), models },
    ` ${b.name ?? 'Bench'}: nvinx config (hardware + models), exported by nvinx planner.`,
  );
}

/** nvinx's case-study submission format. */
export function writeCaseStudy(b: Bench, info: CaseStudyInfo): string {
  return render(
    {
      submitter: info.submitter ?? 'your-github-handle',
      date: info.date ?? '',
      hardware: hardwareOut(b, true),
      workload: {
        domain: info.domain ?? 'other',
        description: info.description ?? '',
        models: b.models.map(modelOut),
        ...(b.windows === undefined ? {} : { windows: b.windows.map(windowOut) }),
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
