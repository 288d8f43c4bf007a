import { CHANGES, type Change } from '../domain/change';
import type { ClassMethod } from '../domain/classes';
import { isIsoDate } from '../domain/dates';
import { METRICS, type Metric } from '../domain/metrics';
import { LAND_USE_KINDS, type LandUseKind } from '../domain/rules';
import { STAGES, type Stage } from '../domain/stages';
import { FLAGS, type Flag, FUNCTIONAL_AREAS, type FunctionalArea, type IdleMeasure, type IdleStatus, type Indicator } from '../domain/types';
import { IDLE_MEASURES, IDLE_STATUSES, indicatorsOf } from '../engine/parcelTable';
import type { Lang } from '../i18n/resources';
import { COLUMN_IDS } from './columns';
import { EMPTY_FILTERS, type Filters, GRADE_CHOICES, type GradeChoice, RANGE_COLUMNS, type RangeColumn } from './filters';
import { IMPORTED_ID } from './imports/storage';
import { QUEUE_ORDERS, type QueueOrder, REVIEW_FILTERS, type ReviewFilter } from './reviews/queue';
import type { SortKey } from './sort';
import { DEFAULT_VISIBILITY, THEMES, type Theme, TOGGLE_KEYS, type Toggle, type Visibility } from './view';

/** The view as URL query parameters, so reloading or sharing a link restores it. */
export interface ViewState {
  dataset: string;
  lang: Lang;
  metric: Metric;
  /** what colours the parcels: the metric (in classes), or a category (the stage, the city grade) */
  theme: Theme;
  classMethod: ClassMethod;
  visibility: Visibility;
  filters: Filters;
  /** the table's sort, first key first */
  sort: SortKey[];
  selectedId: string | null;
  camera: { center: [number, number]; zoom: number } | null;
  tableOpen: boolean;
  /** on a narrow screen, the panel drawn over the map (the side panel or the table); none: the map alone */
  drawer: Drawer | null;
  /** the review filter: only parcels with these review marks (empty: all) */
  reviewFilter: ReviewFilter[];
  /** the review pane is open in place of the inspector */
  reviewPane: boolean;
  /** the review queue's order */
  queueOrder: QueueOrder;
  /** the as-of date the date rules are applied at (null: the dataset's own) */
  asOfDate: string | null;
  /** the year-end comparison shown: what changed from one as-of date to a later one (null: none) */
  compare: { from: string; to: string } | null;
  /** the dashboard (figures against the plan, charts) is open beside the map */
  dashboard: boolean;
}

export const DRAWERS = ['panel', 'table'] as const;
export type Drawer = (typeof DRAWERS)[number];

export const DEFAULT_VIEW: ViewState = {
  dataset: 'luohe',
  lang: 'zh',
  metric: 'intensityWanPerMu',
  theme: 'metric',
  classMethod: 'quantile',
  visibility: DEFAULT_VISIBILITY,
  filters: EMPTY_FILTERS,
  sort: [],
  selectedId: null,
  camera: null,
  tableOpen: true,
  drawer: null,
  reviewFilter: [],
  reviewPane: false,
  queueOrder: 'priority-area',
  asOfDate: null,
  compare: null,
  dashboard: false,
};

/**
 * A value of the URL that was not used: a parameter the app does not know, a value it cannot read, or (once the data
 * are there, see checkAgainstData) a zone, parcel or code the dataset does not have. The app shows each as a notice.
 */
export interface UrlNotice {
  param: string;
  value: string;
  problem: 'unknown-param' | 'malformed' | 'not-in-data';
}

/** Camera bounds MapLibre accepts (Web Mercator's latitude limit, its zoom range). */
export const CAMERA_LIMITS = { lng: 180, lat: 85.051129, minZoom: 0, maxZoom: 22 } as const;
/** A dataset name is a folder under the app, never a URL or a path outside it (or an imported dataset's id, IMPORTED_ID). */
const DATASET_NAME = /^[\w-]+(\/[\w-]+)*$/;
const MAX_THREADS = 64;

/** Parameters the app reads besides the view: `threads` (how many threads analyse a large dataset). */
const OTHER_PARAMS = ['threads'];
const VIEW_PARAMS = [
  'dataset',
  'lang',
  'zone',
  'metric',
  'theme',
  'classes',
  'hide',
  'show',
  'fa',
  'ind',
  'lu',
  'flags',
  'idle',
  'fail',
  'brch',
  'stage',
  'grade',
  'zgrade',
  'q',
  'sel',
  'cam',
  'table',
  'sort',
  'drawer',
  'review',
  'rv',
  'queue',
  'luk',
  'measure',
  'chg',
  'asof',
  'cmp',
  'dash',
];

