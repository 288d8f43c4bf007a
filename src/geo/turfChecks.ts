import type { Position } from 'geojson';

/**
 * Which of Turf's ring checks could find anything in a polygon, so that the others need not run (see checkPolygonal
 * in data/geojson.ts). Turf's kinks tests every pair of a ring's segments (n² per ring) and booleanValid builds
 * features for each pair of vertex and segment; on large files these were the largest part of reading after
 * JSON.parse (docs/decisions.md#turf-sweep).
 *
 * A pair of segments can only cross or touch when their boxes overlap, so the boxes are swept once (sorted by west
 * edge); a check is asked for only when some pair it would test has overlapping boxes:
 * - KINKS: two segments of one ring that do not follow each other (what kinks tests);
 * - VALID: the same, or segments of two rings (booleanValid's tests of a hole against its exterior and of a part
 *   against another, booleanDisjoint then booleanCrosses, fail only where their edges meet), or a vertex exactly in
 *   line with the next segment (its "spike" test of a vertex against the segment after it, with Turf's arithmetic:
 *   a degenerate triangle has no other pair to show it), or a ring not closed or of fewer than 4 positions.
 * The boxes are widened by MARGIN_DEG (about 0.1 mm), so that segments which touch or nearly touch, where Turf's
 * rounding decides, are always among the pairs checked. Turf could still find a crossing between segments kept
 * apart only where its arithmetic fails outright: segments some 0.1 mm apart and parallel to within about 1e-10 rad.
 */
export const KINKS = 1;
export const VALID = 2;
const ALL = KINKS | VALID;
export const MARGIN_DEG = 1e-9;

let cap = 0;
let minX = new Float64Array(0);
let minY = new Float64Array(0);
let maxX = new Float64Array(0);
let maxY = new Float64Array(0);
/** per segment: its ring's number, its index in the ring, the ring's segment count */
let ringOf = new Int32Array(0);
let indexOf = new Int32Array(0);
let countOf = new Int32Array(0);
let order = new Int32Array(0);

function grow(n: number): void {
  if (n <= cap) return;
  cap = Math.max(n, cap * 2, 256);
  minX = new Float64Array(cap);
  minY = new Float64Array(cap);
  maxX = new Float64Array(cap);
  maxY = new Float64Array(cap);
  ringOf = new Int32Array(cap);
  indexOf = new Int32Array(cap);
  countOf = new Int32Array(cap);
  order = new Int32Array(cap);
}

/** Whether the segments a and b (a ≠ b) share a ring and follow each other in it (the closing pair included). */
function consecutive(a: number, b: number): boolean {
  if (ringOf[a] !== ringOf[b]) return false;
  const d = Math.abs((indexOf[a] as number) - (indexOf[b] as number));
  return d === 1 || d === (countOf[a] as number) - 1;
}

/** The checks (KINKS, VALID) that could find something in the parts (rings of positions) of one polygon. */
export function turfChecksNeeded(parts: readonly (readonly (readonly Position[])[])[]): number {
  let n = 0;
  for (const rings of parts) for (const ring of rings) n += Math.max(0, ring.length - 1);
  grow(n);
  let need = 0;
  let s = 0;
  let ringNo = 0;
  for (const rings of parts) {
    for (const ring of rings) {
      const m = ring.length;
      if (m < 4) return ALL;
      const first = ring[0] as Position;
      const last = ring[m - 1] as Position;
      if (first[0] !== last[0] || first[1] !== last[1]) return ALL;
      for (let i = 0; i < m - 1; i++, s++) {
        const p = ring[i] as Position;
        const q = ring[i + 1] as Position;
        const px = p[0] as number;
        const py = p[1] as number;
        const qx = q[0] as number;
        const qy = q[1] as number;
        minX[s] = Math.min(px, qx) - MARGIN_DEG;
        maxX[s] = Math.max(px, qx) + MARGIN_DEG;
        minY[s] = Math.min(py, qy) - MARGIN_DEG;
        maxY[s] = Math.max(py, qy) + MARGIN_DEG;
        ringOf[s] = ringNo;
        indexOf[s] = i;
        countOf[s] = m - 1;
        // booleanValid's point-on-segment test of p against the next segment, with its arithmetic: a cross product
        // of exactly 0 (a repeated vertex included)
        const r = ring[i + 2 < m ? i + 2 : 1] as Position;
        const dxl = (r[0] as number) - qx;
        const dyl = (r[1] as number) - qy;
        if ((px - qx) * dyl - (py - qy) * dxl === 0) need |= VALID;
      }
      ringNo++;
    }
  }
  // sweep the segments west to east
  for (let i = 0; i < n; i++) order[i] = i;
  const o = order.subarray(0, n);
  if (n <= 64) {
    for (let i = 1; i < n; i++) {
      const v = o[i] as number;
      const x = minX[v] as number;
      let j = i - 1;
      for (; j >= 0 && (minX[o[j] as number] as number) > x; j--) o[j + 1] = o[j] as number;
      o[j + 1] = v;
    }
  } else {
    o.sort((a, b) => (minX[a] as number) - (minX[b] as number));
  }
  for (let i = 0; i < n && need !== ALL; i++) {
    const a = o[i] as number;
    const ax = maxX[a] as number;
    const ay0 = minY[a] as number;
    const ay1 = maxY[a] as number;
    for (let j = i + 1; j < n; j++) {
      const b = o[j] as number;
      if ((minX[b] as number) > ax) break;
      if ((minY[b] as number) > ay1 || (maxY[b] as number) < ay0 || consecutive(a, b)) continue;
      need |= ringOf[a] === ringOf[b] ? ALL : VALID;
      if (need === ALL) break;
    }
  }
  return need;
}
