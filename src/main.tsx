import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { useStore } from './app/store';
import { parseView, serializeView } from './app/urlState';
import { App } from './components/App';
import { initI18n } from './i18n';
import { warmFormatters } from './i18n/format';
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
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
void useStore.getState().load();
// idle time while the worker analyses: build number formatters then, not when results arrive
setTimeout(() => warmFormatters(view.lang), 0);
