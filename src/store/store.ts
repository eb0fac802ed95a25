/**
 * The planner's one store, in three slices: the bench (the document the user edits),
 * its undo history, and the notices. Plans are derived from the bench with the core,
 * never stored. Every edit is a pure operation of `core/edits.ts`; the store only
 * commits its result, after the bench's cross-field check (`core/bench-check.ts`): a
 * bench that breaks a rule is never committed, so what is saved always reads back.
 * Persisted to localStorage with a schema version; restoring *repairs* (see
 * `restoreBench`): every valid part is kept, and the notice says what changed and keeps
 * the saved text to download until it is dismissed. The page's store restores in `hydrate()`,
 * which loads the reader only when there is a saved state: a first visit paints without it.
 */
import { create, type StateCreator, type StoreApi } from 'zustand';
import { persist, type PersistStorage, type StorageValue } from 'zustand/middleware';
import * as edit from '../core/edits';
import { checkBench, hasErrors, type BenchProblem } from '../core/bench-check';
import type { Bench, BenchGpu, CaseStudyInfo, Hardware, WindowPattern, WindowSpec } from '../core/types';
import type { Calibration } from '../core/types';
import { defaultBench } from './presets/default';
import { assignColors, NO_COLORS, readColors, saveColors, type ColorMemory } from './colors';

const STORAGE_KEY = 'nvinx-planner';
/**
 * The saved state's version. 2 (issue 18): the hardware card may carry `more_gpus` and
 * `interconnect_gbps`, a window `gpu`, and a window may be a `multi_gpu_split`. A version-1
 * save is a one-GPU bench, valid as version 2 unchanged (`migrate` says so, step by step).
 * @internal tests write saved states of this version.
 */
export const SCHEMA_VERSION = 2;

/**
 * Bring a save of `version` to SCHEMA_VERSION; the merge then repairs. 0 → 1 → 2 change no
 * shape (2 adds optional GPU fields that a one-GPU bench leaves out), so every older save is
 * kept as it is; a later version that reshapes adds its step here.
 */
function migrateSaved(persisted: unknown, _version: number): unknown {
  return persisted;
}
const HISTORY_LIMIT = 200;
/** Edits of one field within this many ms make one undo step. */
const COALESCE_MS = 1200;

type NoticeTone = 'info' | 'error';

/** What a commit did: done, or refused with the rules the bench would break. */
export type CommitResult = { readonly ok: true } | { readonly ok: false; readonly problems: readonly BenchProblem[] };

type CardPatch = edit.CardPatch;

interface BenchSlice {
  readonly bench: Bench;
  setHardware(patch: { [K in keyof Hardware]?: Hardware[K] | undefined }, key?: string): CommitResult;
  /** Change GPU k (GPU 0: the hardware card's own GPU fields). */
  setGpu(k: number, patch: edit.GpuPatch, key?: string): CommitResult;
  /** Replace every GPU of the bench (e.g. "2 × RTX 3090"); windows past the new count move to GPU 0. One undo step. */
  setGpus(gpus: readonly BenchGpu[]): CommitResult;
  /** `count` copies of `gpu` after the bench's GPUs. One undo step. */
  addGpus(gpu: BenchGpu, count?: number): CommitResult;
  /** Remove GPU k (never the last); its windows move to GPU 0, later GPUs move down one. One undo step. */
  removeGpu(k: number): CommitResult;
  updateCard(index: number, patch: CardPatch, key?: string): CommitResult;
  /** A new card at the end (named after `base`, made unique), with `fields` over the defaults. */
  addCard(base?: string, fields?: Omit<edit.CardPatch, 'name'>): CommitResult;
  duplicateCard(index: number): CommitResult;
  deleteCard(index: number): CommitResult;
  moveCard(index: number, delta: -1 | 1): CommitResult;
  updateWindow(index: number, window: WindowSpec, key?: string): CommitResult;
  addWindow(pattern: WindowPattern): CommitResult;
  deleteWindow(index: number): CommitResult;
  moveWindow(index: number, delta: -1 | 1): CommitResult;
  /** Add a card to a window's candidates; `move` takes it out of the other windows' lists. */
  placeCandidate(index: number, name: string, mode: 'move' | 'both'): CommitResult;
  removeCandidate(index: number, name: string): CommitResult;
  /** Replace the day's windows (an accepted suggestion): one undoable step. */
  setWindows(windows: readonly WindowSpec[]): CommitResult;
  /** The co-residency slowdown factor; undefined restores the default (1.0). */
  setCoresidencySlowdown(value: number | undefined, key?: string): CommitResult;
  /** The bench's name; empty removes it. */
  setBenchName(name: string, key?: string): CommitResult;
  /** Attach nvinx 0.3's calibration (an imported calibration_result.json); undefined removes it. One undo step. */
  setCalibration(calibration: Calibration | undefined): CommitResult;
  /** Replace the whole bench (preset, import, share link): one undoable step. */
  loadBench(bench: Bench): CommitResult;
  /** Change the case-study submission fields kept with the bench. */
  setCaseStudy(patch: { [K in keyof CaseStudyInfo]?: CaseStudyInfo[K] | undefined }, key?: string): CommitResult;
}

