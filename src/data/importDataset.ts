import { isIsoDate } from '../domain/dates';
import { defaultRules } from '../domain/rules';
import type { CrsDetection } from '../geo/crs';
import { type GkZone, zoneNumber } from '../geo/gaussKruger';
import { translate } from '../i18n/plain';
import type { Lang } from '../i18n/resources';
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
    // an imported dataset has no plan (the plan's targets are the embedded datasets' plan.json)
    return { manifest, rules: defaultRules(), plan: null, zones: [], areas: [], constraints: [], boundaries: [], parcels: null, problems, summary };
  }
  const layer = openImportLayer(read, assembled);
  const parcels = parcelReaderOf(layer, read.file || 'import');
  return { manifest, rules, plan: null, zones: [], areas: [], constraints: [], boundaries: [], parcels, problems, summary };
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

/** Where an imported dataset came from, in both languages: files, encoding, coordinate system, join (the export's note). */
export function importProvenance(summary: ImportSummary, crs: CrsDetection | null, importedAt: string): { zh: string; en: string } {
  const text = (lang: Lang) => {
    const { read, assembled, join } = summary;
    const encoding = read.encoding
      ? `${translate(lang, `encodingName.${read.encoding.encoding}`)}（${translate(lang, `encodingFrom.${read.encoding.from}`, { stated: read.encoding.stated ?? '' })}）`
      : '—';
    const crsName = crsLabel(crs);
    let s = translate(lang, 'provenance.source', {
      file: read.file,
      at: importedAt.slice(0, 10),
      encoding: lang === 'en' ? encoding.replace('（', ' (').replace('）', ')') : encoding,
      crs: `${crsName}${lang === 'en' ? ' (' : '（'}${translate(lang, `crsFrom.${assembled.crsFrom}`)}${lang === 'en' ? ')' : '）'}`,
    });
    if (join && read.table) s += translate(lang, 'provenance.table', { table: read.table.file, key: join.spec.key, tableKey: join.spec.tableKey });
    return s + translate(lang, 'provenance.mapping');
  };
  return { zh: text('zh'), en: text('en') };
}

/** A CRS as a short name: EPSG:4547, a .prj's name, GCJ-02, lon/lat. */
export function crsLabel(crs: CrsDetection | null): string {
  if (!crs) return '—';
  if (crs.kind === 'lonlat') return 'EPSG:4490';
  if (crs.kind === 'gauss-kruger')
    return crs.perFeature && crs.zones.length > 1
      ? `CGCS2000 GK ${crs.zones.join('/')}`
      : `CGCS2000 GK ${crs.zone.zoneWidth ?? 3}° CM ${crs.zone.centralMeridian}°E${crs.zone.zonePrefix ? ` (${zonePrefixLabel(crs.zone)})` : ''}`;
  if (crs.kind === 'proj4') return crs.name;
  if (crs.kind === 'offset') return crs.system === 'gcj02' ? 'GCJ-02' : 'BD-09';
  return '—';
}

const zonePrefixLabel = (zone: GkZone) => `zone ${zoneNumber(zone)}`;
