import { memo, useMemo, useRef } from 'react';
import { lazyPart } from '../../components/LazyPart';
import { dayHeadline, notRun, whyThisPlan, type WindowStory } from '../../core/story';
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

/** The suggested day against yours, and Use this day: a chunk of its own, loaded with the first Suggest a day. */
const suggestedDay = () => import('./SuggestedDay');
const SuggestedDay = lazyPart(() => suggestedDay().then((m) => ({ default: m.SuggestedDay })), {
  what: 'the suggested day',
});

function SuggestADay() {
  const { bench } = useDay();
  const suggestion = useSuggestion();
  const { state } = suggestion;
  const current = state.phase === 'shown' && state.for === bench ? state.s : null;
  // The region goes away with Use this day or Dismiss: focus goes back to the button that opened it.
  const opener = useRef<HTMLButtonElement>(null);
  const close = () => {
    suggestion.stop();
    opener.current?.focus();
  };
  return (
    <div className="suggest-day">
      <button
        ref={opener}
        type="button"
        onClick={() => {
          suggestion.start(bench);
          void suggestedDay();
        }}
        disabled={state.phase === 'running'}
      >
        Suggest a day
      </button>
      <span className="muted">
        {' '}
        The best day the cards allow: every card that can run runs, then the shortest day, with how close it is to the
        shortest possible.
      </span>
      <SuggestProgress suggestion={suggestion} />
      {current === null ? null : <SuggestedDay current={current} close={close} />}
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
