import * as z from 'zod';
import { isIsoDate } from '../domain/dates';
import { type PlanFacts, planSchema } from '../domain/plan';
import { defaultRules, type RuleSet, ruleSetSchema } from '../domain/rules';
import { type AreaPolygon, CONSTRAINT_KINDS, type Constraint, FUNCTIONAL_AREAS, type Zone } from '../domain/types';
import { type CrsOptions, isSupportedEpsg } from '../geo/crs';
import { isCentralMeridian } from '../geo/gaussKruger';
import { decodeText } from './encoding';
import { readAll } from './featureScan';
import { type LayerInput, type RawFeature, readPolygonLayer } from './geojson';
import { notJsonParams } from './jsonError';
import { openParcels, type ParcelReader } from './parcels';
import { type Problem, problem, quoted } from './problem';
import { schemaIssue } from './schemaIssue';

/**
 * dataset.json: what a dataset folder holds. Every member is checked as strictly as the CLI's flags: a date is a
 * date of the calendar, a central meridian a zone's, a coordinate system one ParkAtlas reads, zone ids unique; a
 * member not known here is reported (a typing error would otherwise pass unseen), but a member whose name ends in
 * "Note" is a note for the file's reader. Paths are checked when they are read (memberPathRule).
 */
const isoDate = z.string().refine(isIsoDate, { error: 'date' });
const centralMeridian = z.number().refine(isCentralMeridian, { error: 'central-meridian' });
const epsgCode = z.string().refine((s) => epsgNumber(s) !== null, { error: 'epsg' });
const zoneEntry = z.object({ id: z.string().min(1), name: z.string(), nameEn: z.string(), landGrade: z.number().int().min(1).max(15).nullable() });
const parcelTiles = z.object({ path: z.string(), minZoom: z.number().int().min(0).max(22), maxZoom: z.number().int().min(0).max(22) });
const layersSchema = z.object({
  parcels: z.string(),
  zones: z.string().optional(),
  areas: z.string().optional(),
  constraints: z.string().optional(),
  boundaries: z.string().optional(),
  /** parcel tiles written by `audit --tiles`, drawn instead of the parcels GeoJSON: a .pmtiles file or a {z}/{x}/{y}.pbf folder */
  parcelTiles: parcelTiles.optional(),
});
const basemapSchema = z.object({ enabled: z.boolean(), tiles: z.string().nullable(), attribution: z.string().nullable() });

export const manifestSchema = z.object({
  name: z.string(),
  nameEn: z.string(),
  illustrative: z.boolean(),
  notice: z.string(),
  noticeEn: z.string(),
  asOfDate: isoDate,
  centralMeridian: centralMeridian.nullable().default(null),
  /** the coordinate system of every layer, as "EPSG:<code>" (lon/lat or a CGCS2000 Gauss–Krüger zone), when the files do not say */
  crs: epsgCode.nullable().default(null),
  rules: z.string().nullable().default(null),
  /** the city's plan for its zones, as data (src/domain/plan.ts): the dashboard sets the zones against its targets */
  plan: z.string().nullable().default(null),
  layers: layersSchema,
  zones: z
    .array(zoneEntry)
    .default([])
    .superRefine((zones, ctx) => {
      const seen = new Set<string>();
      zones.forEach((zone, i) => {
        if (seen.has(zone.id)) ctx.addIssue({ code: 'custom', message: 'unique', params: { id: quoted(zone.id) }, path: [i, 'id'] });
        seen.add(zone.id);
      });
    }),
  basemap: basemapSchema.default({ enabled: false, tiles: null, attribution: null }),
  /** who made the data, in Chinese (the map's attribution, prints); creditsEn in English, the Chinese used when absent */
  credits: z.array(z.string()).default([]),
  creditsEn: z.array(z.string()).default([]),
  /** which land-use classification the parcels' codes follow (GB/T 21010-2017, the third survey's, the 2023 one) */
  landUseClassification: z.string().optional(),
  /** the edition of GB/T 4754 the parcels' industry codes follow (the rules' parcelIndustryEdition must agree) */
  industryEdition: z.enum(['GB/T 4754-2002', 'GB/T 4754-2017']).optional(),
});
export type DatasetManifest = z.infer<typeof manifestSchema>;