/** What the page shows of the bench apart from it: each card's colour, kept for its life. */
interface ColorSlice {
  readonly colors: ColorMemory;
}

interface HistorySlice {
  readonly past: readonly Bench[];
  readonly future: readonly Bench[];
  readonly lastEdit: { readonly key: string; readonly at: number } | null;
  undo(): void;
  redo(): void;
}

interface NoticeSlice {
  /** A message for the user (e.g. how a saved bench was repaired). */
  readonly notice: string | null;
  /** `error` notices interrupt (role=alert); `info` ones are announced politely. */
  readonly noticeTone: NoticeTone;
  /** The notice's list of particulars (each repair, for example). */
  readonly noticeDetails: readonly string[];
  /** The text of a saved bench that was repaired or could not be read, to download. */
  readonly savedText: string | null;
  /**
   * The bench an `info` notice speaks of (the bench when it was set): undoing that bench's
   * edit takes the notice away ("Deleted … Undo brings them back" is not left over a card that
   * is back).
   */
  readonly noticeBench: Bench | null;
  /** Editor fields whose text is not valid, each with what the plan uses meanwhile. */
  readonly invalidFields: Readonly<Record<string, string>>;
  setNotice(notice: string | null, tone?: NoticeTone, details?: readonly string[]): void;
  /** Dismiss the notice (and forget the kept saved text). */
  dismissNotice(): void;
  setInvalidField(key: string, planned: string | null): void;
}

type PlannerStore = BenchSlice & HistorySlice & NoticeSlice & ColorSlice;

type Slice<T> = StateCreator<PlannerStore, [['zustand/persist', unknown]], [], T>;

const OK: CommitResult = { ok: true };

const createBenchSlice =
  (initial: Bench): Slice<BenchSlice> =>
  (set, get) => {
    /** Apply an edit as one undo step (or fold it into the last one for the same field). */
    const commit = (next: Bench, key?: string): CommitResult => {
      const { bench, past, lastEdit } = get();
      if (next === bench) return OK;
      const problems = checkBench(next);
      if (hasErrors(problems)) return { ok: false, problems: problems.filter((p) => p.severity === 'error') };
      const now = Date.now();
      const fold = key !== undefined && lastEdit !== null && lastEdit.key === key && now - lastEdit.at < COALESCE_MS;
      set({
        bench: next,
        past: fold ? past : [...past, bench].slice(-HISTORY_LIMIT),
        future: [],
        lastEdit: key === undefined ? null : { key, at: now },
      });
      return OK;
    };
    const b = () => get().bench;
    return {
      bench: initial,
      setHardware: (patch, key) => commit(edit.setHardware(b(), patch), key),
      setGpu: (k, patch, key) => commit(edit.setGpu(b(), k, patch), key),
      setGpus: (gpus) => commit(edit.setGpus(b(), gpus)),
      addGpus: (gpu, count) => commit(edit.addGpus(b(), gpu, count)),
      removeGpu: (k) => commit(edit.removeGpu(b(), k)),
      updateCard: (index, patch, key) => commit(edit.updateCard(b(), index, patch), key),
      addCard: (base, fields) => commit(edit.addCard(b(), base, fields)),
      duplicateCard: (index) => commit(edit.duplicateCard(b(), index)),
      deleteCard: (index) => commit(edit.deleteCard(b(), index)),
      moveCard: (index, delta) => commit(edit.moveCard(b(), index, delta)),
      updateWindow: (index, window, key) => commit(edit.updateWindow(b(), index, window), key),
      addWindow: (pattern) => commit(edit.addWindow(b(), pattern)),
      deleteWindow: (index) => commit(edit.deleteWindow(b(), index)),
      moveWindow: (index, delta) => commit(edit.moveWindow(b(), index, delta)),
      placeCandidate: (index, name, mode) => commit(edit.placeCandidate(b(), index, name, mode)),
      removeCandidate: (index, name) => commit(edit.removeCandidate(b(), index, name)),
      setWindows: (windows) => commit(edit.setWindows(b(), windows)),
      setCoresidencySlowdown: (value, key) => commit(edit.setCoresidencySlowdown(b(), value), key),
      setBenchName: (name, key) => commit(edit.setBenchName(b(), name), key),
      setCalibration: (calibration) => commit(edit.setCalibration(b(), calibration)),
      loadBench: (bench) => commit(bench),
      setCaseStudy: (patch, key) => commit(edit.setCaseStudy(b(), patch), key),
    };
  };

