import { expect, test, type Page } from './fixtures';
import { card, plan, win } from './locators';

/** Every edit the editors allow survives a reload, with nothing to say about it. */

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
});

async function reloadCleanly(page: Page) {
  await page.reload();
  await expect(page.getByRole('heading', { name: 'The plan' })).toBeVisible();
  await expect(page.locator('.notice')).toHaveCount(0);
}

test('cores above the bench survive a reload, with the hint kept', async ({ page }) => {
  const cores = card(page, 'feature_extractor').getByLabel('Cores');
  await cores.fill('12');
  await expect(card(page, 'feature_extractor')).toContainText("More than the bench's 8 CPU cores");
  await reloadCleanly(page);
  await expect(card(page, 'feature_extractor').getByLabel('Cores')).toHaveValue('12');
  await expect(card(page, 'feature_extractor')).toContainText("More than the bench's 8 CPU cores");
});

test('a cleared bench name survives a reload', async ({ page }) => {
  await page.getByLabel('Bench name').fill('');
  await reloadCleanly(page);
  await expect(page.getByLabel('Bench name')).toHaveValue('');
});

test('a window name another window has is refused in place, and the day reloads intact', async ({ page }) => {
  const name = win(page, 'morning').getByLabel('Window name');
  await name.fill('overnight');
  await expect(win(page, 'morning').getByRole('alert')).toContainText('Another window is already named "overnight"');
  await expect(plan(page)).toContainText(
    'the plan uses the last valid value: Window name “overnight”: planned as “morning”',
  );
  await reloadCleanly(page);
  await expect(win(page, 'morning').getByLabel('Window name')).toHaveValue('morning');
});

test('a card added to a second window asks; run in both shows it twice and survives a reload', async ({ page }) => {
  const morning = win(page, 'morning');
  await morning.getByText('Choose candidates…').click();
  await morning.getByLabel(/^report_writer/).click(); // asks first: it stays unticked until answered
  await expect(morning.getByRole('group', { name: /report_writer already runs in window overnight/ })).toBeVisible();
  await morning.getByRole('button', { name: 'Run it in both' }).click();
  await expect(morning).toContainText('Runs twice in the day (also in an earlier window): report_writer');
  await reloadCleanly(page);
  await expect(win(page, 'morning')).toContainText('Runs twice in the day (also in an earlier window): report_writer');
  await expect(page.getByText(/report_writer runs 2 times/)).toBeVisible();
});

test('a card moved into another window leaves the first', async ({ page }) => {
  const morning = win(page, 'morning');
  await morning.getByText('Choose candidates…').click();
  await morning.getByLabel(/^report_writer/).click(); // asks first: it stays unticked until answered
  // The question takes the focus (a keyboard user answers it at once).
  await expect(morning.getByRole('button', { name: 'Move it here' })).toBeFocused();
  await morning.getByRole('button', { name: 'Move it here' }).click();
  await expect(win(page, 'overnight').getByRole('list', { name: /^CPU candidates: / })).not.toContainText(
    'report_writer',
  );
  await reloadCleanly(page);
  await expect(win(page, 'morning').getByRole('list', { name: /^Candidates: / })).toContainText('report_writer');
});

test('an invalid value says what the plan still uses; reload brings back the last valid one', async ({ page }) => {
  const vram = card(page, 'reranker').getByLabel('VRAM (GB)');
  await vram.fill('lots');
  await expect(card(page, 'reranker').getByRole('alert')).toContainText(
    'Planned with VRAM 1.2 GB; fix the field to re-plan',
  );
  await expect(plan(page)).toContainText('the plan uses the last valid value: VRAM 1.2 GB');
  await reloadCleanly(page);
  await expect(card(page, 'reranker').getByLabel('VRAM (GB)')).toHaveValue('1.2');
});

test('a damaged save is repaired, says what changed, and its text can be downloaded', async ({ page }) => {
  await page.getByLabel('Bench name').fill('mine');
  await reloadCleanly(page); // leaving the page writes the save
  await page.evaluate(() => {
    const saved = JSON.parse(localStorage.getItem('nvinx-planner') ?? 'null') as {
      state: { bench: { windows: { name: string }[] } };
    } | null;
    const text =
      saved === null
        ? null
        : JSON.stringify({
            ...saved,
            state: {
              ...saved.state,
              bench: {
                ...saved.state.bench,
                windows: saved.state.bench.windows.map((w, i) => (i === 1 ? { ...w, name: 'overnight' } : w)),
              },
            },
          });
    if (text === null) throw new Error('no save to damage');
    localStorage.setItem('nvinx-planner', text);
  });
  await page.reload();
  const notice = page.locator('.notice');
  await expect(notice).toContainText('restored with one repair');
  await expect(notice).toContainText('renamed to "overnight 2"');
  await expect(win(page, 'overnight 2')).toBeVisible();
  const download = page.waitForEvent('download');
  await notice.getByRole('button', { name: 'Download the saved text' }).click();
  expect((await download).suggestedFilename()).toBe('nvinx-planner-saved-state.json');
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await reloadCleanly(page);
});
