import { useId, useState } from 'react';
import { checkNumber, type NumberRule } from '../../io';

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** Parse what was typed: a number when it looks like one, else the text (for the message). */
export function parseTyped(text: string): unknown {
  const t = text.trim();
  if (t === '') return null;
  return NUMBER.test(t) ? Number(t) : t;
}

export interface NumberFieldProps {
  readonly label: string;
  readonly value: number | null;
  readonly rule: NumberRule;
  /** Called with a valid value (or null when optional and emptied). */
  readonly onCommit: (value: number | null) => void;
  readonly optional?: boolean;
  readonly unit?: string;
  readonly hint?: string | null;
  readonly className?: string;
}

/**
 * A number input that keeps what the user typed, validates it with the same rules as the
 * YAML import, and commits only valid values. The message says what is wrong, inline.
 */
export function NumberField({ label, value, rule, onCommit, optional, unit, hint, className }: NumberFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(value === null ? '' : String(value));
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    // The store changed underneath (undo, import): show its value unless the draft already means it.
    setShown(value);
    if (parseTyped(draft) !== value) setDraft(value === null ? '' : String(value));
    setError(null);
  }

  const onChange = (text: string) => {
    setDraft(text);
    const typed = parseTyped(text);
    if (typed === null) {
      if (optional === true) {
        setError(null);
        onCommit(null);
      } else setError('is required');
      return;
    }
    const checked = checkNumber(typed, rule);
    if (checked.ok) {
      setError(null);
      if (checked.value !== value) onCommit(checked.value);
    } else setError(checked.message);
  };
  const describedBy = [error === null ? null : `${id}-err`, hint ? `${id}-hint` : null].filter(Boolean).join(' ');
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>
        {label}
        {unit === undefined ? null : <span className="unit"> ({unit})</span>}
      </label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={draft}
        aria-invalid={error !== null}
        aria-describedby={describedBy === '' ? undefined : describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
      {error === null ? null : (
        <p className="field-error" id={`${id}-err`} role="alert">
          {label} {error}
        </p>
      )}
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}
