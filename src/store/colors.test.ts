import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assignColors, CARD_COLOR_SLOTS, NO_COLORS, readColors, saveColors, type ColorMemory } from './colors';

const slotsOf = (m: ColorMemory) => m.names.map((n) => m.slots.get(n));
const fresh = (names: string[]) => assignColors(NO_COLORS, names);

describe('card colours', () => {
  it('colours a fresh bench in its order, turning round the palette', () => {
    const names = Array.from({ length: CARD_COLOR_SLOTS + 2 }, (_, i) => `c${i}`);
    expect(slotsOf(fresh(names))).toEqual(names.map((_, i) => i % CARD_COLOR_SLOTS));
  });

  it('keeps every other card its colour when a card is deleted, and gives the card back its own on undo', () => {
    const before = fresh(['a', 'b', 'c', 'd']);
    const deleted = assignColors(before, ['a', 'c', 'd']);
    expect(slotsOf(deleted)).toEqual([0, 2, 3]);
    const twice = assignColors(deleted, ['a', 'c']);
    // Undo, undo: d comes back with its colour (not the first free one, b's), then b with its own.
    const undone = assignColors(twice, ['a', 'c', 'd']);
    expect(slotsOf(undone)).toEqual([0, 2, 3]);
    expect(slotsOf(assignColors(undone, ['a', 'b', 'c', 'd']))).toEqual([0, 1, 2, 3]);
  });

  it('gives a renamed card its own colour, a moved card its own, and a new card a colour nobody has', () => {
    const m = fresh(['a', 'b', 'c']);
    expect(slotsOf(assignColors(m, ['a', 'bee', 'c']))).toEqual([0, 1, 2]);
    expect(slotsOf(assignColors(m, ['b', 'a', 'c']))).toEqual([1, 0, 2]);
    const gone = assignColors(m, ['a', 'c']);
    expect(slotsOf(assignColors(gone, ['a', 'c', 'new']))).toEqual([0, 2, 1]);
  });

  it('does not hand a deleted card’s colour back when another card has taken it meanwhile', () => {
    const m = assignColors(assignColors(fresh(['a', 'b']), ['a']), ['a', 'x']);
    expect(slotsOf(m)).toEqual([0, 1]);
    expect(slotsOf(assignColors(m, ['a', 'x', 'b']))).toEqual([0, 1, 2]);
  });

  it('never changes the colour of a card that stays, whatever else changes (property)', () => {
    const name = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j');
    fc.assert(
      fc.property(fc.uniqueArray(name, { maxLength: 10 }), fc.uniqueArray(name, { maxLength: 10 }), (x, y) => {
        const m = fresh(x);
        const n = assignColors(m, y);
        for (const k of y) if (x.includes(k)) expect(n.slots.get(k)).toBe(m.slots.get(k));
        // While the palette has room, no two cards share a colour.
        if (y.length <= CARD_COLOR_SLOTS && x.length <= CARD_COLOR_SLOTS)
          expect(new Set(slotsOf(n)).size).toBe(y.length);
      }),
    );
  });

  it('reads a saved memory back, and leaves out what is not one', () => {
    const m = assignColors(fresh(['a', 'b', 'c']), ['a', 'c']);
    const back = readColors(JSON.parse(JSON.stringify(saveColors(m))));
    expect(slotsOf(back)).toEqual([0, 2]);
    expect(back.slots.get('b')).toBe(1);
    expect(readColors({ names: ['a'], slots: [['a', 99], ['b', -1], 'x'] })).toEqual({ names: [], slots: new Map() });
    expect(readColors('nonsense')).toBe(NO_COLORS);
  });
});
