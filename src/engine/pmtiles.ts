import { gzipSync } from 'node:zlib';
import { Compression, TileType, zxyToTileId } from 'pmtiles';
import type { TileOutput } from './tiles';

/**
 * One PMTiles v3 archive (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md) of the parcel tiles: a
 * single file any static server can serve with range requests, read in the app by the pmtiles library's MapLibre
 * protocol. The pmtiles package reads archives only; the writing below follows the spec (header, a root directory
 * and leaf directories when needed, varint columns, gzip), uses the package's Hilbert tile ids, and is checked in
 * tests by reading the archive back with the package's own reader.
 */
export interface PmtilesOptions {
  minZoom: number;
  maxZoom: number;
  /** [west, south, east, north] in degrees */
  bounds: [number, number, number, number];
  /** the vector layer's name and the fields its features carry, for the archive's metadata */
  layer: { id: string; fields: Record<string, string> };
  name: string;
  /** entries per leaf directory when the root alone would not fit (tests set it small) */
  leafSize?: number;
}

const HEADER_BYTES = 127;
/** The spec keeps the header and root directory within the first 16 KiB; more tiles go to leaf directories. */
const ROOT_LIMIT = 16384 - HEADER_BYTES;

/**
 * The root directory, and leaf directories when the root alone would exceed ROOT_LIMIT: the entries are cut into
 * leaves of `leafSize`, and the root then lists each leaf (run length 0, offset into the leaf section) — spec §4.
 */
function directories(entries: DirEntry[], leafSize?: number): { root: Uint8Array; leaves: Uint8Array } {
  const root = gzipSync(serializeDirectory(entries));
  if (root.length <= ROOT_LIMIT && leafSize === undefined) return { root, leaves: new Uint8Array(0) };
  for (let size = leafSize ?? 4096; ; size = Math.ceil(size * 1.2)) {
    const parts: Uint8Array[] = [];
    const rootEntries: DirEntry[] = [];
    let offset = 0;
    for (let i = 0; i < entries.length; i += size) {
      const chunk = entries.slice(i, i + size);
      const leaf = gzipSync(serializeDirectory(chunk));
      rootEntries.push({ tileId: (chunk[0] as DirEntry).tileId, offset, length: leaf.length, runLength: 0 });
      parts.push(leaf);
      offset += leaf.length;
    }
    const leafRoot = gzipSync(serializeDirectory(rootEntries));
    if (leafRoot.length <= ROOT_LIMIT) {
      const leaves = new Uint8Array(offset);
      let at = 0;
      for (const p of parts) {
        leaves.set(p, at);
        at += p.length;
      }
      return { root: leafRoot, leaves };
    }
  }
}

/** A tile with its bytes gzip-compressed, as the archive stores them (done where the tile was cut, on any thread). */
export function gzipped(t: TileOutput): TileOutput {
  return t.gzipped ? t : { ...t, bytes: gzipSync(t.bytes), gzipped: true };
}

export function writePmtiles(tiles: Iterable<TileOutput>, opts: PmtilesOptions): Uint8Array {
  const entries: { tileId: number; data: Uint8Array }[] = [];
  for (const t of tiles) {
    const [z, x, y] = t.path
      .replace(/\.pbf$/, '')
      .split('/')
      .map(Number) as [number, number, number];
    entries.push({ tileId: zxyToTileId(z, x, y), data: gzipped(t).bytes });
  }
  entries.sort((a, b) => a.tileId - b.tileId);
  let offset = 0;
  const dir = entries.map((e) => {
    const d = { tileId: e.tileId, offset, length: e.data.length, runLength: 1 };
    offset += e.data.length;
    return d;
  });
  const { root, leaves } = directories(dir, opts.leafSize);
  const metadata = gzipSync(
    new TextEncoder().encode(
      JSON.stringify({
        name: opts.name,
        format: 'pbf',
        vector_layers: [{ id: opts.layer.id, fields: opts.layer.fields, minzoom: opts.minZoom, maxzoom: opts.maxZoom }],
      }),
    ),
  );
  const tileBytes = offset;
  const out = new Uint8Array(HEADER_BYTES + root.length + metadata.length + leaves.length + tileBytes);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode('PMTiles'), 0);
  out[7] = 3;
  const u64 = (at: number, v: number) => view.setBigUint64(at, BigInt(v), true);
  const rootOffset = HEADER_BYTES;
  const metadataOffset = rootOffset + root.length;
  const leafOffset = metadataOffset + metadata.length;
  const tileOffset = leafOffset + leaves.length;
  u64(8, rootOffset);
  u64(16, root.length);
  u64(24, metadataOffset);
  u64(32, metadata.length);
  u64(40, leafOffset);
  u64(48, leaves.length);
  u64(56, tileOffset);
  u64(64, tileBytes);
  u64(72, entries.length); // addressed tiles
  u64(80, entries.length); // tile entries
  u64(88, entries.length); // tile contents
  out[96] = 1; // clustered: tile data in tile-id order
  out[97] = Compression.Gzip; // internal (directories, metadata)
  out[98] = Compression.Gzip; // tiles
  out[99] = TileType.Mvt;
  out[100] = opts.minZoom;
  out[101] = opts.maxZoom;
  const e7 = (v: number) => Math.round(v * 1e7);
  const [w, s, e, n] = opts.bounds;
  view.setInt32(102, e7(w), true);
  view.setInt32(106, e7(s), true);
  view.setInt32(110, e7(e), true);
  view.setInt32(114, e7(n), true);
  out[118] = opts.minZoom; // centre zoom
  view.setInt32(119, e7((w + e) / 2), true);
  view.setInt32(123, e7((s + n) / 2), true);
  out.set(root, rootOffset);
  out.set(metadata, metadataOffset);
  out.set(leaves, leafOffset);
  let at = tileOffset;
  for (const t of entries) {
    out.set(t.data, at);
    at += t.data.length;
  }
  return out;
}

interface DirEntry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

/** Spec §4: entry count, then columns of tile-id deltas, run lengths, lengths and offsets (0 = contiguous), as varints. */
function serializeDirectory(entries: DirEntry[]): Uint8Array {
  const bytes: number[] = [];
  const varint = (v: number) => {
    let n = v;
    while (n >= 0x80) {
      bytes.push((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    bytes.push(n);
  };
  varint(entries.length);
  let last = 0;
  for (const e of entries) {
    varint(e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) varint(e.runLength);
  for (const e of entries) varint(e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    varint(i > 0 && prev && e.offset === prev.offset + prev.length ? 0 : e.offset + 1);
  });
  return Uint8Array.from(bytes);
}
