import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AnalysisSession, type SessionOptions } from '../../src/engine/session';
import type { AnalysisClient } from '../../src/state/client';

/**
 * The app's analysis client run in this process: the same AnalysisSession the worker runs, reading dataset files
 * from disk (file: URLs). `calls` records what was asked of it.
 */
export function inProcessClient(opts: SessionOptions = {}): AnalysisClient & { calls: string[]; session: AnalysisSession } {
  const session = new AnalysisSession({
    readFile: async (url) => {
      try {
        return new Uint8Array(readFileSync(fileURLToPath(url)));
      } catch {
        return null;
      }
    },
    ...opts,
  });
  const calls: string[] = [];
  return {
    calls,
    session,
    load: (baseUrl, asOfDate, progress, onMapLayers, threads) => {
      calls.push('load');
      return session.load(baseUrl, asOfDate, progress, onMapLayers, threads);
    },
    reevaluate: async (asOfDate) => {
      calls.push(`reevaluate ${asOfDate}`);
      return session.reevaluate(asOfDate);
    },
    compare: async (from, to) => session.compare(from, to),
    parcel: async (id) => {
      calls.push(`parcel ${id}`);
      return session.parcel(id);
    },
    results: async (ids, withGeometry) => session.results(ids, withGeometry),
    prepareTiles: async () => session.prepareTiles(),
    prepareTilesIn: async (box) => {
      calls.push('prepareTilesIn');
      return session.prepareTilesIn(box);
    },
    tile: async (z, x, y) => session.tile(z, x, y),
    exportDataset: async () => session.exportDataset(),
  };
}
