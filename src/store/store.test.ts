// @vitest-environment jsdom
import * as restore from '../bench/restore';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkBench } from '../core/bench-check';
import { editableWindows } from '../core/edits';
import { suggestDay } from '../core/suggest';
import { benchKey } from '../bench/bench-key';
import { createPlannerStore, SCHEMA_VERSION, type Commits } from './store';
import { COMMITS } from './commits';
import { PRESETS } from './presets';
import { defaultBench } from './presets/default';
import { EMPTY_BENCH } from '../core/defaults';

let n = 0;
/** A fresh store per test, persisted under its own key. */
const fresh = () => {
  const key = `planner-test-${++n}`;
  return { store: createPlannerStore(defaultBench(), { storageKey: key, restore, commits: COMMITS }), key };
};
/** What a reload does: the writes are flushed, and a new store restores from the same key. */
const reload = (key: string) => {
  window.dispatchEvent(new Event('pagehide'));
  return createPlannerStore(defaultBench(), { storageKey: key, restore, commits: COMMITS });
};

beforeEach(() => localStorage.clear());

describe('planner store', () => {
  it('undoes and redoes every change; edits of one field fold into one step', () => {
    const s = fresh().store.getState;
    s().updateCard(3, { vram_gb: 2 }, 'card.3.vram');
    s().updateCard(3, { vram_gb: 3 }, 'card.3.vram');
    expect(s().past).toHaveLength(1);
    s().addCard();
    expect(s().bench.models).toHaveLength(8);
    s().undo();
    expect(s().bench.models).toHaveLength(7);
    expect(s().bench.models[3]?.vram_gb).toBe(3);
    s().undo();
    expect(s().bench.models[3]?.vram_gb).toBe(1.2);
    s().redo();
    expect(s().bench.models[3]?.vram_gb).toBe(3);
  });

  it('commits only benches that pass the bench check, and says why not', async () => {
    const s = fresh().store.getState;
    const r = await s().updateCard(3, { name: 'embedder' });
    expect(r.ok).toBe(false);
    // The name is taken, and the renamed card would be named twice in the morning window.
    expect(!r.ok && r.problems.map((p) => p.code)).toEqual(['duplicate_card', 'repeated_candidate']);
    expect(s().bench.models[3]?.name).toBe('reranker');
    const w = s().bench.windows![1]!;
    expect((await s().updateWindow(1, { ...w, name: s().bench.windows![0]!.name })).ok).toBe(false);
    expect(s().past).toHaveLength(0);
    s().updateCard(3, { name: 'reranker_v2' });
    expect(s().bench.windows?.[1]).toMatchObject({ candidates: ['classifier_a', 'embedder', 'reranker_v2'] });
  });

  it('drops a deleted card from window candidates; removing hours removes the field', () => {
    const s = fresh().store.getState;
    s().deleteCard(1);
    expect(s().bench.windows?.[1]).toMatchObject({ candidates: ['embedder', 'reranker'] });
    s().updateCard(0, { hours: undefined });
    expect('hours' in s().bench.models[0]!).toBe(false);
  });

  it('materializes composed windows on edit, and takes suggested windows in one step', () => {
    const s = fresh().store.getState;
    const { windows: _w, ...noWindows } = defaultBench();
    s().loadBench(noWindows);
    expect(s().bench.windows).toBeUndefined();
    s().deleteWindow(0);
    expect(s().bench.windows?.map((w) => w.pattern)).toEqual(['fractional_coresidency', 'ram_overflow']);
    s().setWindows(suggestDay(s().bench).windows);
    expect(s().bench.windows).toHaveLength(3);
    s().undo();
    expect(s().bench.windows?.map((w) => w.pattern)).toEqual(['fractional_coresidency', 'ram_overflow']);
  });

  it('persists the bench with its schema version', () => {
    const { store, key } = fresh();
    store.getState().setHardware({ vram_gb: 6 });
    window.dispatchEvent(new Event('pagehide')); // writes are deferred, and flushed when the page goes
    const saved = JSON.parse(localStorage.getItem(key) ?? '{}');
    expect(saved.version).toBe(SCHEMA_VERSION);
    expect(saved.state.bench.hardware.vram_gb).toBe(6);
  });

  it('saves exactly the bench and its history, save after save (history benches written as before)', () => {
    const { store, key } = fresh();
    const s = store.getState;
    const save = () => {
      window.dispatchEvent(new Event('pagehide'));
      return JSON.parse(localStorage.getItem(key) ?? '{}');
    };
    s().updateCard(1, { vram_gb: 2.5 });
    s().deleteCard(0);
    s().undo();
    const first = save();
    s().updateCard(2, { hours: 3 }, 'card.2.hours');
    s().updateCard(2, { hours: 4 }, 'card.2.hours');
    const second = save();
    for (const saved of [first, second]) expect(saved.version).toBe(SCHEMA_VERSION);
    expect(second.state.bench).toEqual(JSON.parse(JSON.stringify(s().bench)));
    expect(second.state.past).toEqual(JSON.parse(JSON.stringify(s().past)));
    expect(second.state.past).toHaveLength(2);
    expect(second.state.past[0]).toEqual(first.state.past[0]);
    expect(second.state.future).toEqual([]);
    expect(first.state.future).toHaveLength(1);
    expect(second.state.colors).toEqual(first.state.colors);
    expect(reload(key).getState().bench).toEqual(s().bench);
  });
});

