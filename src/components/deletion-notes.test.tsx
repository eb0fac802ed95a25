// @vitest-environment jsdom
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useContext } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Bench } from '../core/types';
import { usePlanner } from '../store/store';
import { ListEventsContext, useDeletionNotes } from './deletion-notes';
import { loadBench, threeCards } from '../test/store';

const modelsOf = (bench: Bench) => bench.models;
const itemOf = (name: string) => `li[aria-label="Item ${CSS.escape(name)}"]`;

/** An item as a card or a window is drawn: kept by position (keyed by index), its field, its arrows and Delete. */
function Item({ name, index, count }: { name: string; index: number; count: number }) {
  const list = useContext(ListEventsContext);
  const deleteCard = usePlanner((s) => s.deleteCard);
  const moveCard = usePlanner((s) => s.moveCard);
  const arrow = (d: 'up' | 'down') => `Move ${name} ${d}`;
  return (
    <li aria-label={`Item ${name}`}>
      <input aria-label={`Name of ${name}`} defaultValue={name} />
      <div className="card-actions">
        <button
          type="button"
          aria-label={arrow('up')}
          disabled={index === 0}
          onClick={() => list.moving(arrow, 'up', () => moveCard(index, -1))}
        >
          ↑
        </button>
        <button
          type="button"
          aria-label={arrow('down')}
          disabled={index === count - 1}
          onClick={() => list.moving(arrow, 'down', () => moveCard(index, 1))}
        >
          ↓
        </button>
        <button
          type="button"
          onClick={() => list.deleting({ text: `Deleted ${name}.`, name, at: index }, () => deleteCard(index))}
        >
          Delete {name}
        </button>
      </div>
    </li>
  );
}

/** A list of the store's cards through the hook. */
function List() {
  const models = usePlanner((s) => s.bench.models);
  const { note, listRef, events, noteAt } = useDeletionNotes({ drawn: models, of: modelsOf, item: itemOf });
  return (
    <ListEventsContext.Provider value={events}>
      <p data-testid="said">{note === null ? '' : note.text}</p>
      <ol ref={listRef}>
        {models.map((m, i) => [noteAt(i), <Item key={i} name={m.name} index={i} count={models.length} />])}
        {noteAt(models.length, true)}
      </ol>
    </ListEventsContext.Provider>
  );
}

beforeEach(() => {
  localStorage.clear();
  loadBench(threeCards());
});

const order = () => usePlanner.getState().bench.models.map((m) => m.name);
/** The list's items in order, the note as `note`. */
const drawn = () =>
  [...document.querySelectorAll('ol > li')].map((li) => li.getAttribute('aria-label') ?? `note: ${li.textContent}`);

describe('useDeletionNotes', () => {
  it('says a deletion where the item was, with Undo focused; Undo brings it back with the focus on its field', async () => {
    const user = userEvent.setup();
    render(<List />);
    await user.click(screen.getByRole('button', { name: 'Delete b' }));
    await waitFor(() => expect(order()).toEqual(['a', 'c']));
    expect(drawn()).toEqual(['Item a', 'note: Deleted b. Undo', 'Item c']);
    expect(screen.getByTestId('said').textContent).toBe('Deleted b.');
    const undo = screen.getByRole('button', { name: 'Undo' });
    expect(document.activeElement).toBe(undo);
    await user.keyboard('{Enter}');
    expect(order()).toEqual(['a', 'b', 'c']);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Name of b')));
    expect(drawn()).toEqual(['Item a', 'Item b', 'Item c']);
    expect(screen.getByTestId('said').textContent).toBe('');
  });

  it('puts the note of the last item after the list, and takes it away once the bench moves on', async () => {
    const user = userEvent.setup();
    render(<List />);
    await user.click(screen.getByRole('button', { name: 'Delete c' }));
    await waitFor(() => expect(drawn()).toEqual(['Item a', 'Item b', 'note: Deleted c. Undo']));
    // Another edit: the note's Undo would no longer bring c back alone.
    await act(() => usePlanner.getState().updateCard(0, { vram_gb: 2 }));
    expect(drawn()).toEqual(['Item a', 'Item b']);
    // A second deletion's note is a new one (its Undo takes the focus again).
    await user.click(screen.getByRole('button', { name: 'Delete a' }));
    await waitFor(() => expect(drawn()).toEqual(['note: Deleted a. Undo', 'Item b']));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Undo' }));
  });

  it('keeps the focus on the moved item’s arrow (at the list’s end, its other arrow)', async () => {
    const user = userEvent.setup();
    render(<List />);
    await user.click(screen.getByRole('button', { name: 'Move a down' }));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move a down' })));
    expect(order()).toEqual(['b', 'a', 'c']);
    await user.keyboard('{Enter}');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move a up' })));
    expect(order()).toEqual(['b', 'c', 'a']);
  });
});
