import type { ExpressionSpecification, LayerSpecification, SourceSpecification, StyleSpecification } from 'maplibre-gl';
import type { Classes } from '../domain/classes';
import { GRADES, type Grade } from '../domain/grades';
import type { Metric } from '../domain/metrics';
import { STAGES, type Stage } from '../domain/stages';
import type { ConstraintKind, FunctionalArea } from '../domain/types';
import { METRIC_PROP, PARCEL_TILE_LAYER, PROP } from '../engine/tileFeatures';
import { REVIEW_MARKS, type ReviewMark } from '../state/reviews/queue';
import { FLAG_TOGGLES, type FlagToggle, type Theme, type Toggle, type Visibility } from '../state/view';

/**
 * The map style as data, built from domain constants: the one owner of source ids, layer ids and colours.
 * Colours are colour-blind safe (Okabe–Ito for categories, viridis for the choropleth); flags are outlines with
 * distinct dash patterns so they read in greyscale print as well.
 */
export const SOURCE = { boundaries: 'boundaries', zones: 'zones', areas: 'areas', constraints: 'constraints', parcels: 'parcels', labels: 'labels' } as const;
export type SourceId = keyof typeof SOURCE;

export const LAYER = {
  background: 'background',
  boundaries: 'boundaries-line',
  areasFill: 'areas-fill',
  areasLine: 'areas-line',
  zonesLine: 'zones-line',
  constraintsFill: 'constraints-fill',
  constraintsLine: 'constraints-line',
  parcelsFill: 'parcels-fill',
  /** the parcels a category theme has no value for (stage unknown, ungraded): hatched over their grey */
  parcelsHatch: 'parcels-hatch',
  flagIdle: 'flag-idle',
  flagSuspected: 'flag-suspected',
  flagLow: 'flag-low-efficiency',
  flagBreach: 'flag-supply-breach',
  flagConflict: 'flag-conflict',
  flagIllegal: 'flag-illegal-occupation',
  flagOverdueStart: 'flag-overdue-start',
  flagOverdueCompletion: 'flag-overdue-completion',
  reviewFill: 'review-fill',
  reviewLine: 'review-line',
  highlight: 'parcels-highlight',
  areaLabels: 'labels-area',
  zoneLabels: 'labels-zone',
} as const;

/** The style layers each of the layer panel's toggles (state/view.ts) shows or hides. */
export const TOGGLES = {
  boundaries: [LAYER.boundaries],
  areas: [LAYER.areasFill, LAYER.areasLine, LAYER.areaLabels],
  constraints: [LAYER.constraintsFill, LAYER.constraintsLine],
  parcels: [LAYER.parcelsFill, LAYER.parcelsHatch],
  idle: [LAYER.flagIdle],
  suspected: [LAYER.flagSuspected],
  lowEfficiency: [LAYER.flagLow],
  supplyBreach: [LAYER.flagBreach],
  conflict: [LAYER.flagConflict],
  illegalOccupation: [LAYER.flagIllegal],
  overdueStart: [LAYER.flagOverdueStart],
  overdueCompletion: [LAYER.flagOverdueCompletion],
  review: [LAYER.reviewFill, LAYER.reviewLine],
} as const satisfies Record<Toggle, readonly string[]>;

export const COLORS = {
  background: '#f3f1ec',
  area: { 'built-up': '#E69F00', development: '#56B4E9', control: '#009E73' } satisfies Record<FunctionalArea, string>,
  constraint: { 'basic-farmland': '#F0E442', 'ecological-protection': '#117733' } satisfies Record<ConstraintKind, string>,
  noData: '#cfcfcf',
  /** the 闲置年数 map's parcels that are not idle (a value of its own, not a missing one) */
  notIdle: '#eef3f7',
  classes: ['#fde725', '#7ad151', '#22a884', '#2a788e', '#414487', '#440154'],
  /**
   * The stages, darker the further from production (批而未供 darkest, 已投产 palest: the land still to be put to use
   * stands out); their lightness falls step by step (CIE L* 90, 75, 63, 45, 28), so they read in greyscale too.
   * Unknown: no data, hatched.
   */
  stage: {
    'approved-not-supplied': '#54278f',
    'supplied-not-used': '#8856a7',
    'used-not-completed': '#8c96c6',
    'built-not-in-production': '#9ebcda',
    'in-production': '#d4e4ef',
    unknown: '#cfcfcf',
  } satisfies Record<Stage, string>,
  /** The grades, A pale green to D dark red (L* 89, 73, 55, 25: in greyscale, darker is worse). Ungraded: no data, hatched. */
  grade: { A: '#c7e9c0', B: '#74c476', C: '#e6550d', D: '#7f0000' } satisfies Record<Grade, string>,
  flag: {
    idle: '#D55E00',
    suspected: '#E69F00',
    lowEfficiency: '#CC79A7',
    supplyBreach: '#0072B2',
    conflict: '#000000',
    illegalOccupation: '#B2182B',
    overdueStart: '#009E73',
    overdueCompletion: '#009E73',
  },
  /** the lines of the hatch over parcels a category has no value for */
  hatch: '#5f5f5f',
  hover: '#00a0c8',
  selected: '#d7191c',
};

