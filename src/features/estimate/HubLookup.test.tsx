// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HubLookup } from './HubLookup';

afterEach(() => vi.unstubAllGlobals());

describe('Look up on the Hub', () => {
  it('keeps the focus on its button while it asks (busy: aria-disabled, not disabled), and asks once', async () => {
    const user = userEvent.setup();
    const fetch = vi.fn(() => new Promise<Response>(() => {})); // the Hub never answers
    vi.stubGlobal('fetch', fetch);
    const onEstimate = vi.fn();
    render(<HubLookup before={null} onEstimate={onEstimate} />);
    await user.type(screen.getByLabelText('Or a Hugging Face model id'), 'Qwen/Qwen2.5-7B-Instruct');
    const button = screen.getByRole('button', { name: 'Look up on the Hub' });
    await user.click(button);
    expect(screen.getByText('Asking huggingface.co about Qwen/Qwen2.5-7B-Instruct…')).toBeTruthy();
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(document.activeElement).toBe(button);
    const asked = fetch.mock.calls.length;
    await user.click(button); // busy: a second click asks nothing more
    expect(fetch.mock.calls.length).toBe(asked);
    expect(onEstimate).not.toHaveBeenCalled();
  });
});
