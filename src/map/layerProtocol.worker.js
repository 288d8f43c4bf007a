// Loaded into MapLibre's own workers with importScriptInWorkers. The map's GeoJSON layers (made by the analysis
// worker, held by the page as bytes) are read by MapLibre's workers from parkatlas-layer://<key> URLs: the worker
// asks the page for the bytes on a BroadcastChannel and parses them itself, so the page never parses a layer and no
// blob: or data: URL is fetched (a Content-Security-Policy with connect-src 'self' allows the app; docs/security.md).
// The page's side is serveLayers in MapController.ts; both name the channel and scheme below.
const CHANNEL = 'parkatlas-layers';
const SCHEME = 'parkatlas-layer';
const channel = new BroadcastChannel(CHANNEL);
const waiting = new Map();
let next = 0;
channel.onmessage = (e) => {
  const reply = e.data;
  const w = waiting.get(reply?.id);
  if (!w) return; // another worker's answer
  waiting.delete(reply.id);
  if (reply.bytes) w.resolve(reply.bytes);
  else w.reject(new Error(`no map layer ${w.url}`));
};
const ask = (url) =>
  new Promise((resolve, reject) => {
    // an id no other worker picks: its own random prefix and a counter
    const id = `${self.name || ''}:${Math.random().toString(36).slice(2)}:${next++}`;
    waiting.set(id, { resolve, reject, url });
    channel.postMessage({ ask: url, id });
  });
self.addProtocol(SCHEME, async (params) => {
  const bytes = await ask(params.url);
  const text = new TextDecoder().decode(bytes);
  if (params.type === 'json') return { data: JSON.parse(text) };
  if (params.type === 'string') return { data: text };
  return { data: bytes };
});