/**
 * The review layer, by the parcel's review mark (feature-state "review", an index into REVIEW_MARKS): told apart in
 * greyscale by fill lightness and by outline (heavy single, double, thin), since MapLibre cannot drive a dash pattern
 * from feature-state. Not looked at yet: a heavy hollow outline; settled: filled, the darker the further along.
 */
export const REVIEW_STYLE: Record<ReviewMark, { fill: string | null; fillOpacity: number; line: string | null; width: number; gap: number }> = {
  none: { fill: null, fillOpacity: 0, line: null, width: 0, gap: 0 },
  open: { fill: null, fillOpacity: 0, line: '#111111', width: 3.5, gap: 0 },
  confirmed: { fill: '#8c1d18', fillOpacity: 0.7, line: null, width: 0, gap: 0 },
  'false-positive': { fill: '#ffffff', fillOpacity: 0.8, line: '#666666', width: 1, gap: 0 },
  'needs-recheck': { fill: '#f2c14e', fillOpacity: 0.6, line: '#111111', width: 1.2, gap: 2 },
  'in-progress': { fill: '#6a51a3', fillOpacity: 0.55, line: '#111111', width: 1.2, gap: 2 },
  closed: { fill: '#10302a', fillOpacity: 0.9, line: null, width: 0, gap: 0 },
  conflict: { fill: null, fillOpacity: 0, line: '#111111', width: 2.5, gap: 2.5 },
};

/** A paint value by the parcel's review mark. */
function byReviewMark<T extends string | number>(value: (m: ReviewMark) => T, none: T): ExpressionSpecification {
  const cases: unknown[] = ['match', ['number', ['feature-state', 'review'], 0]];
  REVIEW_MARKS.forEach((m, i) => {
    if (i > 0) cases.push(i, value(m));
  });
  cases.push(none);
  return cases as unknown as ExpressionSpecification;
}

/**
 * Each flag's outline: dash pattern (in line widths; null: solid), width, and for a double line the gap between its
 * two lines. Told apart in greyscale print by the pattern alone: solid, short dashes, dots, dash-dot-dot, dash-dot,
 * a double line, spaced round dots, long dashes. Suspected illegal occupation (work started on protected land) is a
 * double line, unlike the dash-dot of a conflict (nothing built yet).
 */
export const FLAG_LINE: Record<FlagToggle, { dash: readonly number[] | null; width: number; gap?: number; round?: boolean }> = {
  idle: { dash: null, width: 2.5 },
  suspected: { dash: [3, 1.5], width: 2 },
  lowEfficiency: { dash: [1, 1], width: 2 },
  supplyBreach: { dash: [5, 1.5, 1, 1.5, 1, 1.5], width: 2 },
  conflict: { dash: [4, 2, 1, 2], width: 2 },
  illegalOccupation: { dash: null, width: 1.5, gap: 2.5 },
  overdueStart: { dash: [0.1, 2], width: 2.5, round: true },
  overdueCompletion: { dash: [5, 2.5], width: 2 },
};
export const FLAG_DASH = Object.fromEntries(FLAG_TOGGLES.map((k) => [k, FLAG_LINE[k].dash])) as Record<FlagToggle, readonly number[] | null>;

