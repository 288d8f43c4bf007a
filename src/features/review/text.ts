import type { TFunction } from 'i18next';
import { ATTACHMENT_MAX_BYTES, type BasisChange } from '../../domain/review';
import type { ReviewProblem } from '../../state/reviews/slice';

/** A review problem as a sentence (the officer's language). */
export function problemText(t: TFunction, p: ReviewProblem): string {
  switch (p.kind) {
    case 'transition-refused':
      return t('review.problem.transition-refused', { from: t(`review.status.${p.from}`), to: t(`review.status.${p.to}`) });
    case 'required':
      return t('review.problem.required', { field: t(`review.field.${p.field}`) });
    case 'invalid-date':
      return t('review.problem.invalid-date', { field: t(`review.field.${p.field}`), value: p.value });
    case 'too-long':
      return t('review.problem.too-long', { field: t(`review.field.${p.field}`), max: p.max });
    case 'attachment-size':
      return t('review.problem.attachment-size', { name: p.name, size: mb(p.sizeBytes), max: mb(p.max) });
    case 'attachment-type':
      return t('review.problem.attachment-type', { name: p.name, type: p.type || '?' });
    case 'attachments-count':
      return t('review.problem.attachments-count', { count: p.count, max: p.max });
    case 'conflict':
      return t('review.problem.conflict', { heads: p.heads });
    case 'changed-since':
      return t('review.problem.changed-since', { by: p.by, at: localTime(p.at), status: t(`review.status.${p.status}`) });
    default:
      return t(`review.problem.${p.kind}`);
  }
}

export function changeText(t: TFunction, c: BasisChange): string {
  return t('review.change', { field: t(`review.fact.${c.field}`), was: c.was ?? '—', now: c.now ?? '—' });
}

/** A size in MB as an officer reads it: a whole number when it is one (the limit, "10"), else one decimal. */
export const mb = (bytes: number): string => {
  const v = bytes / 1024 / 1024;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
};
export const MAX_MB = ATTACHMENT_MAX_BYTES / 1024 / 1024;

/** An event's time as the officer reads it: local date and time to the minute. */
export function localTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
