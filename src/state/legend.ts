import type { Classes } from '../domain/classes';
import type { Metric } from '../domain/metrics';
import { fmt } from '../i18n/format';
import type { Lang } from '../i18n/resources';
import { WHOLE_METRICS } from './derive';

/** Digits a legend shows for each metric's class edges. */
export const METRIC_DIGITS: Record<Metric, number> = { intensityWanPerMu: 1, far: 2, coverage: 2, outputWanPerMu: 1, taxWanPerMu: 1, areaMu: 1, idleYears: 0 };

/**
 * The label of class c: "lo – hi" for measured values; for whole numbers (see wholeClasses) the whole numbers it
 * holds, "2" or "3–4".
 */
export function classLabel(classes: Classes, c: number, metric: Metric, lang: Lang): string {
  const lo = classes.edges[c] as number;
  const hi = classes.edges[c + 1] as number;
  if (WHOLE_METRICS.has(metric)) {
    const last = hi - 1;
    return last <= lo ? fmt(lang, lo, 0) : `${fmt(lang, lo, 0)}–${fmt(lang, last, 0)}`;
  }
  const d = METRIC_DIGITS[metric];
  return `${fmt(lang, lo, d)} – ${fmt(lang, hi, d)}`;
}