describe('what the page keeps beside the bench', () => {
  const slotOf = (s: ReturnType<typeof createPlannerStore>, name: string) => s.getState().colors.slots.get(name);

  it('keeps each card its colour through deletes, undos, a rename and a reload', () => {
    const { store, key } = fresh();
    const s = store.getState;
    const names = s().bench.models.map((m) => m.name);
    const before = new Map(names.map((n) => [n, slotOf(store, n)]));
    expect(new Set(before.values()).size).toBe(names.length);
    s().deleteCard(0);
    s().deleteCard(0);
    for (const n of names.slice(2)) expect(slotOf(store, n)).toBe(before.get(n));
    s().undo();
    s().undo();
    expect(s().colors.names).toEqual(names);
    for (const n of names) expect(slotOf(store, n)).toBe(before.get(n));
    s().updateCard(2, { name: 'renamed' });
    expect(slotOf(store, 'renamed')).toBe(before.get(names[2]!));
    s().deleteCard(0);
    const kept = reload(key);
    expect(kept.getState().colors.names).toEqual(s().bench.models.map((m) => m.name));
    for (const n of kept.getState().colors.names) expect(slotOf(kept, n)).toBe(slotOf(store, n));
  });

  it('takes an info notice away when the edit it speaks of is undone, and not before', () => {
    const s = fresh().store.getState;
    s().deleteCard(0);
    s().setNotice('Deleted the first card. Undo brings it back.', 'info');
    s().deleteCard(0);
    s().undo();
    expect(s().notice).toBe('Deleted the first card. Undo brings it back.');
    s().undo();
    expect(s().notice).toBeNull();
  });

  it('keeps an error notice (a repaired save) through an undo', () => {
    const s = fresh().store.getState;
    s().deleteCard(0);
    s().setNotice('Something to read.', 'error');
    s().undo();
    expect(s().notice).toBe('Something to read.');
  });
});

