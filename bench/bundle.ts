/**
 * `npm run bench:bundle`: what the production build loads at start and what it loads later.
 * Builds into its own directory (a preview served from dist/ is left alone), then prints
 * every JavaScript chunk with its gzip size, whether the page loads it before the first
 * paint (named by index.html, or imported statically by such a chunk), and the biggest
 * modules of each chunk (rendered bytes, before minification) and the start-up bytes by folder.
 * `--modules N` prints N modules per chunk (default 25). Then it checks the count in a real
 * Chromium (`--no-browser` skips it): the built page served by `vite preview`, a first visit (no
 * saved state), and which JavaScript files the browser requested before the day's chart was
 * painted (the first animation frame after the Gantt chart is in the page) — each of them must
 * be counted as start-up, and each start-up file must be among them. Asserts nothing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { build, preview, type Plugin } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLE_DIR = join(root, 'node_modules', '.cache', 'bench-bundle-dist');

export interface ChunkInfo {
  readonly file: string;
  readonly bytes: number;
  readonly gzip: number;
  readonly initial: boolean;
  /** Modules by rendered size, largest first: [id relative to the root, bytes]. */
  readonly modules: readonly (readonly [string, number])[];
}

/** Build into `outDir` and describe its JavaScript chunks. */
export async function buildAndDescribe(outDir: string): Promise<ChunkInfo[]> {
  const chunks = new Map<string, { imports: string[]; modules: [string, number][]; code: string }>();
  const collect: Plugin = {
    name: 'bench-bundle-collect',
    generateBundle(_options, bundle) {
      for (const c of Object.values(bundle)) {
        if (c.type !== 'chunk') continue;
        const modules = Object.entries(c.modules)
          .map(([id, m]): [string, number] => [id.replace(root, '').replace(/^\0/, ''), m.renderedLength])
          .sort((a, b) => b[1] - a[1]);
        chunks.set(c.fileName, { imports: c.imports, modules, code: c.code });
      }
    },
  };
  await build({
    root,
    logLevel: 'warn',
    plugins: [collect],
    build: { outDir, emptyOutDir: true },
  });
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const initial = new Set<string>();
  const visit = (f: string) => {
    if (initial.has(f)) return;
    initial.add(f);
    for (const i of chunks.get(f)?.imports ?? []) visit(i);
  };
  for (const f of chunks.keys()) if (html.includes(f)) visit(f);
  // Bundles built on their own (the Web Worker's) are not chunks of the page's build: count
  // them from the files, as loaded later (a worker starts on first use).
  for (const f of readdirSync(join(outDir, 'assets')).filter((f) => f.endsWith('.js'))) {
    const file = `assets/${f}`;
    if (!chunks.has(file))
      chunks.set(file, { imports: [], modules: [], code: readFileSync(join(outDir, file), 'utf8') });
  }
  return [...chunks.entries()]
    .map(([file, c]) => ({
      file,
      bytes: Buffer.byteLength(c.code),
      gzip: gzipSync(c.code, { level: 9 }).length,
      initial: initial.has(file),
      modules: c.modules,
    }))
    .sort((a, b) => Number(b.initial) - Number(a.initial) || b.gzip - a.gzip);
}

export const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;

/** Totals: start-up and all JavaScript, gzip level 9. */
export function totals(chunks: readonly ChunkInfo[]) {
  const sum = (xs: readonly ChunkInfo[]) => xs.reduce((s, c) => s + c.gzip, 0);
  return { initial: sum(chunks.filter((c) => c.initial)), all: sum(chunks) };
}

export function printChunks(chunks: readonly ChunkInfo[]) {
  for (const c of chunks)
    console.log(
      `  ${c.initial ? 'start' : 'lazy '}  ${c.file}: ${kb(c.bytes)}, ${kb(c.gzip)} gzip${c.modules.length === 0 ? ' (built on its own: a worker)' : ''}`,
    );
  const t = totals(chunks);
  console.log(`  start-up ${kb(t.initial)} gzip (target ≤ 100 KB), all ${kb(t.all)} gzip (target ≤ 300 KB)`);
}

