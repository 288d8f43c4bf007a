/**
 * Parcel properties for the generated datasets: enterprise and project names, contract dates and indicators, in a mix
 * of the cases an audit of a real zone meets as of AS_OF (healthy and low-efficiency plants, supply breaches, idle
 * land of each branch and exception, stopped and resumed work, extensions, land at each stage from approval to
 * production, start-ups and utilities). Money in 万元. The demo's thresholds are read from the default rules, so a
 * parcel made to pass or fail an indicator does so under them.
 *
 * Consistency kept on purpose: the total investment (without the land price) is at least the fixed-asset investment
 * (with it); only supplied land carries an enterprise; an enterprise may hold several parcels of its zone; revenue
 * and tax are set per zone afterwards (`settleRevenues`) around the plan's targets for the zones' leading industries.
 */
import defaultRules from '../../src/domain/default-rules.json';
import type { FunctionalArea, ParcelProps } from '../../src/domain/types';
import { type Random, r0, r1 } from './random';

export const AS_OF = '2018-12-31';

/** What the property maker needs to know of a zone. */
export interface ZoneLike {
  id: string;
  brand: string;
  industries: { code: string; weight: number; landUse?: string }[];
}

/** What is known of the parcel's place: on constrained land (basic farmland, ecological protection) or not. */
export interface PlaceInfo {
  onConstraint: boolean;
}

type Category =
  | 'healthy'
  | 'low'
  | 'breach'
  | 'new-firm'
  | 'built'
  | 'building'
  | 'waiting'
  | 'approved'
  | 'idle-fee'
  | 'idle-reclaim'
  | 'idle-stopped'
  | 'stopped-ok'
  | 'resumed'
  | 'suspected-near'
  | 'suspected-no-start'
  | 'gov-delay'
  | 'prelim-delay'
  | 'extended';

const TABLE: Record<FunctionalArea, [Category, number][]> = {
  'built-up': [
    ['healthy', 0.6],
    ['low', 0.13],
    ['breach', 0.05],
    ['new-firm', 0.04],
    ['built', 0.015],
    ['building', 0.02],
    ['idle-fee', 0.008],
    ['idle-reclaim', 0.006],
    ['idle-stopped', 0.01],
    ['stopped-ok', 0.008],
    ['resumed', 0.008],
    ['suspected-near', 0.008],
    ['suspected-no-start', 0.005],
    ['gov-delay', 0.006],
    ['prelim-delay', 0.004],
    ['extended', 0.006],
  ],
  development: [
    ['healthy', 0.38],
    ['low', 0.06],
    ['breach', 0.03],
    ['new-firm', 0.1],
    ['built', 0.05],
    ['building', 0.2],
    ['waiting', 0.06],
    ['idle-fee', 0.02],
    ['idle-reclaim', 0.01],
    ['idle-stopped', 0.012],
    ['stopped-ok', 0.01],
    ['resumed', 0.008],
    ['suspected-near', 0.025],
    ['suspected-no-start', 0.008],
    ['gov-delay', 0.015],
    ['prelim-delay', 0.008],
    ['extended', 0.014],
  ],
  control: [
    ['approved', 0.55],
    ['waiting', 0.22],
    ['building', 0.16],
    ['suspected-near', 0.04],
    ['idle-fee', 0.015],
    ['gov-delay', 0.015],
  ],
};

/** Categories whose land is not yet built on: put on constrained land, they stay a planning conflict. */
const NOT_STARTED: ReadonlySet<Category> = new Set([
  'approved',
  'waiting',
  'idle-fee',
  'idle-reclaim',
  'suspected-near',
  'suspected-no-start',
  'gov-delay',
  'prelim-delay',
  'extended',
]);

type Rules = typeof defaultRules;
const local = defaultRules.local as Rules['local'] & {
  intensityMinWanPerMu: Record<string, number>;
  outputMinWanPerMu: Record<string, number>;
  taxMinWanPerMu: Record<string, number>;
};
const FAR_2008 = defaultRules.controlIndicators.find((e) => e.id === '2008')?.far.values as Record<string, number>;
/** 2017 division → the 2008 FAR table's (2002) division, for the codes the generators use */
const TO_2002: Record<string, string> = { '13': '13', '14': '14', '15': '15', '21': '21', '26': '26', '27': '27', '34': '35', '35': '36', '39': '40' };

