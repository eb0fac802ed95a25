import { useEffect, useId, useState } from 'react';
import { checkNumber, type NumberRule } from '../bench/field-rules';
import { usePlanner } from '../store/store';

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
const INTEGER = /^[-+]?\d+$/;
/**
 * A decimal comma ("1,5", "0,25"): what a phone's decimal keyboard types in many locales
 * (`inputMode="decimal"`). One or two digits after it only: "1,500" may mean 1500, and is asked.
 */
const DECIMAL_COMMA = /^[-+]?\d*,\d{1,2}$/;

/** Whether typed text is an integer literal (as YAML, and so PyYAML, would read it). */
export const isIntegerText = (text: string): boolean => INTEGER.test(text.trim());

/** Parse what was typed: a number when it looks like one, else the text (for the message). */
function parseTyped(text: string): unknown {
  const t = text.trim();
  if (t === '') return null;
  if (DECIMAL_COMMA.test(t)) return Number(t.replace(',', '.'));
  return NUMBER.test(t) ? Number(t) : t;
}

export interface NumberFieldProps {
  readonly label: string;
  readonly value: number | null;
  readonly rule: NumberRule;
  /** Called with a valid value (or null when optional and emptied) and the text typed. */
  readonly onCommit: (value: number | null, text: string) => void;
  /** For fields whose int-ness matters (headroom_gb): whether the value is an integer now. */
  readonly intWritten?: boolean;
  /** How the value is shown (default: `String`). */
  readonly format?: (value: number) => string;
  /** Registers the field while its text is invalid, so the plan can say it uses the last value. */
  readonly fieldKey?: string;
  readonly optional?: boolean;
  readonly unit?: string;
  readonly hint?: string | null;
  readonly className?: string;
}

/**
 * A number input that keeps what the user typed, validates it with the same rules as the
 * YAML import, and commits only valid values. The message says what is wrong, inline.
 */
export function NumberField(props: NumberFieldProps) {
  const { label, value, rule, onCommit, optional, unit, hint, className, intWritten, format, fieldKey } = props;
  const id = useId();
  const show = (v: number | null) => (v === null ? '' : (format ?? String)(v));
  const [draft, setDraft] = useState(show(value));
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    // The store changed underneath (undo, import): show its value unless the draft already means it.
    setShown(value);
    if (parseTyped(draft) !== value) setDraft(show(value));
    setError(null);
  }
  const setInvalidField = usePlanner((s) => s.setInvalidField);
  const planned = `${label} ${value === null ? '(empty)' : `${show(value)}${unit === undefined ? '' : ` ${unit}`}`}`;
  useEffect(() => {
    if (fieldKey !== undefined) setInvalidField(fieldKey, error === null ? null : planned);
  }, [error, fieldKey, planned, setInvalidField]);
  useEffect(() => () => void (fieldKey !== undefined && setInvalidField(fieldKey, null)), [fieldKey, setInvalidField]);

  const onChange = (text: string) => {
    setDraft(text);
    const typed = parseTyped(text);
    if (typed === null) {
      if (optional === true) {
        setError(null);
        onCommit(null, '');
      } else setError('is required');
      return;
    }
    const checked = checkNumber(typed, rule);
    if (checked.ok) {
      setError(null);
      const intChanged = intWritten !== undefined && isIntegerText(text) !== intWritten;
      if (checked.value !== value || intChanged) onCommit(checked.value, text.trim());
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
          {label} {error}. Planned with {planned}; fix the field to re-plan.
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
