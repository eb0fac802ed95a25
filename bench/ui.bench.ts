/**
 * `npm run bench:ui [-- --port N]`: how the page answers a keystroke, in Chromium, on the
 * production build; how long a 10,000-card import takes to show its plan; the JavaScript sizes.
 * Prints tables; asserts nothing (a benchmark, not a timed test). The preview listens on
 * `--port` (or BENCH_UI_PORT), else on a port the system gives free, so two checkouts never
 * collide.
 *
 * Two benches at each size (SIZES, default 10, 200, 2000 cards), both printed:
 * - `plain`: cards of 0.1–2 GB in a fixed pattern, a serial_handoff over the CPU cards and one
 *   co-residency window; opened from saved state (localStorage), no hours.
 * - `share link`: as a user's shared case study — an exclusive 20 GB card, a 30 GB overflow
 *   card, a 1.9 GB GPU_SHARED card (packed first: the one typed into), the rest random cards of
 *   0.05–1.5 GB (a fifth CPU_ONLY), every card with hours; windows: serial_handoff over the CPU
 *   cards, co-residency over all shared cards, ram_overflow. Opened from a share link (`#bench=…`)
 *   on a fresh page.
 *
 * Typing is measured one key at a time: a key, then nothing until the page has been quiet
 * for a while, so each key is the only interaction in flight. The key edits the VRAM of a
 * card the co-residency window *packs*, so every key changes the plan (its chart, the day,
 * the story), as real typing does. Each key is matched to its own Event Timing entry (by
 * the keydown's timestamp); a key with no entry was under the API's 16 ms reporting floor
 * and counts as 16 ms. Beside the key's duration (input to the next paint), the time until
 * the page has finished redrawing: from the key to the frame after the last DOM change it
 * caused (the deferred plan, charts and day included). The no-op is the same keys in a
 * plain text field no code listens to, on the same settled page.
 *
 * The build goes to its own directory, so a preview another process serves from dist/ is
 * left alone.
 *
 * To find where a key's time goes: `DEBUG=1` prints each key's Event Timing entries (handlers,
 * duration) and long animation frames; `PROFILE=dir` builds unminified, records a CPU profile of
 * each row's keys there and prints its top functions; `TRACE=dir` records a Chromium trace of
 * each row's keys (open it in DevTools' Performance panel: a key's frame, its damage, its draw).
 * SHAPES, SIZES, KEYS and IMPORTS (0: no import) choose what runs. GAP=ms types the keys in a row,
 * that far apart (a typist's pace: a key may come while the page redraws the last one), instead
 * of one at a time; _redrawn_ is then from the last key.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { build } from 'vite';
import { planBench } from '../src/core/day';
import type { Bench, ModelCard } from '../src/core/types';
import { encodeShareFragment } from '../src/bench/share';
import { TOUR_KEY } from '../src/store/view';
import { buildAndDescribe, printChunks } from './bundle';
import { largeBench } from './large-bench';

const root = new URL('..', import.meta.url).pathname;
const outDir = join(root, 'node_modules', '.cache', 'bench-ui-dist');
const KEYS = Number(process.env.KEYS ?? 20);
/** Keys typed in a row, this many ms apart; unset: one key at a time, the page quiet in between. */
const GAP = process.env.GAP === undefined ? null : Number(process.env.GAP);
const SIZES = (process.env.SIZES ?? '10,200,2000').split(',').map(Number);
/** A directory: build unminified, record a CPU profile of each row's keys there, print its top functions. */
const PROFILE = process.env.PROFILE;
/** A directory: a Chromium trace of each row's keys (DevTools' categories) goes there. */
const TRACE = process.env.TRACE;
let traces = 0;
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'disabled-by-default-devtools.timeline.invalidationTracking',
  'disabled-by-default-devtools.timeline.layers',
  'blink.user_timing',
  'latencyInfo',
  'v8.execute',
  'cc',
  'viz',
  'gpu',
  'benchmark',
];
const SHAPES = (process.env.SHAPES ?? 'plain,share link').split(',') as Shape[];
type Shape = 'plain' | 'share link';

