import { useId, useState } from 'react';
import { usePlanner } from '../../store';
import { Dialog } from '../import-export/Dialog';
import { EstimatePanel } from './EstimatePanel';
import { useModelFileReading } from './read-file';

/** Above this many cards the card is named in a text field rather than picked from a list. */
const LIST_MAX = 300;
const NEW = '\u0000new';

/** A card name from a model file's name: `Meta-Llama-3-8B.Q4_K_M.gguf` → `Meta-Llama-3-8B.Q4_K_M`. */
export function cardNameFor(fileName: string): string {
  const base = fileName.replace(/\.(gguf|safetensors|json)$/i, '').replace(/\.safetensors\.index$/i, '');
  return base === 'config' || base === 'model' || base === '' ? 'new_model' : base;
}

/**
 * A model file dropped on the page, not on a card: ask which card it is for (or a new
 * one), then read it there and show the estimate to use.
 */
export function ModelFileDialog({ file, onClose }: { file: File; onClose: () => void }) {
  const id = useId();
  const names = usePlanner((s) => s.bench.models.length);
  const addCard = usePlanner((s) => s.addCard);
  const [choice, setChoice] = useState<string>(NEW);
  const [typed, setTyped] = useState('');
  const [index, setIndex] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const card = usePlanner((s) => (index === null ? undefined : s.bench.models[index]));
  const [reading, readFile] = useModelFileReading();

  const start = () => {
    const models = usePlanner.getState().bench.models;
    let at: number;
    if (names > LIST_MAX && typed.trim() !== '') {
      at = models.findIndex((m) => m.name === typed);
      if (at < 0) return setProblem(`No card is named “${typed}”.`);
    } else if (choice === NEW || (names > LIST_MAX && typed.trim() === '')) {
      const r = addCard(cardNameFor(file.name));
      if (!r.ok) return setProblem('A new card could not be added.');
      at = usePlanner.getState().bench.models.length - 1;
    } else at = Number(choice);
    setProblem(null);
    setIndex(at);
    readFile(file, models[at]?.vram_estimate ?? null);
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
        <EstimatePanel index={index!} card={card} reading={reading} onFile={readFile} onDone={onClose} />
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
