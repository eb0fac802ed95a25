/**
 * The page's drops from the first paint (on the start path: keep it tiny). Until the file
 * actions' chunk takes the page's drops (`useFileDrop`), a file dropped on the page is kept
 * here, not opened by the browser in place of the planner, and handed to that chunk when it
 * mounts: it is imported exactly as a later drop.
 */
let kept: File | undefined;
let taken = false;
/** Whether a drag carries files (not text or a link dragged from the page). */
export const hasFiles = (e: DragEvent) => e.dataTransfer?.types.includes('Files') === true;

/** Listen on `w` (the page's window) from now on. */
export function catchEarlyDrops(w: Window): void {
  w.addEventListener('dragover', (e) => {
    if (hasFiles(e)) e.preventDefault();
  });
  w.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    if (!taken) kept = e.dataTransfer?.files[0] ?? kept;
  });
}

/**
 * The page's drops are the caller's until `release` (its unmount): the file dropped before,
 * if any, is returned once.
 */
export function takeDrops(): File | undefined {
  taken = true;
  const f = kept;
  kept = undefined;
  return f;
}

/** The caller's drop handling is gone: drops are kept again until the next `takeDrops`. */
export function releaseDrops(): void {
  taken = false;
}
