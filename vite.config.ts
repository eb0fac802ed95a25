/// <reference types="vitest/config" />
import { defineConfig, runnerImport, type Plugin } from 'vite';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `import bench from './x.yaml?bench'`: the bench a plain-YAML file reads as, read at build time
 * by the planner's own reader (strict: a preset that does not read fails the build). The page
 * then needs neither the YAML reader nor the schema to open on a preset.
 */
type BenchReader = typeof import('./src/bench/bench-reader');
let benchReader: Promise<BenchReader> | null = null;
// Loaded through Vite's module runner (not bundled into this config), once per build.
const readerModule = () =>
  (benchReader ??= runnerImport<BenchReader>(fileURLToPath(new URL('./src/bench/bench-reader.ts', import.meta.url)), {
    configFile: false,
    logLevel: 'warn',
  }).then((r) => r.module));

const benchModules: Plugin = {
  name: 'nvinx-bench-yaml',
  enforce: 'pre',
  async load(id) {
    if (!id.endsWith('.yaml?bench')) return null;
    const file = id.slice(0, -'?bench'.length);
    const r = (await readerModule()).readPlainBench(readFileSync(file, 'utf8'));
    if (r === null) throw new Error(`${file}: not plain YAML`);
    if (!r.ok) throw new Error(`${file}: ${r.errors.map((e) => e.message).join('; ')}`);
    this.addWatchFile(file);
    return `export default ${JSON.stringify(r.bench)};`;
  },
};

/**
 * Preact renders the app through `preact/compat`: the source imports React's API ('react',
 * 'react-dom/client', the JSX runtime) and these names resolve to Preact, in the build and in the
 * tests alike (issue 21: React DOM alone was ~55 KB gzip of the 100 KB start-up budget; Preact with
 * compat is ~9). `@types/react` still types the source. docs/architecture.md says what differs.
 */
const preactCompat = [
  { find: /^react$/, replacement: 'preact/compat' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react-dom\/test-utils$/, replacement: 'preact/test-utils' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/compat/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/compat/jsx-dev-runtime' },
];

export default defineConfig({
  plugins: [benchModules],
  resolve: { alias: preactCompat },
  // JSX compiles to the automatic runtime's 'react/jsx-runtime' (aliased above), as tsconfig says.
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  server: { port: 5173, strictPort: false },
  // `yaml` is imported only by the worker, which the dev server first sees at the first
  // import: without this, Vite optimizes it then and reloads the page, losing the import.
  optimizeDeps: { include: ['yaml'] },
  preview: { port: 4173 },
  build: {
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // The model-file readers (src/model-files/readers) load with the first estimate, not with
        // the page: without a group of their own they share a chunk with what the page needs at
        // start (fflate). The folder is the lazy chunk.
        advancedChunks: {
          includeDependenciesRecursively: false,
          groups: [
            { name: 'fflate', test: /node_modules[\\/]fflate[\\/]/ },
            { name: 'model-readers', test: /src[\\/]model-files[\\/]readers[\\/]/ },
            {
              name: 'day-core',
              test: /(src[\\/]core[\\/](types|words|limits|pyformat|defaults|bench-gpus|patterns|split|interference|overflow-time)\.ts|src[\\/]store[\\/]presets[\\/]default(\.ts|-4gb-day\.yaml\?bench)|rolldown[\\/]runtime\.js)$/,
            },
          ],
        },
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    setupFiles: ['src/test/setup.ts'],
    // The packages that import React run through Vite too, so the aliases above reach them: the
    // tests render with Preact, as the page does (externalized, Node would give them React).
    // Testing Library's ES module build, as its CommonJS `require`s would pass the aliases by.
    alias: [
      {
        find: /^@testing-library\/react$/,
        replacement: '@testing-library/react/dist/@testing-library/react.esm.js',
      },
    ],
    server: { deps: { inline: ['zustand', '@testing-library/react'] } },
    pool: 'threads',
    // Property tests run thousands of cases; on a loaded 2-core machine they can take tens
    // of seconds. The limit only stops a hang: timings are measured in benchmarks instead.
    testTimeout: 120_000,
  },
});
