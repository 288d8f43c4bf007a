import { analysisMeta, summaryAccumulator } from '../analysis/analyse';
import { type ReportFormat, reportWriter } from '../analysis/report';
import { openDataset, openParcelsFile, type TextReader } from '../data/dataset';
import type { LayerInput } from '../data/geojson';
import { openImport } from '../data/importDataset';
import type { ImportSettings, ImportSources } from '../data/importLayer';
import { formatProblem, type Problem } from '../data/problem';
import { problemTotals } from '../data/problemList';
import type { Grading } from '../domain/grading';
import type { Tally } from '../domain/summary';
import type { Flag } from '../domain/types';
import { muFromM2 } from '../domain/units';
import type { DeclaredCrs } from '../geo/crs';
import { translate } from '../i18n/plain';
import type { Lang } from '../i18n/resources';
import type { TileFeatureSource } from './packedFeatures';
import { analyseInShards, runProblems, type ShardPool, shardSpecOf } from './shards';

export type AuditFormat = ReportFormat;

export interface AuditRequest {
  /**
   * A dataset folder, one parcels file as text or bytes (bytes are read feature by feature), or an import (a zipped
   * Shapefile, a .shp with its siblings, a GeoJSON, with a table to join and a field mapping: data/importLayer.ts).
   */
  input:
    | { kind: 'folder'; read: TextReader }
    | { kind: 'file'; file: string; text: LayerInput }
    | { kind: 'import'; name: string; sources: ImportSources; settings: ImportSettings };
  asOfDate: string | null;
  centralMeridian: number | null;
  /** the input's coordinate system as an EPSG code (--crs), or null */
  crsCode?: number | null;
  /** GCJ-02 or BD-09 declared (--crs GCJ-02) */
  declared?: DeclaredCrs | null;
  rulesText: { file: string; text: string } | null;
  format: AuditFormat;
  lang: Lang;
  /** Keep each parcel's tile feature (for vector tiles): `kept` is then returned. */
  keepTileFeatures?: boolean;
  /**
   * Gets the report as UTF-8, piece by piece in order, as the parcels are analysed (each piece valid during the call
   * only); nothing when no parcel was read (the audit is then not usable).
   */
  write: (utf8: Uint8Array) => void;
  /** Worker threads that analyse parts of the file alongside this one. */
  pool?: ShardPool | null;
  /** Features per part (see analyseInShards). */
  featuresPerPart?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface AuditResult {
  usable: boolean;
  parcelCount: number;
  problems: Problem[];
  /** each parcel's tile feature (geometry and the properties the map reads), only when keepTileFeatures asked for them */
  kept: { features: TileFeatureSource; datasetName: string | null } | null;
  summaryLine: string;
  problemLines: string[];
}

/**
 * The one pipeline behind the CLI: load → validate → analyse → report, the parcels analysed in parts on this thread
 * and the pool's (shards.ts), the report written as they come, in file order.
 */
export async function runAudit(req: AuditRequest): Promise<AuditResult> {
  const opts = { centralMeridian: req.centralMeridian, crsCode: req.crsCode ?? null, declared: req.declared ?? null, rulesText: req.rulesText };
  const input = req.input;
  const opened =
    input.kind === 'folder'
      ? await openDataset(input.read, opts)
      : input.kind === 'import'
        ? await openImport(input.sources, input.settings, { name: input.name, asOfDate: req.asOfDate }, opts)
        : openParcelsFile(input.text, input.file, opts);
  const reader = opened.parcels;
  const meta = analysisMeta(opened, req.asOfDate);
  const keep = req.keepTileFeatures === true;
  // the CSV names each parcel's zone
  const reportMeta = { ...meta, zoneNames: opened.zones.map(({ id, name, nameEn }) => ({ id, name, nameEn })) };
  // A report's parcels carry their grades, which need every parcel's score: a first run over the file scores them
  // (summaries only), the second writes the report with the grades' cut-offs (docs/decisions.md#grading-two-runs).
  let grading: Grading | null = null;
  if (reader && opened.rules.grading.enabled) {
    const scoring = shardSpecOf(opened, reader, meta.asOfDate, {});
    grading = (await analyseInShards(reader, scoring, req.pool ?? null, { featuresPerPart: req.featuresPerPart })).outputs.summary.grading();
  }
  const spec = shardSpecOf(
    opened,
    reader,
    meta.asOfDate,
    { report: { format: req.format, lang: req.lang, meta: reportMeta }, ...(keep ? { features: true } : {}) },
    grading,
  );
  const writer = reportWriter(req.format, reportMeta, req.lang);
  let started = false;
  const utf8 = new TextEncoder();
  const joined = reader
    ? await analyseInShards(reader, spec, req.pool ?? null, {
        featuresPerPart: req.featuresPerPart,
        onProgress: req.onProgress,
        locals: {
          report: {
            write: (bytes) => {
              if (!started) req.write(utf8.encode(writer.head));
              started = true;
              req.write(bytes);
            },
          },
        },
      })
    : null;
  const problems = joined ? runProblems(opened, reader, joined).all : [...opened.problems];
  const summary = joined?.outputs.summary ?? summaryAccumulator(opened, meta.asOfDate);
  // (the same cut-offs as the first run's: the same scores, added in the same order)
  const finalGrading = summary.grading();
  const zones = summary.zoneSummaries(finalGrading);
  const tally = summary.tally;
  if (started) req.write(utf8.encode(writer.tail(zones, problems, summary.citySummary(finalGrading), finalGrading)));
  const features = joined?.outputs.features;
  const kept = features ? { features, datasetName: meta.datasetName } : null;
  return {
    usable: tally.parcelCount > 0,
    parcelCount: tally.parcelCount,
    problems,
    kept,
    summaryLine: summaryLine(tally, problems, req.lang, {
      asOfDate: meta.asOfDate,
      defaulted: req.asOfDate == null && (opened.manifest == null || input.kind === 'import'),
    }),
    problemLines: problems.map((p) => formatProblem(p, req.lang)),
  };
}

/**
 * The CLI's last line: the as-of date the rules were applied at (always, and said when it is today's because none was
 * given), the parcels and what was found, and how many problems (those not listed in the report counted too).
 */
export function summaryLine(tally: Tally, problems: readonly Problem[], lang: Lang, asOf: { asOfDate: string; defaulted: boolean }): string {
  const count = (f: Flag) => tally.flagCounts.get(f) ?? 0;
  const { errors, warnings } = problemTotals(problems);
  return translate(lang, 'cli.summary', {
    asOf: asOf.asOfDate,
    asOfNote: asOf.defaulted ? translate(lang, 'cli.asOfToday') : '',
    parcels: tally.parcelCount,
    areaMu: muFromM2(tally.areaM2).toFixed(2),
    idle: count('idle'),
    suspected: count('suspected-idle'),
    low: count('low-efficiency'),
    conflict: count('conflict'),
    breach: count('supply-breach'),
    illegal: count('suspected-illegal-occupation'),
    overdueStart: count('overdue-start'),
    overdueCompletion: count('overdue-completion'),
    errors,
    warnings,
  });
}
