// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { settled } from '../../test/settled';
import { defaultBench } from '../../store/presets/default';
import { fromPretrainedSnippet } from '../../exports/snippets';
import { ramOverflow } from '../../core/patterns';
import { PlanView } from './PlanView';
import { loadBench } from '../../test/store';

beforeEach(() => {
  localStorage.clear();
  loadBench(defaultBench());
});

describe("a hint's snippet", () => {
  it('shows the spilled model’s from_pretrained snippet and copies it, saying so (or how to copy by hand)', async () => {
    const user = userEvent.setup();
    const write = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: write }, configurable: true });
    render(<PlanView />);
    await settled();
    const bench = defaultBench();
    const big = bench.models.find((m) => m.name === 'big_folder')!;
    const expected = fromPretrainedSnippet(ramOverflow(big, bench.hardware, 0.5));
    expect(screen.getByLabelText('from_pretrained snippet').textContent).toBe(expected);
    await user.click(screen.getByRole('button', { name: 'Copy snippet' }));
    expect(write).toHaveBeenCalledWith(expected);
    expect(await screen.findByText('Copied to the clipboard.')).toBeInTheDocument();
    write.mockRejectedValueOnce(new Error('denied'));
    await user.click(screen.getByRole('button', { name: 'Copy snippet' }));
    expect(await screen.findByText('Could not copy: select the text and copy it by hand.')).toBeInTheDocument();
  });
});
