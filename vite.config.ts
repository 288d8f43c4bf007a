import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { parkatlasBuild } from './src/build/datasetIndex.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  // datasets.json (the datasets beside the app) and the notice shown when the page is opened from disk
  plugins: [react(), parkatlasBuild({ datasets: here('./geodata') })],
  // The app's page lives in src/ (the top level holds only what the product owner fixed).
  root: here('./src'),
  // Relative asset paths so the built app works from any folder (and offline from a plain file server).
  base: './',
  // Datasets are static files served beside the app: geodata/<name>/dataset.json → ./<name>/dataset.json
  publicDir: here('./geodata'),
  worker: { format: 'es' },
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  // `vitest run` runs both projects; `--project unit` the fast feedback loop. The browser tests have their own
  // config (tests/e2e/vitest.config.ts): they build and serve the app first.
  test: {
    root: here('.'),
    environment: 'node',
    testTimeout: 60000,
    projects: [
      // pure and in-process tests: seconds each
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      // tests that start processes or threads (the CLI, worker pools) or cut every tile: the slow ones
      { extends: true, test: { name: 'integration', include: ['tests/integration/**/*.test.ts'] } },
    ],
  },
});
