import type { Parcel, ParcelProps } from '../domain/types';
import type { CrsDetection } from '../geo/crs';
import type { TextParams } from '../i18n/plain';
import {
  CONTRACT_PROPERTIES,
  CONTRACT_RULES,
  DATE_PROPERTIES,
  EARLIEST_PLAUSIBLE_DATE,
  idSchema,
  LATEST_PLAUSIBLE_DATE,
  PROPERTY_SCHEMAS,
  PROPS_SCHEMA,
} from './contract';
import { type LayerInput, openPolygonLayer, type PolygonLayerReader, type RawFeature, type ReadOptions } from './geojson';
import { type Problem, problem, quoted } from './problem';

/** A parcels file opened for reading, parcels delivered one at a time (see openPolygonLayer). */
export interface ParcelReader {
  problems: Problem[];
  crs: CrsDetection | null;
  featureCount: number;
  each(onParcel: (p: Parcel) => void): void;
  /** The polygon layer underneath, for reading the features in parts (see analysis/shards.ts) with `parcelOf`. */
  layer: PolygonLayerReader;
  file: string;
}

export function openParcels(input: LayerInput, opts: ReadOptions): ParcelReader {
  return parcelReaderOf(openPolygonLayer(input, opts), opts.file);
}

/** Parcels read from any polygon layer (a GeoJSON file's, or an import's: importLayer.ts), named `file` in problems. */
export function parcelReaderOf(layer: PolygonLayerReader, file: string): ParcelReader {
  const opts = { file };
  const problems = layer.problems;
  return {
    problems,
    crs: layer.crs,
    featureCount: layer.featureCount,
    each(onParcel) {
      const seen = new Set<string>();
      layer.each((f) => {
        const p = parcelOf(f, opts.file, seen, problems);
        if (p) onParcel(p);
      });
    },
    layer,
    file: opts.file,
  };
}

/** The problem of a parcel whose id an earlier feature of the file has: it is dropped. */
export function duplicateIdProblem(file: string, featureIndex: number, id: string): Problem {
  return problem({
    file,
    featureIndex,
    featureId: id,
    property: 'id',
    severity: 'error',
    category: 'contract',
    code: 'duplicate-id',
    params: { id },
  });
}

/**
 * A feature read as a parcel against the contract, or null when it has no id or one in `seen` (ids met before,
 * to which its id is added); its problems are pushed to `problems`.
 */
export function parcelOf(f: RawFeature, file: string, seen: Set<string>, problems: Problem[]): Parcel | null {
  const at = { file, featureIndex: f.index };
  const idParse = idSchema.safeParse(f.properties.id ?? f.id);
  if (!idParse.success) {
    problems.push(
      problem({
        ...at,
        property: 'id',
        severity: 'error',
        category: 'contract',
        code: 'missing-id',
      }),
    );
    return null;
  }
  const id = idParse.data;
  if (seen.has(id)) {
    problems.push(duplicateIdProblem(file, f.index, id));
    return null;
  }
  seen.add(id);
  const props = parseProps(f.properties, id, (property, code, params) =>
    problems.push(problem({ ...at, featureId: id, property, severity: 'warning', category: 'contract', code, params })),
  );
  return { index: f.index, props, geometry: f.geometry };
}

type Warn = (property: string, code: string, params: TextParams) => void;

/** A property value that counts as not given: missing, null or ''. */
const absent = (value: unknown) => value === undefined || value === null || value === '';

function parseProps(raw: Record<string, unknown>, id: string, warn: Warn): ParcelProps {
  // A value null or '' counts as absent, which the schema's optional properties take only as undefined: the file's
  // properties are parsed as they are (the schema leaves out any other key) unless one is blank, then a copy without.
  let input = raw;
  if (CONTRACT_PROPERTIES.some((key) => raw[key] !== undefined && absent(raw[key]))) {
    input = {};
    for (const key of CONTRACT_PROPERTIES) if (!absent(raw[key])) input[key] = raw[key];
  }
  const all = PROPS_SCHEMA.safeParse(input);
  let props: Record<string, unknown>;
  if (all.success) props = all.data;
  else {
    props = {};
    parseEach(input, props, warn);
  }
  props.id = id;
  checkDates(props, warn);
  return props as unknown as ParcelProps;
}

