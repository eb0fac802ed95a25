/**
 * What a newcomer expects while editing: the plan stays in view. On a wide screen the results
 * column stays in the window while the editors scroll (sticky); on a phone the section links stay
 * at the top and the day's headline in one line stays above the editors. And the day's table fits
 * a phone without scrolling sideways. Screenshots go to screenshots/in-view-*.png.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures';
import { card, day } from './locators';

/** The last model card's hours, changed with the card scrolled into view (far below the day). */
async function editLastCard(page: Page) {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  const last = card(page, 'big_folder');
  await last.scrollIntoViewIfNeeded();
  await last.getByLabel('Hours (h)', { exact: true }).fill('3');
  await expect(last.getByLabel('Hours (h)', { exact: true })).toBeInViewport();
}

/** Whether the element lies wholly within the viewport's height. */
async function whollyInView(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => {
    const r = document.querySelector(sel)!.getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
  }, selector);
}

test.describe('desktop', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('after editing a card far down the page, the day’s headline and chart are in view and show the edit', async ({
    page,
  }) => {
    const before = await (async () => {
      await page.goto('/');
      return day(page).locator('.savings-days').innerText();
    })();
    await editLastCard(page);
    const days = day(page).locator('.savings-days');
    await expect(days).not.toHaveText(before);
    expect(await whollyInView(page, '.savings')).toBe(true);
    expect(await whollyInView(page, '[data-tour="day-chart"] svg')).toBe(true);
    await page.screenshot({ path: 'screenshots/in-view-desktop-edit.png' });
  });

  test('at the very end of the page, the results column is reachable top to bottom', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('.col-bench input').first()).toBeVisible();
    await expect(page.locator('.plan .lazy-loading, .plan [aria-busy="true"]')).toHaveCount(0);
    const col = page.locator('.col-plan');
    const box = () =>
      col.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, innerHeight: window.innerHeight };
      });
    // The page scrolled to its end, the column to its top: its top (the day's title) is in the window.
    await expect(card(page, 'big_folder')).toBeAttached();
    // At the end: the footer's foot is the window's (the editors mount in steps: scrolled again until so).
    await expect
      .poll(() =>
        page.evaluate(() => {
          window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' });
          return Math.abs(
            Math.round(document.querySelector('.foot')!.getBoundingClientRect().bottom - window.innerHeight),
          );
        }),
      )
      .toBe(0);
    await col.evaluate((el) => el.scrollTo({ top: 0, behavior: 'instant' }));
    const atTop = await box();
    expect(atTop.top).toBeGreaterThanOrEqual(0);
    expect(atTop.bottom).toBeLessThanOrEqual(atTop.innerHeight);
    expect(await whollyInView(page, '#day-title')).toBe(true);
    await page.screenshot({ path: 'screenshots/in-view-desktop-end-top.png' });
    // …and to its end: its last line is in the window, above the footer.
    const lastLine = () =>
      col.evaluate((el) => {
        el.scrollTo({ top: el.scrollHeight, behavior: 'instant' });
        const last = el.lastElementChild!.getBoundingClientRect();
        const foot = document.querySelector('.foot')!.getBoundingClientRect();
        return {
          below: last.bottom - el.getBoundingClientRect().bottom,
          overFoot: el.getBoundingClientRect().bottom - foot.top,
        };
      });
    await expect.poll(async () => (await lastLine()).below).toBeLessThanOrEqual(1);
    expect((await lastLine()).overFoot).toBeLessThanOrEqual(1);
    await page.screenshot({ path: 'screenshots/in-view-desktop-end-bottom.png' });
  });
});

test.describe('phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('after editing a card, the section links and the day in one line are in view and show the edit', async ({
    page,
  }) => {
    await editLastCard(page);
    const nav = page.getByRole('navigation', { name: 'Sections' });
    await expect(nav).toBeInViewport();
    expect((await nav.boundingBox())!.y).toBeLessThanOrEqual(0.5);
    const summary = page.locator('.day-summary');
    // The summary says what the day's headline says: the saving and the planned span.
    const saved = await day(page).locator('.savings-figure strong').innerText();
    const planned = /Planned: (\S+ h)/.exec(await day(page).locator('.savings-days').innerText())![1]!;
    await expect(summary).toContainText(saved);
    await expect(summary).toContainText(`planned ${planned}`);
    expect(await whollyInView(page, '.day-summary')).toBe(true);
    // Nothing of the card's fields hides under them: the edited field is below the summary.
    const field = await card(page, 'big_folder').getByLabel('Hours (h)', { exact: true }).boundingBox();
    const s = (await summary.boundingBox())!;
    expect(field!.y).toBeGreaterThanOrEqual(s.y + s.height);
    // The links land their section below the sticky links.
    await nav.getByRole('link', { name: 'Plan' }).click();
    await expect
      .poll(() => page.evaluate(() => document.getElementById('plan-title')!.getBoundingClientRect().top))
      .toBeGreaterThanOrEqual((await nav.boundingBox())!.height - 1);
    await page.screenshot({ path: 'screenshots/in-view-phone-edit.png' });
  });
});

test.describe('phone, moving through the editors by keyboard', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('no focused field hides under the sticky links and summary', async ({ page }) => {
    test.slow();
    await editLastCard(page);
    // Backwards from the last card (the browser scrolls each field into view as it takes focus;
    // going up, a field lands at the window's top, where the sticky bars are).
    const hidden: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Shift+Tab');
      // The page moves a field out from under the bars in the frame after it takes focus.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const where = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const bar = document.querySelector('.day-summary')!.getBoundingClientRect();
        if (el === null || el.closest('.col-bench') === null) return null;
        const r = el.getBoundingClientRect();
        return r.top < bar.bottom - 1 ? `${el.tagName} ${el.getAttribute('aria-label') ?? el.id} at ${r.top}` : null;
      });
      if (where !== null) hidden.push(where);
    }
    expect(hidden).toEqual([]);
  });
});

test.describe('phone, the day as a table', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('fits 390 px: each job’s row stacks under the column names, nothing scrolls sideways; still a table', async ({
    page,
  }) => {
    await page.goto('/');
    await day(page)
      .getByText(/^The day as a table/)
      .click();
    const table = day(page).getByRole('table');
    const row = table.getByRole('row', { name: /^feature_extractor/ });
    await expect(row).toBeVisible();
    // Each cell still has its column header (the names drawn beside the cells are decoration).
    await expect(row.getByRole('cell').first()).toHaveText('overnight');
    await expect(table.getByRole('columnheader')).toHaveText([
      'Job',
      'Window',
      'Runs on',
      'Planned (h)',
      'Waiting bench (h)',
      'Why that long',
    ]);
    const overflow = await page.evaluate(() => {
      const box = document.querySelector('.timeline-table')!;
      return {
        table: box.scrollWidth - box.clientWidth,
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      };
    });
    expect(overflow).toEqual({ table: 0, page: 0 });
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'screenshots/in-view-phone-table.png' });
    const axe = await new AxeBuilder({ page }).include('.timeline-table').analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});
