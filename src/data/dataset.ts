import * as z from 'zod';
import { DEFAULT_RULES, parseRules, type RuleSet } from '../domain/rules';
import { type AreaPolygon, CONSTRAINT_KINDS, type Constraint, FUNCTIONAL_AREAS, type Zone } from '../domain/types';
import type { CrsOptions } from '../geo/crs';
import { inputText, type LayerInput, type RawFeature, readPolygonLayer } from './geojson';
import { openParcels, type ParcelReader } from './parcels';
import { type Problem, problem } from './problem';

/** dataset.json: what a dataset folder holds. */
export const manifestSchema = z.object({
  name: z.string(),
  nameEn: z.string(),
  illustrative: z.boolean(),
  notice: z.string(),
  noticeEn: z.string(),
  asOfDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  centralMeridian: z.number().nullable().default(null),
  rules: z.string().nullable().default(null),
  layers: z.object({
    parcels: z.string(),
    zones: z.string().optional(),
    areas: z.string().optional(),
    constraints: z.string().optional(),
    boundaries: z.string().optional(),
    /** parcel tiles written by `audit --tiles`, drawn instead of the parcels GeoJSON: a .pmtiles file or a {z}/{x}/{y}.pbf folder */
    parcelTiles: z.object({ path: z.string(), minZoom: z.number().int().min(0).max(22), maxZoom: z.number().int().min(0).max(22) }).optional(),
  }),
  zones: z.array(z.object({ id: z.string(), name: z.string(), nameEn: z.string(), landGrade: z.number().int().min(1).max(15).nullable() })).default([]),
  basemap: z
    .object({ enabled: z.boolean(), tiles: z.string().nullable(), attribution: z.string().nullable() })
    .default({ enabled: false, tiles: null, attribution: null }),
  credits: z.array(z.string()).default([]),
  /** which land-use classification the parcels' codes follow (GB/T 21010-2017, the third survey's, the 2023 one) */
  landUseClassification: z.string().optional(),
  /** the edition of GB/T 4754 the parcels' industry codes follow (the rules' parcelIndustryEdition must agree) */
  industryEdition: z.enum(['GB/T 4754-2002', 'GB/T 4754-2017']).optional(),
});
export type DatasetManifest = z.infer<typeof manifestSchema>;

/** A dataset's layers but its parcels, read and checked (the parcels are read parcel by parcel, see OpenedDataset). */
export interface DatasetLayers {
  manifest: DatasetManifest | null;
  rules: RuleSet;
  zones: Zone[];
  areas: AreaPolygon[];
  constraints: Constraint[];
  /** Raw district outlines for display only. */
  boundaries: RawFeature[];
  problems: Problem[];
}

/**
 * Reads a file of the dataset by path relative to it: its text, its bytes, or a source of its bytes (the parcels
 * file is then read feature by feature; from a source, never whole); null when it does not exist.
 */
export type TextReader = (relativePath: string) => Promise<LayerInput | null>;

/** A dataset with its small layers read and its parcels file open, to be read parcel by parcel. */
export interface OpenedDataset extends DatasetLayers {
  parcels: ParcelReader | null;
}

export interface LoadOptions extends CrsOptions {
  /** A rules file's text that replaces the dataset's (CLI --rules). */
  rulesText?: { file: string; text: string } | null;
}

export async function openDataset(read: TextReader, opts: LoadOptions = {}): Promise<OpenedDataset> {
  const problems: Problem[] = [];
  const manifestBytes = await read('dataset.json');
  const manifestText = manifestBytes == null ? null : inputText(manifestBytes);
  if (manifestText == null) {
    problems.push(
      problem({ file: 'dataset.json', severity: 'error', category: 'file', code: 'missing-file', message: 'dataset.json not found in the dataset folder' }),
    );
    return emptyOpened(problems);
  }
  const manifest = parseJsonWith(manifestSchema, manifestText, 'dataset.json', problems);
  if (!manifest) return emptyOpened(problems);
  const cm = { centralMeridian: opts.centralMeridian ?? manifest.centralMeridian };

  const rules = await loadRules(opts.rulesText ?? (manifest.rules ? await readNamed(read, manifest.rules, problems) : null), problems);
  const grades = new Map(manifest.zones.map((z) => [z.id, z]));

  const layer = async (name: string | undefined) => {
    if (!name) return null;
    const src = await readNamed(read, name, problems);
    return src == null ? null : { name, text: src.text };
  };
  const parcelsInput = await read(manifest.layers.parcels);
  if (parcelsInput == null) problems.push(missingFile(manifest.layers.parcels));
  const [zonesFile, areasFile, constraintsFile, boundariesFile] = await Promise.all([
    layer(manifest.layers.zones),
    layer(manifest.layers.areas),
    layer(manifest.layers.constraints),
    layer(manifest.layers.boundaries),
  ]);

  const zones = zonesFile
    ? featuresOf(zonesFile, cm, problems, zoneProps).map(({ geometry, props }) => {
        const meta = grades.get(props.id);
        return { id: props.id, name: meta?.name ?? props.name, nameEn: meta?.nameEn ?? props.name, landGrade: meta?.landGrade ?? null, geometry };
      })
    : [];
  const areas = areasFile ? featuresOf(areasFile, cm, problems, areaProps).map(({ geometry, props }) => ({ ...props, geometry })) : [];
  const constraints = constraintsFile ? featuresOf(constraintsFile, cm, problems, constraintProps).map(({ geometry, props }) => ({ ...props, geometry })) : [];
  const boundaries = boundariesFile ? readPolygonLayer(boundariesFile.text, { file: boundariesFile.name, ...cm }).features : [];
  const parcels = parcelsInput == null ? null : openParcels(parcelsInput, { file: manifest.layers.parcels, ...cm });
  return { manifest, rules, zones, areas, constraints, boundaries, parcels, problems };
}

