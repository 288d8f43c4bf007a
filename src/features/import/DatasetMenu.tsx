import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isImportedDataset } from '../../state/imports/storage';
import { useAppStore } from '../../state/react';
import { DEFAULT_VIEW } from '../../state/urlState';
import { saveBlob } from '../review/ReviewTools';
import { ImportDialog } from './ImportDialog';
import './import.css';

/**
 * The datasets: the embedded one and those imported in this browser (with their parcels and date), each opened with
 * one click; the one shown can be exported as a dataset folder; an imported one removed. "Import data…" opens the
 * import dialog. Mounted once, in the workspace's header.
 */
export function DatasetMenu() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const dataset = useAppStore((s) => s.dataset);
  const manifest = useAppStore((s) => s.data?.manifest ?? null);
  const lang = useAppStore((s) => s.lang);
  const index = useAppStore((s) => s.datasets);
  const imported = useAppStore((s) => s.imports.datasets);
  const notice = useAppStore((s) => s.imports.notice);
  const dialog = useAppStore((s) => s.imports.dialog);
  const switchDataset = useAppStore((s) => s.switchDataset);
  const removeImported = useAppStore((s) => s.removeImported);
  const exportImported = useAppStore((s) => s.exportImported);
  const openImportDialog = useAppStore((s) => s.openImportDialog);
  const dismiss = useAppStore((s) => s.dismissImportNotice);
  const panel = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  // Escape or a click elsewhere closes the list, focus back on its button
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    const onClick = (e: MouseEvent) => {
      if (!panel.current?.contains(e.target as Node) && e.target !== button.current) setOpen(false);
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('mousedown', onClick);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  // the embedded datasets: those of the app's index (datasets.json, with their names); without an index, the default
  // and the folder the URL names when that is the one shown
  const embedded: { id: string; name: string }[] = index
    ? index.map((d) => ({ id: d.id, name: lang === 'zh' ? d.name : d.nameEn }))
    : [...new Set([DEFAULT_VIEW.dataset, ...(isImportedDataset(dataset) ? [] : [dataset])])].map((id) => ({
        id,
        name: id === dataset && manifest ? (lang === 'zh' ? manifest.name : manifest.nameEn) : id,
      }));
  const choose = (id: string) => {
    setOpen(false);
    if (id !== dataset) switchDataset(id);
  };

  return (
    <div className="dataset-menu">
      <button ref={button} type="button" aria-expanded={open} aria-controls="dataset-list" onClick={() => setOpen(!open)} data-testid="dataset-menu">
        {t('importUi.datasets')} ▾
      </button>
      {open && (
        <div ref={panel} id="dataset-list" className="dataset-list" data-testid="dataset-list">
          <h3>{t('importUi.embedded')}</h3>
          <ul>
            {embedded.map(({ id, name }) => (
              <li key={id} data-dataset={id}>
                <button type="button" onClick={() => choose(id)} aria-current={id === dataset ? 'true' : undefined}>
                  {name}
                </button>
                {id === dataset && <span className="badge-current">{t('importUi.current')}</span>}
                {/* the folder: datasets of one name (copies of one manifest) told apart */}
                {name !== id && <code className="note">{id}</code>}
              </li>
            ))}
          </ul>
          <h3>{t('importUi.imported')}</h3>
          {imported.length === 0 ? (
            <p className="note">{t('importUi.none')}</p>
          ) : (
            <ul>
              {imported.map((d) => (
                <li key={d.id} data-dataset={d.id}>
                  <button type="button" onClick={() => choose(d.id)} aria-current={d.id === dataset ? 'true' : undefined}>
                    {d.name}
                  </button>
                  {d.id === dataset && <span className="badge-current">{t('importUi.current')}</span>}
                  <span className="note">{t('importUi.listedParcels', { count: d.parcelCount, date: d.importedAt.slice(0, 10) })}</span>
                  <span className="row-actions">
                    {d.id === dataset && (
                      <button
                        type="button"
                        title={t('importUi.exportNote')}
                        onClick={() => void exportImported().then((x) => x && saveBlob(x.blob, x.name))}
                        data-testid="export-dataset"
                      >
                        {t('importUi.export')}
                      </button>
                    )}
                    <button
                      type="button"
                      onClick={() => {
                        if (window.confirm(t('importUi.removeConfirm', { name: d.name }))) void removeImported(d.id);
                      }}
                      data-testid="remove-dataset"
                    >
                      {t('importUi.remove')}
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          )}
          <button
            type="button"
            className="primary"
            onClick={() => {
              setOpen(false);
              openImportDialog();
            }}
            data-testid="open-import"
          >
            {t('importUi.importButton')}
          </button>
        </div>
      )}
      {notice && (
        <div className="import-notice" role="status" data-testid="import-notice" data-kind={notice.kind}>
          {t(`importUi.notice.${notice.kind}`, notice as unknown as Record<string, string>)}{' '}
          <button type="button" onClick={dismiss}>
            {t('importUi.dismiss')}
          </button>
        </div>
      )}
      {dialog && <ImportDialog />}
    </div>
  );
}
