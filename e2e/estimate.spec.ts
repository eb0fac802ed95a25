import { readFileSync } from 'node:fs';
import { LLAMA3_8B } from '../src/model-files/testdata/configs';
import { writeGguf, str, u32 } from '../src/model-files/testdata/gguf-writer';
import type { Locator } from '@playwright/test';
import { expect, test, type Page } from './fixtures';
import { card } from './locators';

/** Issue 10: a card's VRAM from the model file, its breakdown, and a measured value that wins. */

/** Drop files on an element as a browser does: dragenter, dragover, drop with a DataTransfer. */
async function drop(page: Page, target: Locator, name: string, bytes: Uint8Array | string) {
  const data = typeof bytes === 'string' ? [...new TextEncoder().encode(bytes)] : [...bytes];
  const dt = await page.evaluateHandle(
    ({ name, data }) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(data)], name));
      return dt;
    },
    { name, data },
  );
  await target.dispatchEvent('dragenter', { dataTransfer: dt });
  await target.dispatchEvent('dragover', { dataTransfer: dt });
  await target.dispatchEvent('drop', { dataTransfer: dt });
}

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
});

test('a config.json dropped on a card gives its estimate and breakdown, which fills VRAM and survives a reload', async ({
  page,
}) => {
  const c = card(page, 'long_inference');
  await drop(page, c, 'config.json', JSON.stringify(LLAMA3_8B));
  const table = c.getByRole('table', { name: /VRAM estimate for long_inference, from config\.json/ });
  await expect(table).toBeVisible();
  // The card took the drop: the page's drop overlay is gone all the same.
  await expect(page.locator('.drop-overlay')).toHaveCount(0);
  // KV cache at 4,096 tokens: 2 × 8 KV heads × 128 × 32 layers × 4,096 × 2 bytes = 512 MiB.
  await expect(table.getByRole('row', { name: /^KV cache/ })).toContainText('0.500');
  await expect(table.getByRole('row', { name: /^KV cache/ })).toContainText('2 × 8 KV heads × 128 head size');
  await c.getByLabel('Context').fill('8192');
  // 8,192 tokens: 1,024 MiB, as llama.cpp reports for Llama-3-8B (f16 cache).
  await expect(table.getByRole('row', { name: /^KV cache/ })).toContainText('1.000');
  // Weights 8,030,261,248 × 2 bytes; activations 512 × (4 × 4,096 + 2 × 14,336) × 2 + scores
  // 32 × 512 × 8,192 × 4 + logits 512 × 128,256 × 4; + 0.5 GB; × 1.1 = 18.9696 GB → 18.97.
  const expected =
    Math.ceil(
      ((16_060_522_496 + 1024 * 2 ** 20 + (512 * 45_056 * 2 + 32 * 512 * 8192 * 4 + 512 * 128_256 * 4) + 2 ** 29) *
        1.1 *
        100) /
        2 ** 30,
    ) / 100;
  expect(expected).toBe(18.97);
  await c.getByRole('button', { name: `Use ${expected} GB (estimated)` }).click();
  await expect(c.getByLabel('VRAM (GB)')).toHaveValue(String(expected));
  await expect(c).toContainText('From: estimated from config.json.');
  // The plan re-plans with it: 18.97 GB does not fit the 4 GB card.
  await expect(page.getByRole('region', { name: 'The plan' })).toContainText('18.97');
  await page.reload();
  await expect(card(page, 'long_inference').getByLabel('VRAM (GB)')).toHaveValue(String(expected));
  await expect(card(page, 'long_inference')).toContainText('From: estimated from config.json.');
  await expect(page.locator('.notice')).toHaveCount(0);
});

test('a measured value pasted wins, and typing a figure makes it typed again', async ({ page }) => {
  const c = card(page, 'feature_extractor');
  await c.getByRole('button', { name: 'Estimate VRAM…' }).click();
  await c.getByLabel('Parameters (billion)').fill('0.11');
  await expect(c.getByRole('table', { name: /from parameters × dtype/ })).toBeVisible();
  const pasted = '| 30%   45C    P2    60W /  170W |    1536MiB /  12288MiB |     87%      Default |';
  await c.getByLabel('Measured on the GPU (wins over the estimate)').fill(pasted);
  await expect(c).toContainText('Read 1.5 GB: nvidia-smi: 1536 MiB in use of 12288 MiB');
  await c.getByRole('button', { name: 'Use 1.5 GB (measured)' }).click();
  await expect(c.getByLabel('VRAM (GB)')).toHaveValue('1.5');
  await expect(c).toContainText('From: measured.');
  await c.getByLabel('VRAM (GB)').fill('1.7');
  await expect(c).toContainText('From: typed (an estimate is kept).');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(c.getByLabel('VRAM (GB)')).toHaveValue('1.5');
  await expect(c).toContainText('From: measured.');
});