/** The EPSG code of "EPSG:4526", when it is one ParkAtlas reads; else null. */
export function epsgNumber(s: string): number | null {
  const m = /^EPSG:(\d{4,5})$/i.exec(s.trim());
  const code = m ? Number(m[1]) : null;
  return code !== null && isSupportedEpsg(code) ? code : null;
}

/** A dataset's layers but its parcels, read and checked (the parcels are read parcel by parcel, see OpenedDataset). */
export interface DatasetLayers {
  manifest: DatasetManifest | null;
  rules: RuleSet;
  /** the plan dataset.json names, when it could be read (else a problem says why) */
  plan: PlanFacts | null;
  zones: Zone[];
  areas: AreaPolygon[];
  constraints: Constraint[];
  /** Raw district outlines for display only. */
  boundaries: RawFeature[];
  problems: Problem[];
}

/** Why a file of the dataset was not read (the reader's own checks: where it lies, what it is). */
export interface ReadFailure {
  failure: 'not-found' | 'not-a-file' | 'outside-dataset' | 'unreadable';
  /** what the system said, for 'unreadable' */
  detail?: string;
}

/**
 * Reads a file of the dataset by its path relative to the dataset folder (checked by memberPathRule first): its text,
 * its bytes, or a source of its bytes (the parcels file is then read feature by feature; from a source, never
 * whole); null or a ReadFailure when it cannot be. A reader confines itself to the dataset folder: the CLI's after
 * resolving symbolic links, the app's to the dataset's origin and folder.
 */
export type TextReader = (relativePath: string) => Promise<LayerInput | ReadFailure | null>;

const isReadFailure = (x: unknown): x is ReadFailure => typeof x === 'object' && x !== null && 'failure' in x;

/**
 * Why a path named in dataset.json is not read (its text is `pathRule.<rule>` in src/i18n), or null: a path is
 * relative to the dataset folder, '/'-separated, with no '.' or '..' segment, no URL scheme, no backslash, colon,
 * percent, '?', '#' or control character; so it names a file in the folder however it is resolved (as a path on
 * disk, or as a URL, where '%2e%2e' would be '..').
 */
