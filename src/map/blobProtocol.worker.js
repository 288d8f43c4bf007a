// Loaded into MapLibre's own workers with importScriptInWorkers. The analysis worker hands the map its GeoJSON as
// blob: URLs; MapLibre would ask the page's main thread to fetch and parse those (seconds of blocked UI at 100k
// parcels) and copy the result back. Registered here, the worker fetches and parses them itself.
for (const scheme of ['blob:http', 'blob:https']) {
  self.addProtocol(scheme, async (params, abortController) => {
    const res = await fetch(params.url, { signal: abortController.signal });
    if (!res.ok) throw new Error(`${params.url}: HTTP ${res.status}`);
    if (params.type === 'json') return { data: await res.json() };
    if (params.type === 'string') return { data: await res.text() };
    return { data: await res.arrayBuffer() };
  });
}
