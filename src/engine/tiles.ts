import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import Flatbush from 'flatbush';
import type { FeatureCollection } from 'geojson';
import type { Bbox } from '../geo/bbox';
import type { PackedFeatures, TileFeatureSource } from './packedFeatures';
import type { TileFeature } from './tileFeatures';
import { PARCEL_TILE_LAYER } from './tileFeatures';

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
  /** the bytes are gzip-compressed already, as a PMTiles archive stores them (compressed where they were cut) */
  gzipped?: boolean;
}

/**
 * The parcels' tiles cut when asked for, one subtree at a time (the app's worker serves them so): the first time a
 * tile is asked for, its ancestor of the lowest zoom is sliced from the parcels reaching it (an R-tree of their boxes
 * finds them), and that index answers its descendants after. A tile's features depend on those parcels alone, so each
 * tile is that of one index over all the parcels (tested); but choosing a zone waits for the slicing of the few
 * subtrees it shows, not of all of them (docs/decisions.md#tiles-on-request).
 */
export class TilesOnRequest {
  private readonly boxes: Flatbush | null;
  /** sliced subtrees by their lowest-zoom tile, the least recently used first */
  private readonly subtrees = new Map<string, GeoJSONVT>();
  /** lowest-zoom tiles no parcel reaches */
  private readonly empty = new Set<string>();
  private slices = 0;

  /**
   * `keep`: how many sliced subtrees are kept, the least recently used let go beyond (sliced again if asked for). A
   * geojson-vt index keeps every tile cut from it, so memory is bounded by the subtrees kept (docs/decisions.md#tiles-kept);
   * nine hold what a view at zoom 11 shows (tiles of 512 px). A tile the map already has
   * is not asked for again, so letting a subtree go costs only its slicing again when a new tile of it is wanted.
   */
  constructor(
    private readonly features: TileFeatureSource,
    private readonly opts: TileOptions,
    private readonly keep = 9,
    /** the index of the same parcels' boxes, when one was made already (the parcels did not move: another as-of date) */
    boxes: Flatbush | null = null,
  ) {
    this.boxes = boxes ?? boxIndex(features);
  }

  /** the index of the parcels' boxes */
  get boxIndex(): Flatbush | null {
    return this.boxes;
  }

  /** how many subtrees have been sliced so far, those sliced again included */
  get subtreesSliced(): number {
    return this.slices;
  }

  /** Tile z/x/y as Mapbox Vector Tile bytes, or null when no parcel touches it (or z is outside the zoom range). */
  tile(z: number, x: number, y: number): Uint8Array | null {
    const { minZoom, maxZoom } = this.opts;
    if (z < minZoom || z > maxZoom) return null;
    const k = 2 ** (z - minZoom);
    const index = this.subtree(Math.floor(x / k), Math.floor(y / k));
    return index ? encodeTile(index, z, x, y) : null;
  }

  /**
   * Slices now the subtrees a lon/lat box reaches (the page asks when the map sets off towards a zone or a parcel, so
   * that the slicing runs during the flight rather than after it); returns how many were sliced.
   */
  prepare(box: Bbox): number {
    const before = this.slices;
    const { x0, y0, x1, y1 } = tileRange(box, this.opts.minZoom);
    for (let tx = x0; tx <= x1; tx++) for (let ty = y0; ty <= y1; ty++) this.subtree(tx, ty);
    return this.slices - before;
  }

  /** The index of subtree tx, ty (sliced if not kept), now the most recently used; null when no parcel reaches it. */
  private subtree(tx: number, ty: number): GeoJSONVT | null {
    const key = `${tx}/${ty}`;
    if (!this.boxes || this.empty.has(key)) return null;
    const index = this.subtrees.get(key) ?? this.slice(tx, ty);
    if (!index) {
      this.empty.add(key);
      return null;
    }
    this.subtrees.delete(key);
    this.subtrees.set(key, index);
    if (this.subtrees.size > this.keep) this.subtrees.delete(this.subtrees.keys().next().value as string);
    return index;
  }

  private slice(tx: number, ty: number): GeoJSONVT | null {
    const which = this.boxes ? reaching(this.boxes, this.opts.minZoom, tx, ty) : [];
    this.slices++;
    return which.length > 0 ? sourceIndexOf(this.features, which, this.opts) : null;
  }
}

/** geojson-vt's index of the parcels `which` (indices, in file order) of a source. */
function sourceIndexOf(features: TileFeatureSource, which: readonly number[], opts: TileOptions): GeoJSONVT {
  return tileIndexOf(
    which.map((i) => features.feature(i)),
    opts,
  );
}

/** geojson-vt's index of some parcels' tile features, from the lowest zoom's tiles down (in file order, as given). */
export function tileIndexOf(features: TileFeature[], opts: TileOptions): GeoJSONVT {
  const fc: FeatureCollection = { type: 'FeatureCollection', features };
  return new GeoJSONVT(fc, { maxZoom: opts.maxZoom, indexMaxZoom: opts.minZoom, indexMaxPoints: 0, tolerance: 3, extent: TILE_EXTENT, buffer: TILE_BUFFER });
}

/** Tile units around a tile that its features reach into (geojson-vt's buffer). */
const TILE_BUFFER = 64;

/** One tile as Mapbox Vector Tile bytes (layer "parcels"), or null when no parcel touches it. */
export function encodeTile(index: GeoJSONVT, z: number, x: number, y: number): Uint8Array | null {
  const tile = index.getTile(z, x, y);
  if (!tile || tile.features.length === 0) return null;
  return fromGeojsonVt({ [PARCEL_TILE_LAYER]: tile }, { version: 2, extent: TILE_EXTENT });
}

