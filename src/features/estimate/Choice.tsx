import { useId } from 'react';

/** A labelled select: the values (or labelled groups of them), with a hint below. */
export function Choice(props: {
  label: string;
  value: string;
  values: readonly string[];
  /** Words for the values (the value itself when absent). */
  labels?: Readonly<Record<string, string>>;
  /** The values in labelled groups (instead of one list). */
  groups?: readonly { label: string; values: readonly string[] }[];
  onChange: (v: string) => void;
  disabled?: boolean;
  hint?: string | null;
  wide?: boolean;
}) {
  const id = useId();
  return (
    <div className={props.wide === true ? 'field field-wide' : 'field'}>
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        disabled={props.disabled}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.groups === undefined
          ? props.values.map((v) => (
              <option key={v} value={v}>
                {props.labels?.[v] ?? v}
              </option>
            ))
          : props.groups.map((g) => (
              <optgroup key={g.label} label={g.label}>
                {g.values.map((v) => (
                  <option key={v} value={v}>
                    {props.labels?.[v] ?? v}
                  </option>
                ))}
              </optgroup>
            ))}
      </select>
      {props.hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}
