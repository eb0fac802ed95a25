import { CARD_COLOR_SLOTS, type ColorMemory } from '../../store/colors';

/**
 * Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. Its black
 * is left out: a black bar vanishes on the dark theme's lanes.
 */
export const PALETTE = [
  '#E69F00',
  '#56B4E9',
  '#009E73',
  '#0072B2',
  '#D55E00',
  '#CC79A7',
  '#F0E442',
] as const satisfies {
  length: typeof CARD_COLOR_SLOTS;
};

/** The colour of palette slot `slot` (a card's slot: `src/store/colors.ts`). */
export const cardColor = (slot: number): string => PALETTE[slot % PALETTE.length]!;

/** Every card's colour by name, from the store's memory (one colour per card everywhere on the page). */
export function colorsOf(memory: ColorMemory): ReadonlyMap<string, string> {
  return new Map(memory.names.map((n) => [n, cardColor(memory.slots.get(n) ?? 0)] as const));
}

export const HEADROOM_COLOR = '#8c8c8c';
export const FREE_COLOR = 'var(--free)';
export const OTHERS_COLOR = '#6b6b6b';

export interface Segment {
  readonly key: string;
  readonly label: string;
  readonly value: number;
  readonly color: string;
  /** Drawn with a hatch so it reads without colour (headroom). */
  readonly hatched?: boolean;
}

export interface StackedBarProps {
  readonly title: string;
  readonly unit: string;
  readonly max: number;
  readonly segments: readonly Segment[];
  readonly reference?: { readonly value: number; readonly label: string };
}
