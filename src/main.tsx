// first: zod's configuration, before any module that makes a schema (worker/jitless.ts; vite.config.ts puts it with zod)
import './worker/jitless';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { registerOffline } from './features/presentation/offline';
import { TourProvider } from './features/presentation/tourContext';
import { App } from './features/workspace/App';
import { initI18n } from './i18n';
import { warmFormatters } from './i18n/format';
import { StoreProvider } from './state/react';
import { createAppStore, type DatasetEntry } from './state/store';
import { createTourStore } from './state/tour/tourStore';
import { parseUrl, serializeView } from './state/urlState';
import { workerAnalysisClient, workerIntlReady } from './worker/client';
import { workerImportClient } from './worker/importClient';
// MapLibre's stylesheet before ours (ours overrides it), in the page shell although the map's code is its own chunk
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';

const { view, threads, notices } = parseUrl(window.location.search);
initI18n(view.lang);

const appBase = new URL(import.meta.env.BASE_URL, window.location.href);
const store = createAppStore(workerAnalysisClient(), {
  view,
  notices,
  // a dataset is a folder beside the app (parseUrl accepts only folder names)
  datasetUrl: (name) => new URL(`${name}/`, appBase).href,
  // ?threads=N: how many threads analyse a large dataset (like the CLI's --threads; default: one per core but one)
  threads,
  // the datasets beside the app, listed at build time (src/build/datasetIndex.ts); without the index any name is tried
  datasetIndex: async () => {
    const res = await fetch(new URL('datasets.json', appBase));
    if (!res.ok) return null;
    const list = (await res.json()) as unknown;
    const isEntry = (e: unknown): e is DatasetEntry =>
      typeof e === 'object' && e != null && ['id', 'name', 'nameEn'].every((k) => typeof (e as Record<string, unknown>)[k] === 'string');
    return Array.isArray(list) ? list.filter(isEntry) : null;
  },
  // review decisions in this browser's IndexedDB (memory, and a warning, if it refuses). The storages' code (Dexie)
  // is its own chunk, fetched as the page starts, so the first paint does not wait for it
  reviewStorage: () => import('./state/reviews/dexieStorage').then((m) => m.openDexieStorage()),
  // imported datasets and saved mappings in a database of their own; files read and checked in the import worker
  importStorage: () => import('./state/imports/dexieImports').then((m) => m.openDexieImports()),
  importClient: workerImportClient,
});

// the dataset's tour (tour.json, or as edited in this browser's IndexedDB), opened when its data are there
const tours = createTourStore(store, { storage: () => import('./state/tour/tourStorage').then((m) => m.openTourStorage()) });
store.api.subscribe((s, prev) => {
  if (s.data && s.data !== prev.data) void tours.getState().open(s.dataset, new URL(`${s.dataset}/`, appBase).href);
});

declare global {
  interface Window {
    /** Read-only view of the reviews for the end-to-end tests: each parcel's status, the queue's parcel ids. */
    __parkatlasReviews?: { statuses(): Record<string, string>; queue(): string[]; unsaved(): number };
  }
}
window.__parkatlasReviews = {
  statuses: () => Object.fromEntries([...store.api.getState().review.byParcel].map(([id, r]) => [id, r.heads.length > 1 ? 'conflict' : r.decision.status])),
  queue: () => {
    const s = store.api.getState();
    return Array.from(s.queue, (i) => s.data?.table.text.id[i] as string);
  },
  unsaved: () => store.api.getState().review.unsaved.length,
};

// The view lives in the URL: every change replaces the query string, so reload and shared links restore it.
let last = '';
store.api.subscribe((s) => {
  const q = serializeView(s);
  if (q !== last) {
    last = q;
    window.history.replaceState(null, '', `${window.location.pathname}${q}`);
  }
});

const root = document.getElementById('root');
if (root) {
  // a transition: React renders the shell in slices of a few milliseconds, not in one long task
  startTransition(() => {
    createRoot(root).render(
      <StrictMode>
        <StoreProvider store={store}>
          <TourProvider store={tours}>
            <App />
          </TourProvider>
        </StoreProvider>
      </StrictMode>,
    );
  });
}
void store.api.getState().load();
// the service worker that keeps the app and its datasets for use with no network (after this first visit)
registerOffline();
// Number formatters are built while the worker analyses, not when the results arrive, and after the worker has
// loaded ICU's number data (analysis.worker.ts), so that building them here is no long task; here anyway if it fails.
const warm = () => setTimeout(() => warmFormatters(view.lang), 0);
workerIntlReady().then(warm, warm);
