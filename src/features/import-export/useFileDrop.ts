import { useEffect, useRef, useState } from 'react';
import { hasFiles, releaseDrops, takeDrops } from '../../components/early-drop';

/**
 * Drop a file anywhere on the page: `onFile` takes it; the returned flag is true while a
 * file is dragged over the page (for its overlay). A file dropped before this mounted (kept
 * from the first paint by `components/early-drop`) is handed to `onFile` at once.
 */
export function useFileDrop(onFile: (f: File) => void): boolean {
  const [dragging, setDragging] = useState(false);
  const dragDepth = useRef(0);
  useEffect(() => {
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      dragDepth.current += 1;
      setDragging(true);
    };
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = () => {
      dragDepth.current = Math.max(0, dragDepth.current - 1);
      if (dragDepth.current === 0) setDragging(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      dragDepth.current = 0;
      setDragging(false);
      const f = e.dataTransfer?.files[0];
      if (f !== undefined) onFile(f);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    // A drop anywhere ends the drag, even one a card takes for itself (it stops the event
    // before it reaches the page): the overlay goes in the capture phase, before the card sees it.
    const onEnd = () => {
      dragDepth.current = 0;
      setDragging(false);
    };
    window.addEventListener('drop', onEnd, true);
    window.addEventListener('dragend', onEnd, true);
    const early = takeDrops();
    if (early !== undefined) onFile(early);
    return () => {
      releaseDrops();
      window.removeEventListener('drop', onEnd, true);
      window.removeEventListener('dragend', onEnd, true);
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [onFile]);
  return dragging;
}