export interface ParsedUrl {
  view: ViewState;
  threads: number | null;
  notices: UrlNotice[];
}

/** The view of a query string; whatever cannot be used is left at its default and listed in `notices`. */
export function parseUrl(search: string): ParsedUrl {
  const q = new URLSearchParams(search);
  const notices: UrlNotice[] = [];
  const note = (param: string, value: string, problem: UrlNotice['problem'] = 'malformed') => notices.push({ param, value, problem });

  for (const key of new Set(q.keys())) {
    if (!VIEW_PARAMS.includes(key) && !OTHER_PARAMS.includes(key) && !/^r_/.test(key)) note(key, q.get(key) ?? '', 'unknown-param');
  }
  /** one of `allowed`, else the default (and a notice when the URL gave something else) */
  const oneOf = <T extends string>(param: string, allowed: readonly T[], fallback: T): T => {
    const v = q.get(param);
    if (v == null) return fallback;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    note(param, v);
    return fallback;
  };
  /** the items of a comma list that are among `allowed` (others noted) */
  const listOf = <T extends string>(param: string, valid: (item: string) => boolean): T[] => {
    const raw = q.get(param);
    if (!raw) return [];
    const items = raw.split(',').filter(Boolean);
    const bad = items.filter((x) => !valid(x));
    if (bad.length) note(param, bad.join(','));
    return [...new Set(items.filter(valid))] as T[];
  };
  const among = (allowed: readonly string[]) => (x: string) => allowed.includes(x);

  const visibility = { ...DEFAULT_VISIBILITY };
  for (const t of listOf<Toggle>('hide', among(TOGGLE_KEYS))) visibility[t] = false;
  for (const t of listOf<Toggle>('show', among(TOGGLE_KEYS))) visibility[t] = true;

  const ranges: Filters['ranges'] = {};
  for (const key of new Set(q.keys())) {
    if (!key.startsWith('r_')) continue;
    const raw = q.get(key) ?? '';
    const column = key.slice(2);
    const range = parseRange(raw);
    if (!RANGE_COLUMNS.includes(column as RangeColumn)) note(key, raw, 'unknown-param');
    else if (!range) note(key, raw);
    else ranges[column as RangeColumn] = range;
  }

  const datasetRaw = q.get('dataset');
  let dataset = DEFAULT_VIEW.dataset;
  if (datasetRaw != null) {
    if (DATASET_NAME.test(datasetRaw) || IMPORTED_ID.test(datasetRaw)) dataset = datasetRaw;
    else note('dataset', datasetRaw);
  }

  const camRaw = q.get('cam');
  const camera = camRaw == null ? null : parseCamera(camRaw);
  if (camRaw != null && !camera) note('cam', camRaw);

  const sortRaw = q.get('sort');
  const sort = sortRaw == null ? [] : parseSort(sortRaw);
  if (sortRaw != null && sort.length !== sortRaw.split(',').filter(Boolean).length) note('sort', sortRaw);

  const threadsRaw = q.get('threads');
  const threadsN = Number(threadsRaw);
  const threads = threadsRaw != null && Number.isInteger(threadsN) && threadsN >= 1 && threadsN <= MAX_THREADS ? threadsN : null;
  if (threadsRaw != null && threads == null) note('threads', threadsRaw);

  const tableRaw = q.get('table');
  if (tableRaw != null && tableRaw !== '0' && tableRaw !== '1') note('table', tableRaw);
  const reviewRaw = q.get('review');
  if (reviewRaw != null && reviewRaw !== '0' && reviewRaw !== '1') note('review', reviewRaw);
  const dashRaw = q.get('dash');
  if (dashRaw != null && dashRaw !== '0' && dashRaw !== '1') note('dash', dashRaw);

  const asOfRaw = q.get('asof');
  const asOfDate = asOfRaw != null && isAsOfDate(asOfRaw) ? asOfRaw : null;
  if (asOfRaw != null && asOfDate == null) note('asof', asOfRaw);
  const cmpRaw = q.get('cmp');
  const compare = cmpRaw == null ? null : parseCompare(cmpRaw);
  if (cmpRaw != null && !compare) note('cmp', cmpRaw);
  // the changes filter reads the comparison: without one it is left out
  let changes = listOf<Change>('chg', among(CHANGES));
  if (changes.length > 0 && !compare) {
    note('chg', changes.join(','));
    changes = [];
  }

  const view: ViewState = {
    dataset,
    lang: oneOf<Lang>('lang', ['zh', 'en'], 'zh'),
    metric: oneOf<Metric>('metric', METRICS, DEFAULT_VIEW.metric),
    theme: oneOf<Theme>('theme', THEMES, DEFAULT_VIEW.theme),
    classMethod: oneOf<ClassMethod>('classes', ['quantile', 'natural'], 'quantile'),
    visibility,
    filters: {
      zone: q.get('zone') || null,
      functionalAreas: listOf<FunctionalArea>('fa', among(FUNCTIONAL_AREAS)),
      // a two-digit national industry division (GB/T 4754)
      industries: listOf('ind', (x) => /^\d{2}$/.test(x)),
      // a land-use code of GB/T 21010 (four digits) or of the planning classification (four or six)
      landUses: listOf('lu', (x) => /^\d{4}(\d{2})?$/.test(x)),
      landUseKinds: listOf<LandUseKind>('luk', among(LAND_USE_KINDS)),
      flags: listOf<Flag>('flags', among(FLAGS)),
      idleStatuses: listOf<IdleStatus>('idle', among(IDLE_STATUSES)),
      idleMeasures: listOf<IdleMeasure>('measure', among(IDLE_MEASURES)),
      changes,
      // the efficiency indicators a parcel failed (low efficiency), and the supply conditions it breached
      failedIndicators: listOf<Indicator>('fail', among(indicatorsOf('efficiency'))),
      breachIndicators: listOf<Indicator>('brch', among(indicatorsOf('supply-condition'))),
      stages: listOf<Stage>('stage', among(STAGES)),
      gradesCity: listOf<GradeChoice>('grade', among(GRADE_CHOICES)),
      gradesZone: listOf<GradeChoice>('zgrade', among(GRADE_CHOICES)),
      ranges,
      text: q.get('q') ?? '',
    },
    sort,
    selectedId: q.get('sel') || null,
    camera,
    tableOpen: tableRaw !== '0',
    drawer: null,
    reviewFilter: listOf<ReviewFilter>('rv', among(REVIEW_FILTERS)),
    reviewPane: reviewRaw === '1',
    queueOrder: oneOf<QueueOrder>('queue', QUEUE_ORDERS, DEFAULT_VIEW.queueOrder),
    asOfDate,
    compare,
    dashboard: dashRaw === '1',
  };
  const drawer = q.get('drawer');
  if (drawer != null) {
    if ((DRAWERS as readonly string[]).includes(drawer)) view.drawer = drawer as Drawer;
    else note('drawer', drawer);
  }
  return { view, threads, notices };
}

