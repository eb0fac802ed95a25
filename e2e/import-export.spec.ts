import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';
import { notice, plan } from './locators';

const fixturePath = (f: string) => new URL(`../fixtures/${f}`, import.meta.url).pathname;
const hardwareVram = (page: Page) => page.getByRole('region', { name: 'Hardware' }).getByLabel('VRAM (GB)');
/** The plan's words and numbers (captions, tables, lists), without the drawn charts. */
const planText = (page: Page) =>
  page.evaluate(() => {
    const region = document.querySelector('section.plan')!.cloneNode(true) as HTMLElement;
    region.querySelectorAll('.chart').forEach((c) => c.remove());
    return region.textContent ?? '';
  });

const REFERENCE = [
  { file: 'bench_4gb.yaml', vram: '4', marker: 'big_folder spilled to RAM' },
  { file: 'bench_8gb.yaml', vram: '8', marker: 'long_inference holds the GPU' },
  { file: 'bench_24gb.yaml', vram: '24', marker: 'huge_model spilled to RAM' },
];

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
  await expect(plan(page)).toContainText('long_inference holds the GPU');
});

async function importByPicker(page: Page, path: string) {
  await page.getByRole('button', { name: 'Import…' }).click();
  await page.getByLabel('From a YAML file').setInputFiles(path);
}

async function drop(page: Page, name: string, text: string) {
  const dt = await page.evaluateHandle(
    ({ name, text }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], name, { type: 'application/yaml' }));
      return dt;
    },
    { name, text },
  );
  await page.dispatchEvent('main', 'dragenter', { dataTransfer: dt });
  await expect(page.getByText('Drop a YAML file to import it')).toBeVisible();
  await page.dispatchEvent('main', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('main', 'drop', { dataTransfer: dt });
}

for (const ref of REFERENCE) {
  test(`${ref.file} imports by file picker`, async ({ page }) => {
    await importByPicker(page, fixturePath(ref.file));
    await expect(notice(page)).toContainText(`Imported ${ref.file} (nvinx config)`);
    await expect(page.getByRole('dialog')).toBeHidden();
    await expect(hardwareVram(page)).toHaveValue(ref.vram);
    await expect(plan(page)).toContainText(ref.marker);
  });

  test(`${ref.file} imports by drop`, async ({ page }) => {
    await page.getByLabel('Preset').selectOption({ label: 'Empty bench' });
    await page.getByRole('button', { name: 'Load' }).click();
    await drop(page, ref.file, readFileSync(fixturePath(ref.file), 'utf8'));
    await expect(notice(page)).toContainText(`Imported ${ref.file} (nvinx config)`);
    await expect(hardwareVram(page)).toHaveValue(ref.vram);
    await expect(plan(page)).toContainText(ref.marker);
    await expect(page.getByText('Drop a YAML file to import it')).toBeHidden();
  });
}

test('a file dropped before the file actions have loaded is kept, not opened, and imported once they load', async ({
  page,
}) => {
  // The file actions' chunk is held back until the file has been dropped.
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  await page.route(/\/assets\/ImportExportSlots-[\w-]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Import…' })).toBeDisabled();
  const text = readFileSync(fixturePath('bench_8gb.yaml'), 'utf8');
  const prevented = await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'early.yaml', { type: 'application/yaml' }));
    const over = new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true });
    const drop = new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true });
    document.querySelector('main')!.dispatchEvent(over);
    document.querySelector('main')!.dispatchEvent(drop);
    // Not prevented, the browser would open the file in place of the page.
    return { over: over.defaultPrevented, drop: drop.defaultPrevented };
  }, text);
  expect(prevented).toEqual({ over: true, drop: true });
  await expect(notice(page)).toHaveCount(0);
  release();
  await expect(notice(page)).toContainText('Imported early.yaml (nvinx config)');
  await expect(hardwareVram(page)).toHaveValue('8');
  await expect(plan(page)).toContainText('long_inference holds the GPU');
  // Imported once: one undo step brings the bench before it back.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(hardwareVram(page)).not.toHaveValue('8');
});

test('a misspelt field names the field it most likely means, where it is', async ({ page }) => {
  const text =
    'hardware:\n  vram_gb: 4\n  ram_gb: 8\n  cpu_cores: 2\nmodels:\n  - name: a\n    vram_gbb: 1\n    residency: GPU_SHARED\n';
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a bench' });
  await dialog.getByLabel('Or paste YAML').fill(text);
  await dialog.getByRole('button', { name: 'Import pasted text' }).click();
  await expect(dialog.getByRole('alert')).toContainText('has 1 problem');
  await expect(dialog).toContainText('models[0] is missing the required field vram_gb');
  await expect(dialog).toContainText(
    'line 7, column 5: models[0].vram_gbb is not a field the planner knows (did you mean vram_gb?); it is ignored',
  );
  await dialog.screenshot({ path: 'screenshots/import-did-you-mean.png' });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: 'screenshots/import-did-you-mean-phone.png', fullPage: false });
});

