import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT } from '../helpers/fixtures';
import { CLEAN, cleanOf, launch, mapIdle, openPage, param, shot } from './browser';

const base = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** A blank map canvas compresses to almost nothing; a drawn one does not (see workspace.e2e.ts). */
const mapPng = (page: import('playwright-core').Page) => page.locator('[data-testid=map] canvas').screenshot();

describe('what the URL asks for that is not there', () => {
  it('?dataset=doesnotexist says the dataset was not found, lists those there are, and shows no as-of date', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}?dataset=doesnotexist`);
    await page.waitForSelector('[data-testid=dataset-not-found]');
    expect(await page.textContent('[data-testid=dataset-not-found] h2')).toBe('未找到数据集“doesnotexist”');
    const listed = await page.locator('[data-testid=dataset-list] a').evaluateAll((as) => as.map((a) => a.getAttribute('data-dataset')));
    expect(listed).toEqual(expect.arrayContaining(['luohe', 'e2e-hostile', 'e2e-tiles', 'e2e-pmtiles', 'e2e-large']));
    expect(await page.textContent('[data-testid=as-of-date]')).toBe('—');
    expect(await page.textContent('body')).not.toContain('not JSON');
    await shot(page, 'url-dataset-not-found-1280');
    // a listed dataset opens from the list
    await page.click('[data-testid=dataset-list] a[data-dataset=luohe]');
    await page.waitForSelector('[data-testid=table]', { timeout: 120_000 });
    expect(await page.textContent('[data-testid=as-of-date]')).toBe('2018-12-31');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('?sel=NOPE and ?cam=200,95,-50 are ignored with a notice: no empty inspector, the map drawn, the URL without them', async () => {
    const { page, watch } = await openPage(browser, `${base}?zone=jingji&sel=NOPE&cam=200,95,-50&r_far=abc~&bogus=1`, { width: 1280, height: 720 });
    await page.waitForSelector('[data-testid=notices]');
    const notices = await page.locator('[data-testid=notices] li').allTextContents();
    expect(notices).toEqual(
      expect.arrayContaining(['本数据集中没有宗地“NOPE”，已忽略。', '链接中的地图视野“200,95,-50”无效，已忽略。', '链接中的参数“bogus”无法识别，已忽略。']),
    );
    expect(notices.length).toBe(4);
    expect(await page.locator('.inspector').count()).toBe(0);
    await mapIdle(page);
    expect((await mapPng(page)).length).toBeGreaterThan(20_000);
    const cam = param(page, 'cam')?.split(',').map(Number) ?? [];
    expect(Math.abs(cam[0] as number)).toBeLessThan(180);
    expect(param(page, 'sel')).toBeNull();
    expect(param(page, 'bogus')).toBeNull();
    expect(param(page, 'zone')).toBe('jingji');
    await shot(page, 'url-notices-1280');
    await page.click('[data-testid=dismiss-notices]');
    expect(await page.locator('[data-testid=notices]').count()).toBe(0);
    expect(cleanOf(watch)).toEqual(CLEAN);
    await page.close();
  });

  it('dist/index.html opened from disk says how to serve the app, in both languages', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(pathToFileURL(join(ROOT, 'dist', 'index.html')).href);
    await page.waitForSelector('[data-testid=file-notice]');
    const text = await page.textContent('[data-testid=file-notice]');
    expect(text).toContain('请通过网页服务器打开');
    expect(text).toContain('Open ParkAtlas through a web server');
    expect(text).toContain('npm run preview');
    await shot(page, 'url-file-protocol-1280');
    await page.close();
  });
});
