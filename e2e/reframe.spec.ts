/**
 * Issue 22: the answer first, on a phone too, and a guided first visit. The headline and the
 * day's chart are on the first screen at 390×844 and 1280×800 (a first visit and a share link);
 * the tour runs through with the keyboard, is dismissed for good, and comes back from Show me.
 * Screenshots go to screenshots/reframe-*.png.
 */
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { deflateSync, strToU8 } from 'fflate';
import { parse } from 'yaml';
import { expect, test, type Page } from './fixtures';
import { day } from './locators';

const VIEWPORTS = [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
] as const;

const tour = (page: Page) => page.getByRole('dialog', { name: /./ }).filter({ has: page.locator('.tour-count') });

/** A share link of the RTX 3060 preset, renamed (as the planner writes links: deflated JSON, base64url). */
function shareFragment(): string {
  const bench = { ...parse(readFileSync('src/store/presets/rtx3060-day.yaml', 'utf8')), name: 'A shared case study' };
  return `bench=1.${Buffer.from(deflateSync(strToU8(JSON.stringify({ bench })), { level: 9 })).toString('base64url')}`;
}

/** The headline and the day's chart lie within the first screen, and nothing scrolls sideways. */
async function expectAnswerOnFirstScreen(page: Page, height: number) {
  await expect(day(page).locator('.savings')).toContainText('saved');
  const boxes = await page.evaluate(() => {
    const box = (sel: string) => {
      const r = document.querySelector(sel)!.getBoundingClientRect();
      return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY };
    };
    return {
      headline: box('[data-tour="savings"]'),
      chart: box('[data-tour="day-chart"] svg'),
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    };
  });
  expect(boxes.headline.top).toBeGreaterThanOrEqual(0);
  expect(boxes.headline.bottom).toBeLessThanOrEqual(height);
  expect(boxes.chart.bottom).toBeLessThanOrEqual(height);
  expect(boxes.overflow).toBeLessThanOrEqual(0);
}

for (const [label, viewport] of VIEWPORTS) {
  test.describe(`${label}`, () => {
    test.use({ viewport });

    test(`${label}: the headline and the day's chart are on the first screen`, async ({ page }) => {
      await page.goto('/');
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      await expect(day(page).locator('.savings')).toContainText('4.5 h saved (14–31% of the day)');
      await expect(day(page).locator('.savings')).toContainText('Why a range: big_folder takes 2.79–20.16 h');
      await expectAnswerOnFirstScreen(page, viewport.height);
      await page.screenshot({ path: `screenshots/reframe-${label}-first-screen.png` });
    });

    test(`${label}: a share link opens on the day`, async ({ page }) => {
      await page.goto('/');
      await page.evaluate(() => localStorage.clear());
      await page.goto(`/#${shareFragment()}`);
      await expect(page.locator('.notice')).toContainText('Opened the shared bench “A shared case study”');
      await expectAnswerOnFirstScreen(page, viewport.height);
      await page.screenshot({ path: `screenshots/reframe-${label}-share-link.png` });
    });
  });
}

