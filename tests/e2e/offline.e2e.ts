import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYER } from '../../src/map/style';
import { ROOT } from '../helpers/fixtures';
import { CHROMIUM_ARGS, CONTENT_TYPES, mapIdle, SCREENSHOTS, STRICT_CSP } from './browser';

/**
 * Issue 23: offline after one visit. dist/ is served under the strict Content-Security-Policy of docs/security.md; once
 * the service worker has stored the app, the server is shut down, and a second load — every request outside the
 * page's cache failing — still draws the map and runs the tour.
 */
const DIST = join(ROOT, 'dist');
let browser: Browser;
let server: Server;
const sockets = new Set<Socket>();
let url: string;
const requests: string[] = [];

/**
 * A dataset added on the server after the first visit, as a presenter adds one (a folder copied into dist/ and
 * `npm run index:datasets -- dist`, no new build): served from a copy of the 漯河 folder, listed in datasets.json once
 * `added` is set.
 */
const ADDED = 'e2e-added';
let added = false;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    const headers = (file: string) => ({ 'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': STRICT_CSP });
    if (path === '/datasets.json' && added) {
      const index = JSON.parse(readFileSync(join(DIST, 'datasets.json'), 'utf8'));
      index.push({ id: ADDED, name: '后来加入的数据集', nameEn: 'A dataset added later' });
      res.writeHead(200, headers(path)).end(JSON.stringify(index));
      return;
    }
    const served = added && path.startsWith(`/${ADDED}/`) ? `/luohe/${path.slice(ADDED.length + 2)}` : path;
    const file = normalize(join(DIST, served.endsWith('/') ? `${served}index.html` : served));
    if (!file.startsWith(DIST) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, headers(file));
    res.end(readFileSync(file));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe('offline after one visit', () => {
  it('with the network gone, a reload draws the map and runs the tour, and a dataset added later opens too, under the strict CSP', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // every violation of the policy, the service worker's included, reported to the page
    await page.addInitScript(() => {
      (window as unknown as { __csp: string[] }).__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const drawn = (layer: string) => page.evaluate((l) => window.__parkatlas?.map.map.queryRenderedFeatures({ layers: [l] }).length ?? 0, layer);
    const ready = async () => {
      await page.waitForSelector('[data-testid=table]', { timeout: 120_000 });
      await mapIdle(page);
    };

    await page.goto(url);
    await ready();
    // the first visit: the service worker stores the app; the page says so
    await page.waitForSelector('[data-testid=offline-status][data-status=ready]', { timeout: 120_000 });
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/sw\.js$/);
    const rowsOnline = await page.evaluate(() => window.__parkatlas?.rowIds().length ?? 0);
    expect(rowsOnline).toBeGreaterThan(100);

    // a dataset put on the server after that visit is listed and opens (the stored app does not hide it), once
    added = true;
    await page.goto(`${url}?dataset=${ADDED}`);
    await ready();
    expect(await drawn(LAYER.parcelsFill)).toBeGreaterThan(100);

    // the network is gone: the server shut down and the browser offline
    server.close();
    for (const s of sockets) s.destroy();
    await context.setOffline(true);
    const before = requests.length;

    await page.reload();
    await ready();
    expect(new URL(page.url()).searchParams.get('dataset')).toBe(ADDED);
    expect(await page.evaluate(() => window.__parkatlas?.rowIds().length ?? 0)).toBe(rowsOnline);
    expect(await drawn(LAYER.parcelsFill)).toBeGreaterThan(100);

    await page.goto(url);
    await ready();
    expect(requests.length, 'requests that reached the server').toBe(before);
    // a dataset never opened is not there
    expect(
      await page.evaluate(() =>
        fetch('e2e-hostile/dataset.json').then(
          () => 'fetched',
          () => 'failed',
        ),
      ),
    ).toBe('failed');
    expect(await page.evaluate(() => window.__parkatlas?.rowIds().length ?? 0)).toBe(rowsOnline);
    expect(await drawn(LAYER.parcelsFill)).toBeGreaterThan(100);
    expect(await drawn(LAYER.areasFill)).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'offline-workspace-1280.png') });

    // the tour runs: its first three stops, each drawn
    await page.click('[data-testid=present]');
    for (let i = 0; i < 3; i++) {
      await page.waitForSelector(`[data-testid=presentation][data-index="${i}"]`);
      await page.waitForTimeout(120);
      await page.waitForFunction(() => !window.__parkatlas?.map.map.isMoving(), null, { timeout: 30_000 });
      await mapIdle(page);
      expect(await drawn(LAYER.parcelsFill)).toBeGreaterThan(0);
      if (i === 1) await page.screenshot({ path: join(SCREENSHOTS, 'offline-presentation-1280.png') });
      await page.keyboard.press('ArrowRight');
    }
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=presentation]', { state: 'detached' });
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
