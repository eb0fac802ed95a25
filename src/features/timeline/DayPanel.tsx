import { memo, useMemo, useState } from 'react';
import { dayHeadline, notRun, whyThisPlan, type WindowStory } from '../../core/story';
import { formatSpan } from '../../core/timing';
import { plural } from '../../core/words';
import { suggestDay, type DaySuggestion } from '../../core/suggest';
import { RULES } from '../../bench/bench-schema';
import { useDay } from '../../store/plan';
import { usePlanner } from '../../store/store';
import { NumberField } from '../../components/NumberField';
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
  const { bench, day } = useDay();
  const setWindows = usePlanner((s) => s.setWindows);
  const [suggestion, setSuggestion] = useState<{ for: unknown; s: DaySuggestion } | null>(null);
  const current = suggestion?.for === bench ? suggestion.s : null;
  return (
    <div className="suggest-day">
      <button type="button" onClick={() => setSuggestion({ for: bench, s: suggestDay(bench) })}>
        Suggest a day
      </button>
      <span className="muted"> Windows and order from the cards alone, to shorten the day.</span>
      {current === null ? null : (
        <div className="suggestion" role="region" aria-label="Suggested day">
          <p>
            <strong>
              Suggested: {plural(current.windows.length, 'window')}, a planned day of {formatSpan(current.planned)}
            </strong>{' '}
            (yours: {formatSpan(day.planned)}).
          </p>
          <ol>
            {current.windows.map((w) => (
              <li key={w.name}>
                {w.name} — <code>{w.pattern}</code>
              </li>
            ))}
          </ol>
          <ul className="muted">
            {current.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
            {current.unplaced.map((u) => (
              <li key={u.name}>Not placed: {u.reason}</li>
            ))}
          </ul>
          <div className="actions">
            <button
              type="button"
              onClick={() => {
                setWindows(current.windows);
                setSuggestion(null);
              }}
            >
              Use this day
            </button>
            <button type="button" onClick={() => setSuggestion(null)}>
              Dismiss
            </button>
            <span className="muted">It replaces the windows; edit them after, or undo.</span>
          </div>
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
      rule={RULES.coresidency_slowdown}
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
  const colors = useCardColors(bench.models);
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