/** The hatch image over parcels a category theme has no value for (added to the map when it asks, see MapController). */
export const HATCH_IMAGE = 'parcels-hatch';
/** The hatch as RGBA pixels: a diagonal line on transparent, `size` pixels square (tiles seamlessly). */
export function hatchPixels(size = 7): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(size * size * 4);
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(COLORS.hatch.slice(i, i + 2), 16)) as [number, number, number];
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if ((x + y + 1) % size === 0) data.set([r, g, b, 255], (y * size + x) * 4);
  return { width: size, height: size, data };
}

/** Colours of k classes taken evenly from the viridis ramp. */
export function classColors(k: number): string[] {
  if (k <= 1) return [COLORS.classes[2] as string];
  return Array.from({ length: k }, (_, i) => COLORS.classes[Math.round((i * (COLORS.classes.length - 1)) / (k - 1))] as string);
}

/**
 * The colour of a parcel without the metric. Years idle: a parcel that is not idle is "未闲置" (COLORS.notIdle), one the
 * idle rule could not assess has no data; any other metric: no data.
 */
function noValueColor(metric: Metric): ExpressionSpecification | string {
  if (metric !== 'idleYears') return COLORS.noData;
  return ['case', ['==', ['get', PROP.idleUnknown], true], COLORS.noData, COLORS.notIdle] as unknown as ExpressionSpecification;
}

/** The legend's entries for parcels without a class, as noValueColor paints them (keys of the i18n "legend" table). */
export function noValueSwatches(metric: Metric): { key: 'noData' | 'notIdle' | 'idleUnknown'; color: string }[] {
  return metric === 'idleYears'
    ? [
        { key: 'notIdle', color: COLORS.notIdle },
        { key: 'idleUnknown', color: COLORS.noData },
      ]
    : [{ key: 'noData', color: COLORS.noData }];
}

export function choroplethColor(metric: Metric, classes: Classes | null): ExpressionSpecification | string {
  if (!classes || classes.edges.length < 2) return noValueColor(metric);
  const prop = METRIC_PROP[metric];
  const k = classes.edges.length - 1;
  const colors = classColors(k);
  const inner = classes.edges.slice(1, -1);
  const step: unknown[] = ['step', ['to-number', ['get', prop]], colors[0]];
  inner.forEach((b, i) => {
    step.push(b, colors[i + 1]);
  });
  return ['case', ['has', prop], step, noValueColor(metric)] as unknown as ExpressionSpecification;
}

/**
 * A category's index on a feature, -1 when absent. Not `to-number` alone: it turns a missing property (null) into 0,
 * which painted every ungraded parcel as grade A under its hatch.
 */
const categoryIndex = (prop: string) => ['to-number', ['coalesce', ['get', prop], -1], -1];

/** The fill of the parcels by theme: the metric's classes, or the colour of the parcel's stage or city grade. */
export function themeColor(theme: Theme, metric: Metric, classes: Classes | null): ExpressionSpecification | string {
  if (theme === 'stage') {
    const cases = STAGES.flatMap((st, i) => [i, COLORS.stage[st]]);
    return ['match', categoryIndex(PROP.stage), ...cases, COLORS.noData] as unknown as ExpressionSpecification;
  }
  if (theme === 'grade') {
    const cases = GRADES.flatMap((g, i) => [i, COLORS.grade[g]]);
    return ['match', categoryIndex(PROP.grade), ...cases, COLORS.noData] as unknown as ExpressionSpecification;
  }
  return choroplethColor(metric, classes);
}

/** The parcels a theme has no value for (hatched): stage unknown, ungraded; none for a metric (its no-data colour says it). */
export function noValueFilter(theme: Theme): unknown[] {
  if (theme === 'stage') return ['!', ['in', categoryIndex(PROP.stage), ['literal', STAGES.flatMap((st, i) => (st === 'unknown' ? [] : [i]))]]];
  if (theme === 'grade') return ['!', ['has', PROP.grade]];
  return ['literal', false];
}

const flagFilter = (prop: string) => ['==', ['get', prop], true];

/** The filters flag layers carry of their own; user filters are combined with them. */
export const OWN_FILTER: Partial<Record<string, unknown[]>> = {
  [LAYER.flagIdle]: flagFilter(PROP.idle),
  [LAYER.flagSuspected]: flagFilter(PROP.suspected),
  [LAYER.flagLow]: flagFilter(PROP.low),
  [LAYER.flagBreach]: flagFilter(PROP.supplyBreach),
  [LAYER.flagConflict]: flagFilter(PROP.conflict),
  [LAYER.flagIllegal]: flagFilter(PROP.illegalOccupation),
  [LAYER.flagOverdueStart]: flagFilter(PROP.overdueStart),
  [LAYER.flagOverdueCompletion]: flagFilter(PROP.overdueCompletion),
};

