/**
 * Writes the illustrative 漯河 demo dataset into geodata/luohe/. Deterministic: a seeded PRNG and fixed inputs, so
 * re-running gives byte-identical files. Run: npm run seed:luohe
 *
 * Zones are laid out in the CGCS2000 3° Gauss–Krüger plane (central meridian 114°E) as rotated rectangles around
 * their real towns, split along their long axis into built-up / development / control areas, cut by a road grid
 * into blocks and the blocks into parcels. Parcel properties follow the zone's leading industries and a mix of
 * healthy, low-efficiency, idle, suspected-idle, government-delayed and unfinished projects as of the as-of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import gcoord from 'gcoord';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import defaultRules from '../src/domain/default-rules.json';
import type { ParcelProps } from '../src/domain/types';
import { gkProjector } from '../src/geo/gaussKruger';
import plan from './plan-2016-2018.json';

// PARKATLAS_SEED_OUT lets the tests regenerate into a temporary folder and compare with the committed files.
const OUT = process.env.PARKATLAS_SEED_OUT ?? join(import.meta.dirname, '..', 'geodata', 'luohe');
const AS_OF = '2018-12-31';
const GK = gkProjector({ centralMeridian: 114, zonePrefix: false });

// mulberry32: a tiny seeded PRNG so the data are reproducible
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(20161217);
const between = (lo: number, hi: number) => lo + (hi - lo) * rand();
const int = (lo: number, hi: number) => Math.floor(between(lo, hi + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
const chance = (p: number) => rand() < p;
const r1 = (v: number) => Math.round(v * 10) / 10;
const r0 = (v: number) => Math.round(v);

interface ZoneDef {
  id: string;
  center: [number, number];
  widthM: number;
  heightM: number;
  rotationDeg: number;
  landGrade: number;
  industries: { code: string; weight: number; landUse?: string }[];
  brand: string;
}

// Centres near the real towns (lon/lat, WGS84/CGCS2000); sizes and grades are illustrative.
const ZONES: ZoneDef[] = [
  {
    id: 'jingji',
    center: [114.045, 33.535],
    widthM: 5600,
    heightM: 3800,
    rotationDeg: 12,
    landGrade: 9,
    brand: '经开',
    industries: [
      { code: '13', weight: 5 },
      { code: '14', weight: 3 },
      { code: '34', weight: 1 },
      { code: '35', weight: 1 },
    ],
  },
  {
    id: 'linying',
    center: [113.965, 33.815],
    widthM: 5200,
    heightM: 3600,
    rotationDeg: -8,
    landGrade: 10,
    brand: '临颍',
    industries: [
      { code: '14', weight: 4 },
      { code: '13', weight: 2 },
      { code: '15', weight: 1 },
      { code: '34', weight: 2 },
      { code: '21', weight: 1 },
    ],
  },
  {
    id: 'wuyang',
    center: [113.625, 33.425],
    widthM: 4300,
    heightM: 3000,
    rotationDeg: 5,
    landGrade: 11,
    brand: '舞阳',
    industries: [
      { code: '26', weight: 6 },
      { code: '27', weight: 2 },
      { code: '13', weight: 1 },
    ],
  },
  {
    id: 'songjiang',
    center: [113.945, 33.565],
    widthM: 4000,
    heightM: 3000,
    rotationDeg: -15,
    landGrade: 9,
    brand: '淞江',
    industries: [
      { code: '27', weight: 6 },
      { code: '35', weight: 2 },
      { code: '14', weight: 1 },
    ],
  },
  {
    id: 'shali',
    center: [114.005, 33.625],
    widthM: 4200,
    heightM: 3000,
    rotationDeg: 20,
    landGrade: 9,
    brand: '沙澧',
    industries: [
      { code: '59', weight: 5, landUse: '0508' },
      { code: '35', weight: 2 },
      { code: '14', weight: 1 },
    ],
  },
  {
    id: 'dongcheng',
    center: [114.115, 33.58],
    widthM: 4200,
    heightM: 3200,
    rotationDeg: -5,
    landGrade: 9,
    brand: '东城',
    industries: [
      { code: '39', weight: 6 },
      { code: '34', weight: 1 },
      { code: '13', weight: 1 },
    ],
  },
];

const BLOCK_W = 360;
const BLOCK_H = 260;
const ROAD = 24;
const SPLITS = { builtUpEnd: 0.45, developmentEnd: 0.8 };

type Local = [number, number];

function toLonLat(z: ZoneDef, [x, y]: Local): Position {
  const [cx, cy] = GK.forward(z.center);
  const a = (z.rotationDeg * Math.PI) / 180;
  const X = cx + x * Math.cos(a) - y * Math.sin(a);
  const Y = cy + x * Math.sin(a) + y * Math.cos(a);
  const [lon, lat] = GK.inverse([X, Y]);
  return [Number(lon.toFixed(7)), Number(lat.toFixed(7))];
}

/** Counter-clockwise closed ring from local corners. */
function ring(z: ZoneDef, pts: Local[]): Position[] {
  const out = pts.map((p) => toLonLat(z, p));
  out.push(out[0] as Position);
  return out;
}

