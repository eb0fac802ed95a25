// @vitest-environment jsdom
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeCard } from '../../test/cards';
import { settled } from '../../test/settled';
import { usePlanner } from '../../store/store';
import { ModelCards } from './ModelCards';
import { loadBench, sharedCards, threeCards } from '../../test/store';

beforeEach(() => {
  localStorage.clear();
  loadBench(threeCards());
});

const order = () => usePlanner.getState().bench.models.map((m) => m.name);

describe('moving a card by keyboard', () => {
  it('keeps the focus on the card moved, so a second Enter moves it on (not the card now in its place back)', async () => {
    const user = userEvent.setup();
    render(<ModelCards />);
    await user.click(screen.getByRole('button', { name: 'Move a down' }));
    await settled();
    expect(order()).toEqual(['b', 'a', 'c']);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move a down' }));
    await user.keyboard('{Enter}');
    await settled();
    expect(order()).toEqual(['b', 'c', 'a']);
    // At the end its down arrow is off: the focus goes to its up arrow.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move a up' }));
  });
});

describe('a card no window of the day names', () => {
  const withWindows = () =>
    usePlanner.setState({
      bench: {
        ...usePlanner.getState().bench,
        models: [
          ...usePlanner.getState().bench.models,
          makeCard({ name: 'new_model', vram_gb: 1, residency: 'GPU_SHARED' }),
        ],
        windows: [
          { name: 'morning', pattern: 'fractional_coresidency', candidates: ['a', 'b'], headroom_gb: 0.5 },
          { name: 'late', pattern: 'ram_overflow', model: 'c', headroom_gb: 0.5 },
        ],
      },
    });

  it('says so on the card, and Add to the window puts it in one (the focus stays in the note)', async () => {
    withWindows();
    const user = userEvent.setup();
    render(<ModelCards />);
    await settled();
    const card = screen.getByRole('listitem', { name: 'Model card new_model' });
    expect(card).toHaveTextContent('new_model is in no window: the day does not run it.');
    // The windows it may join are those with candidates; the shared one is chosen for a GPU_SHARED card.
    const select = within(card).getByLabelText('Window');
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['morning (fractional_coresidency)']);
    await user.click(within(card).getByRole('button', { name: 'Add to the window' }));
    await settled();
    const morning = usePlanner.getState().bench.windows![0]!;
    expect(morning.pattern === 'fractional_coresidency' && morning.candidates).toEqual(['a', 'b', 'new_model']);
    expect(card).not.toHaveTextContent('is in no window');
    expect(within(card).getByRole('status')).toHaveTextContent('Added new_model to morning. Undo takes it back.');
    expect(card.contains(document.activeElement)).toBe(true);
  });

  it('says when the card added does not run there, and which cards it pushes out', async () => {
    withWindows();
    const { bench } = usePlanner.getState();
    // morning's budget is 24 − 0.5 GB: a and b (1 GB each) run; a 23 GB card pushes b out, a 30 GB one does not fit.
    usePlanner.setState({
      bench: {
        ...bench,
        models: [
          ...bench.models.filter((m) => m.name !== 'new_model'),
          makeCard({ name: 'big', vram_gb: 22.3, residency: 'GPU_SHARED', hours: 1 }),
          makeCard({ name: 'huge', vram_gb: 30, residency: 'GPU_SHARED', hours: 1 }),
        ],
      },
    });
    const user = userEvent.setup();
    render(<ModelCards />);
    await settled();
    const huge = screen.getByRole('listitem', { name: 'Model card huge' });
    await user.click(within(huge).getByRole('button', { name: 'Add to the window' }));
    await settled();
    expect(within(huge).getByRole('status')).toHaveTextContent(
      /^Added huge to morning, but it does not run there: huge does not fit \(30\.0 GB > .*\. Undo takes it back\.$/,
    );
    act(() => usePlanner.getState().undo());
    await settled();
    const big = screen.getByRole('listitem', { name: 'Model card big' });
    await user.click(within(big).getByRole('button', { name: 'Add to the window' }));
    await settled();
    const said = within(big).getByRole('status').textContent ?? '';
    expect(said).toMatch(/^Added big to morning\. b no longer runs: b does not fit/);
    expect(said).not.toContain('a no longer runs');
  });

  it('offers no candidate list to a card that needs a window of its own, and says which', async () => {
    withWindows();
    const { bench } = usePlanner.getState();
    usePlanner.setState({
      bench: {
        ...bench,
        models: [...bench.models, makeCard({ name: 'solo', vram_gb: 3, residency: 'GPU_EXCLUSIVE' })],
      },
    });
    render(<ModelCards />);
    await settled();
    const solo = screen.getByRole('listitem', { name: 'Model card solo' });
    expect(solo).toHaveTextContent('solo is GPU_EXCLUSIVE: it runs only as the GPU job of a serial_handoff window');
    expect(within(solo).queryByRole('button', { name: 'Add to the window' })).toBeNull();
    expect(within(solo).getByRole('button', { name: 'Suggest windows' })).toBeTruthy();
  });

  it('says nothing on a card a window names, nor on a composed day (its leftovers say why in the plan)', async () => {
    withWindows();
    const { bench } = usePlanner.getState();
    usePlanner.setState({ bench: { ...bench, models: bench.models.filter((m) => m.name !== 'new_model') } });
    render(<ModelCards />);
    await settled();
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
    expect(screen.queryByText(/is in no window/)).toBeNull();
    const { windows: _w, ...composed } = bench;
    usePlanner.setState({ bench: composed });
    await settled();
    expect(screen.getAllByRole('listitem')).toHaveLength(4);
    expect(screen.queryByText(/is in no window/)).toBeNull();
  });
});