export function memberPathRule(path: string): 'empty' | 'absolute' | 'url' | 'parent' | 'segments' | 'characters' | null {
  if (path.trim() === '') return 'empty';
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return 'url';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  if (/[\u0000-\u001f\u007f\\:%?#]/.test(path)) return 'characters';
  if (path.startsWith('/')) return 'absolute';
  const segments = path.replace(/\/$/, '').split('/');
  if (segments.some((s) => s === '.' || s === '..')) return 'parent';
  if (segments.some((s) => s === '')) return 'segments';
  return null;
}

/** A dataset with its small layers read and its parcels file open, to be read parcel by parcel. */
export interface OpenedDataset extends DatasetLayers {
  /** the parcels file opened, or null (not read, or not to be assessed: its rules could not be read) */
  parcels: ParcelReader | null;
}

export interface LoadOptions extends CrsOptions {
  /** A rules file's text that replaces the dataset's (CLI --rules). */
  rulesText?: { file: string; text: string } | null;
}

const MANIFEST = 'dataset.json';

export async function openDataset(read: TextReader, opts: LoadOptions = {}): Promise<OpenedDataset> {
  const problems: Problem[] = [];
  const fileError = (file: string, code: string, params: Record<string, unknown> = {}, property: string | null = null) =>
    problems.push(problem({ file, property, severity: 'error', category: 'file', code, params: params as Problem['params'] }));

  let manifestInput: Awaited<ReturnType<TextReader>>;
  try {
    manifestInput = await read(MANIFEST);
  } catch (e) {
    manifestInput = { failure: 'unreadable', detail: (e as Error).message };
  }
  if (manifestInput == null || isReadFailure(manifestInput)) {
    if (manifestInput == null || manifestInput.failure === 'not-found') fileError(MANIFEST, 'missing-file', { variant: 'manifest' });
    else fileError(MANIFEST, 'unreadable-file', { member: MANIFEST, path: MANIFEST, detail: quoted(manifestInput.detail ?? manifestInput.failure) });
    return emptyOpened(problems);
  }
  const manifest = parseManifest(textOf(manifestInput), problems);
  if (!manifest) return emptyOpened(problems);
  const crs: CrsOptions = {
    centralMeridian: opts.centralMeridian ?? manifest.centralMeridian,
    crsCode: opts.crsCode ?? (manifest.crs ? epsgNumber(manifest.crs) : null),
    declared: opts.declared ?? null,
  };

  /** A member's file, or null with a problem naming the member (and the dataset loads without it). */
  const readMember = async (member: string, path: string): Promise<LayerInput | null> => {
    const rule = memberPathRule(path);
    const at = { member, path: quoted(path) };
    if (rule) {
      fileError(MANIFEST, 'bad-path', { ...at, rule: { key: `pathRule.${rule}` } }, member);
      return null;
    }
    let got: Awaited<ReturnType<TextReader>>;
    try {
      got = await read(path);
    } catch (e) {
      got = { failure: 'unreadable', detail: (e as Error).message };
    }
    if (got == null || isReadFailure(got)) {
      const failure = got?.failure ?? 'not-found';
      if (failure === 'not-found') fileError(MANIFEST, 'missing-file', { variant: 'member', ...at }, member);
      else if (failure === 'unreadable') fileError(MANIFEST, 'unreadable-file', { ...at, detail: quoted(got?.detail ?? '') }, member);
      else fileError(MANIFEST, failure, at, member);
      return null;
    }
    return got;
  };

  // the rules first: without them no parcel is assessed (a bad rules file is never replaced by the defaults)
  let rules: RuleSet | null = defaultRules();
  if (opts.rulesText) rules = parseRulesFile(opts.rulesText, problems);
  else if (manifest.rules != null) {
    const input = await readMember('rules', manifest.rules);
    rules = input == null ? null : parseRulesFile({ file: manifest.rules, text: textOf(input) }, problems);
  }
  // the plan: a dataset without a valid one loads all the same, its dashboard without targets
  let plan: PlanFacts | null = null;
  if (manifest.plan != null) {
    const input = await readMember('plan', manifest.plan);
    if (input != null) plan = parsePlanFile({ file: manifest.plan, text: textOf(input) }, problems);
  }
  if (manifest.layers.parcelTiles && memberPathRule(manifest.layers.parcelTiles.path)) {
    const path = manifest.layers.parcelTiles.path;
    fileError(
      MANIFEST,
      'bad-path',
      { member: 'layers.parcelTiles.path', path: quoted(path), rule: { key: `pathRule.${memberPathRule(path)}` } },
      'layers.parcelTiles.path',
    );
    manifest.layers.parcelTiles = undefined;
  }

  const layer = async (member: string, path: string | undefined) => (path ? { name: path, input: await readMember(`layers.${member}`, path) } : null);
  const parcelsInput = await readMember('layers.parcels', manifest.layers.parcels);
  const [zonesFile, areasFile, constraintsFile, boundariesFile] = await Promise.all([
    layer('zones', manifest.layers.zones),
    layer('areas', manifest.layers.areas),
    layer('constraints', manifest.layers.constraints),
    layer('boundaries', manifest.layers.boundaries),
  ]);

  const grades = new Map(manifest.zones.map((z) => [z.id, z]));
  const zones = featuresOf(zonesFile, crs, problems, zoneProps, true).map(({ geometry, props }) => {
    const meta = grades.get(props.id);
    return { id: props.id, name: meta?.name ?? props.name, nameEn: meta?.nameEn ?? props.name, landGrade: meta?.landGrade ?? null, geometry };
  });
  const areas = featuresOf(areasFile, crs, problems, areaProps).map(({ geometry, props }) => ({ ...props, geometry }));
  const constraints = featuresOf(constraintsFile, crs, problems, constraintProps).map(({ geometry, props }) => ({ ...props, geometry }));
  const boundaries = boundariesFile?.input ? readPolygonLayer(boundariesFile.input, { file: boundariesFile.name, ...crs }).features : [];
  let parcels: ParcelReader | null = null;
  if (parcelsInput != null && rules != null) parcels = openParcels(parcelsInput, { file: manifest.layers.parcels, ...crs });
  if (rules == null) fileError(opts.rulesText?.file ?? manifest.rules ?? MANIFEST, 'no-rules');
  return { manifest, rules: rules ?? defaultRules(), plan, zones, areas, constraints, boundaries, parcels, problems };
}

/** A lone parcels file: default rules, no zones (zone and functional area are then null). */
export function openParcelsFile(input: LayerInput, file: string, opts: LoadOptions = {}): OpenedDataset {
  const problems: Problem[] = [];
  const rules = opts.rulesText ? parseRulesFile(opts.rulesText, problems) : defaultRules();
  if (rules == null) {
    problems.push(problem({ file: opts.rulesText?.file ?? file, severity: 'error', category: 'file', code: 'no-rules' }));
    return { ...emptyOpened(problems), parcels: null };
  }
  const parcels = openParcels(input, { file, centralMeridian: opts.centralMeridian ?? null, crsCode: opts.crsCode ?? null, declared: opts.declared ?? null });
  return { ...emptyOpened(problems), rules, parcels };
}

function emptyOpened(problems: Problem[]): OpenedDataset {
  return { manifest: null, rules: defaultRules(), plan: null, zones: [], areas: [], constraints: [], parcels: null, boundaries: [], problems };
}

/** A small file's text (dataset.json, a rules file): UTF-8, or UTF-16 with a byte order mark. */
function textOf(input: LayerInput): string {
  return typeof input === 'string' ? input : decodeText(input instanceof Uint8Array ? input : readAll(input));
}

/** A rules file's rule set, or null with its problems: a bad rules file is an error, never replaced by the defaults. */
export const parseRulesFile = (src: { file: string; text: string }, problems: Problem[]): RuleSet | null =>
  parseJsonFile(src, ruleSetSchema, problems, 'error', 'bad-rules');

/** A plan file's facts, or null with its problems (warnings: the dataset is analysed all the same, without targets). */
const parsePlanFile = (src: { file: string; text: string }, problems: Problem[]): PlanFacts | null =>
  parseJsonFile(src, planSchema, problems, 'warning', 'bad-plan');

/** A small JSON file checked by its schema: its data, or null with a problem per schema issue (up to ISSUES_MAX). */
function parseJsonFile<T>(
  src: { file: string; text: string },
  schema: z.ZodType<T>,
  problems: Problem[],
  severity: Problem['severity'],
  code: string,
): T | null {
  let json: unknown;
  try {
    json = JSON.parse(src.text);
  } catch (e) {
    problems.push(problem({ file: src.file, severity, category: 'file', code: 'not-json', params: notJsonParams(e) }));
    return null;
  }
  const r = schema.safeParse(json);
  if (r.success) return r.data;
  for (const i of r.error.issues.slice(0, ISSUES_MAX))
    problems.push(problem({ file: src.file, property: i.path.join('.') || null, severity, category: 'file', code, params: { issue: schemaIssue(i) } }));
  return null;
}

/** At most this many schema issues of one file are listed (a wrong file can have thousands). */
const ISSUES_MAX = 50;

function parseManifest(text: string, problems: Problem[]): DatasetManifest | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    problems.push(problem({ file: MANIFEST, severity: 'error', category: 'file', code: 'not-json', params: notJsonParams(e) }));
    return null;
  }
  const r = manifestSchema.safeParse(json);
  if (!r.success) {
    for (const i of r.error.issues.slice(0, ISSUES_MAX))
      problems.push(
        problem({
          file: MANIFEST,
          property: i.path.join('.') || null,
          severity: 'error',
          category: 'file',
          code: 'bad-manifest',
          params: { issue: schemaIssue(i) },
        }),
      );
    return null;
  }
  for (const member of unknownMembers(json as Record<string, unknown>))
    problems.push(
      problem({ file: MANIFEST, property: member, severity: 'warning', category: 'file', code: 'unknown-member', params: { member: quoted(member) } }),
    );
  return r.data;
}

