/**
 * Parcel properties for the generated datasets: enterprise and project names, contract dates and indicators, in a
 * mix of healthy, low-efficiency, idle, suspected-idle, government-delayed and unfinished projects as of AS_OF.
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
    '59': '物流',
  };

  function enterpriseName(brand: string, code: string): string {
    return `漯河${brand}${pick(SURNAMES)}${pick(WORDS)}${SUFFIX[code] ?? '实业'}有限公司`;
  }

  type Category = 'healthy' | 'low' | 'idle-unstarted' | 'idle-stopped' | 'suspected' | 'gov-delay' | 'building' | 'unsupplied';

  function categoryFor(kind: FunctionalArea): Category {
    const table: Record<FunctionalArea, [Category, number][]> = {
      'built-up': [
        ['healthy', 0.62],
        ['low', 0.27],
        ['idle-unstarted', 0.02],
        ['idle-stopped', 0.03],
        ['suspected', 0.03],
        ['gov-delay', 0.015],
        ['building', 0.015],
      ],
      development: [
        ['healthy', 0.52],
        ['low', 0.08],
        ['idle-unstarted', 0.06],
        ['idle-stopped', 0.04],
        ['suspected', 0.07],
        ['gov-delay', 0.03],
        ['building', 0.2],
      ],
      control: [
        ['building', 0.4],
        ['suspected', 0.2],
        ['idle-unstarted', 0.2],
        ['unsupplied', 0.2],
      ],
    };
    let r = rand();
    for (const [c, p] of table[kind]) {
      r -= p;
      if (r < 0) return c;
    }
    return 'healthy';
  }

  const minDate = (a: string, b: string) => (a < b ? a : b);
  const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const dateBetween = (y0: number, y1: number) => iso(int(y0, y1), int(1, 12), int(1, 28));
  const addMonths = (d: string, months: number) => {
    const [y, m, day] = d.split('-').map(Number) as [number, number, number];
    const t = y * 12 + (m - 1) + months;
    return iso(Math.floor(t / 12), (t % 12) + 1, Math.min(day, 28));
  };

  type Rules = typeof defaultRules;
  const industries = defaultRules.industries as Rules['industries'] &
    Record<string, { farMin: number | null; intensityMinWanPerMu: number; outputMinWanPerMu?: number; taxMinWanPerMu?: number }>;

  function properties(id: string, z: ZoneLike, areaM2: number, kind: FunctionalArea): ParcelProps {
    const ind = pickWeighted(z.industries);
    const code = ind.code;
    const rule = industries[code] as { farMin: number | null; intensityMinWanPerMu: number; outputMinWanPerMu?: number; taxMinWanPerMu?: number };
    const areaMu = areaM2 / (10000 / 15);
    const enterprise = enterpriseName(z.brand, code);
    const product = pick(PRODUCTS[code] ?? ['综合']);
    const category = categoryFor(kind);
    const p: ParcelProps = {
      id,
      name: `${enterprise.replace(/^漯河|有限公司$/g, '')}${product}项目`,
      enterprise,
      zoneId: z.id,
      landUse: ind.landUse ?? '0601',
      industryCode: code,
      certifiedAreaM2: r1(areaM2 * (chance(0.006) ? between(1.07, 1.12) : between(0.997, 1.003))),
    };
    const farMin = rule.farMin ?? 0.5;
    const intensityMin = rule.intensityMinWanPerMu;
    const outputMin = rule.outputMinWanPerMu ?? defaultRules.lowEfficiency.output.defaultMinWanPerMu;
    const taxMin = rule.taxMinWanPerMu ?? defaultRules.lowEfficiency.tax.defaultMinWanPerMu;
    const total = r0(areaMu * intensityMin * between(1.1, 1.9));

    const operating = (fail: Set<string>) => {
      const supply = dateBetween(2006, 2013);
      const agreedStart = addMonths(supply, int(3, 6));
      Object.assign(p, {
        supplyDate: supply,
        agreedStartDate: agreedStart,
        actualStartDate: addMonths(agreedStart, int(-1, 8)),
        agreedCompletionDate: addMonths(agreedStart, int(18, 30)),
        totalInvestmentWanYuan: total,
        fixedAssetInvestmentWanYuan: r0(areaMu * intensityMin * (fail.has('intensity') ? between(0.35, 0.85) : between(1.05, 2.2))),
        floorAreaM2: r0(areaM2 * farMin * (fail.has('far') ? between(0.4, 0.85) : between(1.05, 1.7))),
        footprintM2: r0(areaM2 * (fail.has('coverage') ? between(0.15, 0.28) : between(0.34, 0.62))),
        greenAreaM2: r0(areaM2 * (fail.has('green') ? between(0.22, 0.32) : between(0.06, 0.18))),
        adminAreaM2: r0(areaM2 * (fail.has('admin') ? between(0.08, 0.12) : between(0.02, 0.065))),
        revenueWanYuan: r0(areaMu * outputMin * (fail.has('output') ? between(0.3, 0.8) : between(1.1, 3.2))),
        taxWanYuan: r1(areaMu * taxMin * (fail.has('tax') ? between(0.2, 0.8) : between(1.1, 3))),
      });
    };
    switch (category) {
      case 'healthy':
        operating(new Set());
        if (chance(0.05)) delete p.revenueWanYuan;
        break;
      case 'low': {
        const all = ['intensity', 'far', 'coverage', 'output', 'tax', 'tax', 'output', 'far', 'admin', 'green'];
        const fail = new Set<string>();
        const n = int(1, 3);
        while (fail.size < n) fail.add(pick(all));
        operating(fail);
        break;
      }
      case 'idle-unstarted':
      case 'gov-delay': {
        const agreedStart = iso(int(2015, 2017), int(1, 12), int(1, 28));
        Object.assign(p, {
          supplyDate: addMonths(agreedStart, -int(3, 6)),
          agreedStartDate: agreedStart,
          agreedCompletionDate: addMonths(agreedStart, 24),
          totalInvestmentWanYuan: total,
        });
        if (category === 'gov-delay') p.delayCause = chance(0.8) ? 'government' : 'force-majeure';
        break;
      }
      case 'idle-stopped': {
        const start = dateBetween(2014, 2016);
        Object.assign(p, {
          supplyDate: addMonths(start, -int(4, 9)),
          agreedStartDate: addMonths(start, -int(0, 3)),
          actualStartDate: start,
          agreedCompletionDate: addMonths(start, 24),
          suspendedSince: minDate(addMonths(start, int(3, 20)), '2017-11-28'),
          totalInvestmentWanYuan: total,
          investedWanYuan: r0(total * between(0.05, 0.22)),
          developedAreaM2: r0(areaM2 * between(0.08, 0.3)),
          fixedAssetInvestmentWanYuan: r0(total * between(0.1, 0.3)),
          floorAreaM2: r0(areaM2 * between(0.05, 0.2)),
          footprintM2: r0(areaM2 * between(0.05, 0.2)),
        });
        break;
      }
      case 'suspected': {
        if (chance(0.8)) {
          // the one-year deadline falls within 90 days of the as-of date
          const agreedStart = iso(2018, int(1, 3), int(1, 28));
          Object.assign(p, {
            supplyDate: addMonths(agreedStart, -int(3, 6)),
            agreedStartDate: agreedStart,
            agreedCompletionDate: addMonths(agreedStart, 24),
            totalInvestmentWanYuan: total,
          });
        } else {
          Object.assign(p, { supplyDate: dateBetween(2016, 2017), totalInvestmentWanYuan: total });
        }
        break;
      }
      case 'building': {
        const supply = dateBetween(2017, 2018);
        const agreedStart = addMonths(supply, int(2, 4));
        const started = agreedStart <= AS_OF && chance(0.7);
        Object.assign(p, {
          supplyDate: supply,
          agreedStartDate: agreedStart,
          ...(started ? { actualStartDate: agreedStart, investedWanYuan: r0(total * between(0.2, 0.6)), developedAreaM2: r0(areaM2 * between(0.3, 0.7)) } : {}),
          agreedCompletionDate: addMonths(agreedStart, int(20, 30)),
          totalInvestmentWanYuan: total,
        });
        break;
      }
      case 'unsupplied':
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

  return properties;
}
