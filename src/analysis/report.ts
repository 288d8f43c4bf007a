import Papa from 'papaparse';
import { inLanguage, type Problem } from '../data/problem';
import type { Grading } from '../domain/grading';
import { withChecks } from '../domain/lowEfficiency';
import { ruleSources } from '../domain/sources';
import type { CitySummary, IndicatorFailure, ParcelDetail, ParcelGeometry, ParcelResult, ZoneSummary } from '../domain/types';
import { translate } from '../i18n/plain';
import type { Lang } from '../i18n/resources';
import type { AnalysisMeta } from './analyse';

/** What a column's value may read besides the parcel: the report's language, the zones' names in it. */
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

/** An indicator failure as a report cell: "name value / threshold". */
const failures = (xs: readonly IndicatorFailure[], l: Lang) =>
  xs.map((x) => `${translate(l, `indicator.${x.indicator}`)} ${round(x.value, 3)} / ${round(x.threshold, 3)}`).join('; ');
const yesNo = (b: boolean, l: Lang) => translate(l, b ? 'yes' : 'no');
/** A key's text, or null (an empty cell) for a missing value. */
const named = (l: Lang, prefix: string, v: string | null | undefined) => (v == null ? null : translate(l, `${prefix}.${v}`));

export type CellValue = string | number | TextCode | null;

/**
 * The table columns every export shares: key, header key in i18n, value (null: missing, an empty cell). One owner
 * for CSV and table headers. A value may read the parcel's checks (`d`, made for the row from the rules, see
 * withChecks).
 */
