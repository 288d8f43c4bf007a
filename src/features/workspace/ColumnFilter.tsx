import { useTranslation } from 'react-i18next';
import { STAGES } from '../../domain/stages';
import { FLAGS, FUNCTIONAL_AREAS } from '../../domain/types';
import { IDLE_STATUSES, indicatorsOf, type NumericColumn } from '../../engine/parcelTable';
import type { ColumnFilterKind } from '../../state/columns';
import { type Filters, GRADE_CHOICES, RANGE_COLUMNS, type RangeColumn } from '../../state/filters';
import { useAppStore } from '../../state/react';

type ListFilter = 'functionalAreas' | 'flags' | 'idleStatuses' | 'failedIndicators' | 'breachIndicators' | 'stages' | 'gradesCity' | 'gradesZone';

const gradeLabel = (v: string) => `gradeChoice.${v}`;

/** The choices of a column whose filter is a multiple choice: the filter it sets, its values and their i18n keys. */
const CHOICES: Partial<Record<NonNullable<ColumnFilterKind>, { filter: ListFilter; values: readonly string[]; label: (v: string) => string }>> = {
  functionalArea: { filter: 'functionalAreas', values: FUNCTIONAL_AREAS, label: (v) => `functionalArea.${v}` },
  idleStatus: { filter: 'idleStatuses', values: IDLE_STATUSES, label: (v) => `idleStatus.${v}` },
  flags: { filter: 'flags', values: FLAGS, label: (v) => `flag.${v}` },
  failedIndicators: { filter: 'failedIndicators', values: indicatorsOf('efficiency'), label: (v) => `indicator.${v}` },
  breachIndicators: { filter: 'breachIndicators', values: indicatorsOf('supply-condition'), label: (v) => `indicator.${v}` },
  stage: { filter: 'stages', values: STAGES, label: (v) => `stage.${v}` },
  gradeCity: { filter: 'gradesCity', values: GRADE_CHOICES, label: gradeLabel },
  gradeZone: { filter: 'gradesZone', values: GRADE_CHOICES, label: gradeLabel },
};

/**
 * A filter under a table header. Every column filter is a store filter of that column, so the map shows exactly the
 * rows the table shows: text columns share the text search, metric columns set a range, categorical ones a multiple
 * choice of that column's values (the same filter as the side panel's, never replacing a choice made there).
 */
export function ColumnFilter({ kind, numeric, label }: { kind: ColumnFilterKind; numeric?: NumericColumn; label: string }) {
  const { t } = useTranslation();
  const filters = useAppStore((s) => s.filters);
  const setFilters = useAppStore((s) => s.setFilters);
  const setZone = useAppStore((s) => s.setZone);
  const setRangeEnd = useAppStore((s) => s.setRangeEnd);
  const zones = useAppStore((s) => s.data?.zones) ?? [];
  const lang = useAppStore((s) => s.lang);
  const filterLabel = t('ui.filterColumnNamed', { column: label });
  if (kind === 'range' && numeric && RANGE_COLUMNS.includes(numeric as RangeColumn)) {
    const m = numeric as RangeColumn;
    const range = filters.ranges[m] ?? [null, null];
    const set = (end: 0 | 1, text: string) => setRangeEnd(m, end, text);
    return (
      <span className="col-filter">
        <input
          type="number"
          aria-label={`${filterLabel} ${t('ui.min')}`}
          placeholder={t('ui.min')}
          value={range[0] ?? ''}
          onChange={(e) => set(0, e.target.value)}
        />
        <input
          type="number"
          aria-label={`${filterLabel} ${t('ui.max')}`}
          placeholder={t('ui.max')}
          value={range[1] ?? ''}
          onChange={(e) => set(1, e.target.value)}
        />
      </span>
    );
  }
  const choice = kind ? CHOICES[kind] : undefined;
  if (choice) return <MultiChoice label={filterLabel} filter={choice.filter} values={choice.values} text={(v) => t(choice.label(v))} />;
  switch (kind) {
    case 'text':
      return (
        <input
          className="col-filter"
          type="search"
          aria-label={filterLabel}
          placeholder="…"
          value={filters.text}
          onChange={(e) => setFilters({ text: e.target.value })}
        />
      );
    case 'industry':
      return (
        <input
          className="col-filter"
          aria-label={filterLabel}
          placeholder="13,27"
          value={filters.industries.join(',')}
          onChange={(e) => setFilters({ industries: e.target.value.split(/[,，\s]+/).filter(Boolean) })}
        />
      );
    case 'zone':
      return (
        <select className="col-filter" aria-label={filterLabel} value={filters.zone ?? ''} onChange={(e) => setZone(e.target.value || null)}>
          <option value="">{t('ui.allZones')}</option>
          {zones.map((z) => (
            <option key={z.id} value={z.id}>
              {lang === 'zh' ? z.name : z.nameEn}
            </option>
          ))}
        </select>
      );
    default:
      return null;
  }
}

/** A drop-down of checkboxes: any of the values checked passes (none checked: no filter). */
function MultiChoice({ label, filter, values, text }: { label: string; filter: ListFilter; values: readonly string[]; text: (v: string) => string }) {
  const { t } = useTranslation();
  const chosen = useAppStore((s) => s.filters[filter]) as readonly string[];
  const setFilters = useAppStore((s) => s.setFilters);
  const toggle = (v: string) => {
    const next = chosen.includes(v) ? chosen.filter((x) => x !== v) : [...chosen, v];
    setFilters({ [filter]: values.filter((x) => next.includes(x)) } as Partial<Filters>);
  };
  const summary = chosen.length === 0 ? t('ui.any') : chosen.length === 1 ? text(chosen[0] as string) : t('ui.nChosen', { count: chosen.length });
  return (
    <details className="col-filter multi" data-filter={filter}>
      <summary aria-label={`${label}: ${summary}`}>{summary}</summary>
      <fieldset className="choices" aria-label={label}>
        {values.map((v) => (
          <label key={v} className="check">
            <input type="checkbox" checked={chosen.includes(v)} onChange={() => toggle(v)} data-value={v} />
            {text(v)}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
