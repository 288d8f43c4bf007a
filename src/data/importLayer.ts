import type { MultiPolygon, Polygon } from 'geojson';
import { type Bounds, type CrsOptions, coordinateBounds, detectCrs, type OffsetSystem } from '../geo/crs';
import type { PrjCrs } from '../geo/prj';
import { CONTRACT_PROPERTIES } from './contract';
import { scanFeatureCollection } from './featureScan';
import { objectSource, openFeatureLayer, type PolygonLayerReader } from './geojson';
import { type JoinReport, type JoinSpec, joinTable, type ParcelJoin } from './join';
import {
  convertValue,
  type FieldMapping,
  guessMapping,
  MAPPING_TARGETS,
  type MappingTarget,
  type SourceField,
  suggestedUnit,
  TARGET_KINDS,
  type Unit,
} from './mapping';
import { type Problem, problem, quoted } from './problem';
import { ProblemList } from './problemList';
import { type ImportFile, readShapefile, unpackFiles } from './shapefile';
import { readTable, type Table } from './table';
import type { EncodingChoice, ImportEncoding } from './textEncodings';

/**
 * An import: the officer's files (a zipped Shapefile, a .shp with its siblings, or a GeoJSON; a table to join) read
 * into the features the GeoJSON reader checks (geojson.ts `openFeatureLayer`), with their properties mapped to the
 * parcel contract (mapping.ts) and the table's values joined (join.ts). Everything after the reader (the contract,
 * the analysis, the sinks) is the same as for a dataset folder. The app (its import worker and its analysis session)
 * and the CLI call the same functions, so they give the same problems.
 */
export interface ImportSources {
  parcels: ImportFile[];
  table?: ImportFile | null;
}

/** The coordinate system the user states (the preview's select, the CLI's --crs): an EPSG code ParkAtlas reads, or GCJ-02 / BD-09. */
export type StatedCrs = { epsg: number } | { offset: OffsetSystem };

export interface ImportSettings {
  /** the parcels' attribute encoding (a Shapefile's .dbf); default: .cpg, language byte, the bytes */
  encoding?: ImportEncoding | null;
  /** the table's encoding (a CSV); default: byte order mark, the bytes */
  tableEncoding?: ImportEncoding | null;
  /** the coordinates' CRS; default: the .prj's, else told from the numbers */
  crs?: StatedCrs | null;
  /** the Shapefile to read when several are given (its name as `ImportRead.layers` lists it); default the first */
  layer?: string | null;
  /** the sheet of an .xlsx table; default the first */
  sheet?: string | null;
  /** the mapping; null or absent: the preset's guess */
  mapping?: FieldMapping | null;
  join?: JoinSpec | null;
}

/** A feature as read from the source, before mapping: its index (a Shapefile's FID), attributes, geometry as written. */
export interface SourceFeature {
  index: number;
  properties: Record<string, unknown>;
  geometry: Polygon | MultiPolygon | null;
  /** the source's element when it is not a feature object (a GeoJSON's broken element, handed to the reader as it is) */
  raw?: unknown;
}

/** The sources read: what the preview shows and what `assembleImport` maps. */
export interface ImportRead {
  /** the name problems of the parcels give (the .shp inside its zip, or the GeoJSON) */
  file: string;
  kind: 'shapefile' | 'geojson' | 'none';
  /** the Shapefiles found (several in one zip: the user picks) */
  layers: string[];
  encoding: EncodingChoice | null;
  /** what the .prj said, when there is one */
  prj: PrjCrs | null;
  /** a GeoJSON's "crs" member */
  crsMember: unknown;
  fields: string[];
  features: SourceFeature[];
  table: Table | null;
  problems: Problem[];
}

const none = (problems: Problem[], table: Table | null = null): ImportRead => ({
  file: '',
  kind: 'none',
  layers: [],
  encoding: null,
  prj: null,
  crsMember: null,
  fields: [],
  features: [],
  table,
  problems,
});

