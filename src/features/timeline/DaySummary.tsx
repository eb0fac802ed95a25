import { useMemo } from 'react';
import { notRun } from '../../core/story';
import { formatSpan, savingsHeadline } from '../../core/timing';
import { plural } from '../../core/words';
import { useDay } from '../../store/plan';

/**
 * The day's headline in one line, above the editors on a narrow screen (where the day is far
 * above them): it stays in view while the editors scroll (sticky under the section links), so an
 * edit's effect on the plan shows at once. A wide screen keeps the day itself in view instead
 * (the results column is sticky), and hides this. It lives in the editors' chunk: not start-up code.
 */
export function DaySummary() {
  const { bench, plan, day } = useDay();
  const missing = useMemo(() => notRun(bench, plan, day).cards, [bench, plan, day]);
  const empty = day.waitingJobs.length === 0;
  return (
    <p className="day-summary">
      <a href="#day-title">The day</a>:{' '}
      {empty ? (
        'no job runs yet.'
      ) : (
        <>
          <strong>{savingsHeadline(day).saved}</strong>, planned {formatSpan(day.planned)} (one after another{' '}
          {formatSpan(day.waiting)})
          {missing === 0 ? '' : `; ${missing} of ${plural(bench.models.length, 'card')} not run`}.
        </>
      )}
    </p>
  );
}
