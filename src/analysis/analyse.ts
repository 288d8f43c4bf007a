import type { Dataset, OpenedDataset } from '../data/dataset';
import { type Problem, problem, quoted } from '../data/problem';
import { ProblemList, problemsOf } from '../data/problemList';
import { todayIso } from '../domain/dates';
import { assessIdle } from '../domain/idle';
import { assessLowEfficiency } from '../domain/lowEfficiency';
import { parcelMetrics } from '../domain/metrics';
import type { RuleSet } from '../domain/rules';
import { SummaryAccumulator, type SummaryRow, type ZoneInfo, zoneSummaries } from '../domain/summary';
import {
  type AreaPolygon,
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
import type { TextParams } from '../i18n/plain';

/** The result of one analysis: the same in the app, the worker and the CLI. */
export interface Analysis {
  asOfDate: string;
  datasetName: string | null;
  illustrative: boolean;
  /** the rules the parcels were assessed with (their checks are derived from them, see withChecks) */
  rules: RuleSet;
  parcels: ParcelResult[];
  zones: ZoneSummary[];
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
  /** The analysis, its problems those of reading (by default the dataset's) then the analysis' own. */
  finish(readProblems?: readonly Problem[]): Analysis;
}

function createAnalyser(ds: Context, total: number, opts: AnalyseOptions, file = ds.manifest?.layers.parcels ?? 'parcels'): Analyser {
  const { asOfDate } = opts;
  // the analysis' own warnings (bounded per kind), after the dataset's problems
  const problems = new ProblemList();
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
    finish(readProblems = ds.problems) {
      opts.onProgress?.(parcels.length, total);
      return {
        ...analysisMeta(ds, asOfDate),
        parcels,
        zones: summariesOf(parcels, ds),
        problems: problemsOf(readProblems, problems),
      };
    },
  };
}

/** What an analysis says besides its parcels (and what a report says of it). */
export type AnalysisMeta = Pick<Analysis, 'asOfDate' | 'datasetName' | 'illustrative' | 'rules'>;

/** The meta of an analysis of `ds`; the as-of date defaults to the dataset's, else today. */
export function analysisMeta(ds: Pick<Dataset, 'manifest' | 'rules'>, asOfDate: string | null): AnalysisMeta {
  return {
    asOfDate: asOfDate ?? ds.manifest?.asOfDate ?? todayIso(),
    datasetName: ds.manifest?.name ?? null,
    illustrative: ds.manifest?.illustrative ?? false,
    rules: ds.rules,
  };
}

/** The layers a parcel is analysed against. */
export type AnalysisLayers = Pick<Dataset, 'rules' | 'zones' | 'areas' | 'constraints'>;

/**
 * Analyses one parcel at a time against the layers (each result independent of the others, so parcels can be
 * analysed in parts, see shards.ts); warnings are pushed to `problems`, naming `file`.
 */
export function parcelAnalyser(ds: AnalysisLayers, asOfDate: string, file: string, problems: Problem[]): (parcel: Parcel, box: Bbox) => ParcelResult {
  const c: Ctx = {
    rules: ds.rules,
    asOfDate,
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

/** The zone summaries of analysed parcels (all of them, in file order). */
export function summariesOf(parcels: readonly SummaryRow[], ds: AnalysisLayers): ZoneSummary[] {
  return zoneSummaries(parcels, zoneInfos(ds.zones, ds.areas), ds.rules);
}

/** The zone summaries and tally of parcels added one at a time, in file order (as summariesOf over all of them). */
export function summaryAccumulator(ds: AnalysisLayers): SummaryAccumulator {
  return new SummaryAccumulator(zoneInfos(ds.zones, ds.areas), ds.rules);
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
  const problems = problemsOf(open.problems, reader?.problems ?? []);
  const analysis = analyser.finish(problems);
  return { dataset: { ...open, parcels: kept, problems, parcelFeatureCount: total }, analysis, bboxes };
}

interface Ctx {
  rules: RuleSet;
  asOfDate: string;
  zoneById: Map<string, Zone>;
  zoneIndex: PolygonIndex<Zone>;
  areaIndex: PolygonIndex<AreaPolygon>;
  constraintIndex: PolygonIndex<Constraint>;
  hasZones: boolean;
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

  const idle = assessIdle(p, areaM2, c.rules, c.asOfDate);
  // the checks are not kept: withChecks derives them again for the parcel shown or the report written
  const { checks: _checks, ...lowEfficiency } = assessLowEfficiency(p, m, c.rules, landGrade, c.asOfDate, idle.status === 'idle');
  const conflicts = c.constraintIndex.overlaps(g, box, areaM2).map((o) => ({ kind: o.item.kind, constraintId: o.item.id, overlapM2: o.overlapM2 }));

  const flags: Flag[] = [];
  if (idle.status === 'idle') flags.push('idle');
  if (idle.status === 'suspected') flags.push('suspected-idle');
  if (idle.cause && idle.status !== 'not-idle') flags.push('government-delay');
  if (lowEfficiency.status) flags.push('low-efficiency');
  if (conflicts.length > 0) flags.push('conflict');

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
    dates: {
      supplyDate: p.supplyDate ?? null,
      agreedStartDate: p.agreedStartDate ?? null,
      actualStartDate: p.actualStartDate ?? null,
      agreedCompletionDate: p.agreedCompletionDate ?? null,
      suspendedSince: p.suspendedSince ?? null,
    },
    idle,
    lowEfficiency,
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
