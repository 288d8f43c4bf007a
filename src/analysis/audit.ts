import { type Dataset, openDataset, openParcelsFile, type TextReader } from '../data/dataset';
import type { LayerInput } from '../data/geojson';
import { formatProblem } from '../data/problem';
import { muFromM2 } from '../domain/units';
import { translate } from '../i18n/plain';
import type { Lang } from '../i18n/resources';
import { type Analysis, analyseOpened } from './analyse';
import { csvChunks, jsonReportChunks, toGeoJson } from './report';

export type AuditFormat = 'json' | 'csv' | 'geojson';

export interface AuditRequest {
  /** A dataset folder, or one parcels file as text or bytes (bytes are read feature by feature). */
  input: { kind: 'folder'; read: TextReader } | { kind: 'file'; file: string; text: LayerInput };
  asOfDate: string | null;
  centralMeridian: number | null;
  rulesText: { file: string; text: string } | null;
  format: AuditFormat;
  lang: Lang;
  /** Keep the parcels' geometry after analysis (for vector tiles); the GeoJSON format keeps it anyway. */
  keepGeometry?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface AuditResult {
  usable: boolean;
  analysis: Analysis;
  dataset: Dataset;
  /** each parcel's bbox, in result order */
  bboxes: Float64Array;
  /** the report as text chunks, to be written in order */
  output: Iterable<string>;
  summaryLine: string;
  problemLines: string[];
}

/** The one pipeline behind the CLI (and, through the worker, the app): load → validate → analyse → format. */
export async function runAudit(req: AuditRequest): Promise<AuditResult> {
  const opts = { centralMeridian: req.centralMeridian, rulesText: req.rulesText };
  const opened = req.input.kind === 'folder' ? await openDataset(req.input.read, opts) : openParcelsFile(req.input.text, req.input.file, opts);
  // The as-of date defaults to the dataset's, else today. Geometry is dropped once measured unless an output needs it.
  const { dataset, analysis, bboxes } = analyseOpened(opened, {
    asOfDate: req.asOfDate,
    keepGeometry: req.format === 'geojson' || req.keepGeometry === true,
    onProgress: req.onProgress,
  });
  const output: Iterable<string> =
    req.format === 'csv'
      ? csvChunks(analysis.parcels, req.lang)
      : req.format === 'geojson'
        ? [JSON.stringify(toGeoJson(analysis, dataset.parcels))]
        : jsonReportChunks(analysis);
  return {
    usable: analysis.parcels.length > 0,
    analysis,
    dataset,
    bboxes,
    output,
    summaryLine: summaryLine(analysis, req.lang),
    problemLines: analysis.problems.map(formatProblem),
  };
}

export function summaryLine(a: Analysis, lang: Lang): string {
  const count = (f: string) => a.parcels.filter((p) => p.flags.includes(f as never)).length;
  const areaM2 = a.parcels.reduce((s, p) => s + p.areaM2, 0);
  return translate(lang, 'cli.summary', {
    parcels: a.parcels.length,
    areaMu: muFromM2(areaM2).toFixed(2),
    idle: count('idle'),
    suspected: count('suspected-idle'),
    low: count('low-efficiency'),
    conflict: count('conflict'),
    errors: a.problems.filter((p) => p.severity === 'error').length,
    warnings: a.problems.filter((p) => p.severity === 'warning').length,
  });
}
