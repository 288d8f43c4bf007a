import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pxOfMm, sheetLayout } from '../../src/features/print/sheetLayout';
import { planarAreaM2 } from '../../src/geo/area';
import { readLuohe } from '../helpers/analyse';
import { CLEAN, cleanOf, launch, mapIdle, openPage, SCREENSHOTS, shot, type Watch } from './browser';
import { inkIn, readPpm, sheetBox } from './raster';

/** Issue 23: PNG and PDF exports drawn again off screen, and the measure tool's area of a parcel. */
const base = inject('baseUrl');
let browser: Browser;
let dir: string;
let page: Page;
let watch: Watch;

beforeAll(async () => {
  browser = await launch();
  dir = mkdtempSync(join(tmpdir(), 'parkatlas-export-'));
  ({ page, watch } = await openPage(browser, `${base}?zone=jingji`, { width: 1440, height: 900 }));
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A PNG file's size from its header (IHDR). */
const pngSize = (buf: Buffer) => ({ width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) });

/** The PNG decoded by the browser, shrunk: how many colours, and the share of pixels that are not white. */
const pngInk = (png: Buffer) =>
  page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const c = document.createElement('canvas');
    c.width = 400;
    c.height = Math.round((400 * bmp.height) / bmp.width);
    const ctx = c.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(bmp, 0, 0, c.width, c.height);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set<number>();
    let ink = 0;
    // the columns right of MapLibre's default 4096 px cap (at the image's full size): a silent cap leaves them white
    const capX = Math.floor((4096 / bmp.width) * c.width) + 1;
    let right = 0;
    let rightInk = 0;
    for (let i = 0; i < d.length; i += 4) {
      colours.add(((d[i] as number) >> 3) * 1024 + ((d[i + 1] as number) >> 3) * 32 + ((d[i + 2] as number) >> 3));
      const inked = (d[i] as number) < 245 || (d[i + 1] as number) < 245 || (d[i + 2] as number) < 245;
      if (inked) ink++;
      if ((i / 4) % c.width >= capX) {
        right++;
        if (inked) rightInk++;
      }
    }
    return { colours: colours.size, share: ink / (d.length / 4), beyondCapShare: right ? rightInk / right : null };
  }, png.toString('base64'));

async function exportFile(setup: () => Promise<void>): Promise<{ file: string; result: { width: number; height: number; tiles: number } }> {
  await page.click('[data-testid=print]');
  await page.waitForSelector('[data-testid=export-dialog]');
  await setup();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), page.click('[data-testid=export-run]')]);
  const file = join(dir, download.suggestedFilename());
  await download.saveAs(file);
  const el = await page.waitForSelector('[data-testid=export-result]');
  const result = {
    width: Number(await el.getAttribute('data-width')),
    height: Number(await el.getAttribute('data-height')),
    tiles: Number(await el.getAttribute('data-tiles')),
  };
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid=export-dialog]', { state: 'detached' });
  return { file, result };
}