const createHistorySlice: Slice<HistorySlice> = (set, get) => ({
  past: [],
  future: [],
  lastEdit: null,
  undo: () => {
    const { past, bench, future, noticeBench, noticeTone } = get();
    const prev = past[past.length - 1];
    if (prev === undefined) return;
    // Undoing the edit an info notice speaks of takes the notice away with it.
    const stale =
      noticeBench === bench && noticeTone === 'info' ? { notice: null, noticeDetails: [], noticeBench: null } : {};
    set({ bench: prev, past: past.slice(0, -1), future: [bench, ...future], lastEdit: null, ...stale });
  },
  redo: () => {
    const { past, bench, future } = get();
    const next = future[0];
    if (next === undefined) return;
    set({ bench: next, past: [...past, bench], future: future.slice(1), lastEdit: null });
  },
});

const createNoticeSlice =
  (forgetSavedText: () => void): Slice<NoticeSlice> =>
  (set, get) => ({
    notice: null,
    noticeTone: 'error',
    noticeDetails: [],
    savedText: null,
    noticeBench: null,
    invalidFields: {},
    setNotice: (notice, tone = 'error', details = []) =>
      set({ notice, noticeTone: tone, noticeDetails: details, noticeBench: tone === 'info' ? get().bench : null }),
    dismissNotice: () => {
      if (get().savedText !== null) forgetSavedText();
      set({ notice: null, noticeDetails: [], savedText: null, noticeBench: null });
    },
    setInvalidField: (key, planned) => {
      const fields = get().invalidFields;
      if ((fields[key] ?? null) === planned) return;
      const { [key]: _old, ...rest } = fields;
      set({ invalidFields: planned === null ? rest : { ...rest, [key]: planned } });
    },
  });

/** Saved history is bounded by card count so a large bench cannot overflow localStorage. */
const PERSISTED_HISTORY_CARDS = 4000;

function persistedHistory(past: readonly Bench[], future: readonly Bench[]) {
  let budget = PERSISTED_HISTORY_CARDS;
  const keep = (b: Bench) => (budget -= Math.max(1, b.models.length)) >= 0;
  const f = future.filter(keep);
  const p = [...past].reverse().filter(keep).reverse();
  return { past: p, future: f };
}

interface RawStorage<S> extends PersistStorage<S> {
  /** The text last read from localStorage (what a repaired or unreadable save was). */
  lastRead(): string | null;
}

/** The JSON of objects saved before (history benches are the same objects save after save). */
const jsonOf = new WeakMap<object, string>();
const cachedJson = (x: unknown): string => {
  if (typeof x !== 'object' || x === null) return JSON.stringify(x) ?? 'null';
  let t = jsonOf.get(x);
  if (t === undefined) {
    t = JSON.stringify(x);
    jsonOf.set(x, t);
  }
  return t;
};

