import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LABEL_SIZE, LAYER } from '../../src/map/style';
import { parseTour, type Tour } from '../../src/state/tour/tourFile';
import { readLuohe } from '../helpers/analyse';
import { ROOT } from '../helpers/fixtures';
import { CLEAN, cleanOf, launch, mapIdle, openPage, param, shot } from './browser';

/**
 * Issue 23: the tour in presentation mode (every stop by keyboard, each camera on its target), the projector's
 * screens at 1920×1080 and 1280×720 with the functional areas' labels, swipe, and editing the tour (kept in
 * IndexedDB across a reload and a second tab, exported as tour.json).
 */
const base = inject('baseUrl');
let browser: Browser;
let tour: Tour;
let zoneBoxes: Map<string, [number, number, number, number]>;
let parcelBoxes: Map<string, [number, number, number, number]>;

type Bbox = [number, number, number, number];
const boxOf = (coords: unknown): Bbox => {
  const b: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c: unknown) => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      b[0] = Math.min(b[0], c[0]);
      b[1] = Math.min(b[1], c[1] as number);
      b[2] = Math.max(b[2], c[0]);
      b[3] = Math.max(b[3], c[1] as number);
    } else if (Array.isArray(c)) for (const x of c) walk(x);
  };
  walk(coords);
  return b;
};

beforeAll(async () => {
  browser = await launch();
  const dir = join(ROOT, 'geodata', 'luohe');
  const parsed = parseTour(readFileSync(join(dir, 'tour.json'), 'utf8'));
  expect(parsed.problems).toEqual([]);
  tour = parsed.tour;
  const zones = JSON.parse(readFileSync(join(dir, 'zones.geojson'), 'utf8')) as {
    features: { properties: { id: string }; geometry: { coordinates: unknown } }[];
  };
  zoneBoxes = new Map(zones.features.map((f) => [f.properties.id, boxOf(f.geometry.coordinates)]));
  const ds = await readLuohe();
  parcelBoxes = new Map(ds.parcelList.map((p) => [p.props.id, boxOf(p.geometry.coordinates)]));
});
afterAll(async () => {
  await browser?.close();
});

/** The part of the screen the title, the figures and the legend leave to the map. */
const freeArea = (page: Page) =>
  page.evaluate(() => {
    const r = (s: string) => document.querySelector(s)?.getBoundingClientRect();
    return {
      left: 0,
      top: r('.pres-top')?.bottom ?? 0,
      right: r('.pres-side')?.left ?? window.innerWidth,
      bottom: r('.pres-bottom')?.top ?? window.innerHeight,
    };
  });

/** Waits for the stop `index` to be shown and its flight to end. */
async function landed(page: Page, index: number) {
  await page.waitForSelector(`[data-testid=presentation][data-index="${index}"]`);
  await page.waitForTimeout(120);
  await page.waitForFunction(() => !window.__parkatlas?.map.map.isMoving(), null, { timeout: 30_000 });
  await mapIdle(page);
}

/** Where a box lies on screen (px). */
const projected = (page: Page, b: Bbox) =>
  page.evaluate((b) => {
    const p = window.__parkatlas as NonNullable<typeof window.__parkatlas>;
    const [x0, y1] = p.project([b[0], b[1]]);
    const [x1, y0] = p.project([b[2], b[3]]);
    return { x0, y0, x1, y1 };
  }, b);

/** The stop's camera is on its target: the target's box is in the free part of the screen and fills it one way. */
async function expectOnTarget(page: Page, index: number) {
  const stop = tour.stops[index];
  if (!stop) throw new Error(`no stop ${index}`);
  const free = await freeArea(page);
  if (stop.kind === 'parcel') {
    const b = parcelBoxes.get(stop.parcel as string) as Bbox;
    const p = await projected(page, b);
    const cx = (p.x0 + p.x1) / 2;
    const cy = (p.y0 + p.y1) / 2;
    // the parcel in the middle of the free area, large enough to point at
    expect(Math.abs(cx - (free.left + free.right) / 2), `${stop.id} centre x`).toBeLessThan((free.right - free.left) * 0.05);
    expect(Math.abs(cy - (free.top + free.bottom) / 2), `${stop.id} centre y`).toBeLessThan((free.bottom - free.top) * 0.05);
    expect(p.x1 - p.x0, `${stop.id} width on screen`).toBeGreaterThan(40);
    expect(await page.evaluate(() => new URL(window.location.href).searchParams.get('sel'))).toBe(stop.parcel);
    return;
  }
  const b = stop.bounds ?? (zoneBoxes.get(stop.zone as string) as Bbox);
  const p = await projected(page, b);
  const tol = 3;
  expect(p.x0, `${stop.id} left`).toBeGreaterThanOrEqual(free.left - tol);
  expect(p.x1, `${stop.id} right`).toBeLessThanOrEqual(free.right + tol);
  expect(p.y0, `${stop.id} top`).toBeGreaterThanOrEqual(free.top - tol);
  expect(p.y1, `${stop.id} bottom`).toBeLessThanOrEqual(free.bottom + tol);
  const fill = Math.max((p.x1 - p.x0) / (free.right - free.left), (p.y1 - p.y0) / (free.bottom - free.top));
  expect(fill, `${stop.id} fills the screen`).toBeGreaterThan(0.85);
}

