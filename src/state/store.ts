import { create } from 'zustand';
import { type Classes, type ClassMethod, classify } from '../domain/classes';
import type { Metric } from '../domain/metrics';
import type { ParcelDetail } from '../domain/types';
import { fromWire, type ParcelTable } from '../engine/parcelTable';
import type { LoadResult, MapLayers, Phase } from '../engine/session';
import type { Lang } from '../i18n/resources';
import { analysisWorker, proxy } from '../worker/client';
import { EMPTY_FILTERS, type Filters, filterRows, sumArea } from './filters';
import { LOAD_MARKS } from './loadMarks';
import { DEFAULT_VIEW, type ViewState } from './urlState';
import type { Camera, Toggle, Visibility } from './view';

/**
 * The app's one store: dataset and analysis, scope, filters, selection and view. Components read slices of it and
 * call its actions; they compute nothing numeric themselves.
 */
export type LoadedData = Omit<LoadResult, 'layers' | 'table'> & { table: ParcelTable; layerUrls: Record<keyof LoadResult['layers'], string> };
/** The map's layers but the parcels, as object URLs, there before the analysis is done (see MapLayers). */
export type LoadedMapLayers = Omit<MapLayers, 'layers'> & { layerUrls: Record<keyof MapLayers['layers'], string> };

export interface AppState extends ViewState {
  status: 'loading' | 'ready' | 'error';
  progress: { phase: Phase; done: number; total: number };
  error: string | null;
  data: LoadedData | null;
  mapLayers: LoadedMapLayers | null;
  /** the table is drawn one task after the data arrive (see load) */
  tableReady: boolean;
  rows: Uint32Array;
  rowsAreaM2: number;
  classes: Classes | null;
  detail: ParcelDetail | null;
  problemsOpen: boolean;
  /** bumped when the user asks to fly somewhere (zone chosen, row picked) */
  flyTo: { bbox: [number, number, number, number]; seq: number; maxZoom: number } | null;

  load(): Promise<void>;
  setZone(zone: string | null): void;
  setFilters(patch: Partial<Filters>): void;
  clearFilters(): void;
  /** Set one end of a metric's range from an input's text; an empty or non-numeric text clears that end. */
  setRangeEnd(metric: Metric, end: 0 | 1, text: string): void;
  setMetric(metric: Metric): void;
  setClassMethod(method: ClassMethod): void;
  toggleLayer(t: Toggle, on?: boolean): void;
  select(id: string | null, from: 'map' | 'table' | 'url'): void;
  setCamera(c: Camera): void;
  setLang(lang: Lang): void;
  setTableOpen(open: boolean): void;
  setProblemsOpen(open: boolean): void;
}

const CLASS_COUNT = 5;

/** Resolves in a later task, so the browser can draw and handle input between two pieces of work. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** GeoJSON bytes as object URLs, for the map's sources. */
const objectUrls = <K extends string>(layers: Record<K, ArrayBuffer>): Record<K, string> =>
  Object.fromEntries(
    Object.entries(layers).map(([k, buf]) => [k, URL.createObjectURL(new Blob([buf as ArrayBuffer], { type: 'application/geo+json' }))]),
  ) as Record<K, string>;

