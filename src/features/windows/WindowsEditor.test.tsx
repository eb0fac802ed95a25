// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeCard } from '../../test/cards';
import { settled } from '../../test/settled';
import type { Bench, Hardware } from '../../core/types';
import { usePlanner } from '../../store/store';
import { WindowsEditor } from './WindowsEditor';
import { loadBench } from '../../test/store';

const oneGpu: Hardware = { vram_gb: 24, ram_gb: 64, cpu_cores: 8 };
const twoGpus: Hardware = { ...oneGpu, more_gpus: [{ vram_gb: 24, model: 'RTX 3090' }] };
const bench = (hardware: Hardware): Bench => ({
  hardware,
  models: [
    makeCard({ name: 'small', vram_gb: 8, residency: 'GPU_EXCLUSIVE', hours: 2 }),
    makeCard({ name: 'big', vram_gb: 40, residency: 'GPU_EXCLUSIVE', ram_overflow_supported: true, hours: 4 }),
  ],
  windows: [
    { name: 'first', pattern: 'serial_handoff', gpu_job: 'small', candidates: [] },
    { name: 'second', pattern: 'serial_handoff', gpu_job: 'big', candidates: [] },
  ],
});

const win = (name: string) => screen.getByRole('listitem', { name: `Window ${name}` });
const windows = () => usePlanner.getState().bench.windows!;

beforeEach(() => localStorage.clear());

describe('the window GPU select', () => {
  it('is not there on a one-GPU bench, nor is the split among the patterns', () => {
    loadBench(bench(oneGpu));
    render(<WindowsEditor />);
    expect(within(win('first')).queryByLabelText('GPU')).toBeNull();
    const patterns = within(win('first'))
      .getAllByRole('option')
      .map((o) => o.textContent);
    expect(patterns).not.toContain('D · multi_gpu_split (one model across GPUs)');
    // The one-GPU refusal gives no GPU advice.
    expect(within(win('second')).queryByRole('note')).toBeNull();
  });

  it('moves a window to another GPU (one undo step); GPU 0 is written by leaving the key out', async () => {
    const user = userEvent.setup();
    loadBench(bench(twoGpus));
    render(<WindowsEditor />);
    const select = within(win('first')).getByLabelText('GPU');
    expect(
      within(select)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['GPU 0', 'GPU 1 (RTX 3090)']);
    await user.selectOptions(select, 'GPU 1 (RTX 3090)');
    expect(windows()[0]).toEqual({
      name: 'first',
      pattern: 'serial_handoff',
      gpu_job: 'small',
      candidates: [],
      gpu: 1,
    });
    expect(usePlanner.getState().past.length).toBe(1);
    await settled();
    await user.selectOptions(within(win('first')).getByLabelText('GPU'), 'GPU 0');
    expect('gpu' in windows()[0]!).toBe(false);
  });

  it('offers the split for a job no GPU holds alone, and edits the split’s model and GPUs', async () => {
    const user = userEvent.setup();
    loadBench(bench(twoGpus));
    render(<WindowsEditor />);
    const note = within(win('second')).getByRole('note', { name: 'GPUs for big' });
    expect(note).toHaveTextContent(
      'big needs 40.0 GB, more than any one GPU holds; GPUs 0 and 1 hold 47.0 GB together (each its VRAM − 0.5 GB headroom)',
    );
    await user.click(within(note).getByRole('button', { name: 'Split big across GPUs 0 and 1' }));
    expect(windows()[1]).toEqual({
      name: 'second',
      pattern: 'multi_gpu_split',
      model: 'big',
      gpus: [0, 1],
      headroom_gb: 0.5,
    });
    await settled();
    // The split's editor: its pattern, its model, one checkbox per GPU.
    expect(within(win('second')).getByLabelText('Pattern')).toHaveValue('multi_gpu_split');
    expect(within(win('second')).queryByLabelText('GPU')).toBeNull();
    const gpus = within(win('second')).getByRole('group', { name: 'GPUs' });
    const [g0, g1] = [within(gpus).getByLabelText('GPU 0'), within(gpus).getByLabelText('GPU 1 (RTX 3090)')];
    expect(g0).toBeChecked();
    await user.click(g1);
    expect(windows()[1]).toMatchObject({ gpus: [0] });
    await settled();
    // The last GPU cannot be unticked: a split names at least one.
    expect(within(win('second')).getByLabelText('GPU 0')).toBeDisabled();
    await user.click(within(win('second')).getByLabelText('GPU 1 (RTX 3090)'));
    expect(windows()[1]).toMatchObject({ gpus: [0, 1] });
  });

  it('a new window can be a split on a bench of several GPUs, spread over every GPU', async () => {
    const user = userEvent.setup();
    loadBench(bench(twoGpus));
    render(<WindowsEditor />);
    await user.selectOptions(screen.getByLabelText("New window's pattern"), 'multi_gpu_split');
    await user.click(screen.getByRole('button', { name: 'Add window' }));
    expect(windows()[2]).toEqual({
      name: 'window_3',
      pattern: 'multi_gpu_split',
      model: 'big',
      gpus: [0, 1],
      headroom_gb: 0.5,
    });
  });
});