/** Each flag toggle's layer. */
export const FLAG_LAYER: Record<FlagToggle, string> = {
  idle: LAYER.flagIdle,
  suspected: LAYER.flagSuspected,
  lowEfficiency: LAYER.flagLow,
  supplyBreach: LAYER.flagBreach,
  conflict: LAYER.flagConflict,
  illegalOccupation: LAYER.flagIllegal,
  overdueStart: LAYER.flagOverdueStart,
  overdueCompletion: LAYER.flagOverdueCompletion,
};

/**
 * The parcel layers' filter for the zone in scope, combined with a layer's own filter (null: no filter); the hatch's
 * own filter is the theme's parcels without a value.
 */
export function parcelLayerFilter(layer: string, zone: string | null, theme: Theme = 'metric'): unknown[] | null {
  const own = layer === LAYER.parcelsHatch ? noValueFilter(theme) : (OWN_FILTER[layer] ?? null);
  const inZone = zone == null ? null : ['==', ['get', PROP.zone], zone];
  return own && inZone ? ['all', own, inZone] : (own ?? inZone);
}

export interface StyleState {
  metric: Metric;
  /** what colours the parcels (default: the metric) */
  theme?: Theme;
  classes: Classes | null;
  visibility: Visibility;
  /** Parcels are drawn from this zoom on (0 = always); large datasets start at PARCEL_MIN_ZOOM_LARGE. */
  parcelMinZoom?: number;
}

/** Every layer that reads the parcels source. */
export const PARCEL_LAYERS = [
  LAYER.parcelsFill,
  LAYER.parcelsHatch,
  LAYER.flagLow,
  LAYER.flagSuspected,
  LAYER.flagIdle,
  LAYER.flagBreach,
  LAYER.flagOverdueCompletion,
  LAYER.flagOverdueStart,
  LAYER.flagConflict,
  LAYER.flagIllegal,
  LAYER.reviewFill,
  LAYER.reviewLine,
  LAYER.highlight,
] as const;

const EMPTY = { type: 'FeatureCollection', features: [] } as const;

/** The opacity of a parcel layer: transparent for a parcel the filters leave out (feature-state "out", see MapController). */
const unlessOut = (opacity: number): ExpressionSpecification => ['case', ['boolean', ['feature-state', 'out'], false], 0, opacity];

/** The whole style for a state; sources get their data (blob URLs) from the caller. */
/** Vector tiles of the parcels written by `audit --tiles` (layer PARCEL_TILE_LAYER), for datasets too large for GeoJSON. */
export interface ParcelTiles {
  url: string;
  minzoom: number;
  maxzoom: number;
}

export function parcelSourceSpec(tiles: ParcelTiles): SourceSpecification {
  return { type: 'vector', tiles: [tiles.url], minzoom: tiles.minzoom, maxzoom: tiles.maxzoom, promoteId: { [PARCEL_TILE_LAYER]: PROP.id } };
}

