import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/react';

/** Step 5: the dataset's name and as-of date, and "Import": written to this browser, then shown. */
export function SaveStep() {
  const { t } = useTranslation();
  const d = useAppStore((s) => s.imports.dialog);
  const setMeta = useAppStore((s) => s.setImportMeta);
  const commit = useAppStore((s) => s.commitImport);
  const p = d?.preview;
  if (!d || !p) return null;
  return (
    <>
      <h3 tabIndex={-1}>{t('importUi.steps.save')}</h3>
      <form
        className="import-save"
        onSubmit={(e) => {
          e.preventDefault();
          void commit();
        }}
      >
        <label>
          {t('importUi.name')}
          <input value={d.name} onChange={(e) => setMeta({ name: e.target.value })} required data-testid="import-name" />
        </label>
        <label>
          {t('importUi.asOf')}
          <input type="date" value={d.asOfDate} onChange={(e) => setMeta({ asOfDate: e.target.value })} data-testid="import-as-of" />
        </label>
        {p.failed ? (
          <p className="import-failure" role="alert">
            {t('importUi.failedImport')}
          </p>
        ) : (
          <p className="note">
            {t('importUi.summary', { file: p.file || '—', features: p.featureCount, parcels: p.parcelCount, areaMu: p.areaMu.toFixed(2) })}
          </p>
        )}
        <p className="note">{t('importUi.saveNote')}</p>
        <button type="submit" className="primary" disabled={p.failed || d.busy !== null || !d.name.trim()} data-testid="import-commit">
          {t('importUi.doImport')}
        </button>
      </form>
    </>
  );
}
