import type { Bbox } from '../geo/bbox';
import type { Camera } from './view';

/**
 * One-off requests to the map (a view that moves the camera), as events: they are not state, so nothing has to be
 * reset after them and a repeated request (the same zone chosen twice) is still a request.
 */
export type MapCommand =
  /** fly to a box; `padding` (px) is what lies over the map there (a presentation's title and figures) */
  | { kind: 'fit'; bbox: Bbox; maxZoom: number; padding?: Padding; durationMs?: number }
  /** put the camera back where it was (after a presentation) */
  | { kind: 'camera'; camera: Camera };

export interface Padding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

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
