import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withChecks } from '../../src/domain/lowEfficiency';
import { GRADES, type Grade } from '../../src/domain/rules';
import { STAGES } from '../../src/domain/stages';
import { FLAGS, type ParcelResult } from '../../src/domain/types';
import { zh } from '../../src/i18n/resources';
import { COLORS, LAYER } from '../../src/map/style';
import { analyseLuohe, type TestAnalysis } from '../helpers/analyse';
import { CLEAN, cleanOf, launch, mapIdle, openPage, param, shot, type Watch } from './browser';

/**
 * Issue 21 as an officer meets it in the app: a flagged parcel's inspector names the rule set and the control
 * indicators' edition, says under which rule (document, article, verification) each flag stands; the map colours the
 * parcels by 批供用 stage and by 亩均效益 grade as the legend says; the stage and grade filters pick the parcels the
 * analysis (the CLI's path) gives. One page of 经济技术 at 1440×900, then 1280×720 and a phone.
 */
const base = inject('baseUrl');
const ZONE = 'jingji';
let browser: Browser;
let a: TestAnalysis;
let page: Page;
let watch: Watch;
let fee: ParcelResult;
let low: ParcelResult;

const find = (keep: (p: ParcelResult) => boolean, what: string) => {
  const p = a.parcels.find(keep);
  if (!p) throw new Error(`the demo data have no ${what} in ${ZONE}`);
  return p;
};
/** A point inside a demo parcel (they are convex): the mean of its ring's vertices. */
function centerOf(id: string): [number, number] {
  const g = a.geometries[a.parcels.findIndex((p) => p.id === id)];
  if (g?.type !== 'Polygon') throw new Error(`parcel ${id} missing`);
  const pts = (g.coordinates[0] ?? []).slice(0, -1);
  return [pts.reduce((s, p) => s + (p[0] as number), 0) / pts.length, pts.reduce((s, p) => s + (p[1] as number), 0) / pts.length];
}
const sorted = (ids: string[]) => [...ids].sort();
const inZone = (keep: (p: ParcelResult) => boolean) => sorted(a.parcels.filter((p) => p.zoneId === ZONE && keep(p)).map((p) => p.id));
const rowIds = async () => sorted(await page.evaluate(() => window.__parkatlas?.rowIds() ?? []));

beforeAll(async () => {
  browser = await launch();
  a = await analyseLuohe();
  fee = find((p) => p.zoneId === ZONE && p.idle.measure === 'idle-fee' && p.idle.feeWanYuan != null && p.landPriceWanYuan != null, 'idle-fee parcel');
  low = find(
    (p) => p.zoneId === ZONE && p.lowEfficiency.status && p.lowEfficiency.supplyBreach,
    'low-efficiency parcel that also breaches its supply conditions',
  );
  const c = centerOf(fee.id);
  ({ page, watch } = await openPage(browser, `${base}?zone=${ZONE}&sel=${fee.id}&cam=${c[0]},${c[1]},16`, { width: 1440, height: 900 }));
});
afterAll(async () => {
  await browser?.close();
});

