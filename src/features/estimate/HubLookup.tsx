import { useId, useState } from 'react';
import { vramEstimateOf, withChoicesOf } from '../../core/footprint';
import { type VramEstimate } from '../../core/types';
import { lookUpHubModel, type HubResponse } from '../../model-files/readers/hub';

/**
 * Look a model id up on the Hugging Face Hub, on an explicit click only: two GETs to
 * huggingface.co (the model's info and its config.json); nothing about the bench is sent.
 * Offline, it says so and asks nothing.
 */
export function HubLookup({
  before,
  onEstimate,
}: {
  before: VramEstimate | null;
  onEstimate: (e: VramEstimate) => void;
}) {
  const id = useId();
  const [model, setModel] = useState('');
  const [state, setState] = useState<{ busy: boolean; text: string; error: boolean }>({
    busy: false,
    text: '',
    error: false,
  });

  const look = async () => {
    if (typeof navigator !== 'undefined' && navigator.onLine === false) {
      setState({
        busy: false,
        error: true,
        text: 'You are offline: the Hub cannot be asked. Drop the model’s config.json or weights file instead.',
      });
      return;
    }
    setState({ busy: true, text: `Asking huggingface.co about ${model.trim()}…`, error: false });
    const r = await lookUpHubModel(model, {
      fetch: (url: string): Promise<HubResponse> => fetch(url, { credentials: 'omit', referrerPolicy: 'no-referrer' }),
    });
    if (!r.ok) {
      setState({ busy: false, text: r.error, error: true });
      return;
    }
    const v = r.value;
    const said = [...v.missing.map((m) => `missing: ${m}`), ...v.notes];
    onEstimate(
      withChoicesOf(
        vramEstimateOf(v.input, `${v.id} on the Hub`, v.config?.architecture ?? undefined, {
          confidence: v.confidence,
          notes: said,
        }),
        before,
      ),
    );
    setState({
      busy: false,
      text: `Read ${v.id} from the Hub.${said.length > 0 ? ` ${said.join('; ')}.` : ''}`,
      error: false,
    });
  };

  return (
    <form
      className="estimate-row hub"
      onSubmit={(e) => {
        e.preventDefault();
        if (model.trim() !== '' && !state.busy) void look();
      }}
    >
      <div className="field field-wide">
        <label htmlFor={`${id}-hub`}>Or a Hugging Face model id</label>
        <input
          id={`${id}-hub`}
          value={model}
          placeholder="Qwen/Qwen2.5-7B-Instruct"
          autoComplete="off"
          spellCheck="false"
          aria-describedby={`${id}-hub-said`}
          onChange={(e) => setModel(e.target.value)}
        />
        <p className={state.error ? 'field-error' : 'field-hint'} id={`${id}-hub-said`} aria-live="polite">
          {state.text === ''
            ? 'Only on your click: asks huggingface.co for the model’s config.json and parameter count.'
            : state.text}
        </p>
      </div>
      {/* Busy, it stays focusable (aria-disabled): a disabled button would drop the keyboard's focus to the page. */}
      <button type="submit" disabled={model.trim() === ''} aria-disabled={state.busy}>
        Look up on the Hub
      </button>
    </form>
  );
}
