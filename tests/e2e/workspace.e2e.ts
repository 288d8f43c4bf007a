import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ParcelResult } from '../../src/domain/types';
import { PARCEL_MIN_ZOOM_LARGE } from '../../src/engine/tileFeatures';
import { LAYER } from '../../src/map/style';
import { LOAD_MARKS } from '../../src/state/loadMarks';
import { analyseFolder, analyseLuohe, type TestAnalysis } from '../helpers/analyse';
import { ROOT } from '../helpers/fixtures';
import { launch, mapIdle, openPage, SCREENSHOTS, type Watch } from './browser';
import { ILL_FORMED_NAME_BYTES, LARGE_E2E_PARCELS } from './globalSetup';

const base = inject('baseUrl');
let browser: Browser;
let audit: TestAnalysis;
const zh = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

beforeAll(async () => {
  browser = await launch();
  // The same numbers `npm run audit -- geodata/luohe` prints, computed in-process by the same pipeline.
  audit = await analyseLuohe();
});
afterAll(async () => {
  await browser?.close();
});

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
}
const mapShot = (page: Page) => page.locator('[data-testid=map] canvas').screenshot();
const rendered = (page: Page, layer: string) => page.evaluate((l) => window.__parkatlas?.map.map.queryRenderedFeatures({ layers: [l] }).length ?? 0, layer);
const tableRows = async (page: Page) => Number(await page.getAttribute('[data-testid=table]', 'data-rows'));

/** The mean of a demo parcel's exterior vertices, a point inside it (the demo parcels are convex). */
function parcelCenter(id: string): [number, number] {
  const ring = audit.geometries[audit.parcels.findIndex((p) => p.id === id)];
  if (ring?.type !== 'Polygon') throw new Error(`parcel ${id} missing`);
  const pts = ring.coordinates[0] ?? [];
  return [pts.reduce((s, p) => s + (p[0] as number), 0) / pts.length, pts.reduce((s, p) => s + (p[1] as number), 0) / pts.length];
}

/** Clicks the map where a lon/lat is drawn. */
async function clickMapAt(page: Page, lngLat: [number, number]): Promise<void> {
  const [x, y] = (await page.evaluate((c) => window.__parkatlas?.project(c), lngLat)) as [number, number];
  const box = await page.locator('[data-testid=map]').boundingBox();
  if (!box) throw new Error('no map');
  await page.mouse.click(box.x + x, box.y + y);
}

function expectClean(watch: Watch) {
  expect(watch.offHost, 'requests that left localhost').toEqual([]);
  expect(watch.errors, 'console errors').toEqual([]);
  expect(watch.dialogs).toEqual([]);
}