export const REPORT_COLUMNS: { key: string; value: (r: ParcelResult, c: ColumnContext, d: () => ParcelDetail) => CellValue }[] = [
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
  { key: 'landUseKind', value: (r, c) => named(c.lang, 'landUseKind', r.landUseKind) },
  { key: 'industryCode', value: (r) => code(r.industryCode) },
  { key: 'landGrade', value: (r) => r.landGrade },
  { key: 'controlEdition', value: (r) => r.controlEdition },
  { key: 'areaM2', value: (r) => round(r.areaM2, 2) },
  { key: 'areaMu', value: (r) => round(r.areaMu, 4) },
  { key: 'areaHa', value: (r) => round(r.areaHa, 4) },
  { key: 'ellipsoidAreaM2', value: (r) => round(r.ellipsoidAreaM2, 2) },
  { key: 'fixedAssetInvestmentWanYuan', value: (r) => r.fixedAssetInvestmentWanYuan },
  { key: 'landPriceWanYuan', value: (r) => r.landPriceWanYuan },
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
  { key: 'approvalDate', value: (r) => r.dates.approvalDate },
  { key: 'supplyDate', value: (r) => r.dates.supplyDate },
  { key: 'agreedStartDate', value: (r) => r.dates.agreedStartDate },
  { key: 'extendedStartDate', value: (r) => r.dates.extendedStartDate },
  { key: 'actualStartDate', value: (r) => r.dates.actualStartDate },
  { key: 'agreedCompletionDate', value: (r) => r.dates.agreedCompletionDate },
  { key: 'actualCompletionDate', value: (r) => r.dates.actualCompletionDate },
  { key: 'productionStartDate', value: (r) => r.dates.productionStartDate },
  { key: 'suspendedSince', value: (r) => r.dates.suspendedSince },
  { key: 'resumedDate', value: (r) => r.dates.resumedDate },
  { key: 'stage', value: (r, c) => named(c.lang, 'stage', r.stage) },
  { key: 'overdueStart', value: (r, c) => yesNo(r.overdueStart, c.lang) },
  { key: 'overdueCompletion', value: (r, c) => yesNo(r.overdueCompletion, c.lang) },
  { key: 'idleStatus', value: (r, c) => named(c.lang, 'idleStatus', r.idle.status) },
  { key: 'idleKind', value: (r, c) => named(c.lang, 'idleKind', r.idle.kind) },
  { key: 'idleReason', value: (r, c) => named(c.lang, 'idleReason', r.idle.reason) },
  { key: 'idleSince', value: (r) => r.idle.sinceDate },
  { key: 'idleDeadline', value: (r) => r.idle.deadlineDate },
  { key: 'idleYears', value: (r) => r.idle.years },
  { key: 'idleMeasure', value: (r, c) => named(c.lang, 'measure', r.idle.measure) },
  { key: 'idleFeeWanYuan', value: (r) => round(r.idle.feeWanYuan, 2) },
  { key: 'idleCause', value: (r, c) => named(c.lang, 'cause', r.idle.cause) },
  { key: 'lowEfficiency', value: (r, c) => yesNo(r.lowEfficiency.status, c.lang) },
  { key: 'lowEfficiencyReasons', value: (r, c) => failures(r.lowEfficiency.reasons, c.lang) },
  { key: 'supplyBreach', value: (r, c) => yesNo(r.lowEfficiency.supplyBreach, c.lang) },
  { key: 'supplyBreachReasons', value: (r, c) => failures(r.lowEfficiency.breaches, c.lang) },
  {
    key: 'uncheckedThresholds',
    value: (_r, c, d) =>
      d()
        .lowEfficiency.checks.filter((x) => x.threshold != null && d().sources[x.sourceId]?.status !== 'checked')
        .map((x) => translate(c.lang, `indicator.${x.indicator}`))
        .join('; '),
  },
  { key: 'efficiencyScore', value: (r) => round(r.efficiency.score, 2) },
  { key: 'gradeCity', value: (r) => r.efficiency.grade.city },
  { key: 'gradeZone', value: (r) => r.efficiency.grade.zone },
  { key: 'ungraded', value: (r, c) => named(c.lang, 'ungraded', r.efficiency.ungraded) },
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
  tail(zones: readonly ZoneSummary[], problems: readonly Problem[], city: CitySummary, grading: Grading): string;
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
      parcel: (r) => {
        let detail: ParcelDetail | null = null;
        const d = () => (detail ??= withChecks(r, meta.rules, meta.asOfDate));
        return `${csvLine(REPORT_COLUMNS.map((c) => c.value(r, ctx, d)))}\r\n`;
      },
      tail: () => '',
    };
  }
  if (format === 'geojson') {
    return {
      head: '{"type":"FeatureCollection","features":[',
      separator: ',',
      // the parcel with its results as properties (nested results kept as objects)
      parcel: (r, geometry) => {
        const { sources: _sources, ...d } = withChecks(r, meta.rules, meta.asOfDate);
        return JSON.stringify({ type: 'Feature', id: r.id, properties: { ...d, asOf: meta.asOfDate }, geometry: geometry ?? null });
      },
      tail: () => ']}',
    };
  }
  // checks and results name their sources by id; the tail lists every source of the rule set once, in both languages
  const sources = Object.fromEntries(ruleSources(meta.rules));
  const head = JSON.stringify({
    asOf: meta.asOfDate,
    dataset: meta.datasetName,
    illustrative: meta.illustrative,
    rules: { name: meta.rules.name, schemaVersion: meta.rules.schemaVersion, controlEdition: meta.controlEdition },
  });
  return {
    head: `${head.slice(0, -1)},"parcels":[`,
    separator: ',',
    // (the checks are made afresh for each call: their Chinese source text, which `sources` has, is left out)
    parcel: (r) => {
      const { sources: _sources, ...d } = withChecks(r, meta.rules, meta.asOfDate);
      for (const c of d.lowEfficiency.checks) (c as { source?: string }).source = undefined;
      return JSON.stringify(d);
    },
    // (each problem's message in the report's language)
    tail: (zones, problems, city, grading) =>
      `],"zones":${JSON.stringify(zones)},"city":${JSON.stringify(city)},"grading":${JSON.stringify(grading)},"problems":${JSON.stringify(problems.map((p) => inLanguage(lang, p)))},"sources":${JSON.stringify(sources)}}`,
  };
}

/** One CSV line as papaparse writes it (quoting where needed), without its line end; each cell made safe first (csvCell). */
export function csvLine(values: readonly CellValue[]): string {
  return Papa.unparse([values.map(csvCell)], { newline: '\r\n' });
}

/**
 * A cell as it is safe to open in a spreadsheet. Text from data that a spreadsheet would run as a formula (OWASP,
 * "CSV Injection": a cell beginning with = + - @, a tab or a carriage return; here also after white space, and
 * their full-width forms, which input methods of Chinese type) gets a leading apostrophe: it then shows as the text
 * it was. Control characters but tab and line ends are written as \u{…} escapes. A missing value is an empty cell;
 * a number stays a number. A TextCode (digits only) is written as the formula ="0601", the usual way to make Excel
 * keep a code's leading zeros: the only formula the report writes, and it holds nothing but digits. Every CSV the
 * project writes passes its cells here.
 */
export function csvCell(v: CellValue | undefined): string | number {
  if (v == null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : '';
  if (v instanceof TextCode) return `="${v.digits}"`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it escapes
  const text = v.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, (c) => `\\u{${(c.codePointAt(0) as number).toString(16)}}`);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A text cell's code column value: digits kept as text in Excel, anything else an ordinary (neutralised) cell. */
export const codeCell = (v: string | null | undefined): string | number => csvCell(code(v ?? null));

const FORMULA_START = /^[\s\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r]/;
