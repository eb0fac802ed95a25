// @vitest-environment jsdom
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeCard } from '../../test/cards';
import { settled } from '../../test/settled';
import { defaultBench } from '../../store/presets/default';
import { usePlanner } from '../../store/store';
import { App } from '../../app/App';
import { TOUR_KEY } from '../../store/view';
import { loadBench } from '../../test/store';

/** The editors load in their own chunk after the first render (the first import compiles it in the tests). */
const EDITORS = { timeout: 15_000 };

beforeEach(() => {
  localStorage.clear();
  localStorage.setItem(TOUR_KEY, 'seen'); // past the guided first visit (e2e/reframe.spec.ts opens it)
  loadBench(defaultBench());
});

const day = () => screen.getByRole('region', { name: 'The day' });
/** The words drawn in the day's charts (lane names, bar labels, window names, ticks). */
const chartWords = () => [...day().querySelectorAll('svg text')].map((t) => t.textContent ?? '');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('keys and labels (regression: duplicate tick keys 0 and 0.000001, stray "0 h")', () => {
  it('suggest windows on the empty bench, undo and redo: no React key warning, no "0 h" tick', async () => {
    const errors = vi.spyOn(console, 'error');
    const user = userEvent.setup();
    render(<App />);
    await user.selectOptions(screen.getByLabelText('Preset'), 'Empty bench');
    await user.click(screen.getByRole('button', { name: 'Load' }));
    // The presets' benches are a chunk loaded after the first paint: Load waits for it.
    await vi.waitFor(() => expect(day()).toHaveTextContent('No job runs in this day yet'), EDITORS);
    await settled();
    expect(chartWords()).toEqual(['GPU', 'one at a time']);
    await user.click(await screen.findByRole('button', { name: 'Suggest windows' }, EDITORS));
    await settled();
    expect(chartWords()).toEqual(['GPU', 'one at a time']);
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await user.click(screen.getByRole('button', { name: 'Undo' }));
    await settled();
    // Back on the default day: each tick once, and the empty day's axis left nothing behind.
    expect(day()).toHaveTextContent('Planned: 9.79–27.16 h');
    const ticks = chartWords().filter((t) => / h$/.test(t));
    expect(ticks.filter((t) => t === '0 h')).toHaveLength(2); // one per chart
    await user.click(screen.getByRole('button', { name: 'Redo' }));
    await user.click(screen.getByRole('button', { name: 'Redo' }));
    await settled();
    expect(chartWords()).toEqual(['GPU', 'one at a time']);
    expect(errors.mock.calls.map((c) => c.map(String).join(' '))).toEqual([]);
  });
});

