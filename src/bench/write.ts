/**
 * YAML out: the planner's bench document, nvinx's config format, and nvinx's
 * case-study submission. Defaults are left out, as in nvinx's own files; GB figures
 * keep one decimal ("4.0") as nvinx writes them.
 */
import { Document, isScalar, visit } from 'yaml';
import type { Bench, ModelCard, WindowSpec } from '../core/types';
import { gpuCount, gpuHardware, gpusOf } from '../core/bench-gpus';
import {
  BENCH_FIELDS,
  BENCH_KEYS,
  CASE_STUDY_FIELDS,
  DECIMAL_KEYS,
  fieldOf,
  GPU_FIELDS,
  GPU_KEYS,
  HARDWARE_FIELDS,
  MODEL_FIELDS,
  WINDOW_FIELDS,
  type FieldSpec,
} from './bench-schema';
import { type FormatName } from './format-names';
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

export const modelOut = (m: ModelCard, format: FormatName) => fieldsOut(MODEL_FIELDS, m, format);

// Every window key is written, defaults included (a window's candidates and headroom are its point).
export const windowOut = (w: WindowSpec, format: FormatName) => fieldsOut(WINDOW_FIELDS[w.pattern], w, format, true);

/**
 * Where a window's integer figures sit (a field with an `intKey` set: written `0`, not `0.0`;
 * PyYAML then reads an int, as nvinx's notes show).
 */
export function intPaths(windows: readonly WindowSpec[] | undefined, at: readonly (string | number)[]) {
  return (windows ?? []).flatMap((w, k) =>
    WINDOW_FIELDS[w.pattern].flatMap((f: FieldSpec) =>
      f.intKey !== undefined && (w as unknown as Record<string, unknown>)[f.intKey] === true ? [[...at, k, f.key]] : [],
    ),
  );
}

/**
 * The hardware card. A bench of several GPUs lists every GPU under `gpus` (GPU 0 first, its
 * keys off the card), in a format that carries them; one GPU keeps the card's own keys.
 */
export function hardwareOut(b: Bench, format: FormatName): Record<string, unknown> {
  const hw = b.hardware;
  const out = fieldsOut(HARDWARE_FIELDS, hw, format);
  delete out['more_gpus'];
  const several = (hw.more_gpus?.length ?? 0) > 0 && fieldOf(HARDWARE_FIELDS, 'more_gpus').formats.includes(format);
  if (!several) {
    delete out['interconnect_gbps'];
    return out;
  }
  const rest = Object.fromEntries(Object.entries(out).filter(([k]) => !GPU_KEYS.includes(k)));
  return { gpus: gpusOf(hw).map((g) => fieldsOut(GPU_FIELDS, g, format)), ...rest };
}

export function render(
  value: Record<string, unknown>,
  header: string,
  intPaths: readonly (readonly (string | number)[])[] = [],
): string {
  // yaml's merge tag would write a name `<<` as a merge key, whatever its style: it is text here.
  const doc = new Document(value, {
    version: '1.1',
    customTags: (tags) => tags.filter((t) => typeof t !== 'object' || t.tag !== 'tag:yaml.org,2002:merge'),
  });
  visit(doc, {
    Scalar(_, node) {
      // PyYAML (nvinx's reader) gives a plain `=` and `<<` tags of their own (value, merge) and
      // refuses the file: as names they are quoted.
      if (node.value === '=' || node.value === '<<') node.type = 'QUOTE_DOUBLE';
    },
    Pair(_, pair) {
      if (isScalar(pair.key) && DECIMAL_KEYS.has(String(pair.key.value)) && isScalar(pair.value)) {
        pair.value.minFractionDigits = 1;
      }
    },
    Seq(_, seq) {
      // Short name lists read best on one line, as in the bench document examples; sentences
      // (an estimate's notes) one a line.
      if (seq.items.every((i) => isScalar(i)))
        seq.flow = seq.items.length <= 8 && seq.items.every((i) => String(i.value).length <= 60);
    },
  });
  for (const path of intPaths) {
    const node = doc.getIn(path, true);
    if (isScalar(node)) node.minFractionDigits = 0;
  }
  doc.commentBefore = header;
  return doc.toString({ lineWidth: 100 });
}

/** How each top-level key of the bench document is written (undefined: left out). */
const BENCH_OUT: { readonly [K in (typeof BENCH_KEYS)[number]]: (b: Bench, top: Record<string, unknown>) => unknown } =
  {
    name: (_, top) => top['name'],
    hardware: (b) => hardwareOut(b, 'bench'),
    models: (b) => b.models.map((m) => modelOut(m, 'bench')),
    windows: (b) => b.windows?.map((w) => windowOut(w, 'bench')),
    coresidency_slowdown: (_, top) => top['coresidency_slowdown'],
    interference: (b) => (b.interference === undefined ? undefined : interferenceOut(b.interference)),
    case_study: (b) =>
      b.case_study === undefined ? undefined : fieldsOut(CASE_STUDY_FIELDS, b.case_study, 'bench', true),
  };

/** The planner's own document: its top-level keys in the schema's order. */
export function writeBench(b: Bench): string {
  const top = fieldsOut(BENCH_FIELDS, b, 'bench');
  const doc: Record<string, unknown> = {};
  for (const key of BENCH_KEYS) {
    const v = BENCH_OUT[key](b, top);
    if (v !== undefined) doc[key] = v;
  }
  return render(
    doc,
    " nvinx planner bench document: hardware card, model cards and the day's windows.",
    intPaths(b.windows, ['windows']),
  );
}

/** Why a bench of several GPUs has no one nvinx config, and what to do instead. */
export function nvinxOneGpuMessage(gpus: number): string {
  return (
    `nvinx's config holds one GPU (HardwareSpec has one vram_gb) and this bench has ${gpus}: ` +
    `export one nvinx config per GPU (GPU 0 to GPU ${gpus - 1}), each with that GPU's hardware and every model`
  );
}

/**
 * nvinx's config format: hardware and models only, as in nvinx's configs/bench_*.yaml. A
 * bench of several GPUs has one config per GPU (`gpu`: which); without `gpu` it is refused
 * (an Error saying so), never written as if it had one GPU.
 */
export function writeNvinxConfig(b: Bench, gpu?: number): string {
  const n = gpuCount(b.hardware);
  const models = b.models.map((m) => modelOut(m, 'nvinx'));
  if (n === 1 && (gpu ?? 0) === 0) {
    return render(
      { hardware: hardwareOut(b, 'nvinx'), models },
      ` ${b.name ?? 'Bench'}: nvinx config (hardware + models), exported by nvinx planner.`,
    );
  }
  const hw = gpu === undefined ? null : gpuHardware(b.hardware, gpu);
  if (hw === null) throw new Error(nvinxOneGpuMessage(n));
  return render(
    { hardware: hardwareOut({ ...b, hardware: hw }, 'nvinx'), models },
    ` ${b.name ?? 'Bench'}: nvinx config for GPU ${gpu} of ${n}${hw.model === undefined ? '' : ` (${hw.model})`} ` +
      `(hardware + models), exported by nvinx planner; nvinx plans one GPU per config.`,
  );
}
