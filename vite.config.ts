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
    // No script is ever inlined as a data: URL (the helper MapLibre's workers import, src/map/blobProtocol.worker.js,
    // would be, being small): a Content-Security-Policy without data: in script-src must not blank the map
    // (docs/security.md). Other small assets are inlined as Vite does by default.
    assetsInlineLimit: (file) => (/\.[cm]?js$/.test(file) ? false : undefined),
    rollupOptions: {
      output: {
        // A script MapLibre's workers import (importScriptInWorkers) is loaded as a module only when its name ends in
        // .mjs; any other name it fetches and evaluates as text, which a CSP without 'unsafe-eval' refuses.
        assetFileNames: (asset) => (asset.names.some((n) => n.endsWith('.worker.js')) ? 'assets/[name]-[hash].mjs' : 'assets/[name]-[hash][extname]'),
        // zod and the module that sets its configuration in one chunk, the configuration first: every module that
        // makes a schema imports that chunk, so none is made before zod is told not to compile (src/worker/jitless.ts)
        manualChunks: (id) => (/[\\/]node_modules[\\/]zod[\\/]|[\\/]src[\\/]worker[\\/]jitless\.ts$/.test(id) ? 'zod' : undefined),
      },
    },
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