/** Reads the user's files (no mapping yet): the parcels' source and the table. */
export async function readImport(sources: ImportSources, settings: ImportSettings = {}): Promise<ImportRead> {
  const table = sources.table ? await readTable(sources.table, { encoding: settings.tableEncoding, sheet: settings.sheet }) : null;
  const unpacked = unpackFiles(sources.parcels);
  const problems = [...unpacked.problems];
  const layers = unpacked.shapefiles.map((s) => s.name);
  if (unpacked.shapefiles.length > 0) {
    const chosen = unpacked.shapefiles.find((s) => s.name === settings.layer) ?? (unpacked.shapefiles[0] as (typeof unpacked.shapefiles)[0]);
    if (layers.length > 1 && !settings.layer)
      problems.push(
        problem({
          file: chosen.shp.name,
          severity: 'warning',
          category: 'file',
          code: 'other-layers',
          params: { others: layers.filter((l) => l !== chosen.name).join(', ') },
        }),
      );
    const shp = readShapefile(chosen, { encoding: settings.encoding });
    problems.push(...shp.problems, ...(table?.problems ?? []));
    return {
      file: chosen.shp.name,
      kind: 'shapefile',
      layers,
      encoding: shp.encoding,
      prj: shp.prj,
      crsMember: null,
      fields: shp.fields.map((f) => f.name),
      features: shp.features.map((f) => ({ index: f.fid, properties: f.properties, geometry: f.geometry })),
      table,
      problems,
    };
  }
  const json = unpacked.geojson[0];
  if (!json) {
    if (unpacked.problems.length === 0)
      problems.push(problem({ file: sources.parcels.map((f) => f.name).join(', ') || '—', severity: 'error', category: 'file', code: 'nothing-to-import' }));
    return none([...problems, ...(table?.problems ?? [])], table);
  }
  return { ...readGeoJsonSource(json), table, problems: [...problems, ...(table?.problems ?? [])] };
}

/** A GeoJSON's features as source features (scanned one by one: a file cut short keeps the features before the cut). */
function readGeoJsonSource(f: ImportFile): Omit<ImportRead, 'table' | 'problems'> {
  const scanned = scanFeatureCollection(f.bytes);
  const features: SourceFeature[] = [];
  const fields = new Set<string>();
  let crsMember: unknown = null;
  if (scanned) {
    crsMember = scanned.root.crs ?? null;
    for (let i = 0; i < scanned.count; i++) {
      let raw: unknown;
      try {
        raw = scanned.element(i);
      } catch {
        raw = undefined;
      }
      const obj = raw as { properties?: unknown; geometry?: unknown } | null;
      const props =
        obj && typeof obj === 'object' && obj.properties && typeof obj.properties === 'object' && !Array.isArray(obj.properties)
          ? (obj.properties as Record<string, unknown>)
          : null;
      if (props) for (const k of Object.keys(props)) fields.add(k);
      features.push({ index: i, properties: props ?? {}, geometry: (obj?.geometry as Polygon | MultiPolygon | null) ?? null, raw: props ? undefined : raw });
    }
  }
  return { file: f.name, kind: 'geojson', layers: [], encoding: null, prj: null, crsMember, fields: [...fields], features };
}

/** The source fields with sample values, as the mapping step shows them. */
export function sourceFields(read: ImportRead, samples = 5): SourceField[] {
  const sample = (values: Iterable<unknown>) => {
    const out: unknown[] = [];
    const seen = new Set<string>();
    for (const v of values) {
      if (v === null || v === undefined || v === '') continue;
      const k = String(v);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(v);
      if (out.length >= samples) break;
    }
    return out;
  };
  const parcels = read.fields.map((name) => ({ source: 'parcels' as const, name, samples: sample(read.features.map((f) => f.properties[name])) }));
  const table =
    read.table?.columns.map((name, i) => ({ source: 'table' as const, name, samples: sample(read.table?.rows.map((r) => r.values[i]) ?? []) })) ?? [];
  return [...parcels, ...table];
}

/** A mapped feature, as the reader takes it. */
type MappedFeature = { type: 'Feature'; properties: Record<string, unknown>; geometry: Polygon | MultiPolygon | null } | unknown;

