import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { problemMessage } from '../../src/data/problem';
import type { ParcelResult } from '../../src/domain/types';
import { analyseLuohe, readLuohe, type TestAnalysis } from '../helpers/analyse';
import { CLEAN, cleanOf, launch, mapIdle, openPage, param, shot, type Watch } from './browser';

const base = inject('baseUrl');
let browser: Browser;
let audit: TestAnalysis;
let credit: string;
let creditEn: string;
let page: Page;
let watch: Watch;
let idle: ParcelResult;

/** A point inside a demo parcel (they are convex): the mean of its ring's vertices. */
function centerOf(id: string): [number, number] {
  const g = audit.geometries[audit.parcels.findIndex((p) => p.id === id)];
  if (g?.type !== 'Polygon') throw new Error(`parcel ${id} missing`);
  const pts = g.coordinates[0] ?? [];
  return [pts.reduce((s, p) => s + (p[0] as number), 0) / pts.length, pts.reduce((s, p) => s + (p[1] as number), 0) / pts.length];
}
async function mapPoint(lngLat: [number, number]): Promise<{ x: number; y: number }> {
  const [x, y] = (await page.evaluate((c) => window.__parkatlas?.project(c), lngLat)) as [number, number];
  const box = await page.locator('[data-testid=map]').boundingBox();
  if (!box) throw new Error('no map');
  return { x: box.x + x, y: box.y + y };
}

beforeAll(async () => {
  browser = await launch();
  audit = await analyseLuohe();
  const manifest = (await readLuohe()).manifest;
  credit = manifest?.credits[0] as string;
  creditEn = manifest?.creditsEn[0] as string;
  idle = audit.parcels.find(
    (p) => p.zoneId === 'jingji' && p.idle.status === 'idle' && p.lowEfficiency.note === 'idle-instead' && p.areaMu > 20,
  ) as ParcelResult;
  const c = centerOf(idle.id);
  ({ page, watch } = await openPage(browser, `${base}?zone=jingji&cam=${c[0]},${c[1]},16.5`, { width: 1440, height: 900 }));
});
afterAll(async () => {
  await browser?.close();
});

describe('the inspector and the map’s feedback (one page, an idle parcel of 经济技术)', () => {
  it('hovering a parcel shows its id, name and the metric shown, with a pointer cursor', async () => {
    const p = await mapPoint(centerOf(idle.id));
    await page.mouse.move(p.x - 3, p.y - 3);
    await page.mouse.move(p.x, p.y);
    await page.waitForSelector('.map-tooltip:not([hidden])');
    expect(await page.getAttribute('.map-tooltip', 'data-id')).toBe(idle.id);
    const text = await page.textContent('.map-tooltip');
    expect(text).toContain(`${idle.id} · ${idle.name}`);
    expect(text).toContain('投资强度（万元/亩）');
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid=map] canvas') as Element).cursor)).toBe('pointer');
    await shot(page, 'inspector-hover-1440');
    await page.mouse.move(5, 500);
    await page.waitForSelector('.map-tooltip', { state: 'hidden' });
  });

  it('an idle parcel reads as idle land, its indicators as information only, and the idle rule shows its source', async () => {
    const p = await mapPoint(centerOf(idle.id));
    await page.mouse.click(p.x, p.y);
    await page.waitForSelector(`[data-testid=inspector][data-parcel-id="${idle.id}"]`);
    expect(await page.textContent('[data-testid=low-efficiency]')).toBe('按闲置土地处置（不重复认定低效）');
    expect(await page.locator('[data-testid=state-chips] [data-flag=idle]').textContent()).toBe('闲置土地');
    expect(await page.locator('[data-testid=checks] tr.fail').count()).toBe(0);
    const results = await page.locator('[data-testid=checks] tbody td:last-child').allTextContents();
    expect(results.length).toBeGreaterThan(3);
    expect(new Set(results)).toEqual(new Set(['仅供参考']));
    expect(await page.textContent('[data-testid=idle-status]')).toBe('闲置');
    expect(await page.textContent('[data-testid=idle-source]')).toContain('闲置土地处置办法');
    await shot(page, 'inspector-idle-1440');
  });

  it('Escape closes the inspector; the problems panel links a problem to its parcel and closes with Escape', async () => {
    await page.keyboard.press('Escape');
    expect(await page.locator('.inspector').count()).toBe(0);
    expect(param(page, 'sel')).toBeNull();
    await page.click('[data-testid=problems-button]');
    await page.waitForSelector('[data-testid=problems]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('problems-h');
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-testid=problems]').count()).toBe(0);
    await page.click('[data-testid=problems-button]');
    const withParcel = audit.problems.find((p) => p.featureId && audit.parcels.some((r) => r.id === p.featureId));
    const id = withParcel?.featureId as string;
    await page.click(`[data-testid=problems] button[data-parcel="${id}"]`);
    await page.waitForSelector(`[data-testid=inspector][data-parcel-id="${id}"]`);
    expect(await page.locator('[data-testid=problems]').count()).toBe(0);
    expect(param(page, 'sel')).toBe(id);
    await page.waitForTimeout(700); // the flight to the parcel
    await mapIdle(page);
    await shot(page, 'inspector-from-problem-1440');
  });

  it('the problems panel gives each message in the language shown', async () => {
    const withMessage = audit.problems.find((p) => p.featureId);
    if (!withMessage) throw new Error('the demo data have no problem');
    const messages = async () => (await page.locator('[data-testid=problems] tbody tr td:last-child').allTextContents()).join('\n');
    await page.click('[data-testid=problems-button]');
    await page.waitForSelector('[data-testid=problems]');
    expect(await messages()).toContain(problemMessage('zh', withMessage));
    await page.keyboard.press('Escape');
    await page.click('[data-testid=lang-switch]');
    await page.click('[data-testid=problems-button]');
    await page.waitForSelector('[data-testid=problems]');
    const en = await messages();
    expect(en).toContain(problemMessage('en', withMessage));
    expect(en).not.toContain(problemMessage('zh', withMessage));
    await page.keyboard.press('Escape');
    await page.click('[data-testid=lang-switch]');
  });

  it('the map’s attribution gives the dataset’s credit, and it and the controls’ titles are in the language shown', async () => {
    expect(credit).toMatch(/行政区划边界/);
    const attribution = await page.textContent('.maplibregl-ctrl-attrib');
    expect(attribution).toContain(credit);
    expect(await page.getAttribute('.maplibregl-ctrl-zoom-in', 'title')).toBe('放大');
    await page.click('[data-testid=lang-switch]');
    await page.waitForFunction((c) => document.querySelector('.maplibregl-ctrl-attrib')?.textContent?.includes(c), creditEn);
    expect(await page.textContent('.maplibregl-ctrl-attrib')).not.toContain(credit);
    expect(await page.getAttribute('.maplibregl-ctrl-zoom-in', 'title')).toBe('Zoom in');
    await page.click('[data-testid=lang-switch]');
    expect(cleanOf(watch)).toEqual(CLEAN);
  });
});
