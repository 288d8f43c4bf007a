import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Problem } from '../../data/problem';
import type { Bbox } from '../../geo/bbox';
import type { Padding } from '../commands';
import type { AppStore } from '../store';
import { DEFAULT_VISIBILITY, TOGGLE_KEYS, type Visibility } from '../view';
import { memoryTourStorage } from './memoryTourStorage';
import { addStop, deleteStop, freshStopId, moveStop, updateStop } from './tourEdits';
import { checkTourAgainstData, EMPTY_TOUR, parseTour, TOUR_FILE, type Tour, type TourStop } from './tourFile';
import type { TourStorage } from './tourStorage';

/**
 * The tour of the dataset shown and the presentation of it. The tour is the one edited in this browser (kept at once
 * in IndexedDB, tourStorage.ts) or else the dataset's tour.json; presenting walks its stops, each applied to the app's
 * view (zone, metric, layers, selection) and the camera flown to it by a map command. The view before the
 * presentation is put back when it ends.
 */
export interface TourState {
  dataset: string | null;
  /** the dataset's own tour (tour.json), null when it has none */
  shipped: Tour | null;
  /** the tour as edited in this browser, null when not edited */
  stored: Tour | null;
  /** what was wrong with tour.json (and stops naming what the data lack) */
  problems: Problem[];
  storage: 'opening' | 'indexeddb' | 'memory';
  /** the last write that failed (the edit is not kept), shown until the next one succeeds */
  failure: string | null;
  /** the stop shown in presentation, null when not presenting */
  presenting: number | null;
  open(dataset: string, datasetUrl: string): Promise<void>;
  /** Adds the current view as a stop after the others (bounds: the map's visible box) and returns its id. */
  addCurrentView(bounds: Bbox, title: string): Promise<string | null>;
  updateStop(id: string, patch: Partial<Omit<TourStop, 'id' | 'kind'>>): Promise<void>;
  moveStop(id: string, delta: number): Promise<void>;
  deleteStop(id: string): Promise<void>;
  /** Replaces the edited tour by a tour.json the user picked; returns its problems (the valid stops are kept). */
  importTour(text: string, file: string): Promise<Problem[]>;
  /** Drops the edits: the dataset's tour.json again. */
  resetTour(): Promise<void>;
  /** Starts presenting at stop `index`, or goes to it (the presentation's view then shows it: showStop). */
  present(index: number): void;
  /** Puts the stop presented on the map: its view, and a flight to it; `padding` is what lies over the map. */
  showStop(fly: FlyOptions): void;
  endPresentation(): void;
  /** Puts a stop's view on the workspace without presenting (to print or export it); returns the box it shows. */
  showInWorkspace(index: number): Bbox | null;
}

export interface FlyOptions {
  padding: Padding;
  durationMs: number;
}

export type TourStore = StoreApi<TourState>;

/** The tour shown: the edited one, else the dataset's, else an empty one. */
export const currentTour = (s: Pick<TourState, 'stored' | 'shipped'>): Tour => s.stored ?? s.shipped ?? EMPTY_TOUR;

export interface TourStoreOptions {
  /** where edited tours are kept (the app: IndexedDB); default: this page's memory */
  storage?: () => Promise<TourStorage>;
  /** reads the dataset's tour.json (null: it has none); default: fetch from the dataset's folder, same origin only */
  readTour?: (url: string) => Promise<string | null>;
}