/** What assembling gives: the layer's features and problems, the mapping used, the join's report, the CRS options. */
export interface AssembledImport {
  features: MappedFeature[];
  mapping: FieldMapping;
  join: JoinReport | null;
  /** units the values suggest instead of those declared, by target */
  unitHints: Partial<Record<MappingTarget, Unit>>;
  crs: CrsOptions;
  /** where the CRS came from: the user, the .prj, or the numbers */
  crsFrom: 'option' | 'prj' | 'detected';
  /** the .prj contradicts the numbers: no feature is read */
  crsMismatch: boolean;
  problems: Problem[];
}

/** How many of a kind of mapping problem are listed per field (a column of bad values is one mistake, said a few times and counted). */
const VALUE_PROBLEMS_PER_FIELD = 20;

/**
 * Maps the source features' properties to the contract and joins the table: the features as the reader takes them
 * (geometry as written: the reader reprojects), and the problems of the mapping and the join, each naming the file,
 * the feature (index and id) or the table's row, the field and the value.
 */
export function assembleImport(read: ImportRead, settings: ImportSettings = {}): AssembledImport {
  const problems: Problem[] = [];
  const fields = sourceFields(read, 1);
  const tableSpec = settings.join && read.table ? settings.join : null;
  const exclude = tableSpec ? fields.filter((f) => f.source === 'table' && f.name === tableSpec.tableKey) : [];
  const mapping = settings.mapping ?? guessMapping(fields, exclude);
  const table = read.table;
  // the mapping's fields must exist
  for (const [target, src] of Object.entries(mapping) as [MappingTarget, NonNullable<FieldMapping[MappingTarget]>][]) {
    const known = src.source === 'table' ? (table?.columns.includes(src.field) ?? false) : read.fields.includes(src.field);
    if (!known)
      problems.push(
        problem({
          file: src.source === 'table' ? (table?.file ?? read.file) : read.file,
          property: target,
          severity: 'warning',
          category: 'file',
          code: 'mapped-field-missing',
          params: { variant: src.source === 'table' && !table ? 'no-table' : src.source, field: quoted(src.field), target: { key: `target.${target}` } },
        }),
      );
  }

  // the join
  let byParcel: Map<number, ParcelJoin> | null = null;
  let joinReport: JoinReport | null = null;
  if (tableSpec && table && read.kind !== 'none') {
    const keyField = tableSpec.key;
    if (!read.fields.includes(keyField) && keyField !== 'id')
      problems.push(
        problem({ file: read.file, severity: 'error', category: 'file', code: 'join-key-missing', params: { variant: 'parcels', field: quoted(keyField) } }),
      );
    if (!table.columns.includes(tableSpec.tableKey))
      problems.push(
        problem({
          file: table.file,
          severity: 'error',
          category: 'file',
          code: 'join-key-missing',
          params: { variant: 'table', field: quoted(tableSpec.tableKey) },
        }),
      );
    else {
      // the parcels' key: the field as written, or the mapped id
      const idSource = mapping.id?.source === 'parcels' ? mapping.id.field : null;
      const keyOf = (f: SourceFeature) => (f.properties[keyField] ?? (keyField === 'id' && idSource ? f.properties[idSource] : undefined)) as never;
      const joined = joinTable(
        read.features.map((f) => ({ index: f.index, key: keyOf(f), geometry: f.geometry })),
        table,
        tableSpec,
      );
      byParcel = joined.byParcel;
      joinReport = joined.report;
      problems.push(...joinProblems(joined.report, read.file, table.file));
    }
  }

  // the table's values, checked once per row (whether a parcel has the row or not: the officer fixes the table)
  const tableTargets = (Object.entries(mapping) as [MappingTarget, NonNullable<FieldMapping[MappingTarget]>][]).filter(
    ([, s]) => s.source === 'table' && table?.columns.includes(s.field),
  );
  const convertedRows: Map<MappingTarget, (string | number | boolean | null)[]> = new Map();
  const perField = new Map<string, number>();
  const countOf = (key: string) => {
    const n = (perField.get(key) ?? 0) + 1;
    perField.set(key, n);
    return n;
  };
  if (table)
    for (const [target, src] of tableTargets) {
      const col = table.columns.indexOf(src.field);
      convertedRows.set(
        target,
        table.rows.map((r) => {
          const c = convertValue(target, r.values[col], src.unit);
          if ('rule' in c) {
            if (countOf(`table\u0000${src.field}`) <= VALUE_PROBLEMS_PER_FIELD)
              problems.push(
                problem({
                  file: table.file,
                  property: src.field,
                  severity: 'warning',
                  category: 'contract',
                  code: 'bad-cell',
                  params: { row: r.row, column: quoted(src.field), value: quoted(String(r.values[col])), rule: { key: `valueRule.${c.rule}` }, target },
                }),
              );
            return null;
          }
          return c.value;
        }),
      );
    }

  // the features
  const parcelTargets = (Object.entries(mapping) as [MappingTarget, NonNullable<FieldMapping[MappingTarget]>][]).filter(([, s]) => s.source === 'parcels');
  const mappedFields = new Set(parcelTargets.map(([, s]) => s.field));
  const reserved = new Set<string>(['id', ...CONTRACT_PROPERTIES]);
  const notes = new Map<string, number>();
  const features: MappedFeature[] = read.features.map((f) => {
    if (f.raw !== undefined) return f.raw;
    const props: Record<string, unknown> = {};
    // the source's other fields are kept under their names (but those the contract uses, which the mapping decides)
    for (const [k, v] of Object.entries(f.properties)) if (!mappedFields.has(k) && !reserved.has(k)) props[k] = v;
    const idValue = mapping.id?.source === 'parcels' ? f.properties[mapping.id.field] : undefined;
    const featureId = idValue == null ? null : String(idValue);
    for (const [target, src] of parcelTargets) {
      if (!(src.field in f.properties)) continue;
      const raw = f.properties[src.field];
      const c = convertValue(target, raw, src.unit);
      if ('rule' in c) {
        if (countOf(`parcels\u0000${src.field}`) <= VALUE_PROBLEMS_PER_FIELD)
          problems.push(
            problem({
              file: read.file,
              featureIndex: f.index,
              featureId,
              property: src.field,
              severity: 'warning',
              category: 'contract',
              code: 'bad-field-value',
              params: { value: quoted(String(raw)), rule: { key: `valueRule.${c.rule}` }, target },
            }),
          );
        continue;
      }
      if (c.note) notes.set(`${src.field}\u0000${c.note}`, (notes.get(`${src.field}\u0000${c.note}`) ?? 0) + 1);
      if (c.value !== null) props[target] = c.value;
    }
    const joined = byParcel?.get(f.index);
    if (joined)
      for (const [target] of tableTargets) {
        const v = convertedRows.get(target)?.[joined.rowIndex] ?? null;
        if (v === null) continue;
        const kind = TARGET_KINDS[target];
        // an enterprise's figures shared among its parcels by area (see join.ts)
        props[target] = (kind === 'money' || kind === 'area') && joined.share !== 1 ? Number(((v as number) * joined.share).toPrecision(12)) : v;
      }
    return { type: 'Feature', properties: props, geometry: f.geometry };
  });
  for (const [key, count] of notes) {
    const [field] = key.split('\u0000');
    problems.push(
      problem({
        file: read.file,
        property: field ?? null,
        severity: 'warning',
        category: 'contract',
        code: 'land-use-2007',
        params: { count, field: quoted(field ?? '') },
      }),
    );
  }
  for (const [field, n] of perField)
    if (n > VALUE_PROBLEMS_PER_FIELD) {
      const [source, name] = field.split('\u0000');
      problems.push(
        problem({
          file: source === 'table' ? (table?.file ?? read.file) : read.file,
          property: name ?? null,
          severity: 'warning',
          category: 'contract',
          code: 'more-bad-values',
          params: { count: n - VALUE_PROBLEMS_PER_FIELD, field: quoted(name ?? '') },
        }),
      );
    }

  // units the values suggest
  const unitHints: Partial<Record<MappingTarget, Unit>> = {};
  for (const target of MAPPING_TARGETS) {
    const src = mapping[target];
    if (!src || (TARGET_KINDS[target] !== 'money' && TARGET_KINDS[target] !== 'area')) continue;
    const values: number[] = [];
    const surveyed: (number | null)[] = [];
    for (const f of read.features) {
      const raw = src.source === 'parcels' ? f.properties[src.field] : undefined;
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN;
      if (Number.isFinite(n)) {
        values.push(n);
        surveyed.push(read.prj?.kind === 'epsg' || read.prj?.kind === 'proj4' ? Math.abs(areaInUnits(f.geometry)) : null);
      }
    }
    if (src.source === 'table' && table) {
      const col = table.columns.indexOf(src.field);
      for (const r of table.rows) {
        const n = Number(r.values[col]);
        if (Number.isFinite(n)) values.push(n);
      }
    }
    const hint = suggestedUnit(target, src.unit, values, surveyed);
    if (hint) {
      unitHints[target] = hint;
      problems.push(
        problem({
          file: src.source === 'table' ? (table?.file ?? read.file) : read.file,
          property: src.field,
          severity: 'warning',
          category: 'contract',
          code: 'unit-suspect',
          params: {
            field: quoted(src.field),
            declared: { key: `amountUnit.${src.unit ?? (TARGET_KINDS[target] === 'money' ? 'wanYuan' : 'm2')}` },
            suggested: { key: `amountUnit.${hint}` },
          },
        }),
      );
    }
  }

  const { crs, from, mismatch } = crsOptionsOf(read, settings, problems);
  return { features, mapping, join: joinReport, unitHints, crs, crsFrom: from, crsMismatch: mismatch, problems };
}

