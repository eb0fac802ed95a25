/**
 * Which colour each card has: a palette slot per card, kept for the card's life in the bench.
 * Deleting, adding or moving other cards does not change a card's colour; a card renamed in
 * place keeps its own; a card that comes back (an undo) gets its old one back. The store keeps
 * the memory beside the bench (saved with it, never undoable); the palette's colours are the
 * charts' (`src/components/charts/palette.ts`, as many as `CARD_COLOR_SLOTS`).
 */

/** How many colours cards take turns with (the palette's length: the type checker holds them equal). */
export const CARD_COLOR_SLOTS = 7;

export interface ColorMemory {
  /** The cards' names, in the bench's order, when the memory was made. */
  readonly names: readonly string[];
  /** Slot by name: the bench's cards, and cards deleted since (remembered for an undo). */
  readonly slots: ReadonlyMap<string, number>;
}

export const NO_COLORS: ColorMemory = { names: [], slots: new Map() };

/** Deleted cards remembered at most (beyond the bench's own). */
const REMEMBERED = 256;

/**
 * The slots for `names` given the memory of what was shown before. A card already shown keeps
 * its slot; a card renamed in place (same number of cards, the name at its position gone) keeps
 * the old name's slot, and a card seen before (deleted, then back) its old slot, when no card
 * shown now has it; any other new card gets the slot fewest cards have, the first such in
 * palette order — so a fresh bench is coloured in its order.
 */
export function assignColors(prev: ColorMemory, names: readonly string[]): ColorMemory {
  if (names.length === prev.names.length && names.every((n, i) => n === prev.names[i])) return prev;
  const present = new Set(names);
  const shownBefore = new Set(prev.names);
  const slots = new Map<string, number>();
  const used = new Array<number>(CARD_COLOR_SLOTS).fill(0);
  const take = (name: string, slot: number) => {
    slots.set(name, slot);
    used[slot]! += 1;
  };
  const fresh: number[] = [];
  names.forEach((name, i) => {
    const before = prev.slots.get(name);
    if (slots.has(name)) return; // a name twice (a bench being fixed): one colour
    if (before !== undefined && shownBefore.has(name)) take(name, before);
    else fresh.push(i);
  });
  // First the new names with a colour of their own — renamed in place, or seen before — where
  // no card has it yet; then the rest, each the colour fewest cards have.
  const sameCount = names.length === prev.names.length;
  const rest: string[] = [];
  for (const i of fresh) {
    const name = names[i]!;
    if (slots.has(name)) continue;
    const old = prev.names[i];
    const own =
      (sameCount && old !== undefined && !present.has(old) ? prev.slots.get(old) : undefined) ?? prev.slots.get(name);
    if (own !== undefined && used[own] === 0) take(name, own);
    else rest.push(name);
  }
  for (const name of rest) if (!slots.has(name)) take(name, used.indexOf(Math.min(...used)));
  // The cards just deleted are remembered (the most recent last), so an undo brings their colour back.
  const gone = [...prev.slots].filter(([n]) => !present.has(n)).slice(-REMEMBERED);
  return { names: [...names], slots: new Map([...gone, ...slots]) };
}

/** The memory as saved (JSON): names and [name, slot] pairs. */
export interface SavedColors {
  readonly names: readonly string[];
  readonly slots: readonly (readonly [string, number])[];
}

export const saveColors = (m: ColorMemory): SavedColors => ({ names: m.names, slots: [...m.slots] });

/** A saved memory read back; anything unexpected in it is left out (colours are not the user's data). */
export function readColors(saved: unknown): ColorMemory {
  if (typeof saved !== 'object' || saved === null) return NO_COLORS;
  const { names, slots } = saved as { names?: unknown; slots?: unknown };
  if (!Array.isArray(names) || !Array.isArray(slots)) return NO_COLORS;
  const slot = new Map<string, number>();
  for (const pair of slots as unknown[]) {
    if (!Array.isArray(pair) || pair.length !== 2) continue;
    const [n, s] = pair as [unknown, unknown];
    if (typeof n === 'string' && Number.isInteger(s) && (s as number) >= 0 && (s as number) < CARD_COLOR_SLOTS)
      slot.set(n, s as number);
  }
  const shown = names.filter((n): n is string => typeof n === 'string' && slot.has(n));
  return { names: shown, slots: slot };
}
