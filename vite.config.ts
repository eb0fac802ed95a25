/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  server: { port: 5173, strictPort: false },
  // `yaml` is imported only by the worker, which the dev server first sees at the first
  // import: without this, Vite optimizes it then and reloads the page, losing the import.
  optimizeDeps: { include: ['yaml'] },
  preview: { port: 4173 },
  build: {
    target: 'es2022',
    sourcemap: false,
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
          ],
        },
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    setupFiles: ['src/test/setup.ts'],
    pool: 'threads',
    // Property tests run thousands of cases; on a loaded 2-core machine they can take tens
    // of seconds. The limit only stops a hang: timings are measured in benchmarks instead.
    testTimeout: 120_000,
  },
});
