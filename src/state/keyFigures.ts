import { meetsTarget, type PlanTarget, targetRevenueWanYuan, zonePlanTargets } from '../domain/planTargets';
import type { AreaSummary, IdleStatus, ZoneTargetResult } from '../domain/types';
import { muFromM2, yiFromWan } from '../domain/units';
import { IDLE_STATUSES } from '../engine/parcelTable';
import type { LoadedData } from './load';

/**
 * The key figures a tour stop shows and the printed list of stops carries: taken from the analysis' summaries (a
 * zone's, or the city's) and the parcel table, never computed from parcels here; each with its target where the
 * 2016–2018 plan sets one (domain/planTargets.ts) or a zone-average target of the rules is in force on the as-of date.
 * Units are in the ids; views format them (i18n keyFigure.<id>).
 */
export type FigureId =
  | 'areaMu'
  | 'parcels'
  | 'intensityWanPerMu'
  | 'idleShare'
  | 'lowEfficiencyShare'
  | 'leadingRevenueYiYuan'
  | 'outputWanPerMu'
  | 'taxWanPerMu'
  | 'idleStatus'
  | 'far';

export interface FigureTarget {
  comparison: '>=' | '>';
  value: number;
  met: boolean | null;
  /** where the target comes from: the plan's document and article, or a rule's source id */
  source: { kind: 'plan'; document: string; article: { zh: string; en: string } } | { kind: 'rule'; sourceId: string };
}

export interface KeyFigure {
  id: FigureId;
  /** a number in the unit of the id (shares 0–1); null when the data have none */
  value: number | null;
  /** for idleStatus: the status */
  status?: IdleStatus;
  digits: number;
  target: FigureTarget | null;
}

/** What a stop shows figures of: a zone, a parcel (its zone's figures follow its own), or all zones. */
export type FigureScope = { zone: string | null; parcel: string | null };

/** The figures of a zone (or of all zones, zone null) as the analysis summed them. */
export function areaFigures(s: AreaSummary & { targets?: ZoneTargetResult[] }, plan: PlanTarget[]): KeyFigure[] {
  const planOf = (figure: PlanTarget['figure'], value: number | null): FigureTarget | null => {
    const t = plan.find((p) => p.figure === figure);
    return t
      ? { comparison: t.comparison, value: t.value, met: meetsTarget(value, t), source: { kind: 'plan', document: t.document, article: t.article } }
      : null;
  };
  const ruleOf = (metric: ZoneTargetResult['metric']): FigureTarget | null => {
    const t = s.targets?.find((x) => x.metric === metric && x.inForce);
    return t ? { comparison: '>=', value: t.min, met: t.met, source: { kind: 'rule', sourceId: t.sourceId } } : null;
  };
  const figures: KeyFigure[] = [
    { id: 'areaMu', value: muFromM2(s.totalAreaM2), digits: 0, target: null },
    { id: 'parcels', value: s.parcelCount, digits: 0, target: null },
    { id: 'intensityWanPerMu', value: s.intensityWanPerMu, digits: 1, target: ruleOf('intensityWanPerMu') },
    { id: 'idleShare', value: s.idleShare, digits: 1, target: null },
    { id: 'lowEfficiencyShare', value: s.lowEfficiencyShare, digits: 1, target: null },
  ];
  // the leading industry's revenue, where the plan sets the zone a target for it
  const leading = plan.find((p) => p.figure === 'leadingRevenueYiYuan');
  if (leading) {
    const revenue = yiFromWan(targetRevenueWanYuan(leading, s.revenueByDivisionWanYuan));
    figures.push({ id: 'leadingRevenueYiYuan', value: revenue, digits: 1, target: planOf('leadingRevenueYiYuan', revenue) });
  }
  for (const metric of ['outputWanPerMu', 'taxWanPerMu'] as const) {
    const t = ruleOf(metric);
    if (t) figures.push({ id: metric, value: s[metric], digits: 1, target: t });
  }
  return figures;
}

/** The figures of a zone of the data (null: all zones, the city's summary); null when the data have no such zone. */
export function zoneFigures(data: LoadedData, zoneId: string | null): KeyFigure[] | null {
  if (zoneId == null) return areaFigures(data.city, []);
  const s = data.summaries.find((x) => x.zoneId === zoneId);
  return s ? areaFigures(s, zonePlanTargets(data.plan, zoneId)) : null;
}

/** A parcel's own figures from the table (the analysis' per-parcel results); null when it is not in the data. */
export function parcelFigures(data: LoadedData, parcelId: string): KeyFigure[] | null {
  const t = data.table;
  const i = t.text.id.indexOf(parcelId);
  if (i < 0) return null;
  const num = (c: keyof typeof t.numeric) => {
    const v = t.numeric[c][i] as number;
    return Number.isNaN(v) ? null : v;
  };
  return [
    { id: 'areaMu', value: num('areaMu'), digits: 1, target: null },
    { id: 'intensityWanPerMu', value: num('intensityWanPerMu'), digits: 1, target: null },
    { id: 'far', value: num('far'), digits: 2, target: null },
    { id: 'outputWanPerMu', value: num('outputWanPerMu'), digits: 1, target: null },
    { id: 'taxWanPerMu', value: num('taxWanPerMu'), digits: 1, target: null },
    { id: 'idleStatus', value: num('idleYears'), status: IDLE_STATUSES[t.idleStatus[i] as number], digits: 1, target: null },
  ];
}
