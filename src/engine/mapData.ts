import { centroid } from '@turf/centroid';
import type { DatasetLayers } from '../data/dataset';
import { FUNCTIONAL_AREAS, type ParcelGeometry, type Zone } from '../domain/types';
import { bboxOf, unionBbox } from '../geo/bbox';
import type { TileFeatureSource } from './packedFeatures';
import type { MapLayers, ZoneMeta } from './session';

const encoder = new TextEncoder();
const bytes = (features: unknown[]) => encoder.encode(JSON.stringify({ type: 'FeatureCollection', features })).buffer as ArrayBuffer;

/**
 * The map's layers but the parcels, built once in the worker as soon as the dataset is read: the zones, areas,
 * constraints and boundaries as GeoJSON bytes, each zone's bounds and label points, and the zones' bounds.
 */
export function baseMapLayers(ds: Pick<DatasetLayers, 'zones' | 'areas' | 'constraints' | 'boundaries'>): MapLayers {
  const zones = ds.zones.map((z) => ({ type: 'Feature', properties: { id: z.id, name: z.name, nameEn: z.nameEn }, geometry: z.geometry }));
  const areas = ds.areas.map((x) => ({ type: 'Feature', properties: { id: x.id, zoneId: x.zoneId, kind: x.kind }, geometry: x.geometry }));
  const constraints = ds.constraints.map((c) => ({ type: 'Feature', properties: { id: c.id, kind: c.kind, name: c.name }, geometry: c.geometry }));
  const boundaries = ds.boundaries.map((b) => ({
    type: 'Feature',
    properties: { id: String(b.properties.id ?? b.index), name: String(b.properties.name ?? '') },
    geometry: b.geometry,
  }));
  const zoneMeta: ZoneMeta[] = ds.zones.map((z) => ({
    id: z.id,
    name: z.name,
    nameEn: z.nameEn,
    bbox: bboxOf(z.geometry),
    labels: [
      { kind: 'zone', lngLat: labelPoint(z.geometry) },
      ...FUNCTIONAL_AREAS.flatMap((kind) => {
        const area = ds.areas.find((x) => x.zoneId === z.id && x.kind === kind);
        return area ? [{ kind, lngLat: labelPoint(area.geometry), bbox: bboxOf(area.geometry) }] : [];
      }),
    ],
  }));
  return {
    layers: { zones: bytes(zones), areas: bytes(areas), constraints: bytes(constraints), boundaries: bytes(boundaries) },
    zones: zoneMeta,
    bbox: unionBbox(ds.zones.map((z) => z.geometry)),
  };
}

/**
 * The parcels' GeoJSON from their tile features (null: none, when the map draws them from tiles), and the bounds of
 * the zones and parcels together. Parcel features carry only what paint and filter expressions read (MAP_PROPS);
 * every number users act on stays in the analysis, keyed by id.
 */
export function parcelMapLayer(zones: readonly Pick<Zone, 'geometry'>[], features: TileFeatureSource | null, parcelBboxes: Float64Array) {
  return {
    parcels: features ? parcelFeatureBytes(features) : bytes([]),
    bbox: unionBbox(
      zones.map((z) => z.geometry),
      parcelBboxes,
    ),
  };
}

/** The parcels' GeoJSON from their tile features, as parcelMapLayer makes it. */
export const parcelFeatureBytes = (features: TileFeatureSource): ArrayBuffer =>
  bytes(Array.from({ length: features.count }, (_, i) => ({ ...features.feature(i), id: i })));

function labelPoint(g: ParcelGeometry): [number, number] {
  return centroid(g).geometry.coordinates as [number, number];
}
