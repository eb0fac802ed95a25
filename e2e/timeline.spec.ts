import { expect, test, type Page } from './fixtures';
import { day, plannedChart } from './locators';

/** The on-screen box of a job's bar in the planned chart. */
async function barBox(page: Page, name: string) {
  const bar = plannedChart(page)
    .locator('g.bar', { has: page.locator(`title:text-matches("^${name}:")`) })
    .first();
  return (await bar.boundingBox())!;
}

/** The words drawn in the day's two charts: lane names, bar labels, window names, ticks. */
const chartWords = (page: Page) => day(page).locator('svg text').allTextContents();

/**
 * A 1,000-card bench document: four GPU-exclusive windows, each with 226 CPU jobs on 16
 * cores; a co-residency window of 91 small models; an overflow window.
 */
function thousandCards(): string {
  const lines = ['name: 1,000 cards', 'hardware: {vram_gb: 24, ram_gb: 128, cpu_cores: 16}', 'models:'];
  const windows: string[] = [];
  for (let w = 0; w < 4; w++) {
    lines.push(`  - {name: gpu_${w}, vram_gb: 20, residency: GPU_EXCLUSIVE, hours: ${5 + w}}`);
    const cpu = Array.from({ length: 226 }, (_, i) => `cpu_${w}_${i}`);
    cpu.forEach((name, i) =>
      lines.push(`  - {name: ${name}, vram_gb: 0, residency: CPU_ONLY, hours: ${(1 + (i % 4)) / 4}}`),
    );
    windows.push(
      `  - {name: exclusive_${w}, pattern: serial_handoff, gpu_job: gpu_${w}, candidates: [${cpu.join(', ')}]}`,
    );
  }
  const shared = Array.from({ length: 91 }, (_, i) => `shared_${i}`);
  shared.forEach((name, i) =>
    lines.push(`  - {name: ${name}, vram_gb: 0.2, residency: GPU_SHARED, hours: ${1 + (i % 3) / 2}}`),
  );
  windows.push(
    `  - {name: stack, pattern: fractional_coresidency, candidates: [${shared.join(', ')}], headroom_gb: 0.5}`,
  );
  lines.push(
    '  - {name: big_folder, vram_gb: 30, residency: GPU_RAM_OVERFLOW, ram_overflow_supported: true, ram_gb_needed: 60, hours: 1}',
  );
  windows.push('  - {name: spill, pattern: ram_overflow, model: big_folder, headroom_gb: 0.5}');
  return [...lines, 'windows:', ...windows, ''].join('\n');
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
  // big_folder (1 h) is timed from the default bench's bandwidths: × 2.7875–20.1595 (core/overflow-time.test.ts).
  await expect(day(page)).toContainText(
    '4.5 h saved (14–31% of the day)Planned: 9.79–27.16 h instead of 14.29–31.66 h',
  );
});

test("changing a card's hours moves its bar and the hours saved", async ({ page }) => {
  const before = await barBox(page, 'reranker');
  await page
    .getByRole('listitem', { name: 'Model card long_inference' })
    .getByLabel('Hours (h)', { exact: true })
    .fill('9');
  await expect(day(page)).toContainText(
    '4.5 h saved (13–26% of the day)Planned: 12.79–30.16 h instead of 17.29–34.66 h',
  );
  // The morning window now starts at 9 h instead of 6 h: the reranker bar moves right.
  await expect.poll(async () => (await barBox(page, 'reranker')).x).toBeGreaterThan(before.x + 5);
  await page
    .getByRole('listitem', { name: 'Model card feature_extractor' })
    .getByLabel('Hours (h)', { exact: true })
    .fill('12');
  await expect(day(page)).toContainText(
    '11.5 h saved (26–42% of the day)Planned: 15.79–33.16 h instead of 27.29–44.66 h',
  );
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
  await page.getByRole('button', { name: 'Delete window overnight' }).click();
  await page.getByRole('button', { name: 'Suggest a day' }).click();
  await expect(page.getByRole('region', { name: 'Suggested day' })).toContainText('a planned day of 9.79–27.16 h');
  await page.getByRole('button', { name: 'Use this day' }).click();
  await expect(page.getByRole('region', { name: 'Why this plan' })).toContainText(
    'long_inference holds the GPU for 6 h (3.5 of 4.0 GB)',
  );
});

