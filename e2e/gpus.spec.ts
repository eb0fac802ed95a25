/**
 * Issue 18: a bench of several GPUs is planned in the page as easily as one GPU. Add a second
 * GPU, move a window to it, see both GPUs' lanes and a shorter day; reload and a share link
 * keep it; the 2 × RTX 3090 preset loads and plans its split; screenshots at both widths.
 */
import { expect, test, type Page } from './fixtures';
import { day, hardware, plan, plannedChart, win } from './locators';

const laneLabels = (page: Page) => plannedChart(page).locator('.lane-label').allTextContents();
const windowPanel = (page: Page, name: string) => plan(page).getByRole('article', { name: new RegExp(` ${name} `) });

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
});

test('add a second GPU, move a window to it: two GPUs’ lanes, a shorter day; reload and a share link keep it', async ({
  page,
  context,
  browser,
}) => {
  // The default bench: overnight 6 h, morning 1 h, afternoon's spill 2.79–20.16 h, one after another.
  await expect(day(page)).toContainText('Planned: 9.79–27.16 h instead of 14.29–31.66 h');
  expect(await laneLabels(page)).not.toContain('GPU 1');

  await hardware(page).getByRole('button', { name: 'Add a GPU' }).click();
  await expect(hardware(page).getByRole('group', { name: 'GPUs (2)' })).toBeVisible();
  await expect(hardware(page).getByRole('group', { name: 'GPU 1' }).getByLabel('VRAM (GB)')).toHaveValue(/^4(\.0)?$/);

  // The morning's co-resident stack moves to GPU 1: it runs beside the overnight job.
  const gpu = win(page, 'morning').getByLabel('GPU', { exact: true });
  await expect(gpu).toHaveValue('0');
  await gpu.selectOption({ label: 'GPU 1' });
  await expect(day(page)).toContainText('Planned: 8.79–26.16 h instead of 14.29–31.66 h');
  const lanes = await laneLabels(page);
  expect(lanes.filter((l) => l.startsWith('GPU 0'))).not.toEqual([]);
  expect(lanes.filter((l) => l.startsWith('GPU 1'))).not.toEqual([]);
  // Each plan panel names its GPU and draws that GPU's VRAM.
  await expect(windowPanel(page, 'morning')).toContainText('GPU 1');
  await expect(windowPanel(page, 'morning').getByRole('figure', { name: /^VRAM, GPU 1/ })).toBeVisible();
  await expect(windowPanel(page, 'afternoon').getByRole('figure', { name: /^VRAM, GPU 0/ })).toBeVisible();
  await plannedChart(page).scrollIntoViewIfNeeded();
  await day(page).screenshot({ path: 'screenshots/gpus-day-1280.png' });
  await hardware(page).screenshot({ path: 'screenshots/gpus-hardware-1280.png' });

  await page.reload();
  await expect(page.getByRole('heading', { name: 'The plan' })).toBeVisible();
  await expect(page.locator('.notice')).toHaveCount(0);
  await expect(hardware(page).getByRole('group', { name: 'GPUs (2)' })).toBeVisible();
  await expect(win(page, 'morning').getByLabel('GPU', { exact: true })).toHaveValue('1');
  await expect(day(page)).toContainText('Planned: 8.79–26.16 h instead of 14.29–31.66 h');

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByText(/^Link copied/)).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  const other = await browser.newContext();
  const fresh = await other.newPage();
  await fresh.goto(link);
  await expect(fresh.locator('.notice')).toContainText('Opened the shared bench');
  await expect(hardware(fresh).getByRole('group', { name: 'GPUs (2)' })).toBeVisible();
  await expect(win(fresh, 'morning').getByLabel('GPU', { exact: true })).toHaveValue('1');
  await expect(day(fresh)).toContainText('Planned: 8.79–26.16 h instead of 14.29–31.66 h');
  await other.close();
});