describe('map workspace on the embedded 漯河 dataset', () => {
  it('draws the map (not blank) with zone areas, and no request leaves localhost', async () => {
    const { page, watch } = await openPage(browser, base);
    await shot(page, '01-city');
    expect(await rendered(page, LAYER.areasFill)).toBeGreaterThan(0);
    expect(await rendered(page, LAYER.parcelsFill)).toBeGreaterThan(0);
    // the map fills its pane (MapLibre's stylesheet must not override the layout's)
    const mapBox = await page.locator('[data-testid=map]').boundingBox();
    const paneBox = await page.locator('.map-pane').boundingBox();
    const canvasBox = await page.locator('[data-testid=map] canvas').boundingBox();
    expect(mapBox?.height).toBeGreaterThan(300);
    expect(mapBox?.height).toBe(paneBox?.height);
    expect(canvasBox?.height).toBe(mapBox?.height);
    const png = await mapShot(page);
    // A blank canvas compresses to almost nothing; a drawn map with boundaries, zones and labels does not.
    expect(png.length).toBeGreaterThan(20_000);
    expect(await page.textContent('h1')).toContain('园区用地一张图');
    expect(await page.textContent('.badge')).toContain('示例数据');
    expectClean(watch);
    await page.close();
  });

  it('toggling a layer changes what is drawn', async () => {
    const { page, watch } = await openPage(browser, `${base}?zone=jingji`);
    const before = await mapShot(page);
    expect(await rendered(page, LAYER.parcelsFill)).toBeGreaterThan(0);
    await page.click('input[data-layer=parcels]');
    await mapIdle(page);
    const after = await mapShot(page);
    expect(await rendered(page, LAYER.parcelsFill)).toBe(0);
    expect(Buffer.compare(before, after)).not.toBe(0);
    await shot(page, '02-parcels-hidden');
    expectClean(watch);
    await page.close();
  });

  it('choosing a zone sets the table to that zone’s parcel count from the core', async () => {
    const { page, watch } = await openPage(browser, base);
    expect(await tableRows(page)).toBe(audit.parcels.length);
    for (const zone of ['linying', 'dongcheng']) {
      await page.click(`button[data-zone=${zone}]`);
      await mapIdle(page);
      expect(await tableRows(page)).toBe(audit.parcels.filter((p) => p.zoneId === zone).length);
    }
    await shot(page, '03-zone-dongcheng');
    expectClean(watch);
    await page.close();
  });

  it('clicking a parcel opens the inspector with the area and intensity the audit gives', async () => {
    const target = audit.parcels.find((p) => p.zoneId === 'jingji' && p.intensityWanPerMu != null && p.areaMu > 30) as ParcelResult;
    const center = parcelCenter(target.id);
    const { page, watch } = await openPage(browser, `${base}?zone=jingji&cam=${center[0]},${center[1]},16.5`);
    await clickMapAt(page, center);
    await page.waitForSelector(`[data-testid=inspector][data-parcel-id="${target.id}"]`);
    expect(await page.textContent('[data-testid=area-m2]')).toContain(zh.format(target.areaM2));
    expect(await page.textContent('[data-testid=value-intensity]')).toContain(zh.format(target.intensityWanPerMu as number));
    // the row of the clicked parcel is scrolled into view and marked
    await page.waitForSelector(`tr.row.selected[data-id="${target.id}"]`);
    await shot(page, '04-inspector');
    // keyboard: the inspector heading takes focus, and a table row is reachable with Tab and Enter
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('inspector-h');
    expectClean(watch);
    await page.close();
  });

  it('a parcel the filters leave out is not drawn and cannot be picked; cleared, it can', async () => {
    const target = audit.parcels.find((p) => p.zoneId === 'jingji' && p.idle.status !== 'idle' && p.areaMu > 30) as ParcelResult;
    const center = parcelCenter(target.id);
    const { page, watch } = await openPage(browser, `${base}?zone=jingji&cam=${center[0]},${center[1]},16.5`);
    await page.check('input[data-flag=idle]');
    await mapIdle(page);
    expect(await page.evaluate(() => window.__parkatlas?.map.drawnParcelIds() ?? [])).not.toContain(target.id);
    await clickMapAt(page, center);
    await page.waitForTimeout(500);
    expect(await page.locator(`[data-testid=inspector][data-parcel-id="${target.id}"]`).count()).toBe(0);
    await page.click('[data-testid=clear-filters]');
    await mapIdle(page);
    expect(await page.evaluate(() => window.__parkatlas?.map.drawnParcelIds() ?? [])).toContain(target.id);
    await clickMapAt(page, center);
    await page.waitForSelector(`[data-testid=inspector][data-parcel-id="${target.id}"]`);
    expectClean(watch);
    await page.close();
  });

  it('a filter on "idle" shows exactly the idle parcels the audit lists, in the table and on the map', async () => {
    const { page, watch } = await openPage(browser, base);
    const allIds = await page.evaluate(() => window.__parkatlas?.rowIds() ?? []);
    expect(allIds.length).toBe(audit.parcels.length);
    await page.check('input[data-flag=idle]');
    await mapIdle(page);
    const idle = audit.parcels.filter((p) => p.idle.status === 'idle').map((p) => p.id);
    expect(await tableRows(page)).toBe(idle.length);
    expect(Number(await page.getAttribute('[data-testid=match-count]', 'data-count'))).toBe(idle.length);
    expect((await page.evaluate(() => window.__parkatlas?.rowIds() ?? [])).sort()).toEqual([...idle].sort());
    // every parcel of the source, drawn or not: those without feature-state "out" (the others are transparent)
    const onMap = await page.evaluate(() => {
      const m = window.__parkatlas?.map.map;
      if (!m) return [];
      const ids = [...new Set(m.querySourceFeatures('parcels').map((f) => String(f.id)))];
      return ids.filter((id) => m.getFeatureState({ source: 'parcels', id }).out !== true);
    });
    expect(onMap.sort()).toEqual([...idle].sort());
    expect(await page.evaluate(() => window.__parkatlas?.map.drawnParcelIds().length)).toBeGreaterThan(0);
    await shot(page, '05-idle-filter');
    // rows of another dataset (a new ids array), all passing: no filter state of the last one lingers
    const drawnAfter = await page.evaluate(async (ids) => {
      const c = window.__parkatlas?.map;
      c?.setParcelRows(
        ids,
        new Float64Array(ids.length * 4),
        Uint32Array.from(ids, (_, i) => i),
      );
      await c?.whenIdle();
      return c?.drawnParcelIds().length;
    }, allIds);
    expect(drawnAfter).toBe(audit.parcels.length);
    await page.click('[data-testid=clear-filters]');
    expect(await tableRows(page)).toBe(audit.parcels.length);
    expectClean(watch);
    await page.close();
  });

  it('reloading the URL restores zone, metric, layers, filters, selection and camera', async () => {
    const { page, watch } = await openPage(browser, base);
    await page.click('button[data-zone=wuyang]');
    await page.selectOption('[data-testid=metric]', 'taxWanPerMu');
    await page.click('input[data-layer=constraints]');
    await page.check('input[data-flag=low-efficiency]');
    await page.fill('[data-range="far-min"]', '0.5');
    await mapIdle(page);
    const firstId = await page.getAttribute('tr.row >> nth=0', 'data-id');
    await page.click('tr.row >> nth=0');
    await page.waitForSelector(`[data-testid=inspector][data-parcel-id="${firstId}"]`);
    await mapIdle(page);
    const rows = await tableRows(page);
    const url = page.url();
    expect(url).toContain('zone=wuyang');
    await page.reload();
    await page.waitForSelector(`[data-testid=inspector][data-parcel-id="${firstId}"]`, { timeout: 60_000 });
    await mapIdle(page);
    expect(page.url()).toBe(url);
    expect(await page.getAttribute('button[data-zone=wuyang]', 'aria-pressed')).toBe('true');
    expect(await page.inputValue('[data-testid=metric]')).toBe('taxWanPerMu');
    expect(await page.isChecked('input[data-layer=constraints]')).toBe(false);
    expect(await page.isChecked('input[data-flag=low-efficiency]')).toBe(true);
    expect(await page.inputValue('[data-range="far-min"]')).toBe('0.5');
    expect(await tableRows(page)).toBe(rows);
    const cam = new URL(url).searchParams.get('cam')?.split(',').map(Number) ?? [];
    const now = await page.evaluate(() => window.__parkatlas?.map.camera());
    expect(now?.zoom).toBeCloseTo(cam[2] as number, 1);
    expectClean(watch);
    await page.close();
  });

  it('the English switch changes the UI', async () => {
    const { page, watch } = await openPage(browser, base);
    await page.click('[data-testid=lang-switch]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.textContent('h1')).toContain('ParkAtlas');
    expect(await page.textContent('.badge')).toContain('Illustrative');
    expect(await page.textContent('#zones-h')).toBe('Cluster zones');
    expect(page.url()).toContain('lang=en');
    await shot(page, '06-english');
    expectClean(watch);
    await page.close();
  });
});

describe.each([
  ['a {z}/{x}/{y}.pbf folder', 'e2e-tiles'],
  ['one PMTiles archive', 'e2e-pmtiles'],
])('large-data path: parcels from vector tiles in %s', (_kind, dataset) => {
  it('draws parcels from the tiles with the same colours, filters and selection', async () => {
    const { page, watch } = await openPage(browser, `${base}?dataset=${dataset}&zone=jingji`);
    expect(await page.evaluate(() => window.__parkatlas?.map.map.getSource('parcels')?.type)).toBe('vector');
    expect(await rendered(page, LAYER.parcelsFill)).toBeGreaterThan(50);
    expect(await tableRows(page)).toBe(audit.parcels.filter((p) => p.zoneId === 'jingji').length);
    await page.check('input[data-flag=idle]');
    await mapIdle(page);
    const ids = await page.evaluate(() => window.__parkatlas?.map.drawnParcelIds() ?? []);
    const idle = new Set(audit.parcels.filter((p) => p.idle.status === 'idle' && p.zoneId === 'jingji').map((p) => p.id));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(idle.has(id)).toBe(true);
    await shot(page, `08-${dataset}-idle`);
    expectClean(watch);
    await page.close();
  });
});

describe('large-data path: a 25,000-parcel file sliced into tiles by the analysis worker', () => {
  it("draws parcels from worker tiles at zone zoom, with the audit's zone and filter membership", async () => {
    const dir = join(ROOT, 'dist', 'e2e-large');
    const read = async (rel: string) => new Uint8Array(readFileSync(join(dir, rel)));
    const large = await analyseFolder(read);
    expect(large.parcels.length).toBe(LARGE_E2E_PARCELS);
    // two threads (?threads=2; by default one per core but one, so none more on 2 cores): the analysis worker starts a
    // worker of its own that analyses parts of the file (webShardPool)
    const workers: string[] = [];
    const { page, watch } = await openPage(browser, `${base}?dataset=e2e-large&threads=2`, undefined, undefined, (p) =>
      p.on('worker', (w) => workers.push(w.url())),
    );
    expect(await tableRows(page)).toBe(LARGE_E2E_PARCELS);
    expect(workers.some((u) => /shard\.worker/.test(u))).toBe(true);
    // the load's phases are marked for the browser's performance panel and the bench, in order
    const marks = await page.evaluate(() =>
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('parkatlas:'))
        .map((m) => [m.name, m.startTime] as const),
    );
    const names = marks.map(([name]) => name.slice('parkatlas:'.length));
    expect(names).toEqual(LOAD_MARKS.filter((m) => names.includes(m)));
    for (const m of ['fetch', 'validate', 'analyse', 'ready', 'table']) expect(names).toContain(m);
    for (let i = 1; i < marks.length; i++)
      expect((marks[i] as readonly [string, number])[1]).toBeGreaterThanOrEqual((marks[i - 1] as readonly [string, number])[1]);
    const source = await page.evaluate(() => {
      const s = window.__parkatlas?.map.map.getSource('parcels') as unknown as { type: string; tiles?: string[] } | undefined;
      return { type: s?.type, tiles: s?.tiles };
    });
    expect(source.type).toBe('vector');
    expect(source.tiles?.[0]).toMatch(/^parkatlas-tiles:\/\/\{z\}\/\{x\}\/\{y\}$/);
    await page.click('button[data-zone=z01]');
    await page.waitForTimeout(700); // the fly-to
    await mapIdle(page);
    // choosing a zone shows its parcels: the zone's fitted zoom is above the large-data parcel zoom
    expect(await page.evaluate(() => window.__parkatlas?.map.map.getZoom())).toBeGreaterThanOrEqual(PARCEL_MIN_ZOOM_LARGE);
    const idsIn = () => page.evaluate(() => window.__parkatlas?.map.drawnParcelIds() ?? []);
    const z01 = new Set(large.parcels.filter((p) => p.zoneId === 'z01').map((p) => p.id));
    expect(await tableRows(page)).toBe(z01.size);
    const drawn = await idsIn();
    expect(drawn.length).toBeGreaterThan(50);
    for (const id of drawn) expect(z01.has(id)).toBe(true);
    await page.check('input[data-flag=idle]');
    await mapIdle(page);
    const idle = new Set(large.parcels.filter((p) => p.zoneId === 'z01' && p.idle.status === 'idle').map((p) => p.id));
    const drawnIdle = await idsIn();
    expect(drawnIdle.length).toBeGreaterThan(0);
    for (const id of drawnIdle) expect(idle.has(id)).toBe(true);
    expect(await tableRows(page)).toBe(idle.size);
    await shot(page, '09-worker-tiles-idle');
    // a row picked in the table: the inspector shows the parcel's full result, made again in the worker from its
    // feature (no result object is kept per parcel of a dataset analysed in parts), as the audit gives it
    const row = page.locator('tr.row >> nth=0');
    const rowId = (await row.getAttribute('data-id')) as string;
    const target = large.parcels.find((p) => p.id === rowId) as ParcelResult;
    expect(idle.has(rowId)).toBe(true);
    await row.click();
    await page.waitForSelector(`[data-testid=inspector][data-parcel-id="${rowId}"]`);
    expect(await page.textContent('[data-testid=area-m2]')).toContain(zh.format(target.areaM2));
    if (target.intensityWanPerMu != null) expect(await page.textContent('[data-testid=value-intensity]')).toContain(zh.format(target.intensityWanPerMu));
    expectClean(watch);
    await page.close();
  });
});

