import type { Bbox } from '../geo/bbox';

/**
 * One-off requests to the map (a view that moves the camera), as events: they are not state, so nothing has to be
 * reset after them and a repeated request (the same zone chosen twice) is still a request.
 */
export type MapCommand = { kind: 'fit'; bbox: Bbox; maxZoom: number };

export interface Commands {
  emit(c: MapCommand): void;
  /** Calls `listener` with every command from now on; returns the function that stops it. */
  on(listener: (c: MapCommand) => void): () => void;
}

export function commandChannel(): Commands {
  const listeners = new Set<(c: MapCommand) => void>();
  return {
    emit(c) {
      for (const l of listeners) l(c);
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
