import { useMemo } from 'react';
import { usePlanner } from '../../store/store';
import { colorsOf } from './palette';

/**
 * Every card's colour by name, from the store's colour memory (`src/store/colors.ts`): the
 * timeline and the plan's charts use the same map, so a card has one colour on the whole page,
 * kept while other cards come and go. The map changes only when a name or the order does.
 */
export function useCardColors(): ReadonlyMap<string, string> {
  const memory = usePlanner((s) => s.colors);
  return useMemo(() => colorsOf(memory), [memory]);
}
