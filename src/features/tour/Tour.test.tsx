// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultBench } from '../../store/presets/default';
import { usePlanner } from '../../store/store';
import { useView } from '../../store/view';
import { Tour } from './Tour';

beforeEach(() => {
  localStorage.clear(); // a first visit: the tour opens by itself
  usePlanner.setState({ bench: defaultBench(), past: [], future: [], lastEdit: null, notice: null });
  useView.setState({ tourStep: null });
});
afterEach(() => vi.restoreAllMocks());

/** The day's chart, the first step's target, with its box in a 768 px high viewport. */
function chartAt(top: number, height: number) {
  const el = document.createElement('div');
  el.setAttribute('data-tour', 'day-chart');
  el.scrollIntoView = () => {};
  document.body.append(el);
  vi.spyOn(el, 'getBoundingClientRect').mockReturnValue(DOMRect.fromRect({ x: 0, y: top, width: 300, height }));
  return el;
}

describe('Tour card placement', () => {
  it('opens at the top when its chart is in the lower half, in its first frame (no jump from the bottom)', () => {
    const el = chartAt(540, 260); // a phone: the chart's middle at 670 of 768 px
    render(<Tour />);
    // Read before any animation frame runs: the card's first paint is already where it stays.
    expect(screen.getByRole('dialog').className).toContain('at-top');
    el.remove();
  });

  it('stays at the bottom when its chart is in the upper half', () => {
    const el = chartAt(100, 200);
    render(<Tour />);
    expect(screen.getByRole('dialog').className).not.toContain('at-top');
    el.remove();
  });
});
