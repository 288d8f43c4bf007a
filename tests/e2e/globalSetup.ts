import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build, preview } from 'vite';
import type { TestProject } from 'vitest/node';
import { generateScale } from '../../seeds/generate-scale';
import { writeDatasetIndex } from '../../src/build/datasetIndex';
import { arraySource } from '../../src/engine/packedFeatures';
import { writePmtiles } from '../../src/engine/pmtiles';
import { PARCEL_TILE_LAYER } from '../../src/engine/tileFeatures';
import { parcelTiles } from '../../src/engine/tiles';
import { unionBbox } from '../../src/geo/bbox';
import { analyseLuohe, tileFeaturesOf } from '../helpers/analyse';
import { ROOT } from '../helpers/fixtures';

/**
 * Builds the production app once, adds the test datasets beside the embedded one (untrusted text, a bad parcel),
 * and serves it on localhost for the browser tests.
 */
export default async function setup(project: TestProject) {
  const configFile = join(ROOT, 'vite.config.ts');
  // Vitest sets NODE_ENV to "test", with which the build would take React's development runtime: build as production
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile, logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const dist = join(ROOT, 'dist');
  writeHostileDataset(dist);
  // the review tests' own copies of the 漯河 data (their decisions are kept per dataset; the orphan test rewrites its parcels)
  for (const name of REVIEW_DATASETS) cpSync(join(ROOT, 'geodata', 'luohe'), join(dist, name), { recursive: true });
  writeBrokenDatasets(dist);
  await writeTiledDataset(dist);
  // above LARGE_DATASET_PARCELS, with no tiles of its own: the app's worker slices it into tiles
  cpSync(generateScale(LARGE_E2E_PARCELS), join(dist, 'e2e-large'), { recursive: true });
  // the app's index of datasets lists the test datasets too (as the build lists geodata/*)
  writeDatasetIndex(dist);
  const server = await preview({ configFile, preview: { port: 4173, strictPort: false, host: '127.0.0.1' }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4173/';
  project.provide('baseUrl', url);
  return async () => {
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  };
}

export const HOSTILE = '<img src=x onerror=alert(1)>';
export const REVIEW_DATASETS = ['e2e-review', 'e2e-orphan'] as const;
export const LARGE_E2E_PARCELS = 25_000;
/**
 * A name written as bytes that are not all UTF-8 (a lone lead byte, a surrogate's encoding) around a valid 漯: the
 * app's worker decodes features in script (src/data/utf8.ts) and must give what TextDecoder gives.
 */
export const ILL_FORMED_NAME_BYTES = [0x66, 0xc3, 0x28, 0xe6, 0xbc, 0xaf, 0xed, 0xa0, 0x80, 0x67];
const ILL_FORMED_PLACEHOLDER = 'ILL_FORMED_UTF8_NAME';

/** The 漯河 data with untrusted HTML in names and one broken parcel: the app must show text and list the problem. */
function writeHostileDataset(dist: string) {
  const src = join(ROOT, 'geodata', 'luohe');
  const out = join(dist, 'e2e-hostile');
  mkdirSync(out, { recursive: true });
  cpSync(src, out, { recursive: true });
  const parcels = JSON.parse(readFileSync(join(src, 'parcels.geojson'), 'utf8'));
  const first = parcels.features[0];
  first.properties.name = HOSTILE;
  first.properties.enterprise = '<script>window.__pwned = true</script>';
  parcels.features[1].geometry.coordinates[0].push([114, 33]); // unclosed ring: dropped with a problem
  parcels.features[2].properties.name = ILL_FORMED_PLACEHOLDER;
  const text = Buffer.from(JSON.stringify(parcels));
  const at = text.indexOf(ILL_FORMED_PLACEHOLDER);
  writeFileSync(
    join(out, 'parcels.geojson'),
    Buffer.concat([text.subarray(0, at), Buffer.from(ILL_FORMED_NAME_BYTES), text.subarray(at + ILL_FORMED_PLACEHOLDER.length)]),
  );
}

/** Where the parcels file of e2e-truncated is cut: this share of its bytes (inside a feature). */
export const TRUNCATED_AT = 0.6;

/**
 * Datasets broken the ways issue 18 lists, for the app to load what it can and say what it cannot:
 *  - e2e-offorigin: dataset.json names files by full URLs, a javascript: URL, an absolute path, a path out of the
 *    folder; none is fetched, each is a problem naming its member, the parcels load;
 *  - e2e-missing: a layer named but not there (the server answers with the app's page): "not found", not "not JSON";
 *  - e2e-truncated: the parcels file cut short inside a feature: the complete features before the cut are kept.
 */
function writeBrokenDatasets(dist: string) {
  const src = join(ROOT, 'geodata', 'luohe');
  const manifest = JSON.parse(readFileSync(join(src, 'dataset.json'), 'utf8'));
  const copy = (name: string, change: (m: typeof manifest, out: string) => void) => {
    const out = join(dist, name);
    cpSync(src, out, { recursive: true });
    const m = structuredClone(manifest);
    change(m, out);
    writeFileSync(join(out, 'dataset.json'), JSON.stringify(m));
  };
  copy('e2e-offorigin', (m) => {
    m.layers.zones = 'http://example.com/zones.geojson';
    m.layers.areas = '../luohe/areas.geojson';
    m.layers.constraints = 'javascript:alert(1)';
    m.layers.boundaries = '/etc/passwd';
    m.layers.parcelTiles = { path: 'https://example.com/parcels.pmtiles', minZoom: 12, maxZoom: 14 };
  });
  copy('e2e-missing', (m) => {
    m.layers.zones = 'no-such-zones.geojson';
  });
  copy('e2e-truncated', (_, out) => {
    const bytes = readFileSync(join(src, 'parcels.geojson'));
    writeFileSync(join(out, 'parcels.geojson'), bytes.subarray(0, Math.floor(bytes.length * TRUNCATED_AT)));
  });
}

/** The 漯河 data with its parcels as vector tiles (as `audit --tiles` writes them), to test the large-data path. */
async function writeTiledDataset(dist: string) {
  const out = join(dist, 'e2e-tiles');
  cpSync(join(ROOT, 'geodata', 'luohe'), out, { recursive: true });
  const a = await analyseLuohe();
  for (const t of parcelTiles(arraySource(tileFeaturesOf(a)), { minZoom: 12, maxZoom: 14 })) {
    mkdirSync(dirname(join(out, 'tiles', t.path)), { recursive: true });
    writeFileSync(join(out, 'tiles', t.path), t.bytes);
  }
  const manifest = JSON.parse(readFileSync(join(out, 'dataset.json'), 'utf8'));
  manifest.layers.parcelTiles = { path: 'tiles', minZoom: 12, maxZoom: 14 };
  writeFileSync(join(out, 'dataset.json'), JSON.stringify(manifest));
  // the same tiles as one PMTiles archive
  const pm = join(dist, 'e2e-pmtiles');
  cpSync(join(ROOT, 'geodata', 'luohe'), pm, { recursive: true });
  const bounds = unionBbox(a.geometries) ?? [0, 0, 0, 0];
  const archive = writePmtiles(parcelTiles(arraySource(tileFeaturesOf(a)), { minZoom: 12, maxZoom: 14 }), {
    minZoom: 12,
    maxZoom: 14,
    bounds,
    layer: { id: PARCEL_TILE_LAYER, fields: {} },
    name: 'e2e',
  });
  writeFileSync(join(pm, 'parcels.pmtiles'), archive);
  manifest.layers.parcelTiles = { path: 'parcels.pmtiles', minZoom: 12, maxZoom: 14 };
  writeFileSync(join(pm, 'dataset.json'), JSON.stringify(manifest));
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
