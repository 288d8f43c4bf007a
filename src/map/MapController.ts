import {
  AttributionControl,
  addProtocol,
  type GeoJSONSource,
  importScriptInWorkers,
  type LngLatBoundsLike,
  Map as MapLibreMap,
  type MapMouseEvent,
  Marker,
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
import type { Camera } from '../state/view';
import { TOGGLE_KEYS, type Visibility } from '../state/view';
import blobProtocolUrl from './blobProtocol.worker.js?url';
import { applyPending, countPending, viewWithMargin } from './rowStates';
import {
  buildStyle,
  choroplethColor,
  LAYER,
  PARCEL_LAYERS,
  type ParcelTiles,
  parcelLayerFilter,
  parcelSourceSpec,
  SOURCE,
  type SourceId,
  type StyleState,
  TOGGLES,
} from './style';

setWorkerUrl(workerUrl);

let workersReady: Promise<void> | null = null;
/**
 * MapLibre's workers learn to fetch blob: URLs themselves (blobProtocol.worker.js). Awaited before the first map is
 * made: a map created while the script is still in flight restarts the pool and aborts the message.
 */
export function prepareMapWorkers(): Promise<void> {
  workersReady ??= importScriptInWorkers(new URL(blobProtocolUrl, window.location.href).href);
  return workersReady;
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
}

export interface MapCallbacks {
  onSelect(id: string | null): void;
  onHover?(id: string | null): void;
  onMove?(camera: Camera): void;
}

const AREA_LABEL_MIN_ZOOM = 12.5;
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
  private markers: Marker[] = [];
  private lastZoneFilter: string | null | undefined = undefined;
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
  private areasVisible = true;
  private sourceLayer: string | null = null;
  private reviewIds: readonly string[] = [];
  private reviewApplied = new Uint8Array(0);
  private reviewMarks: Uint8Array | null = null;
  private ready: Promise<void>;

  constructor(
    container: HTMLElement,
    init: { metric: Metric; classes: Classes | null; visibility: Visibility; camera: Camera | null; credits: string[] },
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
    });
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-left');
    this.map.addControl(new ScaleControl({ unit: 'metric', maxWidth: 120 }), 'bottom-right');
    this.map.addControl(new AttributionControl({ compact: true, customAttribution: init.credits }), 'bottom-right');
    const loaded = new Promise<void>((resolve) => this.map.once('load', () => resolve()));
    this.ready = loaded;
    this.lastVisibility = JSON.stringify(init.visibility);
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

  setLabels(labels: MapLabel[]): void {
    for (const m of this.markers) m.remove();
    this.markers = labels.map((l) => {
      const el = document.createElement('div');
      el.className = `map-label map-label-${l.kind}`;
      el.textContent = l.text; // untrusted text: never innerHTML
      return new Marker({ element: el, anchor: 'center' }).setLngLat(l.lngLat).addTo(this.map);
    });
    this.updateLabelVisibility();
  }

  setChoropleth(metric: Metric, classes: Classes | null): void {
    const key = `${metric}:${classes?.edges.join(',') ?? ''}`;
    if (key === this.lastPaintKey) return;
    this.lastPaintKey = key;
    this.map.setPaintProperty(LAYER.parcelsFill, 'fill-color', choroplethColor(metric, classes));
  }

  /** The zone in scope, as a layer filter on the parcel layers (null: all zones). */
  setZoneFilter(zone: string | null): void {
    if (zone === this.lastZoneFilter) return;
    this.lastZoneFilter = zone;
    for (const layer of FILTERED_LAYERS) this.map.setFilter(layer, parcelLayerFilter(layer, zone) as never);
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
    this.areasVisible = v.areas;
    for (const t of TOGGLE_KEYS) for (const layer of TOGGLES[t]) this.map.setLayoutProperty(layer, 'visibility', v[t] ? 'visible' : 'none');
    this.updateLabelVisibility();
  }

  /** Functional-area labels only when the areas are drawn and the zone is large enough on screen to hold them. */
  private updateLabelVisibility(): void {
    const showAreas = this.areasVisible && this.map.getZoom() >= AREA_LABEL_MIN_ZOOM;
    for (const m of this.markers) {
      const el = m.getElement();
      if (!el.classList.contains('map-label-zone')) el.style.display = showAreas ? '' : 'none';
    }
  }

  /**
   * Draw parcels from vector tiles (written by `audit --tiles`) instead of the GeoJSON source: the same layers, the
   * same properties, read from the tiles' "parcels" layer.
   */
  drawParcelsFromTiles(tiles: ParcelTiles, state: StyleState, zone: string | null): void {
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

  fitBounds(bbox: [number, number, number, number], opts: { maxZoom?: number; animate?: boolean } = {}): void {
    this.map.fitBounds(bbox as LngLatBoundsLike, { padding: 40, maxZoom: opts.maxZoom ?? 16, animate: opts.animate ?? true, duration: 600 });
  }

  jumpTo(camera: Camera): void {
    this.map.jumpTo({ center: camera.center, zoom: camera.zoom });
  }

  camera(): Camera {
    const c = this.map.getCenter();
    return { center: [c.lng, c.lat], zoom: this.map.getZoom() };
  }

  destroy(): void {
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
      if (id === this.hovered) return;
      if (this.hovered != null) this.map.setFeatureState({ ...this.parcelFeature(), id: this.hovered }, { hover: false });
      this.hovered = id;
      if (id != null) this.map.setFeatureState({ ...this.parcelFeature(), id }, { hover: true });
      this.map.getCanvas().style.cursor = id ? 'pointer' : '';
      this.cb.onHover?.(id);
    });
    this.map.on('click', (e) => this.cb.onSelect(idAt(e)));
    this.map.on('moveend', () => this.cb.onMove?.(this.camera()));
    // the filter states of parcels coming into view (large datasets set them near the view only)
    this.map.on('move', () => this.applyRowStates());
    this.map.on('zoomend', () => this.updateLabelVisibility());
  }
}