/**
 * Every tile of the zoom range that some parcel touches. The tiles are cut one tile of the lowest zoom at a time,
 * with its descendants, from an index of only the parcels reaching it (an R-tree of their boxes finds them): geojson-vt
 * keeps every tile it has cut, so one index over all the parcels would hold every tile until the end
 * (docs/decisions.md#tiles-by-subtree). A tile's
 * features depend on those parcels alone (each is simplified and clipped on its own, in file order), so the bytes are
 * those of one index over all the parcels (tested), and the subtrees can be cut on different threads (the CLI's).
 */
export function* parcelTiles(features: TileFeatureSource, opts: TileOptions): Generator<TileOutput> {
  const plan = tilePlan(features, opts);
  for (const job of plan.jobs) yield* cutJob(features, job, plan.bounds, opts);
}

/** The tiles of one subtree of a plan, its parcels read from the source. */
export function cutJob(features: TileFeatureSource, job: SubtreeJob, bounds: Bbox, opts: TileOptions): TileOutput[] {
  return cutSubtree(sourceIndexOf(features, job.which, opts), job, bounds, opts);
}

/** One subtree of vector tiles sent to a worker thread to cut (cli/writeTiles.ts): its tile of the lowest zoom, its parcels packed, the bounds. */
export interface TilesJob {
  tx: number;
  ty: number;
  packed: PackedFeatures;
  bounds: Bbox;
  opts: TileOptions;
  /** gzip each tile (for a PMTiles archive) */
  gzip: boolean;
}

/** One subtree to cut: a tile of the lowest zoom and the parcels (indices in the source, in file order) reaching it. */
export interface SubtreeJob {
  tx: number;
  ty: number;
  which: number[];
}

/** The subtrees to cut, and the parcels' bounds (the tiles of each zoom are those the bounds reach). */
export function tilePlan(features: TileFeatureSource, opts: TileOptions): { jobs: SubtreeJob[]; bounds: Bbox } {
  const boxes = boxIndex(features);
  if (!boxes) return { jobs: [], bounds: [0, 0, 0, 0] };
  const bounds: Bbox = [boxes.minX, boxes.minY, boxes.maxX, boxes.maxY];
  const top = tileRange(bounds, opts.minZoom);
  const jobs: SubtreeJob[] = [];
  for (let tx = top.x0; tx <= top.x1; tx++) {
    for (let ty = top.y0; ty <= top.y1; ty++) {
      const which = reaching(boxes, opts.minZoom, tx, ty);
      if (which.length > 0) jobs.push({ tx, ty, which });
    }
  }
  return { jobs, bounds };
}

/** An R-tree of the parcels' boxes (null when there are none). */
function boxIndex(features: TileFeatureSource): Flatbush | null {
  if (features.count === 0) return null;
  const boxes = new Flatbush(features.count);
  for (let k = 0; k < features.count; k++) {
    const [minX, minY, maxX, maxY] = features.bbox(k);
    boxes.add(minX, minY, maxX, maxY);
  }
  boxes.finish();
  return boxes;
}

/** The parcels reaching tile tx, ty of zoom z or its buffer, in file order (twice the buffer, so none is missed at the edge). */
function reaching(boxes: Flatbush, z: number, tx: number, ty: number): number[] {
  const [w, s, e, n] = tileBounds(z, tx, ty, (2 * TILE_BUFFER) / TILE_EXTENT);
  return boxes.search(w, s, e, n).sort((p, q) => p - q);
}

/** The tiles of one subtree (tile tx, ty of the lowest zoom and its descendants within `bounds`), from an index of its parcels. */
export function cutSubtree(index: GeoJSONVT, at: { tx: number; ty: number }, bounds: Bbox, opts: TileOptions): TileOutput[] {
  const out: TileOutput[] = [];
  for (let z = opts.minZoom; z <= opts.maxZoom; z++) {
    const k = 2 ** (z - opts.minZoom);
    const r = tileRange(bounds, z);
    for (let x = Math.max(r.x0, at.tx * k); x <= Math.min(r.x1, at.tx * k + k - 1); x++) {
      for (let y = Math.max(r.y0, at.ty * k); y <= Math.min(r.y1, at.ty * k + k - 1); y++) {
        const bytes = encodeTile(index, z, x, y);
        if (bytes) out.push({ path: `${z}/${x}/${y}.pbf`, bytes });
      }
    }
  }
  return out;
}

/** The tiles of zoom z that a lon/lat box reaches. */
export function tileRange(box: Bbox, z: number): { x0: number; y0: number; x1: number; y1: number } {
  const [x0, y0] = tileOf(box[0], box[3], z);
  const [x1, y1] = tileOf(box[2], box[1], z);
  return { x0, y0, x1, y1 };
}

/** A tile's [west, south, east, north] in lon/lat, widened on each side by `margin` of its size. */
function tileBounds(z: number, x: number, y: number, margin: number): [number, number, number, number] {
  const n = 2 ** z;
  const lon = (tx: number) => (tx / n) * 360 - 180;
  const lat = (ty: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * ty) / n))) * 180) / Math.PI;
  return [lon(x - margin), lat(y + 1 + margin), lon(x + 1 + margin), lat(y - margin)];
}

/** Web-Mercator tile holding a lon/lat at zoom z. */
function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [Math.min(n - 1, Math.max(0, x)), Math.min(n - 1, Math.max(0, y))];
}