test('a misplaced indent, pasted or dropped, is one problem at its own line, in plain words with the fix', async ({
  page,
}) => {
  const text =
    'hardware:\n  vram_gb: 4\n  ram_gb: 8\n  cpu_cores: 2\nmodels:\n  - name: a\n   vram_gb: 1\n    residency: GPU_SHARED\n';
  const words =
    'line 7, column 4: Indentation: "vram_gb" is indented 3 spaces, which lines up with no key or item above it. Indent it 4 spaces, as "name" on line 6.';
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a bench' });
  await dialog.getByLabel('Or paste YAML').fill(text);
  await dialog.getByRole('button', { name: 'Import pasted text' }).click();
  await expect(dialog.getByRole('alert')).toContainText('has 1 problem');
  await expect(dialog).toContainText(words);
  await expect(dialog.getByLabel('Lines around line 7, column 4')).toContainText('> 7 |    vram_gb: 1');
  await dialog.screenshot({ path: 'screenshots/import-indent.png' });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await drop(page, 'indent.yaml', text);
  await expect(dialog.getByRole('alert')).toContainText('Nothing was imported: indent.yaml has 1 problem');
  await expect(dialog).toContainText(words);
});

test('a bad file shows line and column and leaves the bench unchanged', async ({ page }) => {
  const before = await planText(page);
  await drop(page, 'broken.yaml', 'hardware:\n  vram_gb: 4.0\n  ram_gb: 32\n  cpu_cores: eight\nmodels: []\n');
  const dialog = page.getByRole('dialog', { name: 'Import a bench' });
  await expect(dialog.getByRole('alert')).toContainText('Nothing was imported: broken.yaml has 1 problem');
  await expect(dialog).toContainText('line 4, column 14: hardware.cpu_cores must be a number');
  await expect(dialog.getByLabel('Lines around line 4, column 14')).toContainText('> 4 |   cpu_cores: eight');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect.poll(() => planText(page)).toBe(before);
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
});

test('a UTF-16 file (Windows PowerShell 5 writes them) imports; bytes that are not UTF-8 are said where they are', async ({
  page,
}) => {
  const before = await planText(page);
  const text = readFileSync(fixturePath('bench_8gb.yaml'), 'utf8');
  await page.getByRole('button', { name: 'Import…' }).click();
  await page
    .getByLabel('From a YAML file')
    .setInputFiles({ name: 'ps.yaml', mimeType: 'application/yaml', buffer: Buffer.from(`\ufeff${text}`, 'utf16le') });
  await expect(notice(page)).toContainText('Imported ps.yaml (nvinx config)');
  await expect(hardwareVram(page)).toHaveValue('8');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => planText(page)).toBe(before);
  await page.getByRole('button', { name: 'Import…' }).click();
  const latin1 = Buffer.from(
    'hardware: {vram_gb: 4.0, ram_gb: 32.0, cpu_cores: 8}\nmodels:\n  - {name: caf\xe9, vram_gb: 1.0, residency: CPU_ONLY}\n',
    'latin1',
  );
  await page
    .getByLabel('From a YAML file')
    .setInputFiles({ name: 'latin1.yaml', mimeType: 'application/yaml', buffer: latin1 });
  const dialog = page.getByRole('dialog', { name: 'Import a bench' });
  await expect(dialog).toContainText('line 3, column 15: this is not a UTF-8 text file');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect.poll(() => planText(page)).toBe(before);
});

test('export then import gives the same plan', async ({ page }) => {
  await page.getByRole('listitem', { name: 'Model card reranker' }).getByLabel('VRAM (GB)').fill('3');
  await expect(plan(page)).toContainText('2 model(s) co-resident');
  const before = await planText(page);
  await page.getByRole('button', { name: 'Export…' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: /^Download .*\.planner\.yaml$/ }).click();
  const file = await (await downloading).path();
  await page.getByRole('dialog', { name: 'Export' }).getByRole('button', { name: 'Close' }).click();

  await page.getByLabel('Preset').selectOption({ label: 'nvinx reference: 24 GB bench' });
  await page.getByRole('button', { name: 'Load' }).click();
  // The bench was edited: Load asks first.
  await page
    .getByRole('alertdialog', { name: /^Load “nvinx reference: 24 GB bench”\?/ })
    .getByRole('button', { name: 'Load the preset' })
    .click();
  await expect(plan(page)).toContainText('huge_model');

  await importByPicker(page, file);
  await expect(notice(page)).toContainText('(planner bench document)');
  await expect.poll(() => planText(page)).toBe(before);
});