describe('PNG export', () => {
  it('a custom 5000×3000 image past MapLibre’s 4096 px cap: that many pixels, drawn, not blank', async () => {
    const { file, result } = await exportFile(async () => {
      await page.check('[data-testid=export-format-png]');
      await page.selectOption('[data-testid=export-preset]', 'custom');
      await page.fill('[data-testid=export-width]', '5000');
      await page.fill('[data-testid=export-height]', '3000');
    });
    const png = readFileSync(file);
    expect(pngSize(png)).toEqual({ width: 5000, height: 3000 });
    expect(result).toMatchObject({ width: 5000, height: 3000 });
    const ink = await pngInk(png);
    // the map all over, but for the white band of sources and the north arrow's box
    expect(ink.share).toBeGreaterThan(0.8);
    expect(ink.colours).toBeGreaterThan(40);
    expect(ink.beyondCapShare).toBeGreaterThan(0.8);
  }, 240_000);

  it('drawn in tiles past the GPU’s limit: the same picture as drawn in one piece', async () => {
    // a small tile limit stands for the GPU's (8192 px here, which a poster passes)
    const r = await page.evaluate(async () => {
      const ctrl = window.__parkatlas?.map;
      if (!ctrl) throw new Error('no map');
      const bounds = ctrl.visibleBounds();
      const whole = await ctrl.exportImage({ widthPx: 1200, heightPx: 800, pixelRatio: 1.25, bounds });
      const tiled = await ctrl.exportImage({ widthPx: 1200, heightPx: 800, pixelRatio: 1.25, bounds, maxTilePx: 720 });
      const a = (whole.canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, 1200, 800).data;
      const b = (tiled.canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, 1200, 800).data;
      let diff = 0;
      let differing = 0;
      for (let i = 0; i < a.length; i += 4) {
        const d =
          Math.abs((a[i] as number) - (b[i] as number)) +
          Math.abs((a[i + 1] as number) - (b[i + 1] as number)) +
          Math.abs((a[i + 2] as number) - (b[i + 2] as number));
        diff += d;
        if (d > 60) differing++;
      }
      return {
        tiles: tiled.tiles,
        size: [tiled.canvas.width, tiled.canvas.height],
        meanDiff: diff / (a.length / 4),
        differingShare: differing / (a.length / 4),
      };
    });
    expect(r.tiles).toBe(6);
    expect(r.size).toEqual([1200, 800]);
    expect(r.meanDiff).toBeLessThan(4);
    expect(r.differingShare).toBeLessThan(0.02);
  }, 300_000);
});

describe('PDF export', () => {
  it.each([
    ['A4', 'landscape', '150', '841.89 x 595.276'],
    ['A3', 'portrait', '300', '841.89 x 1190.55'],
  ] as const)(
    '%s %s at %s dpi: one page of that size, the title in Chinese drawn, the map drawn',
    async (paper, orientation, dpi, size) => {
      const { file, result } = await exportFile(async () => {
        await page.selectOption('[data-testid=export-paper]', paper);
        await page.selectOption('[data-testid=export-orientation]', orientation);
        await page.selectOption('[data-testid=export-dpi]', dpi);
      });
      const info = execFileSync('pdfinfo', [file]).toString();
      expect(info).toMatch(/Pages:\s+1\n/);
      expect(info).toMatch(new RegExp(`Page size:\\s+${size} pts \\(${paper}\\)`));
      // the map image drawn at the dpi asked: the map box's millimetres at that resolution
      const layout = sheetLayout(paper, orientation);
      expect(result.width).toBe(pxOfMm(layout.map.w, Number(dpi)));
      expect(result.height).toBe(pxOfMm(layout.map.h, Number(dpi)));
      // the CJK font is in the file, a subset of it (the page weighs less than the 5 MB font): no viewer's own fonts are
      // needed to draw the Chinese, and its text maps back to Unicode
      const fonts = execFileSync('pdffonts', [file]).toString().split('\n').slice(2).filter(Boolean);
      expect(fonts.length).toBeGreaterThan(0);
      for (const f of fonts) expect(f, f).toMatch(/^WenQuanYi\S*\s.*\byes\s+\S+\s+yes\s+\d+/);
      if (paper === 'A4') expect(statSync(file).size).toBeLessThan(2_000_000);
      const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
      for (const s of [
        '园区用地一张图 · 经济技术产业集聚区',
        '投资强度（万元/亩）',
        '评估基准日 2018-12-31',
        '建成区',
        '闲置土地',
        '产业集聚区边界',
        '示例数据',
        '行政区划边界',
        '北',
      ])
        expect(text).toContain(s);
      const stem = join(dir, `${paper}-${orientation}`);
      execFileSync('pdftoppm', ['-r', '40', '-singlefile', file, stem]);
      execFileSync('pdftoppm', ['-r', paper === 'A4' ? '110' : '70', '-png', '-singlefile', file, join(SCREENSHOTS, `export-${paper}-${orientation}`)]);
      const img = readPpm(`${stem}.ppm`);
      // the map box, within its frame: drawn all over, in many colours
      const map = inkIn(img, sheetBox(layout, layout.map, 3));
      expect(map.share).toBeGreaterThan(0.9);
      expect(map.colours).toBeGreaterThan(30);
      // the title's glyphs are drawn (dark ink on white, not a blank line)
      const title = inkIn(img, sheetBox(layout, layout.title));
      expect(title.share).toBeGreaterThan(0.02);
      expect(title.share).toBeLessThan(0.6);
      expect(cleanOf(watch)).toEqual(CLEAN);
    },
    240_000,
  );
});

