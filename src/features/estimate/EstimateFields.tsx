import { useId } from 'react';
import { withParameterCount, QUICK_ESTIMATE_FROM } from '../../core/footprint';
import { inMenu, menuDtype } from '../../core/dtype-spelling';
import {
  KV_DTYPES,
  TRAINING_KINDS,
  WEIGHT_DTYPES,
  type KvDtype,
  type VramEstimate,
  type WeightDtype,
} from '../../core/types';
import { ESTIMATE_FIELDS, fieldOf, numberField } from '../../bench/bench-schema';
import { NumberField } from '../../components/NumberField';
import { Choice } from './Choice';

/**
 * The weights dtypes as people look for them: a checkpoint's, or a GGUF file's type — each once
 * (GGUF's F16 is the checkpoints' fp16: `core/dtype-spelling.ts`).
 */
const DTYPE_GROUPS: readonly { label: string; values: readonly string[] }[] = [
  {
    label: 'Plain (PyTorch, safetensors; GGUF F32, F16, BF16)',
    values: WEIGHT_DTYPES.filter((d) => d === d.toLowerCase()),
  },
  { label: 'GGUF type (llama.cpp)', values: WEIGHT_DTYPES.filter((d) => d !== d.toLowerCase() && inMenu(d)) },
];

/** What the dtype menu says below it: what to do first, what a file's own spelling was, what counts. */
function dtypeHint(draft: Draft | null, exact: boolean): string | null {
  if (draft === null) return 'Type the parameter count first.';
  const spelled = draft.dtype === menuDtype(draft.dtype) ? '' : `Written ${draft.dtype} (GGUF’s spelling). `;
  const counts = exact ? 'The file’s own tensor types count; this does not change the weights.' : '';
  return spelled + counts === '' ? null : (spelled + counts).trim();
}

const BILLION = 1e9;

export type Draft = { -readonly [K in keyof VramEstimate]: VramEstimate[K] };

/** An estimate's field set or cleared (undefined removes it). */
function withField<K extends keyof Draft>(d: Draft, key: K, value: Draft[K] | undefined): Draft {
  const out = { ...d };
  if (value === undefined) delete out[key];
  else out[key] = value;
  return out;
}

/** A change to the estimate being edited (none yet: null). */
export type DraftUpdate = (update: (d: Draft | null) => Draft | null) => void;

/** A field setter over a draft update. */
const setterOf =
  (update: DraftUpdate) =>
  <K extends keyof Draft>(key: K, value: Draft[K] | undefined) =>
    update((d) => (d === null ? d : withField(d, key, value)));

/** The model: its parameter count (typed, or read from a file) and its weights' dtype. */
export function ModelInputs({ draft, update }: { draft: Draft | null; update: DraftUpdate }) {
  const set = setterOf(update);
  const params = numberField(ESTIMATE_FIELDS, 'parameters');
  const fromFile = draft !== null && draft.from !== QUICK_ESTIMATE_FROM;
  const exact = draft?.weight_bytes !== undefined;
  return (
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
          update((d) => ({ ...withParameterCount(d, parameters) }));
        }}
      />
      <Choice
        label={fieldOf(ESTIMATE_FIELDS, 'dtype').label}
        value={menuDtype(draft?.dtype ?? 'bf16')}
        values={WEIGHT_DTYPES}
        groups={DTYPE_GROUPS}
        disabled={draft === null}
        hint={dtypeHint(draft, exact)}
        onChange={(v) => set('dtype', v as WeightDtype)}
      />
    </div>
  );
}

/** How the model runs: context, batch, KV cache, overheads, training, experts placed in RAM. */
export function RunChoices({ draft, update }: { draft: Draft; update: DraftUpdate }) {
  const id = useId();
  const set = setterOf(update);
  return (
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
    </>
  );
}
