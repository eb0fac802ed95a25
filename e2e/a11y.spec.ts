import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

for (const scheme of ['light', 'dark'] as const) {
  for (const [label, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    test(`${label}, ${scheme}: no serious or critical axe violation, no sideways scroll`, async ({ page }) => {
      // axe over the whole page takes 15–20 s on a loaded 2-core machine: three times the usual limit.
      test.slow();
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize(viewport);
      await page.goto('/');
      await page.evaluate(() => localStorage.clear());
      await page.reload();
      await expect(page.getByRole('region', { name: 'The plan' }).getByRole('figure').first()).toBeVisible();
      // Charts are drawn as they come near the viewport: scroll through so all are drawn.
      const figures = page.getByRole('region', { name: 'The plan' }).getByRole('figure');
      for (let i = 0; i < (await figures.count()); i++) await figures.nth(i).scrollIntoViewIfNeeded();
      await expect(page.locator('.stacked-bar')).toHaveCount(await figures.count());
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: `screenshots/${label}-${scheme}.png`, fullPage: true });
    });
  }
}

test('import and export dialogs: no serious or critical axe violation', async ({ page }) => {
  test.slow(); // two axe scans and two lazy dialogs: 13 s alone, past 30 s on a loaded machine
  await page.goto('/');
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a bench' });
  await dialog.getByLabel('Or paste YAML').fill('hardware:\n  vram_gb: -1\n  ram_gb: 8\n  cpu_cores: 2\nmodels: []\n');
  await dialog.getByRole('button', { name: 'Import pasted text' }).click();
  await expect(dialog.getByRole('alert')).toContainText('line 2, column 12');
  const scan = async () =>
    (await new AxeBuilder({ page }).analyze()).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  expect(await scan()).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: 'Export…' }).click();
  const exp = page.getByRole('dialog', { name: 'Export' });
  await exp.getByLabel(/Case study/).check();
  await expect(exp.getByLabel('Submitter (GitHub handle)')).toBeVisible();
  expect(await scan()).toEqual([]);
});

test('a bench of two GPUs (GPU list, window GPU selects, split editor and advice, Remove’s Undo): no serious or critical axe violation, reachable by keyboard', async ({
  page,
}) => {
  test.slow();
  await page.goto('/');
  await page.getByLabel('Preset').selectOption({ label: 'RTX 3090 + RTX 3060 — two GPUs, one split' });
  await page.getByRole('button', { name: 'Load' }).click();
  // The split turned back into a spill: the windows editor offers the split (the advice note and its button).
  const win = page.getByRole('listitem', { name: 'Window split_13b' });
  await win.getByLabel('Pattern').selectOption({ label: 'C · ram_overflow (spill to RAM)' });
  await expect(win.getByRole('note', { name: 'GPUs for llm_13b_fp16' })).toBeVisible();
  const scan = async () =>
    (await new AxeBuilder({ page }).analyze()).violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.length})`);
  expect(await scan()).toEqual([]);
  // By keyboard: the GPU 1 catalog select and Remove GPU 1 take focus; Remove leaves focus on Undo.
  const hw = page.getByRole('region', { name: 'Hardware' });
  // From GPU 1's catalog select, Tab passes its source links (spec page, second page) and reaches Remove.
  await hw.getByLabel('GPU 1 from the catalog').focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  await expect(hw.getByRole('button', { name: 'Remove GPU 1' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(hw.getByRole('status')).toContainText('Removed GPU 1 (GeForce RTX 3060 12 GB).');
  await expect(hw.getByRole('button', { name: 'Undo' })).toBeFocused();
  expect(await scan()).toEqual([]);
  await page.keyboard.press('Enter');
  await expect(hw.getByRole('group', { name: 'GPUs (2)' })).toBeVisible();
});

test('live regions are in the page, shown, before their words come (a screen reader announces only those)', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByRole('region', { name: 'Hardware' })).toBeVisible();
  // Every live region of the page: neither it nor an ancestor has display: none or visibility: hidden.
  const hidden = await page.evaluate(() =>
    Array.from(document.querySelectorAll('[role="status"], [role="alert"], [aria-live]'))
      .filter((el) => {
        for (let e: Element | null = el; e !== null; e = e.parentElement) {
          const s = getComputedStyle(e);
          if (s.display === 'none' || s.visibility === 'hidden') return true;
        }
        return false;
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  expect(hidden).toEqual([]);
  // Copy link's outcome and the page's notice: their regions are there, empty, before the words
  // (marked once the cards are drawn: the editors' column mounts in steps as the page opens).
  await expect(page.getByRole('listitem', { name: 'Model card report_writer', exact: true })).toBeVisible();
  const before = await page.evaluate(() =>
    Array.from(document.querySelectorAll('[role="status"], [role="alert"]')).map((el, i) => {
      el.setAttribute('data-region-before', String(i));
      return el.textContent;
    }),
  );
  expect(before.length).toBeGreaterThanOrEqual(3);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.locator('[data-region-before]').filter({ hasText: 'Link copied' })).toHaveCount(1);
  await page
    .getByRole('listitem', { name: 'Model card report_writer', exact: true })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(page.locator('[data-region-before]').filter({ hasText: 'Deleted report_writer' })).toHaveCount(1);
});
