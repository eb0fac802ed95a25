import { useId, useLayoutEffect, useRef, useState } from 'react';
import type { Bench, WindowPattern } from '../core/types';
import { usePlanner } from '../store/store';
import { Live } from './Live';
import { SuggestProgress, useSuggestWindows } from './useSuggestion';

/** A window the card or GPU may be put in (by its index in the day's windows). */
export interface WindowChoice {
  readonly index: number;
  readonly name: string;
  readonly pattern: WindowPattern;
}

/**
 * A card or a GPU that the day's own windows leave out, said where it is, with what to do in one
 * click: put it in a window (`choices`, the `preferred` one first selected) or *Suggest windows*
 * (the optimiser: every card that can run runs, then the shortest day). `text` null: it is in a
 * window now — only what the last action did is said, while the bench is the one it made.
 */
export function NoWindowNote({
  text,
  choices,
  preferred,
  placeLabel,
  place,
}: {
  text: string | null;
  choices: readonly WindowChoice[];
  preferred: number | null;
  /** The place button's words ("Add to the window"). */
  placeLabel: string;
  /** Put it in window `index`; resolves to the words said after, or null when refused. */
  place: (index: number) => Promise<string | null>;
}) {
  const id = useId();
  const { suggestion, suggest, words: suggested } = useSuggestWindows();
  const [placed, setPlaced] = useState<{ words: string; bench: Bench } | null>(null);
  const placedWords = usePlanner((s) => (placed !== null && s.bench === placed.bench ? placed.words : null));
  const [chosen, setChosen] = useState<number | null>(null);
  const target = chosen !== null && choices.some((c) => c.index === chosen) ? chosen : (preferred ?? choices[0]?.index);
  const box = useRef<HTMLDivElement>(null);
  const said = placedWords ?? suggested;
  // Once it is in a window the buttons go: the focus goes to what was done, not to the page's body.
  const acted = useRef(false);
  const done = text === null && said !== null;
  useLayoutEffect(() => {
    if (!done || !acted.current) return;
    acted.current = false;
    // Only when the focus was lost with the button (not when the user has gone on elsewhere).
    const at = document.activeElement;
    if (at === null || at === document.body || box.current?.contains(at) === true) box.current?.focus();
  }, [done]);
  if (text === null && said === null) return null;
  return (
    <div className="no-window" ref={box} tabIndex={-1}>
      {text === null ? null : (
        <>
          <p className="no-window-text" id={`${id}-text`}>
            {text}
          </p>
          <div className="row no-window-actions">
            {target === undefined ? null : (
              <>
                <div className="field">
                  <label htmlFor={`${id}-win`}>Window</label>
                  <select id={`${id}-win`} value={target} onChange={(e) => setChosen(Number(e.target.value))}>
                    {choices.map((c) => (
                      <option key={c.index} value={c.index}>
                        {c.name} ({c.pattern})
                      </option>
                    ))}
                  </select>
                </div>
                <button
                  type="button"
                  aria-describedby={`${id}-text`}
                  onClick={() => {
                    acted.current = true;
                    void place(target).then(
                      (w) => w !== null && setPlaced({ words: w, bench: usePlanner.getState().bench }),
                    );
                  }}
                >
                  {placeLabel}
                </button>
              </>
            )}
            <button
              type="button"
              aria-describedby={`${id}-text`}
              disabled={suggestion.state.phase === 'running'}
              title="The best day the cards allow, as Suggest a day finds it: every card that can run runs, then the shortest day"
              onClick={() => {
                acted.current = true;
                setPlaced(null);
                suggest();
              }}
            >
              Suggest windows
            </button>
          </div>
          <SuggestProgress suggestion={suggestion} />
        </>
      )}
      <Live>{said === null ? null : <p className="muted">{said}</p>}</Live>
    </div>
  );
}
