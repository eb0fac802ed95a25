/**
 * A chunk that fails to load does not leave the page broken: the editors' chunk is aborted
 * once (a flaky network, a deploy that replaced the files); the editors' column says what failed
 * with Try again, which loads it afresh, and the bench is then edited and re-planned as usual.
 */
import { expect, test, type Page } from './fixtures';
import { card, plan } from './locators';

// The aborted request's own console line, and nothing else.
test.use({ expectedConsoleErrors: [/^Failed to load resource: net::ERR_FAILED$/] });

const windowPanel = (page: Page, name: string) =>
  plan(page)
    .getByRole('article')
    .filter({ has: page.getByRole('heading', { level: 3, name }) });

test('the editors chunk fails once: the column says so, Try again loads it, and an edit re-plans', async ({ page }) => {
  let aborted = 0;
  await page.route(/\/assets\/Editors-[\w-]+\.js$/, (route) => {
    if (aborted > 0) return route.continue();
    aborted += 1;
    return route.abort('failed');
  });
  await page.goto('/');
  const column = page.locator('.col-bench');
  const failed = column.getByRole('alert');
  await expect(failed).toContainText('Could not load the editors');
  expect(aborted).toBe(1);
  await page.screenshot({ path: 'screenshots/lazy-failure-desktop.png' });
  // The rest of the page works meanwhile: the plan is drawn.
  await expect(windowPanel(page, 'morning')).toContainText('3 model(s) co-resident');

  await column.getByRole('button', { name: 'Try again' }).click();
  await expect(failed).toHaveCount(0);
  const vram = card(page, 'reranker').getByLabel('VRAM (GB)');
  await vram.fill('3');
  await expect(windowPanel(page, 'morning')).toContainText('2 model(s) co-resident');
  await expect(page.locator('.notice')).toHaveCount(0);
});

test('a dialog whose chunk fails to load says so in a dialog that Escape and Close close, focus back on its opener', async ({
  page,
}) => {
  let aborted = 0;
  await page.route(/\/assets\/(ImportDialog|ExportDialog)-[\w-]+\.js$/, (route) => {
    aborted += 1;
    return route.abort('failed');
  });
  await page.goto('/');
  const importButton = page.getByRole('button', { name: 'Import…' });
  await importButton.click();
  const dialog = page.getByRole('dialog', { name: 'Import a bench' });
  await expect(dialog.getByRole('alert')).toContainText('Could not load the import dialog');
  await expect(dialog.getByRole('button', { name: 'Try again' })).toBeVisible();
  await page.screenshot({ path: 'screenshots/lazy-dialog-failure-desktop.png' });
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(importButton).toBeFocused();

  const exportButton = page.getByRole('button', { name: 'Export…' });
  await exportButton.click();
  const exported = page.getByRole('dialog', { name: 'Export' });
  await expect(exported.getByRole('alert')).toContainText('Could not load the export dialog');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'screenshots/lazy-dialog-failure-phone.png' });
  await exported.getByRole('button', { name: 'Close' }).click();
  await expect(exported).toHaveCount(0);
  await expect(exportButton).toBeFocused();
  expect(aborted).toBeGreaterThanOrEqual(2);
});

test('the question before loading a preset, when its chunk fails, says so and Keep mine puts it away', async ({
  page,
}) => {
  await page.route(/\/assets\/ReplacePrompt-[\w-]+\.js$/, (route) => route.abort('failed'));
  await page.goto('/');
  // The bench becomes the user's (its name edited): loading a preset asks first.
  await page.getByLabel('Bench name').fill('my bench');
  const preset = page.getByLabel('Preset');
  await preset.selectOption({ label: 'nvinx reference: 8 GB bench' });
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  const asked = page.getByRole('alertdialog', { name: /^Load “nvinx reference: 8 GB bench”/ });
  await expect(asked.getByRole('alert')).toContainText('Could not load the question before loading a preset');
  await expect(asked.getByRole('heading', { name: /^Load “nvinx reference: 8 GB bench”/ })).toBeVisible();
  await expect(asked.getByRole('button', { name: 'Keep mine' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(asked).toHaveCount(0);
  await expect(page.getByLabel('Bench name')).toHaveValue('my bench');
});