describe('a flagged parcel: the rule, its source and its edition', () => {
  it('an idle-fee parcel: the rule set and the 2008 edition, the flag, the fee worked out, each basis with its article and verification', async () => {
    await page.waitForSelector(`[data-testid=inspector][data-parcel-id="${fee.id}"]`);
    const d = withChecks(fee, a.rules, a.asOfDate);
    expect(await page.textContent('[data-testid=rule-set-name]')).toBe(a.rules.name.zh);
    expect(d.controlEdition).toBe('2008');
    expect(await page.textContent('[data-testid=control-edition]')).toBe('控制指标 2008 版');
    expect(await page.locator('[data-testid=state-chips] [data-flag=idle]').textContent()).toBe('闲置土地');
    // the keyboard path: the flag's chip leads to the section that says why
    await page.locator('[data-testid=state-chips] [data-flag=idle] button').focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('inspector-idle');
    expect(await page.textContent('[data-testid=idle-measure]')).toBe('征缴土地闲置费');
    // the fee, worked by hand: 20 % of the land price (art. 14 (1))
    const price = fee.landPriceWanYuan as number;
    expect(fee.idle.feeWanYuan).toBeCloseTo(price * 0.2, 6);
    expect(await page.textContent('[data-testid=idle-fee]')).toBe(
      `${(price * 0.2).toLocaleString('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} 万元（土地价款 ${price.toLocaleString('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} 万元 × 20%）`,
    );
    const sources = page.locator('[data-testid=idle-source] li');
    const texts = await sources.allTextContents();
    expect(texts.some((s) => s.startsWith('认定依据：') && s.includes('闲置土地处置办法'))).toBe(true);
    const measure = texts.find((s) => s.startsWith('处置依据：'));
    expect(measure).toContain('闲置土地处置办法');
    expect(measure).toContain('第十四条（一）');
    // every basis carries how far it was checked against the published text
    const badges = await page.locator('[data-testid=idle-source] li [data-verification]').allTextContents();
    expect(badges).toHaveLength(texts.length);
    for (const b of badges) expect(['已核对', '未核对', '未找到']).toContain(b);
    await shot(page, 'rules-idle-fee-1440');
  });

  it('in English the same: the edition, the measure and its article', async () => {
    await page.click('[data-testid=lang-switch]');
    await page.waitForFunction(() => document.querySelector('[data-testid=control-edition]')?.textContent === 'Control indicators, 2008 edition');
    const measure = (await page.locator('[data-testid=idle-source] li').allTextContents()).find((s) => s.startsWith('Basis of the measure'));
    expect(measure).toContain('art. 14 (1)');
    expect(await page.locator('[data-testid=idle-source] [data-verification]').first().textContent()).toMatch(/^(Checked|Not checked|Not found)$/);
    await page.click('[data-testid=lang-switch]');
    await page.waitForFunction(() => document.querySelector('[data-testid=control-edition]')?.textContent === '控制指标 2008 版');
  });

  it('a low-efficiency parcel that breaches its supply conditions: the two told apart, each threshold with its verification and source', async () => {
    await page.evaluate((id) => {
      const u = new URL(location.href);
      u.searchParams.set('sel', id);
      history.replaceState(null, '', u);
    }, low.id);
    await page.reload();
    await page.waitForSelector(`[data-testid=inspector][data-parcel-id="${low.id}"]`);
    const chips = await page.locator('[data-testid=state-chips] [data-flag]').evaluateAll((els) => els.map((e) => e.getAttribute('data-flag')));
    expect(chips).toEqual(expect.arrayContaining(['low-efficiency', 'supply-breach']));
    expect(await page.textContent('[data-testid=low-efficiency]')).toBe('是');
    expect(await page.textContent('[data-testid=supply-breach]')).toBe('是');
    const failed = await page.textContent('[data-testid=failed-indicators]');
    const breached = await page.textContent('[data-testid=breached-conditions]');
    const zh = { intensity: '投资强度', far: '容积率', output: '', tax: '', coverage: '建筑系数', admin: '行政办公', green: '绿地率' } as Record<
      string,
      string
    >;
    for (const r of low.lowEfficiency.reasons) if (zh[r.indicator]) expect(failed).toContain(zh[r.indicator]);
    for (const b of low.lowEfficiency.breaches) expect(breached).toContain(zh[b.indicator]);
    // each threshold shown carries its verification; each table lists its sources with the rule's document
    for (const table of ['checks', 'supply-checks']) {
      const rows = page.locator(`[data-testid=${table}] tbody tr`);
      const n = await rows.count();
      expect(n).toBeGreaterThan(0);
      for (let i = 0; i < n; i++) {
        const threshold = rows.nth(i).locator('td').nth(1);
        if ((await threshold.textContent())?.match(/^[≥≤]/)) expect(await threshold.locator('[data-verification]').count()).toBe(1);
      }
    }
    // its industry code read in GB/T 4754-2017, the 2008 tables' 2002 codes reached through the crosswalk, named as a source
    expect(await page.textContent('[data-testid=industry]')).toMatch(/（GB\/T 4754-2017）$/);
    expect(await page.textContent('[data-testid=land-use-source]')).toContain('行业代码对照');
    const ruleSources = (await page.locator('[data-section=low-efficiency] .sources li, [data-section=supply-conditions] .sources li').allTextContents()).join(
      '\n',
    );
    expect(ruleSources).toContain('工业项目建设用地控制指标');
    // the FAR floor of the parcel's industry, from the 2008 table, as the source says
    const far = withChecks(low, a.rules, a.asOfDate).lowEfficiency.checks.find((k) => k.indicator === 'far');
    if (far?.threshold != null) expect(await page.textContent('[data-testid=threshold-far]')).toContain(`≥ ${far.threshold.toFixed(2)}`);
    await page.locator('[data-testid=state-chips] [data-flag=low-efficiency] button').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('inspector-low-efficiency');
    await mapIdle(page);
    await shot(page, 'rules-low-efficiency-1440');
  });
});