/** The view of a query string (see parseUrl for what it could not use). */
export const parseView = (search: string): ViewState => parseUrl(search).view;

/** The as-of dates the app takes: a date of the calendar from 1950 to 2100 (rules compare dates as text, see dates.ts). */
export const AS_OF_RANGE = { from: '1950-01-01', to: '2100-12-31' } as const;
export const isAsOfDate = (s: string): boolean => isIsoDate(s) && s >= AS_OF_RANGE.from && s <= AS_OF_RANGE.to;

/** "from~to": two as-of dates, the first before the second; else null. */
function parseCompare(raw: string): ViewState['compare'] {
  const [from, to, ...rest] = raw.split('~');
  if (rest.length > 0 || from == null || to == null || !isAsOfDate(from) || !isAsOfDate(to) || from >= to) return null;
  return { from, to };
}

/** "lo~hi", either end empty; null when an end is not a finite number or both are empty. */
function parseRange(raw: string): [number | null, number | null] | null {
  const parts = raw.split('~');
  if (parts.length !== 2) return null;
  const ends = parts.map((s) => (s.trim() === '' ? null : Number(s)));
  if (ends.some((n) => n != null && !Number.isFinite(n))) return null;
  const [lo, hi] = ends as [number | null, number | null];
  return lo == null && hi == null ? null : [lo, hi];
}

/** "lng,lat,zoom" within CAMERA_LIMITS, else null. */
export function parseCamera(raw: string): ViewState['camera'] {
  const parts = raw.split(',');
  if (parts.length !== 3 || parts.some((p) => p.trim() === '')) return null;
  const [lng, lat, zoom] = parts.map(Number) as [number, number, number];
  if (![lng, lat, zoom].every(Number.isFinite)) return null;
  const L = CAMERA_LIMITS;
  if (Math.abs(lng) > L.lng || Math.abs(lat) > L.lat || zoom < L.minZoom || zoom > L.maxZoom) return null;
  return { center: [lng, lat], zoom };
}

/** "-a,b": columns of the table, descending when prefixed by "-"; unknown or repeated columns are left out. */
function parseSort(raw: string): SortKey[] {
  const out: SortKey[] = [];
  for (const item of raw.split(',').filter(Boolean)) {
    const desc = item.startsWith('-');
    const id = desc ? item.slice(1) : item;
    if (COLUMN_IDS.includes(id) && !out.some((s) => s.id === id)) out.push({ id, desc });
  }
  return out;
}

