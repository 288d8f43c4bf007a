import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { METRICS } from '../../domain/metrics';
import { FLAGS, type Flag, FUNCTIONAL_AREAS, type FunctionalArea } from '../../domain/types';
import { muFromM2 } from '../../domain/units';
import { fmt } from '../../i18n/format';
import { isFiltered } from '../../state/filters';
import { useAppStore } from '../../state/react';
import { ReviewFilterFieldset } from '../review/ReviewFilter';

const toggleIn = <T,>(list: T[], v: T): T[] => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

/** Filters by functional area, industry, land use, flag, numeric range and text; the matching count and area always show. */
export function FilterPanel() {
  const { t } = useTranslation();
  const data = useAppStore((s) => s.data);
  const filters = useAppStore((s) => s.filters);
  const setFilters = useAppStore((s) => s.setFilters);
  const clear = useAppStore((s) => s.clearFilters);
  const setRange = useAppStore((s) => s.setRangeEnd);
  const rows = useAppStore((s) => s.rows);
  const areaM2 = useAppStore((s) => s.rowsAreaM2);
  const lang = useAppStore((s) => s.lang);
  const present = useMemo(() => {
    if (!data) return { industries: [] as string[], landUses: [] as string[] };
    const ind = new Set<string>();
    const lu = new Set<string>();
    for (let i = 0; i < data.table.length; i++) {
      const code = (data.table.text.industryCode[i] as string).slice(0, 2);
      if (code) ind.add(code);
      const l = data.table.text.landUse[i] as string;
      if (l) lu.add(l);
    }
    return { industries: [...ind].sort(), landUses: [...lu].sort() };
  }, [data]);
  if (!data) return null;
  return (
    <section className="panel-section" aria-labelledby="filters-h">
      <h2 id="filters-h">{t('ui.filters')}</h2>
      <p className="match-count" data-testid="match-count" data-count={rows.length}>
        {t('ui.matching', { count: rows.length, area: fmt(lang, muFromM2(areaM2), 2) })}
      </p>
      <button type="button" onClick={clear} disabled={!isFiltered(filters)} data-testid="clear-filters">
        {t('ui.clearFilters')}
      </button>
      <input
        type="search"
        className="search"
        placeholder={t('ui.search')}
        aria-label={t('ui.search')}
        value={filters.text}
        onChange={(e) => setFilters({ text: e.target.value })}
      />
      <fieldset>
        <legend>{t('ui.flags')}</legend>
        {FLAGS.map((f: Flag) => (
          <label key={f} className="check">
            <input type="checkbox" checked={filters.flags.includes(f)} onChange={() => setFilters({ flags: toggleIn(filters.flags, f) })} data-flag={f} />
            {t(`flag.${f}`)}
          </label>
        ))}
      </fieldset>
      <ReviewFilterFieldset />
      <fieldset>
        <legend>{t('ui.functionalArea')}</legend>
        {FUNCTIONAL_AREAS.map((fa: FunctionalArea) => (
          <label key={fa} className="check">
            <input
              type="checkbox"
              checked={filters.functionalAreas.includes(fa)}
              onChange={() => setFilters({ functionalAreas: toggleIn(filters.functionalAreas, fa) })}
              data-fa={fa}
            />
            {t(`functionalArea.${fa}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('ui.industry')}</legend>
        {present.industries.map((code) => (
          <label key={code} className="check">
            <input
              type="checkbox"
              checked={filters.industries.includes(code)}
              onChange={() => setFilters({ industries: toggleIn(filters.industries, code) })}
              data-industry={code}
            />
            {code} {t(`industryName.${code}`, { defaultValue: '' })}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('ui.landUse')}</legend>
        {present.landUses.map((code) => (
          <label key={code} className="check">
            <input type="checkbox" checked={filters.landUses.includes(code)} onChange={() => setFilters({ landUses: toggleIn(filters.landUses, code) })} />
            {code} {t(`landUseName.${code}`, { defaultValue: '' })}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('ui.ranges')}</legend>
        {METRICS.map((m) => (
          <div key={m} className="range">
            <span>{t(`metricName.${m}`)}</span>
            <input
              type="number"
              aria-label={`${t(`metricName.${m}`)} ${t('ui.min')}`}
              placeholder={t('ui.min')}
              value={filters.ranges[m]?.[0] ?? ''}
              onChange={(e) => setRange(m, 0, e.target.value)}
              data-range={`${m}-min`}
            />
            <input
              type="number"
              aria-label={`${t(`metricName.${m}`)} ${t('ui.max')}`}
              placeholder={t('ui.max')}
              value={filters.ranges[m]?.[1] ?? ''}
              onChange={(e) => setRange(m, 1, e.target.value)}
              data-range={`${m}-max`}
            />
          </div>
        ))}
      </fieldset>
    </section>
  );
}
