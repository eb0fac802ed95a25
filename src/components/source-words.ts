import type { ModelCard } from '../core/types';

/** How a card's VRAM figure came to be, in words. */
export function sourceWords(card: ModelCard): string {
  switch (card.vram_source) {
    case 'estimated':
      return `estimated from ${card.vram_estimate?.from ?? 'the model'}`;
    case 'measured':
      return 'measured';
    default:
      return card.vram_estimate === undefined ? 'typed' : 'typed (an estimate is kept)';
  }
}