describe('the day', () => {
  it('states the hours saved as one figure, the two days beside it, why they are ranges, and re-times on an edit', async () => {
    const user = userEvent.setup();
    render(<App />);
    // The default bench's bandwidths time big_folder (1 h) at 2.7875–20.1595× (core/overflow-time.test.ts, by hand):
    // planned 7 h + that, waiting 11.5 h + that.
    const savings = () => day().querySelector('.savings')!;
    expect(savings()).toHaveTextContent(
      '4.5 h saved (14–31% of the day)' +
        'Planned: 9.79–27.16 h instead of 14.29–31.66 h one after another.' +
        'Why a range: big_folder takes 2.79–20.16 h: 2.79× if the CPU runs its spilled layers from RAM, ' +
        '20.16× if its spilled weights cross PCIe (device_map="auto").' +
        'From the cards’ hours.',
    );
    const hours = within(
      await screen.findByRole('listitem', { name: 'Model card feature_extractor' }, EDITORS),
    ).getByLabelText('Hours (h)');
    await user.clear(hours);
    await user.type(hours, '9');
    await settled();
    // 9 h of CPU work now outlasts the 6 h GPU job: the overnight window lasts 9 h.
    expect(savings()).toHaveTextContent(
      '8.5 h saved (22–40% of the day)Planned: 12.79–30.16 h instead of 21.29–38.66 h one after another.',
    );
    expect(screen.getByRole('region', { name: 'Why this plan' })).toHaveTextContent(
      'It runs 3 h past the GPU work, so the window lasts 9 h.',
    );
  });

  it('draws the planned day and the waiting bench with a text equivalent, and toggles between them', async () => {
    const user = userEvent.setup();
    render(<App />);
    expect(within(day()).getByRole('img', { name: /^Gantt chart of the planned day/ })).toBeInTheDocument();
    expect(
      within(day()).getByRole('img', { name: /^Gantt chart of the waiting bench: 14.29–31.66 h/ }),
    ).toBeInTheDocument();
    await user.click(within(day()).getByText(/^The day as a table/));
    const table = await within(day()).findByRole('table'); // its chunk loads when first opened
    const row = within(table).getByRole('row', { name: /^big_folder/ });
    expect(row).toHaveTextContent('afternoon');
    expect(row).toHaveTextContent('7 → 9.79–27.16');
    expect(row).toHaveTextContent("1 h × 2.79–20.16× (from the hardware card's bandwidths");
    const waiting = within(day()).getByRole('button', { name: 'One after another' });
    await user.click(waiting);
    expect(waiting).toHaveAttribute('aria-pressed', 'true');
    expect(day()).toHaveTextContent('The same jobs, one after another — 14.29–31.66 h');
  });

  it('counts one job as one job in the table', () => {
    usePlanner.setState({
      bench: {
        hardware: { vram_gb: 4, ram_gb: 8, cpu_cores: 4 },
        models: [makeCard({ name: 'solo', vram_gb: 1, residency: 'GPU_EXCLUSIVE', hours: 2 })],
        windows: [{ name: 'w', pattern: 'serial_handoff', gpu_job: 'solo', candidates: [] }],
      },
    });
    render(<App />);
    expect(within(day()).getByText('The day as a table (1 job)')).toBeInTheDocument();
  });

  it('lists every assumption and every job that does not run', () => {
    const b = defaultBench();
    usePlanner.setState({
      bench: {
        ...b,
        models: b.models.map((m) => (m.name === 'report_writer' ? { ...m, hours: undefined } : m)) as typeof b.models,
        windows: [
          ...b.windows!,
          { name: 'evening', pattern: 'serial_handoff', gpu_job: 'long_inference', candidates: ['reranker'] },
        ],
      },
    });
    render(<App />);
    expect(day()).toHaveTextContent('hours unknown for report_writer: assumed 1 h');
    const note = within(day()).getByRole('note', { name: 'Not run in this day' });
    expect(note).toHaveTextContent(
      'In window evening: reranker needs the GPU (GPU_SHARED) and has no CPU fallback → cannot run in this window ' +
        '(reranker runs in another window).',
    );
    // reranker runs in the morning: every card runs, so the headline is the savings sentence alone.
    expect(day()).not.toHaveTextContent('do not run in this day');
  });

  it('the headline counts the cards that do not run, and the list says why, a page at a time', async () => {
    const user = userEvent.setup();
    const b = defaultBench();
    const extra = Array.from({ length: 20 }, (_, i) => ({
      ...b.models.find((m) => m.name === 'reranker')!,
      name: `big_${i}`,
      vram_gb: 9,
    }));
    usePlanner.setState({
      bench: {
        ...b,
        models: [...b.models, ...extra],
        windows: [
          ...b.windows!,
          { name: 'late', pattern: 'fractional_coresidency', candidates: extra.map((m) => m.name), headroom_gb: 0.5 },
        ],
      },
    });
    render(<App />);
    expect(day().querySelector('.savings')).toHaveTextContent(
      '20 of 27 cards do not run in this day (listed below): these hours are the 7 that run.',
    );
    const note = within(day()).getByRole('note', { name: 'Not run in this day (20 cards)' });
    expect(within(note).getAllByRole('listitem')).toHaveLength(12);
    await user.click(within(note).getByRole('button', { name: 'Show all 20' }));
    expect(within(note).getAllByRole('listitem')).toHaveLength(20);
  });

  it('suggests a day the user can accept, and undo brings the old windows back', async () => {
    const user = userEvent.setup();
    const b = defaultBench();
    const { windows: _w, ...noWindows } = b;
    usePlanner.setState({
      bench: {
        ...noWindows,
        windows: [{ name: 'only', pattern: 'fractional_coresidency', candidates: ['reranker'], headroom_gb: 0.5 }],
      },
    });
    render(<App />);
    await user.click(screen.getByRole('button', { name: 'Suggest a day' }));
    const s = await screen.findByRole('region', { name: 'Suggested day' }, { timeout: 10_000 });
    expect(s).toHaveTextContent(
      'Suggested: 3 windows, a planned day of 9.79–27.16 h (yours: 1 h). The shortest possible day (proved).',
    );
    // Beside the current day: it runs one card of seven; the suggestion runs all seven.
    const row = (name: string) =>
      within(within(s).getByRole('rowheader', { name }).closest('tr')!)
        .getAllByRole('cell')
        .map((c) => c.textContent);
    expect(row('Planned day')).toEqual(['1 h', '9.79–27.16 h']);
    expect(row('Cards run')).toEqual(['1', '7']);
    expect(row('Cards not run')).toEqual(['6', '0']);
    expect(row('Shortest possible')).toEqual(['', 'this day (proved)']);
    await user.click(within(s).getByRole('button', { name: 'Use this day' }));
    expect(usePlanner.getState().bench.windows?.map((w) => w.pattern)).toEqual([
      'serial_handoff',
      'fractional_coresidency',
      'ram_overflow',
    ]);
    // The region is gone: focus is back on the button that opened it, and the change is said.
    expect(screen.getByRole('button', { name: 'Suggest a day' })).toHaveFocus();
    expect(usePlanner.getState().notice).toContain('Undo brings yours back');
    usePlanner.getState().undo();
    expect(usePlanner.getState().bench.windows).toHaveLength(1);
  });

  it('on a day already as good as the suggestion, says so and offers nothing to take', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.click(screen.getByRole('button', { name: 'Suggest a day' }));
    // The first suggestion of the file loads the optimiser (compiled on first import in the tests).
    const s = await screen.findByRole('region', { name: 'Suggested day' }, { timeout: 30_000 });
    expect(s).toHaveTextContent('(yours: 9.79–27.16 h)');
    expect(s).toHaveTextContent('Your day is already as good');
    expect(within(s).queryByRole('button', { name: 'Use this day' })).toBeNull();
    await user.click(within(s).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('region', { name: 'Suggested day' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Suggest a day' })).toHaveFocus();
  });

  it('a co-residency slowdown re-times the shared window and is explained', async () => {
    const user = userEvent.setup();
    render(<App />);
    await user.type(screen.getByLabelText('Co-residency slowdown (×)'), '3');
    await settled();
    expect(screen.getByRole('region', { name: 'Why this plan' })).toHaveTextContent(
      'With a co-residency slowdown of 3×, running 3 models together (3 h) is slower than one after another (2.5 h)',
    );
    expect(day()).toHaveTextContent('co-resident models run 3× slower while they share the GPU');
  });
});

describe('a large day', () => {
  it('is drawn per window and lane, and the table still lists every job', async () => {
    const user = userEvent.setup();
    const models = [
      { name: 'gpu', vram_gb: 1, residency: 'GPU_EXCLUSIVE' as const, hours: 10 },
      ...Array.from({ length: 300 }, (_, i) => ({
        name: `cpu_${i}`,
        vram_gb: 0,
        residency: 'CPU_ONLY' as const,
        hours: 1,
      })),
    ].map(makeCard);
    usePlanner.setState({
      bench: {
        name: 'big',
        hardware: { vram_gb: 4, ram_gb: 8, cpu_cores: 32 },
        models,
        windows: [
          { name: 'w', pattern: 'serial_handoff', gpu_job: 'gpu', candidates: models.slice(1).map((m) => m.name) },
        ],
      },
    });
    const { container } = render(<App />);
    expect(day()).toHaveTextContent('301 jobs: drawn per window and lane, the waiting bench per window');
    const planned = within(day()).getByRole('img', { name: /^Gantt chart of the planned day/ });
    // One GPU lane and 12 CPU lanes (cores 12–32 share the last): one bar per lane.
    expect(planned.querySelectorAll('g.bar')).toHaveLength(13);
    expect(planned).toHaveTextContent('CPU 12–32');
    // The waiting bench: one bar for the window's 301 jobs, with their count and hours.
    const waiting = within(day()).getByRole('img', { name: /^Gantt chart of the waiting bench/ });
    expect(waiting.querySelectorAll('g.bar')).toHaveLength(1);
    expect(waiting.querySelector('g.bar title')).toHaveTextContent('w: 301 jobs, 310 h one after another');
    expect(container.querySelectorAll('.timeline-table tbody tr')).toHaveLength(0);
    await user.click(within(day()).getByText('The day as a table (301 jobs)'));
    // Its chunk loads when first opened.
    await waitFor(() => expect(container.querySelectorAll('.timeline-table tbody tr')).toHaveLength(300));
    // By text, not by role: jsdom computes every row's accessible name for a role query (40 s).
    await user.click(within(container.querySelector<HTMLElement>('.timeline-table')!).getByText('Show all 301'));
    expect(container.querySelectorAll('.timeline-table tbody tr')).toHaveLength(301);
  });
});
