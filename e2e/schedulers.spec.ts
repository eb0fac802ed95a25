import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures';
import { plan } from './locators';

const exportDialog = (page: Page) => page.getByRole('dialog', { name: 'Export' });

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
  await expect(plan(page)).toContainText('long_inference holds the GPU');
});

const FORMATS = [
  { label: /^Slurm/, file: 'submit_day.sh', head: '#!/usr/bin/env bash', marker: '--gres=${SHARING}:30' },
  {
    label: /^Kubernetes \(HAMi\)/,
    file: '4-GB-bench-a-composed-day.k8s.yaml',
    head: '# “4 GB bench — a composed day” on Kubernetes with HAMi',
    marker: 'nvidia.com/gpumem: 1229',
  },
  {
    label: /^Ray/,
    file: '4-GB-bench-a-composed-day_ray.py',
    head: '#!/usr/bin/env python3',
    marker: '@ray.remote(num_gpus=0.3, num_cpus=1, memory=4096 * MiB)',
  },
  {
    label: /^SkyPilot/,
    file: '4-GB-bench-a-composed-day.sky.yaml',
    head: '# “4 GB bench — a composed day” on SkyPilot',
    marker: 'accelerators: {T4:1, L4:1, A10G:1}',
  },
];

test('Export shows each cluster format with its preview, what it promises and its checks', async ({ page }) => {
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = exportDialog(page);
  const cluster = dialog.getByRole('group', { name: 'Run the day on a cluster' });
  for (const f of FORMATS) {
    await cluster.getByLabel(f.label).check();
    const preview = dialog.getByLabel(new RegExp(`^${f.file.replace(/\./g, '\\.')}`));
    await expect(preview).toHaveValue(new RegExp(`^${f.head.replace(/[()]/g, '\\$&')}`));
    expect(await preview.inputValue()).toContain(f.marker);
    const checks = dialog.getByRole('region', { name: /: what it promises$/ });
    await expect(checks).toContainText('What it promises.');
    await expect(checks).toContainText('Every co-resident set fits');
    await expect(checks).toContainText('7 jobs have no command yet');
    await expect(dialog.getByRole('button', { name: `Download ${f.file}` })).toBeEnabled();
  }
  await cluster.getByLabel(/^Slurm/).check();
  await expect(dialog.getByRole('region', { name: 'Slurm: what it promises' })).toContainText(
    'does not fence the processes running on the GPU',
  );
  const violations = (await new AxeBuilder({ page }).include('dialog').analyze()).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help}`);
  expect(violations).toEqual([]);
  await page.screenshot({ path: 'test-results/export-slurm.png' });
  await dialog.screenshot({ path: 'test-results/export-slurm-dialog.png' });
  const downloading = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download submit_day.sh' }).click();
  expect((await downloading).suggestedFilename()).toBe('submit_day.sh');
});

test('a card’s command goes into the export; a set that does not fit the slices is flagged before export', async ({
  page,
}) => {
  const card = page.getByRole('listitem', { name: 'Model card reranker' });
  await card.getByLabel('Command').fill('python rerank.py --batch 32');
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = exportDialog(page);
  await dialog.getByLabel(/^Kubernetes \(HAMi\)/).check();
  const preview = dialog.getByLabel(/^4-GB-bench-a-composed-day\.k8s\.yaml/);
  await expect(preview).toHaveValue(/\n {14}python rerank\.py --batch 32\n/);
  await expect(dialog.getByRole('region', { name: /what it promises/ })).toContainText('6 jobs have no command yet');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Three models of a third of a 1 GB card each: they fit the bench, not one GPU's 100 shards once rounded up.
  await page.getByRole('region', { name: 'Hardware' }).getByLabel('VRAM (GB)').fill('1');
  await page.getByRole('listitem', { name: 'Model card reranker' }).getByLabel('VRAM (GB)').fill('0.33333');
  await page.getByRole('listitem', { name: 'Model card embedder' }).getByLabel('VRAM (GB)').fill('0.33333');
  await page.getByRole('listitem', { name: 'Model card classifier_a' }).getByLabel('VRAM (GB)').fill('0.33333');
  await page.getByRole('listitem', { name: 'Window morning' }).getByLabel('Headroom (GB)').fill('0');
  await page.getByRole('button', { name: 'Export…' }).click();
  await dialog.getByLabel(/^Slurm/).check();
  await expect(dialog.getByRole('alert')).toContainText('ask for 102 shards, one GPU has 100');
  await dialog.getByLabel(/^Ray/).check();
  await expect(dialog.getByRole('alert')).toContainText('ask for 1.0002 GPUs in all');
});

test('a bench of two GPUs exports each job with its GPUs and each GPU’s own chain', async ({ page }) => {
  await page.getByLabel('Preset').selectOption({ label: '2 × RTX 3090 24 GB — a 70B split overnight' });
  await page.getByRole('button', { name: 'Load' }).click();
  await expect(plan(page)).toContainText('llama70b_q4');
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = exportDialog(page);
  const cluster = dialog.getByRole('group', { name: 'Run the day on a cluster' });
  const preview = async (label: RegExp, file: RegExp) => {
    await cluster.getByLabel(label).check();
    const box = dialog.getByLabel(file);
    await expect(box).toHaveValue(/\S/);
    return box.inputValue();
  };
  // The split holds both GPUs; the two windows after it each wait for it alone (one on each GPU).
  const slurm = await preview(/^Slurm/, /^submit_day\.sh/);
  expect(slurm).toContain('submit J_w1_llama70b_q4 --job-name=w1-llama70b-q4 --gres=gpu:2');
  expect(slurm).toContain("each GPU's windows one after another, 2 GPUs side by side");
  expect(slurm.match(/"--dependency=afterok:\$\{W1_JOBS\}"/g)?.length).toBeGreaterThanOrEqual(2);
  const k8s = await preview(/^Kubernetes \(HAMi\)/, /\.k8s\.yaml/);
  expect(k8s).toMatch(/nvidia\.com\/gpu: 2\n/);
  expect(k8s).toMatch(/name: 2-rtx-3090-24-gb-a-70b-split-overnight-[0-9a-f]{8}-w1-llama70b-q4/);
  expect(await preview(/^Ray/, /_ray\.py/)).toContain('@ray.remote(num_gpus=2,');
  expect(await preview(/^SkyPilot/, /\.sky\.yaml/)).toContain('accelerators: RTX3090:2');
  await page.screenshot({ path: 'test-results/export-two-gpus.png' });
});
