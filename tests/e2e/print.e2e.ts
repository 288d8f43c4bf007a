import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Orientation, type Paper, sheetLayout } from '../../src/features/print/sheetLayout';
import { parseTour } from '../../src/state/tour/tourFile';
import { ROOT } from '../helpers/fixtures';
import { CLEAN, cleanOf, launch, openPage, SCREENSHOTS, type Watch } from './browser';
import { inkIn, readPpm, sheetBox } from './raster';

const base = inject('baseUrl');
let browser: Browser;
let dir: string;
let page: Page;
let watch: Watch;

beforeAll(async () => {
  browser = await launch();
  dir = mkdtempSync(join(tmpdir(), 'parkatlas-print-'));
  ({ page, watch } = await openPage(browser, `${base}?zone=jingji`, { width: 1440, height: 900 }));
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser print', () => {
  /** The page the browser prints (its own page size, the print stylesheet's), rasterised; checked against its layout. */
  async function printed(name: string, paper: Paper, orientation: Orientation) {
    const pdf = join(dir, `${name}.pdf`);
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    const info = execFileSync('pdfinfo', [pdf]).toString();
    expect(info).toMatch(/Pages:\s+1\n/);
    const layout = sheetLayout(paper, orientation);
    const pts = (mm: number) => (mm / 25.4) * 72;
    const size = info.match(/Page size:\s+([\d.]+) x ([\d.]+) pts/);
    expect(Number(size?.[1])).toBeCloseTo(pts(layout.widthMm), 0);
    expect(Number(size?.[2])).toBeCloseTo(pts(layout.heightMm), 0);
    execFileSync('pdftoppm', ['-r', '50', '-singlefile', pdf, join(dir, name)]);
    execFileSync('pdftoppm', ['-r', '80', '-png', '-singlefile', pdf, join(SCREENSHOTS, `print-a4-${name}`)]);
    const img = readPpm(join(dir, `${name}.ppm`));
    // the map in its box of the sheet: drawn, it is inked nearly all over and in many colours (a blank canvas prints as
    // white paper)
    const map = inkIn(img, sheetBox(layout, layout.map, 3));
    expect(map.share).toBeGreaterThan(0.9);
    expect(map.colours).toBeGreaterThan(40);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
    for (const s of ['园区用地一张图', '经济技术产业集聚区', '2018-12-31', '投资强度（万元/亩）', '建成区', '闲置土地', '行政区划边界', '北', '示例数据'])
      expect(text).toContain(s);
    // no controls or panels in the print
    for (const s of ['打印 / 导出', '数据问题', '清除筛选', '开始演示']) expect(text).not.toContain(s);
    expect(cleanOf(watch)).toEqual(CLEAN);
    // after printing, the page is as it was: the map canvas, no copy left in it
    expect(await page.locator('[data-testid=print-map]').count()).toBe(0);
  }

  it('Ctrl+P: the map as drawn on an A4 landscape sheet, with its legend, title, scale, north arrow and sources', async () => {
    await printed('landscape', 'A4', 'landscape');
  });

  it('打印… in the dialog, A4 portrait: the map drawn again for the paper, and Ctrl+P keeps that paper', async () => {
    // the browser's print dialog cannot be driven headless: the page's call is counted, and the page printed as the
    // browser prints it
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    await page.click('[data-testid=print]');
    await page.selectOption('[data-testid=export-paper]', 'A4');
    await page.selectOption('[data-testid=export-orientation]', 'portrait');
    await page.selectOption('[data-testid=export-dpi]', '150');
    await page.click('[data-testid=export-print]');
    await page.waitForFunction(() => (window as unknown as { printed: number }).printed === 1, null, { timeout: 60_000 });
    await page.keyboard.press('Escape');
    await printed('portrait', 'A4', 'portrait');
    // Ctrl+P again: the paper last chosen
    await printed('portrait-again', 'A4', 'portrait');
  });

  it('打印指标清单: every stop of the tour with its key figures and targets, on A4', async () => {
    const tour = parseTour(readFileSync(join(ROOT, 'geodata', 'luohe', 'tour.json'), 'utf8')).tour;
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    await page.click('[data-testid=tour-figures]');
    await page.waitForFunction(() => (window as unknown as { printed: number }).printed === 1);
    await page.waitForSelector('[data-testid=figure-list]', { state: 'attached' });
    const pdf = join(dir, 'figures.pdf');
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    execFileSync('pdftoppm', ['-r', '80', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, join(SCREENSHOTS, 'print-figure-list')]);
    const info = execFileSync('pdfinfo', [pdf]).toString();
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    // in the order drawn (cell by cell; a title wraps within its cell), compared without spaces and line breaks
    const text = execFileSync('pdftotext', ['-raw', pdf, '-']).toString().replace(/\s+/g, '');
    expect(text).toContain('漯河市产业集聚区现场观摩');
    for (const s of tour.stops) expect(text, s.id).toContain(s.title.replace(/\s+/g, ''));
    for (const s of ['用地面积', '投资强度', '闲置土地占比', '低效用地占比', '目标≥800亿元', '示例数据', '评估基准日2018-12-31']) expect(text).toContain(s);
    // the workspace is not printed with it
    for (const s of ['数据问题', '清除筛选', '开始演示']) expect(text).not.toContain(s);
    expect(cleanOf(watch)).toEqual(CLEAN);
  });
});
