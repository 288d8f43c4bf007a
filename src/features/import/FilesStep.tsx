import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/react';

const PARCEL_TYPES = '.zip,.shp,.dbf,.shx,.prj,.cpg,.geojson,.json';
const TABLE_TYPES = '.csv,.txt,.xlsx,.xls';

/** Step 1: the files, dropped or picked; the parcels' files and a table to join, each removable. */
export function FilesStep() {
  const { t } = useTranslation();
  const d = useAppStore((s) => s.imports.dialog);
  const add = useAppStore((s) => s.addImportFiles);
  const remove = useAppStore((s) => s.removeImportFile);
  const [over, setOver] = useState(false);
  const pick = useRef<HTMLInputElement>(null);
  const pickTable = useRef<HTMLInputElement>(null);
  if (!d) return null;
  const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
  return (
    <>
      <h3 tabIndex={-1}>{t('importUi.steps.files')}</h3>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop target; the buttons inside are the keyboard's way */}
      <div
        className={over ? 'drop-zone over' : 'drop-zone'}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void add([...e.dataTransfer.files]);
        }}
      >
        <p>
          {t('importUi.drop')}{' '}
          <button type="button" onClick={() => pick.current?.click()} data-testid="pick-files">
            {t('importUi.pick')}
          </button>{' '}
          <button type="button" onClick={() => pickTable.current?.click()} data-testid="pick-table">
            {t('importUi.pickTable')}
          </button>
        </p>
        <p className="note">{t('importUi.dropHint')}</p>
        <input
          ref={pick}
          type="file"
          multiple
          accept={PARCEL_TYPES}
          hidden
          data-testid="file-input"
          onChange={(e) => {
            void add([...(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
        <input
          ref={pickTable}
          type="file"
          accept={TABLE_TYPES}
          hidden
          data-testid="table-input"
          onChange={(e) => {
            void add([...(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
      </div>
      <dl className="import-files">
        <dt>{t('importUi.parcelFiles')}</dt>
        <dd data-testid="parcel-files">
          {d.parcelFiles.length === 0
            ? '—'
            : d.parcelFiles.map((f) => (
                <span key={f.name} className="file-chip">
                  {f.name} <small>{size(f.size)}</small>
                </span>
              ))}
          {d.parcelFiles.length > 0 && (
            <button type="button" onClick={() => void remove('parcels')}>
              {t('importUi.removeFile')}
            </button>
          )}
        </dd>
        <dt>{t('importUi.tableFile')}</dt>
        <dd data-testid="table-file">
          {d.tableFile ? (
            <>
              <span className="file-chip">
                {d.tableFile.name} <small>{size(d.tableFile.size)}</small>
              </span>
              <button type="button" onClick={() => void remove('table')}>
                {t('importUi.removeFile')}
              </button>
            </>
          ) : (
            t('importUi.noTable')
          )}
        </dd>
      </dl>
    </>
  );
}
