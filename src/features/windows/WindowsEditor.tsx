import { memo, useDeferredValue, useId, useState } from 'react';
import { DEFAULT_HEADROOM_GB, PATTERNS, type ModelCard, type PatternName, type WindowSpec } from '../../core';
import { RULES } from '../../io';
import { editableWindows, usePlanner } from '../../store';
import { NumberField } from '../cards/NumberField';

export const PATTERN_LABEL: Record<PatternName, string> = {
  serial_handoff: 'A · serial_handoff (CPU work during a GPU job)',
  fractional_coresidency: 'B · fractional_coresidency (share VRAM)',
  ram_overflow: 'C · ram_overflow (spill to RAM)',
};

const PatternOptions = () =>
  PATTERNS.map((p) => (
    <option key={p} value={p}>
      {PATTERN_LABEL[p]}
    </option>
  ));

function convert(w: WindowSpec, pattern: PatternName, models: readonly ModelCard[]): WindowSpec {
  const names =
    w.pattern === 'serial_handoff'
      ? [w.gpu_job, ...w.candidates]
      : w.pattern === 'ram_overflow'
        ? [w.model]
        : w.candidates;
  const headroom = w.pattern === 'serial_handoff' ? DEFAULT_HEADROOM_GB : w.headroom_gb;
  const first = names[0] ?? models[0]?.name ?? '';
  switch (pattern) {
    case 'serial_handoff':
      return { name: w.name, pattern, gpu_job: first, candidates: names.slice(1) };
    case 'fractional_coresidency':
      return { name: w.name, pattern, candidates: names, headroom_gb: headroom };
    case 'ram_overflow':
      return { name: w.name, pattern, model: first, headroom_gb: headroom };
  }
}

function CandidatePicker({
  label,
  chosen,
  models,
  exclude,
  onChange,
}: {
  label: string;
  chosen: readonly string[];
  models: readonly ModelCard[];
  exclude?: string;
  onChange: (names: string[]) => void;
}) {
  const id = useId();
  // The list of checkboxes is built only while open: a bench of 2,000 cards stays quick.
  const [open, setOpen] = useState(false);
  const choices = open ? models.filter((m) => m.name !== exclude) : [];
  const known = open ? new Set(models.map((m) => m.name)) : null;
  const missing = known === null ? [] : chosen.filter((c) => !known.has(c));
  return (
    <details className="candidates" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {label}: {chosen.length === 0 ? 'none' : chosen.join(', ')}
      </summary>
      {open ? (
        <fieldset>
          <legend className="sr-only">{label}</legend>
          {choices.map((m) => (
            <div key={m.name} className="check">
              <input
                id={`${id}-${m.name}`}
                type="checkbox"
                checked={chosen.includes(m.name)}
                onChange={(e) => {
                  // Keep the card order of the bench, as a YAML author would list them.
                  const set = new Set(chosen);
                  if (e.target.checked) set.add(m.name);
                  else set.delete(m.name);
                  onChange([
                    ...models.map((c) => c.name).filter((n) => set.has(n)),
                    ...missing.filter((n) => set.has(n)),
                  ]);
                }}
              />
              <label htmlFor={`${id}-${m.name}`}>
                {m.name}{' '}
                <span className="muted">
                  ({m.residency}, {m.vram_gb} GB)
                </span>
              </label>
            </div>
          ))}
          {choices.length === 0 ? <p className="muted">No cards to choose from.</p> : null}
        </fieldset>
      ) : null}
    </details>
  );
}

const CardOptions = memo(function CardOptions({ list }: { list: string }) {
  if (list === '') return null;
  return list.split('\n').map((entry) => {
    const [name = '', residency = ''] = entry.split('\u0000');
    return (
      <option key={name} value={name}>
        {name} ({residency})
      </option>
    );
  });
});

function CardSelect({
  label,
  value,
  models,
  onChange,
}: {
  label: string;
  value: string;
  models: readonly ModelCard[];
  onChange: (name: string) => void;
}) {
  const id = useId();
  const known = models.some((m) => m.name === value);
  // The options change only when a name or residency does, not on every edit of a size.
  const list = models.map((m) => `${m.name}\u0000${m.residency}`).join('\n');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {known ? null : <option value={value}>{value === '' ? '— choose a card —' : `${value} (no such card)`}</option>}
        <CardOptions list={list} />
      </select>
    </div>
  );
}

