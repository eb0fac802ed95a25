import type { ModelFileSlotProps } from '../../components/feature-slots';
import { useId, useState } from 'react';
import type { CardPatch } from '../../core/edits';
import { NEW_CARD } from '../../core/defaults';
import type { ModelCard } from '../../core/types';
import { usePlanner } from '../../store/store';
import { Dialog } from '../../components/Dialog';
import { EstimatePanel } from './EstimatePanel';
import { useModelFileReading } from '../../components/read-file';

/** Above this many cards the card is named in a text field rather than picked from a list. */
const LIST_MAX = 300;
const NEW = '\u0000new';

/** A card name from a model file's name: `Meta-Llama-3-8B.Q4_K_M.gguf` → `Meta-Llama-3-8B.Q4_K_M`. */
function cardNameFor(fileName: string): string {
  const base = fileName.replace(/\.(gguf|safetensors|json)$/i, '').replace(/\.safetensors\.index$/i, '');
  return base === 'config' || base === 'model' || base === '' ? 'new_model' : base;
}

/**
 * A model file dropped on the page, not on a card: ask which card it is for (or a new
 * one), then read it there and show the estimate to use.
 */
export function ModelFileDialog({ file, onClose }: ModelFileSlotProps) {
  const id = useId();
  const names = usePlanner((s) => s.bench.models.length);
  const addCard = usePlanner((s) => s.addCard);
  const [choice, setChoice] = useState<string>(NEW);
  const [typed, setTyped] = useState('');
  /** The card chosen: an index, or a new card (added only when a figure is used, so a failed read leaves none). */
  const [target, setTarget] = useState<number | 'new' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const existing = usePlanner((s) => (typeof target === 'number' ? s.bench.models[target] : undefined));
  const [fresh] = useState<ModelCard>(() => ({ name: cardNameFor(file.name), ...NEW_CARD }));
  const card = target === 'new' ? fresh : existing;
  const [reading, readFile] = useModelFileReading();

  const start = () => {
    const models = usePlanner.getState().bench.models;
    let at: number | 'new';
    if (names > LIST_MAX && typed.trim() !== '') {
      at = models.findIndex((m) => m.name === typed);
      if (at < 0) return setProblem(`No card is named “${typed}”.`);
    } else if (choice === NEW || (names > LIST_MAX && typed.trim() === '')) at = 'new';
    else at = Number(choice);
    setProblem(null);
    setTarget(at);
    readFile(file, at === 'new' ? null : (models[at]?.vram_estimate ?? null));
  };
  // A new card is added with the figure used, in one step (one Undo removes it).
  const addWith = async (patch: CardPatch): Promise<boolean> => {
    const { name: _name, ...fields } = patch;
    return (await addCard(fresh.name, fields)).ok;
  };

  return (
    <Dialog title={`Estimate VRAM from ${file.name}`} onClose={onClose} className="model-file-dialog">
      {card === undefined ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            start();
          }}
        >
          <p>Which card is this model for? Only the file’s header is read, here; nothing is uploaded.</p>
          {names > LIST_MAX ? (
            <div className="field">
              <label htmlFor={`${id}-name`}>Card name (empty: a new card)</label>
              <input id={`${id}-name`} value={typed} onChange={(e) => setTyped(e.target.value)} />
            </div>
          ) : (
            <CardChoice id={`${id}-card`} value={choice} onChange={setChoice} />
          )}
          {problem === null ? null : (
            <p className="field-error" role="alert">
              {problem}
            </p>
          )}
          <div className="dialog-actions">
            <button type="submit" className="primary">
              Read it for this card
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <EstimatePanel
          index={typeof target === 'number' ? target : -1}
          card={card}
          reading={reading}
          onFile={readFile}
          onDone={onClose}
          // The form and its button are gone: the focus goes to the panel that replaced them.
          focusOnOpen
          {...(target === 'new' ? { apply: addWith } : {})}
        />
      )}
    </Dialog>
  );
}

function CardChoice({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  const models = usePlanner((s) => s.bench.models);
  return (
    <div className="field">
      <label htmlFor={id}>Card</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value={NEW}>A new card</option>
        {models.map((m, i) => (
          <option key={i} value={String(i)}>
            {m.name} ({m.vram_gb} GB)
          </option>
        ))}
      </select>
    </div>
  );
}
