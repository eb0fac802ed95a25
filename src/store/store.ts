/**
 * The planner's one store, in three slices: the bench (the document the user edits),
 * its undo history, and the notices. Plans are derived from the bench with the core,
 * never stored. Every edit is a pure operation of `core/edits.ts`; the store only
 * commits its result, after the bench's cross-field check (`core/bench-check.ts`): a
 * bench that breaks a rule is never committed, so what is saved always reads back. The two
 * load together, after the first paint (a first visit commits nothing): every action awaits
 * that one loader, so an edit made before they are there waits for them, in order, and is checked.
 * Persisted to localStorage with a schema version; restoring *repairs* (see
 * `restoreBench`): every valid part is kept, and the notice says what changed and keeps
 * the saved text to download until it is dismissed. The page's store restores in `hydrate()`,
 * which loads the reader only when there is a saved state: a first visit paints without it.
 */
import { create, type StateCreator, type StoreApi } from 'zustand';
import { persist, type PersistStorage, type StorageValue } from 'zustand/middleware';
import type { CardPatch, GpuPatch } from '../core/edits';
import type { BenchProblem } from '../core/bench-check';
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

/**
 * What a commit did: done, or refused with the rules the bench would break (none listed when
 * the check could not load: the notice then says so).
 */
export type CommitResult = { readonly ok: true } | { readonly ok: false; readonly problems: readonly BenchProblem[] };

/**
 * What every commit needs, loaded together (`commits.ts`): the edits and the bench check. Only
 * the bench slice's `apply` sets a bench made with them, always after the check.
 * @internal tests give a store its commits (at once, or when the test says).
 */
export type Commits = (typeof import('./commits'))['COMMITS'];

/** The page's loader of the commits: a chunk of their own. */
const loadCommits = async (): Promise<Commits> => (await import('./commits')).COMMITS;

/** An edit: the bench it makes of the current one, with the edits module. */
type Edit = (edit: Commits['edit'], bench: Bench) => Bench;

/**
 * The order of the bench's changes while the commits load. `withCommits` runs a step at once
 * when the commits are here and nothing waits, else after every step before it, once they are
 * loaded; a step waiting for commits that fail to load runs `failed` instead.
 * `inOrder` runs a step that needs no commits (undo, redo) at once or after those waiting.
 * `ready` starts the load (again, after a failure).
 */
function commitQueue(load: () => Promise<Commits>, loaded: Commits | null) {
  let commits = loaded;
  let loading: Promise<Commits> | null = null;
  /** Steps queued and not yet run; `tail` settles when the last one queued has run (it never fails). */
  let waiting = 0;
  let tail: Promise<unknown> = Promise.resolve();
  const ready = (): Promise<Commits> =>
    commits !== null
      ? Promise.resolve(commits)
      : (loading ??= load().then(
          (c) => (commits = c),
          (e: unknown) => {
            loading = null;
            throw e;
          },
        ));
  const queued = <T>(r: Promise<T>): Promise<T> => {
    waiting++;
    tail = r.then(
      () => undefined,
      () => undefined,
    );
    return r;
  };
  return {
    ready,
    withCommits<T>(step: (c: Commits) => T, failed: (e: unknown) => T): Promise<T> {
      if (commits !== null && waiting === 0) return Promise.resolve(step(commits));
      // The load starts now; the step runs after those queued before it.
      return queued(
        Promise.all([ready(), tail]).then(
          ([c]) => {
            waiting--;
            return step(c);
          },
          (e: unknown) => {
            waiting--;
            return failed(e);
          },
        ),
      );
    },
    inOrder(step: () => void): void {
      if (waiting === 0) return step();
      void queued(
        tail.then(() => {
          waiting--;
          step();
        }),
      );
    },
  };
}
type CommitQueue = ReturnType<typeof commitQueue>;

/**
 * The bench and its edits. Each edit resolves when it is committed or refused: at once when the
 * commits are loaded (a keystroke's edit is in the store when its handler returns), after them
 * before that.
 */
