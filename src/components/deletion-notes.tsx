import { createContext, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Bench } from '../core/types';
import { usePlanner, type CommitResult } from '../store/store';
import { UndoNote } from './UndoNote';

type Dir = 'up' | 'down';

/** One deleted from a list: what the note says, its name (Undo focuses it), where it was. */
export interface Deletion {
  readonly text: string;
  readonly name: string;
  readonly at: number;
}

/** What an item's actions tell its list. */
export interface ListEvents {
  /** `run` deletes it; once that is in, the note stands at `d.at` while the bench is the one it left. */
  readonly deleting: (d: Deletion, run: () => Promise<CommitResult>) => void;
  /** `run` moves it; the focus follows its arrow (`label` names its arrows) once the list is drawn again. */
  readonly moving: (label: (dir: Dir) => string, dir: Dir, run: () => Promise<CommitResult>) => void;
}

/**
 * After a move the focus follows what moved: the same arrow of the one moved, or its other arrow
 * at the list's end. `label` names an arrow of the moved one by direction; `root` holds the list.
 */
function focusArrow(root: ParentNode, label: (dir: Dir) => string, dir: Dir): void {
  const buttons = [...root.querySelectorAll<HTMLButtonElement>('.card-actions button')];
  const of = (d: Dir) => buttons.find((b) => b.getAttribute('aria-label') === label(d));
  const same = of(dir);
  (same !== undefined && !same.disabled ? same : of(dir === 'up' ? 'down' : 'up'))?.focus();
}

/** A list's events, for its items' actions (the list provides `events` of `useDeletionNotes`). */
export const ListEventsContext = createContext<ListEvents>({ deleting: () => {}, moving: () => {} });

/**
 * A list of the bench's items (cards, windows) that says a deletion where the item was, with
 * Undo, and keeps the focus where the keyboard was: Undo (which takes the focus as it appears)
 * brings the item back and the focus to its first field; a move keeps it on the moved item's
 * arrow (the items are kept by position: the button pressed now belongs to the one in its place).
 *
 * - `drawn`: what the list is drawn from (the store's cards, or the settled bench); the focus
 *   moves once it is no longer what it was when asked (the undo or the move is drawn).
 * - `of`: that value for a bench of the store; `item`: the CSS selector of a named item.
 *   Both are read when asked: pass functions defined once (module level).
 *
 * Destructure the result: `listRef` goes on the list, `events` to the items (`ListEventsContext`),
 * `noteAt(i)` before the item drawn at `i`, and `noteAt(count, true)` after the last.
 */
export function useDeletionNotes<T>({
  drawn,
  of,
  item,
}: {
  drawn: T;
  of: (bench: Bench) => T;
  item: (name: string) => string;
}): {
  note: Deletion | null;
  listRef: React.RefObject<HTMLOListElement | null>;
  events: ListEvents;
  noteAt: (i: number, end?: boolean) => ReactNode;
} {
  const undo = usePlanner((s) => s.undo);
  const [deleted, setDeleted] = useState<(Deletion & { readonly bench: Bench; readonly n: number }) | null>(null);
  const note = usePlanner((s) => (deleted !== null && s.bench === deleted.bench ? deleted : null));
  const listRef = useRef<HTMLOListElement>(null);
  // The focus to give once the list is drawn from something other than `from`.
  const refocus = useRef<{ to: (root: ParentNode) => void; from: T } | null>(null);
  useEffect(() => {
    const r = refocus.current;
    if (r === null || drawn === r.from) return;
    refocus.current = null;
    if (listRef.current !== null) r.to(listRef.current);
  }, [drawn]);
  const undoDelete = useCallback(
    (name: string) => {
      refocus.current = {
        to: (root) => root.querySelector<HTMLInputElement>(`${item(name)} input`)?.focus(),
        from: of(usePlanner.getState().bench),
      };
      undo();
      setDeleted(null);
    },
    [undo, of, item],
  );
  const events = useMemo<ListEvents>(
    () => ({
      deleting: (d, run) =>
        void run().then(
          (r) => r.ok && setDeleted((old) => ({ ...d, bench: usePlanner.getState().bench, n: (old?.n ?? 0) + 1 })),
        ),
      moving: (label, dir, run) => {
        // Asked before the move is made: a move the commit makes at once is drawn after this.
        const asked = { to: (root: ParentNode) => focusArrow(root, label, dir), from: of(usePlanner.getState().bench) };
        refocus.current = asked;
        void run().then((r) => {
          if (!r.ok && refocus.current === asked) refocus.current = null;
        });
      },
    }),
    [of],
  );
  const noteAt = (i: number, end = false) =>
    note !== null && (end ? note.at >= i : note.at === i) ? (
      <li key={`deleted-${note.n}`} className="card-deleted">
        <UndoNote text={note.text} onUndo={() => undoDelete(note.name)} />
      </li>
    ) : null;
  return { note, listRef, events, noteAt };
}
