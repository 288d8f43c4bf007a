import * as z from 'zod';
import { isIsoDate } from '../domain/dates';
import { M2_PER_HA, M2_PER_MU } from '../domain/units';
import { CONTRACT_PROPERTIES, type ContractProperty } from './contract';

/**
 * Field mapping: which field of the imported parcels (a Shapefile's attributes, a GeoJSON's properties) or of a
 * joined table gives each property of the parcel contract, in which unit, and how its values are read. A mapping is
 * data: the app guesses one, the officer corrects it, saves it (a small JSON file) and uses it again; the CLI takes
 * the same file (`--map`). The preset knows the field names of Chinese cadastral databases (docs/import.md cites the
 * standard they come from), the contract's own names, and common Chinese column titles of enterprise tables.
 */
export type MappingTarget = 'id' | ContractProperty;
export const MAPPING_TARGETS: readonly MappingTarget[] = ['id', ...CONTRACT_PROPERTIES];

/** How a target's values are read. */
export type ValueKind = 'id' | 'text' | 'landUse' | 'industryCode' | 'grade' | 'money' | 'area' | 'date' | 'boolean' | 'delayCause';

export const TARGET_KINDS: Record<MappingTarget, ValueKind> = {
  id: 'id',
  name: 'text',
  enterprise: 'text',
  zoneId: 'text',
  landUse: 'landUse',
  industryCode: 'industryCode',
  landGrade: 'grade',
  fixedAssetInvestmentWanYuan: 'money',
  totalInvestmentWanYuan: 'money',
  floorAreaM2: 'area',
  footprintM2: 'area',
  greenAreaM2: 'area',
  adminAreaM2: 'area',
  revenueWanYuan: 'money',
  taxWanYuan: 'money',
  certifiedAreaM2: 'area',
  landPriceWanYuan: 'money',
  investmentIncludesLandPrice: 'boolean',
  approvalDate: 'date',
  supplyDate: 'date',
  agreedStartDate: 'date',
  extendedStartDate: 'date',
  actualStartDate: 'date',
  agreedCompletionDate: 'date',
  actualCompletionDate: 'date',
  productionStartDate: 'date',
  developedAreaM2: 'area',
  investedWanYuan: 'money',
  suspendedSince: 'date',
  resumedDate: 'date',
  delayCause: 'delayCause',
};

/** Units a column may be declared in, each with its factor to the contract's unit (万元, m²). */
export const MONEY_UNITS = { yuan: 1e-4, qianYuan: 0.1, wanYuan: 1, yiYuan: 1e4 } as const;
export const AREA_UNITS = { m2: 1, mu: M2_PER_MU, ha: M2_PER_HA } as const;
export type MoneyUnit = keyof typeof MONEY_UNITS;
export type AreaUnit = keyof typeof AREA_UNITS;
export type Unit = MoneyUnit | AreaUnit;

/** The units of a target's kind (money or area), or none. */
export const unitsOf = (target: MappingTarget): readonly Unit[] =>
  TARGET_KINDS[target] === 'money' ? (Object.keys(MONEY_UNITS) as MoneyUnit[]) : TARGET_KINDS[target] === 'area' ? (Object.keys(AREA_UNITS) as AreaUnit[]) : [];
/** The contract's own unit of a target (no conversion). */
export const contractUnit = (target: MappingTarget): Unit | null =>
  TARGET_KINDS[target] === 'money' ? 'wanYuan' : TARGET_KINDS[target] === 'area' ? 'm2' : null;

/** Where a target's values come from: a field of the parcels or a column of the joined table, and its unit. */
export interface FieldSource {
  source: 'parcels' | 'table';
  field: string;
  /** the column's unit (money and area targets); absent: the contract's (万元, m²) */
  unit?: Unit;
}

export type FieldMapping = Partial<Record<MappingTarget, FieldSource>>;

// ---------------------------------------------------------------------------------------------------------------------
// The mapping file

export const MAPPING_FORMAT = 'parkatlas-field-mapping';

const unitSchema = z.enum([...Object.keys(MONEY_UNITS), ...Object.keys(AREA_UNITS)] as [Unit, ...Unit[]]);
const fieldSourceSchema = z
  .object({ source: z.enum(['parcels', 'table']).default('parcels'), field: z.string().min(1).max(200), unit: unitSchema.optional() })
  .strict();

