/**
 * After a move the focus follows what moved. Cards and windows are kept by position: the button
 * pressed now belongs to the one that took its place, and a second Enter would move that one back.
 * So the focus goes to the same arrow of the one moved, or to its other arrow at the list's end.
 * `label` names an arrow of the moved one by direction; `root` holds the list as now drawn.
 */
export function focusArrow(root: ParentNode, label: (dir: 'up' | 'down') => string, dir: 'up' | 'down'): void {
  const buttons = [...root.querySelectorAll<HTMLButtonElement>('.card-actions button')];
  const of = (d: 'up' | 'down') => buttons.find((b) => b.getAttribute('aria-label') === label(d));
  const same = of(dir);
  (same !== undefined && !same.disabled ? same : of(dir === 'up' ? 'down' : 'up'))?.focus();
}

/** `focusArrow` a frame after a move (once the list is redrawn from the moved bench). */
export function focusMoved(label: (dir: 'up' | 'down') => string, dir: 'up' | 'down'): void {
  requestAnimationFrame(() => focusArrow(document, label, dir));
}