/** What a generated parcel's revenue and tax are made from, kept beside it until `settleRevenues` (never written). */
export interface RevenueBasis {
  id: string;
  zoneId: string;
  areaMu: number;
  industryCode: string;
  operating: boolean;
  failOutput: boolean;
  failTax: boolean;
  outputMin: number;
  taxMin: number;
}

export function makePropertyMaker(rng: Random) {
  const { between, int, pick, chance, rand } = rng;
  const SURNAMES = ['华', '新', '金', '恒', '顺', '宏', '永', '盛', '鑫', '德', '瑞', '泰', '汇', '嘉', '利', '丰', '源', '康', '天', '众'];
  const WORDS = ['达', '源', '隆', '昌', '通', '信', '安', '晟', '博', '诚', '和', '润', '兴', '宇', '禾', '邦'];
  const PRODUCTS: Record<string, string[]> = {
    '13': ['肉制品加工', '面粉加工', '饲料', '冷鲜肉分割', '油脂加工'],
    '14': ['休闲食品', '调味品', '烘焙食品', '速冻食品', '乳制品'],
    '15': ['饮料', '酒业', '果汁'],
    '21': ['家具', '定制家居', '板式家具'],
    '26': ['盐化工', '精细化工', '纯碱', '化学助剂'],
    '27': ['原料药', '生物制药', '中成药', '保健品'],
    '34': ['食品包装机械', '液压软管', '通用机械', '智能装备'],
    '35': ['医疗器械', '专用设备', '食品机械'],
    '39': ['电子元件', '通信终端', '智能终端', '线路板'],
    '44': ['热电联产', '余热发电'],
    '46': ['自来水厂', '再生水厂'],
    '59': ['冷链物流', '仓储', '电商物流', '物流园'],
  };
  const SUFFIX: Record<string, string> = {
    '13': '食品',
    '14': '食品',
    '15': '饮品',
    '21': '家居',
    '26': '化工',
    '27': '药业',
    '34': '机械',
    '35': '设备',
    '39': '电子',
    '44': '热电',
    '46': '水务',
    '59': '物流',
  };
  const enterpriseName = (brand: string, code: string) => `漯河${brand}${pick(SURNAMES)}${pick(WORDS)}${SUFFIX[code] ?? '实业'}有限公司`;
  /** the last enterprise of each zone and industry: a neighbour parcel may be the same firm's */
  const lastFirm = new Map<string, string>();
  const bases: RevenueBasis[] = [];

  function categoryFor(kind: FunctionalArea, place: PlaceInfo): Category {
    let r = rand();
    let c: Category = 'healthy';
    for (const [cat, p] of TABLE[kind]) {
      r -= p;
      if (r < 0) {
        c = cat;
        break;
      }
    }
    // constrained land: nothing built on it but a few projects that started anyway (suspected illegal occupation)
    if (place.onConstraint && !NOT_STARTED.has(c) && !chance(0.12)) return kind === 'control' ? 'approved' : 'waiting';
    return c;
  }

  const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const dateBetween = (y0: number, y1: number) => iso(int(y0, y1), int(1, 12), int(1, 28));
  const addMonths = (d: string, months: number) => {
    const [y, m, day] = d.split('-').map(Number) as [number, number, number];
    const t = y * 12 + (m - 1) + months;
    return iso(Math.floor(t / 12), (t % 12) + 1, Math.min(day, 28));
  };
  const minDate = (a: string, b: string) => (a < b ? a : b);

  function properties(id: string, z: ZoneLike, areaM2: number, kind: FunctionalArea, place: PlaceInfo = { onConstraint: false }): ParcelProps {
    const category = categoryFor(kind, place);
    const utility = category === 'healthy' && z.id === 'wuyang' && chance(0.06);
    const ind = utility ? { code: chance(0.6) ? '44' : '46', weight: 1 } : pickWeighted(z.industries);
    const code = ind.code;
    const areaMu = areaM2 / (10000 / 15);
    const p: ParcelProps = {
      id,
      zoneId: z.id,
      landUse: ind.landUse ?? '0601',
      certifiedAreaM2: r1(areaM2 * (chance(0.006) ? between(1.07, 1.12) : between(0.997, 1.003))),
    };
    if (category === 'approved') {
      // approved for construction, not yet supplied: no holder, no contract
      Object.assign(p, { name: `${z.brand}规划工业地块${id}`, approvalDate: dateBetween(2015, 2018) });
      return p;
    }
    const firmKey = `${z.id}/${code}`;
    const reuse = ['healthy', 'low', 'breach'].includes(category) && lastFirm.has(firmKey) && chance(0.6);
    const enterprise = reuse ? (lastFirm.get(firmKey) as string) : enterpriseName(z.brand, code);
    lastFirm.set(firmKey, enterprise);
    Object.assign(p, {
      name: `${enterprise.replace(/^漯河|有限公司$/g, '')}${pick(PRODUCTS[code] ?? ['综合'])}项目`,
      enterprise,
      industryCode: code,
      landPriceWanYuan: r1(areaMu * between(7.5, 14)),
    });
    const intensityMin = local.intensityMinWanPerMu[code] ?? 150;
    const farMin = (TO_2002[code] ? FAR_2008[TO_2002[code] as string] : undefined) ?? 0.5;
    const outputMin = local.outputMinWanPerMu[code] ?? (local.outputMinWanPerMu.default as number);
    const taxMin = local.taxMinWanPerMu[code] ?? (local.taxMinWanPerMu.default as number);
    const landPrice = p.landPriceWanYuan as number;
    /** fixed-asset investment (with the land price) and the total without it, the total never below the former */
    const investment = (factor: number) => {
      const fixed = r0(areaMu * intensityMin * factor);
      return { fixedAssetInvestmentWanYuan: fixed, totalInvestmentWanYuan: r0(Math.max(fixed, (fixed - landPrice) * between(1.1, 1.35))) };
    };
    const contract = (supply: string, startMonths: [number, number]) => {
      const agreedStart = addMonths(supply, int(...startMonths));
      return {
        approvalDate: addMonths(supply, -int(3, 12)),
        supplyDate: supply,
        agreedStartDate: agreedStart,
        agreedCompletionDate: addMonths(agreedStart, int(18, 30)),
      };
    };
    const operating = (fail: Set<string>, productionFrom: [number, number]) => {
      const c = contract(dateBetween(...productionFrom), [3, 6]);
      const actualStart = addMonths(c.agreedStartDate, int(-1, 6));
      const completed = minDate(addMonths(actualStart, int(14, 26)), '2018-06-30');
      Object.assign(p, c, investment(fail.has('intensity') ? between(0.4, 0.85) : between(1.05, 2.0)), {
        actualStartDate: actualStart,
        actualCompletionDate: completed,
        productionStartDate: minDate(addMonths(completed, int(1, 5)), '2018-10-31'),
        floorAreaM2: r0(areaM2 * farMin * (fail.has('far') ? between(0.45, 0.88) : between(1.05, 1.6))),
        footprintM2: r0(areaM2 * (fail.has('coverage') ? between(0.15, 0.27) : between(0.34, 0.6))),
        greenAreaM2: r0(areaM2 * (fail.has('green') ? between(0.22, 0.3) : between(0.06, 0.18))),
        adminAreaM2: r0(areaM2 * (fail.has('admin') ? between(0.08, 0.12) : between(0.02, 0.065))),
      });
      bases.push({
        id,
        zoneId: z.id,
        areaMu,
        industryCode: code,
        operating: true,
        failOutput: fail.has('output'),
        failTax: fail.has('tax'),
        outputMin,
        taxMin,
      });
    };
    const notStarted = (agreedStart: string) => {
      Object.assign(p, contract(addMonths(agreedStart, -int(3, 6)), [0, 0]), investment(between(1.1, 1.6)));
      p.agreedStartDate = agreedStart;
      p.agreedCompletionDate = addMonths(agreedStart, 24);
    };
    /** started, then stopped at `since`, having developed and invested these shares */
    const stopped = (since: string, developed: number, invested: number) => {
      const start = addMonths(since, -int(4, 14));
      Object.assign(p, contract(addMonths(start, -int(4, 8)), [0, 2]), investment(between(1.1, 1.6)), {
        actualStartDate: start,
        suspendedSince: since,
        developedAreaM2: r0(areaM2 * developed),
        floorAreaM2: r0(areaM2 * developed * 0.6),
        footprintM2: r0(areaM2 * developed * 0.5),
      });
      p.agreedCompletionDate = addMonths(start, 24);
      p.investedWanYuan = r0((p.totalInvestmentWanYuan as number) * invested);
    };
    switch (category) {
      case 'healthy':
        operating(new Set(), [2006, 2013]);
        if (chance(0.04)) p.taxWanYuan = null; // a firm that did not report: left ungraded ('no-data' once revenue is set)
        break;
      case 'low':
      case 'breach': {
        const pool = category === 'low' ? ['intensity', 'far', 'output', 'tax', 'output', 'far'] : ['coverage', 'admin', 'green'];
        const fail = new Set<string>();
        const n = int(1, 2);
        while (fail.size < n) fail.add(pick(pool));
        // some low-efficiency plants breach a supply condition too
        if (category === 'low' && chance(0.2)) fail.add(pick(['coverage', 'admin', 'green']));
        operating(fail, [2006, 2013]);
        break;
      }
      case 'new-firm':
        // in production for under three full years: ungraded
        operating(new Set(), [2015, 2016]);
        break;
      case 'built': {
        // completed in 2018, production not yet started
        const c = contract(dateBetween(2015, 2016), [3, 6]);
        Object.assign(p, c, investment(between(1.05, 1.6)), {
          actualStartDate: addMonths(c.agreedStartDate, int(0, 3)),
          actualCompletionDate: iso(2018, int(3, 11), int(1, 28)),
          floorAreaM2: r0(areaM2 * farMin * between(1.05, 1.5)),
          footprintM2: r0(areaM2 * between(0.34, 0.55)),
        });
        break;
      }
      case 'building': {
        const c = contract(dateBetween(2016, 2018), [2, 4]);
        const started = c.agreedStartDate <= AS_OF && !chance(0.15);
        Object.assign(p, c, investment(between(1.05, 1.6)));
        if (started) {
          p.actualStartDate = minDate(addMonths(c.agreedStartDate, int(0, 2)), AS_OF);
          p.developedAreaM2 = r0(areaM2 * between(0.3, 0.7));
          p.investedWanYuan = r0((p.totalInvestmentWanYuan as number) * between(0.25, 0.6));
        }
        break;
      }
      case 'waiting':
        // supplied in 2018, the agreed start still ahead
        Object.assign(p, contract(iso(2018, int(5, 11), int(1, 28)), [3, 8]), investment(between(1.1, 1.5)));
        break;
      case 'idle-fee':
        notStarted(iso(int(2017, 2017), int(1, 9), int(1, 28)));
        break;
      case 'idle-reclaim':
        notStarted(iso(int(2014, 2016), int(1, 12), int(1, 28)));
        break;
      case 'gov-delay':
      case 'prelim-delay':
        notStarted(iso(int(2015, 2017), int(1, 9), int(1, 28)));
        p.delayCause = category === 'prelim-delay' ? 'preliminary-work' : chance(0.8) ? 'government' : 'force-majeure';
        break;
      case 'suspected-near':
        // the one-year deadline falls within 90 days of the as-of date
        notStarted(iso(2018, int(1, 3), int(1, 28)));
        break;
      case 'suspected-no-start':
        Object.assign(p, { supplyDate: dateBetween(2016, 2017), approvalDate: dateBetween(2014, 2015) }, investment(between(1.1, 1.5)));
        break;
      case 'extended': {
        // an agreed extension of the start date; one in five asks for more than the year art. 12 allows
        notStarted(iso(2017, int(3, 11), int(1, 28)));
        p.extendedStartDate = addMonths(p.agreedStartDate as string, chance(0.8) ? int(6, 12) : int(15, 20));
        break;
      }
      case 'idle-stopped':
        stopped(iso(int(2015, 2017), int(1, 11), int(1, 28)), between(0.08, 0.3), between(0.05, 0.22));
        // a file whose investment amounts include the land price (the contract says so)
        if (chance(0.3)) {
          p.investmentIncludesLandPrice = true;
          p.totalInvestmentWanYuan = (p.totalInvestmentWanYuan as number) + landPrice;
          p.investedWanYuan = (p.investedWanYuan as number) + landPrice;
        }
        break;
      case 'stopped-ok':
        stopped(iso(int(2016, 2017), int(1, 11), int(1, 28)), between(0.4, 0.7), between(0.35, 0.6));
        break;
      case 'resumed':
        // stopped in 2016 and resumed 13–24 months later: most are idle at the end of 2017 and no longer in 2018
        stopped(iso(2016, int(1, 11), int(1, 28)), between(0.1, 0.3), between(0.1, 0.2));
        p.resumedDate = addMonths(p.suspendedSince as string, int(13, 24));
        break;
    }
    return p;
  }

  function pickWeighted<T extends { weight: number }>(xs: readonly T[]): T {
    const sum = xs.reduce((s, x) => s + x.weight, 0);
    let r = rand() * sum;
    for (const x of xs) {
      r -= x.weight;
      if (r < 0) return x;
    }
    return xs[xs.length - 1] as T;
  }

  return { properties, bases };
}

