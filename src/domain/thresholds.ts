import { type ControlEdition, crosswalk, type LandUseKind, type RuleSet, regionClassOfGrade } from './rules';
import { type EditionPart, SOURCE_ID } from './sources';
import type { ThresholdNote } from './types';
import { wanPerMuFromWanPerHa } from './units';

/** A threshold for one parcel: its value (null when there is none, `note` says why) and its source. */
export interface Threshold {
  value: number | null;
  sourceId: string;
  note: ThresholdNote | null;
}

const none = (sourceId: string, note: ThresholdNote): Threshold => ({ value: null, sourceId, note });

/**
 * What kind of land a land-use code is, per the rules' code table (GB/T 21010-2017, the third survey's working
 * classification, the 2023 classification). Without a code, a parcel that names an industry counts as industrial.
 * An unknown code is 'other' (not assessed).
 */
export function landUseKind(rules: RuleSet, landUse: string | null | undefined, industryCode: string | null | undefined): LandUseKind | null {
  if (landUse) return rules.landUse[landUse]?.kind ?? 'other';
  return industryCode ? 'industrial' : null;
}

/** Which indicators apply to a kind of land: all (national and local), the local ones, or none. */
export const assessedAs = (rules: RuleSet, kind: LandUseKind | null): 'all' | 'local' | 'none' => (kind ? rules.assessedKinds[kind] : 'none');

/** The edition whose tables stand for `e` (itself, or the one its values come from when its own were not found). */
function tableEdition(rules: RuleSet, e: ControlEdition, part: 'far' | 'intensity'): { edition: ControlEdition; standIn: string | null } | null {
  if (e[part].status !== 'not-found') return { edition: e, standIn: null };
  const other = e.valuesFrom ? rules.controlIndicators.find((x) => x.id === e.valuesFrom) : undefined;
  return other && other[part].status !== 'not-found' ? { edition: other, standIn: other.id } : null;
}

/** The table's value for a parcel's industry code, mapped to the table's edition through the crosswalk. */
function tableValue<T>(
  rules: RuleSet,
  values: Record<string, T>,
  tableEditionName: ControlEdition['industryEdition'],
  code: string,
  same: (a: T, b: T) => boolean,
): { value: T | null; note: ThresholdNote | null } {
  const codes = crosswalk(rules, code, rules.parcelIndustryEdition, tableEditionName);
  if (codes.length === 0) return { value: null, note: rules.industries[rules.parcelIndustryEdition]?.[code.slice(0, 2)] ? 'no-counterpart' : 'not-in-table' };
  const found = codes.map((c) => values[c]);
  const first = found[0];
  if (found.every((v) => v === undefined)) return { value: null, note: 'not-in-table' };
  // a code that stands for several of the table's: only when they all agree is the value defined
  if (first === undefined || found.some((v) => v === undefined || !same(v, first))) return { value: null, note: 'ambiguous-code' };
  return { value: first, note: null };
}

/** 容积率 minimum of the edition in force (表2 of 2008) for an industry code of the parcels' edition. */
export function farThreshold(rules: RuleSet, edition: ControlEdition | null, industryCode: string | null | undefined): Threshold {
  if (!edition) return none(SOURCE_ID.efficiency, 'no-edition');
  const t = tableEdition(rules, edition, 'far');
  if (!t) return none(SOURCE_ID.edition('far', edition.id), 'not-found');
  const sourceId = SOURCE_ID.edition('far', edition.id, t.standIn);
  if (!industryCode) return none(sourceId, 'no-industry');
  const { value, note } = tableValue(rules, t.edition.far.values, t.edition.industryEdition, industryCode, (a, b) => a === b);
  return { value, sourceId, note };
}

/**
 * Investment-intensity minimum in 万元/亩: the city's own value for the industry when it sets one (since the 2023
 * revision intensity is a recommended value that cities set), else the national table's for the region class of the
 * land grade (万元/公顷 ÷ 15).
 */
export function intensityThreshold(
  rules: RuleSet,
  edition: ControlEdition | null,
  industryCode: string | null | undefined,
  landGrade: number | null,
): Threshold {
  if (!industryCode) return none(SOURCE_ID.local, 'no-industry');
  const local = rules.local.intensityMinWanPerMu[industryCode.slice(0, 2)];
  if (local != null) return { value: local, sourceId: SOURCE_ID.local, note: null };
  if (!edition) return none(SOURCE_ID.efficiency, 'no-edition');
  const t = tableEdition(rules, edition, 'intensity');
  if (!t) return none(SOURCE_ID.edition('intensity', edition.id), 'not-found');
  const sourceId = SOURCE_ID.edition('intensity', edition.id, t.standIn);
  const { value, note } = tableValue(rules, t.edition.intensity.values, t.edition.industryEdition, industryCode, (a, b) => a.every((x, i) => x === b[i]));
  if (!value) return none(sourceId, note ?? 'not-in-table');
  if (landGrade == null) return none(sourceId, 'no-land-grade');
  const cls = regionClassOfGrade(rules, landGrade);
  const perHa = cls == null ? undefined : value[cls - 1];
  return perHa == null ? none(sourceId, 'no-land-grade') : { value: wanPerMuFromWanPerHa(perHa), sourceId, note: null };
}

/** Building coverage minimum, admin share and green ratio maxima of the edition in force (or the one standing in). */
export function boundThreshold(rules: RuleSet, edition: ControlEdition | null, part: Extract<EditionPart, 'coverage' | 'admin' | 'green'>): Threshold {
  if (!edition) return none(SOURCE_ID.supplyConditions, 'no-edition');
  const key = part === 'coverage' ? 'coverageMin' : part === 'admin' ? 'adminMax' : 'greenMax';
  const own = edition[key];
  if (own.status !== 'not-found')
    return own.value == null
      ? none(SOURCE_ID.edition(part, edition.id), 'not-in-table')
      : { value: own.value, sourceId: SOURCE_ID.edition(part, edition.id), note: null };
  const other = edition.valuesFrom ? rules.controlIndicators.find((x) => x.id === edition.valuesFrom) : undefined;
  const theirs = other?.[key];
  if (!other || !theirs || theirs.status === 'not-found' || theirs.value == null) return none(SOURCE_ID.edition(part, edition.id), 'not-found');
  return { value: theirs.value, sourceId: SOURCE_ID.edition(part, edition.id, other.id), note: null };
}

/** The city's per-parcel output or tax minimum (万元/亩) for an industry, else its default. */
export function localMin(rules: RuleSet, indicator: 'output' | 'tax', industryCode: string | null | undefined): Threshold {
  const table = indicator === 'output' ? rules.local.outputMinWanPerMu : rules.local.taxMinWanPerMu;
  const own = industryCode ? table[industryCode.slice(0, 2)] : undefined;
  const value = own ?? table.default ?? null;
  return value == null ? none(SOURCE_ID.local, 'not-in-table') : { value, sourceId: SOURCE_ID.local, note: null };
}
