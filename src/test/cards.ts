/**
 * The one card factory for tests: a card with a new card's defaults (`NEW_CARD`: shares the
 * GPU, no CPU fallback, no spill, no RAM figure) but 0 GB unless told, and the fields given.
 * `card` is the same with the usual fields in order: name, VRAM, residency, the rest.
 */
import { NEW_CARD } from '../core/defaults';
import type { ModelCard, Residency } from '../core/types';

export const makeCard = (c: Partial<ModelCard> & Pick<ModelCard, 'name'>): ModelCard => ({
  ...NEW_CARD,
  vram_gb: 0,
  ...c,
});

export const card = (
  name: string,
  vram_gb: number,
  residency: Residency = NEW_CARD.residency,
  extra: Partial<ModelCard> = {},
): ModelCard => makeCard({ name, vram_gb, residency, ...extra });
