// @vitest-environment jsdom
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { settled } from '../test/settled';
import { defaultBench } from '../store/presets/default';
import { usePlanner } from '../store/store';
import { App } from './App';
import { TOUR_KEY } from '../store/view';
import * as compat from 'preact/compat';
import * as React from 'react';
import { loadBench } from '../test/store';

/** The editors and the plan view load in their own chunks after the first render (the first import compiles them in the tests). */
const EDITORS = { timeout: 15_000 };
/** The plan view's windows, once it is there. */
const planShown = () => screen.findAllByRole('article', undefined, EDITORS);

beforeEach(() => {
  localStorage.clear();
  localStorage.setItem(TOUR_KEY, 'seen'); // past the guided first visit (e2e/reframe.spec.ts opens it)
  loadBench(defaultBench());
});

const windowPanel = (name: string) =>
  screen.getAllByRole('article').find((a) => within(a).getByRole('heading', { level: 3 }).textContent?.includes(name))!;

describe('App', () => {
  it('the preset menu names a reloaded bench by its name until the presets are read, then as what it is', async () => {
    // A reload: the default bench as saved, not the very object the page opens on.
    usePlanner.setState({ bench: structuredClone(defaultBench()) });
    render(<App />);
    const menu = screen.getByLabelText('Preset') as HTMLSelectElement;
    const shown = () => menu.selectedOptions[0]!.textContent;
    // Before the presets' chunk is in: not called "your bench" (it may be a preset as it loads).
    expect(shown()).toBe('4 GB bench — a composed day');
    // Once read: the preset, unedited.
    await vi.waitFor(() => expect(shown()).toBe('4 GB bench — composed day (default)'), { timeout: 15_000 });
  });

  it('plans the default bench on first render, the plan view right after', async () => {
    render(<App />);
    // The first render draws the plan's section and title, busy until the plan view is there.
    const section = screen.getByRole('region', { name: 'The plan' });
    expect(section).toHaveAttribute('aria-busy', 'true');
    await planShown();
    expect(screen.getByRole('region', { name: 'The plan' })).toHaveAttribute('aria-busy', 'false');
    expect(windowPanel('morning')).toHaveTextContent('3 model(s) co-resident, 2.2 of 3.5 GB budget used');
    expect(windowPanel('overnight')).toHaveTextContent('long_inference holds the GPU');
    expect(windowPanel('afternoon')).toHaveTextContent('max_memory={0: "3.5GiB", "cpu": "6.5GiB"}');
    expect(within(windowPanel('afternoon')).getAllByRole('table')[1]).toHaveTextContent(
      'big_folder spilled to RAM6.5 GB',
    );
  });

  it('re-plans on every edit and explains an invalid value inline', async () => {
    const user = userEvent.setup();
    render(<App />);
    const card = await screen.findByRole('listitem', { name: 'Model card reranker' }, EDITORS);
    const vram = within(card).getByLabelText('VRAM (GB)');
    await user.clear(vram);
    await user.type(vram, '3');
    await settled();
    expect(windowPanel('morning')).toHaveTextContent('classifier_a does not fit (0.7 GB > 0.5 GB left)');
    await user.type(vram, 'x');
    await settled();
    expect(within(card).getByRole('alert')).toHaveTextContent('VRAM must be a number, got the text "3x"');
    expect(windowPanel('morning')).toHaveTextContent('2 model(s) co-resident');
  });

  it('refuses a duplicate name with a clear message', async () => {
    const user = userEvent.setup();
    render(<App />);
    const card = await screen.findByRole('listitem', { name: 'Model card embedder' }, EDITORS);
    const name = within(card).getByLabelText('Name');
    await user.clear(name);
    await user.type(name, 'reranker');
    expect(within(card).getByRole('alert')).toHaveTextContent('Another card is already named "reranker"');
    // Each valid keystroke commits ("reranke"); the colliding name never does.
    const names = usePlanner.getState().bench.models.map((m) => m.name);
    expect(names[2]).toBe('reranke');
    expect(new Set(names).size).toBe(names.length);
  });

  it('shows a refusal with its fix, and undo brings the plan back', async () => {
    const user = userEvent.setup();
    render(<App />);
    await planShown();
    act(() => void usePlanner.getState().setHardware({ vram_gb: 0.5 }));
    await settled();
    expect(windowPanel('morning')).toHaveTextContent('Refused: the VRAM budget after 0.5 GB headroom is 0.0 GB');
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await settled();
    expect(windowPanel('morning')).toHaveTextContent('3 model(s) co-resident');
  });
});

describe('the renderer', () => {
  it('is Preact, as on the page: vite.config.ts resolves React for the tests too', () => {
    expect(React.createElement).toBe(compat.createElement);
  });

  it('does not spell-check names and commands (spellcheck="false" is written)', async () => {
    render(<App />);
    const card = await screen.findByRole('listitem', { name: 'Model card reranker' }, EDITORS);
    expect(within(card).getByLabelText('Name')).toHaveAttribute('spellcheck', 'false');
    expect(within(card).getByRole('textbox', { name: /^Command/ })).toHaveAttribute('spellcheck', 'false');
  });
});
