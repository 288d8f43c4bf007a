import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClassMethod } from '../domain/classes';
import { todayIso } from '../domain/dates';
import type { Metric } from '../domain/metrics';
import type { ParcelDetail } from '../domain/types';
import { withDated } from '../engine/parcelTable';
import type { Comparison } from '../engine/reevaluate';
import type { Phase } from '../engine/session';
import type { Bbox } from '../geo/bbox';
import { translate } from '../i18n/plain';
import type { Lang } from '../i18n/resources';
import type { AnalysisClient, ImportClient } from './client';
import { type Commands, commandChannel } from './commands';
import { type Derived, type DeriveInputs, derivedState, NO_DERIVED } from './derive';
import { EMPTY_FILTERS, type Filters, type RangeColumn } from './filters';
import { memoryImports } from './imports/memoryImports';
import { type ImportActions, type ImportsSlice, importsSlice, NO_IMPORTS } from './imports/slice';
import { type ImportStorage, isImportedDataset } from './imports/storage';
import { type LoadedData, type LoadedMapLayers, loadData, nextTask } from './load';
import { memoryStorage } from './reviews/memoryStorage';
import { rememberedOfficer, rememberOfficer } from './reviews/officer';
import type { QueueOrder, ReviewFilter } from './reviews/queue';
import { NO_REVIEWS, type ReviewActions, type ReviewSlice, reviewSlice } from './reviews/slice';
import type { ReviewStorage } from './reviews/storage';
import type { SortKey } from './sort';
import { checkAgainstData, type DataFacts, DEFAULT_VIEW, type Drawer, isAsOfDate, type UrlNotice, type ViewState } from './urlState';
import type { Camera, Theme, Toggle, Visibility } from './view';

export type { LoadedData, LoadedMapLayers } from './load';

/**
 * The app's one store: the dataset and its analysis, the view (zone, filters, metric, layers, selection, camera,
 * language) and what is derived from them (rows, classes: see derive.ts). Components read slices of it and call its
 * actions; they compute nothing numeric themselves. Moving the camera is a command (commands.ts), not state.
 */
export interface AppState extends ViewState, Derived, ReviewActions, ImportActions {
  /** not-found: the URL names a dataset the app does not have (see `datasets` for those it has) */
  status: 'loading' | 'ready' | 'error' | 'not-found';
  progress: { phase: Phase; done: number; total: number };
  error: string | null;
  data: LoadedData | null;
  mapLayers: LoadedMapLayers | null;
  /** the table is drawn one task after the data arrive (see load) */
  tableReady: boolean;
  detail: ParcelDetail | null;
  problemsOpen: boolean;
  /** the officers' reviews of the dataset (reviews/slice.ts) */
  review: ReviewSlice;
  /** the datasets beside the app (from its index, datasets.json); null when there is no index */
  datasets: DatasetEntry[] | null;
  /** values of the URL that were not used, shown until dismissed */
  notices: UrlNotice[];
  /** the imported datasets, saved mappings and the import dialog (imports/slice.ts) */
  imports: ImportsSlice;
  /** the date rules are being applied at another as-of date (the data shown are still the last date's) */
  reevaluating: boolean;
  /** the year-end comparison of `compare`'s two dates, once made (null: none asked, or not yet made) */
  comparison: Comparison | null;

  load(): Promise<void>;
  /** Shows another dataset (a folder's name, or an imported one's id; '' the default), its view reset. */
  switchDataset(dataset: string): void;
  setReviewFilter(f: ReviewFilter[]): void;
  setReviewPane(open: boolean): void;
  setQueueOrder(order: QueueOrder): void;
  setZone(zone: string | null): void;
  setFilters(patch: Partial<Filters>): void;
  clearFilters(): void;
  /** Set one end of a number's range from an input's text; an empty or non-numeric text clears that end. */
  setRangeEnd(column: RangeColumn, end: 0 | 1, text: string): void;
  /** Colour the parcels by a metric (the theme becomes the metric's). */
  setMetric(metric: Metric): void;
  setTheme(theme: Theme): void;
  setClassMethod(method: ClassMethod): void;
  toggleLayer(t: Toggle, on?: boolean): void;
  select(id: string | null, from: 'map' | 'table' | 'url' | 'review'): void;
  setCamera(c: Camera): void;
  setLang(lang: Lang): void;
  setTableOpen(open: boolean): void;
  setProblemsOpen(open: boolean): void;
  setSort(sort: SortKey[]): void;
  setDrawer(drawer: Drawer | null): void;
  dismissNotices(): void;
  /**
   * Applies the date rules at another as-of date (null: the dataset's own), the data not read again: the map, table,
   * inspector, dashboard and review marks follow (a decision made at another date shows as made on other facts).
   */
  setAsOfDate(date: string | null): Promise<void>;
  /** Shows what changed from one as-of date to a later one (null: no comparison; its filter goes too). */
  setCompare(compare: ViewState['compare']): Promise<void>;
  setDashboard(open: boolean): void;
  /**
   * Filters to exactly what a chart's bar, slice or row stands for (the zone kept unless `filters` names one): an
   * ordinary filter, shown in the filter panel and the URL like any other.
   */
  showOnly(filters: Partial<Filters>): void;
}

