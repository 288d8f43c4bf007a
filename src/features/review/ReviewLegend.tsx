import { useTranslation } from 'react-i18next';
import { REVIEW_STYLE } from '../../map/style';
import { REVIEW_MARKS } from '../../state/reviews/queue';

/** The review layer's legend, drawn from the same style constants as the map (fill and outline, as they print in grey). */
export function ReviewLegend() {
  const { t } = useTranslation();
  return (
    <>
      <li className="legend-title">{t('review.layer')}</li>
      {REVIEW_MARKS.filter((m) => m !== 'none').map((m) => {
        const s = REVIEW_STYLE[m];
        return (
          <li key={m} data-review-mark={m}>
            <svg className="swatch-review" width="28" height="16" aria-hidden="true">
              <rect x="3" y="3" width="22" height="10" fill={s.fill ?? 'none'} fillOpacity={s.fillOpacity} />
              {s.line && s.gap > 0 && (
                <>
                  <rect x="2" y="2" width="24" height="12" fill="none" stroke={s.line} strokeWidth={s.width} />
                  <rect
                    x={2 + s.gap + s.width}
                    y={2 + s.gap + s.width}
                    width={24 - 2 * (s.gap + s.width)}
                    height={12 - 2 * (s.gap + s.width)}
                    fill="none"
                    stroke={s.line}
                    strokeWidth={s.width}
                  />
                </>
              )}
              {s.line && s.gap === 0 && <rect x="3" y="3" width="22" height="10" fill="none" stroke={s.line} strokeWidth={s.width} />}
            </svg>
            {t(`review.mark.${m}`)}
          </li>
        );
      })}
    </>
  );
}