/** The port asked for (`--port N` or BENCH_UI_PORT), else one the system has free. */
async function choosePort(): Promise<number> {
  const i = process.argv.indexOf('--port');
  const asked = i >= 0 ? process.argv[i + 1] : process.env.BENCH_UI_PORT;
  if (asked !== undefined) return Number(asked);
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (typeof a === 'object' && a !== null ? resolve(a.port) : reject(new Error('no free port'))));
    });
  });
}
let port = 0;

function plainBench(n: number): Bench {
  const models: ModelCard[] = Array.from({ length: n }, (_, i) => ({
    name: `model_${i}`,
    vram_gb: 0.1 + (i % 20) / 10,
    residency: i === 0 ? 'GPU_EXCLUSIVE' : i % 5 === 0 ? 'CPU_ONLY' : 'GPU_SHARED',
    cpu_fallback_supported: i % 3 === 0,
    ram_overflow_supported: false,
    ram_gb_needed: null,
    hours: 1 + (i % 4) / 2,
  }));
  return {
    name: `${n} cards`,
    hardware: { vram_gb: 24, ram_gb: 128, cpu_cores: 16 },
    models,
    windows: [
      {
        name: 'exclusive',
        pattern: 'serial_handoff',
        gpu_job: 'model_0',
        candidates: models.filter((m) => m.residency === 'CPU_ONLY').map((m) => m.name),
      },
      {
        name: 'stack',
        pattern: 'fractional_coresidency',
        candidates: models.filter((m) => m.residency === 'GPU_SHARED').map((m) => m.name),
        headroom_gb: 0.5,
      },
    ],
  };
}

/** The share-link bench (see the header), deterministic for a size; the typed card first packed. */
function shareBench(n: number, seed = 11): { bench: Bench; card: string } {
  let x = seed;
  const rnd = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const hours = () => Math.round((0.5 + rnd() * 5) * 10) / 10;
  const card = (name: string, vram: number, residency: ModelCard['residency'], more: Partial<ModelCard> = {}) => ({
    name,
    vram_gb: vram,
    residency,
    cpu_fallback_supported: false,
    ram_overflow_supported: false,
    ram_gb_needed: null,
    hours: hours(),
    ...more,
  });
  const models: ModelCard[] = [
    card('trainer', 20, 'GPU_EXCLUSIVE'),
    card('big_llm', 30, 'GPU_RAM_OVERFLOW', { ram_overflow_supported: true, ram_gb_needed: 40 }),
    card('reranker', 1.9, 'GPU_SHARED'),
  ];
  for (let i = models.length; i < n; i++) {
    const cpu = rnd() < 0.2;
    models.push(
      card(
        `${cpu ? 'post' : 'model'}_${i}`,
        cpu ? 0 : Math.round((0.05 + rnd() * 1.45) * 100) / 100,
        cpu ? 'CPU_ONLY' : 'GPU_SHARED',
        {
          cpu_fallback_supported: !cpu && rnd() < 0.3,
        },
      ),
    );
  }
  const names = (r: ModelCard['residency']) => models.filter((m) => m.residency === r).map((m) => m.name);
  const bench: Bench = {
    name: `Shared case study, ${n} cards`,
    hardware: { vram_gb: 24, ram_gb: 64, cpu_cores: 16 },
    models,
    windows: [
      { name: 'training', pattern: 'serial_handoff', gpu_job: 'trainer', candidates: names('CPU_ONLY') },
      { name: 'serving', pattern: 'fractional_coresidency', candidates: names('GPU_SHARED'), headroom_gb: 0.5 },
      { name: 'long context', pattern: 'ram_overflow', model: 'big_llm', headroom_gb: 0.5 },
    ],
  };
  return { bench, card: 'reranker' };
}