/** A polygon's area in its coordinates' units (projected metres: m²). */
function areaInUnits(g: Polygon | MultiPolygon | null): number {
  if (!g) return 0;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let s = 0;
  for (const rings of polys)
    rings.forEach((ring, i) => {
      let a = 0;
      for (let k = 1; k < ring.length; k++) {
        const p = ring[k - 1] as number[];
        const q = ring[k] as number[];
        a += (p[0] as number) * (q[1] as number) - (q[0] as number) * (p[1] as number);
      }
      s += (i === 0 ? 1 : -1) * Math.abs(a / 2);
    });
  return s;
}

/** The join's report as problems (warnings: the parcels and rows that did not join are still imported). */
function joinProblems(r: JoinReport, parcelsFile: string, tableFile: string): Problem[] {
  const out: Problem[] = [];
  const LIST = 20;
  const keys = (xs: readonly string[]) => xs.slice(0, LIST).map(quoted).join(', ') + (xs.length > LIST ? ' …' : '');
  for (const d of r.duplicateKeys.slice(0, 200))
    out.push(
      problem({
        file: tableFile,
        property: r.spec.tableKey,
        severity: 'warning',
        category: 'contract',
        code: 'join-duplicate-key',
        params: { key: quoted(d.key), rows: d.rows.join(', ') },
      }),
    );
  if (r.unmatchedRows.length > 0)
    out.push(
      problem({
        file: tableFile,
        property: r.spec.tableKey,
        severity: 'warning',
        category: 'contract',
        code: 'join-unmatched-rows',
        params: {
          count: r.unmatchedRows.length,
          rows: r.unmatchedRows
            .slice(0, LIST)
            .map((u) => u.row)
            .join(', '),
          keys: keys(r.unmatchedRows.map((u) => u.key)),
        },
      }),
    );
  if (r.unmatchedParcels.length > 0)
    out.push(
      problem({
        file: parcelsFile,
        property: r.spec.key,
        severity: 'warning',
        category: 'contract',
        code: 'join-unmatched-parcels',
        params: { count: r.unmatchedParcels.length, keys: keys(r.unmatchedParcels.map((u) => u.key)) },
      }),
    );
  if (r.rowsWithoutKey.length > 0)
    out.push(
      problem({
        file: tableFile,
        property: r.spec.tableKey,
        severity: 'warning',
        category: 'contract',
        code: 'join-no-key',
        params: { variant: 'rows', count: r.rowsWithoutKey.length, rows: r.rowsWithoutKey.slice(0, LIST).join(', ') },
      }),
    );
  if (r.parcelsWithoutKey.length > 0)
    out.push(
      problem({
        file: parcelsFile,
        property: r.spec.key,
        severity: 'warning',
        category: 'contract',
        code: 'join-no-key',
        params: { variant: 'parcels', count: r.parcelsWithoutKey.length, rows: '' },
      }),
    );
  for (const row of r.lostDigitRows.slice(0, LIST))
    out.push(problem({ file: tableFile, property: r.spec.tableKey, severity: 'warning', category: 'contract', code: 'join-lost-digits', params: { row } }));
  if (r.sharedKeys.length > 0)
    out.push(
      problem({
        file: tableFile,
        property: r.spec.tableKey,
        severity: 'warning',
        category: 'contract',
        code: 'join-shared',
        params: { keys: r.sharedKeys.length, parcels: r.sharedKeys.reduce((s, k) => s + k.parcels, 0) },
      }),
    );
  return out;
}

