import { useId, useState } from 'react';
import { checkText } from '../../bench/field-rules';
import { fieldOf, MODEL_FIELDS } from '../../bench/bench-schema';

export interface CommandFieldProps {
  readonly value: string | undefined;
  /** The card's residency: a ram_overflow job's command also gets the max_memory hint. */
  readonly overflow?: boolean;
  /** A valid command, or undefined when emptied (blank text counts as empty). */
  readonly onCommit: (value: string | undefined) => void;
}

/**
 * A card's command: what the cluster exports (Slurm, Kubernetes, Ray, SkyPilot) run for it.
 * Several lines are fine; text the rules refuse (too long) is explained and not committed.
 */
export function CommandField({ value, onCommit, overflow = false }: CommandFieldProps) {
  const id = useId();
  const field = fieldOf(MODEL_FIELDS, 'command');
  const [draft, setDraft] = useState(value ?? '');
  const [shown, setShown] = useState(value);
  const [error, setError] = useState<string | null>(null);
  if (shown !== value) {
    // The store changed underneath (undo, import): show its command unless the draft already means it.
    setShown(value);
    if ((draft.trim() === '' ? undefined : draft) !== value) setDraft(value ?? '');
    setError(null);
  }
  const onChange = (text: string) => {
    setDraft(text);
    if (text.trim() === '') {
      setError(null);
      if (value !== undefined) onCommit(undefined);
      return;
    }
    const checked = checkText(text);
    if (!checked.ok) return setError(`${field.label} ${checked.message}.`);
    setError(null);
    if (checked.value !== value) onCommit(checked.value);
  };
  const hint =
    (value === undefined
      ? 'Empty: the cluster exports write a marked placeholder for this job.'
      : 'The cluster exports run it in a shell, with NVINX_* variables set (Export…).') +
    (overflow ? ' In a ram_overflow window it gets max_memory in NVINX_MAX_MEMORY (JSON).' : '');
  return (
    <div className="field field-command">
      <label htmlFor={id}>{field.label}</label>
      <textarea
        id={id}
        rows={1}
        spellCheck="false"
        autoComplete="off"
        placeholder="python run.py --model …"
        value={draft}
        aria-invalid={error !== null}
        aria-describedby={error === null ? `${id}-hint` : `${id}-err ${id}-hint`}
        onChange={(e) => onChange(e.target.value)}
      />
      {error === null ? null : (
        <p className="field-error" id={`${id}-err`} role="alert">
          {error} The exports use the last valid command until it is fixed.
        </p>
      )}
      <p className="field-hint" id={`${id}-hint`}>
        {hint}
      </p>
    </div>
  );
}
