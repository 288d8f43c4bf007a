import { join } from 'node:path';
import { type AnalysisMeta, analysisMeta, summaryAccumulator } from '../../src/analysis/analyse';
import type { ReportFormat } from '../../src/analysis/report';
import { type LoadOptions, type OpenedDataset, openDataset, openParcelsFile, type TextReader } from '../../src/data/dataset';
import type { LayerInput, ReadOptions } from '../../src/data/geojson';
import { openParcels } from '../../src/data/parcels';
import type { Problem } from '../../src/data/problem';
import type { Grading } from '../../src/domain/grading';
import type { CitySummary, Parcel, ParcelGeometry, ParcelResult, ZoneSummary } from '../../src/domain/types';
import { runAudit } from '../../src/engine/audit';
import { fromWire, gradeIndex, joinTableParts, type ParcelTable } from '../../src/engine/parcelTable';
import { analyseInShards, runProblems, type ShardPool, shardSpecOf } from '../../src/engine/shards';
import { type TileFeature, tileFeature } from '../../src/engine/tileFeatures';
import type { CrsDetection } from '../../src/geo/crs';
import type { Lang } from '../../src/i18n/resources';
import { folderReader, ROOT } from './fixtures';

/**
 * Analyses as the app and the CLI do (the one path, src/engine/shards.ts), keeping every parcel's whole result and
 * geometry (the results sink), for tests that check results parcel by parcel.
 */
export interface TestAnalysis extends AnalysisMeta {
  parcels: ParcelResult[];
  /** each parcel's geometry, in the order of `parcels` */
  geometries: ParcelGeometry[];
  zones: ZoneSummary[];
  city: CitySummary;
  /** the grades' cut-offs of the city and of each zone (each parcel's grades are set from them) */
  grading: Grading;
  problems: Problem[];
  /** the app's table of the parcels (the table sink's output), its text decoded as the page decodes it */
  table: ParcelTable;
}

export interface AnalyseOptions {
  /** null: the dataset's as-of date, else today */
  asOfDate?: string | null;
  pool?: ShardPool | null;
  featuresPerPart?: number;
}

export async function analyseOpened(opened: OpenedDataset, opts: AnalyseOptions = {}): Promise<TestAnalysis> {
  const meta = analysisMeta(opened, opts.asOfDate ?? null);
  const reader = opened.parcels;
  const spec = shardSpecOf(opened, reader, meta.asOfDate, { results: { geometry: true }, table: { zoneIds: opened.zones.map((z) => z.id) } });
  const joined = reader ? await analyseInShards(reader, spec, opts.pool ?? null, { featuresPerPart: opts.featuresPerPart }) : null;
  const summary = joined?.outputs.summary ?? summaryAccumulator(opened, meta.asOfDate);
  const parcels = joined?.outputs.results?.results ?? [];
  // grades need every parcel's score: set once all are joined (as the app sets its table's)
  const grading = summary.grading();
  parcels.forEach((p, i) => {
    p.efficiency.grade = summary.scores.gradesOf(opened.rules, grading, i);
  });
  const table = joined?.outputs.table ?? joinTableParts([], [], new Float64Array(0));
  for (let i = 0; i < parcels.length; i++) {
    table.gradeCity[i] = gradeIndex(parcels[i]?.efficiency.grade.city ?? null);
    table.gradeZone[i] = gradeIndex(parcels[i]?.efficiency.grade.zone ?? null);
  }
  return {
    ...meta,
    parcels,
    geometries: joined?.outputs.results?.geometries ?? [],
    zones: summary.zoneSummaries(grading),
    city: summary.citySummary(grading),
    grading,
    problems: joined ? runProblems(opened, reader, joined).all : [...opened.problems],
    table: await fromWire(table, async () => {}),
  };
}

/** A dataset folder (read by `read`) analysed. */
export const analyseFolder = async (read: TextReader, opts: AnalyseOptions & LoadOptions = {}) => analyseOpened(await openDataset(read, opts), opts);

/** A lone parcels file analysed with the default rules. */
export const analyseParcelsFile = (input: LayerInput, file: string, opts: AnalyseOptions & LoadOptions = {}) =>
  analyseOpened(openParcelsFile(input, file, opts), opts);

export const LUOHE = join(ROOT, 'geodata', 'luohe');

/** The embedded 漯河 dataset analysed (at its own as-of date unless another is given). */
export const analyseLuohe = (asOfDate: string | null = null) => analyseFolder(folderReader(LUOHE), { asOfDate });

/** The tile features of an analysis (results and geometries in order), as the engine's feature sink makes them. */
export const tileFeaturesOf = (a: Pick<TestAnalysis, 'parcels' | 'geometries'>): TileFeature[] =>
  a.parcels.map((r, i) => tileFeature(r, a.geometries[i] as ParcelGeometry));

/** Every valid parcel of a parcels file, as read (no analysis), with the file's problems. */
export function readParcels(input: LayerInput, opts: ReadOptions): { parcels: Parcel[]; problems: Problem[]; crs: CrsDetection | null; featureCount: number } {
  const reader = openParcels(input, opts);
  const parcels: Parcel[] = [];
  reader.each((p) => {
    parcels.push(p);
  });
  return { parcels, problems: reader.problems, crs: reader.crs, featureCount: reader.featureCount };
}

/** The embedded dataset's layers and every parcel as read (no analysis). */
export async function readLuohe(): Promise<OpenedDataset & { parcelList: Parcel[] }> {
  const opened = await openDataset(folderReader(LUOHE));
  const parcelList: Parcel[] = [];
  opened.parcels?.each((p) => {
    parcelList.push(p);
  });
  return { ...opened, parcelList };
}

/** The report the CLI writes of a dataset folder (runAudit, the CLI's pipeline), as text. */
export async function auditReport(
  read: TextReader,
  format: ReportFormat,
  opts: { asOfDate?: string | null; featuresPerPart?: number; lang?: Lang; pool?: ShardPool | null } = {},
): Promise<string> {
  const pieces: Buffer[] = [];
  await runAudit({
    input: { kind: 'folder', read },
    asOfDate: opts.asOfDate ?? null,
    centralMeridian: null,
    rulesText: null,
    format,
    lang: opts.lang ?? 'zh',
    write: (bytes) => pieces.push(Buffer.from(bytes)), // a copy: the bytes are valid during the call only
    pool: opts.pool ?? null,
    featuresPerPart: opts.featuresPerPart,
  });
  return Buffer.concat(pieces).toString('utf8');
}
