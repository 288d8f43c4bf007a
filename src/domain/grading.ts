import { fullYearsBetween } from './dates';
import { GRADES, type Grade } from './grades';
import type { ParcelMetrics } from './metrics';
import type { LandUseKind, RuleSet } from './rules';
import type { Stage } from './stages';
import { assessedAs } from './thresholds';

/**
 * 亩均效益 grades, as the 亩均论英雄 schemes of Zhejiang and other places make them: a score from weighted
 * per-亩 indicators (each value over its benchmark, capped), then grades by rank in percentile bands (by default the
 * top 25 % A, to 70 % B, to 95 % C, the rest D). Utilities, start-ups and land not in production are left ungraded.
 * The score is the parcel's own; the grade needs the scores of the whole population (the city, or the zone), so it is
 * set once every parcel is scored: the bands become score cut-offs (`GradeCutoffs`), and a parcel's grade is its
 * score against them. Parcels with equal scores get the same grade.
 */
export type UngradedReason = 'disabled' | 'not-industrial' | 'utility' | 'not-in-production' | 'new-firm' | 'no-data';
export const UNGRADED_REASONS: readonly UngradedReason[] = ['disabled', 'not-industrial', 'utility', 'not-in-production', 'new-firm', 'no-data'];

export interface EfficiencyResult {
  /** Σ weight × min(value ÷ benchmark, cap); null when ungraded */
  score: number | null;
  ungraded: UngradedReason | null;
  /** the grade among the city's graded parcels and among its zone's (null: ungraded, or not yet graded) */
  grade: { city: Grade | null; zone: Grade | null };
}

export interface ScoreInput {
  kind: LandUseKind | null;
  industryCode: string | null | undefined;
  stage: Stage;
  productionStartDate: string | null | undefined;
  metrics: Pick<ParcelMetrics, 'taxWanPerMu' | 'outputWanPerMu' | 'intensityWanPerMu'>;
}

export function scoreParcel(rules: RuleSet, s: ScoreInput, asOfDate: string): EfficiencyResult {
  const g = rules.grading;
  const ungraded = (reason: UngradedReason): EfficiencyResult => ({ score: null, ungraded: reason, grade: { city: null, zone: null } });
  if (!g.enabled) return ungraded('disabled');
  if (s.kind !== 'industrial' || assessedAs(rules, s.kind) === 'none') return ungraded('not-industrial');
  if (s.industryCode && g.ungradedIndustries.includes(s.industryCode.slice(0, 2))) return ungraded('utility');
  if (s.stage !== 'in-production' || !s.productionStartDate) return ungraded('not-in-production');
  if (fullYearsBetween(s.productionStartDate, asOfDate) < g.newFirmYears) return ungraded('new-firm');
  let score = 0;
  for (const ind of g.indicators) {
    const v = s.metrics[ind.metric];
    if (v == null) return ungraded('no-data');
    score += ind.weight * Math.min(v / ind.benchmark, ind.cap);
  }
  return { score, ungraded: null, grade: { city: null, zone: null } };
}

/** Per band, the lowest score that still earns it (null: no parcel earns it); from the best band to the worst. */
export interface GradeCutoffs {
  count: number;
  minScore: (number | null)[];
}

/**
 * The cut-offs of a population's scores: a parcel's position is (the number of better scores + 1) ÷ the count; it
 * earns the first band whose upToShare its position does not exceed. (A tiny tolerance keeps 5 ÷ 20 within 0.25.)
 */
export function gradeCutoffs(rules: RuleSet, scores: ArrayLike<number>): GradeCutoffs {
  const sorted = Float64Array.from(scores).sort().reverse();
  const n = sorted.length;
  const minScore = rules.grading.bands.map((b) => {
    let last: number | null = null;
    let better = 0;
    for (let i = 0; i < n; i++) {
      if (i > 0 && (sorted[i] as number) < (sorted[i - 1] as number)) better = i;
      if (better + 1 <= b.upToShare * n + 1e-9) last = sorted[i] as number;
      else break;
    }
    return last;
  });
  return { count: n, minScore };
}

