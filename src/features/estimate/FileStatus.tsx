import type { ReactNode } from 'react';
import { bytesWords } from '../../core/words';
import type { FileReading } from '../../components/read-file';

/** Where a model file's reading is: reading, failed (why), or read (what, and how much of it). */
export function FileStatus({ reading }: { reading: FileReading | null }) {
  let body: ReactNode = null;
  // The region stays in the page (announced when the reading's state comes), empty before one.
  switch (reading?.state) {
    case 'reading':
      body = <p className="muted">Reading the header of {reading.name}…</p>;
      break;
    case 'failed':
      body = (
        <p className="field-error" role="alert">
          {reading.name}: {reading.error}
        </p>
      );
      break;
    case 'done':
      body = (
        <div className="field-hint">
          <p>
            Read {reading.name} ({reading.format}, {bytesWords(reading.bytesRead)} of it read
            {reading.architecture === null ? '' : `; ${reading.architecture}`}).
            {reading.missing.length + reading.notes.length === 0
              ? ''
              : ' What it lacks and what was assumed are kept with the estimate, below the breakdown.'}
          </p>
        </div>
      );
      break;
  }
  return <div aria-live="polite">{body}</div>;
}
