import type { Feature } from 'geojson';
import { GRADES, type Grade } from '../domain/grades';
import type { Metric } from '../domain/metrics';
import { STAGES, type Stage } from '../domain/stages';
import type { Flag, ParcelGeometry, ParcelResult } from '../domain/types';

/**
 * Above this many parcels the city view shows zones and areas only (parcels appear as one zooms in), and the audit CLI
 * writes vector tiles when asked (--tiles).
 */
export const LARGE_DATASET_PARCELS = 20_000;

/**
 * A large dataset without tiles of its own is sliced into vector tiles in the analysis worker, which serves them on
 * request under this URL scheme (`parkatlas-tiles://{z}/{x}/{y}`), up to this zoom (MapLibre overzooms beyond).
 */
export const WORKER_TILE_SCHEME = 'parkatlas-tiles';
export const WORKER_TILE_MAX_ZOOM = 14;

/** The parcels' layer in vector tiles (those `audit --tiles` writes and those the worker slices). */
export const PARCEL_TILE_LAYER = 'parcels';

/** Large datasets draw parcels from this zoom on, so the city view stays light; smaller ones at every zoom. */
export const PARCEL_MIN_ZOOM_LARGE = 11;
export const parcelMinZoomFor = (parcelCount: number): number => (parcelCount > LARGE_DATASET_PARCELS ? PARCEL_MIN_ZOOM_LARGE : 0);

/**
 * Names of the parcel feature properties the map's style reads — one owner, used by the worker and the CLI that write
 * the features and by the style builder: the id (feature-state, including the filters), the zone (the zone filter),
 * the flags (flag layers), the stage and city grade (their layers) and the metrics (choropleth). Nothing else goes into
 * the features: the other filters reach the map as feature-state from the table's rows. Short names keep 100k
 * features small.
 */
export const PROP = {
  id: 'id',
  zone: 'z',
  idle: 'f_idle',
  /** the idle rule could not tell (no contract dates): the 闲置年数 map shows it as unknown, not as 未闲置 */
  idleUnknown: 'f_unk',
  suspected: 'f_sus',
  low: 'f_low',
  conflict: 'f_conf',
  supplyBreach: 'f_brch',
  illegalOccupation: 'f_ill',
  overdueStart: 'f_ovs',
  overdueCompletion: 'f_ovc',
  /** index into STAGES */
  stage: 'st',
  /** index into GRADES of the grade among the city's parcels; absent when ungraded */
  grade: 'g',
} as const;

export const METRIC_PROP: Record<Metric, string> = {
  intensityWanPerMu: 'm_int',
  far: 'm_far',
  coverage: 'm_cov',
  outputWanPerMu: 'm_out',
  taxWanPerMu: 'm_tax',
  areaMu: 'm_area',
  idleYears: 'm_idle',
};

const orUndefined = (v: number | null) => (v == null ? undefined : v);

/** What the map's date-dependent properties are made from (a parcel's result, or the table's dated columns read back). */
export interface MapDated {
  flags: readonly Flag[];
  idle: Pick<ParcelResult['idle'], 'status' | 'years'>;
  stage: Stage;
  cityGrade: Grade | null;
}

export const MAP_PROPS = {
  /** every property, in the fields' order (MAP_PROP_FIELDS: the tiles' bytes follow it) */
  toProperties(r: ParcelResult): Record<string, string | number | boolean | undefined> {
    const all = { ...MAP_PROPS.placed(r), ...MAP_PROPS.dated({ flags: r.flags, idle: r.idle, stage: r.stage, cityGrade: r.efficiency.grade.city }) };
    return Object.fromEntries(Object.keys(MAP_PROP_FIELDS).map((k) => [k, all[k]]));
  },
  /** the properties the as-of date does not change */
  placed(r: ParcelResult): Record<string, string | number | boolean | undefined> {
    return {
      [PROP.id]: r.id,
      [PROP.zone]: r.zoneId ?? '',
      // Full values, so the choropleth puts a parcel in the same class as the legend and the table's values do.
      [METRIC_PROP.intensityWanPerMu]: orUndefined(r.intensityWanPerMu),
      [METRIC_PROP.far]: orUndefined(r.far),
      [METRIC_PROP.coverage]: orUndefined(r.coverage),
      [METRIC_PROP.outputWanPerMu]: orUndefined(r.outputWanPerMu),
      [METRIC_PROP.taxWanPerMu]: orUndefined(r.taxWanPerMu),
      [METRIC_PROP.areaMu]: orUndefined(r.areaMu),
    };
  },
  /** the properties the as-of date decides (flags, stage, grade, years idle) */
  dated(d: MapDated): Record<string, string | number | boolean | undefined> {
    return {
      [PROP.idle]: d.flags.includes('idle'),
      [PROP.idleUnknown]: d.idle.status === 'unknown',
      [PROP.suspected]: d.flags.includes('suspected-idle'),
      [PROP.low]: d.flags.includes('low-efficiency'),
      [PROP.conflict]: d.flags.includes('conflict'),
      [PROP.supplyBreach]: d.flags.includes('supply-breach'),
      [PROP.illegalOccupation]: d.flags.includes('suspected-illegal-occupation'),
      [PROP.overdueStart]: d.flags.includes('overdue-start'),
      [PROP.overdueCompletion]: d.flags.includes('overdue-completion'),
      [PROP.stage]: STAGES.indexOf(d.stage),
      [PROP.grade]: d.cityGrade == null ? undefined : GRADES.indexOf(d.cityGrade),
      [METRIC_PROP.idleYears]: d.idle.status === 'idle' ? (d.idle.years ?? undefined) : undefined,
    };
  },
};

/** The tiles' fields and their types (the vector_layers of a PMTiles archive's metadata): every key toProperties writes. */
export const MAP_PROP_FIELDS: Record<string, 'String' | 'Number' | 'Boolean'> = {
  [PROP.id]: 'String',
  [PROP.zone]: 'String',
  [PROP.idle]: 'Boolean',
  [PROP.idleUnknown]: 'Boolean',
  [PROP.suspected]: 'Boolean',
  [PROP.low]: 'Boolean',
  [PROP.conflict]: 'Boolean',
  [PROP.supplyBreach]: 'Boolean',
  [PROP.illegalOccupation]: 'Boolean',
  [PROP.overdueStart]: 'Boolean',
  [PROP.overdueCompletion]: 'Boolean',
  [PROP.stage]: 'Number',
  [PROP.grade]: 'Number',
  ...Object.fromEntries(Object.values(METRIC_PROP).map((k) => [k, 'Number' as const])),
};

/** A parcel as the tiles carry it: its geometry and the properties the map's expressions read. */
export type TileFeature = Feature<ParcelGeometry, ReturnType<typeof MAP_PROPS.toProperties>>;

export function tileFeature(r: ParcelResult, geometry: ParcelGeometry): TileFeature {
  return { type: 'Feature', properties: MAP_PROPS.toProperties(r), geometry };
}
