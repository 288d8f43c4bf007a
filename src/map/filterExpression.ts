import type { FilterSpecification } from 'maplibre-gl';
import type { Filters } from '../app/filters';
import type { Metric } from '../app/parcelTable';
import type { Flag } from '../domain/types';
import { METRIC_PROP, PROP } from './properties';

const FLAG_PROP: Record<Flag, string> = {
  idle: PROP.idle,
  'suspected-idle': PROP.suspected,
  'low-efficiency': PROP.low,
  conflict: PROP.conflict,
  'government-delay': PROP.gov,
};

/** The map's twin of filterRows (src/app/filters.ts): same rules, as a MapLibre expression for setFilter. */
export function parcelFilter(f: Filters): FilterSpecification {
  const all: unknown[] = ['all'];
  if (f.zone != null) all.push(['==', ['get', PROP.zone], f.zone]);
  if (f.functionalAreas.length) all.push(['in', ['get', PROP.functionalArea], ['literal', f.functionalAreas]]);
  if (f.industries.length) all.push(['in', ['get', PROP.industry], ['literal', f.industries]]);
  if (f.landUses.length) all.push(['in', ['get', PROP.landUse], ['literal', f.landUses]]);
  if (f.flags.length) all.push(['any', ...f.flags.map((fl) => ['==', ['get', FLAG_PROP[fl]], true])]);
  for (const [metric, [lo, hi]] of Object.entries(f.ranges) as [Metric, [number | null, number | null]][]) {
    const prop = METRIC_PROP[metric];
    all.push(['has', prop]);
    if (lo != null) all.push(['>=', ['to-number', ['get', prop]], lo]);
    if (hi != null) all.push(['<=', ['to-number', ['get', prop]], hi]);
  }
  const q = f.text.trim().toLowerCase();
  if (q) all.push(['any', ...[PROP.id, PROP.name, PROP.enterprise].map((p) => ['in', q, ['downcase', ['to-string', ['get', p]]]])]);
  return all as FilterSpecification;
}