export const useStore = create<AppState>()((set, get) => ({
  ...DEFAULT_VIEW,
  status: 'loading',
  progress: { phase: 'fetch', done: 0, total: 1 },
  error: null,
  data: null,
  mapLayers: null,
  tableReady: false,
  rows: new Uint32Array(0),
  rowsAreaM2: 0,
  classes: null,
  detail: null,
  problemsOpen: false,
  flyTo: null,

  async load() {
    // ?threads=N: how many threads analyse a large dataset (like the CLI's --threads; default: one per core but one);
    // read before the view's URL is written again, which keeps the view's parameters only
    const threads = Number(new URLSearchParams(window.location.search).get('threads')) || null;
    set({ status: 'loading', error: null, mapLayers: null });
    // User Timing marks of the last load's phases (parkatlas:fetch … parkatlas:table), for benchmarks and the
    // browser's performance panel
    for (const name of LOAD_MARKS) performance.clearMarks(`parkatlas:${name}`);
    let phaseNow: Phase | null = null;
    const mark = (name: (typeof LOAD_MARKS)[number]) => performance.mark(`parkatlas:${name}`);
    try {
      const base = new URL(`${get().dataset}/`, new URL(import.meta.env.BASE_URL, window.location.href)).href;
      const r = await analysisWorker().load(
        base,
        null,
        proxy((phase: Phase, done: number, total: number) => {
          // (progress comes on a port of its own: a last message may arrive after the results, and is then let go)
          if (get().status !== 'loading') return;
          if (phase !== phaseNow) {
            phaseNow = phase;
            mark(phase);
          }
          set({ progress: { phase, done, total } });
        }),
        proxy((m: MapLayers) => set({ mapLayers: { zones: m.zones, bbox: m.bbox, layerUrls: objectUrls(m.layers) } })),
        threads,
      );
      // the layers but the parcels came first (mapLayers): their URLs are those already given to the map
      const early = get().mapLayers;
      const layerUrls = early ? { ...early.layerUrls, ...objectUrls({ parcels: r.layers.parcels }) } : objectUrls(r.layers);
      const { layers: _layers, table: wire, ...rest } = r;
      const table = await fromWire(wire, nextTask);
      // Two tasks, not one: the panels and the map (sources, rows, classes) first, then the table, so the page is not
      // held while all of it renders at once. Rows and classes come with the data, so nothing shows empty rows.
      set({ data: { ...rest, table, layerUrls }, status: 'ready' });
      recompute(set, get);
      mark('ready');
      await nextTask();
      set({ tableReady: true });
      mark('table');
      const sel = get().selectedId;
      if (sel) get().select(sel, 'url');
    } catch (e) {
      set({ status: 'error', error: (e as Error).message });
    }
  },

  setZone(zone) {
    set({ filters: { ...get().filters, zone } });
    recompute(set, get);
    const z = get().data?.zones.find((x) => x.id === zone);
    const bbox = z?.bbox ?? get().data?.bbox ?? null;
    if (bbox) set({ flyTo: { bbox, seq: (get().flyTo?.seq ?? 0) + 1, maxZoom: 15 } });
  },
  setFilters(patch) {
    set({ filters: { ...get().filters, ...patch } });
    recompute(set, get, false);
  },
  setRangeEnd(metric, end, text) {
    const ranges = { ...get().filters.ranges };
    const n = Number(text);
    const v = text.trim() === '' || !Number.isFinite(n) ? null : n;
    const cur = ranges[metric] ?? [null, null];
    const next: [number | null, number | null] = end === 0 ? [v, cur[1]] : [cur[0], v];
    if (next[0] == null && next[1] == null) delete ranges[metric];
    else ranges[metric] = next;
    get().setFilters({ ranges });
  },
  clearFilters() {
    set({ filters: { ...EMPTY_FILTERS, zone: get().filters.zone } });
    recompute(set, get, false);
  },
  setMetric(metric) {
    set({ metric });
    recompute(set, get);
  },
  setClassMethod(classMethod) {
    set({ classMethod });
    recompute(set, get);
  },
  toggleLayer(t, on) {
    const v: Visibility = { ...get().visibility, [t]: on ?? !get().visibility[t] };
    set({ visibility: v });
  },
  select(id, from) {
    set({ selectedId: id, detail: id == null ? null : get().detail?.id === id ? get().detail : null });
    const data = get().data;
    if (id == null || !data) return;
    // a row picked in the table flies to its parcel; a selection restored from the URL keeps the URL's camera
    if (from === 'table') {
      const i = data.table.text.id.indexOf(id);
      if (i >= 0) {
        const b = data.table.bbox;
        set({
          flyTo: {
            bbox: [b[i * 4] as number, b[i * 4 + 1] as number, b[i * 4 + 2] as number, b[i * 4 + 3] as number],
            seq: (get().flyTo?.seq ?? 0) + 1,
            maxZoom: 16,
          },
        });
      }
    }
    void analysisWorker()
      .parcel(id)
      .then((detail) => {
        if (get().selectedId === id) set({ detail });
      });
  },
  setCamera(camera) {
    set({ camera });
  },
  setLang(lang) {
    set({ lang });
  },
  setTableOpen(tableOpen) {
    set({ tableOpen });
  },
  setProblemsOpen(problemsOpen) {
    set({ problemsOpen });
  },
}));

/** Rows after filters, their area, and the classes of the metric over the zone in scope. */
function recompute(set: (p: Partial<AppState>) => void, get: () => AppState, reclassify = true): void {
  const { data, filters, metric, classMethod } = get();
  if (!data) return;
  const rows = filterRows(data.table, filters);
  const patch: Partial<AppState> = { rows, rowsAreaM2: sumArea(data.table, rows) };
  if (reclassify) {
    const scope = filterRows(data.table, { ...EMPTY_FILTERS, zone: filters.zone });
    const col = data.table.numeric[metric];
    const values = new Float64Array(scope.length);
    scope.forEach((row, k) => {
      values[k] = col[row] as number;
    });
    patch.classes = classify(values, CLASS_COUNT, classMethod);
  }
  set(patch);
}
