import { memo, useContext, useEffect, useId, useMemo, useRef, useState } from 'react';
import { ListEventsContext, useDeletionNotes } from '../../components/deletion-notes';
import { Live } from '../../components/Live';
import { useMountInSteps } from '../../components/mount-in-steps';
import {
  cardsInNoWindow,
  cardsOverCores,
  overflowProblems,
  spilledCards,
  type OverflowProblem,
} from '../../core/bench-check';
import { hasCandidates, RESIDENCIES, type Bench, type ModelCard, type Residency } from '../../core/types';
import { NoWindowNote, type WindowChoice } from '../../components/NoWindowNote';
import { windowsLostWith } from '../../core/edits';
import { fieldOf, fieldRelevance, MODEL_FIELDS, numberField } from '../../bench/bench-schema';
import { isModelFileName } from '../../model-files/kind';
import { usePlanner } from '../../store/store';
import { planOf } from '../../store/plan';
import { cardsNotRun } from '../../core/day';
import { needsOwnWindow, placedWords } from '../../core/story';
import { listNames } from '../../core/words';
import { NameField } from '../../components/NameField';
import { NumberField } from '../../components/NumberField';
import { CommandField } from './CommandField';
import { sourceWords } from '../../components/source-words';

// The estimate panel (and the model-file readers it uses) loads when a card first opens it.
import { useModelFileReading } from '../../components/read-file';
import { useFeatureSlots } from '../../components/feature-slots';

const RESIDENCY_HELP: Record<Residency, string> = {
  GPU_EXCLUSIVE: 'holds the whole GPU (serial_handoff job)',
  GPU_SHARED: 'can share VRAM with others (co-residency)',
  CPU_ONLY: 'never uses the GPU',
  GPU_RAM_OVERFLOW: 'larger than VRAM; spills layers to RAM',
};

interface CardProps {
  readonly card: ModelCard;
  readonly index: number;
  readonly count: number;
  /** The bench's cores, when this card asks for more (the check's warning). */
  readonly benchCores: number | null;
  /** What nvinx's ram_overflow would refuse or do unexpectedly with this card (the check's warnings). */
  readonly overflow: readonly OverflowProblem[];
  /**
   * On a bench whose windows are its own: whether none names this card, and the windows it may
   * join; null on a composed day (its leftovers say why in the plan).
   */
  readonly windows: { readonly none: boolean; readonly choices: readonly WindowChoice[] } | null;
}

/** The window a card in no window would most likely join: a serial_handoff for CPU work, else a shared one. */
function preferredWindow(card: ModelCard, choices: readonly WindowChoice[]): number | null {
  const order =
    card.residency === 'CPU_ONLY'
      ? (['serial_handoff', 'fractional_coresidency'] as const)
      : (['fractional_coresidency', 'serial_handoff'] as const);
  for (const p of order) {
    const c = choices.find((w) => w.pattern === p);
    if (c !== undefined) return c.index;
  }
  return null;
}

/** A card no window of the day names: said on the card, with Add to the window and Suggest windows. */
function CardInNoWindow({ card, windows }: Pick<CardProps, 'card'> & { windows: NonNullable<CardProps['windows']> }) {
  const placeCandidate = usePlanner((s) => s.placeCandidate);
  const own = needsOwnWindow(card);
  return (
    <NoWindowNote
      text={
        windows.none
          ? own === null
            ? `${card.name} is in no window: the day does not run it. Add it to a window, or let Suggest windows place every card.`
            : `${own} Suggest windows makes the windows the cards need.`
          : null
      }
      choices={own === null ? windows.choices : []}
      preferred={own === null ? preferredWindow(card, windows.choices) : null}
      placeLabel="Add to the window"
      place={async (index) => {
        const w = windows.choices.find((c) => c.index === index);
        const before = cardsNotRun(planOf(usePlanner.getState().bench));
        const r = await placeCandidate(index, card.name, 'both');
        if (!r.ok || w === undefined) return null;
        return placedWords(card.name, w.name, before, cardsNotRun(planOf(usePlanner.getState().bench)));
      }}
    />
  );
}

