/**
 * Synthetic scale data for the benchmarks: dataset folders of 10k, 50k and 100k parcels with realistic shapes
 * (8–40 vertices, some MultiPolygons, some holes) and the full property set, written to tests/bench/data/ (git-ignored).
 * Deterministic (seeded). Run: npm run seed:scale [-- 10000 50000]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature, Position } from 'geojson';
import type { ParcelGeometry, ParcelProps } from '../src/domain/types';
import { planarAreaM2 } from '../src/geo/area';
import { gkProjector } from '../src/geo/gaussKruger';
import { AS_OF, makePropertyMaker, settleRevenues, type ZoneLike } from './lib/parcelProps';
import { makeRandom } from './lib/random';

export const SCALE_DIR = join(import.meta.dirname, '..', 'tests', 'bench', 'data');
const GK = gkProjector({ centralMeridian: 114, zonePrefix: false });
const CELL_M = 110;
const PER_ZONE = 5000;

const PROFILES: Omit<ZoneLike, 'id'>[] = [
  {
    brand: '食品',
    industries: [
      { code: '13', weight: 5 },
      { code: '14', weight: 3 },
      { code: '34', weight: 1 },
    ],
  },
  {
    brand: '化工',
    industries: [
      { code: '26', weight: 6 },
      { code: '27', weight: 2 },
    ],
  },
  {
    brand: '医药',
    industries: [
      { code: '27', weight: 6 },
      { code: '35', weight: 2 },
    ],
  },
  {
    brand: '物流',
    industries: [
      { code: '59', weight: 5, landUse: '0508' },
      { code: '35', weight: 2 },
    ],
  },
  {
    brand: '电子',
    industries: [
      { code: '39', weight: 6 },
      { code: '34', weight: 1 },
    ],
  },
];

export function generateScale(count: number): string {
  const rng = makeRandom(1000 + count);
  const { between, int, chance } = rng;
  const { properties, bases } = makePropertyMaker(rng);
  const byId = new Map<string, ParcelProps>();
  const zoneCount = Math.ceil(count / PER_ZONE);
  const side = Math.ceil(Math.sqrt(Math.min(count, PER_ZONE)));
  const zoneSideM = side * CELL_M;
  const grid = Math.ceil(Math.sqrt(zoneCount));
  const [ox, oy] = GK.forward([113.75, 33.45]);
  const ll = (x: number, y: number): Position => {
    const [lon, lat] = GK.inverse([ox + x, oy + y]);
    return [Number(lon.toFixed(7)), Number(lat.toFixed(7))];
  };
  const rectRing = (x0: number, y0: number, x1: number, y1: number) => [ll(x0, y0), ll(x1, y0), ll(x1, y1), ll(x0, y1), ll(x0, y0)];
  /** a star-shaped ring (angles increase, radii positive: never self-intersecting) */
  const star = (cx: number, cy: number, r: number, n: number, clockwise = false): Position[] => {
    const pts: Position[] = [];
    for (let k = 0; k < n; k++) {
      const a = ((clockwise ? -k : k) / n) * 2 * Math.PI + between(-0.2, 0.2) / n;
      const rr = r * between(0.8, 1);
      pts.push(ll(cx + rr * Math.cos(a), cy + rr * Math.sin(a)));
    }
    pts.push(pts[0] as Position);
    return pts;
  };

  const zones: Feature[] = [];
  const areas: Feature[] = [];
  const constraints: Feature[] = [];
  const parcels: Feature[] = [];
  const manifestZones = [];
  for (let z = 0; z < zoneCount; z++) {
    const id = `z${String(z + 1).padStart(2, '0')}`;
    const x0 = (z % grid) * (zoneSideM + 2000);
    const y0 = Math.floor(z / grid) * (zoneSideM + 2000);
    const profile = PROFILES[z % PROFILES.length] as Omit<ZoneLike, 'id'>;
    const zone: ZoneLike = { id, ...profile };
    zones.push({
      type: 'Feature',
      properties: { id, name: `示例集聚区${z + 1}` },
      geometry: { type: 'Polygon', coordinates: [rectRing(x0, y0, x0 + zoneSideM, y0 + zoneSideM)] },
    });
    manifestZones.push({ id, name: `示例集聚区${z + 1}`, nameEn: `Sample zone ${z + 1}`, landGrade: 9 });
    // Band edges fall 30% into a cell, so one column of parcels straddles each edge (the exact overlay path).
    const b1 = x0 + (Math.floor(side * 0.45) + 0.3) * CELL_M;
    const b2 = x0 + (Math.floor(side * 0.8) + 0.3) * CELL_M;
    const bands: [string, number, number][] = [
      ['built-up', x0, b1],
      ['development', b1, b2],
      ['control', b2, x0 + zoneSideM],
    ];
    for (const [kind, a, b] of bands) {
      areas.push({
        type: 'Feature',
        properties: { id: `${id}-${kind}`, zoneId: id, kind },
        geometry: { type: 'Polygon', coordinates: [rectRing(a, y0, b, y0 + zoneSideM)] },
      });
    }
    constraints.push({
      type: 'Feature',
      properties: { id: `${id}-farmland`, kind: 'basic-farmland', name: `${id} 基本农田` },
      geometry: { type: 'Polygon', coordinates: [rectRing(b2 + 200, y0 + 300, b2 + 900, y0 + 1200)] },
    });
    const inZone = Math.min(PER_ZONE, count - z * PER_ZONE);
    for (let k = 0; k < inZone; k++) {
      const cx = x0 + ((k % side) + 0.5) * CELL_M;
      const cy = y0 + (Math.floor(k / side) + 0.5) * CELL_M;
      const kind = cx < b1 ? 'built-up' : cx < b2 ? 'development' : 'control';
      const n = int(8, 40);
      const roll = rng.rand();
      let geometry: Feature['geometry'];
      if (roll < 0.05) {
        geometry = {
          type: 'MultiPolygon',
          coordinates: [[star(cx - CELL_M * 0.22, cy, CELL_M * 0.22, Math.max(8, n >> 1))], [star(cx + CELL_M * 0.22, cy, CELL_M * 0.2, Math.max(8, n >> 1))]],
        };
      } else if (roll < 0.1) {
        geometry = { type: 'Polygon', coordinates: [star(cx, cy, CELL_M * 0.46, n), star(cx, cy, CELL_M * 0.12, 8, true)] };
      } else {
        geometry = { type: 'Polygon', coordinates: [star(cx, cy, CELL_M * 0.46, n)] };
      }
      const areaM2 = planarAreaM2(geometry as ParcelGeometry);
      const pid = `${id}-${String(k + 1).padStart(5, '0')}`;
      const props = properties(pid, zone, areaM2, kind as 'built-up');
      if (chance(0.001)) props.certifiedAreaM2 = Math.round(areaM2 * 1.3);
      byId.set(pid, props);
      parcels.push({ type: 'Feature', properties: props as unknown as Record<string, unknown>, geometry });
    }
  }
  // revenue and tax: some 600 万元 per 亩 of operating land in each zone, equipment a tenth of it
  const operatingMu = new Map<string, number>();
  for (const b of bases) if (b.operating) operatingMu.set(b.zoneId, (operatingMu.get(b.zoneId) ?? 0) + b.areaMu);
  const total = [...operatingMu.values()].reduce((s, x) => s + x, 0);
  // (every division of the zone but equipment's counts as its "leading" revenue here: the scale data have no plan)
  const everyDivision = [...new Set(bases.map((b) => b.industryCode))];
  settleRevenues(rng, bases, byId, Object.fromEntries([...operatingMu].map(([z, mu]) => [z, { divisions: everyDivision, wanYuan: mu * 600 }])), total * 60);
  const name = `scale-${count >= 1000 ? `${count / 1000}k` : count}`;
  const out = join(SCALE_DIR, name);
  mkdirSync(out, { recursive: true });
  const fc = (features: Feature[]) => `${JSON.stringify({ type: 'FeatureCollection', features })}\n`;
  writeFileSync(join(out, 'parcels.geojson'), fc(parcels));
  writeFileSync(join(out, 'zones.geojson'), fc(zones));
  writeFileSync(join(out, 'areas.geojson'), fc(areas));
  writeFileSync(join(out, 'constraints.geojson'), fc(constraints));
  writeFileSync(
    join(out, 'dataset.json'),
    JSON.stringify(
      {
        name: `合成规模测试数据 ${count} 宗`,
        nameEn: `Synthetic scale data, ${count} parcels`,
        illustrative: true,
        notice: '合成的规模测试数据，非真实数据。',
        noticeEn: 'Synthetic scale-test data, not real.',
        asOfDate: AS_OF,
        centralMeridian: 114,
        rules: null,
        layers: { parcels: 'parcels.geojson', zones: 'zones.geojson', areas: 'areas.geojson', constraints: 'constraints.geojson' },
        zones: manifestZones,
      },
      null,
      2,
    ),
  );
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const counts = process.argv.slice(2).map(Number).filter(Number.isFinite);
  for (const n of counts.length ? counts : [10_000, 50_000, 100_000]) process.stdout.write(`wrote ${generateScale(n)}\n`);
}