/**
 * `JSON.stringify` of a saved state, each value of `state` (and each item of a list there) as
 * it was last written when it is the same object: typing in a 2,000-card bench re-serializes
 * the bench, not the undo history's benches too.
 */
function savedJson(v: StorageValue<unknown>): string {
  const state = v.state as Record<string, unknown> | null;
  if (typeof state !== 'object' || state === null) return JSON.stringify(v);
  const parts = Object.entries(state)
    .filter(([, x]) => x !== undefined && typeof x !== 'function')
    .map(([k, x]) => `${JSON.stringify(k)}:${Array.isArray(x) ? `[${x.map(cachedJson).join(',')}]` : cachedJson(x)}`);
  return `{"state":{${parts.join(',')}}${v.version === undefined ? '' : `,"version":${JSON.stringify(v.version)}`}}`;
}

/**
 * localStorage, serialized and written at most every 250 ms, when the page is idle (within
 * a second), and always before the page goes away: a burst of keystrokes on a 2,000-card
 * bench does not serialize it per key, and the ~20 ms of a large bench's JSON does not
 * land on a keystroke.
 */
function deferredStorage<S>(): RawStorage<S> {
  const pending = new Map<string, StorageValue<S>>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let idle: number | null = null;
  let raw: string | null = null;
  const hasIdle = typeof requestIdleCallback === 'function';
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (idle !== null) cancelIdleCallback(idle);
    idle = null;
    for (const [k, v] of pending) {
      try {
        localStorage.setItem(k, savedJson(v));
      } catch {
        // Quota or privacy mode: the bench stays in memory; nothing else to do here.
      }
    }
    pending.clear();
  };
  if (typeof window !== 'undefined') {
    window.addEventListener('pagehide', flush);
    window.addEventListener('beforeunload', flush);
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flush());
  }
  return {
    lastRead: () => raw,
    getItem: (k) => {
      const p = pending.get(k);
      if (p !== undefined) return p;
      raw = localStorage.getItem(k);
      return raw === null ? null : (JSON.parse(raw) as StorageValue<S>);
    },
    setItem: (k, v) => {
      pending.set(k, v);
      timer ??= setTimeout(() => {
        timer = null;
        if (hasIdle) idle ??= requestIdleCallback(flush, { timeout: 1000 });
        else flush();
      }, 250);
    },
    removeItem: (k) => {
      pending.delete(k);
      localStorage.removeItem(k);
    },
  };
}

function keepSavedText(key: string, text: string | null): void {
  if (text === null) return;
  try {
    localStorage.setItem(key, text);
  } catch {
    // No room: the text is still in memory, to download from the notice.
  }
}

/** What restores a saved state (`bench/restore.ts`, loaded by `hydrate()` when there is one). */
type Restorer = Pick<typeof import('../bench/restore'), 'restoreBench' | 'restoreList'>;

export interface StoreOptions {
  /** localStorage key (tests give each store its own); `null`: not persisted. */
  readonly storageKey?: string | null;
  /** Restore the saved state at once with this; without it the store restores when `hydrate()` is called. */
  readonly restore?: Restorer;
}

