/**
 * The view's vocabulary that the store, the URL and the map share: which layer groups are shown, and the camera.
 * The map (src/map/style.ts) owns which style layers each toggle shows.
 */
export const TOGGLE_KEYS = ['boundaries', 'areas', 'constraints', 'parcels', 'idle', 'suspected', 'lowEfficiency', 'conflict', 'review'] as const;
export type Toggle = (typeof TOGGLE_KEYS)[number];
export type Visibility = Record<Toggle, boolean>;
export const DEFAULT_VISIBILITY: Visibility = {
  boundaries: true,
  areas: true,
  constraints: true,
  parcels: true,
  idle: true,
  suspected: true,
  lowEfficiency: true,
  conflict: false,
  review: false,
};

export interface Camera {
  center: [number, number];
  zoom: number;
}
