/**
 * The view's vocabulary that the store, the URL and the map share: which layer groups are shown, and the camera.
 * The map (src/map/style.ts) owns which style layers each toggle shows.
 */
/** The flags drawn as parcel outlines, each a toggle (the legend's order). */
export const FLAG_TOGGLES = [
  'idle',
  'suspected',
  'lowEfficiency',
  'supplyBreach',
  'conflict',
  'illegalOccupation',
  'overdueStart',
  'overdueCompletion',
] as const;
export type FlagToggle = (typeof FLAG_TOGGLES)[number];
export const TOGGLE_KEYS = ['boundaries', 'areas', 'constraints', 'parcels', ...FLAG_TOGGLES, 'review'] as const;
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
  supplyBreach: false,
  conflict: false,
  // rare and grave (work started on protected land): shown unless turned off
  illegalOccupation: true,
  overdueStart: false,
  overdueCompletion: false,
  review: false,
};

/**
 * What colours the parcels' fill: the metric chosen, in classes (the choropleth), or one category of the parcel: its
 * stage (批而未供 … 已投产) or its 亩均效益 grade among the city's parcels. One fill at a time, the flags as outlines
 * over it (docs/architecture.md#what-colours-the-parcels).
 */
export const THEMES = ['metric', 'stage', 'grade'] as const;
export type Theme = (typeof THEMES)[number];

export interface Camera {
  center: [number, number];
  zoom: number;
}
