/**
 * Where the tour's caption card goes: beside the element the step outlines, never over it, so
 * what the caption talks about stays visible (and the page's toolbar, far from it, stays
 * uncovered). Pure geometry in viewport pixels.
 */

export interface Rect {
  readonly top: number;
  readonly left: number;
  readonly width: number;
  readonly height: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

type Side = 'below' | 'above' | 'right' | 'left';

export interface Placement {
  readonly top: number;
  readonly left: number;
  /** The card's height limit: its natural height where it fits, else the room there (it scrolls). */
  readonly maxHeight: number;
  /** Where it is, beside the target (null: no target, the window's bottom right corner). */
  readonly side: Side | null;
}

/** The least height, px, a card squeezed beside its target keeps (a title and the buttons). */
const MIN_ROOM = 140;

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, x));

/**
 * The card's place for a target box (null: none on the page), the card's natural size and the
 * viewport's; `gap`: the space kept from the target and from the viewport's edges. The first side
 * that holds the whole card, in the order below, above, right, left; when none does, the side
 * with the most room, the card's height limited to it (the card scrolls) — on no side does it
 * cover the target, unless the target leaves under 140 px anywhere (then the bottom right corner). Along the side, the card lines up with the target's start, kept in the window.
 */
export function placeTourCard(target: Rect | null, card: Size, view: Size, gap = 12): Placement {
  const width = Math.min(card.width, view.width - 2 * gap);
  const alongX = (left: number) => clamp(left, gap, view.width - width - gap);
  const alongY = (top: number, h: number) => clamp(top, gap, Math.max(gap, view.height - h - gap));
  const corner = (): Placement => {
    const h = Math.max(0, Math.min(card.height, view.height - 2 * gap));
    return { top: view.height - h - gap, left: view.width - width - gap, maxHeight: h, side: null };
  };
  if (target === null) return corner();
  const bottom = target.top + target.height;
  const right = target.left + target.width;
  // The room on each side, between the target (plus the gap) and the window's edge (minus the gap).
  const room: Record<Side, Size> = {
    below: { width: view.width - 2 * gap, height: view.height - bottom - 2 * gap },
    above: { width: view.width - 2 * gap, height: target.top - 2 * gap },
    right: { width: view.width - right - 2 * gap, height: view.height - 2 * gap },
    left: { width: target.left - 2 * gap, height: view.height - 2 * gap },
  };
  const order: readonly Side[] = ['below', 'above', 'right', 'left'];
  const fits = (s: Side) => room[s].width >= width && room[s].height >= card.height;
  const area = (s: Side) => Math.max(0, room[s].width >= width ? room[s].height : 0);
  const side = order.find(fits) ?? order.reduce((best, s) => (area(s) > area(best) ? s : best));
  // A target that leaves no usable room beside it (it fills the window): the corner, over it.
  if (area(side) < Math.min(card.height, MIN_ROOM)) return corner();
  const h = Math.max(0, Math.min(card.height, room[side].height));
  switch (side) {
    case 'below':
      return { top: bottom + gap, left: alongX(right - width), maxHeight: h, side };
    case 'above':
      return { top: target.top - gap - h, left: alongX(right - width), maxHeight: h, side };
    case 'right':
      return { top: alongY(target.top, h), left: right + gap, maxHeight: h, side };
    case 'left':
      return { top: alongY(target.top, h), left: target.left - gap - width, maxHeight: h, side };
  }
}
