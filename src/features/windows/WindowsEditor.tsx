import { memo, useContext, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { convertWindow, editableWindows, onGpu, otherWindowsWith } from '../../core/edits';
import { listNames, plural } from '../../core/words';
import {
  PATTERNS,
  SPLIT_PATTERN,
  WINDOW_PATTERNS,
  hasCandidates,
  type Bench,
  type Hardware,
  type ModelCard,
  type WindowPattern,
  type WindowSpec,
} from '../../core/types';
import { gpuCount, gpuLabel, windowGpus } from '../../core/bench-gpus';
import { splitAdvice } from '../../core/split-advice';
import { pyNumber } from '../../core/pyformat';
import { runTwiceByWindow } from '../../core/bench-check';
import { fieldOf, numberField, WINDOW_FIELDS } from '../../bench/bench-schema';

const SERIAL = WINDOW_FIELDS.serial_handoff;
const OVERFLOW = WINDOW_FIELDS.ram_overflow;
const SPLIT = WINDOW_FIELDS.multi_gpu_split;
import { usePlanner } from '../../store/store';
import { useSettledBench } from '../../store/plan';
import { useMountInSteps } from '../../components/mount-in-steps';
import { NameField } from '../../components/NameField';
import { isIntegerText, NumberField } from '../../components/NumberField';
import { SuggestProgress, useSuggestWindows } from '../../components/useSuggestion';
import { Live } from '../../components/Live';
import { ListEventsContext, useDeletionNotes } from '../../components/deletion-notes';

const PATTERN_LABEL: Record<WindowPattern, string> = {
  serial_handoff: 'A · serial_handoff (CPU work during a GPU job)',
  fractional_coresidency: 'B · fractional_coresidency (share VRAM)',
  ram_overflow: 'C · ram_overflow (spill to RAM)',
  multi_gpu_split: 'D · multi_gpu_split (one model across GPUs)',
};

/** nvinx's three patterns; the split too on a bench of several GPUs (or for a window that is one). */
const PatternOptions = ({ split }: { split: boolean }) =>
  (split ? WINDOW_PATTERNS : PATTERNS).map((p) => (
    <option key={p} value={p}>
      {PATTERN_LABEL[p]}
    </option>
  ));

/** The GPU a one-GPU window runs on: a select on a bench of several GPUs (nothing on one GPU). */
function GpuSelect({ hw, value, onChange }: { hw: Hardware; value: number; onChange: (k: number) => void }) {
  const id = useId();
  const n = gpuCount(hw);
  return (
    <div className="field field-wide">
      <label htmlFor={id}>{fieldOf(SERIAL, 'gpu').label}</label>
      <select id={id} value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {value >= n ? <option value={value}>GPU {value} (the bench has no such GPU)</option> : null}
        {Array.from({ length: n }, (_, k) => (
          <option key={k} value={k}>
            {gpuLabel(hw, k)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The GPUs a split window holds: one checkbox per GPU of the bench (the weights fill them in index order). */
function SplitGpus({
  hw,
  chosen,
  onChange,
}: {
  hw: Hardware;
  chosen: readonly number[];
  onChange: (gpus: readonly number[]) => void;
}) {
  const id = useId();
  const n = gpuCount(hw);
  const set = new Set(chosen);
  return (
    <fieldset className="split-gpus">
      <legend>{fieldOf(SPLIT, 'gpus').label}</legend>
      <div className="row">
        {Array.from({ length: n }, (_, k) => (
          <div key={k} className="check">
            <input
              id={`${id}-${k}`}
              type="checkbox"
              checked={set.has(k)}
              // The last GPU stays: a split names at least one.
              disabled={set.has(k) && set.size === 1}
              onChange={(e) =>
                onChange(e.target.checked ? [...chosen, k].sort((a, b) => a - b) : chosen.filter((g) => g !== k))
              }
            />
            <label htmlFor={`${id}-${k}`}>{gpuLabel(hw, k)}</label>
          </div>
        ))}
      </div>
      <p className="field-hint">
        The weights fill the GPUs in index order, each up to its VRAM − headroom; the rest spills to RAM.
      </p>
    </fieldset>
  );
}

/** A short summary of a candidate list: the count, and the first names. */
function candidateSummary(chosen: readonly string[]): string {
  if (chosen.length === 0) return 'none';
  return `${chosen.length}: ${listNames(chosen, 6)}`;
}

/** Chips shown for a candidate list; the rest are counted ("+93 more") and found in the picker. */
const CHIPS = 6;
/** Checkboxes the open picker lists at once; the search finds the others. */
const PICKER_ROWS = 100;

/**
 * A window's candidates: the count, the first few as chips (each removable), and a picker
 * with a search to add or remove any card. Never every name inline: a window of 900
 * candidates takes two lines, not a page.
 */
function CandidatePicker({
  label,
  chosen,
  models,
  exclude,
  onAdd,
  onRemove,
}: {
  label: string;
  chosen: readonly string[];
  models: readonly ModelCard[];
  exclude?: string;
  onAdd: (name: string) => void;
  onRemove: (name: string) => void;
}) {
  const id = useId();
  // The list of checkboxes is built only while open: a bench of 10,000 cards stays quick.
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [onlyChosen, setOnlyChosen] = useState(false);
  const q = query.trim().toLowerCase();
  const chosenSet = useMemo(() => new Set(chosen), [chosen]);
  const all = open ? models.filter((m) => m.name !== exclude) : [];
  const matching = all.filter(
    (m) => (q === '' || m.name.toLowerCase().includes(q)) && (!onlyChosen || chosenSet.has(m.name)),
  );
  const choices = matching.slice(0, PICKER_ROWS);
  const chips = chosen.slice(0, CHIPS);
  // "CPU candidates" keeps its capitals; "Candidates" reads "candidates" mid-sentence.
  const noun = label === 'Candidates' ? 'candidates' : label;
  const more = chosen.length - chips.length;
  const group = useRef<HTMLDivElement>(null);
  // A chip's × removed its own button: the focus goes to the chip now in its place (or the last
  // one), else to "Choose …", once the removal is in (it may wait for the commit check).
  const refocus = useRef<{ index: number; count: number } | null>(null);
  useLayoutEffect(() => {
    const r = refocus.current;
    const root = group.current;
    if (r === null || root === null) return;
    const buttons = root.querySelectorAll<HTMLButtonElement>('.chip-remove');
    if (buttons.length >= r.count) return;
    refocus.current = null;
    (buttons[Math.min(r.index, buttons.length - 1)] ?? root.querySelector<HTMLElement>('summary'))?.focus();
  });
  return (
    <div className="candidates" role="group" aria-labelledby={`${id}-label`} ref={group}>
      <div className="candidates-head">
        <span id={`${id}-label`} className="candidates-label">
          {label} ({chosen.length})
        </span>
      </div>
      {chosen.length === 0 ? (
        <p className="muted">None yet: choose them below.</p>
      ) : (
        <ul className="chips" aria-label={`${label}: ${candidateSummary(chosen)}`}>
          {chips.map((name, i) => (
            <li key={`${i}:${name}`} className="chip">
              <span className="chip-name">{name}</span>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove ${name} from ${noun}`}
                title={`Remove ${name}`}
                onClick={() => {
                  refocus.current = { index: i, count: chips.length };
                  onRemove(name);
                }}
              >
                ×
              </button>
            </li>
          ))}
          {more > 0 ? <li className="chip chip-more">+{more} more</li> : null}
        </ul>
      )}
      <details className="picker" onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>Choose {noun}…</summary>
        {open ? (
          <fieldset>
            <legend className="sr-only">{label}</legend>
            {all.length > 12 ? (
              <div className="picker-find">
                <div className="field find">
                  <label htmlFor={`${id}-find`}>Find a card</label>
                  <input id={`${id}-find`} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
                </div>
                <div className="check">
                  <input
                    id={`${id}-only`}
                    type="checkbox"
                    checked={onlyChosen}
                    onChange={(e) => setOnlyChosen(e.target.checked)}
                  />
                  <label htmlFor={`${id}-only`}>Only the chosen ones</label>
                </div>
              </div>
            ) : null}
            {choices.map((m, i) => (
              <div key={m.name} className="check">
                <input
                  id={`${id}-${i}`}
                  type="checkbox"
                  checked={chosenSet.has(m.name)}
                  onChange={(e) => (e.target.checked ? onAdd(m.name) : onRemove(m.name))}
                />
                <label htmlFor={`${id}-${i}`}>
                  {m.name}{' '}
                  <span className="muted">
                    ({m.residency}, {m.vram_gb} GB)
                  </span>
                </label>
              </div>
            ))}
            {matching.length > choices.length ? (
              <p className="muted">
                Showing {choices.length} of {matching.length}; type to find the others.
              </p>
            ) : null}
            {q !== '' && matching.length === 0 ? <p className="muted">No card matches “{query}”.</p> : null}
            {all.length === 0 ? <p className="muted">No cards to choose from.</p> : null}
          </fieldset>
        ) : null}
      </details>
    </div>
  );
}

/** Asked when a card another window has is added here: move it, or run it in both. */
function PlaceQuestion({
  name,
  others,
  onAnswer,
}: {
  name: string;
  others: readonly string[];
  onAnswer: (mode: 'move' | 'both' | null) => void;
}) {
  const id = useId();
  // The question takes the focus when it appears (an effect: Preact does not act on `autoFocus`).
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  return (
    <div className="place-question" role="group" aria-labelledby={id}>
      <p id={id}>
        <strong>{name}</strong> already runs in {others.length === 1 ? 'window' : 'windows'} {listNames(others)}. A card
        in two windows runs twice in the day.
      </p>
      <div className="row">
        <button type="button" ref={first} onClick={() => onAnswer('move')}>
          Move it here
        </button>
        <button type="button" onClick={() => onAnswer('both')}>
          Run it in both
        </button>
        <button type="button" onClick={() => onAnswer(null)}>
          Cancel
        </button>
      </div>
    </div>
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

/** A bench up to this size offers every card in a window's card select; a larger one, the cards the pattern can run. */
const SELECT_ALL_UP_TO = 200;
/** At most this many options in a select (the current card always among them). */
const SELECT_MAX = 500;

function CardSelect({
  label,
  value,
  models,
  fits,
  fitsWhat,
  onChange,
}: {
  label: string;
  value: string;
  models: readonly ModelCard[];
  /** The cards this pattern can run (a large bench offers only these). */
  fits: (m: ModelCard) => boolean;
  /** What one is, for the hint: "GPU_EXCLUSIVE card". */
  fitsWhat: string;
  onChange: (name: string) => void;
}) {
  const id = useId();
  const known = models.some((m) => m.name === value);
  // Every card of a small bench (choosing one the pattern refuses teaches why); on a large
  // bench, the ones that fit: ten selects of 10,000 options each would be 100,000 elements.
  const large = models.length > SELECT_ALL_UP_TO;
  const fitting = large ? models.filter(fits) : models;
  const shown = fitting.slice(0, SELECT_MAX);
  const current = models.find((m) => m.name === value);
  const withValue = current !== undefined && !shown.includes(current) ? [...shown, current] : shown;
  // The options change only when a name or residency does, not on every edit of a size.
  const list = withValue.map((m) => `${m.name}\u0000${m.residency}`).join('\n');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={large ? `${id}-hint` : undefined}
      >
        {known ? null : <option value={value}>{value === '' ? '— choose a card —' : `${value} (no such card)`}</option>}
        <CardOptions list={list} />
      </select>
      {large ? (
        <p className="field-hint" id={`${id}-hint`}>
          Lists the bench&apos;s {plural(fitting.length, fitsWhat)} (of {models.length} cards)
          {fitting.length > SELECT_MAX ? `: the first ${SELECT_MAX}` : ''}.
        </p>
      ) : null}
    </div>
  );
}

type SetWindow = (next: WindowSpec, key?: string) => void;

/** The fields of the window's pattern: its job and candidates, its model, its GPUs; `children` the headroom. */
function PatternFields({
  w,
  chosen,
  models,
  hw,
  set,
  add,
  remove,
  children,
}: {
  w: WindowSpec;
  chosen: readonly string[];
  models: readonly ModelCard[];
  hw: Hardware;
  set: SetWindow;
  add: (name: string) => void;
  remove: (name: string) => void;
  children: React.ReactNode;
}) {
  return (
    <>
      {w.pattern === 'serial_handoff' ? (
        <>
          <CardSelect
            label={fieldOf(SERIAL, 'gpu_job').label}
            value={w.gpu_job}
            models={models}
            fits={(m) => m.residency === 'GPU_EXCLUSIVE'}
            fitsWhat="GPU_EXCLUSIVE card"
            onChange={(n) => set({ ...w, gpu_job: n, candidates: w.candidates.filter((c) => c !== n) })}
          />
          <CandidatePicker
            label={fieldOf(SERIAL, 'candidates').label}
            chosen={chosen}
            models={models}
            exclude={w.gpu_job}
            onAdd={add}
            onRemove={remove}
          />
        </>
      ) : w.pattern === 'fractional_coresidency' ? (
        <>
          <CandidatePicker
            label={fieldOf(WINDOW_FIELDS.fractional_coresidency, 'candidates').label}
            chosen={chosen}
            models={models}
            onAdd={add}
            onRemove={remove}
          />
          {children}
        </>
      ) : w.pattern === SPLIT_PATTERN ? (
        <>
          <div className="card-row">
            <CardSelect
              label={fieldOf(SPLIT, 'model').label}
              value={w.model}
              models={models}
              fits={(m) => m.ram_overflow_supported}
              fitsWhat="card that can be split"
              onChange={(n) => set({ ...w, model: n })}
            />
            {children}
          </div>
          <SplitGpus hw={hw} chosen={w.gpus} onChange={(gpus) => set({ ...w, gpus })} />
        </>
      ) : (
        <div className="card-row">
          <CardSelect
            label={fieldOf(OVERFLOW, 'model').label}
            value={w.model}
            models={models}
            fits={(m) => m.ram_overflow_supported}
            fitsWhat="RAM-overflow card"
            onChange={(n) => set({ ...w, model: n })}
          />
          {children}
        </div>
      )}
    </>
  );
}

/** Which GPUs a too-big model could use on a bench of several, with the button that does it. */
function SplitAdviceNote({
  w,
  advice,
  set,
}: {
  w: WindowSpec;
  advice: NonNullable<ReturnType<typeof splitAdvice>>;
  set: SetWindow;
}) {
  return (
    <div className="split-advice" role="note" aria-label={`GPUs for ${advice.model}`}>
      <p>{advice.text}</p>
      {advice.kind === 'move' ? (
        <button type="button" onClick={() => set(onGpu(w, advice.gpu))}>
          Run {w.name} on GPU {advice.gpu}
        </button>
      ) : advice.kind === 'split' ? (
        <button
          type="button"
          onClick={() =>
            set({
              name: w.name,
              pattern: SPLIT_PATTERN,
              model: advice.model,
              gpus: advice.gpus,
              headroom_gb: advice.headroom_gb,
              ...(w.pattern !== 'serial_handoff' && w.headroom_is_int === true ? { headroom_is_int: true } : {}),
            })
          }
        >
          Split {advice.model} across GPUs {listNames(advice.gpus.map(String))}
        </button>
      ) : null}
    </div>
  );
}

/** Move a window earlier or later (the focus follows it), or delete it (said where it was, with Undo). */
function WindowActions({ w, index, count }: { w: WindowSpec; index: number; count: number }) {
  const deleteWindow = usePlanner((s) => s.deleteWindow);
  const moveWindow = usePlanner((s) => s.moveWindow);
  const list = useContext(ListEventsContext);
  const arrow = (d: 'up' | 'down') => `Move window ${w.name} ${d === 'up' ? 'earlier' : 'later'}`;
  // By its name: a second press before the list is drawn again moves this window again.
  const move = (dir: 'up' | 'down') => list.moving(arrow, dir, () => moveWindow(w.name, dir === 'up' ? -1 : 1));
  return (
    <div className="card-actions" role="group" aria-label={`Actions for window ${w.name}`}>
      <button type="button" onClick={() => move('up')} disabled={index === 0} aria-label={arrow('up')}>
        ↑
      </button>
      <button type="button" onClick={() => move('down')} disabled={index === count - 1} aria-label={arrow('down')}>
        ↓
      </button>
      <button
        type="button"
        className="danger"
        onClick={() =>
          list.deleting({ text: `Deleted window ${w.name}.`, name: w.name, at: index }, () => deleteWindow(index))
        }
        aria-label={`Delete window ${w.name}`}
      >
        Delete
      </button>
    </div>
  );
}

const WindowEditor = memo(function WindowEditor({
  w,
  index,
  count,
  models,
  hw,
  twice,
}: {
  w: WindowSpec;
  index: number;
  count: number;
  models: readonly ModelCard[];
  hw: Hardware;
  /** Cards this window names that an earlier window runs too (the check's warning). */
  twice: string;
}) {
  const updateWindow = usePlanner((s) => s.updateWindow);
  const placeCandidate = usePlanner((s) => s.placeCandidate);
  const removeCandidate = usePlanner((s) => s.removeCandidate);
  const [asking, setAsking] = useState<{ name: string; others: string[] } | null>(null);
  // The candidates as they are now, not as the deferred bench last drew them: a ticked box
  // stays ticked at once, even while a large bench re-plans.
  const live = usePlanner((s) => s.bench.windows?.[index]);
  const chosen =
    live !== undefined && live.pattern === w.pattern && hasCandidates(live)
      ? live.candidates
      : hasCandidates(w)
        ? w.candidates
        : [];
  const set = (next: WindowSpec, key?: string) => updateWindow(index, next, key);
  const id = useId();
  const add = (name: string) => {
    const bench = usePlanner.getState().bench;
    const others = otherWindowsWith(bench, name, index);
    if (others.length === 0) placeCandidate(index, name, 'both');
    else setAsking({ name, others: others.map((k) => editableWindows(bench)[k]!.name) });
  };
  const remove = (name: string) => removeCandidate(index, name);
  const headroom = (v: number | null, text: string) => {
    if (v === null || w.pattern === 'serial_handoff') return;
    const { headroom_is_int: _int, ...rest } = w;
    set(
      { ...rest, headroom_gb: v, ...(isIntegerText(text) ? { headroom_is_int: true } : {}) },
      `win.${index}.headroom`,
    );
  };
  const headroomText = (v: number) => pyNumber(v, w.pattern !== 'serial_handoff' && w.headroom_is_int === true);
  const several = gpuCount(hw) > 1;
  const advice = several ? splitAdvice({ hardware: hw, models, windows: [w] }, w) : null;
  const headroomField =
    w.pattern === 'serial_handoff' ? null : (
      <NumberField
        {...numberField(WINDOW_FIELDS[w.pattern], 'headroom_gb')}
        value={w.headroom_gb}
        intWritten={w.headroom_is_int === true}
        format={headroomText}
        fieldKey={`win.${index}.headroom`}
        onCommit={headroom}
      />
    );
  return (
    <li className="window-editor" aria-label={`Window ${w.name}`}>
      <div className="card-row">
        <NameField
          label={fieldOf(SERIAL, 'name').label}
          className="field-window-name"
          name={w.name}
          fieldKey={`win.${index}.name`}
          onCommit={(name) => updateWindow(index, { ...w, name }, `win.${index}.name`)}
        />
        <div className="field field-wide">
          <label htmlFor={`${id}-pattern`}>{fieldOf(SERIAL, 'pattern').label}</label>
          <select
            id={`${id}-pattern`}
            value={w.pattern}
            onChange={(e) => set(convertWindow(usePlanner.getState().bench, w, e.target.value as WindowPattern))}
          >
            <PatternOptions split={several || w.pattern === SPLIT_PATTERN} />
          </select>
        </div>
      </div>
      {several && w.pattern !== SPLIT_PATTERN ? (
        <div className="card-row">
          <GpuSelect hw={hw} value={windowGpus(w)[0] ?? 0} onChange={(k) => set(onGpu(w, k))} />
        </div>
      ) : null}
      <PatternFields w={w} chosen={chosen} models={models} hw={hw} set={set} add={add} remove={remove}>
        {headroomField}
      </PatternFields>
      {advice === null ? null : <SplitAdviceNote w={w} advice={advice} set={set} />}
      {asking === null ? null : (
        <PlaceQuestion
          name={asking.name}
          others={asking.others}
          onAnswer={(mode) => {
            if (mode !== null) placeCandidate(index, asking.name, mode);
            setAsking(null);
          }}
        />
      )}
      {twice === '' ? null : (
        <p className="field-hint" id={`${id}-twice`}>
          Runs twice in the day (also in an earlier window): {twice}.
        </p>
      )}
      <WindowActions w={w} index={index} count={count} />
    </li>
  );
});

/** The window list is drawn from the settled bench; a window's item by its name (for `useDeletionNotes`). */
const benchOf = (bench: Bench) => bench;
const windowItem = (name: string) => `li.window-editor[aria-label="Window ${CSS.escape(name)}"]`;

export function WindowsEditor() {
  // Settled: a keystroke in a card paints before the window lists (which name every card) update.
  const bench = useSettledBench();
  const addWindow = usePlanner((s) => s.addWindow);
  const { suggestion, suggest: suggestWindows, words: said } = useSuggestWindows();
  // A deleted window's note stands where it was while the bench is the one it left; Undo brings
  // the window back and the focus to its name; a moved window keeps the focus on its arrow (once
  // the list is drawn from the settled bench that has the undo or the move).
  const { note, listRef, events, noteAt } = useDeletionNotes({ drawn: bench, of: benchOf, item: windowItem });
  const [pattern, setPattern] = useState<WindowPattern>('fractional_coresidency');
  const several = gpuCount(bench.hardware) > 1;
  const windows = editableWindows(bench);
  const twice = useMemo(
    () => runTwiceByWindow({ ...bench, windows }).map((names) => listNames(names, 6)),
    [bench, windows],
  );
  const id = useId();
  // A split needs several GPUs: after a GPU is removed, a new window falls back to pattern B.
  const newPattern = !several && pattern === SPLIT_PATTERN ? 'fractional_coresidency' : pattern;
  const needsCard = newPattern !== 'fractional_coresidency' && bench.models.length === 0;
  // As the page opens, a window a frame (a window's editor lists every card it may take).
  const drawn = useMountInSteps(windows.length, 1);
  return (
    <section className="panel" aria-labelledby="windows-title">
      <div className="panel-head">
        <h2 id="windows-title">The day's windows ({windows.length})</h2>
        <button
          type="button"
          onClick={suggestWindows}
          disabled={suggestion.state.phase === 'running'}
          title="The best day the cards allow, as Suggest a day finds it: every card that can run runs, then the shortest day"
        >
          Suggest windows
        </button>
      </div>
      <SuggestProgress suggestion={suggestion} />
      <Live>{said !== null ? <p className="muted">{said}</p> : null}</Live>
      {bench.windows === undefined ? (
        <p className="muted">These windows were composed from the cards. Edit one to make the day yours.</p>
      ) : null}
      {/* The deletion read out (the note where the window was is not a live region: it comes with its text). */}
      <Live className="sr-only">{note === null ? null : note.text}</Live>
      <ListEventsContext.Provider value={events}>
        <ol className="windows" ref={listRef}>
          {windows
            .slice(0, drawn)
            .map((w, i) => [
              noteAt(i),
              <WindowEditor
                key={i}
                w={w}
                index={i}
                count={windows.length}
                models={bench.models}
                hw={bench.hardware}
                twice={twice[i] ?? ''}
              />,
            ])}
          {noteAt(windows.length, true)}
        </ol>
      </ListEventsContext.Provider>
      <div className="row add-window">
        <div className="field field-wide">
          <label htmlFor={id}>New window's pattern</label>
          <select id={id} value={newPattern} onChange={(e) => setPattern(e.target.value as WindowPattern)}>
            <PatternOptions split={several} />
          </select>
        </div>
        <button
          type="button"
          onClick={() => addWindow(newPattern)}
          disabled={needsCard}
          aria-describedby={`${id}-need`}
        >
          Add window
        </button>
      </div>
      {needsCard ? (
        <p className="field-hint" id={`${id}-need`}>
          A {newPattern} window runs a card: add a card first.
        </p>
      ) : null}
    </section>
  );
}
