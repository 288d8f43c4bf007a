import { useTranslation } from 'react-i18next';
import { GRADES } from '../../domain/grades';
import { STAGES } from '../../domain/stages';
import type { AreaSummary, ZoneTargetResult } from '../../domain/types';
import { DELAY_CAUSE_KEYS } from '../../domain/types';
import { muFromM2 } from '../../domain/units';
import { fmt, fmtPercent } from '../../i18n/format';
import type { Lang } from '../../i18n/resources';
import type { Translate } from '../../state/columns';
import { useAppStore } from '../../state/react';
import type { LoadedData } from '../../state/store';
import { Verification } from './Verification';

/**
 * Zones with their key figures; choosing one fits the map to it and scopes table, filters and legend. Below the list,
 * a compact summary of the zone in scope (the city when all zones are): every share is of industrial land (the
 * summaries' denominator), stages and counts of all land, grades ranked within the zone (the city's within the city),
 * and the zone target with its source. The dashboard's charts are elsewhere; this stays a few lines.
 */
export function ZonePanel() {
  const { t } = useTranslation();
  const data = useAppStore((s) => s.data);
  const zone = useAppStore((s) => s.filters.zone);
  const setZone = useAppStore((s) => s.setZone);
  const lang = useAppStore((s) => s.lang);
  if (!data) return null;
  const shares = (s: AreaSummary | undefined) => t('ui.zoneShares', { idle: fmtPercent(lang, s?.idleShare), low: fmtPercent(lang, s?.lowEfficiencyShare) });
  const scoped = zone != null ? data.summaries.find((x) => x.zoneId === zone) : undefined;
  const scopedZone = zone != null ? data.zones.find((z) => z.id === zone) : undefined;
  return (
    <section className="panel-section" aria-labelledby="zones-h">
      <h2 id="zones-h">{t('ui.zones')}</h2>
      <ul className="zone-list">
        <li>
          <button type="button" className={zone == null ? 'zone active' : 'zone'} aria-pressed={zone == null} onClick={() => setZone(null)} data-zone="">
            <span className="zone-name">{t('ui.allZones')}</span>
            <span className="zone-figures">{t('ui.zoneFigures', { count: data.city.parcelCount, area: fmt(lang, muFromM2(data.city.totalAreaM2), 0) })}</span>
            <span className="zone-figures">{shares(data.city)}</span>
          </button>
        </li>
        {data.zones.map((z) => {
          const s = data.summaries.find((x) => x.zoneId === z.id);
          return (
            <li key={z.id}>
              <button
                type="button"
                className={zone === z.id ? 'zone active' : 'zone'}
                aria-pressed={zone === z.id}
                onClick={() => setZone(z.id)}
                data-zone={z.id}
              >
                <span className="zone-name">{lang === 'zh' ? z.name : z.nameEn}</span>
                <span className="zone-figures">{t('ui.zoneFigures', { count: s?.parcelCount ?? 0, area: fmt(lang, muFromM2(s?.totalAreaM2 ?? 0), 0) })}</span>
                <span className="zone-figures">{shares(s)}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {zone == null ? (
        <ZoneSummaryCard data={data} name={t('zoneSummary.city')} summary={data.city} within="city" t={t} lang={lang} />
      ) : (
        scoped && (
          <ZoneSummaryCard
            data={data}
            name={scopedZone ? (lang === 'zh' ? scopedZone.name : scopedZone.nameEn) : (scoped.zoneId ?? '')}
            summary={scoped}
            within="zone"
            t={t}
            lang={lang}
          />
        )
      )}
    </section>
  );
}

interface CardProps {
  data: LoadedData;
  name: string;
  summary: AreaSummary & { targets: ZoneTargetResult[]; grades: LoadedData['city']['grades'] };
  /** the grades tallied: ranked within the zone, or within the city */
  within: 'zone' | 'city';
  t: Translate;
  lang: Lang;
}

function ZoneSummaryCard({ data, name, summary: s, within, t, lang }: CardProps) {
  const mu = (m2: number) => fmt(lang, muFromM2(m2), 0);
  const share = (v: number | null, m2: number) => t('zoneSummary.share', { share: fmtPercent(lang, v), area: mu(m2) });
  const ungraded = Object.values(s.grades.ungraded).reduce((n, x) => n + x.count, 0);
  const stages = STAGES.filter((st) => st !== 'unknown' || s.stageCount.unknown > 0);
  return (
    <div className="zone-summary" data-testid="zone-summary" data-scope={within}>
      <h3>{t('zoneSummary.heading', { name })}</h3>
      <p data-testid="zone-industrial">
        {t('zoneSummary.industrial', {
          count: s.industrialParcelCount,
          area: mu(s.industrialAreaM2),
          total: s.parcelCount,
          totalArea: mu(s.totalAreaM2),
        })}
      </p>
      <table className="mini summary-shares">
        <thead>
          <tr>
            <th />
            <th scope="col">{t('zoneSummary.ofIndustrial')}</th>
          </tr>
        </thead>
        <tbody>
          <tr data-share="idle">
            <th scope="row">{t('zoneSummary.idle')}</th>
            <td>{share(s.idleShare, s.idleAreaM2)}</td>
          </tr>
          <tr data-share="low-efficiency">
            <th scope="row">{t('zoneSummary.lowEfficiency')}</th>
            <td>{share(s.lowEfficiencyShare, s.lowEfficiencyAreaM2)}</td>
          </tr>
          <tr data-share="supply-breach">
            <th scope="row">{t('zoneSummary.supplyBreach')}</th>
            <td>{share(s.supplyBreachShare, s.supplyBreachAreaM2)}</td>
          </tr>
        </tbody>
      </table>
      <dl className="facts summary-facts">
        <dt>{t('zoneSummary.idleByCause')}</dt>
        <dd data-testid="idle-by-cause">
          {DELAY_CAUSE_KEYS.map((k) => `${t(`zoneSummary.cause.${k}`)} ${mu(s.idleAreaM2ByCause[k])} ${t('unit.mu')}`).join(' · ')}
        </dd>
        <dt>{t('zoneSummary.intensity')}</dt>
        <dd data-testid="zone-intensity">
          {fmt(lang, s.intensityWanPerMu, 1)} {t('unit.wanPerMu')}
          <span className="basis">{t('zoneSummary.intensityBasis', { area: mu(s.intensityAreaM2) })}</span>
        </dd>
        <dt>{t('zoneSummary.overdue')}</dt>
        <dd data-testid="overdue-counts">{t('zoneSummary.overdueCounts', { start: s.overdueStartCount, completion: s.overdueCompletionCount })}</dd>
        <dt>{t('zoneSummary.illegal')}</dt>
        <dd data-testid="illegal-count" className={s.illegalOccupationCount > 0 ? 'alert' : undefined}>
          {t('zoneSummary.illegalCount', { count: s.illegalOccupationCount, area: mu(s.illegalOccupationAreaM2) })}
        </dd>
        <dt>
          {t('zoneSummary.grades')}
          {t(`zoneSummary.gradesWithin.${within}`)}
        </dt>
        <dd data-testid="grade-tally">
          {[
            ...GRADES.map((g) => t('zoneSummary.gradeCount', { grade: g, count: s.grades.byGrade[g].count })),
            t('zoneSummary.ungradedCount', { count: ungraded }),
          ].join(' · ')}
        </dd>
      </dl>
      <table className="mini summary-stages" data-testid="stage-tally">
        <caption>{t('zoneSummary.stages')}</caption>
        <tbody>
          {stages.map((st) => (
            <tr key={st} data-stage={st}>
              <th scope="row">{t(`stage.${st}`)}</th>
              <td>{t('zoneSummary.stageRow', { count: s.stageCount[st], area: mu(s.stageAreaM2[st]) })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {s.targets.map((target) => (
        <Target key={target.sourceId} target={target} data={data} t={t} lang={lang} />
      ))}
    </div>
  );
}

/** A zone target against the mean: in force or not (from its date), met or not, and its source with its verification. */
function Target({ target, data, t, lang }: { target: ZoneTargetResult; data: LoadedData; t: Translate; lang: Lang }) {
  const source = data.rules.sources[target.sourceId];
  const status = !target.inForce ? 'not-in-force' : target.met == null ? 'no-value' : target.met ? 'met' : 'unmet';
  return (
    <div className={`zone-target target-${status}`} data-testid="zone-target" data-status={status}>
      <strong>{t('zoneSummary.target')}</strong>{' '}
      {t('zoneSummary.targetLine', {
        metric: t(`zoneSummary.targetMetric.${target.metric}`),
        min: fmt(lang, target.min, 0),
        value: fmt(lang, target.value, 1),
      })}
      {' — '}
      <span className="target-status">{t(`zoneSummary.targetStatus.${status}`, { date: source?.effectiveFrom ?? '' })}</span>
      {source && (
        <p className="sources">
          {source[lang]} <Verification status={source.status} t={t} />
        </p>
      )}
    </div>
  );
}
