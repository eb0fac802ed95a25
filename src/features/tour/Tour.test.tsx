// @vitest-environment jsdom
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultBench } from '../../store/presets/default';
import { useView } from '../../store/view';
import { Tour } from './Tour';
import { loadBench } from '../../test/store';

beforeEach(() => {
  localStorage.clear(); // a first visit: the tour opens by itself
  loadBench(defaultBench());
  useView.setState({ tourStep: null, dayView: 'planned', dayGlide: true });
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
  // jsdom lays nothing out: the card's size as a browser gives it (432 × 230 px).
  beforeEach(() => {
    vi.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockReturnValue(432);
    vi.spyOn(HTMLElement.prototype, 'scrollHeight', 'get').mockReturnValue(230);
  });

  it('opens above its chart when the chart is low in the window, in its first frame (no jump)', () => {
    const el = chartAt(540, 200); // the chart's foot at 740 of 768 px: no room below
    render(<Tour />);
    // Read before any animation frame runs: the card's first paint is already where it stays.
    const card = screen.getByRole('dialog');
    expect(card.dataset.side).toBe('above');
    expect(parseFloat(card.style.top) + parseFloat(card.style.maxHeight)).toBeLessThanOrEqual(540);
    el.remove();
  });

  it('opens below its chart when the chart is high in the window', () => {
    const el = chartAt(100, 200);
    render(<Tour />);
    const card = screen.getByRole('dialog');
    expect(card.dataset.side).toBe('below');
    expect(parseFloat(card.style.top)).toBeGreaterThanOrEqual(300);
    expect(parseFloat(card.style.maxHeight)).toBe(230);
    el.remove();
  });
});

describe('Tour and the top chart', () => {
  it('opens on its first view drawn at once, and glides the bars on the steps after', async () => {
    const el = chartAt(100, 200);
    render(<Tour />);
    const card = screen.getByRole('dialog');
    expect(card).toHaveTextContent('Step 1 of');
    // The first step is the waiting bench: shown with the card, not glided to as the page opens.
    expect(useView.getState()).toMatchObject({ dayView: 'waiting', dayGlide: false });
    fireEvent.keyDown(card, { key: 'ArrowRight' });
    expect(await screen.findByText(/Step 2 of/)).toBeInTheDocument();
    expect(useView.getState()).toMatchObject({ dayView: 'planned', dayGlide: true });
    el.remove();
  });
});

describe('the tour’s buttons', () => {
  it('the last step shows one way out, Done (no Close beside it); the others Skip the tour, Back and Next', () => {
    const el = chartAt(100, 200);
    render(<Tour />);
    const card = screen.getByRole('dialog');
    const names = () => [...card.querySelectorAll('button')].map((b) => b.textContent);
    expect(names()).toEqual(['Skip the tour', 'Back', 'Next']);
    const steps = Number(/of (\d+)/.exec(card.textContent ?? '')![1]);
    act(() => useView.getState().setTourStep(steps - 1));
    expect(card).toHaveTextContent(`Step ${steps} of ${steps}`);
    expect(names()).toEqual(['Back', 'Done']);
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(useView.getState().tourStep).toBeNull();
    el.remove();
  });
});
