import type { AnalysisLayers } from '../analysis/analyse';
import type { Grading } from '../domain/grading';
import type { Parcel, ParcelResult } from '../domain/types';
import type { Bbox } from '../geo/bbox';
import type { CrsDetection } from '../geo/crs';

/**
 * An output of the analysis (the CLI's report, the app's table columns, the map's tile features, the summaries, …).
 * A run analyses a parcels file in parts, on whichever thread is free, and joins the parts in file order (shards.ts);
 * each output is made the same way, by a sink:
 *  - on the thread that analyses a part, a `writer` gets each parcel's result as it is made and gives the part's
 *    output, which must survive a structured clone (typed arrays listed by `transfer` are moved, not copied);
 *  - on the joining thread, a `joiner` gets the parts' outputs in file order, with the parcels to leave out (a
 *    parcel whose id an earlier part has), and gives the joined output.
 * A new output is a new sink (registered in sinks.ts), not a change to the thread code.
 */
export interface Sink<Spec, Part, Joined, Local = undefined> {
  /** A writer of one part's output, for at most `size` parcels. `buffers`: this thread's spare buffers (see `spent`), to take from. */
  writer(spec: Spec, run: RunSpec, size: number, buffers: Uint8Array[]): PartWriter<Part>;
  /** The buffers of a part's output to transfer to the joining thread. */
  transfer(part: Part): ArrayBuffer[];
  /** Buffers of a joined part that the thread that made it can use again (fresh memory is slow to touch on small machines). */
  spent?(part: Part): Uint8Array[];
  /** The joining side. `total`: the file's feature count (an upper bound of the parcels); `local`: what the caller gives this output there. */
  joiner(spec: Spec, run: RunSpec, total: number, local: Local): PartJoiner<Part, Joined>;
}

export interface PartWriter<Part> {
  /** One parcel's result, its parcel as read (geometry, properties) and its box. */
  add(r: ParcelResult, parcel: Parcel, box: Bbox): void;
  finish(): Part;
}

export interface PartJoiner<Part, Joined> {
  /**
   * A part's output, parts in file order. `keep`: null when the part's parcels are all kept, else per parcel 1 to
   * keep it, 0 to leave it out; `boxes`: the part's parcels' boxes ([minX, minY, maxX, maxY] each).
   */
  add(part: Part, keep: Uint8Array | null, boxes: Float64Array): void;
  finish(): Joined;
}

/** What every part of a run shares, whatever its outputs: sent once to each worker thread. */
export interface RunSpec {
  /** the parcels file's name, in problems */
  file: string;
  crs: CrsDetection;
  layers: AnalysisLayers;
  asOfDate: string;
  /**
   * The grades' cut-offs from a run over every parcel, when known before this one (the CLI scores a file first, as
   * its report's parcels carry their grades); null: the parcels are graded after the join (the app sets its table's
   * grades then, see AnalysisSession.load).
   */
  grading: Grading | null;
}