/**
 * The CRS the reader is given: the user's (an EPSG code or GCJ-02 / BD-09), else the .prj's (an error when its kind
 * contradicts the numbers: lon/lat said of metres, or metres of lon/lat), else none (the reader tells it from the
 * numbers).
 */
function crsOptionsOf(
  read: ImportRead,
  settings: ImportSettings,
  problems: Problem[],
): { crs: CrsOptions; from: AssembledImport['crsFrom']; mismatch: boolean } {
  const stated = settings.crs;
  if (stated && 'epsg' in stated) return { crs: { crsCode: stated.epsg }, from: 'option', mismatch: false };
  if (stated && 'offset' in stated) return { crs: { declared: { kind: 'offset', system: stated.offset } }, from: 'option', mismatch: false };
  const prj = read.prj;
  if (!prj) return { crs: {}, from: 'detected', mismatch: false };
  const bounds: (Bounds | null)[] = read.features.slice(0, 2000).map((f) => (f.geometry ? coordinateBounds([f.geometry.coordinates]) : null));
  const seen = detectCrs(null, bounds, {});
  const numbersLonLat = seen.kind === 'lonlat';
  const prjLonLat = prj.kind === 'lonlat';
  if (bounds.some((b) => b !== null) && numbersLonLat !== prjLonLat) {
    problems.push(
      problem({
        file: read.file.replace(/\.shp$/i, '.prj'),
        severity: 'error',
        category: 'crs',
        code: 'prj-mismatch',
        params: { variant: prjLonLat ? 'says-lonlat' : 'says-projected', name: quoted(prj.kind === 'unreadable' ? '' : prj.name) },
      }),
    );
    return { crs: {}, from: 'prj', mismatch: true };
  }
  if (prj.kind === 'epsg') return { crs: { crsCode: prj.code, crsCodeFrom: 'prj' }, from: 'prj', mismatch: false };
  if (prj.kind === 'lonlat') {
    if (prj.datum === 'other')
      problems.push(
        problem({
          file: read.file.replace(/\.shp$/i, '.prj'),
          severity: 'warning',
          category: 'crs',
          code: 'datum-not-shifted',
          params: { name: quoted(prj.name) },
        }),
      );
    return { crs: { crsCode: 4490 }, from: 'prj', mismatch: false };
  }
  if (prj.kind === 'proj4') return { crs: { declared: { kind: 'proj4', def: prj.def, name: prj.name, datum: prj.datum } }, from: 'prj', mismatch: false };
  return { crs: {}, from: 'detected', mismatch: false };
}

/** Opens the assembled features as a layer the parcel reader takes (problems: the import's, then the reader's). */
export function openImportLayer(read: ImportRead, assembled: AssembledImport): PolygonLayerReader {
  const problems = new ProblemList();
  problems.push(...read.problems, ...assembled.problems);
  const file = read.file || read.table?.file || 'import';
  if (assembled.crsMismatch || read.kind === 'none')
    return { problems, crs: null, featureCount: assembled.features.length, each: () => {}, eachIn: () => {}, slice: null };
  return openFeatureLayer(objectSource(assembled.features), read.crsMember, problems, { file, ...assembled.crs });
}
