import { useTranslation } from 'react-i18next';
import type { StatedCrs } from '../../data/importLayer';
import { IMPORT_ENCODINGS, type ImportEncoding } from '../../data/textEncodings';
import { fmt } from '../../i18n/format';
import { useAppStore } from '../../state/react';
import { ProblemTable } from './ProblemTable';

/** CGCS2000 3° zones that cover China: meridians 75–135°E, zones 25–45. */
const ZONES = Array.from({ length: 21 }, (_, i) => ({ cm: 75 + 3 * i, zone: 25 + i }));

const crsValue = (c: StatedCrs | null | undefined) => (!c ? 'auto' : 'offset' in c ? c.offset : `epsg:${c.epsg}`);
const crsOf = (v: string): StatedCrs | null => (v === 'auto' ? null : v === 'gcj02' || v === 'bd09' ? { offset: v } : { epsg: Number(v.slice(5)) });

/**
 * Step 2: what was read, and the choices that change it: the attributes' encoding (the names change at once in the
 * sample), the coordinate system (automatic: the .prj's or the numbers'), the layer and sheet; the first parcels with
 * their names and areas; every problem.
 */
export function CheckStep() {
  const { t } = useTranslation();
  const d = useAppStore((s) => s.imports.dialog);
  const lang = useAppStore((s) => s.lang);
  const setSettings = useAppStore((s) => s.setImportSettings);
  const p = d?.preview;
  if (!d || !p) return null;
  const enc = p.encoding;
  const found = enc ? `${t(`encodingName.${enc.encoding}`)} · ${t(`encodingFrom.${enc.from}`, { stated: enc.stated ?? '' })}` : '—';
  return (
    <>
      <h3 tabIndex={-1}>{t('importUi.steps.check')}</h3>
      {p.failed && (
        <p className="import-failure" role="alert" data-testid="import-failed">
          {t('importUi.failedImport')}
        </p>
      )}
      <p data-testid="import-summary">
        {t('importUi.summary', { file: p.file || '—', features: p.featureCount, parcels: p.parcelCount, areaMu: fmt(lang, p.areaMu, 2) })}
      </p>
      <div className="import-options">
        {p.kind === 'shapefile' && (
          <label>
            {t('importUi.encoding')}
            <select
              value={d.settings.encoding ?? ''}
              onChange={(e) => void setSettings({ encoding: (e.target.value || null) as ImportEncoding | null })}
              data-testid="encoding-select"
            >
              <option value="">{t('importUi.encodingAuto', { found })}</option>
              {IMPORT_ENCODINGS.map((e) => (
                <option key={e} value={e}>
                  {t(`encodingName.${e}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('importUi.crs')}
          <select value={crsValue(d.settings.crs)} onChange={(e) => void setSettings({ crs: crsOf(e.target.value) })} data-testid="crs-select">
            <option value="auto">{t('importUi.crsAuto', { found: p.crs })}</option>
            <option value="epsg:4490">{t('crsChoice.lonlat')}</option>
            <option value="gcj02">{t('crsChoice.gcj02')}</option>
            <option value="bd09">{t('crsChoice.bd09')}</option>
            <optgroup label="CGCS2000 3°">
              {ZONES.map((z) => (
                <option key={z.cm} value={`epsg:${4534 + z.zone - 25}`}>
                  {t('crsChoice.gk3', { cm: z.cm, code: 4534 + z.zone - 25 })}
                </option>
              ))}
              {ZONES.map((z) => (
                <option key={z.zone} value={`epsg:${4513 + z.zone - 25}`}>
                  {t('crsChoice.gk3prefix', { zone: z.zone, code: 4513 + z.zone - 25 })}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <span className="note" data-testid="crs-used">
          {t('importUi.crsUsed', { crs: p.crs, from: t(`crsFrom.${p.crsFrom}`) })}
        </span>
        {p.layers.length > 1 && (
          <label>
            {t('importUi.layer')}
            <select value={d.settings.layer ?? p.layers[0]} onChange={(e) => void setSettings({ layer: e.target.value })}>
              {p.layers.map((l) => (
                <option key={l}>{l}</option>
              ))}
            </select>
          </label>
        )}
        {p.sheets.length > 1 && (
          <label>
            {t('importUi.sheet')}
            <select value={d.settings.sheet ?? p.sheets[0]} onChange={(e) => void setSettings({ sheet: e.target.value })}>
              {p.sheets.map((l) => (
                <option key={l}>{l}</option>
              ))}
            </select>
          </label>
        )}
        {p.tableEncoding && p.tableEncoding.from !== 'bom' && (
          <label>
            {t('importUi.tableEncoding')}
            <select
              value={d.settings.tableEncoding ?? ''}
              onChange={(e) => void setSettings({ tableEncoding: (e.target.value || null) as ImportEncoding | null })}
              data-testid="table-encoding-select"
            >
              <option value="">
                {t('importUi.encodingAuto', {
                  found: `${t(`encodingName.${p.tableEncoding.encoding}`)} · ${t(`encodingFrom.${p.tableEncoding.from}`, { stated: p.tableEncoding.stated ?? '' })}`,
                })}
              </option>
              {IMPORT_ENCODINGS.map((e) => (
                <option key={e} value={e}>
                  {t(`encodingName.${e}`)}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {p.sample.length > 0 && (
        <>
          <h4>{t('importUi.sampleTitle')}</h4>
          <table className="mini" data-testid="import-sample">
            <thead>
              <tr>
                <th>#</th>
                <th>{t('column.id')}</th>
                <th>{t('column.name')}</th>
                <th>{t('column.enterprise')}</th>
                <th>{t('importUi.sampleArea')}</th>
              </tr>
            </thead>
            <tbody>
              {p.sample.map((x) => (
                <tr key={x.index}>
                  <td>{x.index}</td>
                  <td>{x.id}</td>
                  <td>{x.name ?? '—'}</td>
                  <td>{x.enterprise ?? '—'}</td>
                  <td className="num">{fmt(lang, x.areaM2, 1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h4>{p.errors + p.warnings === 0 ? t('importUi.noProblems') : t('importUi.problems', { errors: p.errors, warnings: p.warnings })}</h4>
      {p.problems.length > 0 && <ProblemTable problems={p.problems} testId="import-problems" />}
    </>
  );
}
