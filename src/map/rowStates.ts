import type { Bbox } from '../geo/bbox';

/**
 * Which parcels the map shows as passing the filters, kept in step with the table's rows by feature-state (see
 * MapController.setParcelRows). Pure bookkeeping, no MapLibre: `wanted[i]` is 1 when row i passes the filters,
 * `applied[i]` what the map was last told; a row whose two differ is pending.
 */
export function countPending(wanted: Uint8Array, applied: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < wanted.length; i++) if (wanted[i] !== applied[i]) n++;
  return n;
}

/** The view's box widened by half its size on every side: states are set a little ahead of a pan. */
export function viewWithMargin([west, south, east, north]: Bbox): Bbox {
  const dx = (east - west) / 2;
  const dy = (north - south) / 2;
  return [west - dx, south - dy, east + dx, north + dy];
}

/**
 * Tells `setOut(row, out)` of each pending row whose box ([minX, minY, maxX, maxY] per row) reaches `near` (null:
 * every pending row), and marks it applied. Returns how many it told.
 */
export function applyPending(
  wanted: Uint8Array,
  applied: Uint8Array,
  boxes: Float64Array<ArrayBufferLike>,
  near: Bbox | null,
  setOut: (row: number, out: boolean) => void,
): number {
  const [west, south, east, north] = near ?? [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  let n = 0;
  for (let i = 0; i < wanted.length; i++) {
    if (wanted[i] === applied[i]) continue;
    if ((boxes[i * 4] as number) > east || (boxes[i * 4 + 2] as number) < west || (boxes[i * 4 + 1] as number) > north || (boxes[i * 4 + 3] as number) < south)
      continue;
    setOut(i, wanted[i] === 0);
    applied[i] = wanted[i] as number;
    n++;
  }
  return n;
}
