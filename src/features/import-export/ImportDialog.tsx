import { useId, useState } from 'react';
import { plural } from '../../core/words';
import type { Issue } from '../../bench/issues';
import { Dialog } from '../../components/Dialog';
import { IssueList } from './IssueList';

export interface ImportFailure {
  readonly source: string;
  readonly text: string;
  readonly errors: readonly Issue[];
  readonly warnings: readonly Issue[];
}

export function ImportDialog({
  busy,
  failure,
  onFile,
  onText,
  onClose,
}: {
  busy: boolean;
  failure: ImportFailure | null;
  onFile: (file: File) => void;
  onText: (text: string) => void;
  onClose: () => void;
}) {
  const id = useId();
  const [pasted, setPasted] = useState('');
  return (
    <Dialog title="Import a bench" onClose={onClose} className="import-dialog">
      <p className="muted">
        Reads nvinx&apos;s config files (hardware + models), the planner&apos;s bench document (with windows), and nvinx
        case-study submissions. A failed import changes nothing; a successful one can be undone. A model file
        (config.json, .safetensors, .gguf) asks which card it is for; nvinx-calibrate&apos;s calibration_result.json is
        attached as the bench&apos;s calibration.
      </p>
      <div className="import-sources">
        <div className="field">
          <label htmlFor={`${id}-file`}>From a YAML file</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".yaml,.yml,.txt,.json,.gguf,.safetensors,text/yaml,application/yaml,application/x-yaml,text/plain,application/json"
            disabled={busy}
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f !== undefined) onFile(f);
            }}
          />
          <p className="hint">…or drop a file anywhere on the page.</p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-text`}>Or paste YAML</label>
          <textarea
            id={`${id}-text`}
            rows={8}
            spellCheck="false"
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            placeholder={'hardware:\n  vram_gb: 4.0\n  ram_gb: 32.0\n  cpu_cores: 8\nmodels: []'}
          />
          <button type="button" disabled={busy || pasted.trim() === ''} onClick={() => onText(pasted)}>
            Import pasted text
          </button>
        </div>
      </div>
      <p role="status" className="muted">
        {busy ? 'Reading…' : ''}
      </p>
      {failure === null ? null : (
        <section className="import-failure" role="alert" aria-labelledby={`${id}-fail`}>
          <h3 id={`${id}-fail`}>
            Nothing was imported: {failure.source} has {plural(failure.errors.length, 'problem')}. Your bench is
            unchanged.
          </h3>
          <IssueList issues={failure.errors} text={failure.text} label="Problems" />
          <IssueList issues={failure.warnings} text={failure.text} label="Warnings" />
        </section>
      )}
    </Dialog>
  );
}
