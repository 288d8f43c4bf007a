import * as Comlink from 'comlink';
import { toWire, transferables } from '../app/parcelTable';
import { AnalysisSession, type ProgressFn } from './analysisApi';

/** The Web Worker: the same AnalysisSession the tests run in-process, with results transferred, not copied. */
const session = new AnalysisSession();

const api = {
  async load(baseUrl: string, asOfDate: string | null, progress: ProgressFn) {
    const r = await session.load(baseUrl, asOfDate, progress);
    const wire = { ...r, table: toWire(r.table) };
    return Comlink.transfer(wire, [...transferables(wire.table), ...Object.values(r.layers)]);
  },
  parcel: (id: string) => session.parcel(id),
  prepareTiles: () => session.prepareTiles(),
  tile(z: number, x: number, y: number) {
    const b = session.tile(z, x, y);
    return b ? Comlink.transfer(b, [b]) : null;
  },
  rules: () => session.rules(),
};
export type AnalysisWorkerApi = typeof api;
Comlink.expose(api);
