import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CHANGES } from '../../domain/change';
import { LAND_USE_KINDS } from '../../domain/rules';
import { STAGES } from '../../domain/stages';
import { FLAGS, type Flag, FUNCTIONAL_AREAS, type FunctionalArea } from '../../domain/types';
import { muFromM2 } from '../../domain/units';
import { IDLE_MEASURES } from '../../engine/parcelTable';
import { fmt } from '../../i18n/format';
import { type Filters, GRADE_CHOICES, isFiltered, RANGE_COLUMNS } from '../../state/filters';
import { useAppStore } from '../../state/react';
import { ReviewFilterFieldset } from '../review/ReviewFilter';

const toggleIn = <T,>(list: T[], v: T): T[] => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

type ChoiceFilter = 'stages' | 'gradesCity' | 'gradesZone';

/** A fieldset of checkboxes for one list filter: any value checked passes (none: no filter), kept in the values' order. */
function ChoiceFieldset<K extends ChoiceFilter>({
  filter,
  legend,
  values,
  label,
}: {
  filter: K;
  legend: string;
  values: readonly Filters[K][number][];
  label: (v: string) => string;
}) {
  const chosen = useAppStore((s) => s.filters[filter]) as readonly string[];
  const setFilters = useAppStore((s) => s.setFilters);
  return (
    <fieldset data-filter={filter}>
      <legend>{legend}</legend>
      {values.map((v) => (
        <label key={v} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(v)}
            onChange={() => {
              const next = toggleIn([...chosen], v);
              setFilters({ [filter]: values.filter((x) => next.includes(x)) } as Partial<Filters>);
            }}
            data-value={v}
          />
          {label(v)}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * Filters by flag, stage, grade, functional area, industry, land use, numeric range and text; the matching count and
 * area always show.
 */
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
  const compare = useAppStore((s) => s.compare);
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
      <ChoiceFieldset filter="stages" legend={t('column.stage')} values={STAGES} label={(v) => t(`stage.${v}`)} />
      <ChoiceFieldset filter="gradesCity" legend={t('column.gradeCity')} values={GRADE_CHOICES} label={(v) => t(`gradeChoice.${v}`)} />
      <ChoiceFieldset filter="gradesZone" legend={t('column.gradeZone')} values={GRADE_CHOICES} label={(v) => t(`gradeChoice.${v}`)} />
      <ReviewFilterFieldset />
      <fieldset>
        <legend>{t('dashboard.filter.landUseKind')}</legend>
        {LAND_USE_KINDS.map((k) => (
          <label key={k} className="check">
            <input
              type="checkbox"
              checked={filters.landUseKinds.includes(k)}
              onChange={() => setFilters({ landUseKinds: toggleIn(filters.landUseKinds, k) })}
              data-land-use-kind={k}
            />
            {t(`landUseKind.${k}`)}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('dashboard.filter.idleMeasure')}</legend>
        {IDLE_MEASURES.map((m) => (
          <label key={m} className="check">
            <input
              type="checkbox"
              checked={filters.idleMeasures.includes(m)}
              onChange={() => setFilters({ idleMeasures: toggleIn(filters.idleMeasures, m) })}
              data-idle-measure={m}
            />
            {t(`measure.${m}`)}
          </label>
        ))}
      </fieldset>
      {(compare || filters.changes.length > 0) && (
        <fieldset data-testid="change-filter">
          <legend>
            {t('dashboard.filter.change')}
            {compare ? ` ${compare.from} → ${compare.to}` : ''}
          </legend>
          {CHANGES.map((c) => (
            <label key={c} className="check">
              <input
                type="checkbox"
                checked={filters.changes.includes(c)}
                onChange={() => setFilters({ changes: toggleIn(filters.changes, c) })}
                data-change={c}
              />
              {t(`dashboard.change.${c}`)}
            </label>
          ))}
        </fieldset>
      )}
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
        {RANGE_COLUMNS.map((m) => (
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