/** A lone parcels file: default rules, no zones (zone and functional area are then null). */
export function openParcelsFile(input: LayerInput, file: string, opts: LoadOptions = {}): OpenedDataset {
  const problems: Problem[] = [];
  const parcels = openParcels(input, { file, centralMeridian: opts.centralMeridian ?? null });
  const rules = opts.rulesText ? loadRulesSync(opts.rulesText, problems) : DEFAULT_RULES;
  return { ...emptyOpened(problems), rules, parcels };
}

function emptyOpened(problems: Problem[]): OpenedDataset {
  return { manifest: null, rules: DEFAULT_RULES, zones: [], areas: [], constraints: [], parcels: null, boundaries: [], problems };
}

const missingFile = (name: string) =>
  problem({ file: name, severity: 'error', category: 'file', code: 'missing-file', message: `${name} is named in dataset.json but not found` });

async function readNamed(read: TextReader, name: string, problems: Problem[]): Promise<{ file: string; text: string } | null> {
  const input = await read(name);
  if (input == null) {
    problems.push(missingFile(name));
    return null;
  }
  return { file: name, text: inputText(input) };
}

async function loadRules(src: { file: string; text: string } | null, problems: Problem[]): Promise<RuleSet> {
  return src ? loadRulesSync(src, problems) : DEFAULT_RULES;
}

function loadRulesSync(src: { file: string; text: string }, problems: Problem[]): RuleSet {
  let json: unknown;
  try {
    json = JSON.parse(src.text);
  } catch (e) {
    problems.push(
      problem({
        file: src.file,
        severity: 'error',
        category: 'file',
        code: 'not-json',
        message: `rules file is not JSON (${(e as Error).message}); the default rules are used`,
      }),
    );
    return DEFAULT_RULES;
  }
  const { rules, messages } = parseRules(json);
  for (const m of messages)
    problems.push(problem({ file: src.file, severity: 'error', category: 'file', code: 'bad-rules', message: `${m}; the default rules are used` }));
  return rules ?? DEFAULT_RULES;
}

function parseJsonWith<T>(schema: z.ZodType<T>, text: string, file: string, problems: Problem[]): T | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    problems.push(problem({ file, severity: 'error', category: 'file', code: 'not-json', message: `not JSON: ${(e as Error).message}` }));
    return null;
  }
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  for (const i of r.error.issues)
    problems.push(problem({ file, property: i.path.join('.'), severity: 'error', category: 'file', code: 'bad-manifest', message: i.message }));
  return null;
}

const zoneProps = z.object({ id: z.string(), name: z.string() });
const areaProps = z
  .object({ id: z.string(), zoneId: z.string(), kind: z.enum(FUNCTIONAL_AREAS as [string, ...string[]]) })
  .transform((v) => v as Omit<AreaPolygon, 'geometry'>);
const constraintProps = z
  .object({ id: z.string(), kind: z.enum(CONSTRAINT_KINDS as [string, ...string[]]), name: z.string() })
  .transform((v) => v as Omit<Constraint, 'geometry'>);

function featuresOf<T>(src: { name: string; text: string }, cm: CrsOptions, problems: Problem[], schema: z.ZodType<T>) {
  const layer = readPolygonLayer(src.text, { file: src.name, ...cm });
  problems.push(...layer.problems);
  return layer.features.flatMap((f) => {
    const r = schema.safeParse(f.properties);
    if (r.success) return [{ geometry: f.geometry, props: r.data }];
    const id = typeof f.properties.id === 'string' ? f.properties.id : null;
    for (const i of r.error.issues)
      problems.push(
        problem({
          file: src.name,
          featureIndex: f.index,
          featureId: id,
          property: i.path.join('.'),
          severity: 'error',
          category: 'contract',
          code: 'bad-property',
          message: i.message,
        }),
      );
    return [];
  });
}