const WindowEditor = memo(function WindowEditor({
  w,
  index,
  count,
  models,
}: {
  w: WindowSpec;
  index: number;
  count: number;
  models: readonly ModelCard[];
}) {
  const updateWindow = usePlanner((s) => s.updateWindow);
  const deleteWindow = usePlanner((s) => s.deleteWindow);
  const moveWindow = usePlanner((s) => s.moveWindow);
  const id = useId();
  const set = (next: WindowSpec, key?: string) => updateWindow(index, next, key);
  return (
    <li className="window-editor" aria-label={`Window ${w.name}`}>
      <div className="card-row">
        <div className="field">
          <label htmlFor={`${id}-name`}>Window name</label>
          <input
            id={`${id}-name`}
            value={w.name}
            onChange={(e) => e.target.value.trim() !== '' && set({ ...w, name: e.target.value }, `win.${index}.name`)}
          />
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-pattern`}>Pattern</label>
          <select
            id={`${id}-pattern`}
            value={w.pattern}
            onChange={(e) => set(convert(w, e.target.value as PatternName, models))}
          >
            <PatternOptions />
          </select>
        </div>
      </div>
      {w.pattern === 'serial_handoff' ? (
        <>
          <CardSelect
            label="GPU job"
            value={w.gpu_job}
            models={models}
            onChange={(n) => set({ ...w, gpu_job: n, candidates: w.candidates.filter((c) => c !== n) })}
          />
          <CandidatePicker
            label="CPU candidates"
            chosen={w.candidates}
            models={models}
            exclude={w.gpu_job}
            onChange={(c) => set({ ...w, candidates: c })}
          />
        </>
      ) : w.pattern === 'fractional_coresidency' ? (
        <>
          <CandidatePicker
            label="Candidates"
            chosen={w.candidates}
            models={models}
            onChange={(c) => set({ ...w, candidates: c })}
          />
          <NumberField
            label="Headroom"
            unit="GB"
            value={w.headroom_gb}
            rule={RULES.headroom_gb}
            onCommit={(v) => v !== null && set({ ...w, headroom_gb: v }, `win.${index}.headroom`)}
          />
        </>
      ) : (
        <div className="card-row">
          <CardSelect label="Model" value={w.model} models={models} onChange={(n) => set({ ...w, model: n })} />
          <NumberField
            label="Headroom"
            unit="GB"
            value={w.headroom_gb}
            rule={RULES.headroom_gb}
            onCommit={(v) => v !== null && set({ ...w, headroom_gb: v }, `win.${index}.headroom`)}
          />
        </div>
      )}
      <div className="card-actions" role="group" aria-label={`Actions for window ${w.name}`}>
        <button
          type="button"
          onClick={() => moveWindow(index, -1)}
          disabled={index === 0}
          aria-label={`Move window ${w.name} earlier`}
        >
          ↑
        </button>
        <button
          type="button"
          onClick={() => moveWindow(index, 1)}
          disabled={index === count - 1}
          aria-label={`Move window ${w.name} later`}
        >
          ↓
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => deleteWindow(index)}
          aria-label={`Delete window ${w.name}`}
        >
          Delete
        </button>
      </div>
    </li>
  );
});

export function WindowsEditor() {
  // Deferred: a keystroke in a card paints before the window lists (which name every card) update.
  const bench = useDeferredValue(usePlanner((s) => s.bench));
  const addWindow = usePlanner((s) => s.addWindow);
  const suggestWindows = usePlanner((s) => s.suggestWindows);
  const [pattern, setPattern] = useState<PatternName>('fractional_coresidency');
  const windows = editableWindows(bench);
  const id = useId();
  return (
    <section className="panel" aria-labelledby="windows-title">
      <div className="panel-head">
        <h2 id="windows-title">The day's windows ({windows.length})</h2>
        <button type="button" onClick={suggestWindows} title="Compose windows from the cards with nvinx's rules">
          Suggest windows
        </button>
      </div>
      {bench.windows === undefined ? (
        <p className="muted">These windows were composed from the cards. Edit one to make the day yours.</p>
      ) : null}
      <ol className="windows">
        {windows.map((w, i) => (
          <WindowEditor key={i} w={w} index={i} count={windows.length} models={bench.models} />
        ))}
      </ol>
      <div className="row add-window">
        <div className="field field-wide">
          <label htmlFor={id}>New window's pattern</label>
          <select id={id} value={pattern} onChange={(e) => setPattern(e.target.value as PatternName)}>
            <PatternOptions />
          </select>
        </div>
        <button type="button" onClick={() => addWindow(pattern)}>
          Add window
        </button>
      </div>
    </section>
  );
}