export function buildStyle(state: StyleState, data: Partial<Record<SourceId, string>> = {}, parcelTiles: ParcelTiles | null = null): StyleSpecification {
  const src = (id: SourceId, promote: boolean) => ({
    type: 'geojson' as const,
    data: data[id] ?? (EMPTY as unknown as string),
    ...(promote ? { promoteId: PROP.id } : {}),
    // Parcels are small: less simplification keeps their outlines; a small buffer is enough for polygons.
    tolerance: id === 'parcels' ? 0.2 : 0.375,
    buffer: 32,
  });
  const vis = (t: Toggle): 'visible' | 'none' => (state.visibility[t] ? 'visible' : 'none');
  const areaColor = ['match', ['get', 'kind'], ...Object.entries(COLORS.area).flat(), '#999999'] as unknown as ExpressionSpecification;
  const constraintColor = ['match', ['get', 'kind'], ...Object.entries(COLORS.constraint).flat(), '#999999'] as unknown as ExpressionSpecification;
  const flagLine = (toggle: FlagToggle): LayerSpecification => {
    const id = FLAG_LAYER[toggle];
    const { dash, width, gap, round } = FLAG_LINE[toggle];
    return {
      id,
      type: 'line',
      source: SOURCE.parcels,
      filter: OWN_FILTER[id] as never,
      layout: { visibility: vis(toggle), 'line-join': 'round', ...(round ? { 'line-cap': 'round' as const } : {}) },
      paint: {
        'line-color': COLORS.flag[toggle],
        'line-width': width,
        'line-opacity': unlessOut(1),
        ...(dash ? { 'line-dasharray': [...dash] } : {}),
        ...(gap ? { 'line-gap-width': gap } : {}),
      },
    };
  };
  const theme = state.theme ?? 'metric';
  const layers: LayerSpecification[] = [
    { id: LAYER.background, type: 'background', paint: { 'background-color': COLORS.background } },
    {
      id: LAYER.boundaries,
      type: 'line',
      source: SOURCE.boundaries,
      layout: { visibility: vis('boundaries') },
      paint: { 'line-color': '#7a7a7a', 'line-width': 1.2, 'line-dasharray': [4, 2] },
    },
    { id: LAYER.areasFill, type: 'fill', source: SOURCE.areas, layout: { visibility: vis('areas') }, paint: { 'fill-color': areaColor, 'fill-opacity': 0.28 } },
    {
      id: LAYER.areasLine,
      type: 'line',
      source: SOURCE.areas,
      layout: { visibility: vis('areas') },
      paint: {
        'line-color': areaColor,
        'line-width': 1.5,
        'line-dasharray': ['match', ['get', 'kind'], 'control', ['literal', [2, 2]], ['literal', [1, 0]]] as never,
      },
    },
    { id: LAYER.zonesLine, type: 'line', source: SOURCE.zones, paint: { 'line-color': '#333333', 'line-width': 2 } },
    {
      id: LAYER.constraintsFill,
      type: 'fill',
      source: SOURCE.constraints,
      layout: { visibility: vis('constraints') },
      paint: { 'fill-color': constraintColor, 'fill-opacity': 0.35 },
    },
    {
      id: LAYER.constraintsLine,
      type: 'line',
      source: SOURCE.constraints,
      layout: { visibility: vis('constraints') },
      paint: { 'line-color': constraintColor, 'line-width': 1.5, 'line-dasharray': [2, 1] },
    },
    {
      // The parcel outlines are the fill's own outline pass (drawn anyway while fill-antialias is on), not a line
      // layer: one layer fewer drawn over every parcel in view, each frame. Fainter at small zooms, where parcels
      // are a few pixels wide.
      id: LAYER.parcelsFill,
      type: 'fill',
      source: SOURCE.parcels,
      layout: { visibility: vis('parcels') },
      paint: {
        'fill-color': themeColor(theme, state.metric, state.classes),
        'fill-opacity': unlessOut(0.85),
        'fill-outline-color': ['interpolate', ['linear'], ['zoom'], 11, 'rgba(255, 255, 255, 0.25)', 15, '#ffffff'],
      },
    },
    {
      id: LAYER.parcelsHatch,
      type: 'fill',
      source: SOURCE.parcels,
      filter: noValueFilter(theme) as never,
      layout: { visibility: vis('parcels') },
      paint: { 'fill-pattern': HATCH_IMAGE, 'fill-opacity': unlessOut(1) },
    },
    flagLine('lowEfficiency'),
    flagLine('suspected'),
    flagLine('idle'),
    flagLine('supplyBreach'),
    flagLine('overdueCompletion'),
    flagLine('overdueStart'),
    flagLine('conflict'),
    flagLine('illegalOccupation'),
    {
      id: LAYER.reviewFill,
      type: 'fill',
      source: SOURCE.parcels,
      layout: { visibility: vis('review') },
      paint: {
        'fill-color': byReviewMark((m) => REVIEW_STYLE[m].fill ?? '#000000', '#000000'),
        'fill-opacity': ['case', ['boolean', ['feature-state', 'out'], false], 0, byReviewMark((m) => REVIEW_STYLE[m].fillOpacity, 0)],
      },
    },
    {
      id: LAYER.reviewLine,
      type: 'line',
      source: SOURCE.parcels,
      layout: { visibility: vis('review'), 'line-join': 'round' },
      paint: {
        'line-color': byReviewMark((m) => REVIEW_STYLE[m].line ?? '#000000', '#000000'),
        'line-width': ['case', ['boolean', ['feature-state', 'out'], false], 0, byReviewMark((m) => REVIEW_STYLE[m].width, 0)],
        'line-gap-width': byReviewMark((m) => REVIEW_STYLE[m].gap, 0),
      },
    },
    {
      // hover and selection in one layer (one bucket per tile instead of two), driven by feature-state
      id: LAYER.highlight,
      type: 'line',
      source: SOURCE.parcels,
      paint: {
        'line-color': ['case', ['boolean', ['feature-state', 'selected'], false], COLORS.selected, COLORS.hover],
        'line-width': ['case', ['boolean', ['feature-state', 'selected'], false], 4, ['boolean', ['feature-state', 'hover'], false], 3, 0],
      },
    },
  ];
  layers.push(...labelLayers(vis('areas')));
  const minzoom = state.parcelMinZoom ?? 0;
  for (const l of layers) {
    if (!(PARCEL_LAYERS as readonly string[]).includes(l.id)) continue;
    if (minzoom > 0) l.minzoom = minzoom;
    if (parcelTiles) (l as { 'source-layer'?: string })['source-layer'] = PARCEL_TILE_LAYER;
  }
  return {
    version: 8,
    name: 'ParkAtlas',
    sources: {
      [SOURCE.boundaries]: src('boundaries', true),
      [SOURCE.zones]: src('zones', true),
      [SOURCE.areas]: src('areas', true),
      [SOURCE.constraints]: src('constraints', true),
      [SOURCE.parcels]: parcelTiles ? parcelSourceSpec(parcelTiles) : src('parcels', true),
      [SOURCE.labels]: { type: 'geojson', data: EMPTY as unknown as string },
    },
    layers,
  };
}

