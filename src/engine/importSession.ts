import { crsLabel, openReadImport } from '../data/importDataset';
import { type ImportRead, type ImportSettings, type ImportSources, readImport, sourceFields } from '../data/importLayer';
import type { JoinReport } from '../data/join';
import type { FieldMapping, MappingTarget, SourceField, Unit } from '../data/mapping';
import type { Problem } from '../data/problem';
import { problemsOf, problemTotals } from '../data/problemList';
import type { ImportFile } from '../data/shapefile';
import type { EncodingChoice } from '../data/textEncodings';
import { muFromM2 } from '../domain/units';
import { planarAreaM2 } from '../geo/area';
import { type Bbox, bboxOf } from '../geo/bbox';

/**
 * The import's preview, made in the import worker (src/worker/import.worker.ts) before anything changes: the files
 * read, mapped and joined exactly as the analysis will (data/importDataset.ts), every parcel read through the contract,
 * and what the officer decides from: the encoding and CRS used, sample parcels with their names and areas, the
 * source fields with sample values, the mapping and the units the values suggest, the join's report, the problems.
 * Reading is done once per set of files (and again when the encoding, layer or sheet changes); a new mapping or join
 * is assembled from what was read.
 */
export interface ImportPreview {
  file: string;
  kind: ImportRead['kind'];
  layers: string[];
  sheets: string[];
  encoding: EncodingChoice | null;
  tableEncoding: EncodingChoice | null;
  /** the CRS used, as a short name, and where it came from */
  crs: string;
  crsFrom: 'option' | 'prj' | 'detected';
  /** features in the file, and parcels read (those without errors) */
  featureCount: number;
  parcelCount: number;
  areaMu: number;
  /** the parcels' bounds (lon/lat), null when none was read */
  bbox: Bbox | null;
  /** the first parcels, to see names and places */
  sample: { index: number; id: string; name: string | null; enterprise: string | null; areaM2: number }[];
  fields: SourceField[];
  tableFile: string | null;
  tableRows: number;
  mapping: FieldMapping;
  unitHints: Partial<Record<MappingTarget, Unit>>;
  join: JoinReport | null;
  /** the problems (bounded per kind), with the totals counted over all */
  problems: Problem[];
  errors: number;
  warnings: number;
  /** the import cannot be used: no parcel was read */
  failed: boolean;
}

export type ImportProgress = (step: 'read' | 'map' | 'check', done: number, total: number) => void;

const SAMPLE_PARCELS = 8;

export class ImportSession {
  private sources: ImportSources | null = null;
  private read: ImportRead | null = null;
  /** the settings the files were read with (a change of these reads them again) */
  private readWith: Pick<ImportSettings, 'encoding' | 'tableEncoding' | 'layer' | 'sheet'> = {};

  /** Reads new files (and forgets the ones before). */
  async open(parcels: ImportFile[], table: ImportFile | null, settings: ImportSettings, progress?: ImportProgress): Promise<ImportPreview> {
    this.sources = { parcels, table };
    this.read = null;
    return this.preview(settings, progress);
  }

  /** The preview for these settings: the files read again only when the encoding, layer or sheet changed. */
  async preview(settings: ImportSettings, progress?: ImportProgress): Promise<ImportPreview> {
    if (!this.sources) throw new Error('no files');
    const readWith = {
      encoding: settings.encoding ?? null,
      tableEncoding: settings.tableEncoding ?? null,
      layer: settings.layer ?? null,
      sheet: settings.sheet ?? null,
    };
    if (!this.read || JSON.stringify(readWith) !== JSON.stringify(this.readWith)) {
      progress?.('read', 0, 1);
      this.read = await readImport(this.sources, settings);
      this.readWith = readWith;
    }
    progress?.('map', 0, 1);
    const read = this.read;
    const opened = openReadImport(read, settings, { name: 'preview' });
    const reader = opened.parcels;
    const sample: ImportPreview['sample'] = [];
    let parcelCount = 0;
    let areaM2 = 0;
    let box: Bbox | null = null;
    if (reader) {
      const total = reader.featureCount;
      let done = 0;
      reader.each((p) => {
        parcelCount++;
        const a = planarAreaM2(p.geometry);
        areaM2 += a;
        const b = bboxOf(p.geometry);
        box = box ? [Math.min(box[0], b[0]), Math.min(box[1], b[1]), Math.max(box[2], b[2]), Math.max(box[3], b[3])] : b;
        if (sample.length < SAMPLE_PARCELS)
          sample.push({ index: p.index, id: p.props.id, name: p.props.name ?? null, enterprise: p.props.enterprise ?? null, areaM2: a });
        if (++done % 1000 === 0) progress?.('check', done, total);
      });
    }
    const problems = problemsOf(reader?.problems ?? [], opened.problems);
    const totals = problemTotals(problems);
    return {
      file: read.file,
      kind: read.kind,
      layers: read.layers,
      sheets: read.table?.sheets ?? [],
      encoding: read.encoding,
      tableEncoding: read.table?.encoding ?? null,
      crs: crsLabel(reader?.crs ?? null),
      crsFrom: opened.summary.assembled.crsFrom,
      featureCount: reader?.featureCount ?? 0,
      parcelCount,
      areaMu: muFromM2(areaM2),
      bbox: box,
      sample,
      fields: sourceFields(read, 4),
      tableFile: read.table?.file ?? null,
      tableRows: read.table?.rows.length ?? 0,
      mapping: opened.summary.mapping,
      unitHints: opened.summary.assembled.unitHints,
      join: opened.summary.join,
      problems: problems.slice(0, PREVIEW_PROBLEMS),
      errors: totals.errors,
      warnings: totals.warnings,
      failed: parcelCount === 0,
    };
  }
}

/** Problems sent to the page with a preview (the totals count them all). */
const PREVIEW_PROBLEMS = 500;
