import { useRef } from 'react';

/** What the file buttons do (`ImportExport.tsx`). */
interface FileActionHandlers {
  readonly onImport: () => void;
  readonly onCalibration: (f: File) => void;
  readonly onExport: () => void;
  readonly onCopyLink: () => void;
}

/**
 * The toolbar's file buttons: Import…, Import calibration… (a file picker), Export…, Copy link.
 * Without `actions` (the first paint, before the file actions' chunk is in) they are drawn
 * disabled, in their place: nothing moves when they come.
 */
export function FileActions({ busy, actions }: { busy: boolean; actions: FileActionHandlers | null }) {
  const calibrationInput = useRef<HTMLInputElement>(null);
  const off = actions === null;
  return (
    <div className="file-actions" role="group" aria-label="File">
      <button type="button" onClick={actions?.onImport} disabled={off}>
        Import…
      </button>
      <button type="button" onClick={() => calibrationInput.current?.click()} disabled={off || busy}>
        Import calibration…
      </button>
      <input
        ref={calibrationInput}
        type="file"
        accept=".json,application/json"
        aria-label="Calibration file (calibration_result.json from nvinx-calibrate)"
        hidden
        onChange={(e) => {
          const f = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (f !== undefined) actions?.onCalibration(f);
        }}
      />
      <button type="button" onClick={actions?.onExport} disabled={off}>
        Export…
      </button>
      <button type="button" onClick={actions?.onCopyLink} disabled={off}>
        Copy link
      </button>
    </div>
  );
}
