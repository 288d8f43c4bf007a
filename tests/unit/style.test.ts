import { expression, validateStyleMin } from '@maplibre/maplibre-gl-style-spec';
import { beforeAll, describe, expect, it } from 'vitest';
import { classify, classOf } from '../../src/domain/classes';
import { METRICS } from '../../src/domain/metrics';
import type { ParcelTable } from '../../src/engine/parcelTable';
import { MAP_PROPS } from '../../src/engine/tileFeatures';
import { buildStyle, COLORS, choroplethColor, classColors, noValueSwatches } from '../../src/map/style';
import { DEFAULT_VISIBILITY, THEMES, TOGGLE_KEYS } from '../../src/state/view';
import { analyseLuohe, type TestAnalysis } from '../helpers/analyse';

/** The map style as data (src/map/style.ts): valid MapLibre style, the choropleth and years-idle colours. */

let a: TestAnalysis;
let table: ParcelTable;

beforeAll(async () => {
  a = await analyseLuohe('2018-12-31');
  table = a.table;
});

/** rgba(r,g,b,1) → #rrggbb */
function hexOf(rgba: string): string {
  const [r, g, b] = (rgba.match(/\d+/g) ?? []).map(Number);
  return `#${[r, g, b].map((v) => (v ?? 0).toString(16).padStart(2, '0')).join('')}`;
}

describe('the map style is valid MapLibre style data', () => {
  it('validates for every metric, theme and layer visibility', () => {
    for (const metric of METRICS) {
      const classes = classify(table.numeric[metric], 5, 'quantile');
      for (const off of [null, ...TOGGLE_KEYS]) {
        const visibility = { ...DEFAULT_VISIBILITY, ...(off ? { [off]: false } : {}) };
        expect(validateStyleMin(buildStyle({ metric, classes, visibility }))).toEqual([]);
      }
    }
    for (const theme of THEMES) expect(validateStyleMin(buildStyle({ metric: 'far', theme, classes: null, visibility: DEFAULT_VISIBILITY }))).toEqual([]);
  });

  it('the choropleth colour of a parcel is the colour of the legend class its value falls in', () => {
    const classes = classify(table.numeric.intensityWanPerMu, 5, 'natural');
    if (!classes) throw new Error('no classes');
    const compiled = expression.createExpression(choroplethColor('intensityWanPerMu', classes), {
      type: 'color',
      'property-type': 'data-driven',
      expression: { interpolated: false, parameters: ['zoom', 'feature'] },
    } as never);
    if (compiled.result !== 'success') throw new Error('expression did not compile');
    const colors = classColors(classes.edges.length - 1);
    for (const p of a.parcels.slice(0, 400)) {
      const color = compiled.value.evaluate({ zoom: 12 }, { type: 3, properties: MAP_PROPS.toProperties(p) } as never) as { toString(): string };
      const c = p.intensityWanPerMu == null ? null : classOf(classes, p.intensityWanPerMu);
      const want = c == null ? '#cfcfcf' : (colors[c] as string);
      const got = color.toString().replace(/\s/g, '').toLowerCase();
      expect(got.startsWith('#') ? got : hexOf(got)).toBe(want.toLowerCase());
    }
  });
});

describe('the years-idle map', () => {
  it('colours a parcel that is not idle as 未闲置, one the rule cannot assess as no data, idle ones by their class', () => {
    const classes = { edges: [1, 2, 3, 4, 5] };
    const compiled = expression.createExpression(choroplethColor('idleYears', classes), {
      type: 'color',
      'property-type': 'data-driven',
      expression: { interpolated: false, parameters: ['zoom', 'feature'] },
    } as never);
    if (compiled.result !== 'success') throw new Error('expression did not compile');
    const colors = classColors(4);
    const seen = new Set<string>();
    // the demo data have no parcel the idle rule cannot assess: one is made from the first
    const first = a.parcels[0] as (typeof a.parcels)[number];
    const unknown = { ...first, idle: { ...first.idle, status: 'unknown' as const, years: null }, flags: [] };
    for (const p of [...a.parcels, unknown]) {
      const raw = (compiled.value.evaluate({ zoom: 12 }, { type: 3, properties: MAP_PROPS.toProperties(p) } as never) as { toString(): string })
        .toString()
        .replace(/\s/g, '')
        .toLowerCase();
      const got = raw.startsWith('#') ? raw : hexOf(raw);
      const want = p.idle.status === 'idle' ? colors[(p.idle.years as number) - 1] : p.idle.status === 'unknown' ? COLORS.noData : COLORS.notIdle;
      expect(got).toBe((want as string).toLowerCase());
      seen.add(p.idle.status);
    }
    expect(seen).toEqual(new Set(['idle', 'suspected', 'not-idle', 'unknown']));
    expect(noValueSwatches('idleYears').map((s) => s.key)).toEqual(['notIdle', 'idleUnknown']);
  });
});
