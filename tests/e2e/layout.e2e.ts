import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LAYER } from '../../src/map/style';
import { readLuohe } from '../helpers/analyse';
import { CLEAN, cleanOf, launch, mapIdle, openPage, param, shot } from './browser';

const base = inject('baseUrl');
let browser: Browser;
let firstJingji: string;

beforeAll(async () => {
  browser = await launch();
  firstJingji = (await readLuohe()).parcelList.find((p) => p.props.zoneId === 'jingji')?.props.id as string;
});
afterAll(async () => {
  await browser?.close();
});

type Box = { x: number; y: number; width: number; height: number };
const intersects = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, b: Box) => a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.width <= b.x + b.width + 0.5 && a.y + a.height <= b.y + b.height + 0.5;
const boxesOf = (page: Page, selector: string) => page.locator(selector).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as Box));

/**
 * The zone and area labels the map placed, and the points around them where two labels' boxes meet: the map's
 * query answers with the labels whose placed box holds a point (MapLibre's own collision boxes).
 */
async function labelPlacement(page: Page) {
  return page.evaluate(
    ({ layers }) => {
      const m = window.__parkatlas?.map.map;
      if (!m) return { zone: 0, area: 0, overlaps: [] as string[][] };
      const placed = m.queryRenderedFeatures({ layers });
      const overlaps: string[][] = [];
      // a grid of 8 px around the labels, each point once: boxes carry 4 px of padding, so glyphs that touch share
      // more than 8 px of box in both directions
      const seen = new Set<string>();
      for (const f of placed) {
        const p = m.project((f.geometry as GeoJSON.Point).coordinates as [number, number]);
        for (let dx = -96; dx <= 96; dx += 8)
          for (let dy = -24; dy <= 24; dy += 8) {
            const x = Math.round((p.x + dx) / 8) * 8;
            const y = Math.round((p.y + dy) / 8) * 8;
            if (seen.has(`${x},${y}`)) continue;
            seen.add(`${x},${y}`);
            const texts = [...new Set(m.queryRenderedFeatures([x, y], { layers }).map((h) => String(h.properties.text)))];
            if (texts.length > 1) overlaps.push(texts);
          }
      }
      return {
        zone: placed.filter((f) => f.properties.kind === 'zone').length,
        area: placed.filter((f) => f.properties.kind !== 'zone').length,
        overlaps,
      };
    },
    { layers: [LAYER.zoneLabels, LAYER.areaLabels] },
  );
}

describe('layout on wide screens', () => {
  it.each([
    [1440, 900],
    [1280, 720],
  ])('%i×%i: the legend is in view with the map, the area labels show in the zone view, no control covers a panel', async (width, height) => {
    const { page, watch } = await openPage(browser, `${base}?zone=jingji&sel=${firstJingji}`, { width, height });
    await page.waitForSelector(`[data-testid=inspector][data-parcel-id="${firstJingji}"]`);
    await mapIdle(page);
    await shot(page, `layout-zone-inspector-${width}`);
    const viewport = { x: 0, y: 0, width, height };
    const [mapBox] = await boxesOf(page, '[data-testid=map]');
    if (!mapBox) throw new Error('no map');
    // every entry of the legend is on screen, beside the map (docked below it), covering none of it
    const rows = await boxesOf(page, '[data-testid=legend] li');
    expect(rows.length).toBeGreaterThanOrEqual(8);
    const [pane] = await boxesOf(page, 'main.center');
    for (const r of rows) expect(inside(r, viewport) && inside(r, pane as Box) && !intersects(r, mapBox)).toBe(true);
    // the zone's three functional-area labels and its own label, apart
    const labels = await labelPlacement(page);
    expect(labels.zone).toBeGreaterThanOrEqual(1);
    expect(labels.area).toBe(3);
    expect(labels.overlaps).toEqual([]);
    // nothing of the map's controls covers the inspector, the legend or the table
    const controls = await boxesOf(page, '.maplibregl-ctrl');
    const panels = [...(await boxesOf(page, '[data-testid=inspector]')), ...(await boxesOf(page, '[data-testid=legend]')), ...(await boxesOf(page, '.bottom'))];
    expect(panels.length).toBe(3);
    for (const c of controls) for (const p of panels) expect(intersects(c, p)).toBe(false);
    // the inspector is beside the map, not over it
    const [inspector] = await boxesOf(page, '[data-testid=inspector]');
    expect(intersects(inspector as Box, mapBox)).toBe(false);
    expect(cleanOf(watch)).toEqual(CLEAN);
    await page.close();
  });

  it('zone labels and 建成区/发展区/控制区 labels never overlap, in both languages, at every zoom where both show', async () => {
    const { page, watch } = await openPage(browser, `${base}?zone=jingji`, { width: 1440, height: 900 });
    await shot(page, 'layout-zone-labels-zh-1440');
    for (const lang of ['zh', 'en']) {
      if (lang === 'en') await page.click('[data-testid=lang-switch]');
      for (const zoom of [12, 13, 14]) {
        await page.evaluate(([z]) => window.__parkatlas?.map.map.jumpTo({ center: [114.045, 33.535], zoom: z as number }), [zoom]);
        await mapIdle(page);
        const labels = await labelPlacement(page);
        expect(labels.zone, `${lang} z${zoom}`).toBeGreaterThanOrEqual(1);
        if (zoom <= 13) expect(labels.area, `${lang} z${zoom}`).toBeGreaterThanOrEqual(2);
        expect(labels.overlaps, `${lang} z${zoom}`).toEqual([]);
      }
    }
    await page.evaluate(() => window.__parkatlas?.map.map.jumpTo({ center: [114.045, 33.535], zoom: 13 }));
    await mapIdle(page);
    await shot(page, 'layout-zone-labels-en-1440');
    // the city view: every zone named
    await page.click('button[data-zone=""]');
    await page.waitForTimeout(800);
    await mapIdle(page);
    expect((await labelPlacement(page)).zone).toBe(6);
    await shot(page, 'layout-city-en-1440');
    expect(cleanOf(watch)).toEqual(CLEAN);
    await page.close();
  });
});

