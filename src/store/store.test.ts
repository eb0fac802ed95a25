// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultBench, PRESETS, usePlanner } from './index';

const s = () => usePlanner.getState();
beforeEach(() => {
  localStorage.clear();
  usePlanner.setState({ bench: defaultBench(), past: [], future: [], lastEdit: null, notice: null });
});

describe('planner store', () => {
  it('undoes and redoes every change; edits of one field fold into one step', () => {
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

  it('keeps names unique and carries renames into the windows', () => {
    s().updateCard(3, { name: 'embedder' });
    expect(s().bench.models[3]?.name).toBe('reranker');
    s().updateCard(3, { name: 'reranker_v2' });
    expect(s().bench.windows?.[1]).toMatchObject({ candidates: ['classifier_a', 'embedder', 'reranker_v2'] });
    s().duplicateCard(3);
    expect(s().bench.models[4]?.name).toBe('reranker_v2_copy');
  });

  it('drops a deleted card from window candidates; removing hours removes the field', () => {
    s().deleteCard(1);
    expect(s().bench.windows?.[1]).toMatchObject({ candidates: ['embedder', 'reranker'] });
    s().updateCard(0, { hours: undefined });
    expect('hours' in s().bench.models[0]!).toBe(false);
  });

  it('suggests windows from the cards and materializes composed windows on edit', () => {
    const { windows: _w, ...noWindows } = defaultBench();
    s().loadBench(noWindows);
    expect(s().bench.windows).toBeUndefined();
    s().deleteWindow(0);
    expect(s().bench.windows?.map((w) => w.pattern)).toEqual(['fractional_coresidency', 'ram_overflow']);
    s().suggestWindows();
    expect(s().bench.windows).toHaveLength(3);
  });

  it('persists the bench with its schema version', () => {
    s().setHardware({ vram_gb: 6 });
    window.dispatchEvent(new Event('pagehide')); // writes are deferred, and flushed when the page goes
    const saved = JSON.parse(localStorage.getItem('nvinx-planner') ?? '{}');
    expect(saved.version).toBe(1);
    expect(saved.state.bench.hardware.vram_gb).toBe(6);
  });
});

describe('presets', () => {
  it('every preset carries hours on every card, so a first look shows a day', () => {
    for (const p of PRESETS.filter((x) => x.id !== 'empty')) {
      const b = p.bench();
      expect(b.models.filter((m) => m.hours === undefined).map((m) => `${p.id}:${m.name}`)).toEqual([]);
    }
  });
});
