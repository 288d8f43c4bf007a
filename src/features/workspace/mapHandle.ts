import { useSyncExternalStore } from 'react';
import type { MapController } from '../../map/MapController';

/**
 * The map controller MapView made, for the views that draw on the map or read it besides MapView (presentation
 * theme, measuring, image export). MapView sets it when the map is made and clears it when it goes.
 */
let current: MapController | null = null;
const listeners = new Set<() => void>();

export function setMapController(c: MapController | null): void {
  current = c;
  for (const l of listeners) l();
}

export function useMapController(): MapController | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}