/**
 * What a real Chromium loads on a first visit to the build in `outDir` before the day is painted:
 * the JavaScript files requested before then (by file, `assets/…`) and when the day was painted (ms).
 */
async function loadedBeforeTheDay(outDir: string): Promise<{ files: string[]; paintedMs: number }> {
  const server = await preview({
    root,
    logLevel: 'warn',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1' },
  });
  const exe = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  const browser = await chromium.launch({ ...(exe ? { executablePath: exe } : {}), args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    // The time of the first frame after the day's chart is in the page.
    await page.addInitScript(() => {
      const w = window as unknown as { dayPainted?: number };
      new MutationObserver((_, mo) => {
        if (document.querySelector('[data-tour="day-chart"]') === null) return;
        mo.disconnect();
        requestAnimationFrame(() => (w.dayPainted = performance.now()));
      }).observe(document, { childList: true, subtree: true });
    });
    const url = server.resolvedUrls?.local[0];
    if (url === undefined) throw new Error('the preview has no address');
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { dayPainted?: number }).dayPainted !== undefined);
    await page.waitForLoadState('networkidle');
    return await page.evaluate(() => {
      const painted = (window as unknown as { dayPainted: number }).dayPainted;
      const files = performance
        .getEntriesByType('resource')
        .filter((e) => e.startTime < painted && /\.js$/.test(new URL(e.name).pathname))
        .map((e) => new URL(e.name).pathname.replace(/^\//, ''));
      return { files, paintedMs: painted };
    });
  } finally {
    await browser.close();
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--modules');
  const n = i >= 0 ? Number(process.argv[i + 1]) : 25;
  const chunks = await buildAndDescribe(BUNDLE_DIR);
  console.log('JavaScript chunks (start = loaded before the first paint):');
  printChunks(chunks);
  for (const c of n > 0 ? chunks : []) {
    console.log(
      `\n${c.initial ? 'start' : 'lazy'} chunk ${c.file} — its ${Math.min(n, c.modules.length)} biggest of ${c.modules.length} modules (rendered bytes, before minification):`,
    );
    for (const [id, bytes] of c.modules.slice(0, n)) console.log(`  ${String(bytes).padStart(8)}  ${id}`);
  }
  if (!process.argv.includes('--no-browser')) {
    const { files, paintedMs } = await loadedBeforeTheDay(BUNDLE_DIR);
    const start = new Set(chunks.filter((c) => c.initial).map((c) => c.file));
    const requested = new Set(files);
    const uncounted = files.filter((f) => !start.has(f));
    const unloaded = [...start].filter((f) => !requested.has(f));
    console.log(
      `\nIn Chromium (first visit, 390×844), the day was painted at ${paintedMs.toFixed(0)} ms after ${files.length} JavaScript files were requested:`,
    );
    for (const f of files) console.log(`  ${start.has(f) ? 'start' : 'NOT COUNTED'}  ${f}`);
    console.log(
      uncounted.length === 0 && unloaded.length === 0
        ? '  check: the browser loaded exactly the start-up files before the day was painted.'
        : `  check FAILED: ${uncounted.length} requested but not counted as start-up (${uncounted.join(', ')}); ${unloaded.length} counted but not requested (${unloaded.join(', ')}).`,
    );
  }
  // Folders of the start-up chunks, summed: where the start-up bytes come from.
  const byDir = new Map<string, number>();
  for (const c of chunks.filter((x) => x.initial))
    for (const [id, bytes] of c.modules) {
      const dir = id.startsWith('node_modules/')
        ? id
            .split('/')
            .slice(0, id.includes('/@') ? 3 : 2)
            .join('/')
        : id.split('/').slice(0, -1).join('/');
      byDir.set(dir, (byDir.get(dir) ?? 0) + bytes);
    }
  console.log('\nStart-up bytes by folder (rendered, before minification):');
  for (const [dir, bytes] of [...byDir].sort((a, b) => b[1] - a[1]))
    console.log(`  ${String(bytes).padStart(8)}  ${dir}`);
}
