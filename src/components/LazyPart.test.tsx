// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { lazyPart } from './LazyPart';
import { failedDialog } from './Dialog';

function Hello({ name }: { readonly name: string }) {
  return <p>Hello, {name}</p>;
}

describe('lazyPart', () => {
  it('shows its placeholder while loading, a failure line when the load fails, and Try again loads afresh', async () => {
    let release: (() => void) | undefined;
    const load = vi
      .fn<() => Promise<{ default: typeof Hello }>>()
      .mockImplementationOnce(
        () => new Promise((_, reject) => (release = () => reject(new Error('Failed to fetch Hello-x.js')))),
      )
      .mockImplementation(() => Promise.resolve({ default: Hello }));
    const Part = lazyPart(load, { what: 'the greeting', loading: <p>Loading the greeting…</p> });
    render(<Part name="bench" />);
    expect(screen.getByText('Loading the greeting…')).toBeTruthy();
    release!();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load the greeting (Failed to fetch Hello-x.js).');
    expect(screen.queryByText('Loading the greeting…')).toBeNull();
    expect(load).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Hello, bench')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('draws the failure line inside its frame', async () => {
    const Part = lazyPart<object>(() => Promise.reject(new Error('offline')), {
      what: 'the plan view',
      frame: (line) => <section aria-label="The plan">{line}</section>,
    });
    render(<Part />);
    const alert = await screen.findByRole('alert');
    expect(alert.closest('section')?.getAttribute('aria-label')).toBe('The plan');
  });

  it("draws a dialog's failure line in a dialog its props' onClose closes", async () => {
    const onClose = vi.fn();
    const Part = lazyPart<{ readonly onClose: () => void }>(() => Promise.reject(new Error('offline')), {
      what: 'the import dialog',
      frame: failedDialog('Import a bench'),
    });
    render(<Part onClose={onClose} />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load the import dialog (offline).');
    const dialog = alert.closest('dialog');
    expect(dialog?.textContent).toContain('Import a bench');
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
