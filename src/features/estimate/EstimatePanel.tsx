import { useId, useMemo, useState, type ReactNode } from 'react';
import {
  expertsSplitOf,
  fmtNum,
  footprintOf,
  QUICK_ESTIMATE_FROM,
  withParameterCount,
  TERM_LABELS,
  vramGbOf,
  type Footprint,
} from '../../core/footprint';
import {
  CONFIDENCES,
  KV_DTYPES,
  TRAINING_KINDS,
  WEIGHT_DTYPES,
  type KvDtype,
  type VramEstimate,
  type WeightDtype,
} from '../../core/types';
import type { CardPatch } from '../../core/edits';
import { ESTIMATE_FIELDS, fieldOf, numberField } from '../../bench/bench-schema';
import { readMeasuredVram } from '../../model-files/readers/measured';
import { expertsInRamSlowdown } from '../../core/overflow-time';
import { HubLookup } from './HubLookup';
import { usePlanner } from '../../store/store';
import { NumberField } from '../../components/NumberField';
import type { FileReading } from '../../components/read-file';
import { sourceWords } from '../../components/source-words';
import type { EstimateSlotProps } from '../../components/feature-slots';

/** The weights dtypes as people look for them: a checkpoint's, or a GGUF file's type. */
const DTYPE_GROUPS: readonly { label: string; values: readonly string[] }[] = [
  { label: 'Checkpoint (PyTorch, safetensors)', values: WEIGHT_DTYPES.filter((d) => d === d.toLowerCase()) },
  { label: 'GGUF type (llama.cpp)', values: WEIGHT_DTYPES.filter((d) => d !== d.toLowerCase()) },
];

const capitalize = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

const BILLION = 1e9;

type Draft = { -readonly [K in keyof VramEstimate]: VramEstimate[K] };

/** An estimate's field set or cleared (undefined removes it). */
function withField<K extends keyof Draft>(d: Draft, key: K, value: Draft[K] | undefined): Draft {
  const out = { ...d };
  if (value === undefined) delete out[key];
  else out[key] = value;
  return out;
}

export type EstimatePanelProps = EstimateSlotProps;

/**
 * Where a card's VRAM figure comes from: an estimate from the model (a file read locally,
 * or parameters × dtype), its breakdown with each term's formula, and a measured value
 * pasted from the GPU, which wins. The card keeps the estimate's inputs and its source.
 */
