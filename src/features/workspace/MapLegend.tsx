import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONSTRAINT_KINDS, FUNCTIONAL_AREAS } from '../../domain/types';
import { COLORS, classColors, FLAG_DASH, noValueSwatches } from '../../map/style';
import { classLabel } from '../../state/legend';
import { useAppStore } from '../../state/react';
import { ReviewLegend } from '../review/ReviewLegend';
import { useNarrowScreen } from './useNarrowScreen';

const FLAG_TOGGLES = ['idle', 'suspected', 'lowEfficiency', 'conflict'] as const;

/**
 * The legend, on the map so it is always in view with it (and printed with it): the metric's classes, then the
 * other symbols drawn. Built from the same style constants as the map. Collapsible.
 */
export function MapLegend() {
  const { t } = useTranslation();
  const visibility = useAppStore((s) => s.visibility);
  const metric = useAppStore((s) => s.metric);
  const classes = useAppStore((s) => s.classes);
  const lang = useAppStore((s) => s.lang);
  const status = useAppStore((s) => s.status);
  const narrow = useNarrowScreen();
  // open on a wide screen, folded on a phone (it would cover most of the map); always open in print
  const [open, setOpen] = useState(!narrow);
  useEffect(() => setOpen(!narrow), [narrow]);
  useEffect(() => {
    const print = () => setOpen(true);
    window.addEventListener('beforeprint', print);
    return () => window.removeEventListener('beforeprint', print);
  }, []);
  if (status !== 'ready') return null;
  const colors = classes ? classColors(classes.edges.length - 1) : [];
  return (
    <details className="map-legend" open={open} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="legend">
      <summary className="legend-toggle">{t('ui.legend')}</summary>
      {visibility.parcels && (
        <section aria-label={t(`metricName.${metric}`)}>
          <h3>{t(`metricName.${metric}`)}</h3>
          <ul className="legend-classes">
            {classes?.edges.slice(0, -1).map((lo, i) => (
              <li key={`c${lo}`} data-class={i}>
                <span className="swatch" style={{ background: colors[i] }} />
                {classLabel(classes, i, metric, lang)}
              </li>
            ))}
            {noValueSwatches(metric).map((s) => (
              <li key={s.key} data-class={s.key}>
                <span className="swatch" style={{ background: s.color }} />
                {t(`legend.${s.key}`)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <ul className="legend-symbols">
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
        {FLAG_TOGGLES.filter((k) => visibility[k]).map((k) => (
          <li key={k}>
            <svg className="swatch-line" width="24" height="10" aria-hidden="true">
              <line x1="1" y1="5" x2="23" y2="5" stroke={COLORS.flag[k]} strokeWidth="3" strokeDasharray={FLAG_DASH[k]?.map((d) => d * 3).join(' ')} />
            </svg>
            {t(`layerName.${k}`)}
          </li>
        ))}
      </ul>
      {visibility.review && (
        <ul className="legend-symbols legend-review">
          <ReviewLegend />
        </ul>
      )}
    </details>
  );
}
