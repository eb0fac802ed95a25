// @vitest-environment jsdom
import { act, render, screen } from '@testing-library/react';
import { expect, it } from 'vitest';
import { makeCard } from '../test/cards';
import { useSettledBench } from './plan';
import { usePlanner } from './store';
import type { Bench } from '../core/types';

const benchNamed = (name: string): Bench => ({
  name,
  hardware: { vram_gb: 8, ram_gb: 32, cpu_cores: 8 },
  models: [makeCard({ name: 'm', vram_gb: 1 })],
});

function Shows() {
  return <p data-testid="bench">{useSettledBench().name}</p>;
}

const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

it('a bench still settling when the last view goes never reaches the views mounted after it', async () => {
  usePlanner.setState({ bench: benchNamed('a'), past: [], future: [] });
  const first = render(<Shows />);
  act(() => usePlanner.setState({ bench: benchNamed('b') })); // settles after the next paint…
  first.unmount(); // …but its view is gone first
  usePlanner.setState({ bench: benchNamed('c') });
  render(<Shows />);
  expect(screen.getByTestId('bench')).toHaveTextContent('c');
  await act(frame);
  await act(frame);
  expect(screen.getByTestId('bench')).toHaveTextContent('c');
  act(() => usePlanner.setState({ bench: benchNamed('d') }));
  await act(frame);
  await act(frame);
  expect(screen.getByTestId('bench')).toHaveTextContent('d');
});
