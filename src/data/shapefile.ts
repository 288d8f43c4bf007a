import { unzipSync } from 'fflate';
import type { MultiPolygon, Polygon } from 'geojson';
import { crsOfPrj, type PrjCrs } from '../geo/prj';
import { type DbfValue, fieldOffsets, fieldValue, readDbf } from './dbf';
import { type Problem, problem, quoted } from './problem';
import { readShp, SHAPE_TYPE_NAMES } from './shp';
import {
  decoderOf,
  detectEncoding,
  type EncodingChoice,
  encodingOfLanguageDriver,
  encodingOfName,
  type ImportEncoding,
  replacementCount,
} from './textEncodings';

/** A file given to the import: its name (as the user's system gave it) and its bytes. */
export interface ImportFile {
  name: string;
  bytes: Uint8Array;
}

/** One Shapefile's members, found by their common name: the .shp, and the .dbf, .prj, .cpg beside it when there. */
export interface ShapefileParts {
  /** the name the members share, with the folder it lies in inside a zip ("宗地/ZD") */
  name: string;
  shp: ImportFile;
  dbf: ImportFile | null;
  prj: ImportFile | null;
  cpg: ImportFile | null;
}

/**
 * The bytes a zip may hold once unpacked, and the most any import reads: a browser tab holds its data in memory, and
 * a county's cadastre (some 100,000 parcels) is well under this as a Shapefile. A larger archive is refused before it
 * is unpacked (what its directory says), so a zip bomb costs nothing.
 */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

/** What the user gave, unpacked: Shapefiles (by name), GeoJSON files, and the problems of the archive. */
export interface UnpackedFiles {
  shapefiles: ShapefileParts[];
  geojson: ImportFile[];
  problems: Problem[];
}

