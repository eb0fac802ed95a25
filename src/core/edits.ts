/**
 * Edits of a bench as pure operations: a bench in, a new bench out (the same object when
 * nothing changes). The store only commits their results. Cascades live here: renaming a
 * card renames it in the windows; deleting one takes it out of them; a card moved into a
 * window can leave the others.
 */
import { composeWindows } from './day';
import { NEW_CARD } from './defaults';
import { windowRefs } from './bench-check';
import type { Calibration } from './types';
import { gpuCount, gpusOf, windowGpus, withGpus } from './bench-gpus';
import {
  DEFAULT_HEADROOM_GB,
  SPLIT_PATTERN,
  type BenchGpu,
  hasCandidates,
  windowModel,
  type Bench,
  type CaseStudyInfo,
  type Hardware,
  type ModelCard,
  type WindowPattern,
  type WindowSpec,
} from './types';

/** The first free name: `base`, `base_2`, `base_3`, … */
export function uniqueName(base: string, taken: ReadonlySet<string>, sep = '_'): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}${sep}${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** A copy without the keys whose value is undefined (an optional field being removed). */
function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * The windows to edit: the bench's own, or the composed ones made explicit as a bench writes
 * them (`Composition.written`: each card a candidate of the window that runs it).
 */
export function editableWindows(bench: Bench): readonly WindowSpec[] {
  return bench.windows ?? composeWindows(bench).written;
}

function move<T>(list: readonly T[], index: number, delta: number): readonly T[] {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return list;
  const out = [...list];
  const [item] = out.splice(index, 1);
  out.splice(to, 0, item as T);
  return out;
}

/** A change to a card; an optional field set to undefined is removed. */
export type CardPatch = { [K in keyof ModelCard]?: ModelCard[K] | undefined };

function renameInWindow(w: WindowSpec, from: string, to: string): WindowSpec {
  const r = (n: string) => (n === from ? to : n);
  switch (w.pattern) {
    case 'serial_handoff':
      return { ...w, gpu_job: r(w.gpu_job), candidates: w.candidates.map(r) };
    case 'fractional_coresidency':
      return { ...w, candidates: w.candidates.map(r) };
    case 'ram_overflow':
    case 'multi_gpu_split':
      return { ...w, model: r(w.model) };
  }
}

const withWindows = (bench: Bench, windows: readonly WindowSpec[] | undefined): Bench =>
  windows === undefined ? bench : { ...bench, windows };

export function setHardware(bench: Bench, patch: { [K in keyof Hardware]?: Hardware[K] | undefined }): Bench {
  return { ...bench, hardware: dropUndefined({ ...bench.hardware, ...patch }) as Hardware };
}

/** Change a card; a new name is carried into every window that names the card. */
export function updateCard(bench: Bench, index: number, patch: CardPatch): Bench {
  const old = bench.models[index];
  if (old === undefined) return bench;
  // A VRAM figure typed over an estimated or measured one is then a typed one (the estimate is kept).
  const typedOver =
    patch.vram_gb !== undefined &&
    patch.vram_gb !== old.vram_gb &&
    !('vram_source' in patch) &&
    old.vram_source !== undefined &&
    old.vram_source !== 'typed';
  const card = dropUndefined({ ...old, ...patch, ...(typedOver ? { vram_source: 'typed' } : {}) }) as ModelCard;
  const models = bench.models.map((m, i) => (i === index ? card : m));
  const renamed = card.name !== old.name;
  return withWindows(
    { ...bench, models },
    renamed ? bench.windows?.map((w) => renameInWindow(w, old.name, card.name)) : undefined,
  );
}

/** A new card at the end, named `base` (made unique), with `fields` over the new card's defaults. */
export function addCard(bench: Bench, base = 'new_model', fields: Omit<CardPatch, 'name'> = {}): Bench {
  const name = uniqueName(base.trim() === '' ? 'new_model' : base, new Set(bench.models.map((m) => m.name)));
  return { ...bench, models: [...bench.models, dropUndefined({ name, ...NEW_CARD, ...fields }) as ModelCard] };
}

export function duplicateCard(bench: Bench, index: number): Bench {
  const card = bench.models[index];
  if (card === undefined) return bench;
  const name = uniqueName(`${card.name}_copy`, new Set(bench.models.map((m) => m.name)));
  const models = [...bench.models];
  models.splice(index + 1, 0, { ...card, name });
  return { ...bench, models };
}

/** The windows that cannot stay when a card goes (it is their GPU job or overflow model). */
export function windowsLostWith(bench: Bench, name: string): string[] {
  return (bench.windows ?? [])
    .filter((w) => (w.pattern === 'serial_handoff' ? w.gpu_job : windowModel(w)) === name)
    .map((w) => w.name);
}

/**
 * Delete a card: it leaves every candidate list, and the windows it was the GPU job or the
 * overflow model of go with it (`windowsLostWith` names them first, for the editor to say).
 */
export function deleteCard(bench: Bench, index: number): Bench {
  const card = bench.models[index];
  if (card === undefined) return bench;
  const models = bench.models.filter((_, i) => i !== index);
  const lost = new Set(windowsLostWith(bench, card.name));
  const windows = bench.windows
    ?.filter((w) => !lost.has(w.name))
    .map((w) => (hasCandidates(w) ? { ...w, candidates: w.candidates.filter((c) => c !== card.name) } : w));
  return withWindows({ ...bench, models }, windows);
}

export function moveCard(bench: Bench, index: number, delta: -1 | 1): Bench {
  const models = move(bench.models, index, delta);
  return models === bench.models ? bench : { ...bench, models };
}

/** The card a new window of `pattern` starts with: the first that suits it, else the first. */
function firstCardFor(models: readonly ModelCard[], pattern: WindowPattern): string | undefined {
  const suits =
    pattern === 'serial_handoff'
      ? models.find((m) => m.residency === 'GPU_EXCLUSIVE')
      : pattern === 'ram_overflow'
        ? models.find((m) => m.residency === 'GPU_RAM_OVERFLOW')
        : pattern === SPLIT_PATTERN
          ? (models.find((m) => m.residency === 'GPU_RAM_OVERFLOW' && m.ram_overflow_supported) ??
            models.find((m) => m.residency === 'GPU_EXCLUSIVE' && m.ram_overflow_supported))
          : undefined;
  return (suits ?? models[0])?.name;
}

/** Every GPU of the bench, in index order: what a new split window is spread over. */
const allGpus = (bench: Bench): readonly number[] => Array.from({ length: gpuCount(bench.hardware) }, (_, k) => k);

/**
 * A window of `pattern` added at the end; a serial_handoff, ram_overflow or multi_gpu_split
 * window needs a card (a split is spread over every GPU of the bench).
 */
export function addWindow(bench: Bench, pattern: WindowPattern): Bench {
  const ws = editableWindows(bench);
  const name = uniqueName(`window_${ws.length + 1}`, new Set(ws.map((w) => w.name)));
  const first = firstCardFor(bench.models, pattern);
  let w: WindowSpec;
  if (pattern === 'fractional_coresidency') w = { name, pattern, candidates: [], headroom_gb: DEFAULT_HEADROOM_GB };
  else if (first === undefined) return bench;
  else if (pattern === 'serial_handoff') w = { name, pattern, gpu_job: first, candidates: [] };
  else if (pattern === SPLIT_PATTERN)
    w = { name, pattern, model: first, gpus: allGpus(bench), headroom_gb: DEFAULT_HEADROOM_GB };
  else w = { name, pattern, model: first, headroom_gb: DEFAULT_HEADROOM_GB };
  return { ...bench, windows: [...ws, w] };
}

/** A one-GPU window moved to GPU `k` (GPU 0 is written by leaving the key out); a split is returned as it is. */
export function onGpu(w: WindowSpec, k: number): WindowSpec {
  if (w.pattern === SPLIT_PATTERN) return w;
  const { gpu: _old, ...rest } = w;
  return k === 0 ? rest : { ...rest, gpu: k };
}

/**
 * A window turned into another pattern, keeping its name and as many of its cards as fit.
 * It stays on its GPU (a split's first GPU); a window turned into a split is spread over
 * every GPU of the bench.
 */
export function convertWindow(bench: Bench, w: WindowSpec, pattern: WindowPattern): WindowSpec {
  const names = windowRefs(w).map((r) => r.name);
  const headroom = w.pattern === 'serial_handoff' ? DEFAULT_HEADROOM_GB : w.headroom_gb;
  const first = names[0] ?? firstCardFor(bench.models, pattern) ?? '';
  const k = windowGpus(w)[0] ?? 0;
  switch (pattern) {
    case 'serial_handoff':
      return onGpu({ name: w.name, pattern, gpu_job: first, candidates: names.slice(1) }, k);
    case 'fractional_coresidency':
      return onGpu({ name: w.name, pattern, candidates: names, headroom_gb: headroom }, k);
    case 'ram_overflow':
      return onGpu({ name: w.name, pattern, model: first, headroom_gb: headroom }, k);
    case SPLIT_PATTERN:
      return { name: w.name, pattern, model: first, gpus: allGpus(bench), headroom_gb: headroom };
  }
}

export function updateWindow(bench: Bench, index: number, window: WindowSpec): Bench {
  const ws = editableWindows(bench);
  if (index < 0 || index >= ws.length) return bench;
  return { ...bench, windows: ws.map((w, i) => (i === index ? window : w)) };
}

export function deleteWindow(bench: Bench, index: number): Bench {
  return { ...bench, windows: editableWindows(bench).filter((_, i) => i !== index) };
}

/**
 * Move the window named `name` one place: found by its name in the bench the move applies to, so
 * two moves asked before the page is drawn again (or queued before the commits load) move the
 * same window twice, not it and then the one that took its place. No such window: no change.
 */
export function moveWindow(bench: Bench, name: string, delta: -1 | 1): Bench {
  const ws = editableWindows(bench);
  const at = ws.findIndex((w) => w.name === name);
  const moved = move(ws, at, delta);
  return moved === ws ? bench : { ...bench, windows: moved };
}

export function setWindows(bench: Bench, windows: readonly WindowSpec[]): Bench {
  return { ...bench, windows };
}

/** The other windows (by index) that already name a card. */
export function otherWindowsWith(bench: Bench, name: string, except: number): number[] {
  const out: number[] = [];
  editableWindows(bench).forEach((w, k) => {
    if (k !== except && windowRefs(w).some((r) => r.name === name)) out.push(k);
  });
  return out;
}

/**
 * Put a card among window `index`'s candidates. `move`: it leaves the other windows'
 * candidate lists (a window it is the GPU job or model of keeps it); `both`: it runs in
 * every window that names it. Candidates keep the bench's card order.
 */
export function placeCandidate(bench: Bench, index: number, name: string, mode: 'move' | 'both'): Bench {
  const ws = editableWindows(bench);
  const target = ws[index];
  if (target === undefined || !hasCandidates(target) || target.candidates.includes(name)) return bench;
  const order = new Map(bench.models.map((m, i) => [m.name, i] as const));
  const rank = (n: string) => order.get(n) ?? Number.MAX_SAFE_INTEGER;
  const candidates = [...target.candidates, name].sort((a, b) => rank(a) - rank(b));
  const windows = ws.map((w, k): WindowSpec => {
    if (k === index) return { ...target, candidates };
    if (mode === 'move' && hasCandidates(w) && w.candidates.includes(name))
      return { ...w, candidates: w.candidates.filter((c) => c !== name) };
    return w;
  });
  return { ...bench, windows };
}

export function removeCandidate(bench: Bench, index: number, name: string): Bench {
  const ws = editableWindows(bench);
  const target = ws[index];
  if (target === undefined || !hasCandidates(target) || !target.candidates.includes(name)) return bench;
  return updateWindow(bench, index, { ...target, candidates: target.candidates.filter((c) => c !== name) });
}

/** The co-residency slowdown factor; undefined restores the default (1.0). */
export function setCoresidencySlowdown(bench: Bench, value: number | undefined): Bench {
  const { coresidency_slowdown: _old, ...rest } = bench;
  return value === undefined ? rest : { ...rest, coresidency_slowdown: value };
}

/** nvinx 0.3's calibration (the bench's interference section); undefined removes it. */
export function setCalibration(bench: Bench, calibration: Calibration | undefined): Bench {
  const { interference: _old, ...rest } = bench;
  return calibration === undefined ? rest : { ...rest, interference: calibration };
}

/** The bench's name; an empty (or blank) name removes it: a bench may have none. */
export function setBenchName(bench: Bench, name: string): Bench {
  const { name: _old, ...rest } = bench;
  return name.trim() === '' ? rest : { ...rest, name };
}

export function setCaseStudy(
  bench: Bench,
  patch: { [K in keyof CaseStudyInfo]?: CaseStudyInfo[K] | undefined },
): Bench {
  return { ...bench, case_study: dropUndefined({ ...bench.case_study, ...patch }) as CaseStudyInfo };
}

/** A GPU's change; an optional field set to undefined is removed. */
export type GpuPatch = { [K in keyof BenchGpu]?: BenchGpu[K] | undefined };

/**
 * The windows after the bench's GPUs are renumbered: `to(k)` is GPU k's new index, or null
 * when GPU k goes. A one-GPU window on a GPU that goes moves to GPU 0; a split loses the GPUs
 * that go (and runs on GPU 0 when none of its GPUs is left).
 */
function renumberWindows(bench: Bench, to: (k: number) => number | null): Bench {
  if (bench.windows === undefined) return bench;
  let changed = false;
  const windows = bench.windows.map((w): WindowSpec => {
    if (w.pattern === SPLIT_PATTERN) {
      const gpus = w.gpus.map(to).filter((k): k is number => k !== null);
      const next = gpus.length === 0 ? [0] : gpus;
      if (next.length === w.gpus.length && next.every((k, i) => k === w.gpus[i])) return w;
      changed = true;
      return { ...w, gpus: next };
    }
    const k = w.gpu ?? 0;
    const next = to(k) ?? 0;
    if (next === k) return w;
    changed = true;
    return onGpu(w, next);
  });
  return changed ? { ...bench, windows } : bench;
}

/** The bench with these GPUs (at least one); windows on a GPU past the new count move to GPU 0 (a split drops it). */
export function setGpus(bench: Bench, gpus: readonly BenchGpu[]): Bench {
  if (gpus.length === 0) return bench;
  const n = gpus.length;
  return renumberWindows({ ...bench, hardware: withGpus(bench.hardware, gpus) }, (k) => (k < n ? k : null));
}

/** Change GPU `k`'s fields (GPU 0's are the hardware card's own). */
export function setGpu(bench: Bench, k: number, patch: GpuPatch): Bench {
  const gpus = gpusOf(bench.hardware);
  const old = gpus[k];
  if (old === undefined) return bench;
  return setGpus(
    bench,
    gpus.map((g, i) => (i === k ? (dropUndefined({ ...old, ...patch }) as BenchGpu) : g)),
  );
}

/** `count` copies of `gpu` added after the bench's GPUs. */
export function addGpus(bench: Bench, gpu: BenchGpu, count = 1): Bench {
  if (!Number.isInteger(count) || count < 1) return bench;
  return setGpus(bench, [...gpusOf(bench.hardware), ...Array.from({ length: count }, () => gpu)]);
}

/** The windows that run on GPU `k` (a split among them): what removing it moves. */
export function windowsOnGpu(bench: Bench, k: number): string[] {
  return (bench.windows ?? []).filter((w) => windowGpus(w).includes(k)).map((w) => w.name);
}

/**
 * Remove GPU `k` (never the last one): the GPUs after it move down one index and their
 * windows with them; a one-GPU window on GPU `k` moves to GPU 0, a split drops it.
 */
export function removeGpu(bench: Bench, k: number): Bench {
  const gpus = gpusOf(bench.hardware);
  if (gpus.length < 2 || k < 0 || k >= gpus.length) return bench;
  const kept = gpus.filter((_, i) => i !== k);
  return renumberWindows({ ...bench, hardware: withGpus(bench.hardware, kept) }, (i) =>
    i === k ? null : i > k ? i - 1 : i,
  );
}