/** Members of a manifest (validated) that its schema does not know, as paths ("layers.parcel"); notes ("…Note") left out. */
function unknownMembers(json: Record<string, unknown>): string[] {
  const out: string[] = [];
  const check = (obj: unknown, known: readonly string[], at: string) => {
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return;
    for (const key of Object.keys(obj)) if (!known.includes(key) && !key.endsWith('Note')) out.push(`${at}${key}`);
  };
  check(json, Object.keys(manifestSchema.shape), '');
  check(json.layers, Object.keys(layersSchema.shape), 'layers.');
  check((json.layers as Record<string, unknown>).parcelTiles, Object.keys(parcelTiles.shape), 'layers.parcelTiles.');
  check(json.basemap, Object.keys(basemapSchema.shape), 'basemap.');
  if (Array.isArray(json.zones))
    json.zones.forEach((zone, i) => {
      check(zone, Object.keys(zoneEntry.shape), `zones.${i}.`);
    });
  return out;
}

const zoneProps = z.object({ id: z.string().min(1), name: z.string() });
const areaProps = z
  .object({ id: z.string(), zoneId: z.string(), kind: z.enum(FUNCTIONAL_AREAS as [string, ...string[]]) })
  .transform((v) => v as Omit<AreaPolygon, 'geometry'>);