describe('measure tool', () => {
  it('measures a parcel along its corners to its cadastral area (0.01 %), in m², 亩 and 公顷, from the keyboard too', async () => {
    const ds = await readLuohe();
    // a parcel of one ring in the 经济技术 zone, whole on screen once flown to
    const parcel = ds.parcelList.find((p) => p.props.zoneId === 'jingji' && p.geometry.type === 'Polygon' && p.geometry.coordinates.length === 1);
    if (parcel?.geometry.type !== 'Polygon') throw new Error('no parcel');
    const cadastralM2 = planarAreaM2(parcel.geometry);
    await page.goto(`${base}?zone=jingji&sel=${parcel.props.id}`);
    await page.waitForSelector(`[data-testid=inspector][data-parcel-id="${parcel.props.id}"]`);
    await page.keyboard.press('Escape');
    // zoomed in to the parcel, as one measures it (at the zone's scale its corners lie pixels from its neighbours')
    const ring = parcel.geometry.coordinates[0]?.slice(0, -1) ?? [];
    const xs = ring.map((v) => v[0] as number);
    const ys = ring.map((v) => v[1] as number);
    await page.evaluate(
      (b) => window.__parkatlas?.map.map.fitBounds(b as [number, number, number, number], { padding: 120, duration: 0 }),
      [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
    );
    await mapIdle(page);
    await page.click('[data-testid=measure-toggle]');
    await page.waitForSelector('[data-testid=measure]');
    await page.check('[data-testid=measure-area]');
    const onScreen = await page.evaluate((r) => r.map((ll) => window.__parkatlas?.project(ll as [number, number]) ?? [0, 0]), ring);
    const cx = onScreen.reduce((a, p) => a + (p[0] as number), 0) / onScreen.length;
    const cy = onScreen.reduce((a, p) => a + (p[1] as number), 0) / onScreen.length;
    const box = await page.locator('[data-testid=map]').boundingBox();
    for (const [x, y] of onScreen as [number, number][]) {
      // a click 4 px off the corner, inside the parcel (outside, a neighbour's corner across the road may be nearer):
      // it snaps to the corner itself
      const d = Math.hypot(cx - x, cy - y);
      await page.mouse.click((box?.x ?? 0) + x + (4 * (cx - x)) / d, (box?.y ?? 0) + y + (4 * (cy - y)) / d);
    }
    await page.waitForFunction((n) => document.querySelector('[data-testid=measure-result]')?.getAttribute('data-points') === String(n), ring.length);
    const measured = Number(await page.getAttribute('[data-testid=measure-result]', 'data-area-m2'));
    expect(Math.abs(measured - cadastralM2) / cadastralM2).toBeLessThan(1e-4);
    const shown = await page.textContent('[data-testid=measure-result]');
    expect(shown).toContain('平方米');
    expect(shown).toContain('亩');
    expect(shown).toContain('公顷');
    expect(await page.textContent('[data-testid=measure]')).toContain('高斯-克吕格');
    await page.screenshot({ path: join(SCREENSHOTS, 'measure-area-1440.png') });
    // the keyboard: Backspace takes the last point back, Enter adds the crosshair's, distance mode measures a path
    await page.keyboard.press('Backspace');
    await page.waitForFunction((n) => document.querySelector('[data-testid=measure-result]')?.getAttribute('data-points') === String(n), ring.length - 1);
    await page.check('[data-testid=measure-distance]');
    await page.click('[data-testid=measure-clear]');
    await page.focus('.maplibregl-canvas');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => !window.__parkatlas?.map.map.isMoving());
    await page.waitForTimeout(400);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('[data-testid=measure-result]')?.getAttribute('data-points') === '2');
    expect(Number(await page.getAttribute('[data-testid=measure-result]', 'data-length-m'))).toBeGreaterThan(1);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=measure]', { state: 'detached' });
    expect(cleanOf(watch)).toEqual(CLEAN);
  });
});

