// @vitest-environment jsdom
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { NumberField } from './NumberField';

const rule = { min: 0, max: 1000, exclusiveMin: false } as const;

describe('NumberField', () => {
  it('reads a decimal comma as a decimal point (a phone decimal keyboard in many locales types one)', async () => {
    const onCommit = vi.fn();
    render(<NumberField label="VRAM" value={1} rule={rule} onCommit={onCommit} unit="GB" />);
    const input = screen.getByRole('textbox', { name: 'VRAM (GB)' });
    const user = userEvent.setup();
    await user.clear(input);
    await user.type(input, '1,5');
    expect(onCommit).toHaveBeenLastCalledWith(1.5, '1,5');
    expect(input).toHaveAttribute('aria-invalid', 'false');
    // "1,500" may be a thousands separator: not guessed, the field says what is wrong.
    await user.clear(input);
    await user.type(input, '1,500');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(onCommit).not.toHaveBeenCalledWith(1500, expect.anything());
    expect(onCommit).not.toHaveBeenCalledWith(1.5, '1,500');
  });
});
