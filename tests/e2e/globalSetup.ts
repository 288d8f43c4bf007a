import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, preview } from 'vite';
import type { TestProject } from 'vitest/node';
import { ROOT } from '../helpers/fixtures';

/**
 * Builds the production app once, adds the test datasets beside the embedded one (untrusted text, a bad parcel),
 * and serves it on localhost for the browser tests.
 */
export default async function setup(project: TestProject) {
  const configFile = join(ROOT, 'vite.config.ts');
  await build({ configFile, logLevel: 'warn' });
  const dist = join(ROOT, 'dist');
  writeHostileDataset(dist);
  const server = await preview({ configFile, preview: { port: 4173, strictPort: false, host: '127.0.0.1' }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4173/';
  project.provide('baseUrl', url);
  return async () => {
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  };
}

export const HOSTILE = '<img src=x onerror=alert(1)>';

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
  writeFileSync(join(out, 'parcels.geojson'), JSON.stringify(parcels));
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
