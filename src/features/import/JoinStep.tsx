import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../state/react';
import { ProblemTable } from './ProblemTable';

/** Codes of the problems the join preview lists as values not used and rows not read. */
const VALUE_CODES = new Set(['bad-cell', 'ragged-row', 'csv-syntax', 'join-lost-digits', 'join-no-key', 'more-bad-values', 'replacement-characters-row']);
const LIST = 30;

/**
 * Step 4: the table joined by the key the officer picks, and what it gives before anything changes: parcels and rows
 * matched, those unmatched on each side, keys in several rows, keys several parcels share, values that do not parse
 * (named by row and column).
 */
export function JoinStep() {
  const { t } = useTranslation();
  const d = useAppStore((s) => s.imports.dialog);
  const setSettings = useAppStore((s) => s.setImportSettings);
  const p = d?.preview;
  // a key chosen on one side only is kept here until the other is chosen too
  const [half, setHalf] = useState<{ key: string; tableKey: string }>({ key: d?.settings.join?.key ?? '', tableKey: d?.settings.join?.tableKey ?? '' });
  if (!d || !p) return null;
  if (!p.tableFile)
    return (
      <>
        <h3 tabIndex={-1}>{t('importUi.steps.join')}</h3>
        <p className="note">{t('importUi.noJoinTable')}</p>
      </>
    );
  const join = d.settings.join ?? half;
  const parcelsFields = p.fields.filter((f) => f.source === 'parcels');
  const tableFields = p.fields.filter((f) => f.source === 'table');
  const r = p.join;
  const setJoin = (patch: { key?: string; tableKey?: string }) => {
    const next = { key: join.key, tableKey: join.tableKey, ...patch };
    setHalf(next);
    void setSettings({ join: next.key && next.tableKey ? next : null });
  };
  const valueProblems = p.problems.filter((x) => VALUE_CODES.has(x.code) && (x.file === p.tableFile || x.file.endsWith(p.tableFile ?? '')));
  return (
    <>
      <h3 tabIndex={-1}>{t('importUi.steps.join')}</h3>
      <p className="note">{t('importUi.joinNote')}</p>
      <div className="import-options">
        <label>
          {t('importUi.joinKey')}
          <select value={join.key} onChange={(e) => setJoin({ key: e.target.value })} data-testid="join-key">
            <option value="">{t('importUi.chooseKey')}</option>
            {parcelsFields.map((f) => (
              <option key={f.name}>{f.name}</option>
            ))}
          </select>
        </label>
        <label>
          {t('importUi.tableKey')}
          <select value={join.tableKey} onChange={(e) => setJoin({ tableKey: e.target.value })} data-testid="table-key">
            <option value="">{t('importUi.chooseKey')}</option>
            {tableFields.map((f) => (
              <option key={f.name}>{f.name}</option>
            ))}
          </select>
        </label>
      </div>
      {r && (
        <div className="join-preview" data-testid="join-preview">
          <p className="join-matched" data-testid="join-matched">
            {t('importUi.matched', { parcels: r.matchedParcels, rows: r.matchedRows })}
          </p>
          <div className="join-columns">
            <section>
              <h4>{t('importUi.unmatchedParcels', { count: r.unmatchedParcels.length })}</h4>
              <ul className="key-list" data-testid="join-unmatched-parcels">
                {r.unmatchedParcels.slice(0, LIST).map((u) => (
                  <li key={u.index}>
                    #{u.index} {u.key}
                  </li>
                ))}
                {r.unmatchedParcels.length > LIST && <li>…</li>}
              </ul>
            </section>
            <section>
              <h4>{t('importUi.unmatchedRows', { count: r.unmatchedRows.length })}</h4>
              <ul className="key-list" data-testid="join-unmatched-rows">
                {r.unmatchedRows.slice(0, LIST).map((u) => (
                  <li key={u.row}>
                    {t('importUi.row', { row: u.row })}: {u.key}
                  </li>
                ))}
                {r.unmatchedRows.length > LIST && <li>…</li>}
              </ul>
            </section>
            <section>
              <h4>{t('importUi.duplicateKeys', { count: r.duplicateKeys.length })}</h4>
              <ul className="key-list" data-testid="join-duplicates">
                {r.duplicateKeys.slice(0, LIST).map((u) => (
                  <li key={u.key}>
                    {u.key}: {u.rows.map((row) => t('importUi.row', { row })).join(', ')}
                  </li>
                ))}
              </ul>
              {r.sharedKeys.length > 0 && <p className="note">{t('importUi.sharedKeys', { count: r.sharedKeys.length })}</p>}
            </section>
          </div>
        </div>
      )}
      {valueProblems.length > 0 && (
        <>
          <h4>{t('importUi.badValues')}</h4>
          <ProblemTable problems={valueProblems} testId="join-bad-values" />
        </>
      )}
    </>
  );
}