test('a GGUF dropped on the page asks which card, then estimates it from its tensors', async ({ page }) => {
  // A tiny llama-shaped GGUF: 2 layers, 4 KV heads × 64; tensors of Q4_K and F32.
  const gguf = writeGguf(
    {
      'general.architecture': str('llama'),
      'llama.block_count': u32(2),
      'llama.context_length': u32(2048),
      'llama.embedding_length': u32(512),
      'llama.feed_forward_length': u32(1024),
      'llama.attention.head_count': u32(8),
      'llama.attention.head_count_kv': u32(4),
    },
    [
      { name: 'token_embd.weight', type: 'Q4_K', dims: [512, 1024] },
      { name: 'blk.0.attn_q.weight', type: 'Q4_K', dims: [512, 512] },
      { name: 'blk.1.attn_q.weight', type: 'Q4_K', dims: [512, 512] },
      { name: 'output_norm.weight', type: 'F32', dims: [512] },
    ],
  );
  await drop(page, page.getByRole('heading', { name: 'The plan' }), 'tiny-llama.Q4_K.gguf', gguf.bytes);
  const dialog = page.getByRole('dialog', { name: 'Estimate VRAM from tiny-llama.Q4_K.gguf' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Card')).toHaveValue(/new/);
  await dialog.getByRole('button', { name: 'Read it for this card' }).click();
  // The button pressed is gone: the focus is on the panel that replaced it, whose live region says the reading.
  await expect(dialog.getByRole('region', { name: 'VRAM estimate for tiny-llama.Q4_K' })).toBeFocused();
  await expect(
    dialog.locator('[aria-live="polite"]').filter({ hasText: 'Read tiny-llama.Q4_K.gguf (GGUF' }),
  ).toHaveCount(1);
  const table = dialog.getByRole('table', { name: /from tiny-llama\.Q4_K\.gguf \(llama\)/ });
  await expect(table).toBeVisible();
  // Weights: the tensors' exact bytes — Q4_K is 144 bytes per 256 weights; F32 4 bytes each.
  const bytes = ((512 * 1024 + 2 * 512 * 512) / 256) * 144 + 512 * 4;
  expect(bytes).toBe(gguf.dataBytes.reduce((a, b) => a + b, 0));
  await expect(table.getByRole('row', { name: /^Weights/ })).toContainText(`${bytes.toLocaleString('en-US')} bytes`);
  await dialog.getByRole('button', { name: /Use .* GB \(estimated\)/ }).click();
  await expect(dialog).toBeHidden();
  await expect(card(page, 'tiny-llama.Q4_K')).toContainText('From: estimated from tiny-llama.Q4_K.gguf.');
});

test('a model looked up on the Hub (recorded answers) fills the estimate; offline says so and asks nothing', async ({
  page,
  context,
}) => {
  const recorded = JSON.parse(
    readFileSync(new URL('../src/model-files/testdata/hub/qwen2-0.5b.json', import.meta.url), 'utf8'),
  ) as Record<string, { status: number; headers: Record<string, string>; body: unknown }>;
  const asked: string[] = [];
  await page.route('https://huggingface.co/**', async (route) => {
    const url = route.request().url();
    asked.push(url);
    const r = recorded[url];
    if (r === undefined) return route.fulfill({ status: 404, body: '' });
    await route.fulfill({
      status: r.status,
      headers: { ...r.headers, 'access-control-allow-origin': '*' },
      body: typeof r.body === 'string' ? r.body : JSON.stringify(r.body),
    });
  });
  const c = card(page, 'feature_extractor');
  await c.getByRole('button', { name: 'Estimate VRAM…' }).click();
  await c.getByLabel('Or a Hugging Face model id').fill('Qwen/Qwen2-0.5B');
  expect(asked).toEqual([]);
  await c.getByRole('button', { name: 'Look up on the Hub' }).click();
  const table = c.getByRole('table', { name: /from Qwen\/Qwen2-0\.5B on the Hub/ });
  await expect(table).toBeVisible();
  await expect(c).toContainText('Read Qwen/Qwen2-0.5B from the Hub.');
  expect(asked.sort()).toEqual(Object.keys(recorded).sort());
  await context.setOffline(true);
  await c.getByLabel('Or a Hugging Face model id').fill('Qwen/Qwen2-7B');
  await c.getByRole('button', { name: 'Look up on the Hub' }).click();
  await expect(c).toContainText('You are offline: the Hub cannot be asked.');
  expect(asked).toHaveLength(Object.keys(recorded).length);
  await context.setOffline(false);
});

test('a file that cannot be read for a new card leaves no card behind', async ({ page }) => {
  // Every card drawn (they come two a frame as the page opens): as many as the heading counts.
  const heading = page.getByRole('heading', { name: /^Model cards \(\d+\)$/ });
  const before = Number(/\d+/.exec((await heading.textContent()) ?? '')?.[0]);
  expect(before).toBeGreaterThan(0);
  await expect(page.locator('li.card')).toHaveCount(before);
  await drop(page, page.getByRole('heading', { name: 'The plan' }), 'broken.Q4_K_M.gguf', 'not a gguf at all');
  const dialog = page.getByRole('dialog', { name: 'Estimate VRAM from broken.Q4_K_M.gguf' });
  await dialog.getByRole('button', { name: 'Read it for this card' }).click();
  await expect(dialog.getByRole('alert')).toContainText('not a GGUF file');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.locator('li.card')).toHaveCount(before);
  await expect(page.getByRole('listitem', { name: 'Model card broken.Q4_K_M' })).toHaveCount(0);
});

test('a mixture of experts: its confidence and notes, every expert held, and experts placed in RAM (issue 20)', async ({
  page,
}, testInfo) => {
  const c = card(page, 'long_inference');
  const qwen3 = readFileSync('src/model-files/testdata/hf-configs/qwen3-30b-a3b-finetune.json', 'utf8');
  await drop(page, c, 'config.json', qwen3);
  const table = c.getByRole('table', { name: /VRAM estimate for long_inference, from config\.json/ });
  await expect(table).toBeVisible();
  // 30,532,122,624 parameters × 2 bytes: every expert is in memory (56.871 GiB).
  await expect(table.getByRole('row', { name: /^Weights/ })).toContainText('56.871');
  await expect(c).toContainText('Confidence counted: an architecture the reader knows');
  await expect(c).toContainText('a token reads 3,353,032,704 of the 30,532,122,624 parameters');
  await c.getByText(/What the estimate assumed \(\d+ notes\)/).click();
  await expect(c.getByText(/^mixture of experts: 128 routed experts of 768/)).toBeVisible();
  await c.getByLabel('MoE layers with experts in RAM').fill('48');
  await c.getByLabel('MoE layers with experts in RAM').press('Tab');
  const ram = table.getByRole('row', { name: /^Experts in RAM/ });
  await expect(ram).toContainText('llama.cpp --cpu-moe');
  await expect(table.getByRole('row', { name: /^Weights/ })).toContainText('less the experts in RAM');
  await page.setViewportSize({ width: 1280, height: 800 });
  await c.getByRole('table').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('moe-desktop.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await c.getByRole('table').scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('moe-phone.png') });
  await page.setViewportSize({ width: 1280, height: 800 });
  await c.getByRole('button', { name: /Use .* GB \(estimated\), .* GB as RAM needed/ }).click();
  await expect(c).toContainText('From: estimated from config.json.');
  // The notes, the confidence and the experts-in-RAM choice are kept with the card: after a
  // reload (saved state) the panel shows them again.
  await page.reload();
  // The page is drawn (the plan and the day) before the panel is asked for: the click then
  // lands on the settled page, and a lost click shows as the button not turning into Close.
  await expect(page.getByRole('heading', { name: 'The plan' })).toBeVisible();
  await expect(page.locator('#day-title')).toBeVisible();
  const again = card(page, 'long_inference');
  await expect(again).toContainText('From: estimated from config.json.');
  await again.getByRole('button', { name: 'Estimate VRAM…' }).click();
  await expect(again.getByRole('button', { name: 'Close the VRAM estimate' })).toBeVisible();
  await expect(again).toContainText('Confidence counted: an architecture the reader knows');
  await expect(again.getByText(/What the estimate assumed \(\d+ notes\)/)).toBeVisible();
  await expect(again.getByLabel('MoE layers with experts in RAM')).toHaveValue('48');
  await expect(page.locator('.notice')).toHaveCount(0);
});
