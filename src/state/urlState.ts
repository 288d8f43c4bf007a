import type { ClassMethod } from '../domain/classes';
import { METRICS, type Metric } from '../domain/metrics';
import { FLAGS, type Flag, FUNCTIONAL_AREAS, type FunctionalArea } from '../domain/types';
import type { Lang } from '../i18n/resources';
import { EMPTY_FILTERS, type Filters } from './filters';
import { DEFAULT_VISIBILITY, TOGGLE_KEYS, type Toggle, type Visibility } from './view';

/** The view as URL query parameters, so reloading or sharing a link restores it. */
export interface ViewState {
  dataset: string;
  lang: Lang;
  metric: Metric;
  classMethod: ClassMethod;
  visibility: Visibility;
  filters: Filters;
  selectedId: string | null;
  camera: { center: [number, number]; zoom: number } | null;
  tableOpen: boolean;
}

export const DEFAULT_VIEW: ViewState = {
  dataset: 'luohe',
  lang: 'zh',
  metric: 'intensityWanPerMu',
  classMethod: 'quantile',
  visibility: DEFAULT_VISIBILITY,
  filters: EMPTY_FILTERS,
  selectedId: null,
  camera: null,
  tableOpen: true,
};

const list = (s: string | null) => (s ? s.split(',').filter(Boolean) : []);
const num = (s: string | undefined) => (s === undefined || s === '' ? null : Number.isFinite(Number(s)) ? Number(s) : null);

export function parseView(search: string): ViewState {
  const q = new URLSearchParams(search);
  const metric = q.get('metric');
  const hidden = new Set(list(q.get('hide')));
  const shown = new Set(list(q.get('show')));
  const visibility = Object.fromEntries(TOGGLE_KEYS.map((t) => [t, shown.has(t) ? true : hidden.has(t) ? false : DEFAULT_VISIBILITY[t]])) as Visibility;
  const ranges: Filters['ranges'] = {};
  for (const m of METRICS) {
    const r = q.get(`r_${m}`);
    if (r) {
      const [lo, hi] = r.split('~');
      const range: [number | null, number | null] = [num(lo), num(hi)];
      if (range[0] != null || range[1] != null) ranges[m] = range;
    }
  }
  const cam = list(q.get('cam')).map(Number);
  const dataset = q.get('dataset') ?? DEFAULT_VIEW.dataset;
  return {
    // a dataset name is a folder under the app, never a URL or a path outside it
    dataset: /^[\w-]+(\/[\w-]+)*$/.exec(dataset) !== null ? dataset : DEFAULT_VIEW.dataset,
    lang: q.get('lang') === 'en' ? 'en' : 'zh',
    metric: METRICS.includes(metric as Metric) ? (metric as Metric) : DEFAULT_VIEW.metric,
    classMethod: q.get('classes') === 'natural' ? 'natural' : 'quantile',
    visibility,
    filters: {
      zone: q.get('zone') || null,
      functionalAreas: list(q.get('fa')).filter((x): x is FunctionalArea => FUNCTIONAL_AREAS.includes(x as FunctionalArea)),
      industries: list(q.get('ind')),
      landUses: list(q.get('lu')),
      flags: list(q.get('flags')).filter((x): x is Flag => FLAGS.includes(x as Flag)),
      ranges,
      text: q.get('q') ?? '',
    },
    selectedId: q.get('sel') || null,
    camera: cam.length === 3 && cam.every(Number.isFinite) ? { center: [cam[0] as number, cam[1] as number], zoom: cam[2] as number } : null,
    tableOpen: q.get('table') !== '0',
  };
}

export function serializeView(v: ViewState): string {
  const q = new URLSearchParams();
  if (v.dataset !== DEFAULT_VIEW.dataset) q.set('dataset', v.dataset);
  if (v.lang !== 'zh') q.set('lang', v.lang);
  if (v.filters.zone) q.set('zone', v.filters.zone);
  if (v.metric !== DEFAULT_VIEW.metric) q.set('metric', v.metric);
  if (v.classMethod !== 'quantile') q.set('classes', v.classMethod);
  const hide = TOGGLE_KEYS.filter((t: Toggle) => !v.visibility[t] && DEFAULT_VISIBILITY[t]);
  const show = TOGGLE_KEYS.filter((t: Toggle) => v.visibility[t] && !DEFAULT_VISIBILITY[t]);
  if (hide.length) q.set('hide', hide.join(','));
  if (show.length) q.set('show', show.join(','));
  if (v.filters.functionalAreas.length) q.set('fa', v.filters.functionalAreas.join(','));
  if (v.filters.industries.length) q.set('ind', v.filters.industries.join(','));
  if (v.filters.landUses.length) q.set('lu', v.filters.landUses.join(','));
  if (v.filters.flags.length) q.set('flags', v.filters.flags.join(','));
  for (const [m, [lo, hi]] of Object.entries(v.filters.ranges)) q.set(`r_${m}`, `${lo ?? ''}~${hi ?? ''}`);
  if (v.filters.text) q.set('q', v.filters.text);
  if (v.selectedId) q.set('sel', v.selectedId);
  if (v.camera) q.set('cam', [v.camera.center[0].toFixed(5), v.camera.center[1].toFixed(5), v.camera.zoom.toFixed(2)].join(','));
  if (!v.tableOpen) q.set('table', '0');
  const s = q.toString();
  return s ? `?${s}` : '';
}