const ext = (name: string) => /\.([^./]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
const stem = (name: string) => name.replace(/\.[^./]+$/, '');

/**
 * Unpacks what the user gave (zips, or a .shp with its siblings, or GeoJSON) into Shapefiles and GeoJSON files. A zip
 * that cannot be read (cut short, damaged, not a zip) is an error naming it; a name written in GBK without the zip's
 * UTF-8 flag (Windows' own zip tool does that) is read as GBK.
 */
export function unpackFiles(given: readonly ImportFile[]): UnpackedFiles {
  const problems: Problem[] = [];
  const loose: ImportFile[] = [];
  for (const f of given) {
    if (ext(f.name) !== 'zip') {
      loose.push(f);
      continue;
    }
    const fail = (variant: string, params: Record<string, string | number> = {}) =>
      problems.push(problem({ file: f.name, severity: 'error', category: 'file', code: 'bad-zip', params: { variant, ...params } }));
    let total = 0;
    let tooLarge = false;
    try {
      const entries = unzipSync(f.bytes, {
        filter: (info) => {
          if (info.name.endsWith('/') || /(^|\/)__MACOSX\//.test(info.name)) return false;
          total += info.originalSize;
          if (total > MAX_IMPORT_BYTES) tooLarge = true;
          return !tooLarge;
        },
      });
      if (tooLarge) {
        fail('too-large', { limitMiB: MAX_IMPORT_BYTES / 1024 / 1024 });
        continue;
      }
      for (const [name, bytes] of Object.entries(entries)) loose.push({ name: `${f.name}/${zipName(name)}`, bytes });
    } catch (e) {
      fail(tooLarge ? 'too-large' : 'damaged', { detail: quoted((e as Error).message), limitMiB: MAX_IMPORT_BYTES / 1024 / 1024 });
    }
  }
  const byStem = new Map<string, Partial<Record<'shp' | 'dbf' | 'prj' | 'cpg', ImportFile>>>();
  const geojson: ImportFile[] = [];
  for (const f of loose) {
    const e = ext(f.name);
    if (e === 'shp' || e === 'dbf' || e === 'prj' || e === 'cpg') {
      const key = stem(f.name);
      const parts = byStem.get(key) ?? {};
      parts[e] = f;
      byStem.set(key, parts);
    } else if (e === 'geojson' || e === 'json') geojson.push(f);
  }
  const shapefiles: ShapefileParts[] = [];
  for (const [name, p] of byStem) {
    if (p.shp) shapefiles.push({ name, shp: p.shp, dbf: p.dbf ?? null, prj: p.prj ?? null, cpg: p.cpg ?? null });
    else if (p.dbf)
      problems.push(
        problem({ file: p.dbf.name, severity: 'warning', category: 'file', code: 'shapefile-part-alone', params: { missing: `${baseName(name)}.shp` } }),
      );
  }
  shapefiles.sort((a, b) => a.name.localeCompare(b.name));
  return { shapefiles, geojson, problems };
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * A zip entry's name as text: fflate reads a name without the UTF-8 flag as Latin-1 (one character per byte), which
 * gives its bytes back; those that are not UTF-8 are read as GBK.
 */
function zipName(name: string): string {
  if (!/[\u0080-\u00ff]/.test(name)) return name;
  const bytes = Uint8Array.from(name, (c) => c.charCodeAt(0) & 0xff);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gbk').decode(bytes);
  }
}

/** A feature of a Shapefile: its record number (FID, 0-based), geometry in the file's coordinates, attributes. */
export interface ShapefileFeature {
  fid: number;
  geometry: Polygon | MultiPolygon | null;
  properties: Record<string, DbfValue>;
}

export interface ShapefileRead {
  /** the attribute fields in their order, names decoded */
  fields: { name: string; type: string }[];
  features: ShapefileFeature[];
  encoding: EncodingChoice;
  /** what the .prj says, or null without one */
  prj: PrjCrs | null;
  problems: Problem[];
}

export interface ShapefileOptions {
  /** the user's choice of the attributes' encoding (else .cpg, language byte, the bytes: textEncodings.ts) */
  encoding?: ImportEncoding | null;
}

/**
 * Reads one Shapefile: geometry from the .shp, attributes from the .dbf in the encoding found (see
 * textEncodings.ts), what the .prj says. Records are paired by number; every problem names the file and the record.
 */
export function readShapefile(parts: ShapefileParts, opts: ShapefileOptions = {}): ShapefileRead {
  const problems: Problem[] = [];
  const add = (
    file: string,
    severity: Problem['severity'],
    code: string,
    params: Record<string, string | number> = {},
    featureIndex?: number,
    property?: string,
  ) => problems.push(problem({ file, severity, category: 'file', code, params, featureIndex: featureIndex ?? null, property: property ?? null }));
  const none = (encoding: EncodingChoice): ShapefileRead => ({ fields: [], features: [], encoding, prj: null, problems });

  const shp = readShp(parts.shp.bytes);
  if ('failure' in shp) {
    add(parts.shp.name, 'error', 'bad-shp', {
      variant: shp.failure,
      type: shp.shapeType !== undefined ? (SHAPE_TYPE_NAMES[shp.shapeType] ?? String(shp.shapeType)) : '',
    });
    return none({ encoding: 'utf-8', from: 'ascii' });
  }
  if (shp.truncatedAfter !== null) add(parts.shp.name, 'error', 'truncated', { variant: 'shp', count: shp.truncatedAfter });

  // the .prj
  let prj: PrjCrs | null = null;
  if (parts.prj) {
    prj = crsOfPrj(new TextDecoder().decode(parts.prj.bytes));
    if (prj.kind === 'unreadable') add(parts.prj.name, 'error', 'bad-prj', { detail: quoted(prj.detail) });
  }

  // the .dbf and its encoding
  const dbf = parts.dbf ? readDbf(parts.dbf.bytes) : null;
  if (!parts.dbf) add(parts.shp.name, 'warning', 'no-dbf', { name: `${baseName(parts.name)}.dbf` });
  if (dbf && 'failure' in dbf) add((parts.dbf as ImportFile).name, 'error', 'bad-dbf', { variant: dbf.failure, detail: dbf.detail ?? '' });
  const table = dbf && !('failure' in dbf) ? dbf : null;
  if (table?.truncatedAfter != null) add((parts.dbf as ImportFile).name, 'error', 'truncated', { variant: 'dbf', count: table.truncatedAfter });
  const encoding: EncodingChoice = opts.encoding ? { encoding: opts.encoding, from: 'option' } : encodingFor(parts, table, problems);
  const decode = decoderOf(encoding.encoding);
  // (a writer that cut a UTF-8 name to 10 bytes may have cut a character in two: its broken end is dropped)
  const fields = (table?.fields ?? []).map((f) => ({
    name: decode(f.nameBytes)
      .replace(/\ufffd+$/, '')
      .trim(),
    type: f.type,
  }));
  const offsets = fieldOffsets(table?.fields ?? []);
  const dbfName = parts.dbf?.name ?? '';
  const byFid = new Map((table?.records ?? []).map((r) => [r.fid, r.bytes]));
  const announced = table ? Math.min(table.announced, table.truncatedAfter ?? table.announced) : shp.records.length;
  if (table && announced !== shp.records.length && shp.truncatedAfter === null && table.truncatedAfter === null)
    add(dbfName, 'warning', 'record-count', { shp: shp.records.length, dbf: announced });

  const features: ShapefileFeature[] = [];
  shp.records.forEach((record, fid) => {
    const properties: Record<string, DbfValue> = {};
    const bytes = byFid.get(fid);
    if (table && !bytes) {
      // deleted in the .dbf (or past its end): the record is not a feature
      if (fid < announced) return;
    }
    if (table && bytes)
      table.fields.forEach((f, k) => {
        const name = fields[k]?.name as string;
        const v = fieldValue(bytes, offsets[k] as number, f, decode);
        if (v !== null && typeof v === 'object') add(dbfName, 'warning', 'bad-dbf-value', { value: quoted(v.bad), type: f.type }, fid, name);
        else properties[name] = v;
        if (typeof v === 'string' && replacementCount(v) > 0)
          add(dbfName, 'warning', 'replacement-characters-in', { count: replacementCount(v), encoding: encoding.encoding.toUpperCase() }, fid, name);
      });
    if (record.kind === 'bad') {
      add(parts.shp.name, 'error', 'bad-shp-record', { variant: record.reason, detail: record.detail }, fid);
      features.push({ fid, geometry: null, properties });
      return;
    }
    if (record.kind === 'polygon' && record.windingDisagrees > 0) add(parts.shp.name, 'warning', 'ring-order', { count: record.windingDisagrees }, fid);
    features.push({ fid, geometry: record.kind === 'polygon' ? record.geometry : null, properties });
  });
  return { fields, features, encoding, prj: prj?.kind === 'unreadable' ? null : prj, problems };
}

/** The attributes' encoding: the user's, the .cpg's, the language byte's, or told from the bytes (textEncodings.ts). */
function encodingFor(parts: ShapefileParts, table: ReturnType<typeof readDbf> | null, problems: Problem[]): EncodingChoice {
  const dbf = table && !('failure' in table) ? table : null;
  if (parts.cpg) {
    const stated = new TextDecoder().decode(parts.cpg.bytes).trim();
    const enc = encodingOfName(stated);
    if (enc) return { encoding: enc, from: 'cpg', stated };
    problems.push(problem({ file: parts.cpg.name, severity: 'warning', category: 'file', code: 'unknown-encoding', params: { stated: quoted(stated) } }));
  }
  if (dbf) {
    const enc = encodingOfLanguageDriver(dbf.languageDriver);
    if (enc) return { encoding: enc, from: 'language-driver', stated: `0x${dbf.languageDriver.toString(16).toUpperCase().padStart(2, '0')}` };
    const texts: Uint8Array[] = dbf.fields.map((f) => f.nameBytes);
    const offsets = fieldOffsets(dbf.fields);
    for (const r of dbf.records)
      dbf.fields.forEach((f, k) => {
        if (f.type === 'C') texts.push(r.bytes.subarray(offsets[k] as number, (offsets[k] as number) + f.length));
      });
    return detectEncoding(texts);
  }
  return { encoding: 'utf-8', from: 'ascii' };
}
