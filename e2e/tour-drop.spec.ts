/**
 * Two layers never stack: a file dropped while the guided tour is open (a first visit, early)
 * closes the tour before its dialog opens, and the dialog gives the focus back to Show me.
 */
import { expect, test } from './fixtures';

test.use({ firstVisit: true });

test('a file dropped while the tour is open: the tour closes, the import dialog alone is open', async ({ page }) => {
  await page.goto('/');
  const tour = page.getByRole('dialog').filter({ has: page.locator('.tour-count') });
  await expect(tour).toContainText('Step 1 of 5');
  // The toolbar's file actions (the page's drop target) are in once Import… is enabled.
  await expect(page.getByRole('button', { name: 'Import…' })).toBeEnabled();
  const dt = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['models: [oops\n'], 'broken.yaml', { type: 'application/yaml' }));
    return dt;
  });
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: dt });
  await page.dispatchEvent('main', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('main', 'drop', { dataTransfer: dt });
  const dialog = page.getByRole('dialog', { name: 'Import a bench' });
  await expect(dialog).toContainText('broken.yaml');
  await expect(tour).toHaveCount(0);
  await expect(page.getByRole('dialog')).toHaveCount(1);
  await page.screenshot({ path: 'screenshots/tour-drop.png' });
  // The tour's chart view is the planned day again, and the tour does not come back by itself.
  await expect(page.getByRole('button', { name: 'Planned day' })).toHaveAttribute('aria-pressed', 'true');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('button', { name: 'Show me' })).toBeFocused();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Show me' })).toBeVisible();
  await expect(tour).toHaveCount(0);
});