/** A card the co-residency window packs, on the first page of cards: its VRAM is in the plan. */
function packedCard(b: Bench): string {
  const plan = planBench(b);
  const packed = new Set(plan.windows.flatMap((w) => (w.kind === 'plan' ? w.plan.gpu_coresident : [])));
  const card = b.models.slice(0, 25).find((m) => packed.has(m));
  if (card === undefined) throw new Error('no packed card on the first page');
  return card.name;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? NaN
    : s.length % 2 === 1
      ? s[(s.length - 1) / 2]!
      : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const p90 = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.9))]!;

interface Entry {
  name: string;
  start: number;
  duration: number;
  id: number;
  /** When the handlers started and ended, from the event's start. */
  handlers: [number, number];
}
interface Frame {
  start: number;
  duration: number;
  render: number;
  layout: number;
  scripts: string[];
}

/** Watches the page: keydowns, Event Timing entries, DOM changes and the frame after each. */
async function instrument(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    const keys: number[] = [];
    const entries: Entry[] = [];
    const frames: Frame[] = [];
    const state = { lastChange: 0, lastFrame: 0 };
    w.__bench = { keys, entries, frames, state };
    // Long animation frames (Chromium): which scripts ran in a frame, for DEBUG's lines.
    try {
      new PerformanceObserver((list) => {
        for (const f of list.getEntries() as unknown as {
          startTime: number;
          duration: number;
          renderStart: number;
          styleAndLayoutStart: number;
          scripts: { invoker: string; sourceFunctionName: string; startTime: number; duration: number }[];
        }[])
          frames.push({
            start: f.startTime,
            duration: f.duration,
            render: f.renderStart,
            layout: f.styleAndLayoutStart,
            scripts: f.scripts.map(
              (x) =>
                `${x.invoker}${x.sourceFunctionName ? ` ${x.sourceFunctionName}` : ''} @${Math.round(x.startTime - f.startTime)}+${Math.round(x.duration)}`,
            ),
          });
      }).observe({ type: 'long-animation-frame', buffered: true });
    } catch {
      // not supported: no frames in DEBUG's lines
    }
    addEventListener('keydown', (e) => keys.push(e.timeStamp), true);
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEventTiming & { interactionId: number })[])
        if (e.interactionId)
          entries.push({
            name: e.name,
            start: e.startTime,
            duration: e.duration,
            id: e.interactionId,
            handlers: [e.processingStart - e.startTime, e.processingEnd - e.startTime],
          });
    }).observe({ type: 'event', durationThreshold: 16, buffered: true } as PerformanceObserverInit);
    let pending = false;
    new MutationObserver(() => {
      state.lastChange = performance.now();
      if (pending) return;
      pending = true;
      // The frame that shows the change: after the next animation frame's paint.
      requestAnimationFrame(() =>
        setTimeout(() => {
          pending = false;
          state.lastFrame = performance.now();
        }, 0),
      );
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

/** Resolves once the page has made no DOM change for `quietMs` (at most `maxMs`). */
async function quiet(page: Page, quietMs = 500, maxMs = 10_000) {
  await page.evaluate(
    ([q, max]) =>
      new Promise<void>((resolve) => {
        const s = (window as unknown as { __bench: { state: { lastChange: number } } }).__bench.state;
        const t0 = performance.now();
        const tick = () => {
          const now = performance.now();
          if (now - s.lastChange >= q || now - t0 > max) resolve();
          else setTimeout(tick, 50);
        };
        tick();
      }),
    [quietMs, maxMs] as const,
  );
}

interface KeyResult {
  readonly duration: number;
  readonly reported: boolean;
  readonly redraw: number;
}

/** Press `key`, wait for the page to settle, and return the key's duration and redraw time. */
async function oneKey(page: Page, key: string): Promise<KeyResult> {
  const before = await page.evaluate(() => {
    const b = (window as unknown as { __bench: { keys: number[]; state: { lastFrame: number } } }).__bench;
    return b.keys.length;
  });
  await page.keyboard.press(key);
  await quiet(page);
  await page.waitForTimeout(200); // entries are delivered after their frame
  const raw = await page.evaluate((i) => {
    const b = (
      window as unknown as {
        __bench: {
          keys: number[];
          entries: Entry[];
          frames: Frame[];
          state: { lastChange: number; lastFrame: number };
        };
      }
    ).__bench;
    const t = b.keys[i]!;
    return {
      t,
      entries: b.entries.filter((e) => e.start > t - 50),
      frames: b.frames.filter((f) => f.start + f.duration > t - 5),
      state: { ...b.state },
    };
  }, before);
  const { t, entries, frames, state } = raw;
  const own = entries.find((e) => e.name === 'keydown' && Math.abs(e.start - t) < 1);
  const duration = own === undefined ? 16 : Math.max(...entries.filter((e) => e.id === own.id).map((e) => e.duration));
  const redraw = state.lastChange > t ? Math.max(state.lastFrame, state.lastChange) - t : 0;
  if (process.env.DEBUG) {
    const r = (x: number) => Math.round(x - t);
    console.log(
      `${key}: ${duration} ms, handlers ${own === undefined ? '?' : own.handlers.map(Math.round).join('–')} ms, ` +
        `redrawn ${Math.round(redraw)} ms; events: ` +
        entries
          .map((e) => `${e.name}@${r(e.start)}+${e.duration} (handlers ${e.handlers.map(Math.round).join('–')})`)
          .join(', ') +
        '; long frames: ' +
        frames
          .map(
            (f) =>
              `[${r(f.start)}–${r(f.start + f.duration)} render ${r(f.render)} layout ${r(f.layout)}: ${f.scripts.join(', ')}]`,
          )
          .join(' '),
    );
  }
  return { duration, reported: own !== undefined, redraw };
}

/** `keys` keys in a row, `gap` ms apart, then the page quiet; each key's duration, the last one's redraw. */
async function inARow(page: Page, keys: number, gap: number): Promise<KeyResult[]> {
  const before = await page.evaluate(() => (window as unknown as { __bench: { keys: number[] } }).__bench.keys.length);
  for (let i = 0; i < keys; i++) {
    await page.keyboard.press(i % 2 === 0 ? '5' : 'Backspace');
    await page.waitForTimeout(gap);
  }
  await quiet(page);
  await page.waitForTimeout(200); // entries are delivered after their frame
  const { times, entries, state } = await page.evaluate((i) => {
    const b = (
      window as unknown as {
        __bench: { keys: number[]; entries: Entry[]; state: { lastChange: number; lastFrame: number } };
      }
    ).__bench;
    return { times: b.keys.slice(i), entries: b.entries, state: { ...b.state } };
  }, before);
  return times.map((t, k) => {
    const own = entries.find((e) => e.name === 'keydown' && Math.abs(e.start - t) < 1);
    const duration =
      own === undefined ? 16 : Math.max(...entries.filter((e) => e.id === own.id).map((e) => e.duration));
    const last = k === times.length - 1;
    const redraw = last && state.lastChange > t ? Math.max(state.lastFrame, state.lastChange) - t : 0;
    return { duration, reported: own !== undefined, redraw };
  });
}

async function typing(page: Page, n: number, shape: Shape) {
  let card: string;
  if (shape === 'plain') {
    const b = plainBench(n);
    card = packedCard(b);
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.evaluate(
      (x) => localStorage.setItem('nvinx-planner', JSON.stringify({ state: { bench: x }, version: 1 })),
      b,
    );
    await page.reload();
  } else {
    const s = shareBench(n);
    card = s.card;
    if (packedCard(s.bench) !== card) throw new Error(`${card} is not the first card packed`);
    await page.goto(`http://127.0.0.1:${port}/#${encodeShareFragment(s.bench)}`);
  }
  const vram = page.getByRole('listitem', { name: `Model card ${card}`, exact: true }).getByLabel('VRAM (GB)');
  await vram.waitFor();
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.id = 'noop-field';
    input.setAttribute('aria-label', 'no-op');
    document.querySelector('h1')?.after(input);
  });
  await instrument(page);
  await quiet(page, 1000, 20_000);
  const run = async (keys: number) => {
    if (GAP !== null) return inARow(page, keys, GAP);
    const out: KeyResult[] = [];
    for (let i = 0; i < keys; i++) {
      out.push(await oneKey(page, i % 2 === 0 ? '5' : 'Backspace'));
      await page.waitForTimeout(300); // a key every ~0.7 s or more: each the only one in flight
    }
    return out;
  };
  await page.locator('#noop-field').click();
  await quiet(page);
  const noop = await run(KEYS);
  await vram.click();
  await vram.press('End');
  await quiet(page);
  const profiler = PROFILE === undefined ? null : await page.context().newCDPSession(page);
  await profiler?.send('Profiler.enable');
  await profiler?.send('Profiler.setSamplingInterval', { interval: 200 });
  await profiler?.send('Profiler.start');
  const tracing = TRACE !== undefined;
  if (tracing) await page.context().browser()!.startTracing(page, { categories: TRACE_CATEGORIES });
  const edit = await run(KEYS);
  if (tracing)
    writeFileSync(
      join(TRACE!, `${shape.replace(' ', '-')}-${n}-${++traces}.json`),
      await page.context().browser()!.stopTracing(),
    );
  if (profiler !== null) {
    const { profile } = await profiler.send('Profiler.stop');
    const file = join(PROFILE!, `${shape.replace(' ', '-')}-${n}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    printProfile(profile as unknown as CpuProfile, file);
  }
  return { card, noop, edit };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** The functions that took the most time of a profile's keys, by self time (idle left out). */
function printProfile(p: CpuProfile, file: string) {
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000));
  const byName = new Map<string, number>();
  let busy = 0;
  for (const node of p.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    const ms = self.get(node.id) ?? 0;
    busy += ms;
    const where = `${functionName || '(anonymous)'} ${url.replace(/.*\//, '')}:${lineNumber + 1}`;
    byName.set(where, (byName.get(where) ?? 0) + ms);
  }
  console.log(`${file}: ${(busy / KEYS).toFixed(1)} ms of script (self time, GC included) per key; the top:`);
  for (const [name, ms] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 30))
    console.log(`  ${(ms / KEYS).toFixed(2).padStart(7)} ms/key  ${name}`);
}

/** Resolves once `url` answers (the preview has started), at most 60 s. */
async function serving(url: string) {
  for (const t0 = Date.now(); Date.now() - t0 < 60_000; await new Promise((r) => setTimeout(r, 200))) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet listening
    }
  }
  throw new Error(`the preview did not answer at ${url}`);
}