describe('a bench is never lost on reload', () => {
  it('keeps cores above the bench, a cleared bench name and a card in two windows, with their history', async () => {
    const { store, key } = fresh();
    const s = store.getState;
    expect((await s().updateCard(0, { cores: 12 })).ok).toBe(true);
    expect((await s().setBenchName('')).ok).toBe(true);
    const cpuCard = s().bench.models.find((m) => m.residency === 'CPU_ONLY')!.name;
    expect((await s().placeCandidate(1, cpuCard, 'both')).ok).toBe(true);
    expect((await s().updateCard(1, { name: 'spaced name ' })).ok).toBe(true);
    const before = s().bench;
    const after = reload(key).getState();
    expect(after.notice).toBeNull();
    expect(benchKey(after.bench)).toBe(benchKey(before));
    expect(after.past).toHaveLength(4);
    expect(after.bench.name).toBeUndefined();
  });

  it('restores a version-1 save (before several GPUs) as it was, and a version-2 save of two GPUs as it was', () => {
    const one = `planner-test-${++n}`;
    const bench = defaultBench();
    localStorage.setItem(one, JSON.stringify({ state: { bench, past: [], future: [] }, version: 1 }));
    const s1 = createPlannerStore(EMPTY_BENCH, { storageKey: one, restore, commits: COMMITS }).getState();
    expect(benchKey(s1.bench)).toBe(benchKey(bench));
    expect(s1.notice).toBeNull();
    const two = `planner-test-${++n}`;
    const gpus = {
      ...bench,
      hardware: { ...bench.hardware, more_gpus: [{ vram_gb: 12, model: 'RTX 3060' }], interconnect_gbps: 25 },
      windows: bench.windows!.map((w, i) => (i === 1 && w.pattern !== 'multi_gpu_split' ? { ...w, gpu: 1 } : w)),
    };
    localStorage.setItem(
      two,
      JSON.stringify({ state: { bench: gpus, past: [], future: [] }, version: SCHEMA_VERSION }),
    );
    const s2 = createPlannerStore(EMPTY_BENCH, { storageKey: two, restore, commits: COMMITS }).getState();
    expect(benchKey(s2.bench)).toBe(benchKey(gpus));
    expect(s2.notice).toBeNull();
    expect(SCHEMA_VERSION).toBe(2);
  });

  it('repairs a damaged save, keeps every valid part, says what changed, and keeps the saved text', () => {
    const key = `planner-test-${++n}`;
    const bench = defaultBench();
    const w0 = bench.windows![0]!;
    const damaged = { ...bench, windows: [w0, { ...bench.windows![1]!, name: w0.name }, ...bench.windows!.slice(2)] };
    const text = JSON.stringify({ state: { bench: damaged, past: [], future: [] }, version: SCHEMA_VERSION });
    localStorage.setItem(key, text);
    const store = createPlannerStore(defaultBench(), { storageKey: key, restore, commits: COMMITS });
    const s = store.getState();
    expect(s.bench.models).toEqual(bench.models);
    expect(s.bench.windows?.map((w) => w.name)).toEqual([
      w0.name,
      `${w0.name} 2`,
      ...bench.windows!.slice(2).map((w) => w.name),
    ]);
    expect(s.notice).toMatch(/restored with one repair/);
    expect(s.noticeDetails).toEqual([
      `windows[1].name "${w0.name}" is already the name of windows[0]; window names must be unique: renamed to "${w0.name} 2"`,
    ]);
    expect(s.savedText).toBe(text);
    // Kept across a reload until dismissed.
    expect(reload(key).getState().savedText).toBe(text);
    s.dismissNotice();
    expect(store.getState().savedText).toBeNull();
    expect(reload(key).getState().savedText).toBeNull();
  });

  it('keeps the text of a save that is not even JSON, and loads the default bench', async () => {
    const key = `planner-test-${++n}`;
    localStorage.setItem(key, '{"state": {"bench": ');
    const store = createPlannerStore(defaultBench(), { storageKey: key, restore, commits: COMMITS });
    await Promise.resolve();
    expect(store.getState().notice).toMatch(/could not be read/);
    expect(store.getState().savedText).toBe('{"state": {"bench": ');
    expect(benchKey(store.getState().bench)).toBe(benchKey(defaultBench()));
  });
});

describe('presets', () => {
  it('every preset carries hours on every card, so a first look shows a day', () => {
    for (const p of PRESETS.filter((x) => x.id !== 'empty')) {
      const b = p.bench();
      expect(b.models.filter((m) => m.hours === undefined).map((m) => `${p.id}:${m.name}`)).toEqual([]);
    }
  });

  it('every preset passes the bench check', () => {
    for (const p of PRESETS) expect(checkBench({ ...p.bench(), windows: editableWindows(p.bench()) })).toEqual([]);
  });
});

