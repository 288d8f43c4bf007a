import Papa from 'papaparse';
import type { Problem } from '../data/problem';
import { withChecks } from '../domain/lowEfficiency';
import type { RuleSet } from '../domain/rules';
import type { ParcelGeometry, ParcelResult, ZoneSummary } from '../domain/types';
import { translate } from '../i18n/plain';
import type { Lang } from '../i18n/resources';
import type { AnalysisMeta } from './analyse';

/** The table columns every export shares: key, header key in i18n, value. One owner for CSV and table headers. */
export const REPORT_COLUMNS: { key: string; value: (r: ParcelResult, lang: Lang) => string | number | null }[] = [
  { key: 'id', value: (r) => r.id },
  { key: 'name', value: (r) => r.name },
  { key: 'enterprise', value: (r) => r.enterprise },
  { key: 'zoneId', value: (r) => r.zoneId },
  { key: 'functionalArea', value: (r, l) => translate(l, `functionalArea.${r.functionalArea ?? 'none'}`) },
  { key: 'landUse', value: (r) => r.landUse },
  { key: 'industryCode', value: (r) => r.industryCode },
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
  { key: 'idleStatus', value: (r, l) => translate(l, `idleStatus.${r.idle.status}`) },
  { key: 'idleReason', value: (r, l) => translate(l, `idleReason.${r.idle.reason}`) },
  { key: 'idleSince', value: (r) => r.idle.sinceDate },
  { key: 'idleDeadline', value: (r) => r.idle.deadlineDate },
  { key: 'idleYears', value: (r) => r.idle.years },
  { key: 'idleMeasure', value: (r, l) => translate(l, `measure.${r.idle.measure ?? 'none'}`) },
  { key: 'idleCause', value: (r, l) => translate(l, `cause.${r.idle.cause ?? 'none'}`) },
  { key: 'lowEfficiency', value: (r, l) => translate(l, r.lowEfficiency.status ? 'yes' : 'no') },
  {
    key: 'lowEfficiencyReasons',
    value: (r, l) =>
      r.lowEfficiency.reasons.map((x) => `${translate(l, `indicator.${x.indicator}`)} ${round(x.value, 3)} / ${round(x.threshold, 3)}`).join('; '),
  },
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
  tail(zones: readonly ZoneSummary[], problems: readonly Problem[]): string;
}

export type ReportFormat = 'json' | 'csv' | 'geojson';

export function reportWriter(format: ReportFormat, meta: ReportMeta, lang: Lang): ReportWriter {
  if (format === 'csv') {
    const fields = REPORT_COLUMNS.map((c) => translate(lang, `column.${c.key}`));
    return {
      // a UTF-8 BOM and Chinese headers, so Excel opens it with the right encoding
      head: `\uFEFF${Papa.unparse([fields], { newline: '\r\n' })}\r\n`,
      separator: '',
      parcel: (r) => `${csvLine(REPORT_COLUMNS.map((c) => c.value(r, lang) ?? ''))}\r\n`,
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
    tail: (zones, problems) => `],"zones":${JSON.stringify(zones)},"problems":${JSON.stringify(problems)},"sources":${JSON.stringify(sources)}}`,
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

/** One CSV line as papaparse writes it (quoting where needed), without its line end. */
function csvLine(values: (string | number)[]): string {
  return Papa.unparse([values], { newline: '\r\n' });
}
