import { beforeAll, describe, expect, it } from 'vitest';
import { fromWire, joinTableParts, type ParcelTable, TableRows, transferables } from '../../src/engine/parcelTable';
import { analyseLuohe, type TestAnalysis } from '../helpers/analyse';

/** The parcel table’s columns crossing from the worker (src/engine/parcelTable.ts): wire format, parts joined, transferables. */

let a: TestAnalysis;
let table: ParcelTable;

beforeAll(async () => {
  a = await analyseLuohe('2018-12-31');
  table = a.table;
});

describe('the table crossing from the worker', () => {
  it('arrives equal after a transferring structured clone, text columns as UTF-8 chunks (untrusted text included)', async () => {
    // the table's rows made as the table sink makes them, one parcel's name untrusted text
    const rows = new TableRows(table.zoneIds, a.parcels.length);
    a.parcels.forEach((p, i) => {
      rows.add(i === 0 ? { ...p, name: '<img src=x> 𝒳 "引号" \u0000 end' } : p);
    });
    const expected = {
      ...structuredClone(table),
      text: { ...structuredClone(table.text), name: ['<img src=x> 𝒳 "引号" \u0000 end', ...table.text.name.slice(1)] },
    };
    const sent = joinTableParts([{ part: rows.part(), keep: null }], table.zoneIds, table.bbox.slice());
    const wire = structuredClone(sent, { transfer: transferables(sent) });
    expect(sent.textChunks.id[0]?.utf8.byteLength).toBe(0); // moved, not copied
    expect(wire.textChunks.id.length).toBe(Math.ceil(table.length / 10_000));
    let yields = 0;
    const back = await fromWire(wire, async () => {
      yields++;
    });
    expect(back).toEqual(expected);
    expect(yields).toBe(5 * wire.textChunks.id.length);
  });
});