describe('Suggest windows', () => {
  it('proposes the optimiser’s windows (every card runs), says how close they are, in one undo step', async () => {
    const user = userEvent.setup();
    // Issue 17's example: four 5 GB cards on a 12 GB card. The composed day runs them in two stacks
    // (the first over all four packs a and b, the second c and d), 8 h one after the other.
    usePlanner.setState({
      bench: {
        name: 'four shared cards',
        hardware: { vram_gb: 12, ram_gb: 32, cpu_cores: 8 },
        models: [
          makeCard({ name: 'a', vram_gb: 5, hours: 4 }),
          makeCard({ name: 'b', vram_gb: 5, hours: 4 }),
          makeCard({ name: 'c', vram_gb: 5, hours: 1 }),
          makeCard({ name: 'd', vram_gb: 5, hours: 1 }),
        ],
      },
      past: [],
      future: [],
      lastEdit: null,
      notice: null,
    });
    render(<WindowsEditor />);
    expect(screen.getByRole('heading', { name: "The day's windows (2)" })).toBeInTheDocument();
    // The live regions are in the page, empty, before their words come (else a screen reader may not say them).
    const regions = screen.getAllByRole('status');
    expect(regions.map((r) => r.textContent)).toEqual(regions.map(() => ''));
    await user.click(screen.getByRole('button', { name: 'Suggest windows' }));
    const said = await screen.findByText(
      'Runs all 4 cards in 2 windows: a planned day of 5 h. The shortest possible day (proved). Undo brings your windows back.',
      {},
      { timeout: 10_000 },
    );
    expect(regions).toContain(said.closest('[role="status"]'));
    const windows = usePlanner.getState().bench.windows ?? [];
    expect(windows.map((w) => ('candidates' in w ? w.candidates : []))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(screen.getByRole('heading', { name: "The day's windows (2)" })).toBeInTheDocument();
    usePlanner.getState().undo();
    expect(usePlanner.getState().bench.windows).toBeUndefined();
    // The words go with the windows they spoke of (the composed ones are back: two, as before).
    expect(
      await screen.findByText('These windows were composed from the cards. Edit one to make the day yours.'),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('status').map((r) => r.textContent)).toEqual(regions.map(() => ''));
    expect(within(screen.getByRole('region', { name: "The day's windows (2)" })).queryByText(/Runs all/)).toBeNull();
  });
});

describe('a candidate chip removed by its ×', () => {
  it('gives the focus to the chip now in its place, then to the last, then to "Choose …"', async () => {
    const user = userEvent.setup();
    loadBench({
      ...bench(oneGpu),
      models: ['a', 'b', 'c'].map((name) => makeCard({ name, vram_gb: 1, residency: 'GPU_SHARED', hours: 1 })),
      windows: [{ name: 'w', pattern: 'fractional_coresidency', headroom_gb: 0.5, candidates: ['a', 'b', 'c'] }],
    });
    render(<WindowsEditor />);
    const remove = (name: string) => within(win('w')).getByRole('button', { name: `Remove ${name} from candidates` });
    await user.click(remove('a'));
    await settled();
    expect(windows()[0]).toMatchObject({ candidates: ['b', 'c'] });
    expect(document.activeElement).toBe(remove('b'));
    await user.click(remove('c'));
    await settled();
    expect(document.activeElement).toBe(remove('b'));
    await user.click(remove('b'));
    await settled();
    expect(document.activeElement).toBe(within(win('w')).getByText('Choose candidates…'));
  });
});
