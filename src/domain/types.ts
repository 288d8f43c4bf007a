import type { MultiPolygon, Polygon } from 'geojson';
import type { EfficiencyResult, GradeTally } from './grading';
import type { IdleAssessment } from './idle';
import type { ParcelMetrics } from './metrics';
import type { LandUseKind } from './rules';
import type { SourceRef } from './sources';
import type { Stage } from './stages';

export type FunctionalArea = 'built-up' | 'development' | 'control';
export const FUNCTIONAL_AREAS: readonly FunctionalArea[] = ['built-up', 'development', 'control'];

/** Causes that exempt a delay from fee and take-back: 闲置土地处置办法 art. 8; 城市房地产管理法 art. 26 (preliminary work). */
export type DelayCause = 'government' | 'force-majeure' | 'preliminary-work';
export const DELAY_CAUSES: readonly DelayCause[] = ['government', 'force-majeure', 'preliminary-work'];
/** idle land split by cause in summaries: none (the holder's own delay) and each cause of art. 8 */
export const DELAY_CAUSE_KEYS = ['none', ...DELAY_CAUSES] as const;
export type IdleStatus = 'idle' | 'suspected' | 'not-idle' | 'unknown';
/** decide: idle land whose measure the text leaves to the authority (started, then stopped; see idle.ts) */
export type IdleMeasure = 'idle-fee' | 'reclaim' | 'negotiate' | 'decide';
export const IDLE_MEASURES: readonly IdleMeasure[] = ['idle-fee', 'reclaim', 'negotiate', 'decide'];
export type ConstraintKind = 'basic-farmland' | 'ecological-protection';
export const CONSTRAINT_KINDS: readonly ConstraintKind[] = ['basic-farmland', 'ecological-protection'];

export type ParcelGeometry = Polygon | MultiPolygon;

/** 宗地 properties of the data contract (DESIGN.md); all optional but id. Money in 万元. */
export interface ParcelProps {
  id: string;
  name?: string | null;
  enterprise?: string | null;
  zoneId?: string | null;
  landUse?: string | null;
  industryCode?: string | null;
  landGrade?: number | null;
  fixedAssetInvestmentWanYuan?: number | null;
  totalInvestmentWanYuan?: number | null;
  floorAreaM2?: number | null;
  footprintM2?: number | null;
  greenAreaM2?: number | null;
  adminAreaM2?: number | null;
  revenueWanYuan?: number | null;
  taxWanYuan?: number | null;
  certifiedAreaM2?: number | null;
  /** 出让或划拨价款 (the land price), 万元: the idle-land fee is a share of it */
  landPriceWanYuan?: number | null;
  /**
   * Whether totalInvestmentWanYuan and investedWanYuan include the land price. The idle test of 25 % invested counts
   * both without it (闲置土地处置办法 art. 30); when they include it, the land price is taken off both. Default false.
   * (fixedAssetInvestmentWanYuan, for investment intensity, always includes it.)
   */
  investmentIncludesLandPrice?: boolean | null;
  /** 农用地转用 / 土地征收 approved: the land is 批 (approved) from this date */
  approvalDate?: string | null;
  supplyDate?: string | null;
  agreedStartDate?: string | null;
  /** an agreed extension of the start date (art. 12 (1), at most one year): the start date counted from */
  extendedStartDate?: string | null;
  actualStartDate?: string | null;
  agreedCompletionDate?: string | null;
  actualCompletionDate?: string | null;
  productionStartDate?: string | null;
  developedAreaM2?: number | null;
  investedWanYuan?: number | null;
  suspendedSince?: string | null;
  /** work resumed after a stop: ends the stop */
  resumedDate?: string | null;
  delayCause?: DelayCause | null;
}

export interface Parcel {
  /** Index of the feature in its source file, kept for messages. */
  index: number;
  props: ParcelProps;
  geometry: ParcelGeometry;
}

export interface Zone {
  id: string;
  name: string;
  nameEn: string;
  landGrade: number | null;
  geometry: ParcelGeometry;
}

export interface AreaPolygon {
  id: string;
  zoneId: string;
  kind: FunctionalArea;
  geometry: ParcelGeometry;
}

export interface Constraint {
  id: string;
  kind: ConstraintKind;
  name: string;
  geometry: ParcelGeometry;
}

export type IdleResult = IdleAssessment;