const constraintProps = z
  .object({ id: z.string(), kind: z.enum(CONSTRAINT_KINDS as [string, ...string[]]), name: z.string() })
  .transform((v) => v as Omit<Constraint, 'geometry'>);

/** A small layer's features with their properties parsed; a feature whose properties do not parse (or, for `uniqueIds`, whose id came before) is dropped with its problem. */
function featuresOf<T extends { id: string }>(
  src: { name: string; input: LayerInput | null } | null,
  crs: CrsOptions,
  problems: Problem[],
  schema: z.ZodType<T>,
  uniqueIds = false,
) {
  if (!src?.input) return [];
  const layer = readPolygonLayer(src.input, { file: src.name, ...crs });
  for (const p of layer.problems) problems.push(p);
  const seen = new Set<string>();
  return layer.features.flatMap((f) => {
    const r = schema.safeParse(f.properties);
    const id = typeof f.properties.id === 'string' ? f.properties.id : null;
    const at = { file: src.name, featureIndex: f.index, featureId: id, severity: 'error' as const, category: 'contract' as const };
    if (!r.success) {
      for (const i of r.error.issues)
        problems.push(problem({ ...at, property: i.path.join('.'), code: 'bad-feature-property', params: { issue: schemaIssue(i) } }));
      return [];
    }
    if (uniqueIds && seen.has(r.data.id)) {
      problems.push(problem({ ...at, property: 'id', code: 'duplicate-id', params: { id: quoted(r.data.id) } }));
      return [];
    }
    seen.add(r.data.id);
    return [{ geometry: f.geometry, props: r.data }];
  });
}
