import Papa from 'papaparse';
import type { Problem } from '../data/problem';
import type { Grading } from '../domain/grading';
import { withChecks } from '../domain/lowEfficiency';
import { ruleSources } from '../domain/sources';
import type { CitySummary, IndicatorFailure, ParcelDetail, ParcelGeometry, ParcelResult, ZoneSummary } from '../domain/types';
import { translate } from '../i18n/plain';
import type { Lang } from '../i18n/resources';
import type { AnalysisMeta } from './analyse';

/** An indicator failure as a report cell: "name value / threshold". */
const failures = (xs: readonly IndicatorFailure[], l: Lang) =>
  xs.map((x) => `${translate(l, `indicator.${x.indicator}`)} ${round(x.value, 3)} / ${round(x.threshold, 3)}`).join('; ');
const yesNo = (b: boolean, l: Lang) => translate(l, b ? 'yes' : 'no');

/**
 * The table columns every export shares: key, header key in i18n, value. One owner for CSV and table headers. A
 * value may read the parcel's checks (`d`, made for the row from the rules, see withChecks).
 */
export const REPORT_COLUMNS: { key: string; value: (r: ParcelResult, lang: Lang, d: () => ParcelDetail) => string | number | null }[] = [
  { key: 'id', value: (r) => r.id },
  { key: 'name', value: (r) => r.name },
  { key: 'enterprise', value: (r) => r.enterprise },
  { key: 'zoneId', value: (r) => r.zoneId },
  { key: 'functionalArea', value: (r, l) => translate(l, `functionalArea.${r.functionalArea ?? 'none'}`) },
  { key: 'landUse', value: (r) => r.landUse },
  { key: 'landUseKind', value: (r, l) => translate(l, `landUseKind.${r.landUseKind ?? 'none'}`) },
  { key: 'industryCode', value: (r) => r.industryCode },
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
  { key: 'stage', value: (r, l) => translate(l, `stage.${r.stage}`) },
  { key: 'overdueStart', value: (r, l) => yesNo(r.overdueStart, l) },
  { key: 'overdueCompletion', value: (r, l) => yesNo(r.overdueCompletion, l) },
  { key: 'idleStatus', value: (r, l) => translate(l, `idleStatus.${r.idle.status}`) },
  { key: 'idleKind', value: (r, l) => translate(l, `idleKind.${r.idle.kind ?? 'none'}`) },
  { key: 'idleReason', value: (r, l) => translate(l, `idleReason.${r.idle.reason}`) },
  { key: 'idleSince', value: (r) => r.idle.sinceDate },
  { key: 'idleDeadline', value: (r) => r.idle.deadlineDate },
  { key: 'idleYears', value: (r) => r.idle.years },
  { key: 'idleMeasure', value: (r, l) => translate(l, `measure.${r.idle.measure ?? 'none'}`) },
  { key: 'idleFeeWanYuan', value: (r) => round(r.idle.feeWanYuan, 2) },
  { key: 'idleCause', value: (r, l) => translate(l, `cause.${r.idle.cause ?? 'none'}`) },
  { key: 'lowEfficiency', value: (r, l) => yesNo(r.lowEfficiency.status, l) },
  { key: 'lowEfficiencyReasons', value: (r, l) => failures(r.lowEfficiency.reasons, l) },
  { key: 'supplyBreach', value: (r, l) => yesNo(r.lowEfficiency.supplyBreach, l) },
  { key: 'supplyBreachReasons', value: (r, l) => failures(r.lowEfficiency.breaches, l) },
  {
    key: 'uncheckedThresholds',
    value: (_r, l, d) =>
      d()
        .lowEfficiency.checks.filter((c) => c.threshold != null && d().sources[c.sourceId]?.status !== 'checked')
        .map((c) => translate(l, `indicator.${c.indicator}`))
        .join('; '),
  },
  { key: 'efficiencyScore', value: (r) => round(r.efficiency.score, 2) },
  { key: 'gradeCity', value: (r) => r.efficiency.grade.city },
  { key: 'gradeZone', value: (r) => r.efficiency.grade.zone },
  { key: 'ungraded', value: (r, l) => (r.efficiency.ungraded ? translate(l, `ungraded.${r.efficiency.ungraded}`) : null) },
  { key: 'conflicts', value: (r, l) => r.conflicts.map((c) => translate(l, `constraint.${c.kind}`)).join('; ') },
  {
    key: 'conflictM2',
    value: (r) =>
      round(
        r.conflicts.reduce((s, c) => s + c.overlapM2, 0),
        2,
      ),
  },
  { key: 'flags', value: (r, l) => r.flags.map((f) => translate(l, `flag.${f}`)).join('; ') },
];

function round(v: number | null, digits: number): number | null {
  if (v == null) return null;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** What a report says of the analysis besides its parcels. */
export type ReportMeta = AnalysisMeta;

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
    return {
      // a UTF-8 BOM and Chinese headers, so Excel opens it with the right encoding
      head: `\uFEFF${Papa.unparse([fields], { newline: '\r\n' })}\r\n`,
      separator: '',
      parcel: (r) => {
        let detail: ParcelDetail | null = null;
        const d = () => (detail ??= withChecks(r, meta.rules, meta.asOfDate));
        return `${csvLine(REPORT_COLUMNS.map((c) => c.value(r, lang, d) ?? ''))}\r\n`;
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
    tail: (zones, problems, city, grading) =>
      `],"zones":${JSON.stringify(zones)},"city":${JSON.stringify(city)},"grading":${JSON.stringify(grading)},"problems":${JSON.stringify(problems)},"sources":${JSON.stringify(sources)}}`,
  };
}

/** One CSV line as papaparse writes it (quoting where needed), without its line end. */
function csvLine(values: (string | number)[]): string {
  return Papa.unparse([values], { newline: '\r\n' });
}
