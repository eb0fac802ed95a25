import { expect, test, type Page } from '@playwright/test';

const day = (page: Page) => page.getByRole('region', { name: 'The day', exact: true });
const plannedChart = (page: Page) => day(page).getByRole('img', { name: /^Gantt chart of the planned day/ });
/** The on-screen box of a job's bar in the planned chart. */
async function barBox(page: Page, name: string) {
  const bar = plannedChart(page)
    .locator('g.bar', { has: page.locator(`title:text-matches("^${name}:")`) })
    .first();
  return (await bar.boundingBox())!;
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
  await expect(day(page)).toContainText('Planned: 10–12 h instead of 14.5–16.5 h — 4.5 h saved, 27–31%');
});

test("changing a card's hours moves its bar and the hours saved", async ({ page }) => {
  const before = await barBox(page, 'reranker');
  await page
    .getByRole('listitem', { name: 'Model card long_inference' })
    .getByLabel('Hours (h)', { exact: true })
    .fill('9');
  await expect(day(page)).toContainText('Planned: 13–15 h instead of 17.5–19.5 h — 4.5 h saved, 23–26%');
  // The morning window now starts at 9 h instead of 6 h: the reranker bar moves right.
  await expect.poll(async () => (await barBox(page, 'reranker')).x).toBeGreaterThan(before.x + 5);
  await page
    .getByRole('listitem', { name: 'Model card feature_extractor' })
    .getByLabel('Hours (h)', { exact: true })
    .fill('12');
  await expect(day(page)).toContainText('Planned: 16–18 h instead of 27.5–29.5 h — 11.5 h saved, 39–42%');
  await page.screenshot({ path: 'screenshots/timeline-edited.png', fullPage: false });
});

test('the toggle moves every job onto one lane and back', async ({ page }) => {
  const planned = await barBox(page, 'feature_extractor');
  const gpu = await barBox(page, 'long_inference');
  expect(planned.y).toBeGreaterThan(gpu.y + 5); // on a CPU lane, below the GPU lane
  await day(page).getByRole('button', { name: 'One after another' }).click();
  await expect(day(page).getByRole('button', { name: 'One after another' })).toHaveAttribute('aria-pressed', 'true');
  // After the animation: feature_extractor follows long_inference on the one lane (the
  // caption above may wrap differently, so positions are compared within the chart).
  const gap = async () => {
    const [f, g] = [await barBox(page, 'feature_extractor'), await barBox(page, 'long_inference')];
    return { dy: Math.abs(f.y - g.y), after: f.x - (g.x + g.width) };
  };
  await expect.poll(async () => (await gap()).dy).toBeLessThan(2);
  await expect.poll(async () => (await gap()).after).toBeGreaterThan(-2);
  await day(page).screenshot({ path: 'screenshots/timeline-waiting.png' });
  await day(page).getByRole('button', { name: 'Planned day' }).click();
  await expect.poll(async () => (await gap()).dy).toBeGreaterThan(5);
  await day(page).screenshot({ path: 'screenshots/timeline-planned.png' });
});

test('suggest a day, accept it, and read why', async ({ page }) => {
  await page.getByRole('button', { name: 'Suggest a day' }).click();
  await expect(page.getByRole('region', { name: 'Suggested day' })).toContainText('a planned day of 10–12 h');
  await page.getByRole('button', { name: 'Use this day' }).click();
  await expect(page.getByRole('region', { name: 'Why this plan' })).toContainText(
    'long_inference holds the GPU for 6 h (3.5 of 4.0 GB)',
  );
});
