import { useEffect, useId, useState } from 'react';
import { checkName } from '../bench/field-rules';
import { invisibleIn, showInvisible } from '../core/bench-check';
import { usePlanner, type CommitResult } from '../store/store';

export interface NameFieldProps {
  readonly label: string;
  readonly name: string;
  /** Commit a name that passed the field rule; the store's check may still refuse it. */
  readonly onCommit: (name: string) => Promise<CommitResult>;
  /** Registers the field while its text is invalid (the plan then says it uses `name`). */
  readonly fieldKey: string;
  readonly className?: string;
}

/**
 * A name input that keeps what the user typed. A name the rules refuse (blank, or one
 * another card or window has: the bench's cross-field check says so) is explained
 * inline and not committed; the plan keeps the last valid name meanwhile.
 */
export function NameField({ label, name, onCommit, fieldKey, className }: NameFieldProps) {
  const id = useId();
  const setInvalidField = usePlanner((s) => s.setInvalidField);
  const [draft, setDraft] = useState(name);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(name);
  if (shown !== name) {
    setShown(name);
    setDraft(name);
    setError(null);
  }
  useEffect(() => {
    setInvalidField(fieldKey, error === null ? null : `${label} “${draft}”: planned as “${name}”`);
  }, [error, fieldKey, label, draft, name, setInvalidField]);
  useEffect(() => () => setInvalidField(fieldKey, null), [fieldKey, setInvalidField]);

  const onChange = (text: string) => {
    setDraft(text);
    const checked = checkName(text);
    if (!checked.ok) return setError(`${label} ${checked.message}.`);
    if (checked.value === name) return setError(null);
    void onCommit(checked.value).then((r) => done(r, checked.value));
  };
  /** What the store said of a name committed (in order: a later name's answer comes later). */
  const done = (r: CommitResult, value: string) => {
    if (r.ok) return setError(null);
    const p = r.problems[0];
    const q = JSON.stringify(value);
    setError(
      p?.code === 'duplicate_card'
        ? `Another card is already named ${q}; names must be unique.`
        : p?.code === 'duplicate_window'
          ? `Another window is already named ${q}; window names must be unique.`
          : p === undefined
            ? `${label} cannot be ${q}.`
            : `${label} ${p.message}.`,
    );
  };
  const trimmed = draft !== draft.trim() && error === null;
  // Characters that show nothing or turn the text around (U+202E): the name is not what it looks like.
  const hidden = error === null ? invisibleIn(draft) : [];
  const hint = trimmed || hidden.length > 0;
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={draft}
        autoComplete="off"
        spellCheck="false"
        aria-invalid={error !== null}
        aria-describedby={error !== null ? `${id}-err` : hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {error === null ? null : (
        <p className="field-error" id={`${id}-err`} role="alert">
          {error} The plan uses “{name}” until it is fixed.
        </p>
      )}
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hidden.length > 0
            ? `It holds invisible or direction-changing characters (${hidden.join(', ')}): it displays differently from what it is, “${showInvisible(draft)}”. Kept as written, as nvinx keeps it. `
            : null}
          {trimmed ? 'Spaces at the start or end are kept, as nvinx keeps them.' : null}
        </p>
      ) : null}
    </div>
  );
}
