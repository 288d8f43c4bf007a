import { datedInputsSink } from './datedInputs';
import { featureSink } from './packedFeatures';
import { summarySink } from './packedRows';
import { tableSink } from './parcelTable';
import { reportSink } from './reportSink';
import { resultSink } from './resultSink';
import type { Sink } from './sink';

/** Every output a run can make, by name (see sink.ts). A run's spec names those it makes; the summaries always. */
export const SINKS = {
  summary: summarySink,
  report: reportSink,
  table: tableSink,
  features: featureSink,
  results: resultSink,
  dated: datedInputsSink,
} as const;

type AnySink = Sink<unknown, unknown, unknown, unknown>;
type Sinks = typeof SINKS;
export type SinkName = keyof Sinks;
type SpecOf<S> = S extends Sink<infer Spec, infer _P, infer _J, infer _L> ? Spec : never;
type PartOf<S> = S extends Sink<infer _S, infer Part, infer _J, infer _L> ? Part : never;
type JoinedOf<S> = S extends Sink<infer _S, infer _P, infer Joined, infer _L> ? Joined : never;
type LocalOf<S> = S extends Sink<infer _S, infer _P, infer _J, infer Local> ? Local : never;

/** The outputs a run makes, each with its spec. */
export type SinkSpecs = { summary: true } & { [K in Exclude<SinkName, 'summary'>]?: SpecOf<Sinks[K]> };
/** One part's outputs. */
export type SinkParts = { [K in SinkName]?: PartOf<Sinks[K]> };
/** The joined outputs. */
export type SinkOutputs = { summary: JoinedOf<Sinks['summary']> } & { [K in Exclude<SinkName, 'summary'>]?: JoinedOf<Sinks[K]> };
/** What the caller gives each output on the joining thread (e.g. where the report goes). */
export type SinkLocals = { [K in SinkName]?: LocalOf<Sinks[K]> };

/** The sinks a spec names, as untyped entries for the run's generic code. */
export function activeSinks(specs: SinkSpecs): [SinkName, AnySink, unknown][] {
  return (Object.keys(SINKS) as SinkName[]).flatMap((name) =>
    specs[name] === undefined ? [] : [[name, SINKS[name] as unknown as AnySink, specs[name] as unknown] as [SinkName, AnySink, unknown]],
  );
}
