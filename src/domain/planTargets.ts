import plan from './plan-2016-2018.json';

/**
 * The zone targets of 漯河's three-year plan (漯政办〔2016〕17号, src/domain/plan-2016-2018.json), the one place the app
 * reads them from. The plan sets each zone a 2018 main-business revenue (主营业务收入, 亿元); it sets no zone target
 * for area, parcels, investment intensity or idle and low-efficiency shares (its intensity and output aims are
 * qualitative, "进一步提高"). A zone gets the plan's targets only when both its id and its name are the plan's: a
 * dataset of another city that reuses an id gets none.
 */
export interface PlanTarget {
  /** the key figure the target is for */
  figure: 'revenueYiYuan';
  comparison: '>=' | '>';
  value: number;
  /** the plan's document number and article, for the source line */
  document: string;
  article: string;
}

interface PlanZone {
  id?: unknown;
  name?: unknown;
  article?: unknown;
  revenueTarget2018?: { value?: unknown; unit?: unknown; comparison?: unknown };
}

export function zonePlanTargets(zone: { id: string; name: string }): PlanTarget[] {
  const entry = ((plan as { zones?: PlanZone[] }).zones ?? []).find((z) => z.id === zone.id && z.name === zone.name);
  const r = entry?.revenueTarget2018;
  if (!r || typeof r.value !== 'number' || r.unit !== '亿元' || (r.comparison !== '>=' && r.comparison !== '>')) return [];
  return [{ figure: 'revenueYiYuan', comparison: r.comparison, value: r.value, document: plan.document.number, article: String(entry?.article ?? '') }];
}

/** Whether a value meets a target (null: no value to judge). */
export function meetsTarget(value: number | null, t: Pick<PlanTarget, 'comparison' | 'value'>): boolean | null {
  if (value == null || !Number.isFinite(value)) return null;
  return t.comparison === '>' ? value > t.value : value >= t.value;
}