export type Indicator = 'intensity' | 'far' | 'coverage' | 'admin' | 'green' | 'output' | 'tax';
/** Efficiency indicators make low-efficiency land; supply conditions, when failed, are a breach of the land supply's conditions. */
export type IndicatorGroup = 'efficiency' | 'supply-condition';
export const INDICATOR_GROUP: Record<Indicator, IndicatorGroup> = {
  intensity: 'efficiency',
  far: 'efficiency',
  output: 'efficiency',
  tax: 'efficiency',
  coverage: 'supply-condition',
  admin: 'supply-condition',
  green: 'supply-condition',
};

/** Why a threshold is missing (null: it is there). */
export type ThresholdNote = 'no-edition' | 'not-found' | 'not-in-table' | 'ambiguous-code' | 'no-counterpart' | 'no-land-grade' | 'no-industry';

/** One indicator checked against its threshold. `pass` is null when value or threshold is missing. */
export interface IndicatorCheck {
  indicator: Indicator;
  group: IndicatorGroup;
  value: number | null;
  threshold: number | null;
  comparison: 'min' | 'max';
  pass: boolean | null;
  /** the threshold's source (an id of ruleSources) */
  sourceId: string;
  /** the source's Chinese text (the inspector before it reads `sources`) */
  source: string;
  /** why the threshold is missing */
  thresholdNote: ThresholdNote | null;
}

export interface IndicatorFailure {
  indicator: Indicator;
  value: number;
  threshold: number;
}

export interface LowEfficiencyResult {
  /** low-efficiency land: an efficiency indicator (intensity, FAR, output, tax) fails */
  status: boolean;
  /** a supply condition (coverage, admin share, green ratio) fails: a breach of the land supply's conditions */
  supplyBreach: boolean;
  /** false when the parcel is not assessed (not industrial land, or not yet due for completion). */
  assessed: boolean;
  /** the failed efficiency indicators */
  reasons: IndicatorFailure[];
  /** the failed supply conditions */
  breaches: IndicatorFailure[];
  checks: IndicatorCheck[];
  note: string;
}

/**
 * What an analysis keeps of the low-efficiency assessment: the checks (seven objects a parcel, 0.7M at 100k) are
 * derived again from the parcel's metrics when one parcel is shown or the report is written (`withChecks`).
 */
export type LowEfficiencyOutcome = Omit<LowEfficiencyResult, 'checks'>;

export interface ConflictResult {
  kind: ConstraintKind;
  constraintId: string;
  overlapM2: number;
}

/**
 * Flags a parcel can carry (bit i of the table's flags is FLAGS[i]: new flags go at the end). conflict: a project
 * not started on constrained land; once started it is suspected-illegal-occupation instead. government-delay: a delay
 * with an exempting cause (government, force majeure, preliminary work).
 */
export type Flag =
  | 'idle'
  | 'suspected-idle'
  | 'low-efficiency'
  | 'conflict'
  | 'government-delay'
  | 'supply-breach'
  | 'suspected-illegal-occupation'
  | 'overdue-start'
  | 'overdue-completion'
  | 'stopped-work';
export const FLAGS: readonly Flag[] = [
  'idle',
  'suspected-idle',
  'low-efficiency',
  'conflict',
  'government-delay',
  'supply-breach',
  'suspected-illegal-occupation',
  'overdue-start',
  'overdue-completion',
  'stopped-work',
];

export interface ContractDates {
  approvalDate: string | null;
  supplyDate: string | null;
  agreedStartDate: string | null;
  extendedStartDate: string | null;
  actualStartDate: string | null;
  agreedCompletionDate: string | null;
  actualCompletionDate: string | null;
  productionStartDate: string | null;
  suspendedSince: string | null;
  resumedDate: string | null;
}

export interface ParcelResult extends ParcelMetrics {
  id: string;
  name: string | null;
  enterprise: string | null;
  industryCode: string | null;
  landUse: string | null;
  zoneId: string | null;
  functionalArea: FunctionalArea | null;
  landGrade: number | null;
  fixedAssetInvestmentWanYuan: number | null;
  revenueWanYuan: number | null;
  taxWanYuan: number | null;
  areaM2: number;
  areaMu: number;
  areaHa: number;
  ellipsoidAreaM2: number;
  landPriceWanYuan: number | null;
  /** what kind of land the land-use code is (industrial, warehousing, mining, other), per the rules' code table */
  landUseKind: LandUseKind | null;
  /** the edition of the control indicators in force on the as-of date (e.g. "2008"), null before the first */
  controlEdition: string | null;
  /** The contract dates the rules read (ISO dates or null). */
  dates: ContractDates;
  /** 批 → 供 → 用 → 建 → 投: where the parcel is on the as-of date */
  stage: Stage;
  overdueStart: boolean;
  overdueCompletion: boolean;
  idle: IdleResult;
  lowEfficiency: LowEfficiencyOutcome;
  /** 亩均效益: the score, or why the parcel is not graded; grades in the city and in its zone (set once all parcels are scored) */
  efficiency: EfficiencyResult;
  conflicts: ConflictResult[];
  flags: Flag[];
}

