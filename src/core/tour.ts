/**
 * The guided first visit: four or five captioned steps over the real day — the waiting bench
 * one job after another; the GPU-exclusive job and the CPU work that fills its window; the
 * co-resident models sharing the budget; the spilled model and what it costs; the hours saved.
 * Each step names what it points at (a chart, a window of the planned chart, the headline); the
 * page finds and highlights it. A step whose window the day lacks is left out, so any bench gets
 * the steps it can show. The windows' words are "Why this plan"'s own (one definition).
 */
import type { BenchPlan } from './day';
import { dayHeadline, whyThisPlan } from './story';
import { formatSpan, type DayTiming } from './timing';
import type { Bench } from './types';
import { plural } from './words';

export type TourTarget =
  { readonly kind: 'waiting' } | { readonly kind: 'window'; readonly index: number } | { readonly kind: 'savings' };

type TourStepId = 'waiting' | 'exclusive' | 'coresident' | 'spill' | 'saved';

export interface TourStep {
  readonly id: TourStepId;
  readonly title: string;
  readonly text: string;
  readonly target: TourTarget;
}

/**
 * The steps for a day (none when nothing runs). `notRunCards`: how many cards run in no window
 * (the last step says it, as the headline does).
 */
export function tourSteps(bench: Bench, plan: BenchPlan, day: DayTiming, notRunCards = 0): TourStep[] {
  if (day.waitingJobs.length === 0) return [];
  const steps: TourStep[] = [];
  const stories = whyThisPlan(bench, plan, day);
  steps.push({
    id: 'waiting',
    title: 'The waiting bench',
    text:
      `Run one after another, the bench waits for each job before the next: ` +
      `${plural(day.waitingJobs.length, 'job')} end to end take ${formatSpan(day.waiting)}. ` +
      'While a job holds the GPU alone, nothing else moves. Next: the same jobs, planned.',
    target: { kind: 'waiting' },
  });
  const gpuJobs = (i: number) => day.windows[i]!.jobs.filter((j) => j.lane.kind === 'gpu');
  const cpuJobs = (i: number) => day.windows[i]!.jobs.filter((j) => j.lane.kind === 'cpu');
  const windowStep = (id: TourStepId, title: (name: string) => string, index: number | undefined) => {
    if (index === undefined || index < 0) return;
    const story = stories[index];
    if (story === undefined) return;
    steps.push({
      id,
      title: title(day.windows[index]!.name),
      text: story.sentences.join(' '),
      target: { kind: 'window', index },
    });
  };
  const results = plan.windows;
  // The exclusive window: one with CPU work beside the GPU job first (the lesson), else any.
  const exclusive = results.map((r, i) => (r.kind === 'plan' && r.plan.gpu_foreground !== null ? i : -1));
  const withCpu = exclusive.find((i) => i >= 0 && cpuJobs(i).length > 0);
  windowStep(
    'exclusive',
    (n) => `${n}: the GPU job, and the CPU work that fills its window`,
    withCpu ?? exclusive.find((i) => i >= 0),
  );
  windowStep(
    'coresident',
    (n) => `${n}: models that share the card`,
    results.findIndex(
      (r, i) =>
        r.kind === 'plan' &&
        r.plan.gpu_foreground === null &&
        r.plan.gpu_coresident.length > 1 &&
        gpuJobs(i).length > 1,
    ),
  );
  windowStep(
    'spill',
    (n) => `${n}: the model too big for VRAM, and what it costs`,
    results.findIndex((r) => r.kind === 'overflow'),
  );
  const h = dayHeadline(bench, day, notRunCards);
  steps.push({
    id: 'saved',
    title: 'The hours saved',
    text: h.sentence,
    target: { kind: 'savings' },
  });
  return steps;
}
