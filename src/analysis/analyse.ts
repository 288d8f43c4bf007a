import type { Dataset, OpenedDataset } from '../data/dataset';
import { type Problem, problem } from '../data/problem';
import { todayIso } from '../domain/dates';
import { type Grading, gradeOf, scoreParcel } from '../domain/grading';
import { assessIdle, effectiveStartDate } from '../domain/idle';
import { assessLowEfficiency } from '../domain/lowEfficiency';
import { parcelMetrics } from '../domain/metrics';
import { editionFor, type RuleSet } from '../domain/rules';
import { overdue, stageOf } from '../domain/stages';
import { SummaryAccumulator, type SummaryRow, type ZoneInfo } from '../domain/summary';
import { landUseKind } from '../domain/thresholds';
import {
  type AreaPolygon,
  type CitySummary,
  type Constraint,
  type Flag,
  FUNCTIONAL_AREAS,
  type FunctionalArea,
  type Parcel,
  type ParcelResult,
  type Zone,
  type ZoneSummary,
} from '../domain/types';
import { haFromM2, muFromM2 } from '../domain/units';
import { centralMeridianOfGeometry, ellipsoidAreaM2, planarAreaM2 } from '../geo/area';
import { type Bbox, bboxOf } from '../geo/bbox';
import { PolygonIndex } from '../geo/overlay';

/** The result of one analysis: the same in the app, the worker and the CLI. */
export interface Analysis {
  asOfDate: string;
  datasetName: string | null;
  illustrative: boolean;
  /** the rules the parcels were assessed with (their checks are derived from them, see withChecks) */
  rules: RuleSet;
  /** the edition of the control indicators the as-of date picks (e.g. "2008"), null before the first */
  controlEdition: string | null;
  parcels: ParcelResult[];
  zones: ZoneSummary[];
  city: CitySummary;
  /** the grades' cut-offs of the city and of each zone (each parcel's grades are set from them) */
  grading: Grading;
  problems: Problem[];
}