/** A dataset the app can open (an entry of datasets.json, written at build time). */
export interface DatasetEntry {
  /** its folder, the `?dataset=` value */
  id: string;
  name: string;
  nameEn: string;
}

export interface StoreOptions {
  /** The URL of a dataset's folder (ending in "/"), from its name. */
  datasetUrl(name: string): string;
  /** How many threads analyse a large dataset (null: the analysis' default); the app takes it from `?threads=`. */
  threads?: number | null;
  /** The view to start from (the URL's). */
  view?: ViewState;
  /** Where review decisions are kept (the app: IndexedDB, reviews/dexieStorage.ts); default: this page's memory. */
  reviewStorage?: () => Promise<ReviewStorage>;
  /** The clock and ids of review events (tests fix them); default: the time and random UUIDs. */
  now?: () => number;
  newId?: () => string;
  /** What the URL held that the view does not use (see parseUrl). */
  notices?: UrlNotice[];
  /** The datasets the app has (its index); null when it has no index, and then any name is tried. */
  datasetIndex?: () => Promise<DatasetEntry[] | null>;
  /** Where imported datasets are kept (the app: IndexedDB, imports/dexieImports.ts); default: this page's memory. */
  importStorage?: () => Promise<ImportStorage>;
  /** What reads and checks an import (the app: its import worker); none: the app cannot import. */
  importClient?: () => ImportClient;
}

/** The store with what it drives besides state: the analysis client and the map's commands. */
export interface AppStore {
  api: StoreApi<AppState>;
  client: AnalysisClient;
  commands: Commands;
}

/** What the data hold that the URL's values are checked against. */
function dataFacts(data: LoadedData): DataFacts {
  const t = data.table;
  const ids = new Set(t.text.id);
  return {
    zoneIds: data.zones.map((z) => z.id),
    hasParcel: (id) => ids.has(id),
    industries: new Set(t.text.industryCode.map((c) => c.slice(0, 2)).filter(Boolean)),
    landUses: new Set(t.text.landUse.filter(Boolean)),
  };
}