/** The functional-area and zone labels the map placed (MapLibre's own placement), and their text size. */
const placedLabels = (page: Page) =>
  page.evaluate(
    ({ area, zone }) => {
      const m = window.__parkatlas?.map.map;
      if (!m) return { area: [] as string[], zone: [] as string[], areaSize: 0 };
      const inView = (f: { geometry: unknown }) => {
        const [x, y] = (window.__parkatlas as NonNullable<typeof window.__parkatlas>).project((f.geometry as GeoJSON.Point).coordinates as [number, number]);
        return x >= 0 && y >= 0 && x <= innerWidth && y <= innerHeight;
      };
      return {
        area: m
          .queryRenderedFeatures({ layers: [area] })
          .filter(inView)
          .map((f) => String(f.properties.text)),
        zone: m
          .queryRenderedFeatures({ layers: [zone] })
          .filter(inView)
          .map((f) => String(f.properties.text)),
        areaSize: Number(m.getLayoutProperty(area, 'text-size')),
      };
    },
    { area: LAYER.areaLabels, zone: LAYER.zoneLabels },
  );

describe('presentation at 1920×1080', () => {
  it('runs through every stop by keyboard, each camera on its target, and leaves with the view as it was', async () => {
    const { page, watch } = await openPage(browser, `${base}?metric=far`, { width: 1920, height: 1080 });
    await page.click('[data-testid=present]');
    // clickers send PageDown / PageUp; keyboards the arrows and space
    const forward = ['ArrowRight', 'PageDown', ' ', 'ArrowDown'];
    for (let i = 0; i < tour.stops.length; i++) {
      await landed(page, i);
      await expectOnTarget(page, i);
      expect(await page.textContent('[data-testid=pres-count]')).toBe(`${i + 1} / ${tour.stops.length}`);
      expect(await page.textContent('.pres-title')).toBe(tour.stops[i]?.title);
      const id = tour.stops[i]?.id;
      if (id === 'overview' || id === 'jingji' || id === 'wuyang-idle' || id === 'dongcheng-biggest') await shot(page, `presentation-1920-${id}`);
      if (id === 'jingji') {
        const labels = await placedLabels(page);
        expect(labels.area.sort()).toEqual(['发展区', '建成区', '控制区']);
        expect(labels.zone).toContain('经济技术产业集聚区');
        // large type for a room: at least twice the workspace's labels
        expect(labels.areaSize).toBeGreaterThanOrEqual(LABEL_SIZE.area * 2);
        // the zone's key figures, its leading industry's revenue against the plan's target for it (3.2.2)
        const figures = await page.textContent('[data-testid=presentation-figures]');
        expect(figures).toContain('18,937');
        expect(figures).toContain('主导产业营业收入');
        expect(figures).toContain('目标 ≥ 800 亿元');
      }
      if (i < tour.stops.length - 1) await page.keyboard.press(forward[i % forward.length] as string);
    }
    // at the end a further key stays there; Home and End jump; PageUp goes back
    await page.keyboard.press('ArrowRight');
    await landed(page, tour.stops.length - 1);
    await page.keyboard.press('Home');
    await landed(page, 0);
    await expectOnTarget(page, 0);
    await page.keyboard.press('End');
    await landed(page, tour.stops.length - 1);
    await page.keyboard.press('PageUp');
    await landed(page, tour.stops.length - 2);
    await expectOnTarget(page, tour.stops.length - 2);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=presentation]', { state: 'detached' });
    // the workspace as it was: its metric, no zone, no parcel selected, the panels back
    expect(param(page, 'metric')).toBe('far');
    expect(param(page, 'zone')).toBeNull();
    expect(param(page, 'sel')).toBeNull();
    expect(await page.isVisible('[data-testid=tour-panel]')).toBe(true);
    expect(cleanOf(watch)).toEqual(CLEAN);
    await page.close();
  });
});