export interface AnalyseOptions {
  asOfDate: string;
  /** Called every `progressEvery` parcels. */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

/** Certified and computed area differing by more than this share is reported (typing or survey errors). */
const CERTIFIED_AREA_TOLERANCE = 0.05;

export function analyse(ds: Dataset, opts: AnalyseOptions): Analysis {
  const analyser = createAnalyser(ds, ds.parcels.length, opts);
  for (const parcel of ds.parcels) analyser.add(parcel);
  return analyser.finish();
}

/** The layers an analysis reads besides the parcels. */
type Context = Pick<Dataset, 'manifest' | 'rules' | 'zones' | 'areas' | 'constraints' | 'problems'>;

/** Parcels analysed one at a time, in file order, then summed up by `finish`. */
interface Analyser {
  /** `box` is the parcel's bbox when the caller has it already. */
  add(parcel: Parcel, box?: Bbox): ParcelResult;
  finish(): Analysis;
}

function createAnalyser(ds: Context, total: number, opts: AnalyseOptions, file = ds.manifest?.layers.parcels ?? 'parcels'): Analyser {
  const { asOfDate } = opts;
  const problems: Problem[] = [...ds.problems];
  const analyse = parcelAnalyser(ds, asOfDate, file, problems);
  const every = opts.progressEvery ?? 5000;
  const parcels: ParcelResult[] = [];
  return {
    add(parcel, box = bboxOf(parcel.geometry)) {
      const r = analyse(parcel, box);
      parcels.push(r);
      if (opts.onProgress && parcels.length % every === 0) opts.onProgress(parcels.length, total);
      return r;
    },
    finish() {
      opts.onProgress?.(parcels.length, total);
      const acc = summaryAccumulator(ds, asOfDate);
      for (const p of parcels) acc.add(p);
      // grades need every parcel's score: set once all are analysed (the results are this analysis' own)
      const grading = acc.grading();
      parcels.forEach((p, i) => {
        p.efficiency.grade = acc.scores.gradesOf(ds.rules, grading, i);
      });
      return {
        ...analysisMeta(ds, asOfDate),
        parcels,
        zones: acc.zoneSummaries(grading),
        city: acc.citySummary(grading),
        grading,
        problems,
      };
    },
  };
}

/** What an analysis says besides its parcels (and what a report says of it). */
export type AnalysisMeta = Pick<Analysis, 'asOfDate' | 'datasetName' | 'illustrative' | 'rules' | 'controlEdition'>;

/** The meta of an analysis of `ds`; the as-of date defaults to the dataset's, else today. */
export function analysisMeta(ds: Pick<Dataset, 'manifest' | 'rules'>, asOfDate: string | null): AnalysisMeta {
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
export type AnalysisLayers = Pick<Dataset, 'rules' | 'zones' | 'areas' | 'constraints'>;

/**
 * Analyses one parcel at a time against the layers (each result independent of the others, so parcels can be
 * analysed in parts, see shards.ts); warnings are pushed to `problems`, naming `file`. With `grading` (the cut-offs of
 * a run over all the parcels) each result carries its grades; without, they are set later (see createAnalyser).
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

/** The zone summaries of analysed parcels (all of them, in file order). */
export function summariesOf(parcels: readonly SummaryRow[], ds: AnalysisLayers, asOfDate: string): ZoneSummary[] {
  const acc = summaryAccumulator(ds, asOfDate);
  for (const p of parcels) acc.add(p);
  return acc.zoneSummaries();
}

export interface StreamedAnalysis {
  /** The dataset, its parcels with their geometry only when `keepGeometry` asked for them (else none). */
  dataset: Dataset;
  analysis: Analysis;
  /** Each analysed parcel's [minX, minY, maxX, maxY], in result order. */
  bboxes: Float64Array;
}

export interface StreamOptions extends Omit<AnalyseOptions, 'asOfDate'> {
  /** The as-of date; null takes the dataset's, else today. */
  asOfDate: string | null;
  /** Keep the parcels (with geometry) in the returned dataset, decided from the file's feature count. */
  keepGeometry: boolean | ((featureCount: number) => boolean);
}

/**
 * Reads and analyses an opened dataset parcel by parcel: each parcel is parsed, checked, measured and, unless
 * asked to keep it, let go, so a large file is never held as objects (the one path of the CLI and the worker).
 */
export function analyseOpened(open: OpenedDataset, opts: StreamOptions): StreamedAnalysis {
  const reader = open.parcels;
  const total = reader?.featureCount ?? 0;
  const { asOfDate } = analysisMeta(open, opts.asOfDate);
  const keep = typeof opts.keepGeometry === 'function' ? opts.keepGeometry(total) : opts.keepGeometry;
  const analyser = createAnalyser(open, total, { ...opts, asOfDate }, reader?.file);
  const kept: Parcel[] = [];
  let bboxes = new Float64Array(total * 4);
  let n = 0;
  reader?.each((parcel) => {
    const box = bboxOf(parcel.geometry);
    analyser.add(parcel, box);
    bboxes.set(box, n * 4);
    n++;
    if (keep) kept.push(parcel);
  });
  bboxes = bboxes.slice(0, n * 4);
  // the reader's problems (file, structure, contract) come before the analysis' own
  const analysis = analyser.finish();
  if (reader) analysis.problems.splice(open.problems.length, 0, ...reader.problems);
  const problems = [...open.problems, ...(reader?.problems ?? [])];
  return { dataset: { ...open, parcels: kept, problems, parcelFeatureCount: total }, analysis, bboxes };
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
  const warn = (property: string | null, code: string, message: string) =>
    c.problems.push(problem({ file: c.file, featureIndex: parcel.index, featureId: p.id, property, severity: 'warning', category: 'analysis', code, message }));

  const area = c.hasZones ? c.areaIndex.largestOverlap(g, box, areaM2) : null;
  const zoneId = c.hasZones ? (area?.zoneId ?? c.zoneIndex.largestOverlap(g, box, areaM2)?.id ?? null) : null;
  if (c.hasZones && p.zoneId && p.zoneId !== zoneId) {
    warn('zoneId', 'zone-mismatch', `zoneId says ${p.zoneId} but the geometry lies ${zoneId ? `in ${zoneId}` : 'outside every zone'}; the geometry is used`);
  }
  const zone = zoneId ? c.zoneById.get(zoneId) : undefined;
  const landGrade = p.landGrade ?? zone?.landGrade ?? null;

  if (p.certifiedAreaM2 != null && areaM2 > 0 && Math.abs(p.certifiedAreaM2 - areaM2) / areaM2 > CERTIFIED_AREA_TOLERANCE) {
    warn(
      'certifiedAreaM2',
      'certified-area-mismatch',
      `certified area ${p.certifiedAreaM2.toFixed(1)} m² differs from the surveyed ${areaM2.toFixed(1)} m² by more than ${CERTIFIED_AREA_TOLERANCE * 100}%`,
    );
  }
  const m = parcelMetrics(p, areaM2);
  if (m.coverage != null && m.coverage > 1)
    warn('footprintM2', 'implausible-value', `building footprint ${p.footprintM2} m² is larger than the parcel (${areaM2.toFixed(0)} m²)`);

  const kind = landUseKind(c.rules, p.landUse, p.industryCode);
  const stage = stageOf(p, c.asOfDate);
  const idle = assessIdle(p, areaM2, c.rules, c.asOfDate);
  if (idle.extensionCapped)
    warn(
      'extendedStartDate',
      'extension-too-long',
      `the start date is extended beyond the ${c.rules.idle.maxExtensionYears} year(s) art. 12 (1) allows; the idle deadline counts from the latest date allowed`,
    );
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
