import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';
import { parkatlasBuild } from './src/build/datasetIndex.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The app's icons, beside the page (the web app manifest names them). */
const ICONS = ['icon-192.png', 'icon-512.png', 'icon.svg'];
const appIcons = (): Plugin => ({
  name: 'parkatlas-icons',
  generateBundle() {
    for (const name of ICONS) this.emitFile({ type: 'asset', fileName: name, source: readFileSync(here(`./src/assets/icons/${name}`)) });
  },
});

/**
 * Offline after one visit (docs/presentation.md#offline): a service worker (Workbox, through vite-plugin-pwa)
 * precaches the app, its fonts and the datasets built with it; other datasets' files (a folder copied into dist/
 * later) are kept as they are read (network first, the cache when offline). The worker and its registration are
 * files of the app's origin (no inline script), so the strict Content-Security-Policy holds (docs/security.md).
 */
const offline = () =>
  VitePWA({
    registerType: 'autoUpdate',
    // registered by main.tsx (virtual:pwa-register), which tells the page when it is ready offline
    injectRegister: false,
    manifest: {
      name: '园区用地一张图 · ParkAtlas',
      short_name: 'ParkAtlas',
      description: '产业集聚区用地监测 · Industrial cluster land monitor',
      lang: 'zh-CN',
      start_url: './',
      scope: './',
      display: 'standalone',
      background_color: '#ffffff',
      theme_color: '#0b4f6c',
      icons: [
        { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
      ],
    },
    workbox: {
      globPatterns: ['**/*.{js,mjs,css,html,json,geojson,ttc,png,svg}'],
      // the index of datasets changes without a new build (a folder copied into dist/, `npm run index:datasets`): a
      // precached copy would be served for ever and hide the new folder; it is kept as read, like other datasets' files
      globIgnores: ['datasets.json'],
      // Workbox leaves out files over 2 MiB unless told: the demo parcels (1.9 MB, more with more parcels), MapLibre's
      // chunk and the PDF font (5 MB) must be there offline
      maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
      navigateFallback: 'index.html',
      // every view is a query string of the one page
      ignoreURLParametersMatching: [/./],
      cleanupOutdatedCaches: true,
      clientsClaim: true,
      skipWaiting: true,
      runtimeCaching: [
        {
          urlPattern: ({ url, sameOrigin }) => sameOrigin && /\.(geojson|json|pbf)$/.test(url.pathname),
          handler: 'NetworkFirst',
          options: { cacheName: 'parkatlas-datasets', networkTimeoutSeconds: 5, expiration: { maxEntries: 2000 } },
        },
      ],
    },
    devOptions: { enabled: false },
  });

export default defineConfig({
  // datasets.json (the datasets beside the app) and the notice shown when the page is opened from disk
  plugins: [react(), parkatlasBuild({ datasets: here('./geodata') }), appIcons(), offline()],
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
