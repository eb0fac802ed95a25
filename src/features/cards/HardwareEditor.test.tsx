// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { gpusOf, windowGpus } from '../../core/bench-gpus';
import { GPU_CATALOG, hardwareFromGpu } from '../../core/gpus';
import { defaultBench } from '../../store/presets/default';
import { usePlanner } from '../../store/store';
import { HardwareEditor } from './HardwareEditor';
import { loadBench } from '../../test/store';

const rtx3090 = hardwareFromGpu(GPU_CATALOG.find((g) => g.id === 'rtx-3090')!);
const rtx3060 = hardwareFromGpu(GPU_CATALOG.find((g) => g.id === 'rtx-3060-12')!);
const option = (g: { model: string }) => new RegExp(`^${g.model} — `);

beforeEach(() => {
  localStorage.clear();
  loadBench(defaultBench());
});

const hw = () => screen.getByRole('region', { name: 'Hardware' });
const gpuGroup = (name: string) => within(hw()).getByRole('group', { name });
const state = () => usePlanner.getState();
/** The card's own status line (each GPU's box may have its own, for a GPU no window runs on). */
const hwStatus = () =>
  within(hw())
    .getAllByRole('status')
    .find((s) => s.parentElement === hw())!;

describe('the hardware card’s GPU list', () => {
  it('a one-GPU bench shows one GPU, no Remove and no interconnect', () => {
    render(<HardwareEditor />);
    expect(within(hw()).getByRole('group', { name: 'GPUs (1)' })).toBeInTheDocument();
    expect(gpuGroup('GPU')).toBeInTheDocument();
    expect(within(hw()).queryByRole('button', { name: /^Remove GPU/ })).toBeNull();
    expect(within(hw()).queryByLabelText(/GPU interconnect/)).toBeNull();
  });

  it('sets 2 × RTX 3090 in one step, edits one GPU, adds and removes one (with Undo), the interconnect in between', async () => {
    const user = userEvent.setup();
    render(<HardwareEditor />);
    const before = state().past.length;
    const count = within(hw()).getByLabelText('How many');
    await user.clear(count);
    await user.type(count, '2');
    expect(within(hw()).getByText(/Sets the bench to 2 GPUs of the one picked/)).toBeInTheDocument();
    await user.selectOptions(
      within(hw()).getByLabelText('Pick a GPU…'),
      within(hw()).getByRole('option', { name: option(rtx3090) }),
    );
    expect(gpusOf(state().bench.hardware)).toEqual([rtx3090, rtx3090]);
    // RAM, cores and the RAM bandwidth stay; one undo step.
    expect(state().bench.hardware).toMatchObject({ ram_gb: 32, cpu_cores: 8, ram_bandwidth_gbps: 51.2 });
    expect(state().past.length).toBe(before + 1);
    expect(within(hw()).getByRole('group', { name: 'GPUs (2)' })).toBeInTheDocument();

    // GPU 1 from the catalog: a 3060; GPU 0 keeps its 3090.
    await user.selectOptions(
      within(gpuGroup('GPU 1')).getByLabelText('GPU 1 from the catalog'),
      within(gpuGroup('GPU 1')).getByRole('option', { name: option(rtx3060) }),
    );
    expect(gpusOf(state().bench.hardware)).toEqual([rtx3090, rtx3060]);
    // A field of GPU 1 edits GPU 1 only.
    const vram1 = within(gpuGroup('GPU 1')).getByLabelText('VRAM (GB)');
    await user.clear(vram1);
    await user.type(vram1, '16');
    expect(gpusOf(state().bench.hardware).map((g) => g.vram_gb)).toEqual([24, 16]);

    const ic = within(hw()).getByLabelText('GPU interconnect (GB/s)');
    await user.type(ic, '25');
    expect(state().bench.hardware.interconnect_gbps).toBe(25);

    // The live region is in the page, empty, before its words come (else a screen reader may not say them).
    const status = hwStatus();
    expect(status).toBeEmptyDOMElement();
    await user.click(within(hw()).getByRole('button', { name: 'Add a GPU' }));
    expect(gpusOf(state().bench.hardware).map((g) => g.vram_gb)).toEqual([24, 16, 16]);
    // The focus goes to the new GPU's first field, and the addition is said.
    expect(within(gpuGroup('GPU 2')).getByLabelText('VRAM (GB)')).toHaveFocus();
    expect(status).toHaveTextContent('Added GPU 2, a copy of GPU 1 (GeForce RTX 3060 12 GB).');

    // A window on GPU 1 and one on GPU 2: removing GPU 1 moves the first to GPU 0 and renumbers the second.
    const b = state().bench;
    usePlanner.setState({
      bench: {
        ...b,
        windows: [
          { name: 'on1', pattern: 'fractional_coresidency', candidates: [], headroom_gb: 0.5, gpu: 1 },
          { name: 'on2', pattern: 'fractional_coresidency', candidates: [], headroom_gb: 0.5, gpu: 2 },
        ],
      },
    });
    await user.click(within(gpuGroup('GPU 1')).getByRole('button', { name: 'Remove GPU 1' }));
    expect(gpusOf(state().bench.hardware).map((g) => g.vram_gb)).toEqual([24, 16]);
    expect(state().bench.windows!.map(windowGpus)).toEqual([[0], [1]]);
    expect(hwStatus()).toBe(status);
    expect(status).toHaveTextContent(
      'Removed GPU 1 (GeForce RTX 3060 12 GB). Window on1 moved to GPU 0 (a split keeps its other GPUs). The GPUs after it are numbered one lower.',
    );
    // Focus moves to Undo (the Remove pressed is gone); Undo brings the GPU and the windows back.
    const undo = within(status).getByRole('button', { name: 'Undo' });
    expect(undo).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(gpusOf(state().bench.hardware).map((g) => g.vram_gb)).toEqual([24, 16, 16]);
    expect(state().bench.windows!.map(windowGpus)).toEqual([[1], [2]]);
    expect(hwStatus()).toBeEmptyDOMElement();
    // The focus goes to the GPU brought back (its Remove button), not to the page.
    expect(within(hw()).getByRole('button', { name: 'Remove GPU 1' })).toHaveFocus();
  });

  it('a count that is not a whole number from 1 to 64 sets nothing and says so', async () => {
    const user = userEvent.setup();
    render(<HardwareEditor />);
    const count = within(hw()).getByLabelText('How many');
    await user.clear(count);
    await user.type(count, '0');
    expect(count).toHaveAttribute('aria-invalid', 'true');
    expect(within(hw()).getByText('How many must be a whole number from 1 to 64.')).toBeInTheDocument();
    const bench = state().bench;
    await user.selectOptions(
      within(hw()).getByLabelText('Pick a GPU…'),
      within(hw()).getByRole('option', { name: option(rtx3090) }),
    );
    expect(state().bench).toBe(bench);
  });
});

describe('a GPU no window runs on', () => {
  it('says so in its box; Move to GPU 1 puts the chosen window there (one step), and the note goes', async () => {
    const user = userEvent.setup();
    await state().addGpus(rtx3060);
    render(<HardwareEditor />);
    // The default day's windows are its own, all on GPU 0.
    expect(within(gpuGroup('GPU 0')).queryByText(/idle all day/)).toBeNull();
    const gpu1 = gpuGroup('GPU 1');
    expect(gpu1).toHaveTextContent('No window runs on GPU 1: it is idle all day.');
    await user.selectOptions(within(gpu1).getByLabelText('Window'), 'afternoon (ram_overflow)');
    await user.click(within(gpu1).getByRole('button', { name: 'Move to GPU 1' }));
    const windows = state().bench.windows!;
    expect(windows.map((w) => [w.name, windowGpus(w)])).toEqual([
      ['overnight', [0]],
      ['morning', [0]],
      ['afternoon', [1]],
    ]);
    expect(gpu1).not.toHaveTextContent('idle all day');
    expect(within(gpu1).getByRole('status')).toHaveTextContent(
      'Window afternoon now runs on GPU 1. Undo takes it back.',
    );
  });
});
