#!/usr/bin/env node
// The `nvinx-plan` command (package.json "bin"; `npm run plan` runs it too): runs the CLI
// from a bundle of src/cli + src/bench, src/model-files, src/exports + src/core, rebuilt with esbuild whenever a source file
// is newer. Starting from the bundle takes ~50 ms where compiling TypeScript on every start
// (tsx) takes ~500 ms. The bundle is written under another name and renamed into place, so
// a run started during a rebuild never loads half a file. It runs with V8's code cache (the
// compiled functions of an earlier run, kept beside it), which saves ~20 ms of each start.
import { createRequire } from 'node:module';

// Node's own modules through `require`: each one `import`ed gets an ES module facade built at
// start-up (~2 ms of CPU apiece).
const require = createRequire(import.meta.url);
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');
const { fileURLToPath } = require('node:url');
const { pid } = require('node:process');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'node_modules', '.cache', 'nvinx-planner', 'plan.cjs');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

let built = 0;
try {
  built = statSync(out).mtimeMs;
} catch {
  /* not built yet */
}
const sources = Math.max(
  ...['core', 'bench', 'model-files', 'exports', 'cli'].map((d) => newest(join(root, 'src', d))),
  statSync(join(root, 'package-lock.json')).mtimeMs,
);
if (built < sources) {
  mkdirSync(dirname(out), { recursive: true });
  const { buildSync } = await import('esbuild'); // only when rebuilding: it is slow to load
  const tmp = `${out}.${pid}.tmp`;
  buildSync({
    entryPoints: [join(root, 'src', 'cli', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: tmp,
    logLevel: 'warning',
  });
  renameSync(tmp, out);
}

/** Write a file under another name and rename it into place (readers never see half of it). */
function replace(file, data) {
  const tmp = `${file}.${pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

// Run the bundle as `require` would, compiled with the code cache when V8 accepts it. V8's own
// check of a cache is only the source's length and V8's version and flags: a cache of an older
// bundle of the same length would be accepted and run the old functions. So the cache file is
// named by the bundle's size and modification time (each build is renamed into place, so a new
// bundle has a new time; hashing the bundle cost a few ms of every start), and older ones are
// removed. A missing or rejected cache is written after the run, when it holds every function
// the run compiled.
const bundle = statSync(out);
const source = readFileSync(out, 'utf8');
const cacheName = `plan.${bundle.size}-${Math.round(bundle.mtimeMs * 1000)}.v8cache`;
const cacheFile = join(dirname(out), cacheName);
let cached;
try {
  cached = readFileSync(cacheFile);
} catch {
  /* no cache of this bundle yet */
}
const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n});`;
const script = new Script(wrapper, { filename: out, cachedData: cached });
const cjs = { exports: {} };
script.runInThisContext()(cjs.exports, createRequire(out), cjs, out, dirname(out));
if (cached === undefined || script.cachedDataRejected === true) {
  try {
    replace(cacheFile, script.createCachedData());
    for (const f of readdirSync(dirname(out)))
      if (f.endsWith('.v8cache') && f !== cacheName) rmSync(join(dirname(out), f), { force: true });
  } catch {
    /* a read-only install: start without the cache */
  }
}
