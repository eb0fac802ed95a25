/**
 * The planner's one store. It holds the bench (the document the user edits) and its
 * undo history; plans are derived from the bench with the core, never stored.
 * Persisted to localStorage with a schema version; a restore goes through the same
 * reader as a YAML import, so a damaged saved state can never reach the planner.
 */
import { create } from 'zustand';
import { persist, type PersistStorage, type StorageValue } from 'zustand/middleware';
import {
  composeWindows,
  type Bench,
  type CaseStudyInfo,
  type Hardware,
  type ModelCard,
  type PatternName,
  type WindowSpec,
} from '../core';
import { restoreBench } from '../io';
import { defaultBench } from './presets';

export const STORAGE_KEY = 'nvinx-planner';
export const SCHEMA_VERSION = 1;
const HISTORY_LIMIT = 200;
/** Edits of one field within this many ms make one undo step. */
const COALESCE_MS = 1200;

export interface PlannerState {
  readonly bench: Bench;
  readonly past: readonly Bench[];
  readonly future: readonly Bench[];
  readonly lastEdit: { readonly key: string; readonly at: number } | null;
  /** A message for the user (e.g. saved state could not be restored). */
  readonly notice: string | null;
  /** `error` notices interrupt (role=alert); `info` ones are announced politely. */
  readonly noticeTone: NoticeTone;
}

export type NoticeTone = 'info' | 'error';

/** A change to a card; an optional field set to undefined is removed. */
export type CardPatch = { [K in keyof ModelCard]?: ModelCard[K] | undefined };

export interface PlannerActions {
  setHardware(patch: { [K in keyof Hardware]?: Hardware[K] | undefined }, key?: string): void;
  updateCard(index: number, patch: CardPatch, key?: string): void;
  addCard(): void;
  duplicateCard(index: number): void;
  deleteCard(index: number): void;
  moveCard(index: number, delta: -1 | 1): void;
  updateWindow(index: number, window: WindowSpec, key?: string): void;
  addWindow(pattern: PatternName): void;
  deleteWindow(index: number): void;
  moveWindow(index: number, delta: -1 | 1): void;
  suggestWindows(): void;
  /** Replace the day's windows (an accepted suggestion): one undoable step. */
  setWindows(windows: readonly WindowSpec[]): void;
  /** The co-residency slowdown factor; undefined restores the default (1.0). */
  setCoresidencySlowdown(value: number | undefined, key?: string): void;
  setBenchName(name: string, key?: string): void;
  /** Replace the whole bench (preset, import, share link): one undoable step. */
  loadBench(bench: Bench): void;
  undo(): void;
  redo(): void;
  setNotice(notice: string | null, tone?: NoticeTone): void;
  /** Change the case-study submission fields kept with the bench. */
  setCaseStudy(patch: { [K in keyof CaseStudyInfo]?: CaseStudyInfo[K] | undefined }, key?: string): void;
}

export type PlannerStore = PlannerState & PlannerActions;