export function createTourStore(app: AppStore, opts: TourStoreOptions = {}): TourStore {
  let storage: TourStorage | null = null;
  let opening: Promise<TourStorage> | null = null;
  let unwatch: (() => void) | null = null;
  /** the view before the presentation, put back when it ends */
  let saved: SavedView | null = null;
  const readTour = opts.readTour ?? fetchTourText;

  const store = createStore<TourState>()((set, get) => {
    const openStorage = (): Promise<TourStorage> => {
      opening ??= (opts.storage ?? (async () => memoryTourStorage()))().then(
        (s) => {
          storage = s;
          set({ storage: s.kind });
          return s;
        },
        () => {
          storage = memoryTourStorage();
          set({ storage: 'memory' });
          return storage;
        },
      );
      return opening;
    };
    /** One edit of the tour shown, written at once (the first edit starts from the dataset's tour). */
    const edit = async (change: (t: Tour) => Tour): Promise<void> => {
      const dataset = get().dataset;
      if (!dataset) return;
      const s = storage ?? (await openStorage());
      const shipped = get().shipped;
      try {
        const next = await s.update(dataset, (cur) => change(cur ?? shipped ?? EMPTY_TOUR));
        set({ stored: next, failure: null });
      } catch (e) {
        set({ failure: (e as Error).message });
      }
    };
    return {
      dataset: null,
      shipped: null,
      stored: null,
      problems: [],
      storage: 'opening',
      failure: null,
      presenting: null,

      async open(dataset, datasetUrl) {
        unwatch?.();
        set({ dataset, shipped: null, stored: null, problems: [] });
        const text = await readTour(new URL(TOUR_FILE, datasetUrl).href).catch(() => null);
        const parsed = text == null ? null : parseTour(text);
        const data = app.api.getState().data;
        const facts = data ? { zoneIds: data.zones.map((z) => z.id), hasParcel: (id: string) => data.table.text.id.includes(id) } : null;
        const problems = parsed ? [...parsed.problems, ...(facts ? checkTourAgainstData(parsed.tour, facts) : [])] : [];
        if (get().dataset !== dataset) return;
        set({ shipped: parsed?.tour ?? null, problems });
        const s = await openStorage();
        if (get().dataset !== dataset) return;
        unwatch = s.watch(
          dataset,
          (row) => set({ stored: row?.tour ?? null }),
          (e) => set({ failure: e.message }),
        );
      },

      async addCurrentView(bounds, title) {
        const v = app.api.getState();
        let id: string | null = null;
        await edit((t) => {
          id = freshStopId(t);
          const stop: TourStop = {
            id,
            kind: v.selectedId ? 'parcel' : v.filters.zone ? 'zone' : 'view',
            ...(v.filters.zone ? { zone: v.filters.zone } : {}),
            ...(v.selectedId ? { parcel: v.selectedId } : {}),
            title,
            caption: '',
            bounds: bounds.map((x) => Math.round(x * 1e6) / 1e6) as Bbox,
            metric: v.metric,
            layers: TOGGLE_KEYS.filter((k) => v.visibility[k]),
          };
          return addStop(t, stop);
        });
        return id;
      },
      updateStop: (id, patch) => edit((t) => updateStop(t, id, patch)),
      moveStop: (id, delta) => edit((t) => moveStop(t, id, delta)),
      deleteStop: (id) => edit((t) => deleteStop(t, id)),
      async importTour(text, file) {
        const { tour, problems } = parseTour(text, file);
        if (problems.some((p) => p.featureIndex == null && p.severity === 'error')) return problems;
        await edit(() => tour);
        return problems;
      },
      async resetTour() {
        const dataset = get().dataset;
        if (!dataset) return;
        const s = storage ?? (await openStorage());
        try {
          await s.update(dataset, () => null);
          set({ stored: null, failure: null });
        } catch (e) {
          set({ failure: (e as Error).message });
        }
      },

      present(index) {
        const n = currentTour(get()).stops.length;
        if (n === 0) return;
        if (get().presenting == null) saved = saveView(app);
        set({ presenting: Math.max(0, Math.min(n - 1, index)) });
      },
      showStop(fly) {
        const i = get().presenting;
        const stop = i == null ? undefined : currentTour(get()).stops[i];
        if (stop) applyStop(app, stop, fly);
      },
      showInWorkspace(index) {
        const stop = currentTour(get()).stops[index];
        if (!stop) return null;
        applyStop(app, stop, { padding: { top: 0, right: 0, bottom: 0, left: 0 }, durationMs: 0 });
        return stopBounds(stop, app);
      },
      endPresentation() {
        if (get().presenting == null) return;
        set({ presenting: null });
        if (saved) restoreView(app, saved);
        saved = null;
      },
    };
  });
  return store;
}

