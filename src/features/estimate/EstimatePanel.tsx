import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { CardPatch } from '../../core/edits';
import { estimateOutcome, ramNeededWords, takeEstimate, type FigureUse } from '../../core/estimate-card';
import { HubLookup } from './HubLookup';
import { usePlanner } from '../../store/store';
import type { FileReading } from '../../components/read-file';
import { sourceWords } from '../../components/source-words';
import type { EstimateSlotProps } from '../../components/feature-slots';
import { FileStatus } from './FileStatus';
import { ModelInputs, RunChoices, type Draft } from './EstimateFields';
import { Advice, Assumed, Breakdown } from './Breakdown';
import { MeasuredField } from './MeasuredField';

export type EstimatePanelProps = EstimateSlotProps & {
  /**
   * Take the focus when it opens (it replaced what had it, as the page drop dialog's form): a
   * screen reader says the panel's name, then the file's reading as it comes (its live region).
   */
  readonly focusOnOpen?: boolean;
};

/**
 * Where a card's VRAM figure comes from: an estimate from the model (a file read locally,
 * or parameters × dtype), its breakdown with each term's formula, and a measured value
 * pasted from the GPU, which wins. The card keeps the estimate's inputs and its source.
 * What the figures are and what the card takes from them is decided in
 * `core/estimate-card.ts`; this draws them.
 */
export function EstimatePanel({
  index,
  card,
  reading,
  onFile,
  apply,
  onDone,
  focusOnOpen = false,
}: EstimatePanelProps) {
  const id = useId();
  const self = useRef<HTMLElement>(null);
  useEffect(() => {
    if (focusOnOpen) self.current?.focus();
  }, [focusOnOpen]);
  const updateCard = usePlanner((s) => s.updateCard);
  const put = async (patch: CardPatch) => (apply === undefined ? (await updateCard(index, patch)).ok : apply(patch));
  const benchVram = usePlanner((s) => s.bench.hardware.vram_gb);
  const hardware = usePlanner((s) => s.bench.hardware);
  const [draft, setDraft] = useState<Draft | null>(card.vram_estimate === undefined ? null : { ...card.vram_estimate });
  // The card's estimate changed elsewhere (undo, the page's drop dialog): show it.
  const [kept, setKept] = useState(card.vram_estimate);
  if (card.vram_estimate !== kept) {
    setKept(card.vram_estimate);
    if (card.vram_estimate !== draft) setDraft(card.vram_estimate === undefined ? null : { ...card.vram_estimate });
  }
  // A file read (now or while closed) fills the estimate once.
  const [seen, setSeen] = useState<FileReading | null>(null);
  if (reading !== seen) {
    setSeen(reading);
    if (reading?.state === 'done') setDraft({ ...reading.estimate });
  }
  const [status, setStatus] = useState('');

  const outcome = useMemo(() => (draft === null ? null : estimateOutcome(draft, hardware)), [draft, hardware]);
  const worked = outcome !== null && outcome.ok ? outcome : null;

  const use = async ({ patch, said }: FigureUse) => {
    if (!(await put(patch))) return;
    setStatus(said);
    onDone?.();
  };

  return (
    <section
      ref={self}
      className="estimate"
      aria-label={`VRAM estimate for ${card.name}`}
      tabIndex={focusOnOpen ? -1 : undefined}
    >
      <div className="estimate-row">
        <div className="field">
          <label htmlFor={`${id}-file`}>Read a model file</label>
          <input
            id={`${id}-file`}
            type="file"
            accept=".json,.safetensors,.gguf,application/json"
            aria-describedby={`${id}-file-help`}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f !== undefined) onFile(f, draft);
              e.target.value = '';
            }}
          />
          <p className="field-hint" id={`${id}-file-help`}>
            config.json, model.safetensors.index.json, a .safetensors or a .gguf file — or drop one on the card. Only
            its header is read, on this computer; nothing is uploaded.
          </p>
        </div>
      </div>
      <FileStatus reading={reading} />
      <HubLookup before={draft} onEstimate={(e) => setDraft({ ...e })} />
      <ModelInputs draft={draft} update={setDraft} />
      {draft === null ? (
        <p className="muted">Read a file, or type the parameter count, to see the breakdown.</p>
      ) : (
        <>
          <RunChoices draft={draft} update={setDraft} />
          {outcome !== null && !outcome.ok ? (
            <p className="field-error" role="alert">
              This estimate cannot be made: {outcome.error}.
            </p>
          ) : null}
          {worked === null ? null : (
            <>
              <Breakdown name={card.name} draft={draft} outcome={worked} />
              <Assumed draft={draft} activeParameters={worked.footprint.activeParameters} />
              <Advice draft={draft} outcome={worked} benchVram={benchVram} />
            </>
          )}
          <div className="estimate-actions">
            <button
              type="button"
              className="primary"
              disabled={worked === null}
              onClick={() => {
                if (worked !== null) use(takeEstimate(card, draft, worked));
              }}
            >
              Use {worked?.vramGb ?? '—'} GB (estimated)
              {ramNeededWords(card, worked?.ramGb ?? null)}
            </button>
            <span className="muted">
              Now {card.vram_gb} GB, {sourceWords(card)}.
            </span>
          </div>
        </>
      )}
      <MeasuredField card={card} draft={draft} onUse={use} />
      <p className="sr-only" role="status">
        {status}
      </p>
    </section>
  );
}