/** Property by property, so one bad value is named and nulled and the rest are kept. */
function parseEach(raw: Record<string, unknown>, props: Record<string, unknown>, warn: Warn): void {
  for (const key of CONTRACT_PROPERTIES) {
    const value = raw[key];
    if (absent(value)) continue;
    const r = PROPERTY_SCHEMAS[key].safeParse(value);
    if (r.success) props[key] = r.data;
    else {
      const rule = r.error.issues[0]?.message ?? '';
      warn(key, 'bad-property', { value: quotedValue(value), rule: { key: `contractRule.${CONTRACT_RULES.includes(rule) ? rule : 'not-valid'}` } });
    }
  }
}

function checkDates(props: Record<string, unknown>, warn: Warn): void {
  for (const key of DATE_PROPERTIES) {
    const d = props[key] as string | undefined;
    if (d && (d >= LATEST_PLAUSIBLE_DATE || d < EARLIEST_PLAUSIBLE_DATE)) {
      warn(key, 'implausible-date', { date: d, earliest: EARLIEST_PLAUSIBLE_DATE, latest: LATEST_PLAUSIBLE_DATE });
      delete props[key];
    }
  }
  checkDateOrder(props as unknown as ParcelProps, warn);
}

/** Contract dates in an impossible order are kept (the officer must see them) but reported. */
function checkDateOrder(p: ParcelProps, warn: Warn): void {
  const before = (a: string | null | undefined, b: string | null | undefined) => a != null && b != null && a < b;
  if (before(p.actualStartDate, p.supplyDate))
    warn('actualStartDate', 'date-order', { variant: 'started-before-supply', start: p.actualStartDate as string, supply: p.supplyDate as string });
  if (before(p.agreedStartDate, p.supplyDate))
    warn('agreedStartDate', 'date-order', { variant: 'agreed-start-before-supply', start: p.agreedStartDate as string, supply: p.supplyDate as string });
  if (before(p.agreedCompletionDate, p.agreedStartDate))
    warn('agreedCompletionDate', 'date-order', {
      variant: 'completion-before-start',
      completion: p.agreedCompletionDate as string,
      start: p.agreedStartDate as string,
    });
  if (before(p.suspendedSince, p.actualStartDate))
    warn('suspendedSince', 'date-order', { variant: 'stopped-before-start', stopped: p.suspendedSince as string, start: p.actualStartDate as string });
  if (p.suspendedSince != null && p.actualStartDate == null) warn('suspendedSince', 'date-order', { variant: 'stopped-without-start' });
  if (before(p.supplyDate, p.approvalDate))
    warn('supplyDate', 'date-order', { variant: 'supplied-before-approval', supply: p.supplyDate as string, approval: p.approvalDate as string });
  if (before(p.extendedStartDate, p.agreedStartDate))
    warn('extendedStartDate', 'date-order', { variant: 'extension-before-start', extended: p.extendedStartDate as string, start: p.agreedStartDate as string });
  if (before(p.actualCompletionDate, p.actualStartDate))
    warn('actualCompletionDate', 'date-order', {
      variant: 'completed-before-start',
      completion: p.actualCompletionDate as string,
      start: p.actualStartDate as string,
    });
  if (before(p.productionStartDate, p.actualStartDate))
    warn('productionStartDate', 'date-order', {
      variant: 'production-before-start',
      production: p.productionStartDate as string,
      start: p.actualStartDate as string,
    });
  if (before(p.resumedDate, p.suspendedSince))
    warn('resumedDate', 'date-order', { variant: 'resumed-before-stop', resumed: p.resumedDate as string, stopped: p.suspendedSince as string });
}

/** A property value as a message quotes it: text as it is, anything else as JSON would write it (never recursing). */
function quotedValue(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(quoted(v)) : quoted(v);
}
