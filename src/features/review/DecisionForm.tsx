import { type Ref, useImperativeHandle, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTACHMENTS_MAX, canTransition, type Decision, MEASURES, PENDING, REVIEW_STATUSES, type ReviewStatus } from '../../domain/review';
import { isConflict } from '../../domain/reviewLog';
import { useAppStore } from '../../state/react';
import { Thumbnails } from './ReviewHistory';
import { MAX_MB } from './text';

/** The statuses a key picks, in key order (1–5): pending is never picked, it is where a parcel starts. */
export const STATUS_KEYS: readonly ReviewStatus[] = REVIEW_STATUSES.filter((s) => s !== 'pending');

export interface DecisionFormHandle {
  pickStatus(status: ReviewStatus): void;
  save(): Promise<boolean>;
}

/**
 * The decision on one parcel: status (a button per status the table allows from the current one, each with its key),
 * measure, deadline, document number, reason, note, attachments. Made from the parcel's current decision; saving
 * records it at once. Keyed by parcel and head by its parent, so another tab's change gives a fresh form.
 */
export function DecisionForm({ parcelId, handle, onSaved }: { parcelId: string; handle: Ref<DecisionFormHandle>; onSaved(): void }) {
  const { t } = useTranslation();
  const review = useAppStore((s) => s.review.byParcel.get(parcelId));
  const save = useAppStore((s) => s.saveDecision);
  const current = review?.decision ?? PENDING;
  const head = review?.heads[0]?.id ?? null;
  const [draft, setDraft] = useState<Decision>(current);
  const [files, setFiles] = useState<File[]>([]);
  const reason = useRef<HTMLInputElement>(null);
  const measure = useRef<HTMLSelectElement>(null);
  const doc = useRef<HTMLInputElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const conflict = review ? isConflict(review) : false;
  const patch = (p: Partial<Decision>) => setDraft((d) => ({ ...d, ...p }));

  const pickStatus = (status: ReviewStatus) => {
    patch({ status });
    // the field the status requires next takes the focus
    setTimeout(() => {
      if (status === 'false-positive') reason.current?.focus();
      else if ((status === 'in-progress' || status === 'closed') && !draft.measure) measure.current?.focus();
      else if (status === 'closed') doc.current?.focus();
    }, 0);
  };
  const submit = async () => {
    const ok = await save(parcelId, draft, head, files);
    if (ok) {
      setFiles([]);
      onSaved();
    }
    return ok;
  };
  useImperativeHandle(handle, () => ({ pickStatus, save: submit }));

  return (
    <form
      className="decision-form"
      data-testid="decision-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <fieldset className="status-buttons" disabled={conflict}>
        <legend>{t('review.field.status')}</legend>
        {STATUS_KEYS.map((s, k) => {
          const allowed = s === current.status || canTransition(current.status, s);
          return (
            <button
              key={s}
              type="button"
              className={draft.status === s ? 'status-btn on' : 'status-btn'}
              aria-pressed={draft.status === s}
              disabled={!allowed}
              title={allowed ? undefined : t('review.problem.transition-refused', { from: t(`review.status.${current.status}`), to: t(`review.status.${s}`) })}
              onClick={() => pickStatus(s)}
              data-status={s}
            >
              <kbd>{k + 1}</kbd> {t(`review.status.${s}`)}
            </button>
          );
        })}
      </fieldset>
      <label className="field">
        {t('review.field.reason')}
        <input
          ref={reason}
          value={draft.reason}
          maxLength={1000}
          placeholder={t('review.reasonPlaceholder')}
          onChange={(e) => patch({ reason: e.target.value })}
          data-testid="review-reason"
          aria-required={draft.status === 'false-positive'}
        />
      </label>
      <div className="field-row">
        <label className="field">
          {t('review.field.measure')}
          <select
            ref={measure}
            value={draft.measure ?? ''}
            onChange={(e) => patch({ measure: (e.target.value || null) as Decision['measure'] })}
            data-testid="review-measure"
          >
            <option value="">{t('review.measure.none')}</option>
            {MEASURES.map((m) => (
              <option key={m} value={m}>
                {t(`review.measure.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('review.field.deadline')}
          <input type="date" value={draft.deadline ?? ''} onChange={(e) => patch({ deadline: e.target.value || null })} data-testid="review-deadline" />
        </label>
      </div>
      <label className="field">
        {t('review.field.documentNo')}
        <input ref={doc} value={draft.documentNo} maxLength={60} onChange={(e) => patch({ documentNo: e.target.value })} data-testid="review-document" />
      </label>
      <label className="field">
        {t('review.field.note')}
        <textarea value={draft.note} rows={2} maxLength={4000} onChange={(e) => patch({ note: e.target.value })} data-testid="review-note" />
      </label>
      <div className="field">
        {t('review.field.attachments')} <small className="note">{t('review.attachLimit', { mb: MAX_MB, count: ATTACHMENTS_MAX })}</small>
        {draft.attachments.length > 0 && <Thumbnails list={draft.attachments} />}
        {/* the browser's own file button speaks its own language: a button of ours opens the picker */}
        <button type="button" className="attach-btn" onClick={() => picker.current?.click()} data-testid="review-attach">
          {t('review.attach')}
        </button>
        <input
          ref={picker}
          type="file"
          accept="image/*,application/pdf"
          multiple
          hidden
          onChange={(e) => {
            setFiles([...files, ...Array.from(e.target.files ?? [])]);
            e.target.value = '';
          }}
          aria-label={t('review.attach')}
          data-testid="review-files"
        />
        {files.length > 0 && (
          <ul className="picked">
            {files.map((f, i) => (
              <li key={`${f.name}-${f.size}-${f.lastModified}`}>
                {f.name}{' '}
                <button type="button" onClick={() => setFiles(files.filter((_, j) => j !== i))} aria-label={t('review.removeAttachment', { name: f.name })}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <button type="submit" className="save-btn" data-testid="review-save" disabled={conflict}>
        {t('review.save')} <kbd>Enter</kbd>
      </button>
    </form>
  );
}
