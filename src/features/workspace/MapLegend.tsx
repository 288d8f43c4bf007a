import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GRADES } from '../../domain/grades';
import { STAGES } from '../../domain/stages';
import { CONSTRAINT_KINDS, FUNCTIONAL_AREAS } from '../../domain/types';
import { COLORS, classColors, FLAG_LINE, noValueSwatches } from '../../map/style';
import { classLabel } from '../../state/legend';
import { useAppStore } from '../../state/react';
import { FLAG_TOGGLES, type FlagToggle } from '../../state/view';
import { ReviewLegend } from '../review/ReviewLegend';
import { useNarrowScreen } from './useNarrowScreen';

/** A flag's outline as the map draws it: its colour, width and dashes (in widths), a double line where it has a gap. */
function FlagLine({ k }: { k: FlagToggle }) {
  const { dash, width, gap, round } = FLAG_LINE[k];
  const w = width * 1.2;
  const line = (y: number, sw: number) => (
    <line
      x1="2"
      y1={y}
      x2="26"
      y2={y}
      stroke={COLORS.flag[k]}
      strokeWidth={sw}
      strokeLinecap={round ? 'round' : 'butt'}
      strokeDasharray={dash?.map((d) => Math.max(d, 0.01) * sw).join(' ')}
    />
  );
  return (
    <svg className="swatch-line" width="28" height="12" aria-hidden="true">
      {gap ? (
        <>
          {line(6 - (gap + width) / 2, w)}
          {line(6 + (gap + width) / 2, w)}
        </>
      ) : (
        line(6, w)
      )}
    </svg>
  );
}

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
  const theme = useAppStore((s) => s.theme);
  const gradingLabel = useAppStore((s) => s.data?.rules.gradingLabel);
  if (status !== 'ready') return null;
  const colors = classes ? classColors(classes.edges.length - 1) : [];
  const hatch = (key: string, label: string) => (
    <li key={key} data-class={key}>
      <span className="swatch hatch" />
      {label}
    </li>
  );
  return (
    <details className="map-legend" open={open} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="legend">
      <summary className="legend-toggle">{t('ui.legend')}</summary>
      {visibility.parcels && theme === 'stage' && (
        <section aria-label={t('themeName.stage')} data-testid="legend-stage">
          <h3>{t('themeName.stage')}</h3>
          <ul className="legend-classes">
            {STAGES.filter((st) => st !== 'unknown').map((st) => (
              <li key={st} data-class={st}>
                <span className="swatch" style={{ background: COLORS.stage[st] }} />
                {t(`stage.${st}`)}
              </li>
            ))}
            {hatch('unknown', t('legend.stageUnknown'))}
          </ul>
        </section>
      )}
      {visibility.parcels && theme === 'grade' && (
        <section aria-label={t('themeName.grade')} data-testid="legend-grade">
          <h3>{t('themeName.grade')}</h3>
          {gradingLabel && <p className="legend-note">{gradingLabel[lang]}</p>}
          <ul className="legend-classes">
            {GRADES.map((g) => (
              <li key={g} data-class={g}>
                <span className="swatch" style={{ background: COLORS.grade[g] }} />
                {g}
              </li>
            ))}
            {hatch('ungraded', t('legend.ungraded'))}
          </ul>
        </section>
      )}
      {visibility.parcels && theme === 'metric' && (
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
          <li key={k} data-flag-layer={k}>
            <FlagLine k={k} />
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