describe('finding a card in a long bench', () => {
  it('says how many of the cards match, in a polite live region, and what to do when none does', async () => {
    const names = Array.from({ length: 20 }, (_, i) => (i % 4 === 0 ? `embed_${i}` : `chat_${i}`));
    loadBench(sharedCards(names));
    const user = userEvent.setup();
    render(<ModelCards />);
    const find = screen.getByRole('searchbox', { name: 'Find a card (name or residency)' });
    const count = screen.getAllByRole('status').find((s) => s.classList.contains('find-count'))!;
    // The region is in the page, empty, before its words come (a screen reader announces only that).
    expect(count).toBeEmptyDOMElement();
    await user.type(find, 'embed');
    const matching = names.filter((n) => n.includes('embed')).length;
    expect(count).toHaveTextContent(`${matching} of 20 cards match “embed”.`);
    expect(find).toHaveAccessibleDescription(`${matching} of 20 cards match “embed”.`);
    await user.clear(find);
    await user.type(find, 'nothing');
    expect(count).toHaveTextContent(
      /^No card matches “nothing” \(of 20\): a card is found by a part of its name or its residency/,
    );
    await user.click(screen.getByRole('button', { name: 'Clear the search' }));
    expect(find).toHaveValue('');
    expect(find).toHaveFocus();
    expect(count).toBeEmptyDOMElement();
    expect(screen.queryByRole('button', { name: 'Clear the search' })).toBeNull();
  });
});

describe('a search on a bench that falls to 12 cards', () => {
  it('stays in sight with its words and Clear, so the cards it hides can be brought back', async () => {
    const names = Array.from({ length: 13 }, (_, i) => (i === 0 ? 'embed_0' : `chat_${i}`));
    loadBench(sharedCards(names));
    const user = userEvent.setup();
    render(<ModelCards />);
    await user.type(screen.getByRole('searchbox', { name: 'Find a card (name or residency)' }), 'embed');
    await act(async () => {
      await usePlanner.getState().deleteCard(0);
    });
    await settled();
    expect(screen.getByRole('heading', { name: 'Model cards (12)' })).toBeTruthy();
    expect(screen.queryAllByRole('listitem', { name: /^Model card / })).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Clear the search' }));
    await settled();
    expect(screen.getAllByRole('listitem', { name: /^Model card / })).toHaveLength(12);
    // With no search on, a bench of 12 cards has no search box.
    expect(screen.queryByRole('searchbox')).toBeNull();
  });
});

describe('a name that displays differently from what it is', () => {
  it('says so under the name, with the characters and the name as it is', () => {
    usePlanner.setState({
      bench: {
        ...usePlanner.getState().bench,
        models: [makeCard({ name: 'a\u202egpj.exe', vram_gb: 1, residency: 'GPU_SHARED' })],
      },
    });
    render(<ModelCards />);
    const name = screen.getByRole('textbox', { name: 'Name' });
    expect(name).toHaveAccessibleDescription(
      'It holds invisible or direction-changing characters (U+202E): it displays differently from what it is, “a\\u202egpj.exe”. Kept as written, as nvinx keeps it.',
    );
  });

  it('says nothing of a plain name', () => {
    render(<ModelCards />);
    for (const name of screen.getAllByRole('textbox', { name: 'Name' })) expect(name).not.toHaveAccessibleDescription();
  });
});

describe("a card nvinx's ram_overflow would refuse", () => {
  it('says so on the field to change, and not once it is set', async () => {
    usePlanner.setState({
      bench: {
        hardware: { vram_gb: 4, ram_gb: 16, cpu_cores: 8 },
        models: [makeCard({ name: 'big', vram_gb: 6, residency: 'GPU_RAM_OVERFLOW' })],
      },
    });
    const user = userEvent.setup();
    render(<ModelCards />);
    const box = screen.getByRole('checkbox', { name: 'RAM overflow' });
    expect(box).toHaveAccessibleDescription(
      "RAM overflow is not true on a card spilled to RAM (GPU_RAM_OVERFLOW): nvinx's ram_overflow refuses the card, so its window plans nothing.",
    );
    await user.click(box);
    await settled();
    expect(box).not.toHaveAccessibleDescription();
    expect(screen.getByRole('textbox', { name: /RAM needed/ })).toHaveAccessibleDescription(
      /^RAM needed is not given \(the whole footprint in GB\): nvinx's ram_overflow refuses the card/,
    );
  });
});
