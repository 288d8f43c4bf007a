import type { DatasetLayers } from '../data/dataset';
import { type Problem, problem, quoted } from '../data/problem';
import { todayIso } from '../domain/dates';
import { type Grading, gradeOf, scoreParcel } from '../domain/grading';
import { assessIdle, effectiveStartDate, extensionTooLong } from '../domain/idle';
import { assessLowEfficiency } from '../domain/lowEfficiency';
import { type ParcelMetrics, parcelMetrics } from '../domain/metrics';
import { editionFor, type LandUseKind, type RuleSet } from '../domain/rules';
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
  type ParcelProps,
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
    rules: ds.rules,
    dates: dateContext(ds.rules, asOfDate, grading),
    zoneById: new Map<string, Zone>(ds.zones.map((z) => [z.id, z])),
    zoneIndex: new PolygonIndex<Zone>(ds.zones),
    areaIndex: new PolygonIndex<AreaPolygon>(ds.areas),
    constraintIndex: new PolygonIndex<Constraint>(ds.constraints),
    hasZones: ds.zones.length > 0 || ds.areas.length > 0,
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
  rules: RuleSet;
  dates: DateContext;
  zoneById: Map<string, Zone>;
  zoneIndex: PolygonIndex<Zone>;
  areaIndex: PolygonIndex<AreaPolygon>;
  constraintIndex: PolygonIndex<Constraint>;
  hasZones: boolean;
  file: string;
  problems: Problem[];
}

/** What of a parcel's analysis the as-of date does not change: its area, place, land, metrics and constraints. */
export interface PlacedParcel {
  areaM2: number;
  zoneId: string | null;
  functionalArea: FunctionalArea | null;
  landGrade: number | null;
  /** the kind of land its land-use code is (the rules' code table) */
  kind: LandUseKind | null;
  metrics: ParcelMetrics;
  /** it overlaps a constraint (basic farmland, ecological protection) */
  constrained: boolean;
}

/** The parts of a parcel's result the as-of date decides (the date rules: stages, idle land, low efficiency, grades, flags). */
export type DatedResult = Pick<
  ParcelResult,
  'controlEdition' | 'stage' | 'overdueStart' | 'overdueCompletion' | 'idle' | 'lowEfficiency' | 'efficiency' | 'flags'
>;

/** What the date rules are applied with: the rules, the date, the edition it picks, and the grades' cut-offs when known. */
export interface DateContext {
  rules: RuleSet;
  asOfDate: string;
  /** the edition of the control indicators in force on the date (editionFor) */
  edition: string | null;
  grading: Grading | null;
}

export const dateContext = (rules: RuleSet, asOfDate: string, grading: Grading | null): DateContext => ({
  rules,
  asOfDate,
  edition: editionFor(rules, asOfDate)?.id ?? null,
  grading,
});

/**
 * The date rules on a placed parcel: the one place they are applied, for an analysis and for a new as-of date on
 * parcels already placed (engine/datedInputs.ts), so both give the same results.
 */
export function datedResult(p: ParcelProps, placed: PlacedParcel, c: DateContext): DatedResult {
  const { rules, asOfDate } = c;
  const stage = stageOf(p, asOfDate);
  const idle = assessIdle(p, placed.areaM2, rules, asOfDate);
  const late = overdue(p, asOfDate, stage, effectiveStartDate(p, rules));
  // the checks are not kept: withChecks derives them again for the parcel shown or the report written
  const { checks: _checks, ...lowEfficiency } = assessLowEfficiency(p, placed.metrics, rules, placed.landGrade, asOfDate, idle.status === 'idle');
  const efficiency = scoreParcel(
    rules,
    { kind: placed.kind, industryCode: p.industryCode, stage, productionStartDate: p.productionStartDate, metrics: placed.metrics },
    asOfDate,
  );
  if (c.grading && efficiency.score != null) {
    efficiency.grade.city = gradeOf(rules, efficiency.score, c.grading.city);
    efficiency.grade.zone = placed.zoneId ? gradeOf(rules, efficiency.score, c.grading.zones[placed.zoneId]) : null;
  }

  const started = p.actualStartDate != null && p.actualStartDate <= asOfDate;
  const flags: Flag[] = [];
  if (idle.status === 'idle') flags.push('idle');
  if (idle.status === 'suspected') flags.push('suspected-idle');
  if (lowEfficiency.status) flags.push('low-efficiency');
  // constrained land: a planning conflict while nothing is built, suspected illegal occupation once work has started
  if (placed.constrained && !started) flags.push('conflict');
  if (idle.cause && idle.status !== 'not-idle') flags.push('government-delay');
  if (lowEfficiency.supplyBreach) flags.push('supply-breach');
  if (placed.constrained && started) flags.push('suspected-illegal-occupation');
  if (late.start) flags.push('overdue-start');
  if (late.completion) flags.push('overdue-completion');
  if (idle.stopped) flags.push('stopped-work');
  return { controlEdition: c.edition, stage, overdueStart: late.start, overdueCompletion: late.completion, idle, lowEfficiency, efficiency, flags };
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
  // (whatever the as-of date: the extension asked for is longer than art. 12 allows)
  if (extensionTooLong(p, c.rules)) warn('extendedStartDate', 'extension-too-long', { years: c.rules.idle.maxExtensionYears });

  const kind = landUseKind(c.rules, p.landUse, p.industryCode);
  const conflicts = c.constraintIndex.overlaps(g, box, areaM2).map((o) => ({ kind: o.item.kind, constraintId: o.item.id, overlapM2: o.overlapM2 }));
  const placed: PlacedParcel = { areaM2, zoneId, functionalArea: area?.kind ?? null, landGrade, kind, metrics: m, constrained: conflicts.length > 0 };
  const dated = datedResult(p, placed, c.dates);

  return {
    id: p.id,
    name: p.name ?? null,
    enterprise: p.enterprise ?? null,
    industryCode: p.industryCode ?? null,
    landUse: p.landUse ?? null,
    zoneId,
    functionalArea: placed.functionalArea,
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
    controlEdition: dated.controlEdition,
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
    stage: dated.stage,
    overdueStart: dated.overdueStart,
    overdueCompletion: dated.overdueCompletion,
    idle: dated.idle,
    lowEfficiency: dated.lowEfficiency,
    efficiency: dated.efficiency,
    conflicts,
    flags: dated.flags,
  };
}

function zoneInfos(zones: readonly Zone[], areas: readonly AreaPolygon[]): ZoneInfo[] {
  return zones.map((z) => {
    const functionalAreaM2 = Object.fromEntries(FUNCTIONAL_AREAS.map((k) => [k, 0])) as Record<FunctionalArea, number>;
    for (const a of areas) if (a.zoneId === z.id) functionalAreaM2[a.kind] += planarAreaM2(a.geometry);
    return { id: z.id, name: z.name, zoneAreaM2: planarAreaM2(z.geometry), functionalAreaM2 };
  });
}
