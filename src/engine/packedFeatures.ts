import type { Position } from 'geojson';
import { GRADES, type Grade } from '../domain/rules';
import { STAGES, type Stage } from '../domain/stages';
import type { IdleStatus, ParcelGeometry } from '../domain/types';
import { type Bbox, bboxOf } from '../geo/bbox';
import { type DatedColumns, flagsOfBits, IDLE_STATUSES, NONE } from './parcelTable';
import type { Sink } from './sink';
import { MAP_PROP_FIELDS, MAP_PROPS, type TileFeature, tileFeature } from './tileFeatures';

/**
 * Parcels' tile features (geometry and the properties the map reads) packed into a few arrays, for `--tiles` and the
 * app's worker tiles: they cross from a worker thread by transfer rather than by structured clone, positions as
 * numbers rather than small arrays, properties packed by field (MAP_PROP_FIELDS, in that order) rather than as JSON
 * text, which the joining thread would read back before the map needs any of it (docs/decisions.md#packed-features).
 */
export interface PackedFeatures {
  /** x, y of every position, parcel after parcel */
  coords: Float64Array;
  /** per parcel: 1 for a MultiPolygon (else 0), its polygon count, then per polygon its ring count, then per ring its position count */
  shape: Int32Array;
  /** per parcel, one value per number field (present or not) */
  numbers: Float64Array;
  /** per parcel: bit i set when field i is present; a boolean field's value has a bit of its own after every presence bit */
  bits: Uint32Array;
  /** a JSON array of every parcel's string fields, field after field (null when absent) */
  strings: string;
}

type Props = TileFeature['properties'];
type FieldKind = (typeof MAP_PROP_FIELDS)[string];

/** The map's fields, by kind, with the place of each one's presence bit (i) and, for a boolean, its value's (after every presence bit). */
const FIELDS = Object.entries(MAP_PROP_FIELDS).map(([key, kind], i) => ({ key, kind, shift: i, valueShift: -1 }));
let valueBits = FIELDS.length;
for (const f of FIELDS) if (f.kind === 'Boolean') f.valueShift = valueBits++;
if (valueBits > 32) throw new Error('packedFeatures: the map fields do not fit their presence and value bits');
const fieldsOf = (kind: FieldKind) => FIELDS.filter((f) => f.kind === kind);
const NUMBER_FIELDS = fieldsOf('Number');
const STRING_FIELDS = fieldsOf('String');

/** The buffers of packed features, to transfer them. */
export function packedBuffers(p: PackedFeatures): ArrayBuffer[] {
  return [p.coords.buffer, p.shape.buffer, p.numbers.buffer, p.bits.buffer] as ArrayBuffer[];
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

/** Packs features as they come (see PackedFeatures): of their properties, those of MAP_PROP_FIELDS. */
export class FeaturePacker {
  private coords = new Float64Array(1 << 14);
  private used = 0;
  private readonly shape: number[] = [];
  private readonly numbers: number[] = [];
  private readonly bits: number[] = [];
  private readonly strings: (string | null)[] = [];

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
    this.addProperties(f.properties);
  }

  pack(): PackedFeatures {
    return {
      coords: this.coords.slice(0, this.used),
      shape: Int32Array.from(this.shape),
      numbers: Float64Array.from(this.numbers),
      bits: Uint32Array.from(this.bits),
      strings: JSON.stringify(this.strings),
    };
  }

  private addProperties(props: Props): void {
    let bits = 0;
    for (const { key, kind, shift, valueShift } of FIELDS) {
      const v = props[key];
      if (v !== undefined) bits |= 1 << shift;
      if (kind === 'Number') this.numbers.push(typeof v === 'number' ? v : Number.NaN);
      else if (kind === 'String') this.strings.push(typeof v === 'string' ? v : null);
      else if (v === true) bits |= 1 << valueShift;
    }
    this.bits.push(bits >>> 0);
  }

  private reserve(n: number): void {
    if (this.used + n <= this.coords.length) return;
    const grown = new Float64Array(Math.max(this.coords.length * 2, this.used + n));
    grown.set(this.coords.subarray(0, this.used));
    this.coords = grown;
  }
}

/**
 * Reads packed features back, each rebuilt as GeoJSON when asked for; nothing is read before the first is (a part's
 * features arrive during a load, and are wanted only when a tile of their place is cut).
 */
export class PackedReader {
  readonly count: number;
  private strings: (string | null)[] | null = null;
  /** per parcel, where its shape and its positions start (see starts) */
  private at: { shape: Int32Array; coord: Int32Array } | null = null;

  constructor(private readonly packed: PackedFeatures) {
    this.count = packed.bits.length;
  }

  feature(k: number): TileFeature {
    const at = this.starts();
    const s = this.packed.shape;
    const xy = this.packed.coords;
    let i = at.shape[k] as number;
    let c = at.coord[k] as number;
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
    return { type: 'Feature', properties: this.properties(k), geometry };
  }