/** Divisions of the equipment cluster (装备制造: general and special equipment). */
const EQUIPMENT = new Set(['34', '35']);

/** What a zone's revenue is settled to: its leading industry's divisions and their revenue in 万元. */
export interface LeadingRevenue {
  divisions: readonly string[];
  wanYuan: number;
}

/**
 * Revenue and tax of the operating parcels: each zone's leading industry (the divisions the plan's industry counts)
 * is set to the revenue given for it, and the zone's other parcels are scaled alike; the equipment cluster's revenue
 * is its city-wide one (the plan's order of magnitude). Every parcel made to pass or fail output or tax does so: a
 * passing parcel's output per 亩 stays at least 1.05 × the threshold whatever the scaling.
 */
export function settleRevenues(
  rng: Random,
  bases: readonly RevenueBasis[],
  props: Map<string, ParcelProps>,
  leading: Record<string, LeadingRevenue>,
  equipmentTargetWanYuan: number,
): void {
  const { between } = rng;
  const ops = bases.filter((b) => b.operating);
  const draw = new Map(ops.map((b) => [b.id, b.failOutput ? between(0.3, 0.8) : between(1.1, 3.2)]));
  const revenueOf = (b: RevenueBasis, scale: number) => {
    const m = draw.get(b.id) as number;
    return b.areaMu * b.outputMin * (b.failOutput ? m : Math.max(1.05, m * scale));
  };
  const sum = (xs: RevenueBasis[], scale: number) => xs.reduce((s, b) => s + revenueOf(b, scale), 0);
  /** the scale that brings `xs`' revenue to `target` (bisection: the floor at 1.05 × the threshold bends it) */
  const scaleFor = (xs: RevenueBasis[], target: number) => {
    let lo = 0;
    let hi = 1e4;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (sum(xs, mid) < target) lo = mid;
      else hi = mid;
    }
    return hi;
  };
  const equipment = ops.filter((b) => EQUIPMENT.has(b.industryCode));
  const eqScale = scaleFor(equipment, equipmentTargetWanYuan);
  const scales = new Map<string, number>();
  for (const [zoneId, l] of Object.entries(leading)) {
    const mine = ops.filter((b) => b.zoneId === zoneId && l.divisions.includes(b.industryCode) && !EQUIPMENT.has(b.industryCode));
    scales.set(zoneId, scaleFor(mine, l.wanYuan));
  }
  for (const b of ops) {
    const p = props.get(b.id) as ParcelProps;
    const revenue = revenueOf(b, EQUIPMENT.has(b.industryCode) ? eqScale : (scales.get(b.zoneId) ?? 1));
    p.revenueWanYuan = r0(revenue);
    if (p.taxWanYuan === null) {
      delete p.taxWanYuan;
      continue;
    }
    const taxPerMu = b.failTax ? b.taxMin * between(0.2, 0.8) : Math.max(b.taxMin * between(1.1, 1.6), (revenue / b.areaMu) * between(0.025, 0.045));
    p.taxWanYuan = r1(b.areaMu * taxPerMu);
  }
}
