import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LAYER } from '../../src/map/style';
import { analyseLuohe } from '../helpers/analyse';
import { ROOT } from '../helpers/fixtures';
import { CONTENT_TYPES, launch, openPage, SCREENSHOTS, STRICT_CSP, type Watch } from './browser';
import { TRUNCATED_AT } from './globalSetup';

/**
 * Issue 18 in the built app: a strict Content-Security-Policy, and datasets whose dataset.json points outside their
 * folder, names a file that is not there, or whose parcels file is cut short (made by globalSetup).
 */
const base = inject('baseUrl');
const DIST = join(ROOT, 'dist');
let browser: Browser;
let luoheIds: string[];

beforeAll(async () => {
  browser = await launch();
  luoheIds = (await analyseLuohe()).parcels.map((p) => p.id);
});
afterAll(async () => {
  await browser?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
const tableRows = async (page: Page) => Number(await page.getAttribute('[data-testid=table]', 'data-rows'));
const rendered = (page: Page, layer: string) => page.evaluate((l) => window.__parkatlas?.map.map.queryRenderedFeatures({ layers: [l] }).length ?? 0, layer);
async function problemsText(page: Page): Promise<string> {
  await page.click('[data-testid=problems-button]');
  return (await page.textContent('[data-testid=problems]')) ?? '';
}
function expectNothingLeft(watch: Watch) {
  expect(watch.offHost, 'requests that left localhost').toEqual([]);
  expect(watch.dialogs).toEqual([]);
}

/**
 * dist/ served with a CSP header on every response (the page, its scripts, its workers) and a report-uri: the browser
 * posts every violation there, those of workers included, which the page's console does not see. A path `hangUp`
 * names is answered by closing the connection: a file that cannot be reached.
 */
function cspServer(csp: string, hangUp: (path: string) => boolean = () => false): Promise<{ url: string; reports: unknown[]; server: Server }> {
  const reports: unknown[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (req.method === 'POST' && path === '/csp-report') {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        reports.push(JSON.parse(body));
        res.end();
      });
      return;
    }
    if (hangUp(path)) {
      req.socket.destroy();
      return;
    }
    const file = normalize(join(DIST, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(DIST) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': `${csp}; report-uri /csp-report`,
    });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, reports, server })),
  );
}

describe('the built app under a strict Content-Security-Policy', () => {
  it('ships no script as a data: URL, and the helper MapLibre’s workers import is a module file', () => {
    const assets = readdirSync(join(DIST, 'assets'));
    for (const f of assets.filter((a) => /\.(m?js|css|html)$/.test(a))) {
      expect(readFileSync(join(DIST, 'assets', f), 'utf8'), f).not.toMatch(/data:(text|application)\/javascript;base64/);
    }
    expect(assets.some((a) => /^layerProtocol\.worker-.+\.mjs$/.test(a))).toBe(true);
  });

  it('draws the map, parcels and all, with no violation under the strict CSP (no blob: or data: read, no eval)', async () => {
    const { url, reports, server } = await cspServer(STRICT_CSP);
    try {
      const { page, watch } = await openPage(browser, url);
      expect(await rendered(page, LAYER.parcelsFill)).toBeGreaterThan(0);
      expect(await rendered(page, LAYER.areasFill)).toBeGreaterThan(0);
      expect(await tableRows(page)).toBe(luoheIds.length);
      await shot(page, 'hostile-csp-map');
      expect(watch.errors, 'console errors').toEqual([]);
      expect(reports, 'CSP violations reported').toEqual([]);
      expectNothingLeft(watch);
      await page.close();
    } finally {
      server.close();
    }
  });
});

