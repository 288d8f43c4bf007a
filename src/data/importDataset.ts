import { isIsoDate } from '../domain/dates';
import { defaultRules } from '../domain/rules';
import { type DatasetManifest, type LoadOptions, manifestSchema, type OpenedDataset, parseRulesFile } from './dataset';
import { type AssembledImport, assembleImport, type ImportRead, type ImportSettings, type ImportSources, openImportLayer, readImport } from './importLayer';
import type { JoinReport } from './join';
import type { FieldMapping } from './mapping';
import { parcelReaderOf } from './parcels';
import { type Problem, problem } from './problem';

/**
 * An imported dataset as the analysis opens it: the parcels read from the officer's files through the import
 * (importLayer.ts), the default rules (or a rules file's), no zones (zone and functional area are then null, as for a
 * lone parcels file), and a manifest made of what the officer named it and its as-of date, so the app lists it and its
 * export is a dataset folder the CLI audits (datasetExport.ts).
 */
export interface ImportMeta {
  /** the dataset's name as the officer gave it */
  name: string;
  /** the as-of date of its rules (default: today) */
  asOfDate?: string | null;
  /** when it was imported (ISO time), said in its notice */
  importedAt?: string;
}

/** What an import gives besides the opened dataset: what the preview and the import's record say. */
export interface ImportSummary {
  read: ImportRead;
  assembled: AssembledImport;
  mapping: FieldMapping;
  join: JoinReport | null;
}

export async function openImport(
  sources: ImportSources,
  settings: ImportSettings,
  meta: ImportMeta,
  opts: Pick<LoadOptions, 'rulesText'> = {},
): Promise<OpenedDataset & { summary: ImportSummary }> {
  const read = await readImport(sources, settings);
  return openReadImport(read, settings, meta, opts);
}

/** Opens an import already read (the preview reads once and assembles again when the mapping changes). */
export function openReadImport(
  read: ImportRead,
  settings: ImportSettings,
  meta: ImportMeta,
  opts: Pick<LoadOptions, 'rulesText'> = {},
): OpenedDataset & { summary: ImportSummary } {
  const assembled = assembleImport(read, settings);
  const problems: Problem[] = [];
  const rules = opts.rulesText ? parseRulesFile(opts.rulesText, problems) : defaultRules();
  const manifest = importManifest(read, meta);
  const summary = { read, assembled, mapping: assembled.mapping, join: assembled.join };
  if (rules == null) {
    problems.push(problem({ file: opts.rulesText?.file ?? read.file, severity: 'error', category: 'file', code: 'no-rules' }));
    return { manifest, rules: defaultRules(), zones: [], areas: [], constraints: [], boundaries: [], parcels: null, problems, summary };
  }
  const layer = openImportLayer(read, assembled);
  const parcels = parcelReaderOf(layer, read.file || 'import');
  return { manifest, rules, zones: [], areas: [], constraints: [], boundaries: [], parcels, problems, summary };
}

/** The manifest of an imported dataset: its name, as-of date, and a notice saying where it came from. */
export function importManifest(read: Pick<ImportRead, 'file' | 'table'>, meta: ImportMeta): DatasetManifest {
  const asOfDate = meta.asOfDate && isIsoDate(meta.asOfDate) ? meta.asOfDate : new Date().toISOString().slice(0, 10);
  const at = meta.importedAt ? meta.importedAt.slice(0, 10) : asOfDate;
  const from = [read.file, read.table?.file].filter(Boolean).join(' + ');
  return manifestSchema.parse({
    name: meta.name,
    nameEn: meta.name,
    illustrative: false,
    notice: `导入自 ${from}（${at}）`,
    noticeEn: `Imported from ${from} (${at})`,
    asOfDate,
    layers: { parcels: 'parcels.geojson' },
  });
}