/**
 * The page's pixels at points of the viewport, once two readings 400 ms apart agree (a new colouring fades in over
 * MapLibre's paint transition, which its idle event does not wait for).
 */
async function pixelsAt(points: { x: number; y: number }[]): Promise<[number, number, number][]> {
  let last = await readPixels(points);
  for (let tries = 0; tries < 10; tries++) {
    await page.waitForTimeout(400);
    const now = await readPixels(points);
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  throw new Error('the map did not settle');
}

/** The page's pixels (a screenshot decoded in the page: no image library here), read at points of the viewport. */
async function readPixels(points: { x: number; y: number }[]): Promise<[number, number, number][]> {
  const png = (await page.screenshot()).toString('base64');
  return page.evaluate(
    async ({ png, points }) => {
      const bytes = Uint8Array.from(atob(png), (ch) => ch.charCodeAt(0));
      const img = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(img.width, img.height);
      const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      ctx.drawImage(img, 0, 0);
      const scale = img.width / innerWidth;
      return points.map(({ x, y }) => {
        const d = ctx.getImageData(Math.round(x * scale), Math.round(y * scale), 1, 1).data;
        return [d[0], d[1], d[2]] as [number, number, number];
      });
    },
    { png, points },
  );
}
const rgb = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/**
 * The parcels of the view by stage or grade, each at a point of the screen well inside it (at least 14 px from its
 * ring) where no label or outline is drawn: up to three of each value.
 */
async function samples<K extends string>(keyOf: (p: ParcelResult) => K | null): Promise<{ p: ParcelResult; key: K; x: number; y: number }[]> {
  const box = await page.locator('[data-testid=map]').boundingBox();
  if (!box) throw new Error('no map');
  const candidates = a.parcels.flatMap((p, i) => {
    const key = keyOf(p);
    const g = a.geometries[i];
    if (key == null || g?.type !== 'Polygon') return [];
    return [{ p, key, ring: (g.coordinates[0] ?? []) as [number, number][], c: centerOf(p.id) }];
  });
  const projected = await page.evaluate(
    (list) => list.map(({ ring, c }) => ({ ring: ring.map((v) => window.__parkatlas?.project(v)), c: window.__parkatlas?.project(c) })),
    candidates.map(({ ring, c }) => ({ ring, c })),
  );
  const count = new Map<K, number>();
  const out: { p: ParcelResult; key: K; x: number; y: number }[] = [];
  candidates.forEach((cand, i) => {
    const { ring, c } = projected[i] as { ring: [number, number][]; c: [number, number] };
    if ((count.get(cand.key) ?? 0) >= 3) return;
    if (c[0] < 40 || c[1] < 40 || c[0] > box.width - 40 || c[1] > box.height - 40) return;
    // the distance from the centre to each edge of the (convex) ring
    const inner = ring.slice(0, -1).every((v, k) => {
      const w = ring[k + 1] as [number, number];
      const len = Math.hypot(w[0] - v[0], w[1] - v[1]);
      return len === 0 || Math.abs((w[0] - v[0]) * (v[1] - c[1]) - (v[0] - c[0]) * (w[1] - v[1])) / len >= 14;
    });
    if (!inner) return;
    count.set(cand.key, (count.get(cand.key) ?? 0) + 1);
    out.push({ p: cand.p, key: cand.key, x: box.x + c[0], y: box.y + c[1] });
  });
  // where anything but the parcels' fill is drawn (labels, symbols), the fill's colour cannot be read,
  const clear = await page.evaluate(
    ({ pts, fill }) => {
      const m = window.__parkatlas?.map.map;
      const mapBox = document.querySelector('[data-testid=map]')?.getBoundingClientRect();
      if (!m || !mapBox) return pts.map(() => false);
      // nor where the page lays something over the map (its attribution, a control)
      return pts.map(
        ({ x, y }) =>
          document.elementFromPoint(x, y) === m.getCanvas() &&
          m.queryRenderedFeatures([x - mapBox.x, y - mapBox.y]).every((f) => f.layer.id === fill || f.layer.type === 'fill'),
      );
    },
    { pts: out.map(({ x, y }) => ({ x, y })), fill: LAYER.parcelsFill },
  );
  return out.filter((_, i) => clear[i]);
}

/**
 * Each sampled parcel's colour on the screen is its value's colour laid at the fill's opacity (0.85) over what lies
 * below it (read with the parcels' fill hidden): nearer to its own value's colour than to any other's.
 */
async function checkColours<K extends string>(palette: Record<K, string>, keyOf: (p: ParcelResult) => K | null): Promise<Set<K>> {
  const pts = await samples(keyOf);
  const drawn = await pixelsAt(pts);
  await page.evaluate((fill) => window.__parkatlas?.map.map.setLayoutProperty(fill, 'visibility', 'none'), LAYER.parcelsFill);
  await mapIdle(page);
  const below = await pixelsAt(pts);
  await page.evaluate((fill) => window.__parkatlas?.map.map.setLayoutProperty(fill, 'visibility', 'visible'), LAYER.parcelsFill);
  await mapIdle(page);
  const seen = new Set<K>();
  pts.forEach(({ p, key }, i) => {
    const px = drawn[i] as [number, number, number];
    const bg = below[i] as [number, number, number];
    const dist = (hex: string) => {
      const c = rgb(hex);
      return Math.hypot(...c.map((v, k) => 0.85 * v + 0.15 * (bg[k] as number) - (px[k] as number)));
    };
    const nearest = (Object.keys(palette) as K[]).reduce((best, k) => (dist(palette[k]) < dist(palette[best]) ? k : best));
    expect(nearest, `parcel ${p.id} at ${px.join(',')} over ${bg.join(',')}`).toBe(key);
    expect(dist(palette[key]), `parcel ${p.id}`).toBeLessThan(12);
    seen.add(key);
  });
  return seen;
}

describe('the stage and grade maps, and their filters', () => {
  it('coloured by stage: each parcel in its stage’s colour, the legend lists the stages, the URL keeps it', async () => {
    await page.keyboard.press('Escape');
    await page.selectOption('[data-testid=metric]', 'stage');
    await page.waitForSelector('[data-testid=legend-stage]');
    expect(param(page, 'theme')).toBe('stage');
    await mapIdle(page);
    const legend = await page.locator('[data-testid=legend-stage]').textContent();
    for (const st of STAGES.filter((s) => a.parcels.some((p) => p.zoneId === ZONE && p.stage === s))) expect(legend).toContain(zh.stage[st]);
    const seen = await checkColours(COLORS.stage, (p) => (p.stage === 'unknown' ? null : p.stage)); // unknown: hatched
    expect(seen.size, `stages seen: ${[...seen].join(', ')}`).toBeGreaterThanOrEqual(3);
    await shot(page, 'rules-map-stage-1440');
  });

  it('coloured by the city’s grade: each graded parcel in its grade’s colour', async () => {
    await page.selectOption('[data-testid=metric]', 'grade');
    await page.waitForSelector('[data-testid=legend-grade]');
    expect(param(page, 'theme')).toBe('grade');
    // a wider view, as an officer looks over the zone's grades (zoom 16 → 15)
    await page.click('.maplibregl-ctrl-zoom-out');
    await page.waitForTimeout(600);
    await mapIdle(page);
    // the ungraded are hatched (not sampled); their grey stays in the palette, so a graded parcel drawn grey fails
    const seen = await checkColours<Grade | 'ungraded'>({ ...COLORS.grade, ungraded: COLORS.noData }, (p) => p.efficiency.grade.city);
    expect(seen.size, `grades seen: ${[...seen].join(', ')}`).toBeGreaterThanOrEqual(3);
    await shot(page, 'rules-map-grade-1440');
  });

  it('the zone’s summary: shares of industrial land, idle land by cause, the intensity’s weighting, stages, overdue, occupation and grades, as the analysis', async () => {
    const z = a.zones.find((x) => x.zoneId === ZONE);
    if (!z) throw new Error('no summary of the zone');
    const card = page.locator('[data-testid=zone-summary][data-scope=zone]');
    const mu = (m2: number) => (m2 / (10_000 / 15)).toLocaleString('zh-CN', { maximumFractionDigits: 0 });
    const pct = (v: number | null) => `${((v as number) * 100).toFixed(1)}%`;
    // every share is of industrial land, and says so
    expect(z.shareDenominator).toBe('industrialAreaM2');
    expect(z.idleShare).toBeCloseTo(z.idleAreaM2 / z.industrialAreaM2, 12);
    expect(await card.locator('[data-testid=zone-industrial]').textContent()).toBe(
      `工业用地 ${z.industrialParcelCount} 宗 · ${mu(z.industrialAreaM2)} 亩（全部用地 ${z.parcelCount} 宗 · ${mu(z.totalAreaM2)} 亩）`,
    );
    expect(await card.locator('.summary-shares thead').textContent()).toContain('占工业用地');
    expect(await card.locator('tr[data-share=idle] td').textContent()).toBe(`${pct(z.idleShare)}（${mu(z.idleAreaM2)} 亩）`);
    expect(await card.locator('tr[data-share=low-efficiency] td').textContent()).toBe(`${pct(z.lowEfficiencyShare)}（${mu(z.lowEfficiencyAreaM2)} 亩）`);
    expect(await card.locator('tr[data-share=supply-breach] td').textContent()).toBe(`${pct(z.supplyBreachShare)}（${mu(z.supplyBreachAreaM2)} 亩）`);
    const byCause = z.idleAreaM2ByCause;
    expect(byCause.none + byCause.government + byCause['force-majeure'] + byCause['preliminary-work']).toBeCloseTo(z.idleAreaM2, 6);
    expect(await card.locator('[data-testid=idle-by-cause]').textContent()).toBe(
      `企业自身原因 ${mu(byCause.none)} 亩 · 政府原因 ${mu(byCause.government)} 亩 · 不可抗力 ${mu(byCause['force-majeure'])} 亩 · 前期工作 ${mu(byCause['preliminary-work'])} 亩`,
    );
    const intensity = await card.locator('[data-testid=zone-intensity]').textContent();
    expect(intensity).toContain(`${(z.intensityWanPerMu as number).toFixed(1)} 万元/亩`);
    expect(intensity).toContain(`按有投资数据的工业用地 ${mu(z.intensityAreaM2)} 亩面积加权`);
    expect(await card.locator('[data-testid=overdue-counts]').textContent()).toBe(
      `逾期未动工 ${z.overdueStartCount} 宗 · 逾期未竣工 ${z.overdueCompletionCount} 宗`,
    );
    expect(await card.locator('[data-testid=illegal-count]').textContent()).toBe(`${z.illegalOccupationCount} 宗 · ${mu(z.illegalOccupationAreaM2)} 亩`);
    for (const st of STAGES.filter((x) => x !== 'unknown'))
      expect(await card.locator(`[data-testid=stage-tally] tr[data-stage="${st}"] td`).textContent(), st).toBe(
        `${z.stageCount[st]} 宗 · ${mu(z.stageAreaM2[st])} 亩`,
      );
    const grades = await card.locator('[data-testid=grade-tally]').textContent();
    for (const g of GRADES) expect(grades).toContain(`${g} ${inZone((p) => p.efficiency.grade.zone === g).length} 宗`);
  });

  it('the stage, grade and flag filters give the parcels the analysis (the CLI’s) gives, alone and together, and the URL keeps them', async () => {
    const all = inZone(() => true);
    expect(await rowIds()).toEqual(all);
    for (const st of STAGES) {
      const box = page.locator(`fieldset[data-filter=stages] input[data-value="${st}"]`);
      await box.check();
      expect(await rowIds(), st).toEqual(inZone((p) => p.stage === st));
      await box.uncheck();
    }
    for (const g of [...GRADES, 'ungraded' as const]) {
      const box = page.locator(`fieldset[data-filter=gradesCity] input[data-value="${g}"]`);
      await box.check();
      expect(await rowIds(), g).toEqual(inZone((p) => p.efficiency.grade.city === (g === 'ungraded' ? null : g)));
      await box.uncheck();
    }
    // each flag too (the new ones: supply breach, suspected illegal occupation, overdue start and completion)
    for (const f of FLAGS) {
      const box = page.locator(`section[aria-labelledby=filters-h] input[data-flag="${f}"]`);
      await box.check();
      expect(await rowIds(), f).toEqual(inZone((p) => p.flags.includes(f)));
      await box.uncheck();
    }
    await page.locator('fieldset[data-filter=stages] input[data-value="in-production"]').check();
    await page.locator('fieldset[data-filter=gradesCity] input[data-value="C"]').check();
    await page.locator('fieldset[data-filter=gradesCity] input[data-value="D"]').check();
    const want = inZone((p) => p.stage === 'in-production' && (p.efficiency.grade.city === 'C' || p.efficiency.grade.city === 'D'));
    expect(want.length).toBeGreaterThan(0);
    expect(await rowIds()).toEqual(want);
    expect(await page.getAttribute('[data-testid=match-count]', 'data-count')).toBe(String(want.length));
    expect(param(page, 'stage')).toBe('in-production');
    expect(param(page, 'grade')).toBe('C,D');
    await mapIdle(page);
    await shot(page, 'rules-filter-stage-grade-1440');
    // a reload (or the link shared) gives the same parcels
    await page.reload();
    await page.waitForSelector('[data-testid=table]');
    await mapIdle(page);
    expect(await rowIds()).toEqual(want);
    await page.click('[data-testid=clear-filters]');
    expect(await rowIds()).toEqual(all);
    expect(cleanOf(watch)).toEqual(CLEAN);
  });
});

describe('smaller screens', () => {
  /** The inspector's rule set, edition and sources, readable within the screen's width. */
  async function readable(p: Page, width: number) {
    await p.waitForSelector(`[data-testid=inspector][data-parcel-id="${fee.id}"]`);
    expect(await p.textContent('[data-testid=control-edition]')).toBe('控制指标 2008 版');
    expect(await p.locator('[data-testid=rule-set-name]').isVisible()).toBe(true);
    await mapIdle(p);
    await shot(p, `rules-inspector-${width}`);
    await p.locator('[data-testid=state-chips] [data-flag=idle] button').click();
    const source = p.locator('[data-testid=idle-source]');
    await source.scrollIntoViewIfNeeded();
    expect(await source.isVisible()).toBe(true);
    const box = await source.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= width + 1, `sources within the ${width} px screen`).toBe(true);
    await shot(p, `rules-inspector-sources-${width}`);
  }

  it('1280×720: the flagged parcel’s rule set, edition and sources can be read', async () => {
    const c = centerOf(fee.id);
    const { page: p, watch: w } = await openPage(browser, `${base}?zone=${ZONE}&sel=${fee.id}&cam=${c[0]},${c[1]},16&theme=stage`, {
      width: 1280,
      height: 720,
    });
    await readable(p, 1280);
    expect(cleanOf(w)).toEqual(CLEAN);
    await p.close();
  });

  it('a phone (390×844): the parcel picked from the table, its rule set, edition and sources in the sheet', async () => {
    const { page: p, watch: w } = await openPage(browser, `${base}?zone=${ZONE}&drawer=table&q=${fee.id}&theme=stage`, { width: 390, height: 844 });
    await p.click(`tr.row .row-id:text-is("${fee.id}")`);
    await readable(p, 390);
    expect(cleanOf(w)).toEqual(CLEAN);
    await p.close();
  });
});
