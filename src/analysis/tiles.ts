import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { Feature, FeatureCollection } from 'geojson';
import type { Parcel } from '../domain/types';
import { unionBbox } from '../geo/bbox';
import { MAP_PROPS } from '../map/properties';
import { PARCEL_TILE_LAYER } from '../map/style';
import type { Analysis } from './analyse';

/**
 * Vector tiles of the analysed parcels for datasets too large for one GeoJSON source: the same feature properties the
 * map's paint and filter expressions read (MAP_PROPS), sliced with geojson-vt and encoded with vt-pbf into a folder
 * of {z}/{x}/{y}.pbf files that any static server can serve, and that the app's parcel layers read unchanged.
 */
export const TILE_EXTENT = 4096;

export interface TileOptions {
  minZoom: number;
  maxZoom: number;
}

export interface TileOutput {
  path: string;
  bytes: Uint8Array;
}

/** The sliced parcels, from which any tile of the zoom range is cut on request (the app's worker serves them so). */
export function parcelTileIndex(a: Analysis, parcels: readonly Parcel[], opts: TileOptions): GeoJSONVT {
  const features: Feature[] = a.parcels.map((r, i) => ({ type: 'Feature', properties: MAP_PROPS.toProperties(r), geometry: (parcels[i] as Parcel).geometry }));
  const fc: FeatureCollection = { type: 'FeatureCollection', features };
  return new GeoJSONVT(fc, { maxZoom: opts.maxZoom, indexMaxZoom: opts.minZoom, indexMaxPoints: 0, tolerance: 3, extent: TILE_EXTENT, buffer: 64 });
}

/** One tile as Mapbox Vector Tile bytes (layer "parcels"), or null when no parcel touches it. */
export function encodeTile(index: GeoJSONVT, z: number, x: number, y: number): Uint8Array | null {
  const tile = index.getTile(z, x, y);
  if (!tile || tile.features.length === 0) return null;
  return fromGeojsonVt({ [PARCEL_TILE_LAYER]: tile }, { version: 2, extent: TILE_EXTENT });
}

export function* parcelTiles(a: Analysis, parcels: readonly Parcel[], opts: TileOptions): Generator<TileOutput> {
  const index = parcelTileIndex(a, parcels, opts);
  const box = unionBbox(parcels.map((p) => p.geometry));
  if (!box) return;
  const [minLon, minLat, maxLon, maxLat] = box;
  for (let z = opts.minZoom; z <= opts.maxZoom; z++) {
    const [x0, y0] = tileOf(minLon, maxLat, z);
    const [x1, y1] = tileOf(maxLon, minLat, z);
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const bytes = encodeTile(index, z, x, y);
        if (bytes) yield { path: `${z}/${x}/${y}.pbf`, bytes };
      }
    }
  }
}

/** Web-Mercator tile holding a lon/lat at zoom z. */
function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [Math.min(n - 1, Math.max(0, x)), Math.min(n - 1, Math.max(0, y))];
}
