import type { BilingualText, Citation, ControlEdition, RuleSet, Verification } from './rules';

/**
 * A rule's source as users see it: the document and the part of it, in Chinese and English, the date the rule
 * applies from and whether its value was checked against a published text. Results name sources by `id` (a key of
 * `ruleSources`), so a result stays small and the report lists each source once.
 */
export interface SourceRef {
  id: string;
  zh: string;
  en: string;
  /** document number (文号, standard number), when it has one */
  number: string | null;
  kind: 'national' | 'provincial' | 'local' | 'demo';
  effectiveFrom: string;
  status: Verification;
}

/** The parts of the control indicators an edition cites. */
export type EditionPart = 'far' | 'intensity' | 'coverage' | 'admin' | 'green';

/** Source ids: one owner, so the analysis and the report agree on them. */
export const SOURCE_ID = {
  idle: (key: keyof RuleSet['idle']['cite']) => `idle.${key}`,
  idleStoppedLand: 'idle.stoppedLand',
  efficiency: 'lowEfficiency.efficiency',
  supplyConditions: 'lowEfficiency.supplyConditions',
  stages: 'stages',
  illegalOccupation: 'stages.illegalOccupation',
  grading: 'grading',
  local: 'local',
  landGradeClasses: 'landGradeClasses',
  crosswalk: 'industryCrosswalk',
  assessedKinds: 'assessedKinds',
  landUse: (code: string) => `landUse.${code}`,
  zoneTarget: (i: number) => `zoneTarget.${i}`,
  /** a part of an edition; `standIn` when another edition's value stands in for it */
  edition: (part: EditionPart, edition: string, standIn: string | null = null) => (standIn ? `${part}@${standIn}-for-${edition}` : `${part}@${edition}`),
} as const;

const cache = new WeakMap<RuleSet, Map<string, SourceRef>>();

/** Every source of a rule set by id, in the rules' order (made once per rule set). */
export function ruleSources(rules: RuleSet): Map<string, SourceRef> {
  let m = cache.get(rules);
  if (!m) {
    m = buildSources(rules);
    cache.set(rules, m);
  }
  return m;
}

export function sourceOf(rules: RuleSet, id: string): SourceRef | null {
  return ruleSources(rules).get(id) ?? null;
}

/** A source's text in one language. */
export const sourceText = (s: SourceRef, lang: 'zh' | 'en'): string => s[lang];

const NOT_FOUND_NOTE: BilingualText = {
  zh: '（本版数值未找到，沿用{{from}}年版数值，未核实）',
  en: ' (this edition’s value not found; the {{from}} value stands in, unchecked)',
};

function buildSources(rules: RuleSet): Map<string, SourceRef> {
  const m = new Map<string, SourceRef>();
  const add = (id: string, c: Citation, effectiveFrom?: string, note?: BilingualText) => {
    const d = rules.documents[c.doc];
    if (!d) return;
    const number = d.number;
    const zhDoc = `《${d.title.zh}》${number ? `（${number}）` : ''}`;
    const enDoc = `${d.title.en}${number ? ` (${number})` : ''}`;
    m.set(id, {
      id,
      zh: `${zhDoc}${c.ref.zh}${note?.zh ?? ''}`,
      en: `${enDoc}, ${c.ref.en}${note?.en ?? ''}`,
      number,
      kind: d.kind,
      effectiveFrom: effectiveFrom ?? d.effectiveFrom,
      status: c.status,
    });
  };
  for (const [key, c] of Object.entries(rules.idle.cite)) add(SOURCE_ID.idle(key as keyof RuleSet['idle']['cite']), c);
  if (rules.idle.stoppedLand.cite) add(SOURCE_ID.idleStoppedLand, rules.idle.stoppedLand.cite);
  add(SOURCE_ID.efficiency, rules.lowEfficiency.cite.efficiency);
  add(SOURCE_ID.supplyConditions, rules.lowEfficiency.cite.supplyConditions);
  for (const e of rules.controlIndicators) {
    const stand = e.valuesFrom ? rules.controlIndicators.find((x) => x.id === e.valuesFrom) : undefined;
    for (const [part, own] of editionParts(e)) {
      add(SOURCE_ID.edition(part, e.id), { doc: e.doc, ref: own.ref, status: own.status }, e.effectiveFrom);
      if (stand) {
        const theirs = editionParts(stand).find(([p]) => p === part)?.[1];
        if (theirs) {
          const note = { zh: NOT_FOUND_NOTE.zh.replace('{{from}}', stand.id), en: NOT_FOUND_NOTE.en.replace('{{from}}', stand.id) };
          // the value is the other edition's, applied where this one is in force: unchecked for this use
          add(SOURCE_ID.edition(part, e.id, stand.id), { doc: stand.doc, ref: theirs.ref, status: 'unchecked' }, e.effectiveFrom, note);
        }
      }
    }
  }
  const g = rules.landGradeClasses;
  add(SOURCE_ID.landGradeClasses, { doc: g.doc, ref: g.ref, status: g.status });
  add(SOURCE_ID.crosswalk, { doc: 'gb-t-4754', ref: rules.industryCrosswalk.ref, status: rules.industryCrosswalk.status });
  const k = rules.assessedKinds;
  add(SOURCE_ID.assessedKinds, { doc: k.doc, ref: k.ref, status: k.status });
  add(SOURCE_ID.local, { doc: rules.local.doc, ref: rules.local.ref, status: rules.local.status }, rules.local.effectiveFrom);
  rules.zoneTargets.forEach((t, i) => {
    add(SOURCE_ID.zoneTarget(i), { doc: t.doc, ref: t.ref, status: t.status }, t.effectiveFrom);
  });
  for (const [code, lu] of Object.entries(rules.landUse))
    add(SOURCE_ID.landUse(code), {
      doc: lu.doc,
      ref: { zh: `${lu.classification} ${code} ${lu.name.zh}`, en: `${lu.classification} ${code} ${lu.name.en}` },
      status: lu.status,
    });
  add(SOURCE_ID.stages, rules.stages.cite);
  add(SOURCE_ID.illegalOccupation, rules.stages.illegalOccupation);
  add(SOURCE_ID.grading, rules.grading.cite);
  return m;
}

function editionParts(e: ControlEdition): [EditionPart, { ref: BilingualText; status: Verification }][] {
  return [
    ['far', e.far],
    ['intensity', e.intensity],
    ['coverage', e.coverageMin],
    ['admin', e.adminMax],
    ['green', e.greenMax],
  ];
}
