import { useTranslation } from 'react-i18next';
import type { ClassMethod } from '../../domain/classes';
import { METRICS, type Metric } from '../../domain/metrics';
import { useAppStore } from '../../state/react';
import { TOGGLE_KEYS, type Toggle } from '../../state/view';

/** Layer toggles and the choropleth's metric and classes (the legend is on the map: MapLegend). */
export function LayerPanel() {
  const { t } = useTranslation();
  const visibility = useAppStore((s) => s.visibility);
  const toggle = useAppStore((s) => s.toggleLayer);
  const metric = useAppStore((s) => s.metric);
  const setMetric = useAppStore((s) => s.setMetric);
  const method = useAppStore((s) => s.classMethod);
  const setMethod = useAppStore((s) => s.setClassMethod);
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
    </section>
  );
}
