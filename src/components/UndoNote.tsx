import { useId, useLayoutEffect, useRef } from 'react';

/**
 * What a removal took away, where it was, with its Undo button — which takes the focus (the
 * button pressed is gone with what it removed), before the paint so no frame loses it to the
 * page's body; the button is described by the text, so a screen reader says both.
 */
export function UndoNote({ text, onUndo, className }: { text: string; onUndo: () => void; className?: string }) {
  const id = useId();
  const undoButton = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => undoButton.current?.focus(), []);
  return (
    <p className={className}>
      <span id={id}>{text}</span>{' '}
      <button type="button" ref={undoButton} onClick={onUndo} aria-describedby={id}>
        Undo
      </button>
    </p>
  );
}
