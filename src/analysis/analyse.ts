import type { DatasetLayers } from '../data/dataset';
import { type Problem, problem, quoted } from '../data/problem';
import { todayIso } from '../domain/dates';
import { type Grading, gradeOf, scoreParcel } from '../domain/grading';
import { assessIdle, effectiveStartDate } from '../domain/idle';
import { assessLowEfficiency } from '../domain/lowEfficiency';
import { parcelMetrics } from '../domain/metrics';
import { editionFor, type RuleSet } from '../domain/rules';
import { overdue, stageOf } from '../domain/stages';
import { SummaryAccumulator, type ZoneInfo } from '../domain/summary';
import { landUseKind } from '../domain/thresholds';
import {
  type AreaPolygon,
  type Constraint,
  type Flag,
  FUNCTIONAL_AREAS,
  type FunctionalArea,
  type Parcel,
  type ParcelResult,
  type Zone,
} from '../domain/types';
import { haFromM2, muFromM2 } from '../domain/units';
import { centralMeridianOfGeometry, ellipsoidAreaM2, planarAreaM2 } from '../geo/area';
import type { Bbox } from '../geo/bbox';
import { PolygonIndex } from '../geo/overlay';
import type { TextParams } from '../i18n/plain';

/** Certified and computed area differing by more than this share is reported (typing or survey errors). */
const CERTIFIED_AREA_TOLERANCE = 0.05;

/** What an analysis says besides its parcels (and what a report says of it). */
export interface AnalysisMeta {
  asOfDate: string;
  datasetName: string | null;
  illustrative: boolean;
  /** the rules the parcels were assessed with (their checks are derived from them, see withChecks) */
  rules: RuleSet;
  /** the edition of the control indicators the as-of date picks (e.g. "2008"), null before the first */
  controlEdition: string | null;
}

/** The meta of an analysis of `ds`; the as-of date defaults to the dataset's, else today. */
export function analysisMeta(ds: Pick<DatasetLayers, 'manifest' | 'rules'>, asOfDate: string | null): AnalysisMeta {
  const date = asOfDate ?? ds.manifest?.asOfDate ?? todayIso();
  return {
    asOfDate: date,
    datasetName: ds.manifest?.name ?? null,
    illustrative: ds.manifest?.illustrative ?? false,
    rules: ds.rules,
    controlEdition: editionFor(ds.rules, date)?.id ?? null,
  };
}

/** The layers a parcel is analysed against. */
export type AnalysisLayers = Pick<DatasetLayers, 'rules' | 'zones' | 'areas' | 'constraints'>;

/**
 * Analyses one parcel at a time against the layers (each result independent of the others, so parcels can be
 * analysed in parts, see shards.ts); warnings are pushed to `problems`, naming `file`. With `grading` (the cut-offs of
 * a run over all the parcels) each result carries its grades; without, they are set after the run (see
 * SummaryAccumulator.scores).
 */
export function parcelAnalyser(
  ds: AnalysisLayers,
  asOfDate: string,
  file: string,
  problems: Problem[],
  grading: Grading | null = null,
): (parcel: Parcel, box: Bbox) => ParcelResult {
  const c: Ctx = {
    grading,
    rules: ds.rules,
    asOfDate,
    zoneById: new Map<string, Zone>(ds.zones.map((z) => [z.id, z])),
    zoneIndex: new PolygonIndex<Zone>(ds.zones),
    areaIndex: new PolygonIndex<AreaPolygon>(ds.areas),
    constraintIndex: new PolygonIndex<Constraint>(ds.constraints),
    hasZones: ds.zones.length > 0 || ds.areas.length > 0,
    edition: editionFor(ds.rules, asOfDate)?.id ?? null,
    file,
    problems,
  };
  return (parcel, box) => analyseParcel(parcel, c, box);
}

/** The zone and city summaries, tally and scores of parcels added one at a time, in file order. */
export function summaryAccumulator(ds: AnalysisLayers, asOfDate: string): SummaryAccumulator {
  return new SummaryAccumulator(zoneInfos(ds.zones, ds.areas), ds.rules, asOfDate);
}

interface Ctx {
  grading: Grading | null;
  rules: RuleSet;
  asOfDate: string;
  zoneById: Map<string, Zone>;
  zoneIndex: PolygonIndex<Zone>;
  areaIndex: PolygonIndex<AreaPolygon>;
  constraintIndex: PolygonIndex<Constraint>;
  hasZones: boolean;
  edition: string | null;
  file: string;
  problems: Problem[];
}

