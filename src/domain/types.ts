import type { MultiPolygon, Polygon } from 'geojson';
import type { IdleAssessment } from './idle';
import type { ParcelMetrics } from './metrics';

export type FunctionalArea = 'built-up' | 'development' | 'control';
export const FUNCTIONAL_AREAS: readonly FunctionalArea[] = ['built-up', 'development', 'control'];

export type DelayCause = 'government' | 'force-majeure';
export type IdleStatus = 'idle' | 'suspected' | 'not-idle' | 'unknown';
export type IdleMeasure = 'idle-fee' | 'reclaim' | 'negotiate';
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
  supplyDate?: string | null;
  agreedStartDate?: string | null;
  actualStartDate?: string | null;
  agreedCompletionDate?: string | null;
  developedAreaM2?: number | null;
  investedWanYuan?: number | null;
  suspendedSince?: string | null;
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

/** One indicator checked against its threshold. `pass` is null when value or threshold is missing. */
export interface IndicatorCheck {
  indicator: Indicator;
  value: number | null;
  threshold: number | null;
  comparison: 'min' | 'max';
  pass: boolean | null;
  source: string;
}

export interface LowEfficiencyResult {
  status: boolean;
  /** false when the parcel is not assessed (not industrial land, or not yet due for completion). */
  assessed: boolean;
  reasons: { indicator: Indicator; value: number; threshold: number }[];
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

export type Flag = 'idle' | 'suspected-idle' | 'low-efficiency' | 'conflict' | 'government-delay';
export const FLAGS: readonly Flag[] = ['idle', 'suspected-idle', 'low-efficiency', 'conflict', 'government-delay'];

export interface ContractDates {
  supplyDate: string | null;
  agreedStartDate: string | null;
  actualStartDate: string | null;
  agreedCompletionDate: string | null;
  suspendedSince: string | null;
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
  /** The contract dates the idle rule read (ISO dates or null). */
  dates: ContractDates;
  idle: IdleResult;
  lowEfficiency: LowEfficiencyOutcome;
  conflicts: ConflictResult[];
  flags: Flag[];
}

/** A parcel's result with every indicator check, as the inspector and the reports show it. */
export interface ParcelDetail extends Omit<ParcelResult, 'lowEfficiency'> {
  lowEfficiency: LowEfficiencyResult;
}

export interface AreaSummary {
  parcelCount: number;
  totalAreaM2: number;
  industrialAreaM2: number;
  fixedAssetInvestmentWanYuan: number;
  revenueWanYuan: number;
  taxWanYuan: number;
  /** Area-weighted: total investment over the area of parcels that report it. */
  intensityWanPerMu: number | null;
  outputWanPerMu: number | null;
  taxWanPerMu: number | null;
  idleAreaM2: number;
  idleShare: number | null;
  lowEfficiencyAreaM2: number;
  lowEfficiencyShare: number | null;
}

export interface ZoneSummary extends AreaSummary {
  zoneId: string | null;
  name: string;
  functionalAreaM2: Record<FunctionalArea, number>;
  byFunctionalArea: Record<FunctionalArea, AreaSummary>;
}
