/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ['#E69F00', '#56B4E9', '#009E73', '#0072B2', '#D55E00', '#CC79A7', '#F0E442', '#000000'];
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
