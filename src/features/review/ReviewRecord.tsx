import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { fmt, fmtPercent } from '../../i18n/format';
import { useAppStore } from '../../state/react';
import { ReviewHistory } from './ReviewHistory';
import { localTime } from './text';
import './review.css';

/**
 * The printable one-page 核查记录 of a parcel: the facts, every flag with its legal source, the current decision and
 * the whole record, with room to sign. Printed through the browser (its print dialog saves as PDF too): while it is
 * shown, the print stylesheet prints it alone.
 */
const listeners = new Set<(id: string | null) => void>();

/** Shows a parcel's record and opens the print dialog; the record goes away when printing is done. */
export function printRecord(parcelId: string): void {
  for (const l of listeners) l(parcelId);
  document.documentElement.classList.add('printing-record');
  const done = () => {
    document.documentElement.classList.remove('printing-record');
    for (const l of listeners) l(null);
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  // after the record has rendered
  setTimeout(() => window.print(), 50);
}

/** Mounted once: the record being printed, outside the app's layout. */
export function ReviewRecordHost() {
  const [id, setId] = useState<string | null>(null);
  useEffect(() => {
    listeners.add(setId);
    return () => {
      listeners.delete(setId);
    };
  }, []);
  return id ? createPortal(<ReviewRecord parcelId={id} />, document.body) : null;
}

export function ReviewRecord({ parcelId }: { parcelId: string }) {
  const { t } = useTranslation();
  const detail = useAppStore((s) => (s.detail?.id === parcelId ? s.detail : null));
  const data = useAppStore((s) => s.data);
  const lang = useAppStore((s) => s.lang);
  const review = useAppStore((s) => s.review.byParcel.get(parcelId));
  const d = review?.decision;
  const zone = data?.zones.find((z) => z.id === detail?.zoneId);
  return (
    <article className="print-record" data-testid="print-record" lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <header>
        <h1>{t('review.record')}</h1>
        <p>
          {data?.manifest ? (lang === 'zh' ? data.manifest.name : data.manifest.nameEn) : ''} · {t('app.asOf')} {data?.asOfDate}
          {data?.manifest?.illustrative && <strong className="badge">{t('review.recordIllustrative')}</strong>}
        </p>
      </header>
      <h2>{t('review.recordFacts')}</h2>
      <table className="record-facts">
        <tbody>
          <tr>
            <th>{t('column.id')}</th>
            <td>{parcelId}</td>
            <th>{t('column.name')}</th>
            <td>{detail?.name ?? '—'}</td>
          </tr>
          <tr>
            <th>{t('column.enterprise')}</th>
            <td>{detail?.enterprise ?? '—'}</td>
            <th>{t('column.zoneId')}</th>
            <td>{zone ? (lang === 'zh' ? zone.name : zone.nameEn) : '—'}</td>
          </tr>
          <tr>
            <th>{t('column.areaM2')}</th>
            <td>
              {fmt(lang, detail?.areaM2, 2)} ({fmt(lang, detail?.areaMu, 2)} {t('unit.mu')})
            </td>
            <th>{t('column.landUse')}</th>
            <td>{detail?.landUse ?? '—'}</td>
          </tr>
          <tr>
            <th>{t('ui.agreedStartDate')}</th>
            <td>{detail?.dates.agreedStartDate ?? '—'}</td>
            <th>{t('ui.actualStartDate')}</th>
            <td>{detail?.dates.actualStartDate ?? '—'}</td>
          </tr>
        </tbody>
      </table>
      <h2>{t('review.recordFlags')}</h2>
      {detail ? (
        <ul className="record-flags">
          {detail.flags.map((f) => (
            <li key={f}>{t(`flag.${f}`)}</li>
          ))}
          <li>
            {t('ui.idle')}: {t(`idleStatus.${detail.idle.status}`)} — {t(`idleReason.${detail.idle.reason}`)}
            {detail.idle.years != null && `（${detail.idle.years} ${t('unit.years')}）`}
            {detail.idle.measure && ` · ${t(`measure.${detail.idle.measure}`)}`} — {t('review.idleSource')}
          </li>
          {detail.lowEfficiency.checks
            .filter((c) => c.pass === false)
            .map((c) => (
              <li key={c.indicator}>
                {t(`indicator.${c.indicator}`)}{' '}
                {c.indicator === 'coverage' || c.indicator === 'green' || c.indicator === 'admin' ? fmtPercent(lang, c.value) : fmt(lang, c.value, 2)}{' '}
                {c.comparison === 'min' ? '<' : '>'}{' '}
                {c.indicator === 'coverage' || c.indicator === 'green' || c.indicator === 'admin' ? fmtPercent(lang, c.threshold) : fmt(lang, c.threshold, 2)} —{' '}
                {c.source}
              </li>
            ))}
        </ul>
      ) : (
        <p>{t('review.mark.orphan')}</p>
      )}
      <h2>{t('review.recordDecision')}</h2>
      <table className="record-facts">
        <tbody>
          <tr>
            <th>{t('review.field.status')}</th>
            <td>{t(`review.status.${d?.status ?? 'pending'}`)}</td>
            <th>{t('review.field.measure')}</th>
            <td>{t(`review.measure.${d?.measure ?? 'none'}`)}</td>
          </tr>
          <tr>
            <th>{t('review.field.deadline')}</th>
            <td>{d?.deadline ?? '—'}</td>
            <th>{t('review.field.documentNo')}</th>
            <td>{d?.documentNo || '—'}</td>
          </tr>
          <tr>
            <th>{t('review.field.reason')}</th>
            <td colSpan={3}>{d?.reason || '—'}</td>
          </tr>
          <tr>
            <th>{t('review.field.note')}</th>
            <td colSpan={3}>{d?.note || '—'}</td>
          </tr>
        </tbody>
      </table>
      <ReviewHistory parcelId={parcelId} />
      <footer>
        <span>
          {t('review.recordSign')} ____________ ({review?.heads[0]?.officer ?? ''})
        </span>
        <span>{t('review.recordPrinted', { at: localTime(new Date().toISOString()) })}</span>
      </footer>
    </article>
  );
}
