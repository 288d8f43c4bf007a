import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const FIXTURES = join(ROOT, 'tests', 'fixtures');
export const fixturePath = (...parts: string[]) => join(FIXTURES, ...parts);
export const readFixture = (...parts: string[]) => readFileSync(fixturePath(...parts), 'utf8');
export const readFixtureBytes = (...parts: string[]): Uint8Array => new Uint8Array(readFileSync(fixturePath(...parts)));
/** Every file under a folder, recursively, whose name passes `keep` (all by default). */
export function filesUnder(dir: string, keep: (name: string) => boolean = () => true): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p, keep) : keep(name) ? [p] : [];
  });
}
export const readJsonFixture = <T>(...parts: string[]): T => JSON.parse(readFixture(...parts)) as T;

/** A dataset folder read from disk, as the CLI reads it. */
export function folderReader(dir: string) {
  return async (rel: string) => {
    try {
      return readFileSync(join(dir, rel), 'utf8');
    } catch {
      return null;
    }
  };
}

/** Relative difference |a − b| / |b|. */
export const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