test.describe('a true first visit', () => {
  test.use({ firstVisit: true });

  for (const [label, viewport] of VIEWPORTS) {
    test(`${label}: the page holds still while it opens with the tour (layout shifts under 0.05)`, async ({ page }) => {
      // Motion not reduced, as most visitors: the tour must not scroll the page away nor glide its
      // outline by top/left (a fixed box moved that way is a layout shift; Lighthouse counts it).
      await page.setViewportSize(viewport);
      await page.addInitScript(() => {
        const w = window as unknown as { shifts: number[]; glided: boolean };
        w.shifts = [];
        // The tour opens on the one-after-another view drawn at once: no bar glides as the page opens.
        w.glided = false;
        new MutationObserver((records) => {
          if (records.some((r) => r.target instanceof SVGElement && r.target.classList.contains('animating')))
            w.glided = true;
        }).observe(document, { subtree: true, attributes: true, attributeFilter: ['class'] });
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[])
            if (!e.hadRecentInput) w.shifts.push(e.value);
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto('/');
      await expect(tour(page)).toContainText('Step 1 of 5');
      await expect(page.locator('.tour-spot')).toBeVisible();
      await page.waitForTimeout(1500); // a smooth scroll and the outline's glide take ~0.3–1 s
      const shifts = await page.evaluate(() => (window as unknown as { shifts: number[] }).shifts);
      expect(shifts.reduce((a, b) => a + b, 0)).toBeLessThan(0.05);
      await expect(day(page).getByRole('button', { name: 'One after another' })).toHaveAttribute(
        'aria-pressed',
        'true',
      );
      expect(await page.evaluate(() => (window as unknown as { glided: boolean }).glided)).toBe(false);
    });
  }

  for (const [label, viewport] of VIEWPORTS) {
    test(`${label}: the tour runs through with the keyboard, points at the real chart, and is dismissed for good`, async ({
      page,
    }) => {
      test.slow(); // axe over the page with the tour open
      await page.setViewportSize(viewport);
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.goto('/');
      const card = tour(page);
      await expect(card).toBeVisible();
      await expect(card).toBeFocused();
      await expect(card).toContainText('Step 1 of 5');
      await expect(card.getByRole('heading')).toHaveText('The waiting bench');
      // The first step turns the top chart to the jobs one after another, and outlines it.
      await expect(day(page).getByRole('button', { name: 'One after another' })).toHaveAttribute(
        'aria-pressed',
        'true',
      );
      const inside = async (selector: string) => {
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const [spot, target] = await Promise.all([
          page.locator('.tour-spot').boundingBox(),
          page.locator(selector).first().boundingBox(),
        ]);
        expect(spot).not.toBeNull();
        expect(target).not.toBeNull();
        expect(spot!.x).toBeLessThanOrEqual(target!.x + 1);
        expect(spot!.y).toBeLessThanOrEqual(target!.y + 1);
        expect(spot!.x + spot!.width).toBeGreaterThanOrEqual(target!.x + target!.width - 1);
        expect(spot!.y + spot!.height).toBeGreaterThanOrEqual(target!.y + target!.height - 1);
        // The caption hides neither what it talks about nor the toolbar, and lies in the window.
        const [box, toolbar] = await Promise.all([card.boundingBox(), page.locator('.toolbar').boundingBox()]);
        const apart = (a: typeof box, b: typeof box) =>
          a!.x + a!.width <= b!.x || b!.x + b!.width <= a!.x || a!.y + a!.height <= b!.y || b!.y + b!.height <= a!.y;
        expect(apart(box, spot), 'the card is clear of the outlined target').toBe(true);
        expect(apart(box, toolbar), 'the card is clear of the toolbar').toBe(true);
        expect(box!.x).toBeGreaterThanOrEqual(0);
        expect(box!.y).toBeGreaterThanOrEqual(0);
        expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
        expect(box!.y + box!.height).toBeLessThanOrEqual(viewport.height);
      };
      await inside('[data-tour="day-chart"]');
      const axe = await new AxeBuilder({ page }).analyze();
      expect(
        axe.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.help} (${v.nodes.length})`),
      ).toEqual([]);
      await page.screenshot({ path: `screenshots/reframe-${label}-tour-1.png` });

      // → steps on; the caption is announced (aria-live) and the outline follows.
      const expected: [string, RegExp, string][] = [
        ['overnight: the GPU job, and the CPU work that fills its window', /Meanwhile the CPU runs/, '0'],
        ['morning: models that share the card', /share the GPU/, '1'],
        ['afternoon: the model too big for VRAM, and what it costs', /spills to system RAM/, '2'],
      ];
      for (const [i, [title, text, window]] of expected.entries()) {
        await page.keyboard.press('ArrowRight');
        await expect(card).toContainText(`Step ${i + 2} of 5`);
        await expect(card.getByRole('heading')).toHaveText(title);
        await expect(card).toContainText(text);
        await expect(card.locator('[aria-live="polite"]')).toContainText(title);
        await inside(`[data-tour-window~="${window}"]`);
        await page.screenshot({ path: `screenshots/reframe-${label}-tour-${i + 2}.png` });
      }
      await expect(day(page).getByRole('button', { name: 'Planned day' })).toHaveAttribute('aria-pressed', 'true');
      // ← goes back, Next (Enter) goes on.
      await page.keyboard.press('ArrowLeft');
      await expect(card).toContainText('Step 3 of 5');
      await expect(card.getByRole('button', { name: 'Next' })).toBeFocused();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      await expect(card).toContainText('Step 5 of 5');
      await expect(card.getByRole('heading')).toHaveText('The hours saved');
      await expect(card).toContainText('4.5 h saved (14–31% of the day)');
      await inside('[data-tour="savings"]');
      await page.screenshot({ path: `screenshots/reframe-${label}-tour-5.png` });

      // Escape closes it; it never opens by itself again.
      await page.keyboard.press('Escape');
      await expect(card).toBeHidden();
      await expect(page.locator('.tour-spot')).toHaveCount(0);
      await page.reload();
      await expect(day(page).locator('.savings')).toContainText('saved');
      await expect(card).toBeHidden();

      // Show me brings it back; Skip closes it and gives the focus back to Show me.
      const showMe = day(page).getByRole('button', { name: 'Show me' });
      await showMe.click();
      await expect(card).toContainText('Step 1 of 5');
      await card.getByRole('button', { name: 'Skip the tour' }).click();
      await expect(card).toBeHidden();
      await expect(showMe).toBeFocused();
    });
  }

  for (const [label, viewport] of VIEWPORTS) {
    test(`${label}: the tour by keyboard alone: Enter on the card goes on, Tab in order, Escape gives the focus back`, async ({
      page,
    }) => {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await page.goto('/');
      const card = tour(page);
      await expect(card).toBeFocused();
      // The card itself has the focus as it opens: Enter is Next.
      await page.keyboard.press('Enter');
      await expect(card).toContainText('Step 2 of 5');
      const next = card.getByRole('button', { name: 'Next' });
      const back = card.getByRole('button', { name: 'Back' });
      const skip = card.getByRole('button', { name: 'Skip the tour' });
      await expect(next).toBeFocused();
      // Tab order is the card's reading order: Skip the tour, Back, Next.
      await page.keyboard.press('Shift+Tab');
      await expect(back).toBeFocused();
      await page.keyboard.press('Shift+Tab');
      await expect(skip).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(back).toBeFocused();
      // Enter on a focused control is that control: Back.
      await page.keyboard.press('Enter');
      await expect(card).toContainText('Step 1 of 5');
      await page.keyboard.press('Escape');
      await expect(card).toBeHidden();

      // Opened from Show me by the keyboard: Escape gives the focus back to it.
      const showMe = day(page).getByRole('button', { name: 'Show me' });
      await showMe.focus();
      await page.keyboard.press('Enter');
      await expect(card).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(card).toContainText('Step 2 of 5');
      await page.screenshot({ path: `screenshots/tour-keyboard-${label}.png` });
      await page.keyboard.press('Escape');
      await expect(card).toBeHidden();
      await expect(showMe).toBeFocused();
    });
  }
});