export function EstimatePanel({ index, card, reading, onFile, apply, onDone }: EstimatePanelProps) {
  const id = useId();
  const updateCard = usePlanner((s) => s.updateCard);
  const put = (patch: CardPatch) => (apply === undefined ? updateCard(index, patch).ok : apply(patch));
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
  const [pasted, setPasted] = useState('');
  const [status, setStatus] = useState('');

  const result = useMemo(() => (draft === null ? null : footprintOf(draft)), [draft]);
  const footprint = result !== null && 'footprint' in result ? result.footprint : null;
  const total = footprint === null ? null : vramGbOf(footprint.totalGb);
  // Experts placed in RAM: the model then needs its VRAM part and its RAM part in system RAM.
  const withRam = footprint === null || footprint.ram === null ? null : vramGbOf(footprint.totalGb + footprint.ramGb);
  const split = draft === null || footprint === null ? null : expertsSplitOf(draft, footprint);
  const slowdown = split === null ? null : expertsInRamSlowdown(split, hardware);
  const measured = pasted.trim() === '' ? null : readMeasuredVram(pasted);

  const set = <K extends keyof Draft>(key: K, value: Draft[K] | undefined) =>
    setDraft((d) => (d === null ? d : withField(d, key, value)));

  const useEstimate = () => {
    if (draft === null || total === null) return;
    // A model that may spill to RAM needs its whole footprint there too (nvinx's ram_gb_needed);
    // one with experts in RAM needs them there besides its VRAM part.
    const spill =
      withRam !== null ? { ram_gb_needed: withRam } : card.ram_overflow_supported ? { ram_gb_needed: total } : {};
    if (put({ vram_gb: total, vram_source: 'estimated', vram_estimate: draft, ...spill })) {
      setStatus(`${card.name} now plans with ${total} GB, estimated from ${draft.from}.`);
      onDone?.();
    }
  };
  const useMeasured = () => {
    if (measured === null || !measured.ok) return;
    if (
      put({
        vram_gb: measured.gb,
        vram_source: 'measured',
        ...(draft === null ? {} : { vram_estimate: draft }),
        // As with an estimate: a model that may spill needs its whole footprint in RAM.
        ...(card.ram_overflow_supported ? { ram_gb_needed: measured.gb } : {}),
      })
    ) {
      setStatus(`${card.name} now plans with ${measured.gb} GB, measured.`);
      onDone?.();
    }
  };

  const params = numberField(ESTIMATE_FIELDS, 'parameters');
  const fromFile = draft !== null && draft.from !== QUICK_ESTIMATE_FROM;
  const exact = draft?.weight_bytes !== undefined;
  return (
    <section className="estimate" aria-label={`VRAM estimate for ${card.name}`}>
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
      <div className="estimate-row">
        <NumberField
          label={params.label}
          unit="billion"
          rule={{ ...params.rule, max: params.rule.max / BILLION, integer: false }}
          value={draft === null ? null : draft.parameters / BILLION}
          format={(v) => String(Number(v.toPrecision(6)))}
          optional
          hint={
            fromFile && draft !== null
              ? `From ${draft.from}${exact ? ' (the weights are its exact bytes)' : ''}.`
              : 'Or type the count (7.6 for a 7.6B model).'
          }
          onCommit={(v) => {
            if (v === null) return;
            const parameters = Math.round(v * BILLION);
            setDraft((d) => ({ ...withParameterCount(d, parameters) }));
          }}
        />
        <Choice
          label={fieldOf(ESTIMATE_FIELDS, 'dtype').label}
          value={draft?.dtype ?? 'bf16'}
          values={WEIGHT_DTYPES}
          groups={DTYPE_GROUPS}
          disabled={draft === null}
          hint={
            draft === null
              ? 'Type the parameter count first.'
              : exact
                ? 'The file’s own tensor types count; this does not change the weights.'
                : null
          }
          onChange={(v) => set('dtype', v as WeightDtype)}
        />
      </div>
      {draft === null ? (
        <p className="muted">Read a file, or type the parameter count, to see the breakdown.</p>
      ) : (
        <>
          <div className="estimate-row">
            <NumberField
              {...numberField(ESTIMATE_FIELDS, 'context')}
              optional
              value={draft.context ?? null}
              hint={draft.layers === undefined ? 'No decoder shape: no KV cache.' : 'Tokens (empty: 4096).'}
              onCommit={(v) => set('context', v ?? undefined)}
            />
            <NumberField
              {...numberField(ESTIMATE_FIELDS, 'batch')}
              optional
              value={draft.batch ?? null}
              hint="Empty: 1."
              onCommit={(v) => set('batch', v ?? undefined)}
            />
            <Choice
              label={fieldOf(ESTIMATE_FIELDS, 'kv_dtype').label}
              value={draft.kv_dtype ?? 'fp16'}
              values={KV_DTYPES}
              onChange={(v) => set('kv_dtype', v as KvDtype)}
            />
            <div className="field check">
              <input
                id={`${id}-fa`}
                type="checkbox"
                checked={draft.flash_attention === true}
                onChange={(e) => set('flash_attention', e.target.checked ? true : undefined)}
              />
              <label htmlFor={`${id}-fa`}>{fieldOf(ESTIMATE_FIELDS, 'flash_attention').label}</label>
            </div>
            <NumberField
              {...numberField(ESTIMATE_FIELDS, 'overhead_gb')}
              optional
              value={draft.overhead_gb ?? null}
              hint="CUDA context and allocator (empty: 0.5 GB)."
              onCommit={(v) => set('overhead_gb', v ?? undefined)}
            />
            <NumberField
              label={fieldOf(ESTIMATE_FIELDS, 'margin').label}
              unit="%"
              rule={{ ...numberField(ESTIMATE_FIELDS, 'margin').rule, max: 1000, unit: '%' }}
              optional
              value={draft.margin === undefined ? null : draft.margin * 100}
              format={(v) => String(Number(v.toPrecision(6)))}
              hint="Empty: 10 %."
              onCommit={(v) => set('margin', v === null ? undefined : v / 100)}
            />
          </div>
          <div className="estimate-row">
            <Choice
              label={fieldOf(ESTIMATE_FIELDS, 'training').label}
              wide
              value={draft.training ?? 'inference'}
              values={['inference', ...TRAINING_KINDS]}
              labels={{ inference: 'Inference', full: 'Full fine-tune (AdamW)', lora: 'LoRA fine-tune' }}
              hint={
                draft.training === undefined
                  ? null
                  : 'Gradients and AdamW states for what it trains, and every layer’s activations; no KV cache.'
              }
              onChange={(v) => set('training', v === 'full' || v === 'lora' ? v : undefined)}
            />
            {draft.training === 'lora' ? (
              <NumberField
                label={fieldOf(ESTIMATE_FIELDS, 'trainable_parameters').label}
                unit="million"
                rule={{
                  ...numberField(ESTIMATE_FIELDS, 'trainable_parameters').rule,
                  max: 1e8,
                  integer: false,
                  unit: 'million',
                }}
                optional
                value={draft.trainable_parameters === undefined ? null : draft.trainable_parameters / 1e6}
                format={(v) => String(Number(v.toPrecision(6)))}
                hint="The adapters’ parameters (empty: 1 % of the model)."
                onCommit={(v) => set('trainable_parameters', v === null ? undefined : Math.round(v * 1e6))}
              />
            ) : null}
            {draft.training === undefined ? null : (
              <div className="field check">
                <input
                  id={`${id}-gc`}
                  type="checkbox"
                  checked={draft.gradient_checkpointing === true}
                  onChange={(e) => set('gradient_checkpointing', e.target.checked ? true : undefined)}
                />
                <label htmlFor={`${id}-gc`}>{fieldOf(ESTIMATE_FIELDS, 'gradient_checkpointing').label}</label>
              </div>
            )}
          </div>
          {draft.moe_layers === undefined ? null : (
            <div className="estimate-row">
              <NumberField
                label={fieldOf(ESTIMATE_FIELDS, 'cpu_moe_layers').label}
                rule={{ ...numberField(ESTIMATE_FIELDS, 'cpu_moe_layers').rule, max: draft.moe_layers }}
                optional
                value={draft.cpu_moe_layers ?? null}
                hint={`Of ${draft.moe_layers}: llama.cpp’s --n-cpu-moe (all of them: --cpu-moe). Empty: every expert in VRAM.`}
                onCommit={(v) => set('cpu_moe_layers', v === null || v === 0 ? undefined : v)}
              />
            </div>
          )}
          {result !== null && 'error' in result ? (
            <p className="field-error" role="alert">
              This estimate cannot be made: {result.error}.
            </p>
          ) : null}
          {footprint === null ? null : (
            <table className="breakdown">
              <caption>
                VRAM estimate for {card.name}, from {draft.from}
                {draft.architecture === undefined ? '' : ` (${draft.architecture})`}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Term</th>
                  <th scope="col" className="num">
                    GiB
                  </th>
                  <th scope="col">How</th>
                </tr>
              </thead>
              <tbody>
                {footprint.terms.map((t) => (
                  <tr key={t.name}>
                    <th scope="row">{capitalize(TERM_LABELS[t.name])}</th>
                    <td className="num">{t.gb.toFixed(3)}</td>
                    <td className="formula">{t.formula}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Total</th>
                  <td className="num">{footprint.totalGb.toFixed(3)}</td>
                  <td>Filled in rounded up: {total} GB.</td>
                </tr>
                {footprint.ram === null ? null : (
                  <tr>
                    <th scope="row">{capitalize(TERM_LABELS.experts_in_ram)}</th>
                    <td className="num">{footprint.ram.gb.toFixed(3)}</td>
                    <td className="formula">
                      {footprint.ram.formula}. Outside the VRAM total; system RAM needed: {withRam} GB.
                      {slowdown === null
                        ? ' Give the hardware card its GPU and RAM bandwidths for the time it costs.'
                        : ` Per token, against all in VRAM: ${slowdown.formula}.`}
                    </td>
                  </tr>
                )}
              </tfoot>
            </table>
          )}
          {footprint === null ? null : <Assumed draft={draft} activeParameters={footprint.activeParameters} />}
          {footprint !== null && total !== null ? (
            <Advice draft={draft} footprint={footprint} total={total} benchVram={benchVram} />
          ) : null}
          <div className="estimate-actions">
            <button type="button" className="primary" disabled={total === null} onClick={useEstimate}>
              Use {total ?? '—'} GB (estimated)
              {withRam !== null
                ? `, ${withRam} GB as RAM needed`
                : card.ram_overflow_supported
                  ? ', also as RAM needed'
                  : ''}
            </button>
            <span className="muted">
              Now {card.vram_gb} GB, {sourceWords(card)}.
            </span>
          </div>
        </>
      )}
      <div className="field measured">
        <label htmlFor={`${id}-measured`}>Measured on the GPU (wins over the estimate)</label>
        <textarea
          id={`${id}-measured`}
          rows={3}
          value={pasted}
          placeholder="5123 MiB · nvidia-smi’s table · torch.cuda.max_memory_allocated() · llama-fit-params --fit-print lines"
          aria-describedby={`${id}-measured-read`}
          onChange={(e) => setPasted(e.target.value)}
        />
        <p className={measured !== null && !measured.ok ? 'field-error' : 'field-hint'} id={`${id}-measured-read`}>
          {measured === null
            ? 'Paste what the tool printed; the figure is read from it.'
            : measured.ok
              ? `Read ${measured.gb} GB: ${measured.how}.${measured.note === undefined ? '' : ` ${measured.note}`}`
              : `No figure read: ${measured.error}.`}
        </p>
        <button type="button" disabled={measured === null || !measured.ok} onClick={useMeasured}>
          Use {measured?.ok === true ? measured.gb : '—'} GB (measured)
          {card.ram_overflow_supported ? ', also as RAM needed' : ''}
        </button>
      </div>
      <p className="sr-only" role="status">
        {status}
      </p>
    </section>
  );
}

/** What each confidence means, in words (the page's, beside the CLI's and the docs'). */
const CONFIDENCE_WORDS: Readonly<Record<(typeof CONFIDENCES)[number], string>> = {
  exact: 'exact: the weights’ bytes were read from the file',
  counted: 'counted: an architecture the reader knows, counted from its config',
  approximate: 'approximate: read as a generic decoder, or a part could not be counted (see the notes)',
};

/** How far the estimate can be trusted, and what it assumed. */
function Assumed({ draft, activeParameters }: { draft: VramEstimate; activeParameters: number | null }) {
  const notes = draft.notes ?? [];
  const confidence = draft.confidence ?? (draft.from === QUICK_ESTIMATE_FROM ? 'approximate' : undefined);
  return (
    <div className="estimate-assumed">
      <p>
        {confidence === undefined ? null : (
          <span className={`confidence confidence-${confidence}`}>Confidence {CONFIDENCE_WORDS[confidence]}.</span>
        )}
        {activeParameters === null
          ? null
          : ` A mixture of experts: every expert is held in memory; a token reads ${fmtNum(activeParameters)} of the ${fmtNum(draft.parameters)} parameters.`}
      </p>
      {notes.length === 0 ? null : (
        <details>
          <summary>
            What the estimate assumed ({notes.length} {notes.length === 1 ? 'note' : 'notes'})
          </summary>
          <ul>
            {notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** What a large estimate means for this bench, and what would shrink it. */
function Advice({
  draft,
  footprint,
  total,
  benchVram,
}: {
  draft: VramEstimate;
  footprint: Footprint;
  total: number;
  benchVram: number;
}) {
  const lines: string[] = [];
  if (draft.training !== undefined && footprint.activationsGb > footprint.weightsGb) {
    const ways = [
      draft.gradient_checkpointing === true ? null : 'gradient checkpointing',
      draft.flash_attention === true ? null : 'flash attention',
      'a shorter context or a smaller batch',
    ].filter((x) => x !== null);
    lines.push(
      `Most of this is activations (${footprint.activationsGb.toFixed(1)} GB): ${ways.join(', ')} would cut them.`,
    );
  }
  if (total > benchVram)
    lines.push(
      `${total} GB is more than this bench’s ${benchVram} GB of VRAM: the card will not fit a window unless it may spill to RAM (ram_overflow).`,
    );
  if (lines.length === 0) return null;
  return (
    <ul className="field-hint estimate-advice">
      {lines.map((l) => (
        <li key={l}>{l}</li>
      ))}
    </ul>
  );
}

/** A byte count as a person reads it: 740 bytes, 12.3 KB, 4.1 MB. */
function bytesWords(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 2 ** 20) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 2 ** 20).toFixed(1)} MB`;
}

function FileStatus({ reading }: { reading: FileReading | null }) {
  if (reading === null) return null;
  let body: ReactNode;
  switch (reading.state) {
    case 'reading':
      body = <p className="muted">Reading the header of {reading.name}…</p>;
      break;
    case 'failed':
      body = (
        <p className="field-error" role="alert">
          {reading.name}: {reading.error}
        </p>
      );
      break;
    case 'done':
      body = (
        <div className="field-hint">
          <p>
            Read {reading.name} ({reading.format}, {bytesWords(reading.bytesRead)} of it read
            {reading.architecture === null ? '' : `; ${reading.architecture}`}).
            {reading.missing.length + reading.notes.length === 0
              ? ''
              : ' What it lacks and what was assumed are kept with the estimate, below the breakdown.'}
          </p>
        </div>
      );
      break;
  }
  return <div aria-live="polite">{body}</div>;
}

function Choice(props: {
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