test('a share link opened in a new page restores the bench', async ({ page, context, browser }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('listitem', { name: 'Model card reranker' }).getByLabel('VRAM (GB)').fill('3');
  await page.getByLabel('Bench name').fill('shared bench');
  await expect(plan(page)).toContainText('2 model(s) co-resident');
  const before = await planText(page);
  await page.evaluate(() => window.scrollTo(0, 0));
  const undoAt = await page.getByRole('button', { name: 'Undo' }).boundingBox();
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByText(/^Link copied/)).toBeVisible();
  // Its outcome floats over the page: the toolbar and the page below it do not move.
  expect(await page.getByRole('button', { name: 'Undo' }).boundingBox()).toEqual(undoAt);
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toMatch(/#bench=1\.[A-Za-z0-9_-]+$/);

  const other = await browser.newContext();
  const fresh = await other.newPage();
  await fresh.goto(link);
  await expect(fresh.locator('.notice')).toContainText('Opened the shared bench “shared bench”');
  await expect.poll(() => planText(fresh)).toBe(before);
  expect(new URL(fresh.url()).hash).toBe('');
  await other.close();
});

test('a link with a damaged fragment shows the message and keeps the bench', async ({ page }) => {
  const before = await planText(page);
  await page.goto('/#bench=1.eJyrVkrLz1eyUkpKLFKqBQAdegQ');
  await expect(page.getByRole('alert')).toContainText('This share link is damaged');
  await expect(page.getByRole('alert')).toContainText('Your bench is unchanged.');
  await expect.poll(() => planText(page)).toBe(before);
});

test('hostile files get a clear refusal and the tab stays responsive', async ({ page }) => {
  const before = await planText(page);
  const dialog = page.getByRole('dialog', { name: 'Import a bench' });
  // 20 MB: refused from its size, before it is read.
  const big = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['x'.repeat(20 * 1024 * 1024)], 'huge.yaml'));
    return dt;
  });
  await page.dispatchEvent('main', 'drop', { dataTransfer: big });
  await expect(dialog.getByRole('alert')).toContainText('the file is too large (20.0 MB)');
  await dialog.getByRole('button', { name: 'Close' }).click();
  const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++)
    levels.push(
      `l${i}: &l${i} [${Array(9)
        .fill(i === 1 ? '*a' : `*l${i - 1}`)
        .join(', ')}]`,
    );
  await drop(page, 'bomb.yaml', levels.join('\n'));
  await expect(dialog.getByRole('alert')).toContainText('alias');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await drop(
    page,
    'script.yaml',
    'hardware: {vram_gb: 4, ram_gb: 8, cpu_cores: 2}\nmodels:\n  - {name: "<img src=x onerror=window.pwned=1>", vram_gb: 1, residency: CPU_ONLY}\n',
  );
  await expect(page.getByRole('listitem', { name: 'Model card <img src=x onerror=window.pwned=1>' })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => planText(page)).toBe(before);
});

test('Import… tells a model file and a calibration from a bench, as a drop on the page does (issue 22)', async ({
  page,
}) => {
  const config = readFileSync('src/model-files/testdata/hf-configs/qwen3-30b-a3b-finetune.json');
  await page.getByRole('button', { name: 'Import…' }).click();
  await page
    .getByLabel('From a YAML file')
    .setInputFiles({ name: 'config.json', mimeType: 'application/json', buffer: config });
  const ask = page.getByRole('dialog', { name: 'Estimate VRAM from config.json' });
  await expect(ask).toBeVisible();
  await expect(page.getByRole('dialog', { name: 'Import a bench' })).toHaveCount(0);
  await expect(notice(page)).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(ask).toBeHidden();

  await importByPicker(page, fixturePath('calibration_result.json'));
  await expect(notice(page)).toContainText('Calibration imported from calibration_result.json');
});

test('on a phone the Export dialog shows its preview on its first screen, readable, with Download under it', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  const preview = dialog.getByRole('textbox');
  await expect(preview).toHaveValue(/^# nvinx planner bench document/);
  // Without scrolling the dialog: the preview and Download are wholly in the window.
  await expect(preview).toBeInViewport({ ratio: 1 });
  await expect(dialog.getByRole('button', { name: /^Download / })).toBeInViewport({ ratio: 1 });
  // Only the chosen format keeps its sentence; another one chosen shows its own.
  await expect(dialog.getByText('Hardware, models and windows: what the planner reads back.')).toBeVisible();
  await expect(dialog.getByText(/Calls nvinx 0.1’s patterns/)).toBeHidden();
  await dialog.getByRole('radio', { name: /Python script/ }).check();
  await expect(dialog.getByText(/Calls nvinx 0.1’s patterns/)).toBeVisible();
  await expect(preview).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: 'screenshots/export-phone.png' });
});
