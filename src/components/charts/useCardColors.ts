import { useMemo } from 'react';
import type { ModelCard } from '../../core/types';
import { cardColors } from './palette';

/**
 * Every card's colour by name, from the cards' order: the timeline and the plan's charts
 * use the same map, so a card has one colour on the whole page. The map changes only when
 * a name or the order does (not on every edit of a size), so memoized charts stay put.
 */
export function useCardColors(models: readonly ModelCard[]): ReadonlyMap<string, string> {
  const key = models.map((m) => m.name).join('\u0000');
  return useMemo(() => cardColors(key === '' ? [] : key.split('\u0000')), [key]);
}