test('the 2 × RTX 3090 preset splits the 70B model across both GPUs, then both serve side by side', async ({
  page,
}) => {
  await page.getByLabel('Preset').selectOption({ label: '2 × RTX 3090 24 GB — a 70B split overnight' });
  await page.getByRole('button', { name: 'Load' }).click();
  await expect(hardware(page).getByRole('group', { name: 'GPUs (2)' })).toBeVisible();
  const split = windowPanel(page, 'overnight_70b');
  await expect(split.getByRole('figure', { name: /^VRAM, GPU 0 \(GeForce RTX 3090 24 GB\)/ })).toBeVisible();
  await expect(split.getByRole('figure', { name: /^VRAM, GPU 1 \(GeForce RTX 3090 24 GB\)/ })).toBeVisible();
  await expect(split).toContainText('23.5 GB of llama70b_q4 on GPU 0');
  await expect(plan(page).getByText('Refused:')).toHaveCount(0);
  // 8 h split, then the chat stack (8 h, GPU 0) beside the fine-tune (6 h, GPU 1): 16 h.
  await expect(day(page)).toContainText('Planned: 16 h');
  const lanes = await laneLabels(page);
  expect(lanes.some((l) => l.startsWith('GPU 0'))).toBe(true);
  expect(lanes.some((l) => l.startsWith('GPU 1'))).toBe(true);
  await page.screenshot({ path: 'screenshots/gpus-preset-1280.png' });
  await split.scrollIntoViewIfNeeded();
  await split.screenshot({ path: 'screenshots/gpus-split-panel-1280.png' });
  await win(page, 'finetune').scrollIntoViewIfNeeded();
  await expect(win(page, 'finetune').getByLabel('GPU', { exact: true })).toHaveValue('1');
  await page.screenshot({ path: 'screenshots/gpus-windows-1280.png' });

  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await plannedChart(page).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'screenshots/gpus-day-390.png' });
  await hardware(page).scrollIntoViewIfNeeded();
  await hardware(page).screenshot({ path: 'screenshots/gpus-hardware-390.png' });
  await win(page, 'finetune').scrollIntoViewIfNeeded();
  await expect(win(page, 'finetune').getByLabel('GPU', { exact: true })).toHaveValue('1');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.screenshot({ path: 'screenshots/gpus-windows-390.png' });
});

test('a job too big for one GPU is offered the split in the windows editor, in one click', async ({ page }) => {
  await page.getByLabel('Preset').selectOption({ label: 'RTX 3090 + RTX 3060 — two GPUs, one split' });
  await page.getByRole('button', { name: 'Load' }).click();
  // Make the split a one-GPU spill on the 3090 again: the editor offers the split back.
  await win(page, 'split_13b').getByLabel('Pattern').selectOption({ label: 'C · ram_overflow (spill to RAM)' });
  await expect(windowPanel(page, 'split_13b')).toContainText('spilled to RAM');
  const offer = win(page, 'split_13b').getByRole('note', { name: 'GPUs for llm_13b_fp16' });
  await expect(offer).toContainText('more than any one GPU holds; GPUs 0 and 1 hold 35.0 GB together');
  await offer.getByRole('button', { name: 'Split llm_13b_fp16 across GPUs 0 and 1' }).click();
  await expect(win(page, 'split_13b').getByLabel('Pattern')).toHaveValue('multi_gpu_split');
  await expect(windowPanel(page, 'split_13b')).toContainText('on GPU 1');
  await expect(windowPanel(page, 'split_13b')).not.toContainText('spilled to RAM');
});

test('Add a GPU by keyboard: the focus goes to the new GPU’s VRAM, and the addition is announced', async ({ page }) => {
  const add = hardware(page).getByRole('button', { name: 'Add a GPU' });
  const status = hardware(page).getByRole('status').filter({ hasText: 'Added GPU' });
  await add.focus();
  await page.keyboard.press('Enter');
  const gpu1 = hardware(page).getByRole('group', { name: 'GPU 1' }).getByLabel('VRAM (GB)');
  await expect(gpu1).toBeFocused();
  await expect(status).toHaveText('Added GPU 1, a copy of GPU 0 (4 GB).');
  // In the two-GPU view, again: GPU 2's, not Remove GPU 0 nor the button.
  await add.focus();
  await page.keyboard.press('Enter');
  const gpu2 = hardware(page).getByRole('group', { name: 'GPU 2' }).getByLabel('VRAM (GB)');
  await expect(gpu2).toBeFocused();
  await expect(status).toHaveText('Added GPU 2, a copy of GPU 1 (4 GB).');
  await page.screenshot({ path: 'screenshots/gpus-added-1280.png' });
  await page.setViewportSize({ width: 390, height: 844 });
  await gpu2.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'screenshots/gpus-added-390.png' });
  // The keys go to the field, and replace the copied figure (selected).
  await page.keyboard.type('6');
  await expect(gpu2).toHaveValue('6');
  // Undo takes the GPU away: the note goes with it.
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(status).toHaveCount(0);
});
