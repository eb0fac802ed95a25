import { useId, useState } from 'react';
import type { ModelCard, VramEstimate } from '../../core/types';
import { ramNeededWords, takeMeasured, type FigureUse } from '../../core/estimate-card';
import { readMeasuredVram } from '../../model-files/readers/measured';

/** A figure pasted from the GPU (nvidia-smi, torch, llama.cpp), read, and used: it wins over the estimate. */
export function MeasuredField({
  card,
  draft,
  onUse,
}: {
  card: ModelCard;
  /** The estimate being edited, kept beside the measured figure. */
  draft: VramEstimate | null;
  onUse: (use: FigureUse) => void;
}) {
  const id = useId();
  const [pasted, setPasted] = useState('');
  const measured = pasted.trim() === '' ? null : readMeasuredVram(pasted);
  return (
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
      <button
        type="button"
        disabled={measured === null || !measured.ok}
        onClick={() => {
          if (measured !== null && measured.ok) onUse(takeMeasured(card, measured.gb, draft));
        }}
      >
        Use {measured?.ok === true ? measured.gb : '—'} GB (measured)
        {ramNeededWords(card)}
      </button>
    </div>
  );
}
