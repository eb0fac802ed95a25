import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';
import { day, notice, plan } from './locators';

const calibrationPath = new URL('../fixtures/calibration_result.json', import.meta.url).pathname;
const morning = (page: Page) => page.getByRole('article', { name: /morning/ });
const table = (page: Page) => morning(page).getByRole('table', { name: /predicted by nvinx 0\.3/ });

// The default bench's spilled big_folder is timed from its bandwidths: 7 h + 1 h × 2.7875–20.1595 (core/overflow-time.test.ts).
const BEFORE = 'Planned: 9.79–27.16 h instead of 14.29–31.66 h';
// The morning's three models: the calibration's slowdowns (reranker 1.75×, classifier_a 3.38×,
// embedder 7.89×) make running together (3.94 h) slower than one after another (2.5 h): +1.5 h.
const AFTER = 'Planned: 11.29–28.66 h instead of 14.29–31.66 h';

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
  await expect(day(page)).toContainText(BEFORE);
});

async function importCalibration(page: Page, path = calibrationPath) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import calibration…' }).click();
  await (await chooser).setFiles(path);
}

test('importing a calibration shows the pair predictions against the measurements, and the day changes', async ({
  page,
}) => {
  await importCalibration(page);
  await expect(notice(page)).toContainText(
    'Calibration imported from calibration_result.json: 3 profiles, 3 matched to cards, 3 measured pairs.',
  );
  // nvinx 0.3.0a2's own figures for this bench and calibration (its notes, `:.1f`).
  await expect(morning(page)).toContainText(
    'interference: pair(reranker+classifier_a) pred_lat=(61.8, 46.6)ms via queue_aware; asymmetry=2.33',
  );
  const rows = table(page).getByRole('row');
  await expect(rows).toHaveCount(7); // the header and two rows per pair
  await expect(rows.nth(1)).toContainText('reranker + classifier_a');
  await expect(rows.nth(1).getByRole('cell')).toHaveText(['reranker', '61.8', '64.2', /^−3\.\d%$/, 'queue-aware']);
  await expect(rows.nth(2).getByRole('cell')).toHaveText(['classifier_a', '46.6', '44.2', /^\+5\.\d%$/, 'queue-aware']);
  await expect(morning(page)).toContainText(
    'Leave-one-pair-out error the file reports (queue-aware): mean 8.7%, max 14.2%.',
  );
  await expect(morning(page)).toContainText('reranker 1.75×, classifier_a 3.38×, embedder 7.89×');
  await expect(day(page)).toContainText(AFTER);
  await expect(page.getByRole('region', { name: 'Why this plan' })).toContainText(
    "With the calibration's predicted slowdowns (reranker 1.75×, classifier_a 3.38×, embedder 7.89×)",
  );
  // The results column scrolls on its own on a wide screen (it stays beside the editors): the
  // table is brought into view within it.
  await table(page).scrollIntoViewIfNeeded();
  await expect(table(page)).toBeInViewport();
  await morning(page).screenshot({ path: 'test-results/calibration.png' });

  // Reload: the calibration was saved with the bench.
  await page.reload();
  await expect(table(page)).toBeVisible();
  await expect(day(page)).toContainText(AFTER);

  // Remove it: nvinx 0.1's notes and the single slowdown again; undo brings it back.
  await morning(page).getByRole('button', { name: 'Remove calibration' }).click();
  await expect(table(page)).toHaveCount(0);
  await expect(day(page)).toContainText(BEFORE);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(table(page)).toBeVisible();
  await expect(day(page)).toContainText(AFTER);
});

test('dropping a calibration_result.json on the page attaches it', async ({ page }) => {
  const text = readFileSync(calibrationPath, 'utf8');
  const dt = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'calibration_result.json', { type: 'application/json' }));
    return dt;
  }, text);
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: dt });
  await page.dispatchEvent('main', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('main', 'drop', { dataTransfer: dt });
  await expect(table(page)).toBeVisible();
  await expect(day(page)).toContainText(AFTER);
});

test('a bad calibration is refused whole, with where', async ({ page }) => {
  const bad = readFileSync(calibrationPath, 'utf8').replace('"act_solo_ms": 6.5', '"act_solo_ms": -6.5');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import calibration…' }).click();
  await (
    await chooser
  ).setFiles({ name: 'calibration_result.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
  await expect(notice(page)).toContainText('calibration_result.json was not imported as a calibration: 1 problem');
  await expect(notice(page)).toContainText('profiles.embedder.act_solo_ms must be 0 or more, got -6.5');
  await expect(notice(page)).toContainText(/line \d+, column 22/);
  await expect(table(page)).toHaveCount(0);
  await expect(day(page)).toContainText(BEFORE);
  await expect(plan(page)).not.toContainText('interference:');
});