/** A copy without the keys whose value is undefined (an optional field being removed). */
function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}_${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The windows to edit: the bench's own, or the composed ones made explicit. */
export function editableWindows(bench: Bench): readonly WindowSpec[] {
  return bench.windows ?? composeWindows(bench).windows;
}

function renameInWindow(w: WindowSpec, from: string, to: string): WindowSpec {
  const r = (n: string) => (n === from ? to : n);
  switch (w.pattern) {
    case 'serial_handoff':
      return { ...w, gpu_job: r(w.gpu_job), candidates: w.candidates.map(r) };
    case 'fractional_coresidency':
      return { ...w, candidates: w.candidates.map(r) };
    case 'ram_overflow':
      return { ...w, model: r(w.model) };
  }
}

function dropFromWindow(w: WindowSpec, name: string): WindowSpec {
  if (w.pattern === 'ram_overflow') return w;
  return { ...w, candidates: w.candidates.filter((c) => c !== name) };
}

function move<T>(list: readonly T[], index: number, delta: number): readonly T[] {
  const to = index + delta;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return list;
  const out = [...list];
  const [item] = out.splice(index, 1);
  out.splice(to, 0, item as T);
  return out;
}

/** Saved history is bounded by card count so a large bench cannot overflow localStorage. */
const PERSISTED_HISTORY_CARDS = 4000;

function persistedHistory(past: readonly Bench[], future: readonly Bench[]) {
  let budget = PERSISTED_HISTORY_CARDS;
  const keep = (b: Bench) => (budget -= Math.max(1, b.models.length)) >= 0;
  const f = future.filter(keep);
  const p = [...past].reverse().filter(keep).reverse();
  return { past: p, future: f };
}

function restoreList(saved: unknown): readonly Bench[] {
  if (!Array.isArray(saved)) return [];
  return saved.flatMap((b) => {
    const r = restoreBench(b);
    return r.ok ? [r.bench] : [];
  });
}

/**
 * localStorage, serialized and written at most every 250 ms and always before the page
 * goes away, so a burst of keystrokes on a 2,000-card bench does not serialize it per key.
 */
function deferredStorage<S>(): PersistStorage<S> {
  const pending = new Map<string, StorageValue<S>>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    for (const [k, v] of pending) {
      try {
        localStorage.setItem(k, JSON.stringify(v));
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
    getItem: (k) => {
      const p = pending.get(k);
      if (p !== undefined) return p;
      const text = localStorage.getItem(k);
      return text === null ? null : (JSON.parse(text) as StorageValue<S>);
    },
    setItem: (k, v) => {
      pending.set(k, v);
      timer ??= setTimeout(flush, 250);
    },
    removeItem: (k) => {
      pending.delete(k);
      localStorage.removeItem(k);
    },
  };
}

export const createPlannerStore = (initial: Bench = defaultBench()) =>
  create<PlannerStore>()(
    persist(
      (set, get) => {
        /** Apply a change as one undo step (or fold it into the last one for the same field). */
        const commit = (next: Bench, key?: string) => {
          const { bench, past, lastEdit } = get();
          if (next === bench) return;
          const now = Date.now();
          const fold =
            key !== undefined && lastEdit !== null && lastEdit.key === key && now - lastEdit.at < COALESCE_MS;
          set({
            bench: next,
            past: fold ? past : [...past, bench].slice(-HISTORY_LIMIT),
            future: [],
            lastEdit: key === undefined ? null : { key, at: now },
          });
        };
        const withWindows = (f: (ws: readonly WindowSpec[]) => readonly WindowSpec[], key?: string) => {
          const bench = get().bench;
          commit({ ...bench, windows: f(editableWindows(bench)) }, key);
        };
        return {
          bench: initial,
          past: [],
          future: [],
          lastEdit: null,
          notice: null,
          noticeTone: 'error',
          setHardware: (patch, key) => {
            const bench = get().bench;
            commit({ ...bench, hardware: dropUndefined({ ...bench.hardware, ...patch }) as Hardware }, key);
          },
          updateCard: (index, patch, key) => {
            const bench = get().bench;
            const old = bench.models[index];
            if (old === undefined) return;
            const card = dropUndefined({ ...old, ...patch }) as ModelCard;
            if (card.name !== old.name && bench.models.some((m, i) => i !== index && m.name === card.name)) return;
            const models = bench.models.map((m, i) => (i === index ? card : m));
            const windows =
              card.name !== old.name && bench.windows !== undefined
                ? bench.windows.map((w) => renameInWindow(w, old.name, card.name))
                : bench.windows;
            commit({ ...bench, models, ...(windows === undefined ? {} : { windows }) }, key);
          },
          addCard: () => {
            const bench = get().bench;
            const name = uniqueName('new_model', new Set(bench.models.map((m) => m.name)));
            const card: ModelCard = {
              name,
              vram_gb: 1.0,
              residency: 'GPU_SHARED',
              cpu_fallback_supported: false,
              ram_overflow_supported: false,
              ram_gb_needed: null,
            };
            commit({ ...bench, models: [...bench.models, card] });
          },
          duplicateCard: (index) => {
            const bench = get().bench;
            const card = bench.models[index];
            if (card === undefined) return;
            const name = uniqueName(`${card.name}_copy`, new Set(bench.models.map((m) => m.name)));
            const models = [...bench.models];
            models.splice(index + 1, 0, { ...card, name });
            commit({ ...bench, models });
          },
          deleteCard: (index) => {
            const bench = get().bench;
            const card = bench.models[index];
            if (card === undefined) return;
            const models = bench.models.filter((_, i) => i !== index);
            const windows = bench.windows?.map((w) => dropFromWindow(w, card.name));
            commit({ ...bench, models, ...(windows === undefined ? {} : { windows }) });
          },
          moveCard: (index, delta) => {
            const bench = get().bench;
            const models = move(bench.models, index, delta);
            if (models !== bench.models) commit({ ...bench, models });
          },
          updateWindow: (index, window, key) => withWindows((ws) => ws.map((w, i) => (i === index ? window : w)), key),
          addWindow: (pattern) =>
            withWindows((ws) => {
              const name = uniqueName(`window_${ws.length + 1}`, new Set(ws.map((w) => w.name)));
              const first = get().bench.models[0]?.name ?? '';
              const w: WindowSpec =
                pattern === 'serial_handoff'
                  ? { name, pattern, gpu_job: first, candidates: [] }
                  : pattern === 'fractional_coresidency'
                    ? { name, pattern, candidates: [], headroom_gb: 0.5 }
                    : { name, pattern, model: first, headroom_gb: 0.5 };
              return [...ws, w];
            }),
          deleteWindow: (index) => withWindows((ws) => ws.filter((_, i) => i !== index)),
          moveWindow: (index, delta) => withWindows((ws) => move(ws, index, delta)),
          suggestWindows: () => {
            const bench = get().bench;
            commit({ ...bench, windows: composeWindows(bench).windows });
          },
          setWindows: (windows) => commit({ ...get().bench, windows }),
          setCoresidencySlowdown: (value, key) => {
            const { coresidency_slowdown: _old, ...rest } = get().bench;
            commit(value === undefined ? rest : { ...rest, coresidency_slowdown: value }, key);
          },
          setBenchName: (name, key) => commit({ ...get().bench, name }, key),
          loadBench: (bench) => commit(bench),
          undo: () => {
            const { past, bench, future } = get();
            const prev = past[past.length - 1];
            if (prev === undefined) return;
            set({ bench: prev, past: past.slice(0, -1), future: [bench, ...future], lastEdit: null });
          },
          redo: () => {
            const { past, bench, future } = get();
            const next = future[0];
            if (next === undefined) return;
            set({ bench: next, past: [...past, bench], future: future.slice(1), lastEdit: null });
          },
          setNotice: (notice, tone = 'error') => set({ notice, noticeTone: tone }),
          setCaseStudy: (patch, key) => {
            const bench = get().bench;
            commit({ ...bench, case_study: dropUndefined({ ...bench.case_study, ...patch }) as CaseStudyInfo }, key);
          },
        };
      },
      {
        name: STORAGE_KEY,
        version: SCHEMA_VERSION,
        storage: deferredStorage(),
        partialize: (s) => ({ bench: s.bench, ...persistedHistory(s.past, s.future) }),
        // Version 1 is the first schema: older saves (version 0) had the same shape. Later
        // versions add their steps here; the merge below validates whatever comes out.
        migrate: (persisted) => persisted,
        merge: (persisted, current) => {
          const p = persisted as { bench?: unknown; past?: unknown; future?: unknown } | null;
          const saved = p?.bench;
          if (saved === undefined) return current;
          const r = restoreBench(saved);
          if (r.ok) return { ...current, bench: r.bench, past: restoreList(p?.past), future: restoreList(p?.future) };
          return {
            ...current,
            notice: `Your saved bench could not be restored (${r.errors[0]?.message ?? 'unreadable'}); the default bench is loaded instead.`,
          };
        },
        onRehydrateStorage: () => (_state, error) => {
          if (error !== undefined) {
            queueMicrotask(() =>
              usePlanner.setState({
                notice: 'Your saved bench could not be read; the default bench is loaded instead.',
              }),
            );
          }
        },
      },
    ),
  );

export const usePlanner = createPlannerStore();