/** @internal tests make a fresh store each. */
export const createPlannerStore = (initial: Bench = defaultBench(), options: StoreOptions = {}) => {
  const key = options.storageKey === undefined ? STORAGE_KEY : options.storageKey;
  const textKey = `${key ?? STORAGE_KEY}:saved-text`;
  const forget = () => {
    try {
      localStorage.removeItem(textKey);
    } catch {
      // nothing kept
    }
  };
  const slices: Slice<PlannerStore> = (...a) => ({
    ...createBenchSlice(initial)(...a),
    ...createHistorySlice(...a),
    ...createNoticeSlice(forget)(...a),
    colors: assignColors(NO_COLORS, namesOf(initial)),
  });
  if (key === null)
    return withHydrate(keepColors(create<PlannerStore>()(slices as unknown as StateCreator<PlannerStore>)), () =>
      Promise.resolve(),
    );
  const storage = deferredStorage<unknown>();
  let restorer = options.restore ?? null;
  const store = create<PlannerStore>()(
    persist(slices, {
      name: key,
      version: SCHEMA_VERSION,
      storage,
      // Without a restorer, `hydrate()` restores (after loading one if there is a saved state).
      skipHydration: restorer === null,
      partialize: (s) => ({ bench: s.bench, ...persistedHistory(s.past, s.future), colors: saveColors(s.colors) }),
      // Version 1 is the first schema: older saves (version 0) had the same shape. Version 2
      // only adds optional GPU fields, so a version-0 or -1 save is a one-GPU bench as it is.
      // Later versions add their steps here; the merge below repairs whatever comes out.
      migrate: (persisted, version) => migrateSaved(persisted, version),
      merge: (persisted, current) => {
        const p = persisted as { bench?: unknown; past?: unknown; future?: unknown; colors?: unknown } | null;
        const kept = typeof localStorage === 'undefined' ? null : localStorage.getItem(textKey);
        const earlier =
          kept === null
            ? {}
            : {
                notice:
                  'A saved bench was repaired on an earlier visit; its original text is still kept here to download.',
                noticeTone: 'info' as const,
                savedText: kept,
              };
        if (p?.bench === undefined) return { ...current, ...earlier };
        const fallback = current.bench;
        // hydrate() loads the restorer before it restores a saved bench.
        const { restoreBench, restoreList } = restorer!;
        const r = restoreBench(p.bench, fallback);
        const restored = {
          ...current,
          ...earlier,
          bench: r.bench,
          past: restoreList(p.past, fallback),
          future: restoreList(p.future, fallback),
          colors: assignColors(readColors(p.colors), namesOf(r.bench)),
        };
        if (r.changes.length === 0) return restored;
        const text = storage.lastRead();
        keepSavedText(textKey, text);
        return {
          ...restored,
          notice:
            `Your saved bench was restored with ${r.changes.length === 1 ? 'one repair' : `${r.changes.length} repairs`}: ` +
            'everything else is as you left it. Undo does not bring back what was repaired; the saved text does.',
          noticeTone: 'error' as const,
          noticeDetails: r.changes.map((c) => c.message),
          savedText: text,
        };
      },
      onRehydrateStorage: () => (state, error) => {
        // A repaired bench is saved at once (the original text is kept apart until dismissed),
        // so the next visit does not repair it again.
        if (error === undefined && state !== undefined && state.noticeDetails.length > 0)
          queueMicrotask(() => store.setState({}));
        if (error === undefined) return;
        const text = storage.lastRead();
        keepSavedText(textKey, text);
        queueMicrotask(() =>
          store.setState({
            notice:
              'Your saved bench could not be read (its text is damaged); the default bench is loaded. ' +
              'The saved text is kept: download it to recover what you can.',
            noticeTone: 'error',
            savedText: text,
          }),
        );
      },
    }),
  );
  const hydrate = async () => {
    if (restorer === null && hasSaved(key)) restorer = await import('../bench/restore');
    await store.persist.rehydrate();
  };
  return withHydrate(keepColors(store), hydrate);
};

function hasSaved(key: string): boolean {
  try {
    return localStorage.getItem(key) !== null;
  } catch {
    return false;
  }
}

/** The store with `hydrate()`: restore its saved state (once, before the page's first render). */
const withHydrate = <S extends StoreApi<PlannerStore>>(store: S, hydrate: () => Promise<void>) =>
  Object.assign(store, { hydrate });

const namesOf = (b: Bench) => b.models.map((m) => m.name);

/** The same cards by name, in order (an edit of one card's fields keeps the others' objects). */
const sameNames = (a: Bench['models'], b: Bench['models']) =>
  a === b || (a.length === b.length && a.every((m, i) => m === b[i] || m.name === b[i]!.name));

/** The colour memory follows every change of the cards (an edit, an undo, a load), in the same update. */
function keepColors<S extends StoreApi<PlannerStore>>(store: S): S {
  store.subscribe((s, prev) => {
    if (sameNames(s.bench.models, prev.bench.models)) return;
    const colors = assignColors(s.colors, namesOf(s.bench));
    if (colors !== s.colors) store.setState({ colors });
  });
  return store;
}

/** @internal tests make a fresh store each. */
export type PlannerStoreApi = ReturnType<typeof createPlannerStore>;

export const usePlanner = createPlannerStore();