describe('the dialog and the tool on other screens', () => {
  it('the export dialog whole on 1440×900 and 1280×720, from the keyboard; the measure tool on a 390×844 phone', async () => {
    const dialogFits = async (p: Page, name: string, width: number, height: number) => {
      await p.click('[data-testid=print]');
      const dialog = await p.waitForSelector('[data-testid=export-dialog]');
      const b = await dialog.boundingBox();
      expect(b && b.x >= 0 && b.y >= 0 && b.x + b.width <= width && b.y + b.height <= height, JSON.stringify(b)).toBe(true);
      // the dialog takes the focus, keeps it on Tab, and Escape closes it
      expect(await p.evaluate(() => document.activeElement?.closest('[data-testid=export-dialog]') != null)).toBe(true);
      await p.keyboard.press('Tab');
      expect(await p.evaluate(() => document.activeElement?.closest('[data-testid=export-dialog]') != null)).toBe(true);
      await shot(p, name);
      await p.keyboard.press('Escape');
      await p.waitForSelector('[data-testid=export-dialog]', { state: 'detached' });
    };
    await page.goto(`${base}?zone=jingji`);
    await mapIdle(page);
    await dialogFits(page, 'export-dialog-1440', 1440, 900);
    const small = await openPage(browser, `${base}?zone=jingji`, { width: 1280, height: 720 });
    await dialogFits(small.page, 'export-dialog-1280', 1280, 720);
    await small.page.close();

    // (opened with the table's drawer, which says the data are in; Escape closes it onto the map)
    const phone = await openPage(browser, `${base}?zone=jingji&drawer=table`, { width: 390, height: 844 });
    await phone.page.keyboard.press('Escape');
    await phone.page.waitForSelector('[data-testid=table]', { state: 'detached' });
    await mapIdle(phone.page);
    await phone.page.click('[data-testid=measure-toggle]');
    const panel = await phone.page.waitForSelector('[data-testid=measure]');
    const b = await panel.boundingBox();
    expect(b && b.x >= 0 && b.x + b.width <= 390 && b.y + b.height <= 844, JSON.stringify(b)).toBe(true);
    // the map below the panel is left to click on: a tap there adds a point
    const map = await phone.page.locator('[data-testid=map]').boundingBox();
    const free = { x: (map?.x ?? 0) + (map?.width ?? 0) / 2, y: Math.max((b?.y ?? 0) + (b?.height ?? 0) + 40, (map?.y ?? 0) + 40) };
    expect(free.y).toBeLessThan((map?.y ?? 0) + (map?.height ?? 0) - 40);
    await phone.page.mouse.click(free.x, free.y);
    await phone.page.waitForFunction(() => document.querySelector('[data-testid=measure-result]')?.getAttribute('data-points') === '1');
    await shot(phone.page, 'measure-390');
    expect(cleanOf(small.watch)).toEqual(CLEAN);
    expect(cleanOf(phone.watch)).toEqual(CLEAN);
    await phone.page.close();
  }, 240_000);
});
