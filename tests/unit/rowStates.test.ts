import { describe, expect, it } from 'vitest';
import { applyPending, countPending, viewWithMargin } from '../../src/map/rowStates';

describe("the map's filter states (rowStates)", () => {
  // four parcels in a row along the equator, one degree apart, each 0.5° wide
  const boxes = new Float64Array([0, 0, 0.5, 0.5, 1, 0, 1.5, 0.5, 2, 0, 2.5, 0.5, 3, 0, 3.5, 0.5]);

  it('counts the rows whose wanted state differs from what the map was told', () => {
    expect(countPending(Uint8Array.from([1, 0, 1, 0]), Uint8Array.from([1, 1, 1, 1]))).toBe(2);
    expect(countPending(Uint8Array.from([1, 1]), Uint8Array.from([1, 1]))).toBe(0);
  });

  it('tells every pending row when no view limits it, and marks it applied', () => {
    const wanted = Uint8Array.from([1, 0, 1, 0]);
    const applied = Uint8Array.from([1, 1, 0, 1]);
    const told: [number, boolean][] = [];
    expect(applyPending(wanted, applied, boxes, null, (i, out) => told.push([i, out]))).toBe(3);
    expect(told).toEqual([
      [1, true],
      [2, false],
      [3, true],
    ]);
    expect([...applied]).toEqual([...wanted]);
    expect(applyPending(wanted, applied, boxes, null, () => {})).toBe(0);
  });

  it('near a view, tells only the rows whose box reaches it; the rest stay pending for a later move', () => {
    const wanted = Uint8Array.from([0, 0, 0, 0]);
    const applied = Uint8Array.from([1, 1, 1, 1]);
    const told: number[] = [];
    // a view over x 0.9–1.9 reaches the second parcel only (the third starts at x 2)
    expect(applyPending(wanted, applied, boxes, [0.9, 0, 1.9, 1], (i) => told.push(i))).toBe(1);
    expect(told).toEqual([1]);
    expect(countPending(wanted, applied)).toBe(3);
    // a box touching the view's edge counts as reaching it
    expect(applyPending(wanted, applied, boxes, [2.5, 0, 2.9, 1], (i) => told.push(i))).toBe(1);
    expect(told).toEqual([1, 2]);
  });

  it('widens the view by half its size on each side', () => {
    expect(viewWithMargin([10, 20, 12, 24])).toEqual([9, 18, 13, 26]);
  });
});
