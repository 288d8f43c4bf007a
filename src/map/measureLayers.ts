import type { LayerSpecification, SourceSpecification } from 'maplibre-gl';

/**
 * The measure tool's drawing: its own GeoJSON source and layers, above everything else, added while the tool is
 * open (MapController.setMeasure). Black and white, so they read on any fill and in greyscale print.
 */
export const MEASURE_SOURCE = 'measure';
export const MEASURE_LAYERS = { fill: 'measure-fill', casing: 'measure-casing', line: 'measure-line', points: 'measure-points' } as const;

export const measureSource = (): SourceSpecification => ({ type: 'geojson', data: { type: 'FeatureCollection', features: [] } });

export function measureLayers(): LayerSpecification[] {
  return [
    {
      id: MEASURE_LAYERS.fill,
      type: 'fill',
      source: MEASURE_SOURCE,
      filter: ['==', ['geometry-type'], 'Polygon'],
      paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.25 },
    },
    {
      id: MEASURE_LAYERS.casing,
      type: 'line',
      source: MEASURE_SOURCE,
      filter: ['!=', ['geometry-type'], 'Point'],
      paint: { 'line-color': '#ffffff', 'line-width': 5 },
    },
    {
      id: MEASURE_LAYERS.line,
      type: 'line',
      source: MEASURE_SOURCE,
      filter: ['!=', ['geometry-type'], 'Point'],
      paint: { 'line-color': '#000000', 'line-width': 2.2, 'line-dasharray': [3, 1.5] },
    },
    {
      id: MEASURE_LAYERS.points,
      type: 'circle',
      source: MEASURE_SOURCE,
      filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': 4.5, 'circle-color': '#ffffff', 'circle-stroke-color': '#000000', 'circle-stroke-width': 2 },
    },
  ];
}
