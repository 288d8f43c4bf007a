import type { ParcelGeometry, ParcelResult } from '../domain/types';
import type { Sink } from './sink';

/**
 * Every parcel's whole result (and, when asked, its geometry), in file order: for what needs the results as objects
 * (tests of the rules on every demo parcel; small exports). A large file's results are never kept: the other sinks
 * make what the app and the CLI need a parcel at a time.
 */
export interface Results {
  results: ParcelResult[];
  /** each result's geometry, when the spec asks for it */
  geometries: ParcelGeometry[] | null;
}

export const resultSink: Sink<{ geometry: boolean }, Results, Results> = {
  writer(spec) {
    const out: Results = { results: [], geometries: spec.geometry ? [] : null };
    return {
      add(r, parcel) {
        out.results.push(r);
        out.geometries?.push(parcel.geometry);
      },
      finish: () => out,
    };
  },
  transfer: () => [],
  joiner(spec) {
    const out: Results = { results: [], geometries: spec.geometry ? [] : null };
    return {
      add(part, keep) {
        part.results.forEach((r, k) => {
          if (keep && keep[k] !== 1) return;
          out.results.push(r);
          if (out.geometries && part.geometries) out.geometries.push(part.geometries[k] as ParcelGeometry);
        });
      },
      finish: () => out,
    };
  },
};