test('the empty bench: suggest windows, undo and redo leave no stray "0 h" and no repeated tick', async ({ page }) => {
  await day(page).screenshot({ path: 'screenshots/timeline-default.png' });
  const defaultTicks = (await chartWords(page)).filter((t) => / h$/.test(t));
  await page.getByLabel('Preset').selectOption({ label: 'Empty bench' });
  await page.getByRole('button', { name: 'Load' }).click();
  await expect(day(page)).toContainText('No job runs in this day yet');
  await page.getByRole('button', { name: 'Suggest windows' }).click();
  await expect.poll(() => chartWords(page)).toEqual(['GPU', 'one at a time']);
  const undo = page.getByRole('button', { name: 'Undo' });
  while (await undo.isEnabled()) await undo.click();
  await expect(day(page)).toContainText('Planned: 9.79–27.16 h instead of 14.29–31.66 h');
  await expect.poll(async () => (await chartWords(page)).filter((t) => / h$/.test(t))).toEqual(defaultTicks);
  const redo = page.getByRole('button', { name: 'Redo' });
  while (await redo.isEnabled()) await redo.click();
  await expect(day(page)).toContainText('No job runs in this day yet');
  await expect.poll(() => chartWords(page)).toEqual(['GPU', 'one at a time']);
});

test('a 1,000-card day is drawn per window and lane, the waiting bench per window', async ({ page }) => {
  test.slow(); // importing and planning 1,000 cards takes 10–25 s on a loaded 2-core machine
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a bench' });
  await dialog.getByLabel('Or paste YAML').fill(thousandCards());
  await dialog.getByRole('button', { name: 'Import pasted text' }).click();
  await expect(dialog).toBeHidden();
  await expect(day(page)).toContainText('1000 jobs: drawn per window and lane, the waiting bench per window');
  const waitingChart = day(page).getByRole('img', { name: /^Gantt chart of the waiting bench/ });
  await expect(waitingChart.locator('g.bar')).toHaveCount(6);
  expect(await plannedChart(page).locator('g.bar').count()).toBeLessThanOrEqual(6 * 18);
  await expect(day(page).getByText('The day as a table (1000 jobs)')).toBeVisible();
  await day(page).scrollIntoViewIfNeeded();
  await day(page).screenshot({ path: 'screenshots/timeline-1000.png' });
  await day(page).getByRole('button', { name: 'One after another' }).click();
  await expect(day(page).getByRole('button', { name: 'One after another' })).toHaveAttribute('aria-pressed', 'true');
  await expect(plannedChart(page)).not.toHaveClass(/animating/, { timeout: 5000 }); // the toggle's animation ended
  await day(page).screenshot({ path: 'screenshots/timeline-1000-waiting.png' });
});

test('on a phone the day’s chart is drawn at its width from its first frame (not 720 px, then again)', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.addInitScript(() => {
    // The width the planned chart has in each frame the page paints, from its first on (read in
    // the frame's animation callbacks, which run after the task's microtasks, just before paint).
    const w = window as unknown as { chartWidths: string[] };
    w.chartWidths = [];
    const read = () => {
      const width = document.querySelector('[data-tour="day-chart"] svg')?.getAttribute('width');
      if (width != null && w.chartWidths.at(-1) !== width) w.chartWidths.push(width);
      if (w.chartWidths.length === 0 || performance.now() < 3000) requestAnimationFrame(read);
    };
    requestAnimationFrame(read);
  });
  await page.goto('/');
  await expect(plannedChart(page)).toBeVisible();
  await page.waitForTimeout(500);
  const widths = await page.evaluate(() => (window as unknown as { chartWidths: string[] }).chartWidths);
  const box = (await page.locator('[data-tour="day-chart"]').boundingBox())!;
  expect(widths.length).toBeGreaterThan(0);
  expect(Number(widths[0])).toBeLessThanOrEqual(box.width + 1);
  expect(widths).toHaveLength(1);
});