/**
 * Label fonts: drawn in the page from the system's fonts (no glyphs URL: MapLibre then renders every glyph locally),
 * so Chinese and Latin labels need no download. A first family named "… Bold" makes MapLibre draw bold.
 */
export const LABEL_FONT = ['WenQuanYi Micro Hei', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'sans-serif'];
export const LABEL_FONT_BOLD = ['WenQuanYi Micro Hei Bold', ...LABEL_FONT];
export const LABEL_SIZE = { zone: 14, area: 12 } as const;

/** Label text colours per kind, darker tones of the area colours (contrast on their own fill). */
export const LABEL_COLORS: Record<'zone' | FunctionalArea, string> = { zone: '#222222', 'built-up': '#7a4f00', development: '#1f5f85', control: '#00614a' };

/**
 * Zone and functional-area labels as symbol layers, so MapLibre's collision detection keeps them apart: zone labels
 * are placed first (the upper layer), area labels then try a few anchors around their point and are left out where
 * none is free. An area label shows from the zoom its area is wide enough on screen to hold it (`minzoom` of the
 * feature; filters read the zoom in whole steps).
 */
function labelLayers(areasVisibility: 'visible' | 'none'): LayerSpecification[] {
  const halo = { 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 };
  const text = (size: number, font: string[], offset: number) => ({
    'text-field': ['get', 'text'] as never,
    'text-font': font,
    'text-size': size,
    'text-variable-anchor': ['center', 'top', 'bottom', 'left', 'right'] as ('center' | 'top' | 'bottom' | 'left' | 'right')[],
    'text-radial-offset': offset,
    'text-padding': 4,
  });
  return [
    {
      id: LAYER.areaLabels,
      type: 'symbol',
      source: SOURCE.labels,
      filter: ['all', ['!=', ['get', 'kind'], 'zone'], ['>=', ['zoom'], ['get', 'minzoom']]] as never,
      layout: { visibility: areasVisibility, ...text(LABEL_SIZE.area, LABEL_FONT, 0.9) },
      paint: { 'text-color': ['match', ['get', 'kind'], ...Object.entries(LABEL_COLORS).flat(), '#222222'] as never, ...halo },
    },
    {
      id: LAYER.zoneLabels,
      type: 'symbol',
      source: SOURCE.labels,
      filter: ['==', ['get', 'kind'], 'zone'] as never,
      layout: text(LABEL_SIZE.zone, LABEL_FONT_BOLD, 0.6),
      paint: { 'text-color': LABEL_COLORS.zone, ...halo },
    },
  ];
}
