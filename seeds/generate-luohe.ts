/**
 * Writes the illustrative 漯河 demo dataset into geodata/luohe/. Deterministic: a seeded PRNG and fixed inputs, so
 * re-running gives byte-identical files. Run: npm run seed:luohe
 * The folder's tour.json is written by hand and left as it is; its stops name parcels by id (JI0082, …), so a change
 * here that renumbers parcels must be checked against it (tests/unit/tour.test.ts does).
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
import { planSchema } from '../src/domain/plan';
import planJson from '../src/domain/plan-2016-2018.json';
import type { ParcelProps } from '../src/domain/types';
import { gkProjector } from '../src/geo/gaussKruger';
import { AS_OF, makePropertyMaker, settleRevenues } from './lib/parcelProps';
import { makeRandom } from './lib/random';

// PARKATLAS_SEED_OUT lets the tests regenerate into a temporary folder and compare with the committed files.
const OUT = process.env.PARKATLAS_SEED_OUT ?? join(import.meta.dirname, '..', 'geodata', 'luohe');
// the plan's figures, checked by their schema before anything is written from them
const plan = planSchema.parse(planJson);
const GK = gkProjector({ centralMeridian: 114, zonePrefix: false });

// three streams: the layout, the parcels' properties and their revenues, so that each can change without moving the others
const rng = makeRandom(20161217);
const { rand, between, int, chance } = rng;
const { properties, bases } = makePropertyMaker(makeRandom(20181231));

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
      { code: '34', weight: 0.4 },
      { code: '35', weight: 0.4 },
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
      { code: '34', weight: 0.6 },
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
      { code: '35', weight: 0.5 },
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
      { code: '35', weight: 0.4 },
      { code: '14', weight: 2 },
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
      { code: '34', weight: 0.4 },
      { code: '13', weight: 1 },
    ],
  },
];

/**
 * The demo's revenue of each zone's leading industry against its 2018 plan target: some zones above, some below
 * (illustrative, so that the dashboard shows both).
 */
const LEADING_REVENUE_VS_TARGET: Record<string, number> = { jingji: 1.03, linying: 1.08, wuyang: 0.9, songjiang: 1.05, shali: 0.86, dongcheng: 1.02 };

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

function feature<G extends Polygon | MultiPolygon>(props: Record<string, unknown>, geometry: G): Feature<G> {
  return { type: 'Feature', properties: props, geometry };
}

const parcelProps = new Map<string, ParcelProps>();

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
    // Basic farmland left inside the control area, and an ecological strip along a river crossing the development area.
    const farmland = rect(xd + 150, -hh + 300, hw - 100, -hh + 300 + z.heightM * 0.3);
    const eco = rect(xb + 120, 20, xd - 80, 110);
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
              const onConstraint = overlaps(local, farmland) || overlaps(local, eco);
              const props = properties(id, z, areaM2, kind, { onConstraint });
              parcelProps.set(id, props);
              parcels.push(feature(props as unknown as Record<string, unknown>, { type: 'Polygon', coordinates: [ring(z, local)] }));
            }
          }
        }
      }
    }
    constraints.push(
      feature(
        { id: `${z.id}-farmland`, kind: 'basic-farmland', name: `${meta?.name ?? z.id}控制区永久基本农田` },
        { type: 'Polygon', coordinates: [ring(z, farmland)] },
      ),
      feature(
        { id: `${z.id}-eco`, kind: 'ecological-protection', name: `${meta?.name ?? z.id}河道生态保护带` },
        { type: 'Polygon', coordinates: [ring(z, eco)] },
      ),
    );
  }
  // revenue and tax per zone: the leading industry's revenue about its 2018 target (LEADING_REVENUE_VS_TARGET)
  const equipment = plan.clusters.find((c) => c.id === 'equipment')?.revenue.value ?? 100;
  const leading = Object.fromEntries(
    plan.zones.map((pz) => {
      const industry = plan.industries.find((i) => i.id === pz.leadingIndustry);
      const target = pz.leadingIndustryRevenueTarget2018.value * 10000;
      return [pz.id, { divisions: industry?.divisions ?? [], wanYuan: target * (LEADING_REVENUE_VS_TARGET[pz.id] ?? 1) }];
    }),
  );
  settleRevenues(makeRandom(2018), bases, parcelProps, leading, equipment * 10000 * 1.2);
  return { zones, areas, parcels, constraints };
}

/** Whether a parcel's local outline's box meets a rectangle's (both in the zone's local frame). */
function overlaps(pts: Local[], r: Local[]): boolean {
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [rx0, ry0] = r[0] as Local;
  const [rx1, ry1] = r[2] as Local;
  return Math.min(...xs) < rx1 && Math.max(...xs) > rx0 && Math.min(...ys) < ry1 && Math.max(...ys) > ry0;
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
// the dataset's plan (dataset.json names it): the seed's figures as they are
writeFileSync(join(OUT, 'plan.json'), `${JSON.stringify(planJson, null, 2)}\n`);
write('rules.json', {
  ...defaultRules,
  name: { zh: '漯河示例规则（国家指标 + 明确标注的示例地方指标）', en: 'Luohe demo rules (national values + plainly labelled demo local thresholds)' },
});
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
      plan: 'plan.json',
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
      landUseClassification: '第三次全国国土调查工作分类（0601 工业用地、0508 物流仓储用地）',
      industryEdition: 'GB/T 4754-2017',
      basemap: { enabled: false, tiles: null, attribution: null },
      credits: ['行政区划边界：DataV.GeoAtlas（anzhou99/GeoJsons 副本，未注明许可；GCJ-02 转 WGS84），仅供参考'],
      creditsEn: ['District boundaries: DataV GeoAtlas copy in anzhou99/GeoJsons (no licence stated), converted GCJ-02 → WGS84 with gcoord; reference only.'],
    },
    null,
    2,
  )}\n`,
);
process.stdout.write(`wrote ${parcels.length} parcels in ${zones.length} zones to ${OUT}\n`);
