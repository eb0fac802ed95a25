import { describe, expect, it } from 'vitest';
import { placeTourCard, type Placement, type Rect, type Size } from './place';

const desktop: Size = { width: 1280, height: 800 };
const phone: Size = { width: 390, height: 844 };
const card: Size = { width: 432, height: 230 };

function overlaps(a: Rect, b: Rect): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}
const boxOf = (p: Placement, c: Size, view: Size): Rect => ({
  top: p.top,
  left: p.left,
  width: Math.min(c.width, view.width - 24),
  height: p.maxHeight,
});
function inView(r: Rect, view: Size): boolean {
  return r.top >= 0 && r.left >= 0 && r.top + r.height <= view.height && r.left + r.width <= view.width;
}

describe('placeTourCard', () => {
  it('puts the card below the target when it fits there, lined up with its right edge', () => {
    const target = { top: 260, left: 560, width: 700, height: 235 };
    const p = placeTourCard(target, card, desktop);
    expect(p).toEqual({ top: 507, left: 1260 - 432, maxHeight: 230, side: 'below' });
  });

  it('puts it above when the room below is too short, never over the target nor off the window', () => {
    // The first screen's chart on a desktop, low on the page: 150 px below it.
    const target = { top: 415, left: 556, width: 694, height: 235 };
    const p = placeTourCard(target, card, desktop);
    expect(p.side).toBe('above');
    expect(p.top + p.maxHeight).toBe(415 - 12);
    expect(overlaps(boxOf(p, card, desktop), target)).toBe(false);
    expect(inView(boxOf(p, card, desktop), desktop)).toBe(true);
  });

  it('goes beside a tall target when neither above nor below holds it', () => {
    const target = { top: 100, left: 560, width: 700, height: 600 };
    const p = placeTourCard(target, card, desktop);
    expect(p.side).toBe('left');
    expect(p.left + 432).toBe(560 - 12);
    expect(p.top).toBe(100);
    expect(overlaps(boxOf(p, card, desktop), target)).toBe(false);
  });

  it('on a phone, with no room beside, takes the larger of above and below and scrolls within it', () => {
    const tall: Size = { width: 366, height: 400 };
    const target = { top: 300, left: 12, width: 366, height: 250 };
    const p = placeTourCard(target, tall, phone);
    // Above: 300 − 24 = 276 px; below: 844 − 550 − 24 = 270 px.
    expect(p.side).toBe('above');
    expect(p.maxHeight).toBe(276);
    expect(p.top).toBe(12);
    const box = boxOf(p, tall, phone);
    expect(overlaps(box, target)).toBe(false);
    expect(inView(box, phone)).toBe(true);
  });

  it('keeps a card wider than the window inside it', () => {
    const target = { top: 100, left: 10, width: 370, height: 150 };
    const p = placeTourCard(target, { width: 432, height: 200 }, phone);
    expect(p.side).toBe('below');
    expect(p.left).toBe(12);
    expect(inView(boxOf(p, { width: 432, height: 200 }, phone), phone)).toBe(true);
  });

  it('without a target, or with one that fills the window, sits in the bottom right corner', () => {
    expect(placeTourCard(null, card, desktop)).toEqual({
      top: 800 - 230 - 12,
      left: 1280 - 432 - 12,
      maxHeight: 230,
      side: null,
    });
    const full = { top: 0, left: 0, width: 390, height: 844 };
    expect(placeTourCard(full, card, phone).side).toBeNull();
  });
});
