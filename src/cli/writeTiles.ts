import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AuditResult } from '../analysis/audit';
import { writePmtiles } from '../analysis/pmtiles';
import { parcelTiles, type TileOptions } from '../analysis/tiles';
import { unionBbox } from '../geo/bbox';
import { MAP_PROP_FIELDS } from '../map/properties';
import { PARCEL_TILE_LAYER } from '../map/style';

/** `--tiles`: the analysed parcels as one PMTiles archive (a path ending in .pmtiles) or a folder of {z}/{x}/{y}.pbf. */
export function writeTiles(result: NonNullable<AuditResult['kept']>, bboxes: Float64Array, dir: string, minParcels: number, opts: TileOptions): void {
  const n = result.features.count;
  if (n < minParcels) {
    process.stderr.write(`tiles not written: ${n} parcels, below --tiles-min-parcels ${minParcels} (one GeoJSON source is enough)\n`);
    return;
  }
  if (dir.endsWith('.pmtiles')) {
    const bounds = unionBbox([], bboxes) ?? [0, 0, 0, 0];
    const archive = writePmtiles(parcelTiles(result.features, opts), {
      ...opts,
      bounds,
      layer: { id: PARCEL_TILE_LAYER, fields: MAP_PROP_FIELDS },
      name: result.datasetName ?? 'parcels',
    });
    mkdirSync(dirname(dir), { recursive: true });
    writeFileSync(dir, archive);
    process.stderr.write(`wrote a PMTiles archive (${(archive.length / 1e6).toFixed(1)} MB, zoom ${opts.minZoom}–${opts.maxZoom}) to ${dir}\n`);
    return;
  }
  let count = 0;
  let bytes = 0;
  for (const tile of parcelTiles(result.features, opts)) {
    const path = join(dir, tile.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, tile.bytes);
    count++;
    bytes += tile.bytes.length;
  }
  process.stderr.write(`wrote ${count} vector tiles (${(bytes / 1e6).toFixed(1)} MB, zoom ${opts.minZoom}–${opts.maxZoom}) to ${dir}\n`);
}
