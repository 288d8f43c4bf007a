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
import type { Classes } from '../app/classes';
import type { Filters } from '../app/filters';
import type { Metric } from '../app/parcelTable';
import blobProtocolUrl from './blobProtocol.worker.js?url';
import { parcelFilter } from './filterExpression';
import { WORKER_TILE_SCHEME } from './properties';
import {
  buildStyle,
  choroplethColor,
  LAYER,
  OWN_FILTER,
  PARCEL_LAYERS,
  PARCEL_TILE_LAYER,
  type ParcelTiles,
  parcelSourceSpec,
  SOURCE,
  type SourceId,
  type StyleState,
  TOGGLE_KEYS,
  TOGGLES,
  type Visibility,
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

export interface Camera {
  center: [number, number];
  zoom: number;
}

const AREA_LABEL_MIN_ZOOM = 12.5;
const FILTERED_LAYERS = [LAYER.parcelsFill, LAYER.parcelsLine, LAYER.flagIdle, LAYER.flagSuspected, LAYER.flagLow, LAYER.flagConflict] as const;

/**
 * The one place that talks to MapLibre. It skips work when nothing changed; hover and selection go through
 * feature-state, filters through setFilter, never a rebuilt GeoJSON.
 */
export class MapController {
  readonly map: MapLibreMap;
  private hovered: string | null = null;
  private selected: string | null = null;
  private markers: Marker[] = [];
  private lastFilterKey = '';
  private lastPaintKey = '';
  private lastVisibility = '';
  private areasVisible = true;
  private sourceLayer: string | null = null;
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

  setFilters(filters: Filters): void {
    const expr = parcelFilter(filters);
    const key = JSON.stringify(expr);
    if (key === this.lastFilterKey) return;
    this.lastFilterKey = key;
    for (const layer of FILTERED_LAYERS) {
      const own = OWN_FILTER[layer];
      this.map.setFilter(layer, (own ? ['all', own, expr] : expr) as never);
    }
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
  drawParcelsFromTiles(tiles: ParcelTiles, state: StyleState, filters: Filters): void {
    const layers = buildStyle(state, {}, tiles).layers.filter((l) => (PARCEL_LAYERS as readonly string[]).includes(l.id));
    for (const id of PARCEL_LAYERS) if (this.map.getLayer(id)) this.map.removeLayer(id);
    this.map.removeSource(SOURCE.parcels);
    this.map.addSource(SOURCE.parcels, parcelSourceSpec(tiles));
    for (const l of layers) this.map.addLayer(l);
    this.sourceLayer = PARCEL_TILE_LAYER;
    this.lastFilterKey = '';
    this.setFilters(filters);
  }

  private parcelFeature(): { source: string; sourceLayer?: string } {
    return this.sourceLayer ? { source: SOURCE.parcels, sourceLayer: this.sourceLayer } : { source: SOURCE.parcels };
  }

  /** From which zoom parcels are drawn (large datasets start higher, so the city view stays light). */
  setParcelMinZoom(minzoom: number): void {
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
      const f = this.map.queryRenderedFeatures(e.point, { layers: [LAYER.parcelsFill] })[0];
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
    this.map.on('zoomend', () => this.updateLabelVisibility());
  }
}
