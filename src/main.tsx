import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './features/workspace/App';
import { initI18n } from './i18n';
import { warmFormatters } from './i18n/format';
import { useStore } from './state/store';
import { parseView, serializeView } from './state/urlState';
import { analysisWorker } from './worker/client';
// MapLibre's stylesheet before ours (ours overrides it), in the page shell although the map's code is its own chunk
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles.css';

const view = parseView(window.location.search);
useStore.setState(view);
initI18n(view.lang);

// The view lives in the URL: every change replaces the query string, so reload and shared links restore it.
let last = '';
useStore.subscribe((s) => {
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
        <App />
      </StrictMode>,
    );
  });
}
void useStore.getState().load();
// Number formatters are built while the worker analyses, not when the results arrive, and after the worker has
// loaded ICU's number data (analysis.worker.ts), so that building them here is no long task; here anyway if it fails.
const warm = () => setTimeout(() => warmFormatters(view.lang), 0);
analysisWorker().intlReady().then(warm, warm);