describe('presentation at 1280×720', () => {
  it('shows the functional areas’ labels in large type, and a swipe turns the page', async () => {
    const { page, watch } = await openPage(browser, base, { width: 1280, height: 720 });
    // from the tour panel's button of stop 2 (the 经济技术 zone)
    await page.click('[data-testid=tour-stops] li:nth-child(2) button[title]');
    await landed(page, 1);
    await expectOnTarget(page, 1);
    await shot(page, 'presentation-1280-jingji');
    const labels = await placedLabels(page);
    expect(labels.area.sort()).toEqual(['发展区', '建成区', '控制区']);
    expect(labels.areaSize).toBeGreaterThanOrEqual(LABEL_SIZE.area * 1.5);
    // the title reads from the back of a room: at least 4 % of the screen's height
    const titlePx = await page.$eval('.pres-title', (e) => Number.parseFloat(getComputedStyle(e).fontSize));
    expect(titlePx).toBeGreaterThanOrEqual(720 * 0.04);
    // a swipe to the left on a touch screen: the next stop
    const cdp = await page.context().newCDPSession(page);
    const touch = async (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y: 360 }] });
    await touch('touchStart', 900);
    await touch('touchMove', 700);
    await touch('touchMove', 500);
    await touch('touchEnd', 500);
    await landed(page, 2);
    await expectOnTarget(page, 2);
    await shot(page, 'presentation-1280-parcel');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=presentation]', { state: 'detached' });
    expect(cleanOf(watch)).toEqual(CLEAN);
    await page.close();
  });
});

describe('editing the tour', () => {
  it('adds the current view, edits, reorders and deletes stops, kept across a reload and in a second tab, exported as tour.json', async () => {
    const { page, watch } = await openPage(browser, `${base}?dataset=e2e-review&zone=linying`, { width: 1440, height: 900 });
    const titles = () => page.$$eval('[data-testid=tour-stops] .tour-stop-title', (els) => els.map((e) => e.textContent));
    const n = tour.stops.length;
    expect(await titles()).toHaveLength(n);
    await page.click('[data-testid=tour-add]');
    await page.waitForSelector('[data-testid=tour-title]');
    expect((await titles()).at(-1)).toBe('临颍产业集聚区');
    await page.fill('[data-testid=tour-title]', '临颍：新视图');
    await page.fill('[data-testid=tour-caption]', '现场说明');
    await page.click('[data-testid=tour-panel] h2');
    await page.waitForFunction(
      (n) => document.querySelector(`[data-testid=tour-stops] li:nth-child(${n}) .tour-stop-title`)?.textContent === '临颍：新视图',
      n + 1,
    );
    // move it up one place, delete the first stop
    await page.click(`[data-testid=tour-stops] li:nth-child(${n + 1}) button[aria-label="上移"]`);
    await page.click('[data-testid=tour-stops] li:nth-child(1) [data-testid=tour-delete]');
    const expected = [...tour.stops.slice(1, n - 1).map((s) => s.title), '临颍：新视图', tour.stops[n - 1]?.title];
    await page.waitForFunction((len) => document.querySelectorAll('[data-testid=tour-stops] li').length === len, expected.length);
    expect(await titles()).toEqual(expected);
    // a second tab sees the edits as they are written
    const second = await page.context().newPage();
    await second.goto(`${base}?dataset=e2e-review`);
    await second.waitForSelector('[data-testid=tour-stops] li');
    await second.waitForFunction((len) => document.querySelectorAll('[data-testid=tour-stops] li').length === len, expected.length);
    await page.click('[data-testid=tour-stops] li:nth-child(1) [data-testid=tour-down]');
    await second.waitForFunction(
      (t) => document.querySelector('[data-testid=tour-stops] li:nth-child(2) .tour-stop-title')?.textContent === t,
      expected[0] as string,
    );
    await second.close();
    // after a reload, the edited tour is still there
    await page.reload();
    await page.waitForSelector('[data-testid=tour-stops] li');
    const afterReload = await titles();
    expect(afterReload).toEqual([expected[1], expected[0], ...expected.slice(2)]);
    // exported as tour.json: a valid tour with the new stop's view
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=tour-export]')]);
    const text = readFileSync((await download.path()) as string, 'utf8');
    const exported = parseTour(text);
    expect(exported.problems).toEqual([]);
    expect(exported.tour.stops.map((s) => s.title)).toEqual(afterReload);
    const added = exported.tour.stops.find((s) => s.title === '临颍：新视图');
    expect(added).toMatchObject({ kind: 'zone', zone: 'linying', caption: '现场说明', metric: 'intensityWanPerMu' });
    expect(added?.bounds).toHaveLength(4);
    // back to the dataset's own tour
    await page.click('[data-testid=tour-reset]');
    await page.waitForFunction((len) => document.querySelectorAll('[data-testid=tour-stops] li').length === len, n);
    await shot(page, 'tour-panel-1440');
    expect(cleanOf(watch)).toEqual(CLEAN);
    await page.close();
  });
});
