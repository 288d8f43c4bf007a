import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/react';
import { REVIEW_FILTERS, type ReviewFilter } from '../../state/reviews/queue';

/** The review-status filter: with the flag filter, "what is flagged and not yet looked at" is two ticks. */
export function ReviewFilterFieldset() {
  const { t } = useTranslation();
  const wanted = useAppStore((s) => s.reviewFilter);
  const set = useAppStore((s) => s.setReviewFilter);
  const toggle = (f: ReviewFilter) => set(wanted.includes(f) ? wanted.filter((x) => x !== f) : [...wanted, f]);
  return (
    <fieldset>
      <legend>{t('review.filter')}</legend>
      {REVIEW_FILTERS.map((f) => (
        <label key={f} className="check">
          <input type="checkbox" checked={wanted.includes(f)} onChange={() => toggle(f)} data-review-filter={f} />
          {t(`review.mark.${f}`)}
        </label>
      ))}
    </fieldset>
  );
}