describe('layout on a phone (390×844)', () => {
  it('the map takes the width; side panel and table are drawers from a tab bar; the inspector a sheet that closes', async () => {
    const { page, watch } = await openPage(browser, `${base}?zone=jingji&drawer=table`, { width: 390, height: 844 });
    const viewport = { x: 0, y: 0, width: 390, height: 844 };
    const [mapBox] = await boxesOf(page, '[data-testid=map]');
    expect(mapBox?.width).toBe(390);
    expect(mapBox?.height).toBeGreaterThan(600);
    // the top bar fits: every control in it is on screen
    for (const b of await boxesOf(page, '.topbar button, .topbar h1')) expect(inside(b, viewport)).toBe(true);
    const [table] = await boxesOf(page, '[data-testid=table]');
    expect(inside(table as Box, viewport)).toBe(true);
    await shot(page, 'layout-mobile-table-390');
    // the side panel drawer, then back to the map alone
    await page.click('.tabbar button[data-drawer=panel]');
    expect(await page.isVisible('#side-panel')).toBe(true);
    expect(await page.isVisible('[data-testid=table]')).toBe(false);
    await shot(page, 'layout-mobile-panel-390');
    await page.click('.tabbar button[data-drawer=map]');
    expect(await page.isVisible('#side-panel')).toBe(false);
    await shot(page, 'layout-mobile-map-390');
    // a parcel picked from the table: the inspector as a sheet, its close button in reach; Escape closes it
    await page.click('.tabbar button[data-drawer=table]');
    await page.click('tr.row >> nth=0 >> .row-id');
    await page.waitForSelector('[data-testid=inspector]');
    const [sheet] = await boxesOf(page, '[data-testid=inspector]');
    expect(inside(sheet as Box, viewport)).toBe(true);
    const [close] = await boxesOf(page, '[data-testid=inspector-close]');
    expect(inside(close as Box, viewport)).toBe(true);
    // the table drawer makes way, and the parcel is flown to the map's upper half, above the sheet
    expect(param(page, 'drawer')).toBeNull();
    await page.waitForTimeout(800);
    await mapIdle(page);
    const picked = (await page.getAttribute('[data-testid=inspector]', 'data-parcel-id')) as string;
    const y = await page.evaluate((id) => {
      const m = window.__parkatlas?.map.map;
      const f = m?.querySourceFeatures('parcels').find((x) => String(x.id) === id);
      const ring = (f?.geometry as GeoJSON.Polygon | undefined)?.coordinates[0] ?? [];
      const ys = ring.map((c) => m?.project(c as [number, number]).y ?? 0);
      return ys.length ? (Math.min(...ys) + Math.max(...ys)) / 2 : -1;
    }, picked);
    expect(y).toBeGreaterThan(0);
    expect(y).toBeLessThan((mapBox?.height ?? 0) / 2);
    // and the map above the sheet is drawn, not blank (a blank region compresses to some 1 KB, a drawn one to 10 KB+)
    const above = await page.screenshot({ clip: { x: 0, y: (mapBox?.y ?? 0) + 8, width: 390, height: Math.round((sheet as Box).y - (mapBox?.y ?? 0) - 16) } });
    expect(above.length).toBeGreaterThan(5_000);
    await shot(page, 'layout-mobile-inspector-390');
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid=inspector]').count()).toBe(0);
    expect(cleanOf(watch)).toEqual(CLEAN);
    await page.close();
  });
});