/** Import a 10,000-card file through the file picker; ms until the plan and the day show it. */
async function importLarge(page: Page, file: string) {
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.evaluate((tour) => {
    localStorage.clear();
    localStorage.setItem(tour, 'seen');
  }, TOUR_KEY);
  await page.reload();
  await page.getByRole('region', { name: 'The day', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a bench' });
  const t0 = await page.evaluate(() => performance.now());
  await dialog.locator('input[type=file]').setInputFiles(file);
  await page.getByText(/Model cards \(10000\)/).waitFor({ timeout: 60_000 });
  await page
    .getByRole('region', { name: 'The day', exact: true })
    .getByText(/10000 cards|jobs: drawn per/)
    .first()
    .waitFor({ timeout: 60_000 });
  await page.getByRole('region', { name: 'The plan' }).getByText('early shift').first().waitFor({ timeout: 60_000 });
  // The frame that shows it.
  return page.evaluate(
    (start) =>
      new Promise<number>((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now() - start), 0))),
    t0,
  );
}

/**
 * A page; tsx's `__name` helper (from named functions passed to `evaluate`) defined in it, and
 * the guided tour marked seen (a first visit opens it by itself; the benchmark measures editing).
 */
async function newPage(browser: Browser) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript({
    content: `window.__name = (f) => f; localStorage.setItem(${JSON.stringify(TOUR_KEY)}, 'seen');`,
  });
  return page;
}

