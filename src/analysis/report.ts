import Papa from 'papaparse';
import { inLanguage, type Problem } from '../data/problem';
import { withChecks } from '../domain/lowEfficiency';
import type { RuleSet } from '../domain/rules';
import type { ParcelGeometry, ParcelResult, ZoneSummary } from '../domain/types';
import { translate } from '../i18n/plain';
import type { Lang } from '../i18n/resources';
import type { Analysis, AnalysisMeta } from './analyse';

/** What a column's value may read besides the parcel: the zones' names in the report's language. */
export interface ColumnContext {
  lang: Lang;
  zoneName: (zoneId: string) => string | null;
  /** whether the dataset has zones (without, a parcel's functional area is unknown, not "outside") */
  hasZones: boolean;
}

/**
 * A value a CSV cell must keep as text in Excel: a code of digits ("0601" would become 601, a long id 1.2E+17).
 * Only digits are ever wrapped (see csvCell), so the formula it becomes can hold nothing else.
 */
export class TextCode {
  constructor(readonly digits: string) {}
}
const code = (v: string | null): TextCode | string | null => (v != null && /^\d+$/.test(v) ? new TextCode(v) : v);

/** The table columns every export shares: key, header key in i18n, value (null: missing, an empty cell). One owner for CSV and table headers. */
export const REPORT_COLUMNS: { key: string; value: (r: ParcelResult, c: ColumnContext) => string | number | TextCode | null }[] = [
  { key: 'id', value: (r) => code(r.id) },
  { key: 'name', value: (r) => r.name },
  { key: 'enterprise', value: (r) => r.enterprise },
  { key: 'zoneName', value: (r, c) => (r.zoneId == null ? null : (c.zoneName(r.zoneId) ?? r.zoneId)) },
  { key: 'zoneCode', value: (r) => r.zoneId },
  {
    key: 'functionalArea',
    value: (r, c) => (r.functionalArea == null && !c.hasZones ? null : translate(c.lang, `functionalArea.${r.functionalArea ?? 'none'}`)),
  },
  { key: 'landUse', value: (r) => code(r.landUse) },
  { key: 'industryCode', value: (r) => code(r.industryCode) },
  { key: 'landGrade', value: (r) => r.landGrade },
  { key: 'areaM2', value: (r) => round(r.areaM2, 2) },
  { key: 'areaMu', value: (r) => round(r.areaMu, 4) },
  { key: 'areaHa', value: (r) => round(r.areaHa, 4) },
  { key: 'ellipsoidAreaM2', value: (r) => round(r.ellipsoidAreaM2, 2) },
  { key: 'fixedAssetInvestmentWanYuan', value: (r) => r.fixedAssetInvestmentWanYuan },
  { key: 'intensityWanPerMu', value: (r) => round(r.intensityWanPerMu, 2) },
  { key: 'intensityWanPerHa', value: (r) => round(r.intensityWanPerHa, 1) },
  { key: 'far', value: (r) => round(r.far, 3) },
  { key: 'coverage', value: (r) => round(r.coverage, 4) },
  { key: 'greenRatio', value: (r) => round(r.greenRatio, 4) },
  { key: 'adminRatio', value: (r) => round(r.adminRatio, 4) },
  { key: 'revenueWanYuan', value: (r) => r.revenueWanYuan },
  { key: 'outputWanPerMu', value: (r) => round(r.outputWanPerMu, 2) },
  { key: 'taxWanYuan', value: (r) => r.taxWanYuan },
  { key: 'taxWanPerMu', value: (r) => round(r.taxWanPerMu, 2) },
  { key: 'supplyDate', value: (r) => r.dates.supplyDate },
  { key: 'agreedStartDate', value: (r) => r.dates.agreedStartDate },
  { key: 'actualStartDate', value: (r) => r.dates.actualStartDate },
  { key: 'agreedCompletionDate', value: (r) => r.dates.agreedCompletionDate },
  { key: 'suspendedSince', value: (r) => r.dates.suspendedSince },
  { key: 'idleStatus', value: (r, c) => translate(c.lang, `idleStatus.${r.idle.status}`) },
  { key: 'idleReason', value: (r, c) => translate(c.lang, `idleReason.${r.idle.reason}`) },
  { key: 'idleSince', value: (r) => r.idle.sinceDate },
  { key: 'idleDeadline', value: (r) => r.idle.deadlineDate },
  { key: 'idleYears', value: (r) => r.idle.years },
  { key: 'idleMeasure', value: (r, c) => (r.idle.measure ? translate(c.lang, `measure.${r.idle.measure}`) : null) },
  { key: 'idleCause', value: (r, c) => (r.idle.cause ? translate(c.lang, `cause.${r.idle.cause}`) : null) },
  { key: 'lowEfficiency', value: (r, c) => translate(c.lang, r.lowEfficiency.status ? 'yes' : 'no') },
  {
    key: 'lowEfficiencyReasons',
    value: (r, c) =>
      r.lowEfficiency.reasons.map((x) => `${translate(c.lang, `indicator.${x.indicator}`)} ${round(x.value, 3)} / ${round(x.threshold, 3)}`).join('; '),
  },
  { key: 'conflicts', value: (r, c) => r.conflicts.map((x) => translate(c.lang, `constraint.${x.kind}`)).join('; ') },
  {
    key: 'conflictM2',
    value: (r) =>
      round(
        r.conflicts.reduce((s, c) => s + c.overlapM2, 0),
        2,
      ),
  },
  { key: 'flags', value: (r, c) => r.flags.map((f) => translate(c.lang, `flag.${f}`)).join('; ') },
];

