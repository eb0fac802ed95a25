import { memo, useId, useState } from 'react';
import { RESIDENCIES, type ModelCard, type Residency } from '../../core';
import { checkName, fieldRelevance, RULES } from '../../io';
import { usePlanner } from '../../store';
import { NumberField } from './NumberField';

const RESIDENCY_HELP: Record<Residency, string> = {
  GPU_EXCLUSIVE: 'holds the whole GPU (serial_handoff job)',
  GPU_SHARED: 'can share VRAM with others (co-residency)',
  CPU_ONLY: 'never uses the GPU',
  GPU_RAM_OVERFLOW: 'larger than VRAM; spills layers to RAM',
};

function NameField({ index, name }: { index: number; name: string }) {
  const id = useId();
  const updateCard = usePlanner((s) => s.updateCard);
  const [draft, setDraft] = useState(name);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(name);
  if (shown !== name) {
    setShown(name);
    setDraft(name);
    setError(null);
  }
  const onChange = (text: string) => {
    setDraft(text);
    const checked = checkName(text);
    if (!checked.ok) return setError(`Name ${checked.message}`);
    const taken = usePlanner.getState().bench.models.some((m, i) => i !== index && m.name === checked.value);
    if (taken) return setError(`Another card is already named "${checked.value}"; names must be unique.`);
    setError(null);
    if (checked.value !== name) updateCard(index, { name: checked.value }, `card.${index}.name`);
  };
  return (
    <div className="field field-name">
      <label htmlFor={id}>Name</label>
      <input
        id={id}
        value={draft}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error !== null}
        aria-describedby={error === null ? undefined : `${id}-err`}
        onChange={(e) => onChange(e.target.value)}
      />
      {error === null ? null : (
        <p className="field-error" id={`${id}-err`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

interface CardProps {
  readonly card: ModelCard;
  readonly index: number;
  readonly count: number;
}

const CardEditor = memo(function CardEditor({ card, index, count }: CardProps) {
  const updateCard = usePlanner((s) => s.updateCard);
  const duplicateCard = usePlanner((s) => s.duplicateCard);
  const deleteCard = usePlanner((s) => s.deleteCard);
  const moveCard = usePlanner((s) => s.moveCard);
  const id = useId();
  const rel = fieldRelevance(card.residency);
  const key = (f: string) => `card.${index}.${f}`;
  return (
    <li className="card" aria-label={`Model card ${card.name}`}>
      <div className="card-row">
        <NameField index={index} name={card.name} />
        <NumberField
          label="VRAM"
          unit="GB"
          value={card.vram_gb}
          rule={RULES.model.vram_gb}
          onCommit={(v) => v !== null && updateCard(index, { vram_gb: v }, key('vram'))}
          hint={rel.vram}
        />
        <div className="field field-res">
          <label htmlFor={`${id}-res`}>Residency</label>
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
          label="Hours"
          unit="h"
          optional
          value={card.hours ?? null}
          rule={RULES.model.hours}
          onCommit={(v) => updateCard(index, { hours: v ?? undefined }, key('hours'))}
          hint={card.hours === undefined ? 'Unknown: the timeline assumes 1 h.' : null}
        />
      </div>
      <div className="card-row">
        <div className="field check">
          <input
            id={`${id}-fb`}
            type="checkbox"
            checked={card.cpu_fallback_supported}
            aria-describedby={rel.cpuFallback === null ? undefined : `${id}-fb-help`}
            onChange={(e) => updateCard(index, { cpu_fallback_supported: e.target.checked })}
          />
          <label htmlFor={`${id}-fb`}>CPU fallback</label>
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
            aria-describedby={rel.ramOverflow === null ? undefined : `${id}-ro-help`}
            onChange={(e) => updateCard(index, { ram_overflow_supported: e.target.checked })}
          />
          <label htmlFor={`${id}-ro`}>RAM overflow</label>
          {rel.ramOverflow === null ? null : (
            <p className="field-hint" id={`${id}-ro-help`}>
              {rel.ramOverflow}
            </p>
          )}
        </div>
        <NumberField
          label="RAM needed"
          unit="GB"
          optional
          value={card.ram_gb_needed}
          rule={RULES.model.ram_gb_needed}
          onCommit={(v) => updateCard(index, { ram_gb_needed: v }, key('ram'))}
          hint={
            card.ram_overflow_supported && card.ram_gb_needed === null
              ? 'Needed for ram_overflow: the whole footprint in GB.'
              : null
          }
        />
      </div>
      <div className="card-row">
        <NumberField
          label="CPU hours"
          unit="h"
          optional
          value={card.cpu_hours ?? null}
          rule={RULES.model.cpu_hours}
          onCommit={(v) => updateCard(index, { cpu_hours: v ?? undefined }, key('cpu_hours'))}
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
          label="Cores"
          optional
          value={card.cores ?? null}
          rule={RULES.model.cores}
          onCommit={(v) => updateCard(index, { cores: v ?? undefined }, key('cores'))}
          hint={
            card.residency !== 'CPU_ONLY' && !card.cpu_fallback_supported
              ? 'CPU cores it holds on the CPU; this card never runs there.'
              : card.cores === undefined
                ? 'CPU cores it holds while on the CPU (1 when empty).'
                : null
          }
        />
      </div>
      <div className="card-actions" role="group" aria-label={`Actions for ${card.name}`}>
        <button
          type="button"
          onClick={() => moveCard(index, -1)}
          disabled={index === 0}
          aria-label={`Move ${card.name} up`}
        >
          ↑
        </button>
        <button
          type="button"
          onClick={() => moveCard(index, 1)}
          disabled={index === count - 1}
          aria-label={`Move ${card.name} down`}
        >
          ↓
        </button>
        <button type="button" onClick={() => duplicateCard(index)} aria-label={`Duplicate ${card.name}`}>
          Duplicate
        </button>
        <button type="button" className="danger" onClick={() => deleteCard(index)} aria-label={`Delete ${card.name}`}>
          Delete
        </button>
      </div>
    </li>
  );
});

const PAGE = 100;

export function ModelCards() {
  const models = usePlanner((s) => s.bench.models);
  const addCard = usePlanner((s) => s.addCard);
  const [query, setQuery] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const findId = useId();
  // Large benches show a page of cards at a time (and a search), so the page stays quick.
  const q = query.trim().toLowerCase();
  const matching: number[] = [];
  models.forEach((m, i) => {
    if (q === '' || m.name.toLowerCase().includes(q) || m.residency.toLowerCase().includes(q)) matching.push(i);
  });
  const shown = matching.slice(0, limit);
  return (
    <section className="panel" aria-labelledby="cards-title">
      <div className="panel-head">
        <h2 id="cards-title">Model cards ({models.length})</h2>
        <button type="button" onClick={addCard}>
          Add card
        </button>
      </div>
      {models.length > 12 ? (
        <div className="field find">
          <label htmlFor={findId}>Find a card (name or residency)</label>
          <input id={findId} type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
      ) : null}
      {models.length === 0 ? <p className="muted">No model cards yet. Add one, or load a preset.</p> : null}
      {q !== '' && matching.length === 0 ? <p className="muted">No card matches “{query}”.</p> : null}
      <ol className="cards">
        {shown.map((i) => (
          <CardEditor key={i} card={models[i]!} index={i} count={models.length} />
        ))}
      </ol>
      {matching.length > shown.length ? (
        <p className="more">
          Showing {shown.length} of {matching.length} cards.{' '}
          <button type="button" onClick={() => setLimit((l) => l + PAGE)}>
            Show {Math.min(PAGE, matching.length - shown.length)} more
          </button>
        </p>
      ) : null}
    </section>
  );
}