/** What the loaded data say of the URL's values: the zone, the parcel and the codes it does not have are dropped. */
export interface DataFacts {
  zoneIds: readonly string[];
  hasParcel(id: string): boolean;
  industries: ReadonlySet<string>;
  landUses: ReadonlySet<string>;
}

export function checkAgainstData(
  view: Pick<ViewState, 'filters' | 'selectedId'>,
  facts: DataFacts,
): { filters: Filters; selectedId: string | null; notices: UrlNotice[] } {
  const notices: UrlNotice[] = [];
  const f = view.filters;
  let zone = f.zone;
  if (zone != null && !facts.zoneIds.includes(zone)) {
    notices.push({ param: 'zone', value: zone, problem: 'not-in-data' });
    zone = null;
  }
  const keep = (param: string, list: string[], present: ReadonlySet<string>) => {
    const missing = list.filter((x) => !present.has(x));
    if (missing.length) notices.push({ param, value: missing.join(','), problem: 'not-in-data' });
    return missing.length ? list.filter((x) => present.has(x)) : list;
  };
  const industries = keep('ind', f.industries, facts.industries);
  const landUses = keep('lu', f.landUses, facts.landUses);
  let selectedId = view.selectedId;
  if (selectedId != null && !facts.hasParcel(selectedId)) {
    notices.push({ param: 'sel', value: selectedId, problem: 'not-in-data' });
    selectedId = null;
  }
  const changed = zone !== f.zone || industries !== f.industries || landUses !== f.landUses;
  return { filters: changed ? { ...f, zone, industries, landUses } : f, selectedId, notices };
}

export function serializeView(v: ViewState): string {
  const q = new URLSearchParams();
  if (v.dataset !== DEFAULT_VIEW.dataset) q.set('dataset', v.dataset);
  if (v.lang !== 'zh') q.set('lang', v.lang);
  if (v.filters.zone) q.set('zone', v.filters.zone);
  if (v.metric !== DEFAULT_VIEW.metric) q.set('metric', v.metric);
  if (v.theme !== DEFAULT_VIEW.theme) q.set('theme', v.theme);
  if (v.classMethod !== 'quantile') q.set('classes', v.classMethod);
  const hide = TOGGLE_KEYS.filter((t: Toggle) => !v.visibility[t] && DEFAULT_VISIBILITY[t]);
  const show = TOGGLE_KEYS.filter((t: Toggle) => v.visibility[t] && !DEFAULT_VISIBILITY[t]);
  if (hide.length) q.set('hide', hide.join(','));
  if (show.length) q.set('show', show.join(','));
  const f = v.filters;
  const lists: [string, readonly string[]][] = [
    ['fa', f.functionalAreas],
    ['ind', f.industries],
    ['lu', f.landUses],
    ['luk', f.landUseKinds],
    ['flags', f.flags],
    ['idle', f.idleStatuses],
    ['measure', f.idleMeasures],
    ['chg', f.changes],
    ['fail', f.failedIndicators],
    ['brch', f.breachIndicators],
    ['stage', f.stages],
    ['grade', f.gradesCity],
    ['zgrade', f.gradesZone],
  ];
  for (const [param, list] of lists) if (list.length) q.set(param, list.join(','));
  for (const [m, [lo, hi]] of Object.entries(f.ranges)) q.set(`r_${m}`, `${lo ?? ''}~${hi ?? ''}`);
  if (f.text) q.set('q', f.text);
  if (v.sort.length) q.set('sort', v.sort.map((s) => `${s.desc ? '-' : ''}${s.id}`).join(','));
  if (v.selectedId) q.set('sel', v.selectedId);
  if (v.camera) q.set('cam', [v.camera.center[0].toFixed(5), v.camera.center[1].toFixed(5), v.camera.zoom.toFixed(2)].join(','));
  if (!v.tableOpen) q.set('table', '0');
  if (v.drawer) q.set('drawer', v.drawer);
  if (v.reviewPane) q.set('review', '1');
  if (v.reviewFilter.length) q.set('rv', v.reviewFilter.join(','));
  if (v.queueOrder !== DEFAULT_VIEW.queueOrder) q.set('queue', v.queueOrder);
  if (v.asOfDate) q.set('asof', v.asOfDate);
  if (v.compare) q.set('cmp', `${v.compare.from}~${v.compare.to}`);
  if (v.dashboard) q.set('dash', '1');
  const s = q.toString();
  return s ? `?${s}` : '';
}
