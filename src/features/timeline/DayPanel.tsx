import { memo, useMemo, useRef } from 'react';
import { dayHeadline, improvesOn, notRun, whyThisPlan, type WindowStory } from '../../core/story';
import { formatSpan } from '../../core/timing';
import { listNames, plural } from '../../core/words';
import { windowCardNames } from '../../core/day';
import { SLOWDOWN_RULE } from '../../bench/field-rules';
import { useDay } from '../../store/plan';
import { usePlanner } from '../../store/store';
import { NumberField } from '../../components/NumberField';
import { SuggestProgress, useSuggestion } from '../../components/useSuggestion';
import { useCardColors } from '../../components/charts/useCardColors';
import { Timeline } from './Timeline';

/** "Why this plan": each window's decision in words, from the core's reasons and timing. */
function WhyThisPlan() {
  const { bench, plan, day } = useDay();
  const stories = useMemo(() => whyThisPlan(bench, plan, day), [bench, plan, day]);
  return <Stories stories={stories} />;
}

const Stories = memo(function Stories({ stories }: { stories: readonly WindowStory[] }) {
  if (stories.length === 0) return null;
  return (
    <section className="why" aria-labelledby="why-title">
      <h2 id="why-title">Why this plan</h2>
      <ol>
        {stories.map((s) => (
          <li key={s.index}>
            <h3>{s.title}</h3>
            {s.sentences.map((t, i) => (
              <p key={i}>{t}</p>
            ))}
          </li>
        ))}
      </ol>
    </section>
  );
});

function SuggestADay() {
  const { bench, plan, day } = useDay();
  const setWindows = usePlanner((s) => s.setWindows);
  const suggestion = useSuggestion();
  const { state } = suggestion;
  const missing = useMemo(() => notRun(bench, plan, day), [bench, plan, day]);
  const setNotice = usePlanner((s) => s.setNotice);
  const current = state.phase === 'shown' && state.for === bench ? state.s : null;
  const better =
    current !== null &&
    improvesOn(
      { runs: current.runs, planned: current.planned, windows: current.windows.length },
      { runs: bench.models.length - missing.cards, planned: day.planned, windows: plan.windows.length },
    );
  // The region goes away with Use this day or Dismiss: focus goes back to the button that opened it.
  const opener = useRef<HTMLButtonElement>(null);
  const close = () => {
    suggestion.stop();
    opener.current?.focus();
  };
  return (
    <div className="suggest-day">
      <button ref={opener} type="button" onClick={() => suggestion.start(bench)} disabled={state.phase === 'running'}>
        Suggest a day
      </button>
      <span className="muted">
        {' '}
        The best day the cards allow: every card that can run runs, then the shortest day, with how close it is to the
        shortest possible.
      </span>
      <SuggestProgress suggestion={suggestion} />
      {current === null ? null : (
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
                      r.ok &&
                      setNotice('Your windows were replaced by the suggested day. Undo brings yours back.', 'info'),
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
                <strong>Your day is already as good:</strong> the suggestion runs the same cards in no shorter a day
                with no fewer windows, so there is nothing to take.
              </p>
              <button type="button" onClick={close}>
                Dismiss
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}

function SlowdownField() {
  const value = usePlanner((s) => s.bench.coresidency_slowdown ?? null);
  const set = usePlanner((s) => s.setCoresidencySlowdown);
  return (
    <NumberField
      label="Co-residency slowdown"
      unit="×"
      optional
      value={value}
      rule={SLOWDOWN_RULE}
      onCommit={(v) => set(v ?? undefined, 'bench.slowdown')}
      hint={
        'How much slower each model runs while others share the GPU (memory bandwidth, kernels). ' +
        '1 (the default, when empty) assumes none; measure yours and enter it.'
      }
      className="slowdown"
    />
  );
}

/** The day in hours: the timeline, the savings, "why this plan" and suggest-a-day. */
export function DayPanel() {
  const { bench, plan, day } = useDay();
  const colors = useCardColors();
  const missing = useMemo(() => notRun(bench, plan, day), [bench, plan, day]);
  const headline = useMemo(() => dayHeadline(bench, day, missing.cards), [bench, day, missing.cards]);
  return (
    <>
      <Timeline day={day} colors={colors} headline={headline} notRun={missing} />
      <div className="day-tools">
        <SuggestADay />
        <SlowdownField />
      </div>
      <WhyThisPlan />
    </>
  );
}
