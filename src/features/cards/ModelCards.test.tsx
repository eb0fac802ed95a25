// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeCard } from '../../test/cards';
import { settled } from '../../test/settled';
import { usePlanner } from '../../store/store';
import { ModelCards } from './ModelCards';

beforeEach(() => {
  localStorage.clear();
  usePlanner.setState({
    bench: {
      hardware: { vram_gb: 24, ram_gb: 64, cpu_cores: 8 },
      models: ['a', 'b', 'c'].map((name) => makeCard({ name, vram_gb: 1, residency: 'GPU_SHARED', hours: 1 })),
    },
    past: [],
    future: [],
    lastEdit: null,
    notice: null,
  });
});

const order = () => usePlanner.getState().bench.models.map((m) => m.name);

describe('moving a card by keyboard', () => {
  it('keeps the focus on the card moved, so a second Enter moves it on (not the card now in its place back)', async () => {
    const user = userEvent.setup();
    render(<ModelCards />);
    await user.click(screen.getByRole('button', { name: 'Move a down' }));
    await settled();
    expect(order()).toEqual(['b', 'a', 'c']);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move a down' }));
    await user.keyboard('{Enter}');
    await settled();
    expect(order()).toEqual(['b', 'c', 'a']);
    // At the end its down arrow is off: the focus goes to its up arrow.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move a up' }));
  });
});
