// @vitest-environment jsdom
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ModelInputs, type Draft } from './EstimateFields';

const draft = (d: Partial<Draft>): Draft => ({ from: 'model.gguf', parameters: 7e9, dtype: 'bf16', ...d });

describe('the weights dtype menu', () => {
  it('lists each dtype once, in one spelling (no F16 beside fp16, no BF16 beside bf16)', () => {
    render(<ModelInputs draft={draft({})} update={vi.fn()} />);
    const menu = screen.getByRole('combobox', { name: /dtype/i });
    const values = within(menu)
      .getAllByRole('option')
      .map((o) => (o as HTMLOptionElement).value);
    expect(values).toContain('fp16');
    expect(values).toContain('bf16');
    expect(values).not.toContain('F16');
    expect(values).not.toContain('BF16');
    expect(values).not.toContain('F32');
    expect(new Set(values.map((v) => v.toLowerCase())).size).toBe(values.length);
  });

  it('shows a value spelled as a GGUF file spells it as its entry, with the file’s spelling beside it', () => {
    render(<ModelInputs draft={draft({ dtype: 'F16' })} update={vi.fn()} />);
    const menu = screen.getByRole('combobox', { name: /dtype/i }) as HTMLSelectElement;
    expect(menu.value).toBe('fp16');
    expect(menu).toHaveAccessibleDescription('Written F16 (GGUF’s spelling).');
  });
});