const CardEditor = memo(function CardEditor({ card, index, count, benchCores, overflow, windows }: CardProps) {
  const updateCard = usePlanner((s) => s.updateCard);
  const id = useId();
  const rel = fieldRelevance(card.residency);
  const key = (f: string) => `card.${index}.${f}`;
  const [estimating, setEstimating] = useState(false);
  const [dropping, setDropping] = useState(false);
  const [reading, readFile] = useModelFileReading();
  const { EstimatePanel } = useFeatureSlots();
  // A model file dropped on the card is read for it; a bench YAML goes on to the page's import.
  const modelFileIn = (e: React.DragEvent) => {
    const items = [...e.dataTransfer.items];
    return items.length > 0 && items.every((i) => i.kind === 'file');
  };
  return (
    <li
      className={dropping ? 'card dropping' : 'card'}
      aria-label={`Model card ${card.name}`}
      onDragOver={(e) => {
        if (!modelFileIn(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        if (!dropping) setDropping(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDropping(false);
      }}
      onDrop={(e) => {
        setDropping(false);
        const f = e.dataTransfer.files[0];
        if (f === undefined || !isModelFileName(f.name)) return;
        e.preventDefault();
        e.stopPropagation();
        setEstimating(true);
        readFile(f, card.vram_estimate ?? null);
      }}
    >
      <div className="card-row">
        <NameField
          label="Name"
          className="field-name"
          name={card.name}
          fieldKey={key('name')}
          onCommit={(name) => updateCard(index, { name }, key('name'))}
        />
        <NumberField
          {...numberField(MODEL_FIELDS, 'vram_gb')}
          value={card.vram_gb}

          onCommit={(v) => v !== null && updateCard(index, { vram_gb: v }, key('vram'))}
          fieldKey={key('vram')}
          hint={`${rel.vram === null ? '' : `${rel.vram} `}From: ${sourceWords(card)}.`}
        />
        <div className="field field-res">
          <label htmlFor={`${id}-res`}>{fieldOf(MODEL_FIELDS, 'residency').label}</label>
          <select
            id={`${id}-res`}
            value={card.residency}
            aria-describedby={`${id}-res-help`}
            onChange={(e) => updateCard(index, { residency: e.target.value as Residency })}
          >
            {RESIDENCIES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <p className="field-hint" id={`${id}-res-help`}>
            {RESIDENCY_HELP[card.residency]}
          </p>
        </div>
        <NumberField
          {...numberField(MODEL_FIELDS, 'hours')}
          optional
          value={card.hours ?? null}

          onCommit={(v) => updateCard(index, { hours: v ?? undefined }, key('hours'))}
          fieldKey={key('hours')}
          hint={card.hours === undefined ? 'Unknown: the timeline assumes 1 h.' : null}
        />
      </div>
      <SpillAndCpuFields card={card} index={index} benchCores={benchCores} overflow={overflow} />
      <div className="card-row">
        <button
          type="button"
          aria-expanded={estimating}
          aria-controls={estimating ? `${id}-estimate` : undefined}
          onClick={() => setEstimating((v) => !v)}
        >
          {estimating ? 'Close the VRAM estimate' : 'Estimate VRAM…'}
        </button>
        <span className="muted">Drop config.json, .safetensors or .gguf on the card.</span>
      </div>
      {windows === null ? null : <CardInNoWindow card={card} windows={windows} />}
      {estimating && EstimatePanel !== null ? (
        <div id={`${id}-estimate`}>
          <EstimatePanel index={index} card={card} reading={reading} onFile={readFile} />
        </div>
      ) : null}
      <div className="card-row">
        <CommandField
          value={card.command}
          overflow={card.residency === 'GPU_RAM_OVERFLOW'}
          onCommit={(command) => updateCard(index, { command }, key('command'))}
        />
      </div>
      <CardActions card={card} index={index} count={count} />
    </li>
  );
});

/** The card's spill and CPU fields: fallback, overflow, RAM needed, CPU hours and cores. */
function SpillAndCpuFields({ card, index, benchCores, overflow }: Omit<CardProps, 'count' | 'windows'>) {
  const updateCard = usePlanner((s) => s.updateCard);
  const id = useId();
  const rel = fieldRelevance(card.residency);
  const key = (f: string) => `card.${index}.${f}`;
  // nvinx's ram_overflow would refuse the card, or split it unexpectedly: said on the field to change.
  const said = (field: OverflowProblem['field']) => {
    const p = overflow.find((o) => o.field === field);
    return p === undefined ? null : `${fieldOf(MODEL_FIELDS, field).label} ${p.message}.`;
  };
  const roHint = said('ram_overflow_supported') ?? rel.ramOverflow;
  return (
    <>
      <div className="card-row">
        <div className="field check">
          <input
            id={`${id}-fb`}
            type="checkbox"
            checked={card.cpu_fallback_supported}
            aria-describedby={rel.cpuFallback === null ? undefined : `${id}-fb-help`}
            onChange={(e) => updateCard(index, { cpu_fallback_supported: e.target.checked })}
          />
          <label htmlFor={`${id}-fb`}>{fieldOf(MODEL_FIELDS, 'cpu_fallback_supported').label}</label>
          {rel.cpuFallback === null ? null : (
            <p className="field-hint" id={`${id}-fb-help`}>
              {rel.cpuFallback}
            </p>
          )}
        </div>
        <div className="field check">
          <input
            id={`${id}-ro`}
            type="checkbox"
            checked={card.ram_overflow_supported}
            aria-describedby={roHint === null ? undefined : `${id}-ro-help`}
            onChange={(e) => updateCard(index, { ram_overflow_supported: e.target.checked })}
          />
          <label htmlFor={`${id}-ro`}>{fieldOf(MODEL_FIELDS, 'ram_overflow_supported').label}</label>
          {roHint === null ? null : (
            <p className="field-hint" id={`${id}-ro-help`}>
              {roHint}
            </p>
          )}
        </div>
        <NumberField
          {...numberField(MODEL_FIELDS, 'ram_gb_needed')}
          optional
          value={card.ram_gb_needed}

          onCommit={(v) => updateCard(index, { ram_gb_needed: v }, key('ram'))}
          fieldKey={key('ram')}
          hint={
            said('ram_gb_needed') ??
            (card.ram_overflow_supported && card.ram_gb_needed === null
              ? 'Needed for ram_overflow: the whole footprint in GB.'
              : null)
          }
        />
      </div>
      <div className="card-row">
        <NumberField
          {...numberField(MODEL_FIELDS, 'cpu_hours')}
          optional
          value={card.cpu_hours ?? null}

          onCommit={(v) => updateCard(index, { cpu_hours: v ?? undefined }, key('cpu_hours'))}
          fieldKey={key('cpu_hours')}
          hint={
            card.residency === 'CPU_ONLY'
              ? 'CPU_ONLY cards run Hours on the CPU; this is not used.'
              : !card.cpu_fallback_supported
                ? 'Used only with CPU fallback.'
                : card.cpu_hours === undefined
                  ? 'Its time on the CPU if it falls back; unknown: assumed equal to Hours.'
                  : null
          }
        />
        <NumberField
          {...numberField(MODEL_FIELDS, 'cores')}
          optional
          value={card.cores ?? null}

          onCommit={(v) => updateCard(index, { cores: v ?? undefined }, key('cores'))}
          fieldKey={key('cores')}
          hint={
            benchCores !== null
              ? `More than the bench's ${benchCores} CPU cores: the day gives it all ${benchCores}.`
              : card.residency !== 'CPU_ONLY' && !card.cpu_fallback_supported
                ? 'CPU cores it holds on the CPU; this card never runs there.'
                : card.cores === undefined
                  ? 'CPU cores it holds while on the CPU (1 when empty).'
                  : null
          }
        />
      </div>
    </>
  );
}

/** Move, duplicate and delete; a delete says, where the card was, what went with it, with Undo. */
function CardActions({ card, index, count }: Pick<CardProps, 'card' | 'index' | 'count'>) {
  const list = useContext(ListEventsContext);
  const duplicateCard = usePlanner((s) => s.duplicateCard);
  const deleteCard = usePlanner((s) => s.deleteCard);
  const moveCard = usePlanner((s) => s.moveCard);
  const arrow = (d: 'up' | 'down') => `Move ${card.name} ${d}`;
  return (
    <div className="card-actions" role="group" aria-label={`Actions for ${card.name}`}>
      <button
        type="button"
        onClick={() => list.moving(arrow, 'up', () => moveCard(index, -1))}
        disabled={index === 0}
        aria-label={arrow('up')}
      >
        ↑
      </button>
      <button
        type="button"
        onClick={() => list.moving(arrow, 'down', () => moveCard(index, 1))}
        disabled={index === count - 1}
        aria-label={arrow('down')}
      >
        ↓
      </button>
      <button type="button" onClick={() => duplicateCard(index)} aria-label={`Duplicate ${card.name}`}>
        Duplicate
      </button>
      <button
        type="button"
        className="danger"
        onClick={() => {
          const lost = windowsLostWith(usePlanner.getState().bench, card.name);
          list.deleting(
            {
              text:
                lost.length > 0
                  ? `Deleted ${card.name} and the ${lost.length === 1 ? 'window' : 'windows'} it ran: ${listNames(lost)}.`
                  : `Deleted ${card.name}.`,
              name: card.name,
              at: index,
            },
            () => deleteCard(index),
          );
        }}
        aria-label={`Delete ${card.name}`}
      >
        Delete
      </button>
    </div>
  );
}

/** What the card list is drawn from, in a bench; a card's item by its name (for `useDeletionNotes`). */
const modelsOf = (bench: Bench) => bench.models;
const cardItem = (name: string) => `li.card[aria-label="Model card ${CSS.escape(name)}"]`;

/**
 * The cards' search: by a part of the name or the residency. How many match is said as it changes
 * (a polite live region, in the page before its words); none, what a search finds, and Clear.
 */
function FindCards({
  query,
  matching,
  total,
  onQuery,
}: {
  query: string;
  matching: number;
  total: number;
  onQuery: (text: string) => void;
}) {
  const findId = useId();
  const q = query.trim();
  return (
    <div className="field find">
      <label htmlFor={findId}>Find a card (name or residency)</label>
      <input
        id={findId}
        type="search"
        value={query}
        aria-describedby={`${findId}-count`}
        onChange={(e) => onQuery(e.target.value)}
      />
      <Live className="find-count">
        {q === '' ? null : (
          <p id={`${findId}-count`} className={matching === 0 ? 'find-none' : 'muted'}>
            {matching === 0
              ? `No card matches “${q}” (of ${total}): a card is found by a part of its name or its residency (GPU_EXCLUSIVE, GPU_SHARED, CPU_ONLY, GPU_RAM_OVERFLOW).`
              : `${matching} of ${total} cards match “${q}”.`}
          </p>
        )}
      </Live>
      {q !== '' && matching === 0 ? (
        <div className="row">
          <button
            type="button"
            onClick={() => {
              onQuery('');
              document.getElementById(findId)?.focus();
            }}
          >
            Clear the search
          </button>
        </div>
      ) : null}
    </div>
  );
}

const NO_PROBLEMS: readonly OverflowProblem[] = [];

/** Cards shown at once (more, or earlier ones, a click away): the page grows by pages, not by cards. */
const PAGE = 25;

export function ModelCards() {
  const models = usePlanner((s) => s.bench.models);
  const addCard = usePlanner((s) => s.addCard);
  // Cards that ask for more cores than the bench has (the bench check's warning).
  const hardware = usePlanner((s) => s.bench.hardware);
  const over = useMemo(() => cardsOverCores({ hardware, models }), [hardware, models]);
  // On a bench whose windows are its own, the cards none of them names (each card says so).
  const benchWindows = usePlanner((s) => s.bench.windows);
  const inNoWindow = useMemo(() => cardsInNoWindow({ models, windows: benchWindows }), [models, benchWindows]);
  // What nvinx's ram_overflow would refuse (the check's warnings), per card; one empty list for the rest.
  const overflow = useMemo(() => {
    const spilled = spilledCards({ models, windows: benchWindows });
    return models.map((m) => {
      const ps = overflowProblems(m, hardware, spilled.has(m.name));
      return ps.length === 0 ? NO_PROBLEMS : ps;
    });
  }, [models, benchWindows, hardware]);
  const choices = useMemo<readonly WindowChoice[]>(
    () =>
      (benchWindows ?? []).flatMap((w, index) =>
        hasCandidates(w) ? [{ index, name: w.name, pattern: w.pattern }] : [],
      ),
    [benchWindows],
  );
  const yes = useMemo(() => ({ none: true, choices }), [choices]);
  const no = useMemo(() => ({ none: false, choices }), [choices]);
  // A deleted card's note stands where the card was while the bench is the one it left; Undo
  // brings the card back and the focus to its name (given up if the card is on another page of a
  // long list, or hidden by the search); a moved card keeps the focus on its arrow. The events
  // are one object for the page's life: the cards (memoised) do not redraw when the list does.
  const { note, listRef, events, noteAt } = useDeletionNotes({ drawn: models, of: modelsOf, item: cardItem });
  // After Add card: scroll to the new card and focus its name.
  const focusLast = useRef(false);
  useEffect(() => {
    if (!focusLast.current) return;
    focusLast.current = false;
    const input = listRef.current?.querySelector<HTMLInputElement>('li.card:last-child input');
    if (input === null || input === undefined) return;
    input.focus({ preventScroll: true });
    input.select();
    // Scroll again for a few frames while heights above it still change (the views that
    // follow the settled bench re-render after the new card shows).
    let frame = 0;
    let last = Number.NaN;
    const settle = () => {
      input.scrollIntoView({ block: 'center' });
      const top = input.getBoundingClientRect().top;
      if (Math.abs(top - last) < 1 || ++frame > 10) return;
      last = top;
      raf = requestAnimationFrame(settle);
    };
    let raf = requestAnimationFrame(settle);
    input.scrollIntoView({ block: 'center' });
    return () => cancelAnimationFrame(raf);
  }, [models.length, listRef]);
  const [query, setQuery] = useState('');
  // The shown slice of the matching cards: a page, grown a page at a time either way.
  const [range, setRange] = useState({ from: 0, to: PAGE });
  // Large benches show a page of cards at a time (and a search), so the page stays quick.
  const q = query.trim().toLowerCase();
  const matching: number[] = [];
  models.forEach((m, i) => {
    if (q === '' || m.name.toLowerCase().includes(q) || m.residency.toLowerCase().includes(q)) matching.push(i);
  });
  const shown = matching.slice(range.from, range.to);
  const after = matching.length - range.from - shown.length;
  // As the page opens, two cards a frame (each card is some sixty elements to style and lay out).
  const drawn = useMountInSteps(shown.length, 2);
  return (
    <section className="panel" aria-labelledby="cards-title">
      <div className="panel-head">
        <h2 id="cards-title">Model cards ({models.length})</h2>
        <button
          type="button"
          onClick={() => {
            focusLast.current = true;
            setQuery('');
            // The new card's page (the last one), not every card up to it.
            setRange({ from: Math.max(0, models.length + 1 - PAGE), to: models.length + 1 });
            addCard();
          }}
        >
          Add card
        </button>
      </div>
      {/* Shown while a search is on even when the bench falls to 12 cards, so the search can be seen and cleared. */}
      {models.length > 12 || q !== '' ? (
        <FindCards
          query={query}
          matching={matching.length}
          total={models.length}
          onQuery={(text) => {
            setQuery(text);
            setRange({ from: 0, to: PAGE });
          }}
        />
      ) : null}
      {models.length === 0 ? <p className="muted">No model cards yet. Add one, or load a preset.</p> : null}
      {range.from > 0 && shown.length > 0 ? (
        <p className="more">
          Cards {range.from + 1}–{range.from + shown.length} of {matching.length}.{' '}
          <button type="button" onClick={() => setRange((r) => ({ ...r, from: Math.max(0, r.from - PAGE) }))}>
            Show {Math.min(PAGE, range.from)} earlier
          </button>
        </p>
      ) : null}
      {/* The deletion read out (the note where the card was is not a live region: it comes with its text). */}
      <Live className="sr-only">{note === null ? null : note.text}</Live>
      <ListEventsContext.Provider value={events}>
        <ol className="cards" ref={listRef} start={range.from + 1}>
          {shown
            .slice(0, drawn)
            .map((i) => [
              noteAt(i),
              <CardEditor
                key={i}
                card={models[i]!}
                index={i}
                count={models.length}
                benchCores={over.has(i) ? hardware.cpu_cores : null}
                overflow={overflow[i] ?? NO_PROBLEMS}
                windows={benchWindows === undefined ? null : inNoWindow.has(models[i]!.name) ? yes : no}
              />,
            ])}
          {noteAt(models.length, true)}
        </ol>
      </ListEventsContext.Provider>
      {after > 0 ? (
        <p className="more">
          Showing {shown.length} of {matching.length} cards.{' '}
          <button type="button" onClick={() => setRange((r) => ({ ...r, to: r.to + PAGE }))}>
            Show {Math.min(PAGE, after)} more
          </button>
        </p>
      ) : null}
    </section>
  );
}