async function main() {
  const load0 = loadavg();
  port = await choosePort();
  if (PROFILE === undefined) {
    const chunks = await buildAndDescribe(outDir);
    console.log(
      'Production build, JavaScript (start = loaded before the first paint; `npm run bench:bundle` lists modules):',
    );
    printChunks(chunks);
    console.log();
  } else {
    mkdirSync(PROFILE, { recursive: true });
    await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true, minify: false } });
  }

  const server = spawn(
    'npx',
    ['vite', 'preview', '--outDir', outDir, '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { cwd: root, detached: true },
  );
  await serving(`http://127.0.0.1:${port}/`);
  const exe = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  });
  const browser = await chromium.launch({
    ...(exe ? { executablePath: exe } : {}),
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const rows: Record<string, string | number>[] = [];
  let importMs: number[] = [];
  try {
    // The first page warms the browser's JIT up; its figures are not reported.
    const runs: [Shape, number][] = SHAPES.flatMap((shape) => SIZES.map((n): [Shape, number] => [shape, n]));
    for (const [i, [shape, n]] of [runs[0]!, ...runs].entries()) {
      const page = await newPage(browser);
      const r = await typing(page, n, shape);
      await page.close();
      if (i === 0) continue;
      const d = (xs: KeyResult[]) => xs.map((x) => x.duration);
      const noop = median(d(r.noop));
      const edit = median(d(r.edit));
      const redraw = GAP === null ? r.edit.map((x) => x.redraw) : [r.edit.at(-1)!.redraw];
      if (process.env.DEBUG) console.log(n, JSON.stringify(r));
      rows.push({
        bench: shape,
        cards: n,
        'key (median)': `${edit} ms`,
        'key (p90)': `${p90(d(r.edit))} ms`,
        'keys under 16 ms': `${r.edit.filter((x) => !x.reported).length}/${r.edit.length}`,
        'no-op (median)': `${noop} ms`,
        ratio: (edit / noop).toFixed(2),
        'ratio target': n <= 200 ? '≤ 1.5' : n <= 2000 ? '≤ 3' : '—',
        'redrawn (median)': `${Math.round(median(redraw))} ms`,
        'redrawn (p90)': `${Math.round(p90(redraw))} ms`,
        'redraw target': n <= 200 ? '≤ 150 ms' : n <= 2000 ? '≤ 400 ms' : '—',
      });
    }
    const dir = mkdtempSync(join(tmpdir(), 'bench-ui-'));
    const file = join(dir, 'bench-10000.yaml');
    writeFileSync(file, largeBench(10_000).text);
    for (let i = 0; i < Number(process.env.IMPORTS ?? 3); i++) {
      const page = await newPage(browser);
      importMs.push(Math.round(await importLarge(page, file)));
      await page.close();
    }
    importMs = importMs.sort((a, b) => a - b);
  } finally {
    await browser.close();
    if (server.pid !== undefined) process.kill(-server.pid);
  }
  const load1 = loadavg();
  console.log(
    `${GAP === null ? 'One key at a time' : `Keys in a row, ${GAP} ms apart (redrawn: from the last key),`} in a packed card’s VRAM field (Event Timing API, rounded to 8 ms by the browser):`,
  );
  console.table(rows);
  console.log(`Importing a 10,000-card file until its plan shows: ${importMs.join(', ')} ms (target ≤ 2000)`);
  console.log(
    `Load average (1, 5, 15 min) at the start: ${load0.map((x) => x.toFixed(2)).join(', ')}; ` +
      `at the end: ${load1.map((x) => x.toFixed(2)).join(', ')}`,
  );
}

void main();
