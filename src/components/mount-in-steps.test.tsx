// @vitest-environment jsdom
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { MountInSteps, useMountInSteps } from './mount-in-steps';

/** A list of `n` items drawn through the hook, `step` at a time, with buttons that add one or shrink it to one. */
function List({ n, step }: { n: number; step: number }) {
  const [count, setCount] = useState(n);
  const drawn = useMountInSteps(count, step);
  return (
    <>
      <button type="button" onClick={() => setCount((c) => c + 1)}>
        Add
      </button>
      <button type="button" onClick={() => setCount(1)}>
        Shrink
      </button>
      <ul>
        {Array.from({ length: drawn }, (_, i) => (
          <li key={i}>item {i}</li>
        ))}
      </ul>
    </>
  );
}

const items = () => screen.queryAllByRole('listitem').length;

describe('useMountInSteps', () => {
  it('draws a long list a step a frame as the page opens, then whole; what is added later comes at once', async () => {
    render(
      <MountInSteps.Provider value={true}>
        <List n={7} step={3} />
      </MountInSteps.Provider>,
    );
    expect(items()).toBe(3);
    await waitFor(() => expect(items()).toBe(6));
    await waitFor(() => expect(items()).toBe(7));
    for (const _ of [1, 2, 3]) act(() => screen.getByRole('button', { name: 'Add' }).click());
    expect(items()).toBe(10);
  });

  it('draws the whole list at once, for good, when it changes under the steps (shrunk, then grown)', async () => {
    render(
      <MountInSteps.Provider value={true}>
        <List n={7} step={3} />
      </MountInSteps.Provider>,
    );
    expect(items()).toBe(3);
    act(() => screen.getByRole('button', { name: 'Shrink' }).click());
    expect(items()).toBe(1);
    await new Promise((r) => setTimeout(r, 100));
    for (const _ of [1, 2, 3]) act(() => screen.getByRole('button', { name: 'Add' }).click());
    expect(items()).toBe(4);
  });

  it('draws the whole list before a pointer or a key on the page acts on it', () => {
    render(
      <MountInSteps.Provider value={true}>
        <List n={9} step={2} />
      </MountInSteps.Provider>,
    );
    expect(items()).toBe(2);
    act(() => {
      fireEvent.keyDown(document.body, { key: 'Tab' });
    });
    expect(items()).toBe(9);
  });

  it('draws everything at once outside the page’s opening (a part drawn alone)', () => {
    render(<List n={7} step={3} />);
    expect(items()).toBe(7);
  });
});
