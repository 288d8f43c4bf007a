import { useTranslation } from 'react-i18next';
import type { ClassMethod } from '../../domain/classes';
import { METRICS, type Metric } from '../../domain/metrics';
import { CONSTRAINT_KINDS, FUNCTIONAL_AREAS } from '../../domain/types';
import { fmt } from '../../i18n/format';
import { COLORS, classColors, FLAG_DASH } from '../../map/style';
import { useAppStore } from '../../state/react';
import { TOGGLE_KEYS, type Toggle } from '../../state/view';
import { ReviewLegend } from '../review/ReviewLegend';

const METRIC_DIGITS: Record<Metric, number> = { intensityWanPerMu: 1, far: 2, coverage: 2, outputWanPerMu: 1, taxWanPerMu: 1, areaMu: 1, idleYears: 0 };
const FLAG_TOGGLES = { idle: 'idle', suspected: 'suspected', lowEfficiency: 'lowEfficiency', conflict: 'conflict' } as const;

/** Layer toggles, the choropleth metric and the legend, which is built from the same style constants as the map. */
export function LayerPanel() {
  const { t } = useTranslation();
  const visibility = useAppStore((s) => s.visibility);
  const toggle = useAppStore((s) => s.toggleLayer);
  const metric = useAppStore((s) => s.metric);
  const setMetric = useAppStore((s) => s.setMetric);
  const method = useAppStore((s) => s.classMethod);
  const setMethod = useAppStore((s) => s.setClassMethod);
  const classes = useAppStore((s) => s.classes);
  const lang = useAppStore((s) => s.lang);
  const digits = METRIC_DIGITS[metric];
  const colors = classes ? classColors(classes.edges.length - 1) : [];
  return (
    <section className="panel-section" aria-labelledby="layers-h">
      <h2 id="layers-h">{t('ui.layers')}</h2>
      <ul className="layer-list">
        {TOGGLE_KEYS.map((k: Toggle) => (
          <li key={k}>
            <label>
              <input type="checkbox" checked={visibility[k]} onChange={() => toggle(k)} data-layer={k} />
              {t(`layerName.${k}`)}
            </label>
          </li>
        ))}
      </ul>
      <label className="field">
        {t('ui.metric')}
        <select value={metric} onChange={(e) => setMetric(e.target.value as Metric)} data-testid="metric">
          {METRICS.map((m) => (
            <option key={m} value={m}>
              {t(`metricName.${m}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        {t('ui.classMethod')}
        <select value={method} onChange={(e) => setMethod(e.target.value as ClassMethod)}>
          <option value="quantile">{t('ui.quantile')}</option>
          <option value="natural">{t('ui.natural')}</option>
        </select>
      </label>
      <h3>{t('ui.legend')}</h3>
      <ul className="legend" data-testid="legend">
        {visibility.parcels && (
          <>
            <li className="legend-title">{t(`metricName.${metric}`)}</li>
            {classes?.edges.slice(0, -1).map((lo, i) => (
              <li key={`c${lo}`} data-class={i}>
                <span className="swatch" style={{ background: colors[i] }} />
                {fmt(lang, lo, digits)} – {fmt(lang, classes?.edges[i + 1], digits)}
              </li>
            ))}
            <li>
              <span className="swatch" style={{ background: COLORS.noData }} />
              {t('ui.noData')}
            </li>
          </>
        )}
        {visibility.areas &&
          FUNCTIONAL_AREAS.map((fa) => (
            <li key={fa}>
              <span className="swatch" style={{ background: COLORS.area[fa], opacity: 0.6 }} />
              {t(`functionalArea.${fa}`)}
            </li>
          ))}
        {visibility.constraints &&
          CONSTRAINT_KINDS.map((k) => (
            <li key={k}>
              <span className="swatch" style={{ background: COLORS.constraint[k], opacity: 0.6 }} />
              {t(`constraint.${k}`)}
            </li>
          ))}
        {(Object.keys(FLAG_TOGGLES) as (keyof typeof FLAG_TOGGLES)[])
          .filter((k) => visibility[k])
          .map((k) => (
            <li key={k}>
              <svg className="swatch-line" width="28" height="10" aria-hidden="true">
                <line x1="1" y1="5" x2="27" y2="5" stroke={COLORS.flag[k]} strokeWidth="3" strokeDasharray={FLAG_DASH[k]?.map((d) => d * 3).join(' ')} />
              </svg>
              {t(`layerName.${k}`)}
            </li>
          ))}
        {visibility.review && <ReviewLegend />}
      </ul>
    </section>
  );
}