describe('datasets that point elsewhere, name missing files or are cut short', () => {
  it('dataset.json with URLs, a javascript: path, an absolute path and ../: nothing is fetched, each member is named, the parcels load', async () => {
    const { page, watch } = await openPage(browser, `${base}?dataset=e2e-offorigin`);
    expect(await tableRows(page)).toBe(luoheIds.length);
    expect(await rendered(page, LAYER.parcelsFill)).toBeGreaterThan(0);
    const text = await problemsText(page);
    for (const member of ['layers.zones', 'layers.areas', 'layers.constraints', 'layers.boundaries', 'layers.parcelTiles.path']) expect(text).toContain(member);
    expect(text).toContain('不能是网址');
    expect(text).toContain('不能含有 ".." 或 "."');
    expect(text).toContain('不能是绝对路径');
    expect(text).not.toContain('Failed to fetch');
    await shot(page, 'hostile-offorigin-problems');
    expectNothingLeft(watch);
    expect(watch.errors).toEqual([]);
    await page.close();
  });

  it('a layer that is not there is "not found" (not "Unexpected token"), one that cannot be reached a problem of its own; the rest loads', async () => {
    // `vite preview` answers a path it has no file for with the app's page: not the file, so not found
    const { page, watch } = await openPage(browser, `${base}?dataset=e2e-missing`);
    expect(await tableRows(page)).toBe(luoheIds.length);
    const text = await problemsText(page);
    expect(text).toContain('layers.zones');
    expect(text).toContain('no-such-zones.geojson 不存在');
    expect(text).not.toContain('Unexpected token');
    await shot(page, 'hostile-missing-problems');
    expectNothingLeft(watch);
    await page.close();
    // a server that closes the connection on one layer
    const { url, server } = await cspServer(STRICT_CSP, (path) => path.endsWith('/e2e-missing/constraints.geojson'));
    try {
      const unreachable = await openPage(browser, `${url}?dataset=e2e-missing`);
      expect(await tableRows(unreachable.page)).toBe(luoheIds.length);
      const problems = await problemsText(unreachable.page);
      expect(problems).toContain('layers.constraints');
      expect(problems).toContain('constraints.geojson 无法读取');
      expectNothingLeft(unreachable.watch);
      await unreachable.page.close();
    } finally {
      server.close();
    }
  });

  it('a dataset the index lists but whose folder is gone says dataset.json was not found, not "Unexpected token"', async () => {
    // (a dataset the index does not list is told apart before anything is read: tests/e2e/url.e2e.ts); here the index
    // is stale, so the app asks for dataset.json, and the server answers with its page, which is not the file
    const indexFile = join(DIST, 'datasets.json');
    const index = readFileSync(indexFile, 'utf8');
    writeFileSync(indexFile, JSON.stringify([...JSON.parse(index), { id: 'e2e-gone', name: 'e2e-gone', nameEn: 'e2e-gone' }]));
    try {
      const page = await browser.newPage();
      await page.goto(`${base}?dataset=e2e-gone`);
      await page.waitForSelector('[data-testid=problems-button]', { timeout: 60_000 });
      // the count follows the load's problems a moment after the button shows: polled for as long as a load may take
      await expect.poll(async () => (await page.textContent('[data-testid=problems-button]')) ?? '', { timeout: 60_000 }).toContain('1');
      const text = await problemsText(page);
      expect(text).toContain('数据集文件夹中没有 dataset.json');
      expect(text).not.toContain('Unexpected token');
      await page.close();
    } finally {
      writeFileSync(indexFile, index);
    }
  });

  it('a parcels file cut short inside a feature keeps every complete feature before the cut', async () => {
    const bytes = readFileSync(join(ROOT, 'geodata', 'luohe', 'parcels.geojson'));
    const cut = bytes.subarray(0, Math.floor(bytes.length * TRUNCATED_AT)).toString('utf8');
    // the features that begin before the cut, but the last, which the cut is inside
    const complete = cut.split('{"type":"Feature"').length - 2;
    expect(complete).toBeGreaterThan(1000);
    const { page, watch } = await openPage(browser, `${base}?dataset=e2e-truncated`);
    expect(await tableRows(page)).toBe(complete);
    expect((await page.evaluate(() => window.__parkatlas?.rowIds() ?? [])).sort()).toEqual(luoheIds.slice(0, complete).sort());
    const text = await problemsText(page);
    expect(text).toContain('parcels.geojson');
    expect(text).toContain(`之前完整的 ${complete} 个要素照常读取`);
    await shot(page, 'hostile-truncated');
    expectNothingLeft(watch);
    await page.close();
  });
});