interface BenchSlice {
  readonly bench: Bench;
  setHardware(patch: { [K in keyof Hardware]?: Hardware[K] | undefined }, key?: string): Promise<CommitResult>;
  /** Change GPU k (GPU 0: the hardware card's own GPU fields). */
  setGpu(k: number, patch: GpuPatch, key?: string): Promise<CommitResult>;
  /** Replace every GPU of the bench (e.g. "2 × RTX 3090"); windows past the new count move to GPU 0. One undo step. */
  setGpus(gpus: readonly BenchGpu[]): Promise<CommitResult>;
  /** `count` copies of `gpu` after the bench's GPUs. One undo step. */
  addGpus(gpu: BenchGpu, count?: number): Promise<CommitResult>;
  /** Remove GPU k (never the last); its windows move to GPU 0, later GPUs move down one. One undo step. */
  removeGpu(k: number): Promise<CommitResult>;
  updateCard(index: number, patch: CardPatch, key?: string): Promise<CommitResult>;
  /** A new card at the end (named after `base`, made unique), with `fields` over the defaults. */
  addCard(base?: string, fields?: Omit<CardPatch, 'name'>): Promise<CommitResult>;
  duplicateCard(index: number): Promise<CommitResult>;
  deleteCard(index: number): Promise<CommitResult>;
  moveCard(index: number, delta: -1 | 1): Promise<CommitResult>;
  updateWindow(index: number, window: WindowSpec, key?: string): Promise<CommitResult>;
  addWindow(pattern: WindowPattern): Promise<CommitResult>;
  deleteWindow(index: number): Promise<CommitResult>;
  /** Move a window, by its name (see `moveWindow` in core/edits.ts: two quick moves move it twice). */
  moveWindow(name: string, delta: -1 | 1): Promise<CommitResult>;
  /** Add a card to a window's candidates; `move` takes it out of the other windows' lists. */
  placeCandidate(index: number, name: string, mode: 'move' | 'both'): Promise<CommitResult>;
  removeCandidate(index: number, name: string): Promise<CommitResult>;
  /** Replace the day's windows (an accepted suggestion): one undoable step. */
  setWindows(windows: readonly WindowSpec[]): Promise<CommitResult>;
  /** The co-residency slowdown factor; undefined restores the default (1.0). */
  setCoresidencySlowdown(value: number | undefined, key?: string): Promise<CommitResult>;
  /** The bench's name; empty removes it. */
  setBenchName(name: string, key?: string): Promise<CommitResult>;
  /** Attach nvinx 0.3's calibration (an imported calibration_result.json); undefined removes it. One undo step. */
  setCalibration(calibration: Calibration | undefined): Promise<CommitResult>;
  /** Replace the whole bench (preset, import, share link): one undoable step. */
  loadBench(bench: Bench): Promise<CommitResult>;
  /** Change the case-study submission fields kept with the bench. */
  setCaseStudy(
    patch: { [K in keyof CaseStudyInfo]?: CaseStudyInfo[K] | undefined },
    key?: string,
  ): Promise<CommitResult>;
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
const NOT_LOADED: CommitResult = { ok: false, problems: [] };

const createBenchSlice =
  (initial: Bench, queue: CommitQueue): Slice<BenchSlice> =>
  (set, get) => {
    /** Apply an edit as one undo step (or fold it into the last one for the same field), if the check passes. */
    const apply = ({ edit, check }: Commits, make: Edit, key?: string): CommitResult => {
      const { bench, past, lastEdit } = get();
      const next = make(edit, bench);
      if (next === bench) return OK;
      const problems = check.checkBench(next);
      if (check.hasErrors(problems)) return { ok: false, problems: problems.filter((p) => p.severity === 'error') };
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
    /** The commits did not load: nothing is applied, and the notice says so. */
    const unloaded = (e: unknown): CommitResult => {
      set({
        notice:
          `A change was not applied: the planner could not load its bench check (${String(e)}). ` +
          'Check the connection and make the change again; nothing else changed.',
        noticeTone: 'error',
        noticeDetails: [],
        noticeBench: null,
      });
      return NOT_LOADED;
    };
    const commit = (make: Edit, key?: string) => queue.withCommits((c) => apply(c, make, key), unloaded);
    return {
      bench: initial,
      setHardware: (patch, key) => commit((e, b) => e.setHardware(b, patch), key),
      setGpu: (k, patch, key) => commit((e, b) => e.setGpu(b, k, patch), key),
      setGpus: (gpus) => commit((e, b) => e.setGpus(b, gpus)),
      addGpus: (gpu, count) => commit((e, b) => e.addGpus(b, gpu, count)),
      removeGpu: (k) => commit((e, b) => e.removeGpu(b, k)),
      updateCard: (index, patch, key) => commit((e, b) => e.updateCard(b, index, patch), key),
      addCard: (base, fields) => commit((e, b) => e.addCard(b, base, fields)),
      duplicateCard: (index) => commit((e, b) => e.duplicateCard(b, index)),
      deleteCard: (index) => commit((e, b) => e.deleteCard(b, index)),
      moveCard: (index, delta) => commit((e, b) => e.moveCard(b, index, delta)),
      updateWindow: (index, window, key) => commit((e, b) => e.updateWindow(b, index, window), key),
      addWindow: (pattern) => commit((e, b) => e.addWindow(b, pattern)),
      deleteWindow: (index) => commit((e, b) => e.deleteWindow(b, index)),
      moveWindow: (name, delta) => commit((e, b) => e.moveWindow(b, name, delta)),
      placeCandidate: (index, name, mode) => commit((e, b) => e.placeCandidate(b, index, name, mode)),
      removeCandidate: (index, name) => commit((e, b) => e.removeCandidate(b, index, name)),
      setWindows: (windows) => commit((e, b) => e.setWindows(b, windows)),
      setCoresidencySlowdown: (value, key) => commit((e, b) => e.setCoresidencySlowdown(b, value), key),
      setBenchName: (name, key) => commit((e, b) => e.setBenchName(b, name), key),
      setCalibration: (calibration) => commit((e, b) => e.setCalibration(b, calibration)),
      loadBench: (bench) => commit(() => bench),
      setCaseStudy: (patch, key) => commit((e, b) => e.setCaseStudy(b, patch), key),
    };
  };

/** Undo and redo need no check (each bench in the history was checked or repaired); they keep their place among edits waiting for the commits. */
const createHistorySlice =
  (queue: CommitQueue): Slice<HistorySlice> =>
  (set, get) => ({
    past: [],
    future: [],
    lastEdit: null,
    undo: () =>
      queue.inOrder(() => {
        const { past, bench, future, noticeBench, noticeTone } = get();
        const prev = past[past.length - 1];
        if (prev === undefined) return;
        // Undoing the edit an info notice speaks of takes the notice away with it.
        const stale =
          noticeBench === bench && noticeTone === 'info' ? { notice: null, noticeDetails: [], noticeBench: null } : {};
        set({ bench: prev, past: past.slice(0, -1), future: [bench, ...future], lastEdit: null, ...stale });
      }),
    redo: () =>
      queue.inOrder(() => {
        const { past, bench, future } = get();
        const next = future[0];
        if (next === undefined) return;
        set({ bench: next, past: [...past, bench], future: future.slice(1), lastEdit: null });
      }),
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
  /** The commits, there from the start (tests); without them the store loads them (`loadCommits()` or the first edit). */
  readonly commits?: Commits;
  /** How the commits load (default: their chunk). */
  readonly loadCommits?: () => Promise<Commits>;
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
  const queue = commitQueue(options.loadCommits ?? loadCommits, options.commits ?? null);
  const slices: Slice<PlannerStore> = (...a) => ({
    ...createBenchSlice(initial, queue)(...a),
    ...createHistorySlice(queue)(...a),
    ...createNoticeSlice(forget)(...a),
    colors: assignColors(NO_COLORS, namesOf(initial)),
  });
  const withLoaders = <S extends StoreApi<PlannerStore>>(s: S, hydrate: () => Promise<void>) =>
    Object.assign(keepColors(s), {
      hydrate,
      /** Load the commits now (the editors need them): resolves when edits commit at once. */
      loadCommits: () => queue.ready().then(() => undefined),
    });
  if (key === null) {
    const store = create<PlannerStore>()(slices as unknown as StateCreator<PlannerStore>);
    return withLoaders(store, () => Promise.resolve());
  }
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
  return withLoaders(store, hydrate);
};

function hasSaved(key: string): boolean {
  try {
    return localStorage.getItem(key) !== null;
  } catch {
    return false;
  }
}

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