export const mappingFileSchema = z
  .object({
    format: z.literal(MAPPING_FORMAT),
    version: z.literal(1),
    name: z.string().max(200).optional(),
    fields: z.partialRecord(z.enum(MAPPING_TARGETS as [MappingTarget, ...MappingTarget[]]), fieldSourceSchema),
  })
  .strict()
  .superRefine((m, ctx) => {
    for (const [target, src] of Object.entries(m.fields) as [MappingTarget, FieldSource][]) {
      if (src.unit && !unitsOf(target).includes(src.unit))
        ctx.addIssue({ code: 'custom', message: 'unit-of-target', params: { unit: src.unit }, path: ['fields', target, 'unit'] });
    }
  });

export type MappingFile = z.infer<typeof mappingFileSchema>;

/** A mapping as the file the app saves and `audit --map` reads. */
export function mappingFileOf(fields: FieldMapping, name?: string): MappingFile {
  const out: MappingFile = { format: MAPPING_FORMAT, version: 1, fields: {} };
  if (name) out.name = name;
  for (const t of MAPPING_TARGETS) {
    const src = fields[t];
    if (src) out.fields[t] = { source: src.source, field: src.field, ...(src.unit && src.unit !== contractUnit(t) ? { unit: src.unit } : {}) };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// Reading values

/** Why a value is not taken (`valueRule.<rule>` in src/i18n). */
export type ValueRule = 'number' | 'negative' | 'date' | 'boolean' | 'land-use' | 'industry-code' | 'grade' | 'delay-cause' | 'lost-digits' | 'text';

export type Converted = { value: string | number | boolean | null; note?: 'land-use-2007' } | { rule: ValueRule };

/** Text that stands for "no value" in officers' tables. */
const BLANKS = new Set(['', '-', '—', '－', '/', '／', '无', '空', 'n/a', 'na', 'null', '#n/a']);
const isBlank = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && BLANKS.has(v.trim().toLowerCase()));

/** Text made comparable: full-width forms to ASCII (NFKC), blanks trimmed. */
const plain = (s: string) => s.normalize('NFKC').trim();

/** A number written as text: thousands separators and blanks dropped; null when it is not one. */
export function numberOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const s = plain(v).replace(/[,\s]/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** Excel's day 0 (its 1900 date system, with the 1900 leap-year bug: serials from 61 on count from 1899-12-30). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** A date as YYYY-MM-DD: ISO text, 2008/2/1, 2008.2.1, 2008年2月1日, 20080201, or an Excel serial day; null when none. */
export function dateOf(v: unknown): string | null {
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 19000101 && v <= 21001231) return dateOf(String(v));
    // an Excel serial day (a date cell read as its number): 1950-01-01 … 2099-12-31
    if (v >= 18264 && v < 73051) {
      const d = new Date(EXCEL_EPOCH_MS + Math.floor(v) * DAY_MS);
      return d.toISOString().slice(0, 10);
    }
    return null;
  }
  if (typeof v !== 'string') return null;
  const s = plain(v);
  const m = /^(\d{4})(?:[-/.年]\s*(\d{1,2})[-/.月]\s*(\d{1,2})日?|(\d{2})(\d{2}))(?:[T\s].*)?$/.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${(m[2] ?? m[4] ?? '').padStart(2, '0')}-${(m[3] ?? m[5] ?? '').padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/**
 * GB/T 21010-2007's three-digit codes of 工矿仓储用地 (06) as the 2017 edition's four-digit ones: 061 工业用地 → 0601,
 * 062 采矿用地 → 0602, 063 仓储用地 → 0604 (the 2017 edition put 盐田 at 0603). Other old codes are not guessed.
 */
const LAND_USE_2007: Record<string, string> = { '061': '0601', '062': '0602', '063': '0604' };
/** Land-use names officers' tables write instead of codes (GB/T 21010-2017, and the third survey's 0508). */
const LAND_USE_NAMES: Record<string, string> = { 工业用地: '0601', 采矿用地: '0602', 仓储用地: '0604', 物流仓储用地: '0508' };
const DELAY_CAUSES: Record<string, string> = {
  government: 'government',
  政府原因: 'government',
  政府: 'government',
  政府行为: 'government',
  'force-majeure': 'force-majeure',
  不可抗力: 'force-majeure',
  'preliminary-work': 'preliminary-work',
  动工前期工作: 'preliminary-work',
  前期工作: 'preliminary-work',
};
const TRUE_TEXT = new Set(['true', 't', 'y', 'yes', '是', '1', '含', '包含']);
const FALSE_TEXT = new Set(['false', 'f', 'n', 'no', '否', '0', '不含', '不包含']);

/** Codes of more digits than a double holds exactly (Excel keeps 15 significant digits): the last ones are lost. */
const EXACT_DIGITS_MAX = 15;

/**
 * A source value read for a target: converted to the contract's unit and form, null for a blank, or the rule it breaks.
 * A number that stands for a code (an id typed as a number in Excel) is refused when it has more digits than a
 * spreadsheet keeps, since its last digits are already gone.
 */
export function convertValue(target: MappingTarget, raw: unknown, unit?: Unit): Converted {
  if (isBlank(raw)) return { value: null };
  const kind = TARGET_KINDS[target];
  switch (kind) {
    case 'id':
    case 'text': {
      if (typeof raw === 'number') {
        if (kind === 'id' && (!Number.isSafeInteger(raw) || String(Math.abs(raw)).length > EXACT_DIGITS_MAX)) return { rule: 'lost-digits' };
        return { value: String(raw) };
      }
      if (typeof raw === 'boolean') return { rule: 'text' };
      return { value: plain(String(raw)) };
    }
    case 'money':
    case 'area': {
      const n = numberOf(raw);
      if (n === null) return { rule: 'number' };
      if (n < 0) return { rule: 'negative' };
      const factor = kind === 'money' ? MONEY_UNITS[(unit as MoneyUnit) ?? 'wanYuan'] : AREA_UNITS[(unit as AreaUnit) ?? 'm2'];
      // rounded to what the unit change can give (1e-9 of a 万元 or m²), so 123.4 元 is 0.01234 万元, not 0.012340000000000001
      return { value: Number((n * (factor ?? 1)).toPrecision(12)) };
    }
    case 'date': {
      const d = dateOf(raw);
      return d ? { value: d } : { rule: 'date' };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: raw };
      const s = plain(String(raw)).toLowerCase();
      if (TRUE_TEXT.has(s)) return { value: true };
      if (FALSE_TEXT.has(s)) return { value: false };
      return { rule: 'boolean' };
    }
    case 'grade': {
      const m = /^第?\s*(\d{1,2})\s*等?$/.exec(plain(String(raw)));
      const n = typeof raw === 'number' ? raw : m ? Number(m[1]) : Number.NaN;
      return Number.isInteger(n) && n >= 1 && n <= 15 ? { value: n } : { rule: 'grade' };
    }
    case 'landUse': {
      if (typeof raw === 'number') {
        // a code Excel read as a number lost its leading zero: 601 → 0601
        return Number.isInteger(raw) && raw > 0 && raw < 1e6 ? { value: String(raw).padStart(4, '0') } : { rule: 'land-use' };
      }
      const s = plain(String(raw));
      if (/^\d{4,6}$/.test(s)) return { value: s };
      const old = LAND_USE_2007[s];
      if (old) return { value: old, note: 'land-use-2007' };
      const named = LAND_USE_NAMES[s];
      if (named) return { value: named };
      // "0601 工业用地", "0601(工业用地)"
      const lead = /^(\d{4,6})\D/.exec(s);
      return lead ? { value: lead[1] as string } : { rule: 'land-use' };
    }
    case 'industryCode': {
      if (typeof raw === 'number')
        return Number.isInteger(raw) && raw >= 1 && raw <= 9999 ? { value: String(raw).padStart(2, '0') } : { rule: 'industry-code' };
      // GB/T 4754 codes are often written with their section letter: C13, C1310
      const m = /^[A-T]?(\d{2,4})$/i.exec(plain(String(raw)));
      return m ? { value: m[1] as string } : { rule: 'industry-code' };
    }
    case 'delayCause': {
      const c = DELAY_CAUSES[plain(String(raw)).toLowerCase()] ?? DELAY_CAUSES[plain(String(raw))];
      return c ? { value: c } : { rule: 'delay-cause' };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// The preset and the guess

/**
 * Source names each target is guessed from, best first, compared without case, blanks and what is in brackets (the
 * unit: "固定资产投资（万元）"). Cadastral database names (宗地代码 ZDDM, 宗地面积 ZDMJ, 用途 YT with its code list TDYT,
 * 权利人名称 QLRMC, 土地等级 DJ, 坐落 ZL …) are those of 《不动产登记数据库标准》 (宗地基本信息表 ZDJBXX, 权利人表 QLR) and
 * of 《城镇地籍数据库标准》 TD/T 1015 — docs/import.md says where each was checked.
 */
export const PRESET: Record<MappingTarget, readonly string[]> = {
  id: ['id', 'zddm', '宗地代码', '宗地编号', '宗地号', 'bdcdyh', '不动产单元号', 'djh', '地籍号', 'parcelid'],
  name: ['name', 'xmmc', '项目名称', '项目', 'zdmc', '宗地名称'],
  enterprise: ['enterprise', 'qlrmc', '权利人名称', '权利人', '土地使用者', '土地使用权人', '使用权人', '企业名称', '单位名称', '企业', 'qymc'],
  zoneId: ['zoneid', '集聚区', '产业集聚区', '园区'],
  landUse: ['landuse', 'tdyt', 'yt', '土地用途', '用途', 'pzyt', '批准用途', '规划用途', 'sjyt', '实际用途'],
  industryCode: ['industrycode', '行业代码', '行业分类代码', '国民经济行业代码', 'hydm'],
  landGrade: ['landgrade', '工业用地等别', '等别', 'dj', '土地等级', '等级'],
  fixedAssetInvestmentWanYuan: ['fixedassetinvestmentwanyuan', '固定资产投资', '固定资产投资额', '项目固定资产总投资', '固定资产总投资', 'gdzctz'],
  totalInvestmentWanYuan: ['totalinvestmentwanyuan', '项目总投资', '总投资', '计划总投资', 'ztz'],
  floorAreaM2: ['flooraream2', '总建筑面积', '建筑面积', 'jzmj'],
  footprintM2: ['footprintm2', '建筑基底面积', '基底面积', '建筑物占地面积', '建筑占地面积', 'jdmj'],
  greenAreaM2: ['greenaream2', '绿地面积', 'ldmj'],
  adminAreaM2: ['adminaream2', '行政办公及生活服务设施用地面积', '行政办公及生活服务设施面积', '行政办公面积'],
  revenueWanYuan: ['revenuewanyuan', '主营业务收入', '营业收入', '销售收入', 'yysr'],
  taxWanYuan: ['taxwanyuan', '税收', '实缴税金', '税收总额', '实缴税收', '纳税额', '税金'],
  certifiedAreaM2: ['certifiedaream2', 'zdmj', '宗地面积', '证载面积', '发证面积', '登记面积'],
  landPriceWanYuan: ['landpricewanyuan', '土地价格', '出让价款', '成交价款', '成交价', '土地出让金', '地价'],
  investmentIncludesLandPrice: ['investmentincludeslandprice', '投资含地价', '是否含地价'],
  approvalDate: ['approvaldate', '批准日期', '批复日期', 'pzrq'],
  supplyDate: ['supplydate', '供地日期', '供地时间', '合同签订日期'],
  agreedStartDate: ['agreedstartdate', '约定动工日期', '约定开工日期', '合同约定动工日期'],
  extendedStartDate: ['extendedstartdate', '延期动工日期', '延长后动工日期'],
  actualStartDate: ['actualstartdate', '实际动工日期', '动工日期', '开工日期'],
  agreedCompletionDate: ['agreedcompletiondate', '约定竣工日期', '合同约定竣工日期'],
  actualCompletionDate: ['actualcompletiondate', '实际竣工日期', '竣工日期'],
  productionStartDate: ['productionstartdate', '投产日期', '投产时间'],
  developedAreaM2: ['developedaream2', '已动工开发面积', '已开发面积'],
  investedWanYuan: ['investedwanyuan', '已完成投资', '累计完成投资', '完成投资'],
  suspendedSince: ['suspendedsince', '中止开发日期', '停工日期'],
  resumedDate: ['resumeddate', '复工日期'],
  delayCause: ['delaycause', '延期原因', '未动工原因'],
};

/** A field name as the preset compares it: lower case, no blanks, no bracketed part, full-width forms folded. */
export function comparableName(name: string): string {
  return plain(name)
    .replace(/[(（[【].*?[)）\]】]/g, '')
    .replace(/[\s_\-·.:：]/g, '')
    .toLowerCase();
}

/**
 * Whether a name may be one a .dbf writer cut to its 10 bytes: 8 or more ASCII characters (certifiedAreaM2 →
 * certifiedA), or 3 or more Chinese ones (GBK keeps 5 of 固定资产投资: 固定资产投; UTF-8 3 and a broken byte, which the
 * reader drops: 行业代码 → 行业代).
 */
const mayBeCut = (n: string) => (/^[\x20-\x7e]+$/.test(n) ? n.length >= 8 : [...n].length >= 3);

/**
 * How well a source name matches a target (lower is better; null: not at all): its rank in the preset, or, for a name
 * a .dbf writer may have cut, the rank of a preset name it begins.
 */
function matchRank(target: MappingTarget, sourceName: string): number | null {
  const n = comparableName(sourceName);
  if (!n) return null;
  const names = PRESET[target];
  const exact = names.indexOf(n);
  if (exact >= 0) return exact;
  if (mayBeCut(n)) {
    const cut = names.findIndex((p) => p.startsWith(n));
    if (cut >= 0) return 100 + cut;
  }
  return null;
}

/** The unit a column's title names in brackets or at its end: （万元）, (元), _亩, 公顷, ㎡ …; null when none. */
export function unitOfTitle(title: string): Unit | null {
  const t = plain(title);
  if (/亿元/.test(t)) return 'yiYuan';
  if (/千元/.test(t)) return 'qianYuan';
  if (/万元/.test(t)) return 'wanYuan';
  if (/[(（_\s]元[)）]?$|[(（]元[)）]|人民币元/.test(t)) return 'yuan';
  if (/亩/.test(t)) return 'mu';
  if (/公顷|hm2|hm²|\(ha\)|（ha）|_ha$/i.test(t)) return 'ha';
  if (/平方米|㎡|m2|m²/i.test(t)) return 'm2';
  return null;
}

/** A source field as the mapping step shows it: name, where it is, and a few of its values. */
export interface SourceField {
  source: 'parcels' | 'table';
  name: string;
  samples: unknown[];
}

/**
 * The mapping the preset gives: each target the best-matching field (a parcels field before a table column of the
 * same rank), each field used once, its unit from its title (else the contract's). The join key of the table is not
 * mapped (`exclude`).
 */
export function guessMapping(fields: readonly SourceField[], exclude: readonly SourceField[] = []): FieldMapping {
  const out: FieldMapping = {};
  const used = new Set(exclude.map((f) => `${f.source}\u0000${f.name}`));
  const candidates: { target: MappingTarget; field: SourceField; rank: number }[] = [];
  for (const target of MAPPING_TARGETS)
    for (const field of fields) {
      const rank = matchRank(target, field.name);
      if (rank !== null) candidates.push({ target, field, rank: rank * 2 + (field.source === 'table' ? 1 : 0) });
    }
  candidates.sort((a, b) => a.rank - b.rank || MAPPING_TARGETS.indexOf(a.target) - MAPPING_TARGETS.indexOf(b.target));
  for (const c of candidates) {
    const key = `${c.field.source}\u0000${c.field.name}`;
    if (out[c.target] || used.has(key)) continue;
    used.add(key);
    const unit = unitsOf(c.target).length > 0 ? (unitOfTitle(c.field.name) ?? undefined) : undefined;
    out[c.target] = { source: c.field.source, field: c.field.name, ...(unit && unitsOf(c.target).includes(unit) ? { unit } : {}) };
  }
  return out;
}

/**
 * A unit the column's numbers (`values`, as written) suggest instead of the one declared, or null: certified areas
 * compared with the parcels' surveyed areas (`surveyedM2`, in the same order), money by its size (a parcel's figure of
 * more than 100亿 万元 is in 元).
 */
export function suggestedUnit(
  target: MappingTarget,
  declared: Unit | undefined,
  values: readonly number[],
  surveyedM2: readonly (number | null)[] = [],
): Unit | null {
  const kind = TARGET_KINDS[target];
  if (kind === 'area' && target === 'certifiedAreaM2') {
    const ratios: number[] = [];
    values.forEach((v, i) => {
      const s = surveyedM2[i];
      if (v > 0 && s != null && s > 0) ratios.push(v / s);
    });
    if (ratios.length < 3) return null;
    // the column's numbers per surveyed m²: a unit fits when that many of its m² make one (within a factor of 1.5:
    // areas on certificates differ from surveys by a few per cent, not by half)
    const r = median(ratios);
    const fits = (u: AreaUnit) => Math.abs(Math.log(r * AREA_UNITS[u])) < Math.log(1.5);
    if (fits((declared as AreaUnit) ?? 'm2')) return null;
    return (Object.keys(AREA_UNITS) as AreaUnit[]).find(fits) ?? null;
  }
  if (kind === 'money' && values.length >= 3) {
    const factor = MONEY_UNITS[(declared as MoneyUnit) ?? 'wanYuan'];
    const m = median(values.filter((v) => v > 0)) * factor;
    if (m > 1e6 && (declared ?? 'wanYuan') !== 'yuan') return 'yuan';
  }
  return null;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[Math.floor((s.length - 1) / 2)] as number);
}
