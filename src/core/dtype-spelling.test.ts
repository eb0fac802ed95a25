import { describe, expect, it } from 'vitest';
import { BITS_PER_WEIGHT } from './footprint';
import { inMenu, menuDtype } from './dtype-spelling';
import { WEIGHT_DTYPES } from './types';

describe('one spelling per weights dtype', () => {
  it('maps the GGUF spellings of the plain types to the checkpoint spelling, and nothing else', () => {
    expect(WEIGHT_DTYPES.filter((d) => menuDtype(d) !== d).map((d) => [d, menuDtype(d)])).toEqual([
      ['F32', 'fp32'],
      ['F16', 'fp16'],
      ['BF16', 'bf16'],
    ]);
  });

  it('the menu lists each width of a plain type once; a mapped spelling has the same bits as its entry', () => {
    const menu = WEIGHT_DTYPES.filter(inMenu);
    expect(menu).toContain('fp16');
    expect(menu).not.toContain('F16');
    expect(new Set(menu.map((d) => d.toLowerCase())).size).toBe(menu.length);
    for (const d of WEIGHT_DTYPES) expect(BITS_PER_WEIGHT[menuDtype(d)]).toBe(BITS_PER_WEIGHT[d]);
    // Every value maps to an entry of the menu.
    for (const d of WEIGHT_DTYPES) expect(menu).toContain(menuDtype(d));
  });
});
