import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CLEAN, cleanOf, launch, openPage, SCREENSHOTS, type Watch } from './browser';

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

/** A binary PPM (P6), as pdftoppm writes it: width, height and RGB bytes. */
function readPpm(file: string): { width: number; height: number; rgb: Buffer } {
  const buf = readFileSync(file);
  const header = buf.subarray(0, 40).toString('latin1').split(/\s+/);
  const [, w, h, max] = header;
  const headerLength = buf.indexOf(Buffer.from(`${max}\n`), 2) + `${max}\n`.length;
  return { width: Number(w), height: Number(h), rgb: buf.subarray(headerLength) };
}

/** In a box of the page (fractions of its size): the share of pixels that are not paper white, and how many colours. */
function inkIn(img: ReturnType<typeof readPpm>, box: { x0: number; y0: number; x1: number; y1: number }) {
  let ink = 0;
  let n = 0;
  const colours = new Set<number>();
  for (let y = Math.floor(box.y0 * img.height); y < box.y1 * img.height; y++)
    for (let x = Math.floor(box.x0 * img.width); x < box.x1 * img.width; x++) {
      const i = (y * img.width + x) * 3;
      const [r, g, b] = [img.rgb[i] as number, img.rgb[i + 1] as number, img.rgb[i + 2] as number];
      n++;
      if (r < 245 || g < 245 || b < 245) ink++;
      colours.add((r >> 3) * 1024 + (g >> 3) * 32 + (b >> 3));
    }
  return { share: ink / n, colours: colours.size };
}

describe('browser print', () => {
  it.each([
    ['landscape', true],
    ['portrait', false],
  ])('A4 %s: the map as drawn, with its legend, title and as-of date', async (name, landscape) => {
    const pdf = join(dir, `${name}.pdf`);
    await page.pdf({ path: pdf, format: 'A4', landscape, printBackground: true });
    execFileSync('pdftoppm', ['-r', '50', '-singlefile', pdf, join(dir, name)]);
    execFileSync('pdftoppm', ['-r', '80', '-png', '-singlefile', pdf, join(SCREENSHOTS, `print-a4-${name}`)]);
    const img = readPpm(join(dir, `${name}.ppm`));
    // the map lies below the header, across the page: drawn, it is inked nearly all over and in many colours (a blank
    // canvas prints as white paper)
    const map = inkIn(img, landscape ? { x0: 0.1, y0: 0.2, x1: 0.9, y1: 0.6 } : { x0: 0.1, y0: 0.1, x1: 0.9, y1: 0.28 });
    expect(map.share).toBeGreaterThan(0.9);
    expect(map.colours).toBeGreaterThan(40);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
    for (const s of ['园区用地一张图', '经济技术产业集聚区', '2018-12-31', '投资强度（万元/亩）', '建成区', '闲置土地', 'District boundaries'])
      expect(text).toContain(s);
    // no controls or panels in the print
    for (const s of ['打印地图', '数据问题', '清除筛选']) expect(text).not.toContain(s);
    expect(cleanOf(watch)).toEqual(CLEAN);
    // after printing, the page is as it was: the map canvas, no copy left in it
    expect(await page.locator('[data-testid=print-map]').count()).toBe(0);
  });
});
