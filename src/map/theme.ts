import type { StyleSpecification } from 'maplibre-gl';
import { COLORS, LABEL_COLORS, LABEL_SIZE, LAYER } from './style';

/**
 * Map themes: the workspace's (buildStyle as it is) and the projector's, a high-contrast variant for a room with a
 * projector (washed-out colours, viewers far away): stronger fills, heavier lines, darker outlines and labels in
 * black on a thick white halo. Both scale the labels by `labelScale` (presentation sizes them to the screen). A theme
 * is a list of paint and layout values by layer, set on the live map (MapController.setTheme) or applied to a built
 * style (themedStyle), so the style stays one module's data.
 */
export type MapTheme = 'default' | 'projector';

export interface ThemeOptions {
  theme: MapTheme;
  /** label sizes times this (1: the workspace's) */
  labelScale: number;
}

export interface ThemeValue {
  layer: string;
  kind: 'paint' | 'layout';
  prop: string;
  value: unknown;
}

/** The values a theme sets; the default theme's are buildStyle's own, so switching back restores them. */
export function themeValues(o: ThemeOptions): ThemeValue[] {
  const p = o.theme === 'projector';
  const paint = (layer: string, prop: string, value: unknown): ThemeValue => ({ layer, kind: 'paint', prop, value });
  const layout = (layer: string, prop: string, value: unknown): ThemeValue => ({ layer, kind: 'layout', prop, value });
  const labelColor = (kind: 'zone' | 'area') =>
    p ? '#000000' : kind === 'zone' ? LABEL_COLORS.zone : ['match', ['get', 'kind'], ...Object.entries(LABEL_COLORS).flat(), '#222222'];
  return [
    paint(LAYER.background, 'background-color', p ? '#ffffff' : COLORS.background),
    paint(LAYER.areasFill, 'fill-opacity', p ? 0.42 : 0.28),
    paint(LAYER.areasLine, 'line-width', p ? 3 : 1.5),
    paint(LAYER.zonesLine, 'line-width', p ? 4 : 2),
    paint(LAYER.zonesLine, 'line-color', p ? '#000000' : '#333333'),
    paint(LAYER.boundaries, 'line-width', p ? 2 : 1.2),
    paint(LAYER.boundaries, 'line-color', p ? '#333333' : '#7a7a7a'),
    paint(LAYER.constraintsFill, 'fill-opacity', p ? 0.5 : 0.35),
    paint(LAYER.parcelsFill, 'fill-outline-color', p ? '#1a1a1a' : ['interpolate', ['linear'], ['zoom'], 11, 'rgba(255, 255, 255, 0.25)', 15, '#ffffff']),
    paint(LAYER.flagIdle, 'line-width', p ? 4.5 : 2.5),
    paint(LAYER.flagSuspected, 'line-width', p ? 3.5 : 2),
    paint(LAYER.flagLow, 'line-width', p ? 3.5 : 2),
    paint(LAYER.flagConflict, 'line-width', p ? 3.5 : 2),
    paint(LAYER.highlight, 'line-width', [
      'case',
      ['boolean', ['feature-state', 'selected'], false],
      p ? 7 : 4,
      ['boolean', ['feature-state', 'hover'], false],
      3,
      0,
    ]),
    layout(LAYER.zoneLabels, 'text-size', LABEL_SIZE.zone * o.labelScale),
    layout(LAYER.areaLabels, 'text-size', LABEL_SIZE.area * o.labelScale),
    paint(LAYER.zoneLabels, 'text-color', labelColor('zone')),
    paint(LAYER.areaLabels, 'text-color', labelColor('area')),
    paint(LAYER.zoneLabels, 'text-halo-width', p ? 3 : 1.6),
    paint(LAYER.areaLabels, 'text-halo-width', p ? 3 : 1.6),
  ];
}

/** A built style with a theme's values (for a map made afresh, e.g. an export's). */
export function themedStyle(style: StyleSpecification, o: ThemeOptions): StyleSpecification {
  const layers = style.layers.map((l) => ({ ...l, paint: { ...(l as { paint?: object }).paint }, layout: { ...(l as { layout?: object }).layout } }));
  for (const v of themeValues(o)) {
    const l = layers.find((x) => x.id === v.layer);
    if (l) (l[v.kind] as Record<string, unknown>)[v.prop] = v.value;
  }
  return { ...style, layers: layers as StyleSpecification['layers'] };
}
