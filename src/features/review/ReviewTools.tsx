import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/react';
import { localTime } from './text';

/** Saves a file the app made (an export, a backup) through the browser's download. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Storage full or refused: said at once, with the records not stored and a backup to take now. */
export function StorageBanner() {
  const { t } = useTranslation();
  const failure = useAppStore((s) => s.review.failure);
  const unsaved = useAppStore((s) => s.review.unsaved.length);
  const retry = useAppStore((s) => s.retryUnsaved);
  const backup = useAppStore((s) => s.backupReviews);
  if (!failure && unsaved === 0) return null;
  return (
    <div className="storage-banner" role="alert" data-testid="storage-banner" data-kind={failure?.kind ?? ''} data-unsaved={unsaved}>
      {failure && <p>{t(`review.storage.${failure.kind}`, { detail: failure.detail })}</p>}
      {unsaved > 0 && <p>{t('review.storage.unsaved', { count: unsaved })}</p>}
      <button type="button" onClick={() => void backup().then((b) => saveBlob(b.blob, b.name))} data-testid="storage-export">
        {t('review.storage.exportNow')}
      </button>{' '}
      {unsaved > 0 && (
        <button type="button" onClick={() => void retry()}>
          {t('review.storage.retry')}
        </button>
      )}
    </div>
  );
}

/** Parcels decided differently here and in an imported backup: each candidate, to keep one. */
export function ConflictList() {
  const { t } = useTranslation();
  const byParcel = useAppStore((s) => s.review.byParcel);
  const imported = useAppStore((s) => s.review.conflicts);
  const resolve = useAppStore((s) => s.resolveConflict);
  const list = useMemo(() => [...byParcel.values()].filter((r) => r.heads.length > 1), [byParcel]);
  if (list.length === 0) return null;
  const sideOf = (parcelId: string, eventId: string) => imported.find((c) => c.parcelId === parcelId)?.heads.find((h) => h.event.id === eventId)?.side;
  return (
    <section className="review-conflicts" data-testid="review-conflicts">
      <h3>{t('review.conflicts', { count: list.length })}</h3>
      <p className="note">{t('review.conflictNote')}</p>
      <ul>
        {list.map((r) => (
          <li key={r.parcelId} data-parcel-id={r.parcelId}>
            <strong>{r.parcelId}</strong>
            {r.heads.map((h) => {
              const side = sideOf(r.parcelId, h.id);
              return (
                <button key={h.id} type="button" onClick={() => void resolve(r.parcelId, h.after)} data-keep={h.after.status}>
                  {t('review.keep', { status: t(`review.status.${h.after.status}`), officer: h.officer, at: localTime(h.at) })}
                  {side && ` · ${t(`review.side.${side}`)}`}
                </button>
              );
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Decisions on parcels the data loaded no longer has: kept and listed, never dropped. */
export function OrphanList() {
  const { t } = useTranslation();
  const byParcel = useAppStore((s) => s.review.byParcel);
  const table = useAppStore((s) => s.data?.table);
  const reviewAt = useAppStore((s) => s.reviewAt);
  const list = useMemo(() => {
    if (!table) return [];
    const ids = new Set(table.text.id);
    return [...byParcel.values()].filter((r) => !ids.has(r.parcelId) && r.decision.status !== 'pending');
  }, [byParcel, table]);
  if (list.length === 0) return null;
  return (
    <section className="review-orphans" data-testid="review-orphans">
      <h3>{t('review.orphans', { count: list.length })}</h3>
      <p className="note">{t('review.orphanNote')}</p>
      <ul>
        {list.map((r) => (
          <li key={r.parcelId} data-parcel-id={r.parcelId}>
            <button type="button" className="link" onClick={() => reviewAt(r.parcelId)}>
              {r.parcelId}
            </button>{' '}
            {t(`review.status.${r.decision.status}`)} · {t('review.mark.orphan')}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The queue's list as CSV, Excel or GeoJSON, and the backup of all decisions (export and import). */
export function ExportBar() {
  const { t } = useTranslation();
  const queue = useAppStore((s) => s.queue);
  const exportReviews = useAppStore((s) => s.exportReviews);
  const backup = useAppStore((s) => s.backupReviews);
  const importBackup = useAppStore((s) => s.importBackup);
  const [busy, setBusy] = useState(false);
  const file = useRef<HTMLInputElement>(null);
  const run = async (work: () => Promise<{ blob: Blob; name: string }>) => {
    setBusy(true);
    try {
      const out = await work();
      saveBlob(out.blob, out.name);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="review-exports" aria-busy={busy}>
      <h3>{t('review.exports')}</h3>
      <div className="buttons">
        {(['csv', 'xlsx', 'geojson'] as const).map((f) => (
          <button key={f} type="button" disabled={busy} onClick={() => void run(() => exportReviews(f, queue))} data-export={f}>
            {t(f === 'csv' ? 'review.exportCsv' : f === 'xlsx' ? 'review.exportXlsx' : 'review.exportGeoJson')}
          </button>
        ))}
        <button type="button" disabled={busy} onClick={() => void run(backup)} data-export="backup">
          {t('review.backup')}
        </button>
        <button type="button" disabled={busy} onClick={() => file.current?.click()} data-testid="import-backup">
          {t('review.importBackup')}
        </button>
        <input
          ref={file}
          type="file"
          accept=".zip,application/zip"
          hidden
          data-testid="import-backup-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void importBackup(f);
          }}
        />
      </div>
      {busy && <p className="note">{t('review.exporting')}</p>}
    </section>
  );
}