/** A score's grade against cut-offs (null for no score or an empty population). */
export function gradeOf(rules: RuleSet, score: number | null, c: GradeCutoffs | null | undefined): Grade | null {
  if (score == null || !c || c.count === 0) return null;
  const bands = rules.grading.bands;
  for (let b = 0; b < bands.length; b++) {
    const min = c.minScore[b];
    if (min != null && score >= min) return (bands[b] as { grade: Grade }).grade;
  }
  return (bands[bands.length - 1] as { grade: Grade }).grade;
}

/** The cut-offs of the city and of each zone (by zone id), as an analysis keeps them. */
export interface Grading {
  city: GradeCutoffs;
  zones: Record<string, GradeCutoffs>;
}

/** Counts and areas by grade (and of the ungraded, by reason) for a summary. */
export interface GradeTally {
  byGrade: Record<Grade, { count: number; areaM2: number }>;
  ungraded: Record<UngradedReason, { count: number; areaM2: number }>;
}

export const emptyGradeTally = (): GradeTally => ({
  byGrade: Object.fromEntries(GRADES.map((g) => [g, { count: 0, areaM2: 0 }])) as GradeTally['byGrade'],
  ungraded: Object.fromEntries(UNGRADED_REASONS.map((r) => [r, { count: 0, areaM2: 0 }])) as GradeTally['ungraded'],
});

/**
 * Scores collected a parcel at a time (in file order), then graded: the cut-offs of the city and of each zone, each
 * parcel's grades, and the tallies by grade of the city and of each zone.
 */
export class GradeCollector {
  private readonly zone: (string | null)[] = [];
  private readonly area: number[] = [];
  private readonly score: number[] = [];
  private readonly reason: (UngradedReason | null)[] = [];

  add(zoneId: string | null, areaM2: number, e: Pick<EfficiencyResult, 'score' | 'ungraded'>): void {
    this.zone.push(zoneId);
    this.area.push(areaM2);
    this.score.push(e.score ?? Number.NaN);
    this.reason.push(e.ungraded);
  }

  get length(): number {
    return this.score.length;
  }

  grading(rules: RuleSet): Grading {
    const byZone = new Map<string, number[]>();
    const city: number[] = [];
    this.score.forEach((s, i) => {
      if (Number.isNaN(s)) return;
      city.push(s);
      const z = this.zone[i];
      if (z != null) {
        const list = byZone.get(z) ?? [];
        if (list.length === 0) byZone.set(z, list);
        list.push(s);
      }
    });
    const zones: Record<string, GradeCutoffs> = {};
    for (const [z, list] of byZone) zones[z] = gradeCutoffs(rules, list);
    return { city: gradeCutoffs(rules, city), zones };
  }

  /** Parcel i's grades (in the order added). */
  gradesOf(rules: RuleSet, grading: Grading, i: number): { city: Grade | null; zone: Grade | null } {
    const s = this.score[i] as number;
    if (Number.isNaN(s)) return { city: null, zone: null };
    const z = this.zone[i];
    return { city: gradeOf(rules, s, grading.city), zone: z == null ? null : gradeOf(rules, s, grading.zones[z]) };
  }

  /** The city's tally (city grades) and each zone's (zone grades; parcels outside every zone under null). */
  tallies(rules: RuleSet, grading: Grading): { city: GradeTally; zones: Map<string | null, GradeTally> } {
    const city = emptyGradeTally();
    const zones = new Map<string | null, GradeTally>();
    for (let i = 0; i < this.score.length; i++) {
      const z = this.zone[i] ?? null;
      const zt = zones.get(z) ?? emptyGradeTally();
      zones.set(z, zt);
      const a = this.area[i] as number;
      const reason = this.reason[i];
      const g = this.gradesOf(rules, grading, i);
      const bump = (t: GradeTally, grade: Grade | null) => {
        const cell = grade ? t.byGrade[grade] : reason ? t.ungraded[reason] : null;
        if (cell) {
          cell.count++;
          cell.areaM2 += a;
        }
      };
      bump(city, g.city);
      bump(zt, g.zone);
    }
    return { city, zones };
  }
}
