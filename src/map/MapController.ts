import {
  AttributionControl,
  addProtocol,
  type GeoJSONSource,
  importScriptInWorkers,
  type LngLatBoundsLike,
  Map as MapLibreMap,
  type MapMouseEvent,
  NavigationControl,
  ScaleControl,
  setWorkerUrl,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { Protocol } from 'pmtiles';
import type { Classes } from '../domain/classes';
import type { Metric } from '../domain/metrics';
import { LARGE_DATASET_PARCELS, PARCEL_TILE_LAYER, WORKER_TILE_SCHEME } from '../engine/tileFeatures';
import type { Bbox } from '../geo/bbox';
import type { Camera, Theme } from '../state/view';
import { TOGGLE_KEYS, type Visibility } from '../state/view';
import layerProtocolUrl from './layerProtocol.worker.js?url';
import { MEASURE_LAYERS, MEASURE_SOURCE, measureLayers, measureSource } from './measureLayers';
import { type ImageRequest, type MapImage, renderMapImage } from './offscreen';
import { applyPending, countPending, viewWithMargin } from './rowStates';
import {
  buildStyle,
  HATCH_IMAGE,
  hatchPixels,
  LABEL_SIZE,
  LAYER,
  PARCEL_LAYERS,
  type ParcelTiles,
  parcelLayerFilter,
  parcelSourceSpec,
  SOURCE,
  type SourceId,
  type StyleState,
  TOGGLES,
  themeColor,
} from './style';
import { type ThemeOptions, themeValues } from './theme';

setWorkerUrl(workerUrl);

let workersReady: Promise<void> | null = null;
/**
 * MapLibre's workers learn to read the map's layers from the page (layerProtocol.worker.js). Awaited before the first
 * map is made: a map created while the script is still in flight restarts the pool and aborts the message.
 */
export function prepareMapWorkers(): Promise<void> {
  workersReady ??= importScriptInWorkers(new URL(layerProtocolUrl, window.location.href).href);
  return workersReady;
}

/** The scheme and channel of the map's GeoJSON layers (layerProtocol.worker.js reads them on MapLibre's side). */
const LAYER_SCHEME = 'parkatlas-layer';
const LAYER_CHANNEL = 'parkatlas-layers';
/** The layers' bytes the page holds, by key (`<load>/<layer>`), given to MapLibre's workers when they ask. */
const layerBytes = new Map<string, ArrayBuffer>();
let layerChannel: BroadcastChannel | null = null;
let layerLoads = 0;
/**
 * This page's part of every layer key: a BroadcastChannel reaches every page of the origin, so the app open in another
 * tab hears this page's workers ask too, and must neither answer with its own layer of the same name nor say "none".
 */
const layerPage = Math.random().toString(36).slice(2, 10);

/**
 * Hands the map's GeoJSON layers to MapLibre's workers without a URL the network could be asked for: each layer's
 * bytes stay on the page, under a parkatlas-layer:// URL that MapLibre's workers resolve by asking the page on a
 * BroadcastChannel (the bytes are copied to them and parsed there). Returns the URLs, for the map's sources; a layer
 * given again (another dataset) replaces the one of the same name. Keys are this page's (`layerPage`): other tabs of
 * the app share the channel.
 */
export function serveLayers<K extends string>(layers: Partial<Record<K, ArrayBuffer>>): Partial<Record<K, string>> {
  if (!layerChannel) {
    layerChannel = new BroadcastChannel(LAYER_CHANNEL);
    layerChannel.onmessage = (e: MessageEvent<{ ask?: string; id?: string }>) => {
      const { ask, id } = e.data ?? {};
      if (typeof ask !== 'string' || typeof id !== 'string') return;
      const key = ask.slice(`${LAYER_SCHEME}://`.length);
      if (!key.startsWith(`${layerPage}/`)) return; // another tab's layer: that tab answers
      layerChannel?.postMessage({ id, bytes: layerBytes.get(key) ?? null });
    };
  }
  const load = ++layerLoads;
  const urls: Partial<Record<K, string>> = {};
  for (const [name, bytes] of Object.entries(layers) as [K, ArrayBuffer | undefined][]) {
    if (!bytes) continue;
    for (const key of [...layerBytes.keys()]) if (key.endsWith(`/${name}`)) layerBytes.delete(key);
    const key = `${layerPage}/${load}/${name}`;
    layerBytes.set(key, bytes);
    urls[name] = `${LAYER_SCHEME}://${key}`;
  }
  return urls;
}

// PMTiles archives named by dataset.json (audit --tiles FILE.pmtiles): pmtiles://<url>/{z}/{x}/{y}
addProtocol('pmtiles', new Protocol().tile);

let tileFetcher: ((z: number, x: number, y: number) => Promise<ArrayBuffer | null>) | null = null;
/**
 * Parcel tiles cut by the analysis worker (WORKER_TILE_SCHEME): MapLibre's workers ask the page for
 * parkatlas-tiles://z/x/y, and the page passes the request on to the analysis worker, whose bytes come back
 * transferred. Per tile the page only relays a message; slicing and encoding happen in the worker.
 */
export function serveWorkerTiles(fetchTile: (z: number, x: number, y: number) => Promise<ArrayBuffer | null>): void {
  if (!tileFetcher) {
    addProtocol(WORKER_TILE_SCHEME, async (params) => {
      const m = /^[a-z-]+:\/\/(\d+)\/(\d+)\/(\d+)$/.exec(params.url);
      if (!m || !tileFetcher) throw new Error(`not a parcel tile: ${params.url}`);
      const data = await tileFetcher(Number(m[1]), Number(m[2]), Number(m[3]));
      return { data: data ?? new ArrayBuffer(0) };
    });
  }
  tileFetcher = fetchTile;
}

export interface MapLabel {
  kind: 'zone' | 'built-up' | 'development' | 'control';
  text: string;
  lngLat: [number, number];
  /** the box of what it names (an area's: its label shows once the area is wide enough on screen to hold it) */
  bbox?: [number, number, number, number];
}

export interface FitOptions {
  maxZoom?: number;
  animate?: boolean;
  bottomPx?: number;
  /** room kept free on each side (px), instead of the usual margin */
  padding?: { top: number; right: number; bottom: number; left: number };
  durationMs?: number;
}

/** A size change this soon after a fit makes the fit again (see fitBounds). */
const REFIT_WITHIN_MS = 1000;

export interface MapCallbacks {
  onSelect(id: string | null): void;
  onMove?(camera: Camera): void;
  /** The lines of the tooltip of a parcel under the pointer (its id and name, the metric shown). */
  describe?(id: string): string[];
}
/** The layers the zone filter applies to: every parcel layer but the highlight of the selected parcel. */
const FILTERED_LAYERS = PARCEL_LAYERS.filter((l) => l !== LAYER.highlight);

/**
 * The one place that talks to MapLibre. It skips work when nothing changed; never a rebuilt GeoJSON. The zone in
 * scope is a layer filter (setFilter: other zones' parcels are not even laid out); every other filter, hover and
 * selection go through feature-state. Why not setFilter for all filters: a filter change makes MapLibre lay out
 * every visible tile again in its worker and draw a frame while it does; a feature-state change redraws once
 * (docs/decisions.md#feature-state-filters).
 */
export class MapController {
  readonly map: MapLibreMap;
  private hovered: string | null = null;
  private selected: string | null = null;
  private tooltip: HTMLDivElement;
  private lastFit: { bbox: [number, number, number, number]; opts: FitOptions; at: number } | null = null;
  private attribution: AttributionControl | null = null;
  private lastZoneFilter: string | null | undefined = undefined;
  /** what colours the parcels (the hatch layer's filter depends on it, see setChoropleth) */
  private theme: Theme = 'metric';
  /** The table's parcel ids and bboxes (row order), which rows pass the filters, and which the map shows as passing. */
  private rowIds: readonly string[] = [];
  private rowBoxes: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private wanted = new Uint8Array(0);
  private applied = new Uint8Array(0);
  /** rows whose state is still to be set (wanted ≠ applied): map moves skip the scan when there are none */
  private pending = 0;
  private parcelMinZoom = 0;
  private lastPaintKey = '';
  private lastVisibility = '';
  private sourceLayer: string | null = null;
  private reviewIds: readonly string[] = [];
  private reviewApplied = new Uint8Array(0);
  private reviewMarks: Uint8Array | null = null;
  private ready: Promise<void>;
  private labels: MapLabel[] = [];
  private themeOptions: ThemeOptions = { theme: 'default', labelScale: 1 };
  private measureClick: ((lngLat: [number, number], point: [number, number]) => void) | null = null;

  constructor(
    container: HTMLElement,
    init: {
      metric: Metric;
      theme?: Theme;
      classes: Classes | null;
      visibility: Visibility;
      camera: Camera | null;
      credits: string[];
      /** MapLibre's UI strings in the language shown at start (its scale bar's units keep them) */
      locale?: Record<string, string>;
    },
    private cb: MapCallbacks,
  ) {
    this.map = new MapLibreMap({
      container,
      style: buildStyle(init),
      center: init.camera?.center ?? [114.0, 33.6],
      zoom: init.camera?.zoom ?? 9.5,
      attributionControl: false,
      maxPitch: 0,
      fadeDuration: 0,
      locale: init.locale,
    });
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-left');
    this.map.addControl(new ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-right');
    this.setCredits(init.credits);
    this.tooltip = document.createElement('div');
    this.tooltip.className = 'map-tooltip';
    this.tooltip.setAttribute('role', 'tooltip');
    this.tooltip.hidden = true;
    container.append(this.tooltip);
    const loaded = new Promise<void>((resolve) => this.map.once('load', () => resolve()));
    this.ready = loaded;
    this.lastVisibility = JSON.stringify(init.visibility);
    this.theme = init.theme ?? 'metric';
    this.lastPaintKey = `${this.theme}:${init.metric}:${init.classes?.edges.join(',') ?? ''}`;
    this.bindEvents();
  }

  whenLoaded(): Promise<void> {
    return this.ready;
  }

  /** Resolves at the next idle (all tiles drawn), for tests and benchmarks. */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      if (this.map.loaded() && !this.map.isMoving() && this.map.areTilesLoaded()) this.map.once('idle', () => resolve());
      else this.map.once('idle', () => resolve());
      this.map.triggerRepaint();
    });
  }

  async setData(urls: Partial<Record<SourceId, string>>): Promise<void> {
    await this.ready;
    for (const [id, url] of Object.entries(urls) as [SourceId, string | undefined][]) {
      const source = this.map.getSource(SOURCE[id]);
      if (url && source?.type === 'geojson') (source as GeoJSONSource).setData(url);
    }
  }

  /**
   * The data's credits (dataset.json), in the map's attribution. MapLibre sets attributions as HTML: the credits are
   * untrusted text, escaped here so they show as written.
   */
  setCredits(credits: readonly string[]): void {
    if (this.attribution) this.map.removeControl(this.attribution);
    // compact (a button) only where the map is narrow; open otherwise
    this.attribution = new AttributionControl({ compact: undefined, customAttribution: credits.map(escapeHtml) });
    this.map.addControl(this.attribution, 'bottom-right');
    // where the map is narrow MapLibre makes it a button that starts open over the map: it starts folded here
    const folded = this.map.getContainer().querySelector('.maplibregl-ctrl-attrib.maplibregl-compact');
    folded?.classList.remove('maplibregl-compact-show');
    folded?.removeAttribute('open');
  }

  /** The map controls' button titles in the language shown (MapLibre's own are English). */
  setControlTitles(titles: { zoomIn: string; zoomOut: string; attribution: string }): void {
    const set = (selector: string, text: string) => {
      for (const el of this.map.getContainer().querySelectorAll(selector)) {
        el.setAttribute('title', text);
        el.setAttribute('aria-label', text);
      }
    };
    set('.maplibregl-ctrl-zoom-in', titles.zoomIn);
    set('.maplibregl-ctrl-zoom-out', titles.zoomOut);
    set('.maplibregl-ctrl-attrib-button', titles.attribution);
  }

  /** Zone and area labels, drawn by the map's symbol layers (collision-free; see style.ts labelLayers). */
  async setLabels(labels: MapLabel[]): Promise<void> {
    await this.ready;
    this.labels = labels;
    const scale = this.themeOptions.labelScale;
    const features = labels.map((l) => ({
      type: 'Feature' as const,
      properties: { kind: l.kind, text: l.text, minzoom: l.kind === 'zone' || !l.bbox ? 0 : labelMinZoom(l.text, l.bbox, LABEL_SIZE.area * scale) },
      geometry: { type: 'Point' as const, coordinates: l.lngLat },
    }));
    (this.map.getSource(SOURCE.labels) as GeoJSONSource | undefined)?.setData({ type: 'FeatureCollection', features });
  }

  /**
   * The map's theme (the projector's high contrast, or the workspace's) and the labels' scale: each value of the theme
   * set on the live map, and the labels' minimum zooms made again for their new size.
   */
  async setTheme(o: ThemeOptions): Promise<void> {
    await this.ready;
    if (o.theme === this.themeOptions.theme && o.labelScale === this.themeOptions.labelScale) return;
    this.themeOptions = o;
    for (const v of themeValues(o)) {
      if (!this.map.getLayer(v.layer)) continue;
      if (v.kind === 'paint') this.map.setPaintProperty(v.layer, v.prop as 'fill-opacity', v.value as never);
      else this.map.setLayoutProperty(v.layer, v.prop as 'text-size', v.value as never);
    }
    await this.setLabels(this.labels);
  }

  /**
   * The map as shown (its style, theme, filters, selection and review marks) drawn again off screen as an image of
   * the size asked for (offscreen.ts: a higher pixel ratio, tiles past the GPU's limit).
   */
  exportImage(req: ImageRequest): Promise<MapImage> {
    const states: [string, Record<string, unknown>][] = [];
    for (let i = 0; i < this.rowIds.length; i++) {
      const out = this.wanted[i] === 0;
      const review = this.reviewMarks?.[i] ?? 0;
      if (out || review) states.push([this.rowIds[i] as string, { out, review }]);
    }
    if (this.selected != null) states.push([this.selected, { selected: true }]);
    return renderMapImage(this.map.getStyle(), req, { source: SOURCE.parcels, sourceLayer: this.sourceLayer ?? undefined, states });
  }

  /**
   * The map as drawn now, copied at once (the browser's print, which cannot wait for a new drawing): drawn again in
   * this task (the WebGL canvas keeps no picture between frames) and copied to a 2D canvas.
   */
  snapshot(): { canvas: HTMLCanvasElement; metersPerPixel: number } {
    this.map.redraw();
    const src = this.map.getCanvas();
    const out = document.createElement('canvas');
    out.width = src.width;
    out.height = src.height;
    out.getContext('2d')?.drawImage(src, 0, 0);
    return { canvas: out, metersPerPixel: this.metersPerPixel() / (src.width / Math.max(1, src.clientWidth)) };
  }

  /**
   * The measure tool's points, drawn as a path or a closed polygon (null: the tool is closed and its layers go). While
   * it is open, a click on the map is the tool's (`onClick`), not a selection.
   */
  setMeasure(m: { points: [number, number][]; closed: boolean; onClick(lngLat: [number, number], point: [number, number]): void } | null): void {
    this.measureClick = m?.onClick ?? null;
    this.map.getCanvasContainer().classList.toggle('measuring', m != null);
    if (!m) {
      for (const id of Object.values(MEASURE_LAYERS)) if (this.map.getLayer(id)) this.map.removeLayer(id);
      if (this.map.getSource(MEASURE_SOURCE)) this.map.removeSource(MEASURE_SOURCE);
      return;
    }
    if (!this.map.getSource(MEASURE_SOURCE)) {
      this.map.addSource(MEASURE_SOURCE, measureSource());
      for (const l of measureLayers()) this.map.addLayer(l);
    }
    const pts = m.points;
    const features: GeoJSON.Feature[] = pts.map((p) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: p } }));
    if (pts.length >= 3 && m.closed)
      features.unshift({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[...pts, pts[0] as [number, number]]] } });
    else if (pts.length >= 2) features.unshift({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: pts } });
    (this.map.getSource(MEASURE_SOURCE) as GeoJSONSource).setData({ type: 'FeatureCollection', features });
  }

  /** Ids of the parcels drawn within `radiusPx` of a point of the screen (candidates to snap to). */
  parcelIdsNear(point: [number, number], radiusPx: number): string[] {
    if (!this.map.getLayer(LAYER.parcelsFill)) return [];
    const [x, y] = point;
    const feats = this.map.queryRenderedFeatures(
      [
        [x - radiusPx, y - radiusPx],
        [x + radiusPx, y + radiusPx],
      ],
      { layers: [LAYER.parcelsFill] },
    );
    return [...new Set(feats.filter((f) => !f.state?.out && f.id != null).map((f) => String(f.id)))];
  }

  project(lngLat: [number, number]): [number, number] {
    const p = this.map.project(lngLat);
    return [p.x, p.y];
  }

  /** Takes the map element's size now (after a layout change, before a fit that depends on it). */
  resize(): void {
    this.map.resize();
  }

  /** The map's element (its size on screen). */
  container(): HTMLElement {
    return this.map.getContainer();
  }

  centre(): [number, number] {
    const c = this.map.getCenter();
    return [c.lng, c.lat];
  }

  /** Ground metres per CSS pixel at the view's centre (Web Mercator with 512 px tiles). */
  private metersPerPixel(): number {
    const EARTH_CIRCUMFERENCE_M = 40_075_016.686;
    const lat = this.map.getCenter().lat;
    return (EARTH_CIRCUMFERENCE_M * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** this.map.getZoom());
  }

  /** What colours the parcels: the metric's classes, or (theme stage or grade) the category's colours, with its hatch. */
  setChoropleth(metric: Metric, classes: Classes | null, theme: Theme = 'metric'): void {
    const key = `${theme}:${metric}:${classes?.edges.join(',') ?? ''}`;
    if (key === this.lastPaintKey) return;
    this.lastPaintKey = key;
    this.map.setPaintProperty(LAYER.parcelsFill, 'fill-color', themeColor(theme, metric, classes));
    if (theme !== this.theme) {
      this.theme = theme;
      this.map.setFilter(LAYER.parcelsHatch, parcelLayerFilter(LAYER.parcelsHatch, this.lastZoneFilter ?? null, theme) as never);
    }
  }

  /** The zone in scope, as a layer filter on the parcel layers (null: all zones). */
  setZoneFilter(zone: string | null): void {
    if (zone === this.lastZoneFilter) return;
    this.lastZoneFilter = zone;
    for (const layer of FILTERED_LAYERS) this.map.setFilter(layer, parcelLayerFilter(layer, zone, this.theme) as never);
  }

  /**
   * Which parcels pass the filters: `rows` are the store's filtered rows (filterRows), the table's very rows, so map
   * and table cannot disagree. A parcel outside them gets feature-state "out" and is drawn transparent. Large
   * datasets get their states set only near the view (the rest as the view comes to them), so a filter change costs
   * a few thousand state changes, not 100,000.
   */
  setParcelRows(ids: readonly string[], boxes: Float64Array, rows: Uint32Array): void {
    if (ids !== this.rowIds) {
      // another dataset: no state of the last one may linger on a parcel with the same id
      if (this.rowIds.length > 0 && this.map.getSource(SOURCE.parcels)) {
        this.map.removeFeatureState(this.parcelFeature());
        if (this.selected != null) this.map.setFeatureState({ ...this.parcelFeature(), id: this.selected }, { selected: true });
        this.hovered = null;
      }
      this.rowIds = ids;
      this.rowBoxes = boxes;
      this.applied = new Uint8Array(ids.length).fill(1);
    }
    const wanted = new Uint8Array(ids.length);
    for (const i of rows) wanted[i] = 1;
    this.wanted = wanted;
    this.applyRowStates(true);
  }

  /** Sets the states still to set near the view; `recount` after wanted or applied changed wholesale. */
  private applyRowStates(recount = false): void {
    if (recount) this.pending = countPending(this.wanted, this.applied);
    if (this.pending === 0 || !this.map.getSource(SOURCE.parcels)) return;
    let near: Bbox | null = null;
    if (this.rowIds.length > LARGE_DATASET_PARCELS) {
      // parcels are not drawn below their minimum zoom: their states wait until the view zooms in
      if (this.map.getZoom() < this.parcelMinZoom) return;
      const b = this.map.getBounds();
      near = viewWithMargin([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]);
    }
    const feature = this.parcelFeature();
    this.pending -= applyPending(this.wanted, this.applied, this.rowBoxes, near, (i, out) =>
      this.map.setFeatureState({ ...feature, id: this.rowIds[i] as string }, { out }),
    );
  }

  /**
   * The parcels' review marks (an index into REVIEW_MARKS per table row, see state/reviews/queue.ts) as feature-state
   * "review", read by the review layer; only the rows whose mark changed are set again.
   */
  setReviewMarks(ids: readonly string[], marks: Uint8Array): void {
    if (!this.map.getSource(SOURCE.parcels)) return;
    const fresh = ids !== this.reviewIds;
    if (fresh) {
      this.reviewIds = ids;
      this.reviewApplied = new Uint8Array(ids.length);
    }
    this.reviewMarks = marks;
    const feature = this.parcelFeature();
    for (let i = 0; i < marks.length; i++) {
      const m = marks[i] as number;
      if (m === this.reviewApplied[i]) continue;
      this.reviewApplied[i] = m;
      this.map.setFeatureState({ ...feature, id: ids[i] as string }, { review: m });
    }
  }

  /** Ids of the parcels drawn in the view and passing the filters (for tests and benchmarks). */
  drawnParcelIds(): string[] {
    const feats = this.map.queryRenderedFeatures({ layers: [LAYER.parcelsFill] });
    return [...new Set(feats.filter((f) => !f.state?.out).map((f) => String(f.id)))];
  }

  setVisibility(v: Visibility): void {
    const key = JSON.stringify(v);
    if (key === this.lastVisibility) return;
    this.lastVisibility = key;
    for (const t of TOGGLE_KEYS) for (const layer of TOGGLES[t]) this.map.setLayoutProperty(layer, 'visibility', v[t] ? 'visible' : 'none');
  }

  /**
   * Draw parcels from vector tiles (written by `audit --tiles`) instead of the GeoJSON source: the same layers, the
   * same properties, read from the tiles' "parcels" layer.
   */
  drawParcelsFromTiles(tiles: ParcelTiles, state: StyleState, zone: string | null): void {
    this.theme = state.theme ?? 'metric';
    const layers = buildStyle(state, {}, tiles).layers.filter((l) => (PARCEL_LAYERS as readonly string[]).includes(l.id));
    for (const id of PARCEL_LAYERS) if (this.map.getLayer(id)) this.map.removeLayer(id);
    this.map.removeSource(SOURCE.parcels);
    this.map.addSource(SOURCE.parcels, parcelSourceSpec(tiles));
    for (const l of layers) this.map.addLayer(l);
    this.sourceLayer = PARCEL_TILE_LAYER;
    this.parcelMinZoom = state.parcelMinZoom ?? 0;
    this.lastZoneFilter = undefined;
    this.setZoneFilter(zone);
    // a new source has no feature states: set them again
    this.reviewApplied.fill(0);
    this.applied.fill(1);
    this.applyRowStates(true);
    if (this.reviewMarks) this.setReviewMarks(this.reviewIds, this.reviewMarks);
  }

  private parcelFeature(): { source: string; sourceLayer?: string } {
    return this.sourceLayer ? { source: SOURCE.parcels, sourceLayer: this.sourceLayer } : { source: SOURCE.parcels };
  }

  /** From which zoom parcels are drawn (large datasets start higher, so the city view stays light). */
  setParcelMinZoom(minzoom: number): void {
    this.parcelMinZoom = minzoom;
    for (const layer of PARCEL_LAYERS) this.map.setLayerZoomRange(layer, minzoom, 24);
  }

  select(id: string | null): void {
    if (id === this.selected) return;
    if (this.selected != null) this.map.setFeatureState({ ...this.parcelFeature(), id: this.selected }, { selected: false });
    this.selected = id;
    if (id != null) this.map.setFeatureState({ ...this.parcelFeature(), id }, { selected: true });
  }

  /**
   * `bottomPx`: room kept free at the bottom (what lies over the map there), besides the usual margin. A fit asked for
   * just before the map changes size (the inspector's column opening as a parcel is picked) is made again for the new
   * size, so the parcel ends up where it was meant to.
   */
  fitBounds(bbox: [number, number, number, number], opts: FitOptions = {}): void {
    this.lastFit = { bbox, opts, at: performance.now() };
    this.fit(bbox, opts);
  }

  private fit(bbox: [number, number, number, number], opts: FitOptions): void {
    const padding = opts.padding ?? { top: 40, right: 40, left: 40, bottom: 40 + (opts.bottomPx ?? 0) };
    this.map.fitBounds(bbox as LngLatBoundsLike, { padding, maxZoom: opts.maxZoom ?? 16, animate: opts.animate ?? true, duration: opts.durationMs ?? 600 });
  }

  jumpTo(camera: Camera): void {
    this.map.jumpTo({ center: camera.center, zoom: camera.zoom });
  }

  /** The box of the map in view [west, south, east, north]. */
  visibleBounds(): [number, number, number, number] {
    const b = this.map.getBounds();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()];
  }

  camera(): Camera {
    const c = this.map.getCenter();
    return { center: [c.lng, c.lat], zoom: this.map.getZoom() };
  }

  destroy(): void {
    this.tooltip.remove();
    this.map.remove();
  }

  private bindEvents(): void {
    const idAt = (e: MapMouseEvent): string | null => {
      // a parcel filtered out is drawn transparent: it is not there to hover or pick
      const f = this.map.queryRenderedFeatures(e.point, { layers: [LAYER.parcelsFill] }).find((x) => !x.state?.out);
      return f?.id == null ? null : String(f.id);
    };
    this.map.on('mousemove', (e) => {
      if (!this.map.getLayer(LAYER.parcelsFill)) return;
      const id = idAt(e);
      this.hover(id, e.point);
    });
    this.map.on('mouseout', () => this.hover(null, null));
    // the hatch over parcels a category has no value for, made here when the style first needs it (no sprite to fetch)
    this.map.setMissingStyleImageResolver((id) => {
      if (id === HATCH_IMAGE && !this.map.hasImage(HATCH_IMAGE)) this.map.addImage(HATCH_IMAGE, hatchPixels());
    });
    this.map.on('click', (e) => {
      if (this.measureClick) this.measureClick([e.lngLat.lng, e.lngLat.lat], [e.point.x, e.point.y]);
      else this.cb.onSelect(idAt(e));
    });
    this.map.on('moveend', () => this.cb.onMove?.(this.camera()));
    this.map.on('resize', () => {
      const f = this.lastFit;
      if (f && performance.now() - f.at < REFIT_WITHIN_MS) this.fit(f.bbox, f.opts);
    });
    // the filter states of parcels coming into view (large datasets set them near the view only)
    this.map.on('move', () => this.applyRowStates());
  }

  /** The parcel under the pointer: outlined, the pointer a hand (it can be clicked), a tooltip beside it. */
  private hover(id: string | null, point: { x: number; y: number } | null): void {
    if (id !== this.hovered) {
      if (this.hovered != null) this.map.setFeatureState({ ...this.parcelFeature(), id: this.hovered }, { hover: false });
      this.hovered = id;
      if (id != null) this.map.setFeatureState({ ...this.parcelFeature(), id }, { hover: true });
      // on the canvas container: MapLibre's stylesheet sets its "grab" cursor there
      this.map.getCanvasContainer().style.cursor = id ? 'pointer' : '';
      const lines = id != null ? (this.cb.describe?.(id) ?? [id]) : [];
      this.tooltip.replaceChildren(
        ...lines.map((line) => {
          const div = document.createElement('div');
          div.textContent = line; // untrusted text: never HTML
          return div;
        }),
      );
      this.tooltip.dataset.id = id ?? '';
    }
    this.tooltip.hidden = id == null;
    if (id != null && point) {
      // beside the pointer, turned inwards near the right and bottom edges
      const { clientWidth: w, clientHeight: h } = this.map.getContainer();
      const flipX = point.x > w - 220;
      const flipY = point.y > h - 80;
      this.tooltip.style.transform = `translate(${flipX ? 'calc(-100% - 12px)' : '12px'}, ${flipY ? 'calc(-100% - 12px)' : '12px'})`;
      this.tooltip.style.left = `${point.x}px`;
      this.tooltip.style.top = `${point.y}px`;
    }
  }
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/**
 * The zoom from which a label of `sizePx` fits across the width of its box, with some margin (Web Mercator, 512 px
 * tiles): CJK characters about one size wide, others about 0.6.
 */
export function labelMinZoom(text: string, bbox: [number, number, number, number], sizePx: number): number {
  const widthPx = [...text].reduce((w, ch) => w + ((ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.6) * sizePx, 0) + 16;
  const spanDeg = Math.max(1e-9, bbox[2] - bbox[0]);
  return Math.log2((widthPx * 360) / (512 * spanDeg));
}
