import { useMemo } from 'react';
import { improvesOn, notRun } from '../../core/story';
import { formatSpan } from '../../core/timing';
import { listNames, plural } from '../../core/words';
import { windowCardNames } from '../../core/day';
import { useDay } from '../../store/plan';
import { usePlanner } from '../../store/store';
import type { SuggestionResult } from '../../components/suggest-client';

/**
 * A suggested day against yours (planned day, cards run and not run, windows, the bound), its
 * windows, and Use this day when it is better (one undoable step), else why there is nothing to take.
 */
export function SuggestedDay({ current, close }: { readonly current: SuggestionResult; readonly close: () => void }) {
  const { bench, plan, day } = useDay();
  const setWindows = usePlanner((s) => s.setWindows);
  const setNotice = usePlanner((s) => s.setNotice);
  const missing = useMemo(() => notRun(bench, plan, day), [bench, plan, day]);
  const better = improvesOn(
    { runs: current.runs, planned: current.planned, windows: current.windows.length },
    { runs: bench.models.length - missing.cards, planned: day.planned, windows: plan.windows.length },
  );
  return (
    <div className="suggestion" role="region" aria-label="Suggested day">
      <p>
        <strong>
          Suggested: {plural(current.windows.length, 'window')}, a planned day of {formatSpan(current.planned)}
        </strong>{' '}
        (yours: {formatSpan(day.planned)}). {current.reasons[1]}
      </p>
      <table className="compare">
        <caption className="sr-only">Your day and the suggested day</caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Yours</th>
            <th scope="col">Suggested</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Planned day</th>
            <td>{formatSpan(day.planned)}</td>
            <td>{formatSpan(current.planned)}</td>
          </tr>
          <tr>
            <th scope="row">Cards run</th>
            <td>{bench.models.length - missing.cards}</td>
            <td>{current.runs}</td>
          </tr>
          <tr>
            <th scope="row">Cards not run</th>
            <td>{missing.cards}</td>
            <td>{current.unplaced.length}</td>
          </tr>
          <tr>
            <th scope="row">Windows</th>
            <td>{plan.windows.length}</td>
            <td>{current.windows.length}</td>
          </tr>
          <tr>
            <th scope="row">Shortest possible</th>
            <td />
            <td>{current.optimal ? 'this day (proved)' : `at least ${formatSpan(current.lowerBound)}`}</td>
          </tr>
        </tbody>
      </table>
      <details>
        <summary>Its {plural(current.windows.length, 'window')}</summary>
        <ol>
          {current.windows.slice(0, 50).map((w) => (
            <li key={w.name}>
              {w.name} — <code>{w.pattern}</code>: {listNames(windowCardNames(w), 8)}
            </li>
          ))}
        </ol>
        {current.windows.length > 50 ? <p className="muted">… and {current.windows.length - 50} more.</p> : null}
      </details>
      {current.unplaced.length === 0 ? null : (
        <ul className="muted">
          {current.unplaced.slice(0, 20).map((u) => (
            <li key={u.name}>Cannot run: {u.reason}</li>
          ))}
          {current.unplaced.length > 20 ? <li>… and {current.unplaced.length - 20} more.</li> : null}
        </ul>
      )}
      <p className="muted">{current.reasons[2]}</p>
      {better ? (
        <div className="actions">
          <button
            type="button"
            onClick={() => {
              void setWindows(current.windows).then(
                (r) =>
                  r.ok && setNotice('Your windows were replaced by the suggested day. Undo brings yours back.', 'info'),
              );
              close();
            }}
          >
            Use this day
          </button>
          <button type="button" onClick={close}>
            Dismiss
          </button>
          <span className="muted">It replaces the windows in one step: Undo brings yours back.</span>
        </div>
      ) : (
        <div className="actions">
          <p>
            <strong>Your day is already as good:</strong> the suggestion runs the same cards in no shorter a day with no
            fewer windows, so there is nothing to take.
          </p>
          <button type="button" onClick={close}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
