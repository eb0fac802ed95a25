import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * Asked before something replaces a bench the user has edited (a share link, a preset):
 * replace it, or keep it. *Keep mine*, the choice that loses nothing, takes the focus (as an
 * alert dialog's least destructive action does), and Escape keeps; Undo after replacing brings
 * the user's bench back, and the text says so.
 */
export function ReplacePrompt({
  title,
  children,
  replaceLabel,
  onReplace,
  onKeep,
}: {
  title: string;
  children: ReactNode;
  replaceLabel: string;
  onReplace: () => void;
  onKeep: () => void;
}) {
  const id = useId();
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div
      className="share-prompt"
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.stopPropagation();
        onKeep();
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-desc`}>{children}</p>
      <div className="actions">
        <button type="button" onClick={onReplace}>
          {replaceLabel}
        </button>
        <button type="button" ref={ref} onClick={onKeep}>
          Keep mine
        </button>
      </div>
    </div>
  );
}