describe('edits made before the commits (the edits and the bench check) are loaded', () => {
  /** A store whose commits load when the test says. */
  const waiting = () => {
    let give: (c: Commits) => void = () => undefined;
    let fail: (e: Error) => void = () => undefined;
    let loads = 0;
    const store = createPlannerStore(defaultBench(), {
      storageKey: null,
      loadCommits: () => {
        loads++;
        return new Promise<Commits>((resolve, reject) => {
          give = resolve;
          fail = reject;
        });
      },
    });
    return { s: store.getState, give: (c: Commits) => give(c), fail: (e: Error) => fail(e), loads: () => loads };
  };

  it('wait for them, then are applied in order, each checked; undo keeps its place', async () => {
    const { s, give, loads } = waiting();
    const initial = s().bench;
    const r1 = s().updateCard(3, { vram_gb: 2 }, 'card.3.vram');
    const r2 = s().updateCard(3, { name: 'embedder' });
    const r3 = s().addCard();
    s().undo();
    const r4 = s().updateCard(3, { vram_gb: 2.5 }, 'card.3.vram');
    await new Promise((r) => setTimeout(r, 0));
    // Nothing is applied unchecked meanwhile, and the load started once.
    expect(s().bench).toBe(initial);
    expect(s().past).toHaveLength(0);
    expect(loads()).toBe(1);
    give(COMMITS);
    expect((await r1).ok).toBe(true);
    const refused = await r2;
    expect(!refused.ok && refused.problems.map((p) => p.code)).toContain('duplicate_card');
    expect((await r3).ok).toBe(true);
    expect((await r4).ok).toBe(true);
    // The card added, then undone; the last edit cleared redo.
    expect(s().bench.models).toHaveLength(7);
    expect(s().bench.models[3]).toMatchObject({ name: 'reranker', vram_gb: 2.5 });
    expect(s().past).toHaveLength(2);
    expect(s().future).toHaveLength(0);
    s().undo();
    expect(s().bench.models[3]?.vram_gb).toBe(2);
    s().undo();
    expect(s().bench).toBe(initial);
    // Once loaded, an edit is in the store when the action returns.
    void s().updateCard(3, { vram_gb: 3 });
    expect(s().bench.models[3]?.vram_gb).toBe(3);
  });

  it('two moves of one window, queued, move it twice (by its name, not the place it had when asked)', async () => {
    const { s, give } = waiting();
    const names = editableWindows(s().bench).map((w) => w.name);
    const first = names[0]!;
    const moves = [s().moveWindow(first, 1), s().moveWindow(first, 1)];
    give(COMMITS);
    for (const r of moves) expect((await r).ok).toBe(true);
    expect(s().bench.windows?.map((w) => w.name)).toEqual([names[1], names[2], first, ...names.slice(3)]);
    // Once loaded too, and a name no window has changes nothing.
    void s().moveWindow(first, -1);
    void s().moveWindow(first, -1);
    expect(s().bench.windows?.map((w) => w.name)).toEqual(names);
    const before = s().bench;
    void s().moveWindow('no such window', 1);
    expect(s().bench).toBe(before);
  });

  it('are not applied when the commits fail to load, and the notice says so; the next edit loads them again', async () => {
    const { s, give, fail, loads } = waiting();
    const initial = s().bench;
    const r = s().addCard();
    fail(new Error('offline'));
    expect(await r).toEqual({ ok: false, problems: [] });
    expect(s().bench).toBe(initial);
    expect(s().notice).toMatch(/^A change was not applied: .*offline/);
    const again = s().addCard();
    expect(loads()).toBe(2);
    give(COMMITS);
    expect((await again).ok).toBe(true);
    expect(s().bench.models).toHaveLength(8);
  });

  it('the page’s loader brings the edits and the check', async () => {
    const s = createPlannerStore(defaultBench(), { storageKey: null }).getState;
    expect((await s().updateCard(3, { name: 'embedder' })).ok).toBe(false);
    expect((await s().addCard()).ok).toBe(true);
    expect(s().bench.models).toHaveLength(8);
  });
});
