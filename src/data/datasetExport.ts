import { strToU8, zipSync } from 'fflate';
import type { RuleSet } from '../domain/rules';
import type { DatasetManifest } from './dataset';
import type { RawFeature } from './geojson';
import type { ParcelReader } from './parcels';

/**
 * A dataset as a dataset folder, the form the CLI audits and a repository commits (docs/import.md): dataset.json, the
 * parcels as GeoJSON (lon/lat, RFC 7946, the properties the import mapped, the source's other fields beside them), the
 * rules it was analysed with, and notes on where it came from. What an officer assembled in the app (a Shapefile, a
 * table joined, a mapping) is exported this way and audited by `audit <folder>` with the same results.
 */
export interface DatasetFolderInput {
  manifest: DatasetManifest;
  rules: RuleSet;
  parcels: ParcelReader;
  /** where the data came from, in both languages (a note of dataset.json: members ending in "Note" are notes) */
  provenance?: { zh: string; en: string };
  /** other files to put beside (the mapping used, as mapping.json) */
  extra?: Record<string, string>;
}

/** The folder's files by path. Parcels dropped by the reader (errors) are not written: their problems say why. */
export function datasetFolderFiles(input: DatasetFolderInput): Record<string, Uint8Array> {
  const parts: string[] = [];
  input.parcels.layer.each((f: RawFeature) => {
    parts.push(JSON.stringify({ type: 'Feature', properties: f.properties, geometry: f.geometry }));
  });
  const manifest: Record<string, unknown> = {
    ...input.manifest,
    rules: 'rules.json',
    layers: { parcels: 'parcels.geojson' },
    zones: [],
  };
  if (input.provenance) {
    manifest.importNote = input.provenance.zh;
    manifest.importEnNote = input.provenance.en;
  }
  const files: Record<string, Uint8Array> = {
    'dataset.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`),
    'parcels.geojson': strToU8(`{"type":"FeatureCollection","features":[\n${parts.join(',\n')}\n]}\n`),
    'rules.json': strToU8(`${JSON.stringify(input.rules, null, 2)}\n`),
  };
  for (const [name, text] of Object.entries(input.extra ?? {})) files[name] = strToU8(text);
  return files;
}

/** The folder as a zip (one folder inside, named `folder`), as the app offers it for download. */
export function zipDatasetFolder(folder: string, files: Record<string, Uint8Array>): Uint8Array {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what a folder name must not hold
  const safe = folder.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || 'dataset';
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, bytes]) => [`${safe}/${name}`, bytes])), { level: 6 });
}
