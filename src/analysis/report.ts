import type { Feature, FeatureCollection } from 'geojson';
import Papa from 'papaparse';
import { withChecks } from '../domain/lowEfficiency';
import type { Parcel, ParcelGeometry, ParcelResult } from '../domain/types';
import { translate } from '../i18n/plain';
import type { Lang } from '../i18n/resources';
import type { Analysis } from './analyse';

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

/**
 * CSV with a UTF-8 BOM and Chinese headers, so Excel opens it with the right encoding, as text chunks of
 * `rowsPerChunk` rows written piece by piece (a 100k-row CSV is never one string).
 */
export function* csvChunks(parcels: readonly ParcelResult[], lang: Lang = 'zh', rowsPerChunk = 200): Generator<string> {
  const fields = REPORT_COLUMNS.map((c) => translate(lang, `column.${c.key}`));
  yield `\uFEFF${Papa.unparse([fields], { newline: '\r\n' })}\r\n`;
  for (let i = 0; i < parcels.length; i += rowsPerChunk) {
    const data = parcels.slice(i, i + rowsPerChunk).map((r) => REPORT_COLUMNS.map((c) => c.value(r, lang) ?? ''));
    yield `${Papa.unparse(data, { newline: '\r\n' })}\r\n`;
  }
}

/**
 * The JSON report `{ asOf, dataset, illustrative, sources, parcels, zones, problems }`, as text chunks so a large report
 * is written piece by piece rather than built as one string. Each indicator check names its rule's source as an index
 * into `sources` (the same few sentences would otherwise repeat in every parcel: a third of a 100k-parcel report).
 * Chunks are kept small (10 parcels, some 20 KB): in profiles, V8 was much slower to encode or join strings of some
 * 100 KB and more (they live in its large-object space) than the same text in small pieces.
 */
export function* jsonReportChunks(a: Analysis, parcelsPerChunk = 10): Generator<string> {
  const sources: string[] = [];
  const index = new Map<string, number>();
  const sourceIndex = (source: string) => {
    let i = index.get(source);
    if (i === undefined) {
      i = sources.length;
      sources.push(source);
      index.set(source, i);
    }
    return i;
  };
  // the source index is put in place before JSON.stringify (a replacer function would run for every key of the
  // report); the checks are made afresh for each call, so they are changed in place, keeping the objects' shapes
  const withSourceIndex = (p: ParcelResult) => {
    const d = withChecks(p, a.rules);
    for (const c of d.lowEfficiency.checks) (c as { source: string | number }).source = sourceIndex(c.source);
    return d;
  };
  const head = JSON.stringify({ asOf: a.asOfDate, dataset: a.datasetName, illustrative: a.illustrative });
  yield `${head.slice(0, -1)},"parcels":[`;
  for (let i = 0; i < a.parcels.length; i += parcelsPerChunk) {
    const part = JSON.stringify(a.parcels.slice(i, i + parcelsPerChunk).map(withSourceIndex));
    if (i > 0) yield ',';
    yield part.substring(1, part.length - 1);
  }
  // sources last: they are known only once every parcel has been written
  yield `],"zones":${JSON.stringify(a.zones)},"problems":${JSON.stringify(a.problems)},"sources":${JSON.stringify(sources)}}`;
}

/** The parcels with their results as properties (nested results kept as objects). */
export function toGeoJson(a: Analysis, parcels: readonly Parcel[]): FeatureCollection<ParcelGeometry | null> {
  const geometryById = new Map(parcels.map((p) => [p.props.id, p.geometry]));
  const features: Feature<ParcelGeometry | null>[] = a.parcels.map((r) => ({
    type: 'Feature',
    id: r.id,
    properties: { ...withChecks(r, a.rules), asOf: a.asOfDate },
    geometry: geometryById.get(r.id) ?? null,
  }));
  return { type: 'FeatureCollection', features };
}