const rect = (x0: number, y0: number, x1: number, y1: number): Local[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
];

/** Parcel outline: a rectangle, sometimes with a corner notch (L shape) or extra vertices along the edges. */
function parcelShape(x0: number, y0: number, x1: number, y1: number): Local[] {
  const roll = rand();
  if (roll < 0.15) {
    const nx = x1 - (x1 - x0) * between(0.2, 0.4);
    const ny = y1 - (y1 - y0) * between(0.2, 0.4);
    return [
      [x0, y0],
      [x1, y0],
      [x1, ny],
      [nx, ny],
      [nx, y1],
      [x0, y1],
    ];
  }
  if (roll < 0.35) {
    const mx = (x0 + x1) / 2 + between(-5, 5);
    const my = (y0 + y1) / 2 + between(-5, 5);
    return [
      [x0, y0],
      [mx, y0 - between(0, 3)],
      [x1, y0],
      [x1, my],
      [x1, y1],
      [mx, y1 + between(0, 3)],
      [x0, y1],
      [x0, my],
    ];
  }
  return rect(x0, y0, x1, y1);
}

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

function categoryFor(kind: 'built-up' | 'development' | 'control'): Category {
  const table: Record<typeof kind, [Category, number][]> = {
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

function properties(id: string, z: ZoneDef, areaM2: number, kind: 'built-up' | 'development' | 'control'): ParcelProps {
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

function feature<G extends Polygon | MultiPolygon>(props: Record<string, unknown>, geometry: G): Feature<G> {
  return { type: 'Feature', properties: props, geometry };
}

function build() {
  const zones: Feature[] = [];
  const areas: Feature[] = [];
  const parcels: Feature[] = [];
  const constraints: Feature[] = [];
  for (const z of ZONES) {
    const meta = plan.zones.find((pz) => pz.id === z.id);
    const hw = z.widthM / 2;
    const hh = z.heightM / 2;
    zones.push(feature({ id: z.id, name: meta?.name ?? z.id }, { type: 'Polygon', coordinates: [ring(z, rect(-hw, -hh, hw, hh))] }));
    const xb = -hw + z.widthM * SPLITS.builtUpEnd;
    const xd = -hw + z.widthM * SPLITS.developmentEnd;
    const bands: ['built-up' | 'development' | 'control', number, number][] = [
      ['built-up', -hw, xb],
      ['development', xb, xd],
      ['control', xd, hw],
    ];
    for (const [kind, x0, x1] of bands) {
      areas.push(feature({ id: `${z.id}-${kind}`, zoneId: z.id, kind }, { type: 'Polygon', coordinates: [ring(z, rect(x0, -hh, x1, hh))] }));
    }
    let n = 0;
    for (const [kind, bx0, bx1] of bands) {
      for (let x = bx0 + ROAD; x + BLOCK_W <= bx1 - ROAD / 2 + 1; x += BLOCK_W + ROAD) {
        for (let y = -hh + ROAD; y + BLOCK_H <= hh - ROAD / 2 + 1; y += BLOCK_H + ROAD) {
          if (kind === 'control' && !chance(0.2)) continue;
          const nx = kind === 'built-up' ? int(2, 4) : int(1, 3);
          const ny = chance(0.6) ? 2 : 1;
          const cuts = splits(x, x + BLOCK_W, nx);
          for (let i = 0; i < nx; i++) {
            for (let j = 0; j < ny; j++) {
              const px0 = (cuts[i] as number) + 3;
              const px1 = (cuts[i + 1] as number) - 3;
              const py0 = y + (j * BLOCK_H) / ny + 3;
              const py1 = y + ((j + 1) * BLOCK_H) / ny - 3;
              const local = parcelShape(px0, py0, px1, py1);
              const id = `${z.id.slice(0, 2).toUpperCase()}${String(++n).padStart(4, '0')}`;
              const areaM2 = shoelace(local);
              parcels.push(feature(properties(id, z, areaM2, kind) as unknown as Record<string, unknown>, { type: 'Polygon', coordinates: [ring(z, local)] }));
            }
          }
        }
      }
    }
    // Basic farmland left inside the control area, and an ecological strip along a river crossing the development area.
    constraints.push(
      feature(
        { id: `${z.id}-farmland`, kind: 'basic-farmland', name: `${meta?.name ?? z.id}控制区永久基本农田` },
        { type: 'Polygon', coordinates: [ring(z, rect(xd + 150, -hh + 300, hw - 100, -hh + 300 + z.heightM * 0.3))] },
      ),
      feature(
        { id: `${z.id}-eco`, kind: 'ecological-protection', name: `${meta?.name ?? z.id}河道生态保护带` },
        { type: 'Polygon', coordinates: [ring(z, rect(xb + 120, 20, xd - 80, 110))] },
      ),
    );
  }
  return { zones, areas, parcels, constraints };
}

function splits(x0: number, x1: number, n: number): number[] {
  const w = (x1 - x0) / n;
  const out = [x0];
  for (let i = 1; i < n; i++) out.push(x0 + w * i + between(-w * 0.15, w * 0.15));
  out.push(x1);
  return out;
}

function shoelace(pts: Local[]): number {
  let s = 0;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++)
    s += ((pts[j] as Local)[0] - (pts[i] as Local)[0]) * ((pts[j] as Local)[1] + (pts[i] as Local)[1]);
  return Math.abs(s) / 2;
}

/** 漯河's districts from the DataV copy in shared data, GCJ-02 → WGS84 with gcoord, for display only. */
function boundaries(): FeatureCollection | null {
  const src = join(import.meta.dirname, 'sources', 'datav-411100_full.geojson');
  let text: string;
  try {
    text = readFileSync(src, 'utf8');
  } catch {
    return null;
  }
  const fc = JSON.parse(text) as FeatureCollection<MultiPolygon>;
  const round = (c: Position[][][]) => c.map((p) => p.map((r) => r.map(([x, y]) => [Number((x as number).toFixed(6)), Number((y as number).toFixed(6))])));
  return {
    type: 'FeatureCollection',
    features: fc.features.map((f) => {
      const g = gcoord.transform(f.geometry as Parameters<typeof gcoord.transform>[0], gcoord.GCJ02, gcoord.WGS84) as unknown as MultiPolygon;
      return feature({ id: String(f.properties?.adcode), name: f.properties?.name }, { type: 'MultiPolygon', coordinates: round(g.coordinates) });
    }),
  };
}

function write(name: string, data: unknown) {
  writeFileSync(join(OUT, name), `${JSON.stringify(data)}\n`);
}

const { zones, areas, parcels, constraints } = build();
write('zones.geojson', { type: 'FeatureCollection', features: zones });
write('areas.geojson', { type: 'FeatureCollection', features: areas });
write('parcels.geojson', { type: 'FeatureCollection', features: parcels });
write('constraints.geojson', { type: 'FeatureCollection', features: constraints });
const b = boundaries();
if (b) write('boundaries.geojson', b);
write('rules.json', { ...defaultRules, name: '漯河示例规则 (national binding values + plainly labelled demo local thresholds)' });
writeFileSync(
  join(OUT, 'dataset.json'),
  `${JSON.stringify(
    {
      name: '漯河市产业集聚区（示例数据）',
      nameEn: 'Luohe industrial cluster zones (illustrative data)',
      illustrative: true,
      notice: '本数据集为演示用途生成的示例数据：集聚区位置依托真实城镇示意布置，宗地、企业与指标均为虚构，不代表官方数据。',
      noticeEn:
        'Illustrative data generated for demonstration: zones are placed near their real towns, but parcels, enterprises and figures are invented and are not official.',
      asOfDate: AS_OF,
      centralMeridian: 114,
      rules: 'rules.json',
      layers: {
        parcels: 'parcels.geojson',
        zones: 'zones.geojson',
        areas: 'areas.geojson',
        constraints: 'constraints.geojson',
        ...(b ? { boundaries: 'boundaries.geojson' } : {}),
      },
      zones: ZONES.map((z) => {
        const meta = plan.zones.find((pz) => pz.id === z.id);
        return { id: z.id, name: meta?.name ?? z.id, nameEn: meta?.nameEn ?? z.id, landGrade: z.landGrade };
      }),
      landGradeNote:
        "工业用地等别 per zone is an assumption for the demo (漯河's grade is not confirmed); the demo rules use local per-亩 intensity thresholds, so it does not change any flag.",
      basemap: { enabled: false, tiles: null, attribution: null },
      credits: ['District boundaries: DataV GeoAtlas copy in anzhou99/GeoJsons (no licence stated), converted GCJ-02 → WGS84 with gcoord; reference only.'],
    },
    null,
    2,
  )}\n`,
);
process.stdout.write(`wrote ${parcels.length} parcels in ${zones.length} zones to ${OUT}\n`);
