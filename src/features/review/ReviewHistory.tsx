import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentRef } from '../../domain/review';
import type { ReviewEvent } from '../../domain/reviewLog';
import { useAppStore } from '../../state/react';
import { localTime } from './text';

/**
 * A parcel's record (留痕): every event of its review, oldest first: when, who, what kind, from which decision to
 * which, with the measure, document, reason, note and attachments (images as thumbnails). All text is shown as text.
 */
export function ReviewHistory({ parcelId, compact = false }: { parcelId: string; compact?: boolean }) {
  const { t } = useTranslation();
  const review = useAppStore((s) => s.review.byParcel.get(parcelId));
  const events = review?.events ?? [];
  return (
    <section className="review-history" data-testid="review-history" data-parcel-id={parcelId}>
      <h3>{t('review.history')}</h3>
      {events.length === 0 ? (
        <p className="note">{t('review.historyEmpty')}</p>
      ) : (
        <ol className="history-list">
          {(compact ? events.slice(-5) : events).map((e) => (
            <HistoryRow key={e.id} e={e} />
          ))}
        </ol>
      )}
    </section>
  );
}

function HistoryRow({ e }: { e: ReviewEvent }) {
  const { t } = useTranslation();
  const d = e.after;
  return (
    <li data-kind={e.kind} data-event={e.id}>
      <div className="history-head">
        <time dateTime={e.at}>{localTime(e.at)}</time> <strong>{e.officer}</strong> <span className="kind">{t(`review.eventKind.${e.kind}`)}</span>
      </div>
      <div className="history-change">
        {t('review.historyRow', { from: t(`review.status.${e.before.status}`), to: t(`review.status.${d.status}`) })}
        {d.measure && ` · ${t(`review.measure.${d.measure}`)}`}
        {d.deadline && ` · ${t('review.field.deadline')} ${d.deadline}`}
        {d.documentNo && ` · ${t('review.field.documentNo')} ${d.documentNo}`}
      </div>
      {d.reason && (
        <div>
          {t('review.field.reason')}：{d.reason}
        </div>
      )}
      {d.note && (
        <div className="history-note">
          {t('review.field.note')}：{d.note}
        </div>
      )}
      {d.attachments.length > 0 && <Thumbnails list={d.attachments} />}
    </li>
  );
}

export function Thumbnails({ list }: { list: readonly AttachmentRef[] }) {
  return (
    <ul className="thumbs">
      {list.map((a) => (
        <Thumbnail key={a.id} a={a} />
      ))}
    </ul>
  );
}

function Thumbnail({ a }: { a: AttachmentRef }) {
  const blobOf = useAppStore((s) => s.attachmentBlob);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let made: string | null = null;
    let live = true;
    void blobOf(a.id).then((b) => {
      if (!b || !live) return;
      made = URL.createObjectURL(b);
      setUrl(made);
    });
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [a.id, blobOf]);
  return (
    <li>
      <a href={url ?? undefined} download={a.name} title={a.name}>
        {url && a.type.startsWith('image/') ? <img src={url} alt={a.name} /> : <span className="file">{a.name}</span>}
      </a>
    </li>
  );
}
