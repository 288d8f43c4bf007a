import type { Tour, TourStop } from './tourFile';

/**
 * Edits of a tour as pure functions of the tour (the store writes their result in one transaction, see tourStorage):
 * a stop is named by its id, so an edit made in one tab applies to the same stop after another tab's reordering.
 */
export const addStop = (tour: Tour, stop: TourStop, at = tour.stops.length): Tour => {
  const stops = tour.stops.filter((s) => s.id !== stop.id);
  stops.splice(Math.max(0, Math.min(at, stops.length)), 0, stop);
  return { ...tour, stops };
};

export const updateStop = (tour: Tour, id: string, patch: Partial<Omit<TourStop, 'id'>>): Tour => ({
  ...tour,
  stops: tour.stops.map((s) => (s.id === id ? ({ ...s, ...patch } as TourStop) : s)),
});

/** Moves a stop by `delta` places (−1: earlier), kept within the tour. */
export const moveStop = (tour: Tour, id: string, delta: number): Tour => {
  const from = tour.stops.findIndex((s) => s.id === id);
  if (from < 0) return tour;
  const to = Math.max(0, Math.min(tour.stops.length - 1, from + delta));
  if (to === from) return tour;
  const stops = [...tour.stops];
  const [stop] = stops.splice(from, 1);
  stops.splice(to, 0, stop as TourStop);
  return { ...tour, stops };
};

export const deleteStop = (tour: Tour, id: string): Tour => ({ ...tour, stops: tour.stops.filter((s) => s.id !== id) });

/** A stop id not used in the tour ("s1", "s2", …). */
export function freshStopId(tour: Tour): string {
  const used = new Set(tour.stops.map((s) => s.id));
  let n = tour.stops.length + 1;
  while (used.has(`s${n}`)) n++;
  return `s${n}`;
}