/** A report's column context: zone names from its meta, in `lang`. */
export function columnContext(meta: Pick<ReportMeta, 'zoneNames'>, lang: Lang): ColumnContext {
  const names = new Map((meta.zoneNames ?? []).map((z) => [z.id, lang === 'en' ? z.nameEn : z.name]));
  return { lang, zoneName: (id) => names.get(id) ?? null, hasZones: names.size > 0 };
}

function round(v: number | null, digits: number): number | null {
  if (v == null) return null;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** What a report says of the analysis besides its parcels, and the zones' names its CSV gives. */
export type ReportMeta = AnalysisMeta & { zoneNames?: readonly { id: string; name: string; nameEn: string }[] };

/**
 * A report as text: `head`, each parcel's text joined by `separator`, then `tail`. One parcel's text depends on
 * that parcel alone, so parts of a file can be written apart (in worker threads, see shards.ts) and joined in order.
 */
export interface ReportWriter {
  head: string;
  separator: string;
  /** One parcel's text; `geometry` is written by the GeoJSON format only. */
  parcel(r: ParcelResult, geometry: ParcelGeometry | null): string;
  tail(zones: readonly ZoneSummary[], problems: readonly Problem[]): string;
}

export type ReportFormat = 'json' | 'csv' | 'geojson';

export function reportWriter(format: ReportFormat, meta: ReportMeta, lang: Lang): ReportWriter {
  if (format === 'csv') {
    const fields = REPORT_COLUMNS.map((c) => translate(lang, `column.${c.key}`));
    const ctx = columnContext(meta, lang);
    return {
      // a UTF-8 BOM and Chinese headers, so Excel opens it with the right encoding
      head: `\uFEFF${csvLine(fields)}\r\n`,
      separator: '',
      parcel: (r) => `${csvLine(REPORT_COLUMNS.map((c) => c.value(r, ctx)))}\r\n`,
      tail: () => '',
    };
  }
  if (format === 'geojson') {
    return {
      head: '{"type":"FeatureCollection","features":[',
      separator: ',',
      // the parcel with its results as properties (nested results kept as objects)
      parcel: (r, geometry) =>
        JSON.stringify({ type: 'Feature', id: r.id, properties: { ...withChecks(r, meta.rules), asOf: meta.asOfDate }, geometry: geometry ?? null }),
      tail: () => ']}',
    };
  }
  // the checks point into the rule set's sources by index
  const sources = ruleSources(meta.rules);
  const index = new Map(sources.map((x, i) => [x, i]));
  const head = JSON.stringify({ asOf: meta.asOfDate, dataset: meta.datasetName, illustrative: meta.illustrative });
  return {
    head: `${head.slice(0, -1)},"parcels":[`,
    separator: ',',
    // the source index is put in place before JSON.stringify (a replacer function would run for every key of the
    // report); the checks are made afresh for each call, so they are changed in place, keeping the objects' shapes
    parcel: (r) => {
      const d = withChecks(r, meta.rules);
      // (a sentence not in the rule set, which checks made from the rules never have, would be written out whole)
      for (const c of d.lowEfficiency.checks) (c as { source: string | number }).source = index.get(c.source) ?? c.source;
      return JSON.stringify(d);
    },
    // (each problem's message in the report's language)
    tail: (zones, problems) =>
      `],"zones":${JSON.stringify(zones)},"problems":${JSON.stringify(problems.map((p) => inLanguage(lang, p)))},"sources":${JSON.stringify(sources)}}`,
  };
}

/**
 * Every source sentence of a rule set (each string under a key ending in "source"), in the rules' order: the JSON
 * report's `sources`, fixed before any parcel is written so that parts of a report written apart agree on indices.
 */
export function ruleSources(rules: RuleSet): string[] {
  const out = new Set<string>();
  const walk = (v: unknown, key: string) => {
    if (typeof v === 'string') {
      if (/source$/i.exec(key)) out.add(v);
    } else if (Array.isArray(v)) for (const x of v) walk(x, key);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(rules, '');
  return [...out];
}

/** One CSV line as papaparse writes it (quoting where needed), without its line end; each cell made safe first (csvCell). */
export function csvLine(values: readonly (string | number | TextCode | null)[]): string {
  return Papa.unparse([values.map(csvCell)], { newline: '\r\n' });
}

/**
 * A cell as it is safe to open in a spreadsheet. Text from data that a spreadsheet would run as a formula (OWASP,
 * "CSV Injection": a cell beginning with = + - @, a tab or a carriage return; here also after white space, and
 * their full-width forms, which input methods of Chinese type) gets a leading apostrophe: it then shows as the text
 * it was. Control characters but tab and line ends are written as \u{…} escapes. A missing value is an empty cell;
 * a number stays a number. A TextCode (digits only) is written as the formula ="0601", the usual way to make Excel
 * keep a code's leading zeros: the only formula the report writes, and it holds nothing but digits.
 */
export function csvCell(v: string | number | TextCode | null): string | number {
  if (v == null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : '';
  if (v instanceof TextCode) return `="${v.digits}"`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it escapes
  const text = v.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, (c) => `\\u{${(c.codePointAt(0) as number).toString(16)}}`);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

const FORMULA_START = /^[\s\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r]/;

/** A report of an analysis held in memory, as text chunks of `parcelsPerChunk` parcels (a large report is never one string). */
export function* reportChunks(
  format: ReportFormat,
  a: Analysis,
  lang: Lang,
  geometryOf: (r: ParcelResult) => ParcelGeometry | null = () => null,
  parcelsPerChunk = 10,
  zoneNames: ReportMeta['zoneNames'] = [],
): Generator<string> {
  const w = reportWriter(format, { ...a, zoneNames }, lang);
  yield w.head;
  for (let i = 0; i < a.parcels.length; i += parcelsPerChunk) {
    const part = a.parcels.slice(i, i + parcelsPerChunk).map((r) => w.parcel(r, geometryOf(r)));
    yield (i > 0 ? w.separator : '') + part.join(w.separator);
  }
  yield w.tail(a.zones, a.problems);
}
