/**
 * Issues 10 and 11: pick a GPU from the catalog, see the hardware card filled, and the plan's
 * overflow estimate from the bandwidths beside nvinx's own "3-5x".
 */
import { expect, test, type Page } from './fixtures';
import { day, hardware } from './locators';

const estimate = (page: Page) => page.getByRole('region', { name: 'Overflow time from your bandwidths' });

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
});

test('the default bench teaches the lesson: spilling 6.5 GB over PCIe 3.0 ×8 is far worse than 3-5x', async ({
  page,
}) => {
  // By hand (core/overflow-time.test.ts): (3.5 + 6.5 × 192/51.2)/10 = 2.79, (3.5 + 6.5 × 192/6.3)/10 = 20.16.
  await expect(estimate(page)).toContainText(
    "this bench's figure, in place of nvinx's rule of thumb for any spill, “3-5x vs. pure-GPU inference”.",
  );
  await expect(estimate(page)).toContainText('From your bandwidths: 2.79×–20.16× slower than all-in-VRAM');
  await expect(estimate(page)).toContainText('What would fix it: quantize big_folder');
  await expect(day(page)).toContainText('Planned: 9.79–27.16 h instead of 14.29–31.66 h');
  await estimate(page).scrollIntoViewIfNeeded();
  await estimate(page).screenshot({ path: 'screenshots/overflow-estimate-default.png' });
});

test('pick a GPU: the card is filled, stays editable, and the estimate and the day follow', async ({ page }) => {
  await hardware(page).getByLabel('Find a GPU').fill('3060 12');
  const pick = hardware(page).getByLabel('Pick a GPU…');
  await expect(pick.locator('option')).toHaveText([
    'Pick a GPU… (1)',
    'GeForce RTX 3060 12 GB — 12 GB, 360 GB/s, PCIe 4.0 ×16 (25.2 GB/s effective)',
  ]);
  await pick.selectOption({ label: 'GeForce RTX 3060 12 GB — 12 GB, 360 GB/s, PCIe 4.0 ×16 (25.2 GB/s effective)' });
  await expect(hardware(page).getByLabel('VRAM (GB)', { exact: true })).toHaveValue('12');
  await expect(hardware(page).getByLabel('GPU bandwidth (GB/s)')).toHaveValue('360');
  await expect(hardware(page).getByLabel('PCIe bandwidth (GB/s)')).toHaveValue('25.2');
  await expect(hardware(page)).toContainText('GPU model: GeForce RTX 3060 12 GB — catalog figures');
  // 12 GB holds big_folder's 10 GB (11.5 GB budget): nothing spills, so the estimate is 1×.
  await expect(estimate(page)).toContainText('From your bandwidths: 1× slower than all-in-VRAM');
  await hardware(page).screenshot({ path: 'screenshots/hardware-gpu-picked.png' });

  // Edit it down to 6 GB: 5.5 GB in VRAM, 4.5 GB spilled.
  // accelerate: (5.5 + 4.5 × 360/25.2)/10 = 6.98…; llama.cpp: (5.5 + 4.5 × 360/51.2)/10 = 3.71…
  await hardware(page).getByLabel('VRAM (GB)', { exact: true }).fill('6');
  await expect(estimate(page)).toContainText('From your bandwidths: 3.71×–6.98× slower than all-in-VRAM');
  await expect(day(page)).toContainText('Planned: 10.71–13.98 h');
  await estimate(page).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'screenshots/overflow-estimate-picked.png', fullPage: false });

  // Undo twice: the edit, then the whole pick.
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(hardware(page).getByLabel('VRAM (GB)', { exact: true })).toHaveValue(/^4(\.0)?$/);
  await expect(estimate(page)).toContainText('2.79×–20.16×');
});

test('at 1280×800 the Typical RAM select is not cut: its label and its first line show whole', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  const select = page.getByRole('region', { name: 'Hardware' }).getByLabel('Typical RAM…');
  await expect(select).toHaveValue('');
  // Its text ("Pick a RAM type…") fits the box beside the arrow (the box was 151 px: "Pick a RAM▾").
  const fits = await select.evaluate((s: HTMLSelectElement) => {
    const c = document.createElement('canvas').getContext('2d')!;
    const st = getComputedStyle(s);
    c.font = `${st.fontWeight} ${st.fontSize} ${st.fontFamily}`;
    const text = c.measureText(s.options[s.selectedIndex]!.text).width;
    return text + parseFloat(st.paddingLeft) + parseFloat(st.paddingRight) + 24 <= s.clientWidth;
  });
  expect(fits).toBe(true);
});
