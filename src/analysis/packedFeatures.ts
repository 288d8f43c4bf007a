import type { Position } from 'geojson';
import type { ParcelGeometry } from '../domain/types';
import { type Bbox, bboxOf } from '../geo/bbox';
import type { TileFeature } from '../map/properties';

/**
 * Parcels' tile features (geometry and the properties the map reads) packed into a few arrays, for `--tiles`: they
 * cross from a worker thread by transfer rather than by structured clone of every position, and 100k parcels' positions
 * take 16 bytes each instead of a small array each (some 40 bytes with V8's pointer compression, by our estimate).
 */
export interface PackedFeatures {
  /** x, y of every position, parcel after parcel */
  coords: Float64Array;
  /** per parcel: 1 for a MultiPolygon (else 0), its polygon count, then per polygon its ring count, then per ring its position count */
  shape: Int32Array;
  /** the parcels' properties, a JSON array */
  props: string;
}

/** The parcels of a tile set, read one at a time (packed, or an array of features). */
export interface TileFeatureSource {
  count: number;
  feature(k: number): TileFeature;
  bbox(k: number): Bbox;
}

export function arraySource(features: readonly TileFeature[]): TileFeatureSource {
  return { count: features.length, feature: (k) => features[k] as TileFeature, bbox: (k) => bboxOf((features[k] as TileFeature).geometry) };
}

/** Packs features as they come (see PackedFeatures). */
export class FeaturePacker {
  private coords = new Float64Array(1 << 14);
  private used = 0;
  private readonly shape: number[] = [];
  private readonly props: TileFeature['properties'][] = [];

  add(f: TileFeature): void {
    const g = f.geometry;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    this.shape.push(g.type === 'Polygon' ? 0 : 1, polygons.length);
    for (const rings of polygons) this.shape.push(rings.length);
    for (const rings of polygons)
      for (const ring of rings) {
        this.shape.push(ring.length);
        this.reserve(ring.length * 2);
        for (const p of ring) {
          this.coords[this.used++] = p[0] as number;
          this.coords[this.used++] = p[1] as number;
        }
      }
    this.props.push(f.properties);
  }

  pack(): PackedFeatures {
    return { coords: this.coords.slice(0, this.used), shape: Int32Array.from(this.shape), props: JSON.stringify(this.props) };
  }

  private reserve(n: number): void {
    if (this.used + n <= this.coords.length) return;
    const grown = new Float64Array(Math.max(this.coords.length * 2, this.used + n));
    grown.set(this.coords.subarray(0, this.used));
    this.coords = grown;
  }
}

/** Reads packed features back, each rebuilt as GeoJSON when asked for. */
export class PackedReader {
  readonly count: number;
  private readonly props: TileFeature['properties'][];
  /** per parcel, where its shape and its positions start */
  private readonly shapeAt: Int32Array;
  private readonly coordAt: Int32Array;

  constructor(private readonly packed: PackedFeatures) {
    this.props = JSON.parse(packed.props) as TileFeature['properties'][];
    this.count = this.props.length;
    this.shapeAt = new Int32Array(this.count);
    this.coordAt = new Int32Array(this.count);
    const s = packed.shape;
    let i = 0;
    let c = 0;
    for (let k = 0; k < this.count; k++) {
      this.shapeAt[k] = i;
      this.coordAt[k] = c;
      const polygons = s[i + 1] as number;
      let ringCount = 0;
      for (let p = 0; p < polygons; p++) ringCount += s[i + 2 + p] as number;
      const ringsAt = i + 2 + polygons;
      for (let r = 0; r < ringCount; r++) c += s[ringsAt + r] as number;
      i = ringsAt + ringCount;
    }
  }

  feature(k: number): TileFeature {
    const s = this.packed.shape;
    const xy = this.packed.coords;
    let i = this.shapeAt[k] as number;
    let c = this.coordAt[k] as number;
    const multi = s[i] === 1;
    const polygonCount = s[i + 1] as number;
    const ringCounts = Array.from(s.subarray(i + 2, i + 2 + polygonCount));
    i += 2 + polygonCount;
    const polygons = ringCounts.map((rings) => {
      const out: Position[][] = [];
      for (let r = 0; r < rings; r++) {
        const n = s[i++] as number;
        const ring: Position[] = new Array(n);
        for (let q = 0; q < n; q++, c++) ring[q] = [xy[2 * c] as number, xy[2 * c + 1] as number];
        out.push(ring);
      }
      return out;
    });
    const geometry: ParcelGeometry = multi ? { type: 'MultiPolygon', coordinates: polygons } : { type: 'Polygon', coordinates: polygons[0] ?? [] };
    return { type: 'Feature', properties: this.props[k] as TileFeature['properties'], geometry };
  }
}
