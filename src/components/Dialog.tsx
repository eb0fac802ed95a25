import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useView } from '../store/view';

/**
 * A dialog that opens while the guided tour is open (a file dropped during it) closes the tour
 * first, so two layers never stack; the focus the dialog gives back goes to *Show me*.
 */
function closeTour(): HTMLElement | null {
  const view = useView.getState();
  if (view.tourStep === null) return null;
  view.endTour();
  view.setDayView('planned', false);
  return document.querySelector<HTMLElement>('.tour-start');
}

/**
 * A modal `<dialog>`: focus moves into it, Escape and the Close button close it, and the
 * page behind is inert; the guided tour, if open, closes. Where `showModal` is missing (jsdom)
 * it opens non-modally.
 */
export function Dialog({
  title,
  onClose,
  children,
  className = '',
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d === null) return;
    // Focus goes back where it was when the dialog closes (the button that opened it).
    const opener = closeTour() ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null);
    if (typeof d.showModal === 'function') {
      if (!d.open) d.showModal();
    } else d.setAttribute('open', '');
    return () => {
      if (typeof d.close === 'function' && d.open) d.close();
      if (opener !== null && opener.isConnected && opener !== document.body) opener.focus();
    };
  }, []);
  const titleId = useId();
  return (
    <dialog
      ref={ref}
      className={`dialog ${className}`}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {children}
    </dialog>
  );
}

/**
 * A lazily loaded dialog's frame for its failed load (`lazyPart`'s `frame`): the failure line
 * with Try again in a dialog titled `title`, which Escape and Close close as the dialog would
 * (focus goes back to the opener).
 */
export const failedDialog =
  (title: string) =>
  (line: ReactNode, { onClose }: { readonly onClose: () => void }) => (
    <Dialog title={title} onClose={onClose}>
      {line}
    </Dialog>
  );