export function createAppStore(client: AnalysisClient, opts: StoreOptions): AppStore {
  const commands = commandChannel();
  let lastInputs: DeriveInputs | null = null;
  let zoneNames: { data: LoadedData | null; lang: string; names: ReadonlyMap<string, string> } | null = null;
  /** zone names in the language shown, made again only when the data or the language change */
  const zoneNamesOf = (data: LoadedData | null, lang: AppState['lang']) => {
    if (zoneNames?.data !== data || zoneNames.lang !== lang)
      zoneNames = { data, lang, names: new Map((data?.zones ?? []).map((z) => [z.id, lang === 'zh' ? z.name : z.nameEn])) };
    return zoneNames.names;
  };
  const api = createStore<AppState>()((rawSet, get) => {
    /** Sets a patch, then what derives from it (rows and classes), in one update. */
    const set = (patch: Partial<AppState>) => {
      rawSet(patch);
      const s = get();
      const inputs: DeriveInputs = {
        table: s.data?.table ?? null,
        filters: s.filters,
        metric: s.metric,
        classMethod: s.classMethod,
        marks: s.review.marks,
        reviewFilter: s.reviewFilter,
        queueOrder: s.queueOrder,
        sort: s.sort,
        lang: s.lang,
        zoneNames: zoneNamesOf(s.data, s.lang),
        change: s.comparison?.change ?? null,
      };
      const derived = derivedState(inputs, lastInputs, s);
      lastInputs = inputs;
      if (derived.rows !== s.rows || derived.sortedRows !== s.sortedRows || derived.classes !== s.classes || derived.queue !== s.queue) rawSet(derived);
    };
    const reviews = reviewSlice((patch) => set({ review: { ...get().review, ...patch } }), get, {
      client,
      openStorage: opts.reviewStorage ?? (async () => memoryStorage()),
      memory: memoryStorage,
      rememberedOfficer,
      rememberOfficer,
      now: opts.now,
      newId: opts.newId,
    });
    const imports = importsSlice((patch) => set({ imports: { ...get().imports, ...patch } }), get, {
      client,
      importClient: opts.importClient ?? null,
      openStorage: opts.importStorage ?? (async () => memoryImports()),
      memory: memoryImports,
      now: opts.now,
      newId: opts.newId,
    });
    let importsStarted = false;
    /** a dataset switched to is shown whole once loaded (the map keeps its camera otherwise) */
    let fitNext = false;
    const flyToBox = (bbox: Bbox | null | undefined, maxZoom: number) => {
      if (bbox) commands.emit({ kind: 'fit', bbox, maxZoom });
    };
    const bboxOfRow = (data: LoadedData, id: string): Bbox | null => {
      const i = data.table.text.id.indexOf(id);
      if (i < 0) return null;
      const b = data.table.bbox;
      return [b[i * 4] as number, b[i * 4 + 1] as number, b[i * 4 + 2] as number, b[i * 4 + 3] as number];
    };

    /** the last as-of date and comparison asked for: an answer to an earlier one is let go */
    let asOfAsked = 0;
    let compareAsked = 0;
    const compareNow = async () => {
      const ask = ++compareAsked;
      const c = get().compare;
      if (!c || !get().data) {
        set({ comparison: null });
        return;
      }
      const comparison = await client.compare(c.from, c.to);
      if (ask === compareAsked) set({ comparison });
    };

    return {
      ...(opts.view ?? DEFAULT_VIEW),
      ...NO_DERIVED,
      reevaluating: false,
      comparison: null,
      status: 'loading',
      progress: { phase: 'fetch', done: 0, total: 1 },
      error: null,
      data: null,
      mapLayers: null,
      tableReady: false,
      detail: null,
      problemsOpen: false,
      review: NO_REVIEWS,
      ...reviews,
      datasets: null,
      notices: opts.notices ?? [],
      imports: NO_IMPORTS,
      ...imports,

      async load() {
        set({ status: 'loading', error: null, mapLayers: null, data: null, tableReady: false });
        if (!importsStarted) {
          importsStarted = true;
          void imports.startImports();
        }
        // a name the index does not list is not fetched: a static server would answer with its index page, or nothing
        // (an imported dataset is not in the index: it is looked up in this browser's storage below)
        const datasets = (await opts.datasetIndex?.().catch(() => null)) ?? null;
        set({ datasets });
        if (datasets && !isImportedDataset(get().dataset) && !datasets.some((d) => d.id === get().dataset)) {
          set({ status: 'not-found' });
          return;
        }
        try {
          const dataset = get().dataset;
          // an imported dataset is read from this browser's storage; a name is a folder beside the app
          let source: Parameters<typeof loadData>[1] = opts.datasetUrl(dataset);
          if (isImportedDataset(dataset)) {
            const stored = await imports.importedSource(dataset);
            if (!stored) throw new Error(translate(get().lang, 'importUi.missing', { id: dataset }));
            source = { imported: stored };
          }
          const data = await loadData(client, source, get().asOfDate, opts.threads ?? null, {
            progress: (phase, done, total) => set({ progress: { phase, done, total } }),
            mapLayers: (mapLayers) => set({ mapLayers }),
          });
          // Two tasks, not one: the panels and the map (sources, rows, classes) first, then the table, so the page is
          // not held while all of it renders at once. Rows and classes come with the data, so nothing shows empty rows.
          // the URL's zone, codes and parcel are checked against the data: what it does not have is dropped, with a notice
          const checked = checkAgainstData(get(), dataFacts(data));
          set({
            data,
            status: 'ready',
            filters: checked.filters,
            selectedId: checked.selectedId,
            notices: checked.notices.length ? [...get().notices, ...checked.notices] : get().notices,
          });
          if (fitNext) {
            fitNext = false;
            flyToBox(data.bbox, 16);
          }
          reviews.start();
          if (get().compare) void compareNow();
          performance.mark('parkatlas:ready');
          await nextTask();
          set({ tableReady: true });
          performance.mark('parkatlas:table');
          const sel = get().selectedId;
          if (sel) get().select(sel, 'url');
        } catch (e) {
          set({ status: 'error', error: (e as Error).message });
        }
      },

      switchDataset(dataset) {
        const next = dataset || DEFAULT_VIEW.dataset;
        set({ dataset: next, filters: EMPTY_FILTERS, selectedId: null, detail: null, camera: null, reviewFilter: [] });
        fitNext = true;
        void get().load();
      },
      setZone(zone) {
        set({ filters: { ...get().filters, zone } });
        const data = get().data;
        flyToBox(data?.zones.find((x) => x.id === zone)?.bbox ?? data?.bbox, 15);
      },
      setFilters(patch) {
        set({ filters: { ...get().filters, ...patch } });
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
      },
      setMetric(metric) {
        set({ metric, theme: 'metric' });
      },
      setTheme(theme) {
        set({ theme });
      },
      setClassMethod(classMethod) {
        set({ classMethod });
      },
      toggleLayer(t, on) {
        const visibility: Visibility = { ...get().visibility, [t]: on ?? !get().visibility[t] };
        set({ visibility });
      },
      select(id, from) {
        set({ selectedId: id, detail: id == null ? null : get().detail?.id === id ? get().detail : null });
        const data = get().data;
        if (id == null || !data) return;
        // a row picked in the table or the review queue flies to its parcel; a selection restored from the URL keeps the URL's camera
        if (from === 'table' || from === 'review') flyToBox(bboxOfRow(data, id), 16);
        void client.parcel(id).then((detail) => {
          if (get().selectedId !== id) return;
          if (detail) set({ detail });
          else set({ selectedId: null, detail: null, notices: [...get().notices, { param: 'sel', value: id, problem: 'not-in-data' }] });
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
      setReviewFilter(reviewFilter) {
        set({ reviewFilter });
      },
      setReviewPane(reviewPane) {
        set({ reviewPane });
      },
      setQueueOrder(queueOrder) {
        set({ queueOrder });
      },
      setSort(sort) {
        set({ sort });
      },
      setDrawer(drawer) {
        set({ drawer });
      },
      dismissNotices() {
        set({ notices: [] });
      },
      async setAsOfDate(date) {
        if (date != null && !isAsOfDate(date)) {
          set({ notices: [...get().notices, { param: 'asof', value: date, problem: 'malformed' }] });
          return;
        }
        const data = get().data;
        set({ asOfDate: date });
        if (!data) return;
        const target = date ?? data.manifest?.asOfDate ?? todayIso();
        if (target === data.asOfDate) return;
        const ask = ++asOfAsked;
        set({ reevaluating: true });
        try {
          const r = await client.reevaluate(target);
          if (ask !== asOfAsked || get().data !== data) return;
          if (!r) return;
          const next = {
            ...data,
            asOfDate: r.asOfDate,
            controlEdition: r.controlEdition,
            summaries: r.summaries,
            city: r.city,
            table: withDated(data.table, r.dated),
            layers: r.parcels ? { ...data.layers, parcels: r.parcels } : data.layers,
          };
          set({ data: next, reevaluating: false });
          // the review marks against the new date's facts; the inspector's parcel at the new date
          reviews.start();
          const sel = get().selectedId;
          if (sel) {
            const detail = await client.parcel(sel);
            if (get().selectedId === sel && get().data === next) set({ detail });
          }
        } finally {
          if (ask === asOfAsked) set({ reevaluating: false });
        }
      },
      async setCompare(compare) {
        const changes = compare ? get().filters.changes : [];
        set({ compare, comparison: null, filters: changes === get().filters.changes ? get().filters : { ...get().filters, changes } });
        await compareNow();
      },
      setDashboard(dashboard) {
        set({ dashboard });
      },
      showOnly(filters) {
        const before = get().filters.zone;
        set({ filters: { ...EMPTY_FILTERS, zone: before, ...filters } });
        // a bar of another zone (or of the city) takes the map there, as choosing the zone in the zone panel does
        const zone = get().filters.zone;
        if (zone !== before) {
          const data = get().data;
          flyToBox(data?.zones.find((x) => x.id === zone)?.bbox ?? data?.bbox, 15);
        }
      },
    };
  });
  return { api, client, commands };
}
