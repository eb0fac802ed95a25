// @vitest-environment jsdom
/**
 * Model-based property test: random sequences of what the editors let a user do (names
 * blank, spaced or taken, cores above the bench, a cleared bench name, duplicate window
 * names, a card put in two windows, deletes, undo and redo…) through the store; after
 * each step the bench breaks no rule, and persisting then restoring gives the same bench
 * with nothing repaired.
 */
import * as restore from '../bench/restore';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBench, hasErrors } from '../core/bench-check';
import { suggestDay } from '../core/suggest';
import { PATTERNS, type WindowSpec } from '../core/types';
import { benchKey } from '../bench/bench-key';
import { restoreBench } from '../bench/restore';
import { createPlannerStore, type PlannerStoreApi } from './store';
import { COMMITS } from './commits';
import { defaultBench } from './presets/default';

type Real = { store: PlannerStoreApi; key: string };
type Model = Record<string, never>;

const typedName = fc.oneof(
  fc.constantFrom('', ' ', 'a', 'a ', ' lead', 'reranker', 'embedder', 'long_inference', 'morning', 'overnight'),
  fc.string({ maxLength: 8 }),
);

class Act implements fc.Command<Model, Real> {
  constructor(
    readonly label: string,
    readonly act: (r: Real) => void,
  ) {}
  check = () => true;
  run(_m: Model, r: Real): void {
    this.act(r);
    const bench = r.store.getState().bench;
    expect(hasErrors(checkBench(bench))).toBe(false);
    // What is saved restores as it is: nothing repaired.
    const restored = restoreBench(JSON.parse(JSON.stringify(bench)), defaultBench());
    expect(restored.changes.map((c) => c.message)).toEqual([]);
    expect(benchKey(restored.bench)).toBe(benchKey(bench));
  }
  toString = () => this.label;
}

const s = (r: Real) => r.store.getState();
const windowAt = (r: Real, k: number): [number, WindowSpec] | null => {
  const ws = s(r).bench.windows ?? [];
  if (ws.length === 0) return null;
  const i = k % ws.length;
  return [i, ws[i]!];
};
const cardAt = (r: Real, i: number) => {
  const ms = s(r).bench.models;
  return ms.length === 0 ? null : i % ms.length;
};

const commands = [
  fc.tuple(fc.nat(), typedName).map(
    ([i, name]) =>
      new Act(`rename card ${i} to ${JSON.stringify(name)}`, (r) => {
        const c = cardAt(r, i);
        if (c !== null && name.trim() !== '') s(r).updateCard(c, { name });
      }),
  ),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 64 })).map(
    ([i, cores]) =>
      new Act(`card ${i} cores ${cores}`, (r) => {
        const c = cardAt(r, i);
        if (c !== null) s(r).updateCard(c, { cores });
      }),
  ),
  fc
    .integer({ min: 1, max: 16 })
    .map((n) => new Act(`bench cores ${n}`, (r) => void s(r).setHardware({ cpu_cores: n }))),
  typedName.map((name) => new Act(`bench name ${JSON.stringify(name)}`, (r) => void s(r).setBenchName(name))),
  fc.tuple(fc.nat(), typedName).map(
    ([k, name]) =>
      new Act(`rename window ${k} to ${JSON.stringify(name)}`, (r) => {
        const w = windowAt(r, k);
        if (w !== null && name.trim() !== '') s(r).updateWindow(w[0], { ...w[1], name });
      }),
  ),
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('move' as const, 'both' as const)).map(
    ([k, i, mode]) =>
      new Act(`place card ${i} in window ${k} (${mode})`, (r) => {
        const w = windowAt(r, k);
        const c = cardAt(r, i);
        if (w !== null && c !== null) s(r).placeCandidate(w[0], s(r).bench.models[c]!.name, mode);
      }),
  ),
  fc.tuple(fc.nat(), fc.nat()).map(
    ([k, i]) =>
      new Act(`remove card ${i} from window ${k}`, (r) => {
        const w = windowAt(r, k);
        const c = cardAt(r, i);
        if (w !== null && c !== null) s(r).removeCandidate(w[0], s(r).bench.models[c]!.name);
      }),
  ),
  fc
    .tuple(
      fc.nat(),
      fc.oneof(fc.constantFrom('0', '1', '0.5', '0.0'), fc.double({ min: 0, max: 3, noNaN: true }).map(String)),
    )
    .map(
      ([k, text]) =>
        new Act(`headroom of window ${k}: ${text}`, (r) => {
          const w = windowAt(r, k);
          if (w === null || w[1].pattern === 'serial_handoff') return;
          const { headroom_is_int: _i, ...rest } = w[1];
          const isInt = /^\d+$/.test(text);
          s(r).updateWindow(w[0], { ...rest, headroom_gb: Number(text), ...(isInt ? { headroom_is_int: true } : {}) });
        }),
    ),
  fc.constant(new Act('add card', (r) => void s(r).addCard())),
  fc
    .nat()
    .map(
      (i) => new Act(`duplicate card ${i}`, (r) => void (cardAt(r, i) !== null && s(r).duplicateCard(cardAt(r, i)!))),
    ),
  fc
    .nat()
    .map((i) => new Act(`delete card ${i}`, (r) => void (cardAt(r, i) !== null && s(r).deleteCard(cardAt(r, i)!)))),
  fc.constantFrom(...PATTERNS).map((p) => new Act(`add ${p} window`, (r) => void s(r).addWindow(p))),
  fc.nat().map(
    (k) =>
      new Act(`delete window ${k}`, (r) => {
        const w = windowAt(r, k);
        if (w !== null) s(r).deleteWindow(w[0]);
      }),
  ),
  fc.constant(new Act('use the suggested windows', (r) => void s(r).setWindows(suggestDay(s(r).bench).windows))),
  fc.constant(new Act('undo', (r) => s(r).undo())),
  fc.constant(new Act('redo', (r) => s(r).redo())),
];

let n = 0;

describe('random editor actions, persisted and restored', () => {
  it('never break a rule, and always restore to the same bench and history', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 40 }), (cmds) => {
        localStorage.clear();
        const key = `planner-model-${++n}`;
        const real: Real = {
          store: createPlannerStore(defaultBench(), { storageKey: key, restore, commits: COMMITS }),
          key,
        };
        fc.modelRun(() => ({ model: {}, real }), cmds);
        window.dispatchEvent(new Event('pagehide'));
        const again = createPlannerStore(defaultBench(), { storageKey: key, restore, commits: COMMITS }).getState();
        const before = real.store.getState();
        expect(again.notice).toBeNull();
        expect(benchKey(again.bench)).toBe(benchKey(before.bench));
        expect(again.past.map(benchKey)).toEqual(before.past.map(benchKey));
        expect(again.future.map(benchKey)).toEqual(before.future.map(benchKey));
      }),
      { numRuns: 150 },
    );
  });
});