  /**
   * Parcel k's properties, as JSON would give them back: absent fields left out, in the fields' order; a number that
   * is not finite is null.
   */
  private properties(k: number): Props {
    this.strings ??= JSON.parse(this.packed.strings) as (string | null)[];
    const bits = this.packed.bits[k] as number;
    const props: Props = {};
    let n = k * NUMBER_FIELDS.length;
    let t = k * STRING_FIELDS.length;
    for (const { key, kind, shift, valueShift } of FIELDS) {
      const present = ((bits >>> shift) & 1) === 1;
      if (kind === 'Number') {
        const v = this.packed.numbers[n++] as number;
        if (present) (props as Record<string, unknown>)[key] = Number.isFinite(v) ? v : null;
      } else if (kind === 'String') {
        const v = this.strings[t++];
        if (present) (props as Record<string, unknown>)[key] = v;
      } else if (present) props[key] = ((bits >>> valueShift) & 1) === 1;
    }
    return props;
  }

  /** Where each parcel's shape and positions start, found when first wanted. */
  private starts(): { shape: Int32Array; coord: Int32Array } {
    if (this.at) return this.at;
    const shapeAt = new Int32Array(this.count);
    const coordAt = new Int32Array(this.count);
    const s = this.packed.shape;
    let i = 0;
    let c = 0;
    for (let k = 0; k < this.count; k++) {
      shapeAt[k] = i;
      coordAt[k] = c;
      const polygons = s[i + 1] as number;
      let ringCount = 0;
      for (let p = 0; p < polygons; p++) ringCount += s[i + 2 + p] as number;
      const ringsAt = i + 2 + polygons;
      for (let r = 0; r < ringCount; r++) c += s[ringsAt + r] as number;
      i = ringsAt + ringCount;
    }
    this.at = { shape: shapeAt, coord: coordAt };
    return this.at;
  }
}

/** The parcels' tile features (geometry and the properties the map reads), packed where made, read where they are once joined. */
export const featureSink: Sink<true, PackedFeatures, JoinedFeatures> = {
  writer() {
    const packer = new FeaturePacker();
    return { add: (r, parcel) => packer.add(tileFeature(r, parcel.geometry)), finish: () => packer.pack() };
  },
  transfer: packedBuffers,
  joiner() {
    const joined = new JoinedFeatures();
    return {
      add(part, keep, boxes) {
        for (let k = 0; k < part.bits.length; k++) if (!keep || keep[k] === 1) joined.take(part, boxes, k);
      },
      finish: () => joined,
    };
  },
};

/** The kept parcels' tile features of every part, in file order (a dropped parcel's left out), read where they are. */
export class JoinedFeatures implements TileFeatureSource {
  /** each part's features and boxes ([minX, minY, maxX, maxY] per parcel) */
  private readonly parts: { packed: PackedFeatures; reader: PackedReader; bboxes: Float64Array }[] = [];
  /** per kept parcel, its part and its index there */
  private readonly part: number[] = [];
  private readonly index: number[] = [];
  /** per kept parcel, the dated columns its date-dependent properties are made from, when set after the join (setDated) */
  private dated: Pick<DatedColumns, 'flags' | 'idleStatus' | 'idleYears' | 'stage' | 'gradeCity'> | null = null;

  get count(): number {
    return this.part.length;
  }

  /**
   * The kept parcels' date-dependent properties from the table's dated columns (copied: the table's go to the page):
   * the grades, known once every part is joined, and then again for each new as-of date.
   */
  setDated(d: DatedColumns): void {
    this.dated = {
      flags: d.flags.slice(),
      idleStatus: d.idleStatus.slice(),
      idleYears: d.idleYears.slice(),
      stage: d.stage.slice(),
      gradeCity: d.gradeCity.slice(),
    };
  }

  /** Keeps parcel k of a part. */
  take(packed: PackedFeatures, bboxes: Float64Array, k: number): void {
    if (this.parts.at(-1)?.packed !== packed) this.parts.push({ packed, reader: new PackedReader(packed), bboxes });
    this.part.push(this.parts.length - 1);
    this.index.push(k);
  }

  feature(k: number): TileFeature {
    const f = this.at(k).reader.feature(this.index[k] as number);
    const d = this.dated;
    if (!d) return f;
    const g = d.gradeCity[k] as number;
    const dated = MAP_PROPS.dated({
      flags: flagsOfBits(d.flags[k] as number),
      idle: { status: IDLE_STATUSES[d.idleStatus[k] as number] as IdleStatus, years: Number.isNaN(d.idleYears[k]) ? null : (d.idleYears[k] as number) },
      stage: STAGES[d.stage[k] as number] as Stage,
      cityGrade: g === NONE ? null : (GRADES[g] as Grade),
    });
    // the properties again in the fields' order (the tiles' bytes follow it), the dated ones in their places
    const props: TileFeature['properties'] = {};
    for (const key of Object.keys(MAP_PROP_FIELDS)) {
      const v = key in dated ? dated[key] : f.properties[key];
      if (v !== undefined) props[key] = v;
    }
    return { ...f, properties: props };
  }

  bbox(k: number): Bbox {
    const i = (this.index[k] as number) * 4;
    return Array.from(this.at(k).bboxes.subarray(i, i + 4)) as Bbox;
  }

  private at(k: number) {
    return this.parts[this.part[k] as number] as (typeof this.parts)[number];
  }
}