/** A parcel's result with every indicator check and the text of every source it names, as the inspector and the reports show it. */
export interface ParcelDetail extends Omit<ParcelResult, 'lowEfficiency'> {
  lowEfficiency: LowEfficiencyResult;
  sources: Record<string, SourceRef>;
}

/**
 * Totals, means and shares of a set of parcels. Shares and per-亩 means are of industrial land (工业用地, the land-use
 * kind "industrial" of the rules' code table) only: every share's denominator is `industrialAreaM2` (named in
 * `shareDenominator`); each mean is weighted by the area of the industrial parcels that report its figure
 * (`intensityAreaM2`, `outputAreaM2`, `taxAreaM2`). Stages, overdue and illegal-occupation counts are of all parcels.
 */
export interface AreaSummary {
  parcelCount: number;
  totalAreaM2: number;
  industrialParcelCount: number;
  industrialAreaM2: number;
  shareDenominator: 'industrialAreaM2';
  fixedAssetInvestmentWanYuan: number;
  revenueWanYuan: number;
  taxWanYuan: number;
  intensityWanPerMu: number | null;
  intensityAreaM2: number;
  outputWanPerMu: number | null;
  outputAreaM2: number;
  taxWanPerMu: number | null;
  taxAreaM2: number;
  idleAreaM2: number;
  idleShare: number | null;
  /** idle industrial land by the cause of the delay ('none': the holder's own) and by branch of art. 2 */
  idleAreaM2ByCause: Record<DelayCause | 'none', number>;
  idleAreaM2ByKind: Record<'not-started' | 'stopped', number>;
  lowEfficiencyAreaM2: number;
  lowEfficiencyShare: number | null;
  supplyBreachAreaM2: number;
  supplyBreachShare: number | null;
  stageCount: Record<Stage, number>;
  stageAreaM2: Record<Stage, number>;
  overdueStartCount: number;
  overdueCompletionCount: number;
  illegalOccupationCount: number;
  illegalOccupationAreaM2: number;
  /** parcels flagged as a planning conflict (constrained land, nothing built), all land */
  conflict: CountArea;
  /** all parcels by the kind of their land ('none': no code and no industry) */
  byLandUseKind: Record<LandUseKind | 'none', CountArea>;
  /** idle industrial land by its measure ('none': no measure yet) */
  idleByMeasure: Record<IdleMeasure | 'none', CountArea>;
  /** low-efficiency industrial land */
  lowEfficiencyCount: number;
  /** industrial parcels that report investment, by investment intensity (INTENSITY_BINS_WAN_PER_MU) */
  intensityBins: CountArea[];
  /**
   * revenue (万元) by industry division (the code's first two digits), over every parcel whatever its land: a plan
   * counts an industry's revenue (e.g. trade and logistics on warehousing land), not industrial land's only
   */
  revenueByDivisionWanYuan: Record<string, number>;
}

/** How many parcels, and their area. */
export interface CountArea {
  count: number;
  areaM2: number;
}

/** A zone-average target against a summary's mean; `met` is null when not in force on the as-of date or the mean is missing. */
export interface ZoneTargetResult {
  metric: 'taxWanPerMu' | 'outputWanPerMu' | 'intensityWanPerMu';
  min: number;
  value: number | null;
  inForce: boolean;
  met: boolean | null;
  sourceId: string;
}

export interface ZoneSummary extends AreaSummary {
  zoneId: string | null;
  name: string;
  /** the planar area of the zone's outline (0 for parcels outside every zone) */
  zoneAreaM2: number;
  functionalAreaM2: Record<FunctionalArea, number>;
  targets: ZoneTargetResult[];
  /** the zone's parcels by their grade within the zone */
  grades: GradeTally;
  byFunctionalArea: Record<FunctionalArea, AreaSummary>;
}

/** All parcels of the dataset, graded within the city. */
export interface CitySummary extends AreaSummary {
  targets: ZoneTargetResult[];
  grades: GradeTally;
}

/** The parcel's dates (ISO yyyy-mm-dd), in the order of a land supply's life: approval, supply, start, completion, production, stop. */
export const DATE_PROPERTIES = [
  'approvalDate',
  'supplyDate',
  'agreedStartDate',
  'extendedStartDate',
  'actualStartDate',
  'agreedCompletionDate',
  'actualCompletionDate',
  'productionStartDate',
  'suspendedSince',
  'resumedDate',
] as const;
