import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FieldMapping, MAPPING_TARGETS, type MappingTarget, mappingFileOf, mappingFileSchema, type Unit, unitsOf } from '../../data/mapping';
import { useAppStore } from '../../state/react';
import { saveBlob } from '../review/ReviewTools';

const SEP = '\u0000';
const sampleText = (v: unknown) => (typeof v === 'string' ? v : String(v));

/**
 * Step 3: each property of the parcel contract with the field it comes from (the parcels' or the table's, with sample
 * values), its unit where it has one, a unit the values suggest; saved mappings applied, a mapping saved or taken
 * from a file (the format `audit --map` reads).
 */
export function MappingStep() {
  const { t } = useTranslation();
  const d = useAppStore((s) => s.imports.dialog);
  const saved = useAppStore((s) => s.imports.mappings);
  const setSettings = useAppStore((s) => s.setImportSettings);
  const saveMapping = useAppStore((s) => s.saveMapping);
  const [name, setName] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const p = d?.preview;
  if (!d || !p) return null;
  const mapping: FieldMapping = d.settings.mapping ?? p.mapping;
  const setMapping = (m: FieldMapping) => void setSettings({ mapping: m });
  const setTarget = (target: MappingTarget, value: string) => {
    const next = { ...mapping };
    if (!value) delete next[target];
    else {
      const [source, field] = value.split(SEP) as ['parcels' | 'table', string];
      next[target] = { source, field };
    }
    setMapping(next);
  };
  const setUnit = (target: MappingTarget, unit: Unit) => {
    const src = mapping[target];
    if (src) setMapping({ ...mapping, [target]: { ...src, unit } });
  };
  const samplesOf = (target: MappingTarget) => {
    const src = mapping[target];
    const f = src && p.fields.find((x) => x.source === src.source && x.name === src.field);
    return f ? f.samples.map(sampleText).join(' · ') : '';
  };
  const parcelsFields = p.fields.filter((f) => f.source === 'parcels');
  const tableFields = p.fields.filter((f) => f.source === 'table');
  return (
    <>
      <h3 tabIndex={-1}>{t('importUi.steps.mapping')}</h3>
      <p className="note">{t('importUi.mappingNote')}</p>
      <div className="mapping-tools">
        {saved.length > 0 && (
          <label>
            {t('importUi.savedMappings')}
            <select
              defaultValue=""
              onChange={(e) => {
                const m = saved.find((x) => x.name === e.target.value);
                if (m) setMapping(m.fields as FieldMapping);
              }}
              data-testid="saved-mappings"
            >
              <option value="">—</option>
              {saved.map((m) => (
                <option key={m.name}>{m.name}</option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('importUi.mappingName')}
          <input value={name} onChange={(e) => setName(e.target.value)} data-testid="mapping-name" />
        </label>
        <button type="button" disabled={!name.trim()} onClick={() => void saveMapping(name)} data-testid="save-mapping">
          {t('importUi.saveMapping')}
        </button>
        <button
          type="button"
          onClick={() => saveBlob(new Blob([JSON.stringify(mappingFileOf(mapping, name || undefined), null, 2)], { type: 'application/json' }), 'mapping.json')}
        >
          {t('importUi.downloadMapping')}
        </button>
        <button type="button" onClick={() => fileInput.current?.click()}>
          {t('importUi.loadMappingFile')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json"
          hidden
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (!f) return;
            void f.text().then((text) => {
              try {
                const r = mappingFileSchema.safeParse(JSON.parse(text));
                if (!r.success) throw new Error(r.error.issues[0]?.path.join('.') ?? '');
                setFileError(null);
                setMapping(r.data.fields as FieldMapping);
              } catch (err) {
                setFileError((err as Error).message);
              }
            });
          }}
        />
      </div>
      {fileError && (
        <p className="import-failure" role="alert">
          {t('importUi.badMappingFile', { detail: fileError })}
        </p>
      )}
      <table className="mini mapping" data-testid="mapping-table">
        <thead>
          <tr>
            <th>{t('importUi.target')}</th>
            <th>{t('importUi.source')}</th>
            <th>{t('importUi.unit')}</th>
            <th>{t('importUi.samples')}</th>
          </tr>
        </thead>
        <tbody>
          {MAPPING_TARGETS.map((target) => {
            const src = mapping[target];
            const units = unitsOf(target);
            const hint = p.unitHints[target];
            const selectId = `map-${target}`;
            return (
              <tr key={target} data-target={target} className={src ? 'mapped' : ''}>
                <th scope="row">
                  <label htmlFor={selectId}>{t(`target.${target}`)}</label>
                </th>
                <td>
                  <select id={selectId} value={src ? `${src.source}${SEP}${src.field}` : ''} onChange={(e) => setTarget(target, e.target.value)}>
                    <option value="">{t('importUi.notMapped')}</option>
                    <optgroup label={t('importUi.fromParcels')}>
                      {parcelsFields.map((f) => (
                        <option key={f.name} value={`parcels${SEP}${f.name}`}>
                          {f.name}
                        </option>
                      ))}
                    </optgroup>
                    {tableFields.length > 0 && (
                      <optgroup label={t('importUi.fromTable')}>
                        {tableFields.map((f) => (
                          <option key={f.name} value={`table${SEP}${f.name}`}>
                            {f.name}
                          </option>
                        ))}
                      </optgroup>
                    )}
                  </select>
                </td>
                <td>
                  {units.length > 0 && src && (
                    <select
                      aria-label={`${t(`target.${target}`)} · ${t('importUi.unit')}`}
                      value={src.unit ?? (units.includes('wanYuan') ? 'wanYuan' : 'm2')}
                      onChange={(e) => setUnit(target, e.target.value as Unit)}
                    >
                      {units.map((u) => (
                        <option key={u} value={u}>
                          {t(`amountUnit.${u}`)}
                        </option>
                      ))}
                    </select>
                  )}
                  {hint && src && (
                    <span className="unit-hint" role="note">
                      {t('importUi.unitHint', { unit: t(`amountUnit.${hint}`) })}{' '}
                      <button type="button" onClick={() => setUnit(target, hint)}>
                        {t('importUi.useUnit', { unit: t(`amountUnit.${hint}`) })}
                      </button>
                    </span>
                  )}
                </td>
                <td className="samples">{samplesOf(target)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
