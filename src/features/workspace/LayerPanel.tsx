import { useTranslation } from 'react-i18next';
import type { ClassMethod } from '../../domain/classes';
import { METRICS, type Metric } from '../../domain/metrics';
import { useAppStore } from '../../state/react';
import { FLAG_TOGGLES, THEMES, type Theme, TOGGLE_KEYS, type Toggle } from '../../state/view';

const FLAG_SET: ReadonlySet<Toggle> = new Set(FLAG_TOGGLES);
const CATEGORIES = THEMES.filter((x): x is Exclude<Theme, 'metric'> => x !== 'metric');

/**
 * Layer toggles (the map's layers, then the flags drawn as parcel outlines) and what colours the parcels: a metric in
 * classes, or a category (stage, grade). The legend is on the map (MapLegend).
 */
export function LayerPanel() {
  const { t } = useTranslation();
  const visibility = useAppStore((s) => s.visibility);
  const toggle = useAppStore((s) => s.toggleLayer);
  const metric = useAppStore((s) => s.metric);
  const theme = useAppStore((s) => s.theme);
  const setMetric = useAppStore((s) => s.setMetric);
  const setTheme = useAppStore((s) => s.setTheme);
  const method = useAppStore((s) => s.classMethod);
  const setMethod = useAppStore((s) => s.setClassMethod);
  const item = (k: Toggle) => (
    <li key={k}>
      <label>
        <input type="checkbox" checked={visibility[k]} onChange={() => toggle(k)} data-layer={k} />
        {t(`layerName.${k}`)}
      </label>
    </li>
  );
  return (
    <section className="panel-section" aria-labelledby="layers-h">
      <h2 id="layers-h">{t('ui.layers')}</h2>
      <ul className="layer-list">{TOGGLE_KEYS.filter((k) => !FLAG_SET.has(k)).map(item)}</ul>
      <h3 id="flag-layers-h">{t('legend.flags')}</h3>
      <ul className="layer-list" aria-labelledby="flag-layers-h">
        {FLAG_TOGGLES.map(item)}
      </ul>
      <label className="field">
        {t('ui.colourBy')}
        <select
          value={theme === 'metric' ? metric : theme}
          onChange={(e) => {
            const v = e.target.value;
            if ((CATEGORIES as readonly string[]).includes(v)) setTheme(v as Theme);
            else setMetric(v as Metric);
          }}
          data-testid="metric"
        >
          <optgroup label={t('ui.byMetric')}>
            {METRICS.map((m) => (
              <option key={m} value={m}>
                {t(`metricName.${m}`)}
              </option>
            ))}
          </optgroup>
          <optgroup label={t('ui.byCategory')}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`themeName.${c}`)}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <label className="field">
        {t('ui.classMethod')}
        <select value={method} onChange={(e) => setMethod(e.target.value as ClassMethod)} disabled={theme !== 'metric'}>
          <option value="quantile">{t('ui.quantile')}</option>
          <option value="natural">{t('ui.natural')}</option>
        </select>
      </label>
    </section>
  );
}
