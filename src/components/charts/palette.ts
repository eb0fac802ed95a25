/**
 * Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. Its black
 * is left out: a black bar vanishes on the dark theme's lanes.
 */
export const PALETTE = ['#E69F00', '#56B4E9', '#009E73', '#0072B2', '#D55E00', '#CC79A7', '#F0E442'];

/** A card's colour, from its place in the bench: the same in the timeline and every chart. */
export const cardColor = (index: number): string => PALETTE[index % PALETTE.length]!;

/** Every card's colour by name (one colour per card everywhere on the page). */
export function cardColors(names: readonly string[]): ReadonlyMap<string, string> {
  return new Map(names.map((n, i) => [n, cardColor(i)] as const));
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