describe('untrusted input', () => {
  it('HTML in feature properties shows as text everywhere, and a broken parcel is listed as a problem', async () => {
    const { page, watch } = await openPage(browser, `${base}?dataset=e2e-hostile&q=${encodeURIComponent('<img')}`);
    expect(await tableRows(page)).toBe(1);
    const cell = page.locator('tr.row >> nth=0 >> td >> nth=1');
    expect(await cell.textContent()).toBe('<img src=x onerror=alert(1)>');
    await page.click('tr.row >> nth=0');
    await page.waitForSelector('[data-testid=inspector]');
    expect(await page.textContent('[data-testid=inspector]')).toContain('<img src=x onerror=alert(1)>');
    expect(await page.textContent('[data-testid=inspector]')).toContain('<script>window.__pwned = true</script>');
    expect(await page.locator('img[src=x]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
    await page.click('[data-testid=problems-button]');
    const problems = await page.textContent('[data-testid=problems]');
    expect(problems).toContain('parcels.geojson');
    expect(problems).toContain('#1');
    await shot(page, '07-hostile');
    // a name that is not all UTF-8 reads as TextDecoder reads it (replacement characters), in the table and inspector
    const illFormed = new TextDecoder().decode(Uint8Array.from(ILL_FORMED_NAME_BYTES));
    expect(illFormed).toBe('f\ufffd(漯\ufffd\ufffd\ufffdg');
    const third = audit.parcels[2]?.id as string;
    const named = await openPage(browser, `${base}?dataset=e2e-hostile&q=${encodeURIComponent(third)}`);
    expect(await tableRows(named.page)).toBe(1);
    expect(await named.page.locator('tr.row >> nth=0 >> td >> nth=1').textContent()).toBe(illFormed);
    await named.page.click('tr.row >> nth=0');
    await named.page.waitForSelector(`[data-testid=inspector][data-parcel-id="${third}"]`);
    expect(await named.page.textContent('[data-testid=inspector]')).toContain(illFormed);
    await named.page.close();
    expect(watch.dialogs).toEqual([]);
    expect(watch.offHost).toEqual([]);
    await page.close();
  });
});