/** tour.json beside dataset.json, from the app's own origin; null when there is none (a 404, or a server's index page). */
async function fetchTourText(url: string): Promise<string | null> {
  const res = await fetch(url, { mode: 'same-origin', credentials: 'same-origin' });
  if (!res.ok || /^text\/html\b/i.test(res.headers.get('content-type') ?? '')) return null;
  return res.text();
}

interface SavedView {
  filters: ReturnType<AppStore['api']['getState']>['filters'];
  metric: ReturnType<AppStore['api']['getState']>['metric'];
  visibility: Visibility;
  selectedId: string | null;
  camera: ReturnType<AppStore['api']['getState']>['camera'];
}

function saveView(app: AppStore): SavedView {
  const s = app.api.getState();
  return { filters: s.filters, metric: s.metric, visibility: s.visibility, selectedId: s.selectedId, camera: s.camera };
}

function setLayers(app: AppStore, visibility: Visibility): void {
  for (const t of TOGGLE_KEYS) if (app.api.getState().visibility[t] !== visibility[t]) app.api.getState().toggleLayer(t, visibility[t]);
}

function restoreView(app: AppStore, v: SavedView): void {
  const s = app.api.getState();
  s.setFilters(v.filters);
  s.setMetric(v.metric);
  setLayers(app, v.visibility);
  s.select(v.selectedId, 'url');
  if (v.camera) app.commands.emit({ kind: 'camera', camera: v.camera });
}

/** Parcels are shown with some land around them: their box is widened to at least this many metres across. */
const PARCEL_CONTEXT_M = 700;

/** The box a stop shows: its own, else its zone's or its parcel's (widened for context); null when the data lack it. */
export function stopBounds(stop: TourStop, app: AppStore): Bbox | null {
  if (stop.bounds) return stop.bounds;
  const data = app.api.getState().data;
  if (!data) return null;
  if (stop.kind === 'parcel' && stop.parcel) {
    const i = data.table.text.id.indexOf(stop.parcel);
    if (i < 0) return null;
    const b = data.table.bbox;
    return widen([b[i * 4] as number, b[i * 4 + 1] as number, b[i * 4 + 2] as number, b[i * 4 + 3] as number], PARCEL_CONTEXT_M);
  }
  return data.zones.find((z) => z.id === stop.zone)?.bbox ?? null;
}

function widen(b: Bbox, minSpanM: number): Bbox {
  const [w, s, e, n] = b;
  const lat = (s + n) / 2;
  const halfLat = Math.max((n - s) / 2, minSpanM / 2 / 111_320);
  const halfLng = Math.max((e - w) / 2, minSpanM / 2 / (111_320 * Math.cos((lat * Math.PI) / 180)));
  const cx = (w + e) / 2;
  return [cx - halfLng, lat - halfLat, cx + halfLng, lat + halfLat];
}

/** Puts a stop's view on the app: zone in scope, metric, layers, the parcel selected, and the camera flown to it. */
function applyStop(app: AppStore, stop: TourStop, fly: FlyOptions): void {
  const s = app.api.getState();
  const zone = stop.zone && s.data?.zones.some((z) => z.id === stop.zone) ? stop.zone : null;
  if (s.filters.zone !== zone) s.setFilters({ zone });
  if (stop.metric && s.metric !== stop.metric) s.setMetric(stop.metric);
  setLayers(app, stop.layers ? (Object.fromEntries(TOGGLE_KEYS.map((t) => [t, stop.layers?.includes(t) ?? false])) as Visibility) : DEFAULT_VISIBILITY);
  const parcel = stop.kind === 'parcel' && stop.parcel && s.data?.table.text.id.includes(stop.parcel) ? stop.parcel : null;
  if (s.selectedId !== parcel) s.select(parcel, 'url');
  const bbox = stopBounds(stop, app);
  if (bbox) app.commands.emit({ kind: 'fit', bbox, maxZoom: 17, padding: fly.padding, durationMs: fly.durationMs });
}