function analyseParcel(parcel: Parcel, c: Ctx, box: Bbox): ParcelResult {
  const p = parcel.props;
  const g = parcel.geometry;
  const cm = centralMeridianOfGeometry(g);
  const areaM2 = planarAreaM2(g, cm);
  const warn = (property: string | null, code: string, params: TextParams) =>
    c.problems.push(problem({ file: c.file, featureIndex: parcel.index, featureId: p.id, property, severity: 'warning', category: 'analysis', code, params }));

  const area = c.hasZones ? c.areaIndex.largestOverlap(g, box, areaM2) : null;
  const zoneId = c.hasZones ? (area?.zoneId ?? c.zoneIndex.largestOverlap(g, box, areaM2)?.id ?? null) : null;
  if (c.hasZones && p.zoneId && p.zoneId !== zoneId) {
    warn('zoneId', 'zone-mismatch', zoneId ? { variant: 'in', given: quoted(p.zoneId), found: zoneId } : { variant: 'outside', given: quoted(p.zoneId) });
  }
  const zone = zoneId ? c.zoneById.get(zoneId) : undefined;
  const landGrade = p.landGrade ?? zone?.landGrade ?? null;

  if (p.certifiedAreaM2 != null && areaM2 > 0 && Math.abs(p.certifiedAreaM2 - areaM2) / areaM2 > CERTIFIED_AREA_TOLERANCE) {
    warn('certifiedAreaM2', 'certified-area-mismatch', {
      certifiedM2: p.certifiedAreaM2.toFixed(1),
      surveyedM2: areaM2.toFixed(1),
      tolerancePercent: CERTIFIED_AREA_TOLERANCE * 100,
    });
  }
  const m = parcelMetrics(p, areaM2);
  if (m.coverage != null && m.coverage > 1) warn('footprintM2', 'implausible-value', { footprintM2: String(p.footprintM2), areaM2: areaM2.toFixed(0) });

  const kind = landUseKind(c.rules, p.landUse, p.industryCode);
  const stage = stageOf(p, c.asOfDate);
  const idle = assessIdle(p, areaM2, c.rules, c.asOfDate);
  if (idle.extensionCapped) warn('extendedStartDate', 'extension-too-long', { years: c.rules.idle.maxExtensionYears });
  const late = overdue(p, c.asOfDate, stage, effectiveStartDate(p, c.rules));
  // the checks are not kept: withChecks derives them again for the parcel shown or the report written
  const { checks: _checks, ...lowEfficiency } = assessLowEfficiency(p, m, c.rules, landGrade, c.asOfDate, idle.status === 'idle');
  const conflicts = c.constraintIndex.overlaps(g, box, areaM2).map((o) => ({ kind: o.item.kind, constraintId: o.item.id, overlapM2: o.overlapM2 }));
  const efficiency = scoreParcel(c.rules, { kind, industryCode: p.industryCode, stage, productionStartDate: p.productionStartDate, metrics: m }, c.asOfDate);
  if (c.grading && efficiency.score != null) {
    efficiency.grade.city = gradeOf(c.rules, efficiency.score, c.grading.city);
    efficiency.grade.zone = zoneId ? gradeOf(c.rules, efficiency.score, c.grading.zones[zoneId]) : null;
  }

  const started = p.actualStartDate != null && p.actualStartDate <= c.asOfDate;
  const flags: Flag[] = [];
  if (idle.status === 'idle') flags.push('idle');
  if (idle.status === 'suspected') flags.push('suspected-idle');
  if (lowEfficiency.status) flags.push('low-efficiency');
  // constrained land: a planning conflict while nothing is built, suspected illegal occupation once work has started
  if (conflicts.length > 0 && !started) flags.push('conflict');
  if (idle.cause && idle.status !== 'not-idle') flags.push('government-delay');
  if (lowEfficiency.supplyBreach) flags.push('supply-breach');
  if (conflicts.length > 0 && started) flags.push('suspected-illegal-occupation');
  if (late.start) flags.push('overdue-start');
  if (late.completion) flags.push('overdue-completion');
  if (idle.stopped) flags.push('stopped-work');

  return {
    id: p.id,
    name: p.name ?? null,
    enterprise: p.enterprise ?? null,
    industryCode: p.industryCode ?? null,
    landUse: p.landUse ?? null,
    zoneId,
    functionalArea: area?.kind ?? null,
    landGrade,
    fixedAssetInvestmentWanYuan: p.fixedAssetInvestmentWanYuan ?? null,
    revenueWanYuan: p.revenueWanYuan ?? null,
    taxWanYuan: p.taxWanYuan ?? null,
    areaM2,
    areaMu: muFromM2(areaM2),
    areaHa: haFromM2(areaM2),
    ellipsoidAreaM2: ellipsoidAreaM2(g, box),
    intensityWanPerMu: m.intensityWanPerMu,
    intensityWanPerHa: m.intensityWanPerHa,
    far: m.far,
    coverage: m.coverage,
    greenRatio: m.greenRatio,
    adminRatio: m.adminRatio,
    outputWanPerMu: m.outputWanPerMu,
    taxWanPerMu: m.taxWanPerMu,
    landPriceWanYuan: p.landPriceWanYuan ?? null,
    landUseKind: kind,
    controlEdition: c.edition,
    dates: {
      approvalDate: p.approvalDate ?? null,
      supplyDate: p.supplyDate ?? null,
      agreedStartDate: p.agreedStartDate ?? null,
      extendedStartDate: p.extendedStartDate ?? null,
      actualStartDate: p.actualStartDate ?? null,
      agreedCompletionDate: p.agreedCompletionDate ?? null,
      actualCompletionDate: p.actualCompletionDate ?? null,
      productionStartDate: p.productionStartDate ?? null,
      suspendedSince: p.suspendedSince ?? null,
      resumedDate: p.resumedDate ?? null,
    },
    stage,
    overdueStart: late.start,
    overdueCompletion: late.completion,
    idle,
    lowEfficiency,
    efficiency,
    conflicts,
    flags,
  };
}

function zoneInfos(zones: readonly Zone[], areas: readonly AreaPolygon[]): ZoneInfo[] {
  return zones.map((z) => {
    const functionalAreaM2 = Object.fromEntries(FUNCTIONAL_AREAS.map((k) => [k, 0])) as Record<FunctionalArea, number>;
    for (const a of areas) if (a.zoneId === z.id) functionalAreaM2[a.kind] += planarAreaM2(a.geometry);
    return { id: z.id, name: z.name, functionalAreaM2 };
  });
}
