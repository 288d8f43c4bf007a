import { useTranslation } from 'react-i18next';
import { METRICS, type Metric } from '../../domain/metrics';
import { FLAGS, type Flag, FUNCTIONAL_AREAS, type FunctionalArea } from '../../domain/types';
import type { NumericColumn } from '../../engine/parcelTable';
import { useAppStore } from '../../state/react';

/**
 * A filter under a table header. Every column filter is a store filter, so the map shows exactly the rows the
 * table shows: text columns share the text search, numeric ones set a range, categorical ones a choice.
 */
export function ColumnFilter({ column, numeric }: { column: string; numeric?: NumericColumn }) {
  const { t } = useTranslation();
  const filters = useAppStore((s) => s.filters);
  const setFilters = useAppStore((s) => s.setFilters);
  const setZone = useAppStore((s) => s.setZone);
  const setRangeEnd = useAppStore((s) => s.setRangeEnd);
  const zones = useAppStore((s) => s.data?.zones) ?? [];
  const lang = useAppStore((s) => s.lang);
  const label = t('ui.filterColumn');
  if (numeric && METRICS.includes(numeric as Metric)) {
    const m = numeric as Metric;
    const range = filters.ranges[m] ?? [null, null];
    const set = (end: 0 | 1, text: string) => setRangeEnd(m, end, text);
    return (
      <span className="col-filter">
        <input type="number" aria-label={`${label} ${t('ui.min')}`} placeholder={t('ui.min')} value={range[0] ?? ''} onChange={(e) => set(0, e.target.value)} />
        <input type="number" aria-label={`${label} ${t('ui.max')}`} placeholder={t('ui.max')} value={range[1] ?? ''} onChange={(e) => set(1, e.target.value)} />
      </span>
    );
  }
  switch (column) {
    case 'id':
    case 'name':
    case 'enterprise':
      return (
        <input
          className="col-filter"
          type="search"
          aria-label={label}
          placeholder="…"
          value={filters.text}
          onChange={(e) => setFilters({ text: e.target.value })}
        />
      );
    case 'industryCode':
      return (
        <input
          className="col-filter"
          aria-label={label}
          placeholder="13,27"
          value={filters.industries.join(',')}
          onChange={(e) => setFilters({ industries: e.target.value.split(/[,，\s]+/).filter(Boolean) })}
        />
      );
    case 'zone':
      return (
        <select className="col-filter" aria-label={label} value={filters.zone ?? ''} onChange={(e) => setZone(e.target.value || null)}>
          <option value="">{t('ui.allZones')}</option>
          {zones.map((z) => (
            <option key={z.id} value={z.id}>
              {lang === 'zh' ? z.name : z.nameEn}
            </option>
          ))}
        </select>
      );
    case 'functionalArea':
      return (
        <select
          className="col-filter"
          aria-label={label}
          value={filters.functionalAreas[0] ?? ''}
          onChange={(e) => setFilters({ functionalAreas: e.target.value ? [e.target.value as FunctionalArea] : [] })}
        >
          <option value="">—</option>
          {FUNCTIONAL_AREAS.map((fa) => (
            <option key={fa} value={fa}>
              {t(`functionalArea.${fa}`)}
            </option>
          ))}
        </select>
      );
    case 'idleStatus':
    case 'flags':
      return (
        <select
          className="col-filter"
          aria-label={label}
          value={filters.flags[0] ?? ''}
          onChange={(e) => setFilters({ flags: e.target.value ? [e.target.value as Flag] : [] })}
        >
          <option value="">—</option>
          {FLAGS.map((f) => (
            <option key={f} value={f}>
              {t(`flag.${f}`)}
            </option>
          ))}
        </select>
      );
    default:
      return null;
  }
}
